//! `#[wx_endpoint]`: declare a WeChat endpoint once; get its request and response types,
//! constructor and setters, `impl ::wx_core::Endpoint` and rustdoc.
//!
//! ```ignore
//! /// Create a ticket for a parametric QR code.
//! #[wx_endpoint(POST "/cgi-bin/qrcode/create", app = oa,
//!               doc = "https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html")]
//! pub mod create_qrcode {
//!     pub struct Request {
//!         /// Seconds until a temporary code expires.
//!         pub expire_seconds: Option<u32>,
//!         pub action_name: super::QrActionName,
//!         pub action_info: super::ActionInfo,
//!     }
//!     pub struct Response {
//!         pub ticket: String,
//!         pub expire_seconds: Option<u32>,
//!         pub url: String,
//!     }
//! }
//! ```
//!
//! Options: `app = oa | mp | both` (required), `doc = "https://..."` (required),
//! `auth = token | none | app_credentials` (default `token`), `host = api | mp` (default
//! `api`), `response = json | bytes | json_or_bytes` (default `json`), `validate = path`.
//! Field options: `#[wx(query)]`, `#[wx(rename = "...")]`, `#[wx(default)]`, and on replies
//! `#[wx(alias = "...")]`. The logic lives in `wx-codegen`.

use proc_macro::TokenStream;

#[proc_macro_attribute]
pub fn wx_endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    wx_codegen::expand_endpoint(args.into(), item.into()).into()
}
