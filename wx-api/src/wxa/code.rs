//! Mini-program codes: image bytes on success, a JSON envelope on error.
//! [`get`] and [`create_qrcode`] share a lifetime total of 100 000 codes per app;
//! [`get_unlimited`] has no total but carries only a 32-character scene.
//!
//! | endpoint | body limits checked here | notes |
//! |---|---|---|
//! | [`get`] (`/wxa/getwxacode`) | `path` 1..=1024 bytes, `width` 280..=1280 | 100 000 codes in all with `create_qrcode`, ever (45029); 40159 bad path |
//! | [`get_unlimited`] (`/wxa/getwxacodeunlimit`) | `scene` 1..=32 characters from letters, digits and `!#$&'()*+,/:;=?@-._~`; `page` without a leading `/` or a query; `width` | no total; 5000 calls a minute; 40169 bad scene, 41030 page not in the released mini program |
//! | [`create_qrcode`] (`/cgi-bin/wxaapp/createwxaqrcode`) | `path` 1..=128 **characters**, `width` | **Conflict:** the older page says 128 bytes, the newer one 128 characters: the check counts characters, the more permissive reading |
//!
//! 40097 answers a bad `env_version`. The image is JPEG unless `is_hyaline` asks for a
//! transparent background (PNG).

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Which version of the mini program the code opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvVersion {
    /// `release`: the published version (the default).
    Release,
    /// `trial`: the trial version.
    Trial,
    /// `develop`: the development version.
    Develop,
}

/// Line colour when `auto_color` is false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineColor {
    /// Red, 0..=255.
    pub r: u8,
    /// Green, 0..=255.
    pub g: u8,
    /// Blue, 0..=255.
    pub b: u8,
}

/// Accepted code widths in pixels (430 when absent).
pub const WIDTH: std::ops::RangeInclusive<u32> = 280..=1280;
/// Longest `path` of [`get`], in bytes.
pub const MAX_PATH_BYTES: usize = 1024;
/// Longest `path` of [`create_qrcode`]. **Conflict:** the older page says 128 bytes, the
/// newer one 128 characters; the check counts characters, the more permissive reading.
pub const MAX_SQUARE_PATH_CHARS: usize = 128;
/// Longest `scene` of [`get_unlimited`], in characters.
pub const MAX_SCENE_CHARS: usize = 32;
/// Characters a scene may hold besides ASCII letters and digits.
pub const SCENE_SYMBOLS: &str = "!#$&'()*+,/:;=?@-._~";

fn check_width(endpoint: &'static str, width: Option<u32>) -> Result<(), ValidationError> {
    match width {
        Some(w) if !WIDTH.contains(&w) => Err(ValidationError::new(
            endpoint,
            "width",
            format!("{w} is outside {}..={}", WIDTH.start(), WIDTH.end()),
        )),
        _ => Ok(()),
    }
}

/// How a path length is counted.
#[derive(Clone, Copy)]
enum Unit {
    Bytes,
    Chars,
}

fn check_path(
    endpoint: &'static str,
    path: &str,
    max: usize,
    unit: Unit,
) -> Result<(), ValidationError> {
    let (len, unit) = match unit {
        Unit::Bytes => (path.len(), "bytes"),
        Unit::Chars => (path.chars().count(), "characters"),
    };
    if len == 0 || len > max {
        return Err(ValidationError::new(
            endpoint,
            "path",
            format!("{len} {unit}, outside 1..={max}"),
        ));
    }
    Ok(())
}

/// A code for a page path with query ("接口A"); counts against the 100 000 total.
#[wx_endpoint(POST "/wxa/getwxacode", app = wxa, response = bytes, validate = super::check_code,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getQRCode.html")]
pub mod get {
    pub struct Request {
        /// Page path, may carry `?query` (≤ 1024 bytes).
        pub path: String,
        /// Width in pixels, 280..=1280; 430 when absent.
        pub width: Option<u32>,
        /// `true`: WeChat picks the line colour; `false` (default): `line_color` is used.
        pub auto_color: Option<bool>,
        /// Line colour when `auto_color` is false.
        pub line_color: Option<super::LineColor>,
        /// Transparent background (PNG).
        pub is_hyaline: Option<bool>,
        /// Which version the code opens; `release` when absent.
        pub env_version: Option<super::EnvVersion>,
    }
}

fn check_code(req: &get::Request) -> Result<(), ValidationError> {
    check_path("get_code", &req.path, MAX_PATH_BYTES, Unit::Bytes)?;
    check_width("get_code", req.width)
}

/// A code for a short scene string, unlimited in number ("接口B"); the page reads the scene.
#[wx_endpoint(POST "/wxa/getwxacodeunlimit", app = wxa, response = bytes, validate = super::check_unlimited,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html")]
pub mod get_unlimited {
    pub struct Request {
        /// ≤ 32 visible characters from `0-9 a-z A-Z !#$&'()*+,/:;=?@-._~`.
        pub scene: String,
        /// Page without a leading `/` or query; the home page when absent.
        pub page: Option<String>,
        /// `false` allows unpublished pages.
        pub check_path: Option<bool>,
        /// Which version the code opens; `release` when absent.
        pub env_version: Option<super::EnvVersion>,
        /// Width in pixels, 280..=1280; 430 when absent.
        pub width: Option<u32>,
        /// `true`: WeChat picks the line colour; `false` (default): `line_color` is used.
        pub auto_color: Option<bool>,
        /// Line colour when `auto_color` is false.
        pub line_color: Option<super::LineColor>,
        /// Transparent background (PNG).
        pub is_hyaline: Option<bool>,
    }
}

fn check_unlimited(req: &get_unlimited::Request) -> Result<(), ValidationError> {
    let chars = req.scene.chars().count();
    if chars == 0 || chars > MAX_SCENE_CHARS {
        return Err(ValidationError::new(
            "code::get_unlimited",
            "scene",
            format!("{chars} characters, outside 1..={MAX_SCENE_CHARS}"),
        ));
    }
    if let Some(bad) = req
        .scene
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || SCENE_SYMBOLS.contains(*c)))
    {
        return Err(ValidationError::new(
            "code::get_unlimited",
            "scene",
            format!("{bad:?} is not allowed (letters, digits and {SCENE_SYMBOLS})"),
        ));
    }
    if let Some(page) = &req.page {
        if page.starts_with('/') || page.contains('?') {
            return Err(ValidationError::new(
                "code::get_unlimited",
                "page",
                "no leading `/` and no query: the scene carries the parameters",
            ));
        }
    }
    check_width("code::get_unlimited", req.width)
}

/// A square QR code for a page path; counts against the 100 000 total.
#[wx_endpoint(POST "/cgi-bin/wxaapp/createwxaqrcode", app = wxa, response = bytes, validate = super::check_square,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/createQRCode.html")]
pub mod create_qrcode {
    pub struct Request {
        /// ≤ 128 characters.
        pub path: String,
        /// Width in pixels, 280..=1280; 430 when absent.
        pub width: Option<u32>,
    }
}

fn check_square(req: &create_qrcode::Request) -> Result<(), ValidationError> {
    check_path(
        "code::create_qrcode",
        &req.path,
        MAX_SQUARE_PATH_CHARS,
        Unit::Chars,
    )?;
    check_width("code::create_qrcode", req.width)
}
