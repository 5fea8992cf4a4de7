//! `#[wx_endpoint]`: declare a WeChat endpoint once; get its request and response types,
//! constructor and setters, `impl ::wx_core::Endpoint` and rustdoc.
//!
//! Users reach the macro as `wx_api::wx_endpoint`; the logic lives in `wx-codegen`, which
//! `cargo xtask codegen` also uses to write `docs/ENDPOINTS.md` from the same declarations.
//!
//! # A declaration
//!
//! ```ignore
//! use wx_api::wx_endpoint;
//!
//! /// Create a ticket for a parametric QR code.
//! #[wx_endpoint(POST "/cgi-bin/qrcode/create", app = oa,
//!               doc = "https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html")]
//! pub mod create {
//!     /// What the code encodes.
//!     pub struct Request {
//!         /// Seconds until a temporary code expires.
//!         pub expire_seconds: Option<u32>,
//!         /// Temporary or permanent, numeric or string scene.
//!         pub action_name: super::QrActionName,
//!         /// The scene.
//!         pub action_info: super::ActionInfo,
//!     }
//!     /// The ticket.
//!     pub struct Response {
//!         /// Exchanged for the image at `showqrcode`.
//!         pub ticket: String,
//!         /// Seconds the code stays valid (temporary codes only).
//!         pub expire_seconds: Option<u32>,
//!         /// The URL the code encodes.
//!         pub url: String,
//!     }
//! }
//! ```
//!
//! The module holds `pub struct Request` (named fields, or `{}`) and `pub struct Response`
//! (named fields; `{}` or `;` for a reply that is only `errcode`/`errmsg`; or an enum of
//! named-field and unit variants, e.g. with `#[serde(untagged)]`). Anything else in the
//! module (helper types, `use`s, `impl Request` blocks with typed constructors) is kept as
//! written. `Request`/`Response` must not derive `Debug`, `Clone`, `Serialize` or
//! `Deserialize` (the macro does) and cannot be generic.
//!
//! # What is generated
//!
//! - The module's and `Request`'s docs: the user's doc comments, then a summary line
//!   (method, full URL, auth, body, reply, app kind, link to the official page).
//! - `Request`: `Debug`, `Clone`, `Serialize` (JSON bodies); `Request::new(required fields)`
//!   (unless `new = false`); one setter per `Option` field, as visible as the field, whose
//!   doc is the field's doc followed by "Sets the optional `name`.".
//! - `Response`: `Debug`, `Clone`, `Deserialize`, `#[non_exhaustive]` (an enum's variants
//!   too), so that a reply field added later is not a breaking change; the user's doc
//!   comments, or "The reply of `METHOD URL`." when there are none; and
//!   `Response::from_json(&str) -> Result<Response, wx_core::Error>`, which decodes a reply
//!   exactly as the client does (`errcode` envelope first). `from_json` is how code outside
//!   the declaring crate makes a `Response`, e.g. a test's canned reply:
//!
//!   ```ignore
//!   let reply = wx_api::oa::qrcode::create::Response::from_json(
//!       r#"{"ticket":"gQH47joAAAAAAAAAASxodHRw","expire_seconds":60,"url":"http://weixin.qq.com/q/x"}"#,
//!   )?;
//!   ```
//! - `impl wx_core::Endpoint for Request`, with the endpoint's `EndpointMeta`.
//!
//! Fields and variants keep their doc comments, so documenting the declaration is all that
//! `#![deny(missing_docs)]` asks for.
//!
//! # `#[wx_endpoint(...)]` options
//!
//! The method and path come first, then `option = value` pairs in any order:
//!
//! | option | values | default |
//! |---|---|---|
//! | `METHOD "/path"` | `GET` or `POST`, then the path: starts with `/`, no query string | required, first |
//! | `app` | `oa` (Official Account), `wxa` (Mini Program), `both` | required |
//! | `doc` | `"https://..."`: the official documentation page | required |
//! | `auth` | `token`, `none`, `app_credentials`, `app_id`, `user_token` | `token` |
//! | `host` | `"api.weixin.qq.com"`, `"mp.weixin.qq.com"` | `"api.weixin.qq.com"` |
//! | `response` | `json`, `bytes`, `json_or_bytes` | `json` |
//! | `validate` | path of a `fn(&Request) -> Result<(), ValidationError>` | none |
//! | `new` | `true`, `false` | `true` |
//!
//! **`METHOD "/path"`**: a `GET` has no body, so all its `Request` fields are
//! `#[wx(query)]`; a `POST` sends its other fields as a JSON object, or as
//! `multipart/form-data` when one of them is `#[wx(file)]`.
//!
//! ```ignore
//! #[wx_endpoint(GET "/cgi-bin/user/info", app = oa, doc = "https://developers.weixin.qq.com/...")]
//! ```
//!
//! **`app`**: which kind of app may send it; the client of the other kind does not compile
//! with it (`Client<OfficialAccount>` sends `oa` and `both`, `Client<MiniProgram>` sends
//! `wxa` and `both`).
//!
//! ```ignore
//! #[wx_endpoint(POST "/cgi-bin/message/subscribe/send", app = wxa, doc = "https://developers.weixin.qq.com/...")]
//! #[wx_endpoint(GET "/cgi-bin/token", app = both, auth = none, doc = "https://developers.weixin.qq.com/...")]
//! ```
//!
//! **`doc`**: the official page, linked from the generated docs and `docs/ENDPOINTS.md`.
//!
//! **`auth`**: `token` appends `access_token=...` (and refreshes it on the token errcodes);
//! `none` sends nothing (the token endpoints, which carry their credentials as fields);
//! `app_credentials` appends the client's `appid` and `secret` — with a `code` field, this is
//! the appid + secret + code exchange (`jscode2session`, `sns/oauth2/access_token`); the client
//! never resends such a request, since the code works once; `app_id` appends only the
//! `appid` (the OAuth refresh, whose refresh token is a `::wx_core::RefreshToken` field);
//! `user_token` adds nothing: the request carries a *user's* OAuth token as
//! `#[wx(query)] access_token: ::wx_core::UserToken` (redacted in Debug, logs and errors,
//! shown as `ACCESS_TOKEN` by `wire::render`), the app's token cache is never touched, and a
//! rejected user token is `Error::UserTokenInvalid`, not an app-token refresh.
//!
//! Misuse is a compile error: a `Request` field that duplicates what the mode adds
//! (`access_token` under `token`, `appid`/`secret` under `app_credentials`, `appid` under
//! `app_id`), `user_token` without a required `access_token: ::wx_core::UserToken` field, or a
//! `UserToken` field under another mode.
//!
//! ```ignore
//! #[wx_endpoint(GET "/sns/jscode2session", app = wxa, auth = app_credentials, doc = "https://developers.weixin.qq.com/...")]
//! #[wx_endpoint(GET "/sns/oauth2/refresh_token", app = oa, auth = app_id, doc = "https://developers.weixin.qq.com/...")]
//! #[wx_endpoint(GET "/sns/userinfo", app = oa, auth = user_token, doc = "https://developers.weixin.qq.com/...")]
//! pub mod get_user_info {
//!     pub struct Request {
//!         #[wx(query)]
//!         pub access_token: ::wx_core::UserToken,
//!         #[wx(query)]
//!         pub openid: String,
//!     }
//!     pub struct Response { pub openid: String }
//! }
//! ```
//!
//! **`host`**: where the path lives; almost everything is on `api.weixin.qq.com`.
//!
//! ```ignore
//! #[wx_endpoint(GET "/cgi-bin/showqrcode", app = oa, auth = none, host = "mp.weixin.qq.com",
//!     response = bytes, doc = "https://developers.weixin.qq.com/...")]
//! ```
//!
//! **`response`**: `json` decodes `Response`; `bytes` returns `wx_core::Binary` (the module
//! then declares no `Response`); `json_or_bytes` returns `wx_core::JsonOrBytes<Response>`,
//! for endpoints that answer some requests with a file and others with JSON.
//!
//! ```ignore
//! #[wx_endpoint(POST "/cgi-bin/material/get_material", app = oa, response = json_or_bytes,
//!     doc = "https://developers.weixin.qq.com/...")]
//! ```
//!
//! **`validate`**: checked by the client before anything is sent; the returned
//! `ValidationError` is renamed to this endpoint.
//!
//! ```ignore
//! #[wx_endpoint(POST "/cgi-bin/qrcode/create", app = oa, validate = super::check_create,
//!     doc = "https://developers.weixin.qq.com/...")]
//! pub mod create { /* ... */ }
//!
//! fn check_create(req: &create::Request) -> Result<(), wx_core::ValidationError> {
//!     match req.expire_seconds {
//!         Some(s) if s > 2_592_000 => Err(wx_core::ValidationError::new(
//!             "create", "expire_seconds", "at most 30 days")),
//!         _ => Ok(()),
//!     }
//! }
//! ```
//!
//! **`new = false`**: no generated `Request::new`; the module's own constructors are the
//! only way to build a request (for requests whose valid field combinations a flat
//! constructor cannot express). Setters of private fields stay private.
//!
//! ```ignore
//! #[wx_endpoint(POST "/cgi-bin/material/add_material", app = oa, new = false,
//!     doc = "https://developers.weixin.qq.com/...")]
//! pub mod add {
//!     pub struct Request {
//!         #[wx(query, rename = "type")]
//!         media_type: super::MediaType,
//!         #[wx(file)]
//!         media: wx_core::Upload,
//!     }
//!     pub struct Response { pub media_id: String }
//!     impl Request {
//!         pub fn image(file: wx_core::Upload) -> Self {
//!             Self { media_type: super::MediaType::Image, media: file }
//!         }
//!     }
//! }
//! ```
//!
//! # `#[wx(...)]` field options
//!
//! Several options go in one attribute, comma-separated: `#[wx(query, rename = "type")]`.
//!
//! | option | on | meaning |
//! |---|---|---|
//! | `query` | `Request` | sent in the query string instead of the body |
//! | `file` | `Request` | a `wx_core::Upload` sent as a multipart file part |
//! | `rename = "..."` | both | the name on the wire, when it is not the field's |
//! | `default` | both | not an `Option`, but may be absent: `Default::default()` |
//! | `alias = "..."` | `Response` | another name accepted when decoding (repeatable) |
//!
//! **`query`**: `GET` fields must all be `query`; on a `POST` it moves a field out of the body.
//!
//! ```ignore
//! pub struct Request {
//!     #[wx(query)]
//!     pub openid: String,
//! }
//! ```
//!
//! **`file`**: makes the body `multipart/form-data`: the file under the field's wire name,
//! the other body fields as text parts. Not with `query`.
//!
//! ```ignore
//! pub struct Request {
//!     #[wx(file)]
//!     pub media: wx_core::Upload,
//! }
//! ```
//!
//! **`rename = "..."`**: for wire names that are Rust keywords or unclear in Rust.
//!
//! ```ignore
//! #[wx(query, rename = "type")]
//! pub kind: super::MediaType,
//! ```
//!
//! **`default`**: on a `Request` field, `new` does not take it (it starts as
//! `Default::default()`); on a `Response` field, a reply without it decodes. An `Option`
//! field is already both, so `default` on it is an error.
//!
//! ```ignore
//! #[wx(query, default)]
//! pub grant_type: super::GrantType,
//! ```
//!
//! **`alias = "..."`**: WeChat names one value differently in different replies.
//!
//! ```ignore
//! #[wx(alias = "thumb_media_id")]
//! pub media_id: String,
//! ```
//!
//! Fields of enum `Response` variants take the `Response` options too. `Option<T>` fields
//! need no option: they are left out of a request when `None` and default to `None` in a
//! reply. `#[serde(...)]` attributes on `Request`/`Response` or their fields are kept
//! (the serde impls are then derived instead of written out by the macro).
//!
//! # Errors
//!
//! Every mistake in a declaration is reported by the same compile, each at its token. The
//! module is then emitted as written (without the generated items), so code that uses it
//! elsewhere still resolves and the declaration's errors are the ones shown.

use proc_macro::TokenStream;

/// Declares a WeChat endpoint on a module holding `Request` and `Response`; see the
/// [crate docs](crate) for every option.
#[proc_macro_attribute]
pub fn wx_endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    wx_codegen::expand_endpoint(args.into(), item.into()).into()
}
