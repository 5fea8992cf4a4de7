//! Short Link (`#小程序://...`): a short link to a page, opened inside WeChat only.
//!
//! Limits: `page_url` 1..=1024 characters ([`MAX_PAGE_URL_CHARS`], checked; it may carry a
//! query); `page_title` longer than 20 characters is cut with `...` by WeChat (not an
//! error). At most 100 000 permanent links per Mini Program ever, 1 000 000 links a day;
//! temporary links live 30 days.

use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Longest `page_url`, in characters.
pub const MAX_PAGE_URL_CHARS: usize = 1024;

/// Generate a Short Link (`generateShortLink`).
#[wx_endpoint(POST "/wxa/genwxashortlink", app = wxa, validate = super::check_generate,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/short-link/api_generateshortlink.html")]
pub mod generate {
    pub struct Request {
        /// A page of the released Mini Program, with its query (≤ 1024 characters).
        pub page_url: String,
        /// The link's title (cut after 20 characters by WeChat).
        pub page_title: Option<String>,
        /// Permanent (`true`; at most 100 000 ever) or 30 days (`false`, the default).
        pub is_permanent: Option<bool>,
    }
    pub struct Response {
        /// The short link.
        pub link: String,
    }
}

fn check_generate(req: &generate::Request) -> Result<(), ValidationError> {
    let n = req.page_url.chars().count();
    if n == 0 || n > MAX_PAGE_URL_CHARS {
        return Err(ValidationError::new(
            "wxa::shortlink::generate",
            "page_url",
            format!("{n} characters, outside 1..={MAX_PAGE_URL_CHARS}"),
        ));
    }
    Ok(())
}
