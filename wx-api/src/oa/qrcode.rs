//! Parametric QR codes: create a ticket, exchange it for the image.
//!
//! An unsubscribed user who scans one follows the account with a `subscribe` event whose
//! `EventKey` is `qrscene_` + the scene; a follower gets a `SCAN` event with the bare scene.
//!
//! | kind | scene | lifetime |
//! |---|---|---|
//! | temporary (`QR_SCENE`, `QR_STR_SCENE`) | id 1..=4294967295 (a 32-bit unsigned integer) or 1..=64 characters | `expire_seconds`, at most 2 592 000 (30 days) |
//! | permanent (`QR_LIMIT_SCENE`, `QR_LIMIT_STR_SCENE`) | id 1..=100000 or 1..=64 characters | no expiry; at most 100 000 per account (45029) |
//!
//! All of it is checked before sending. WeChat's own codes: 40052 (invalid action name),
//! 40053 (invalid action info, e.g. a scene too long), 45029 (permanent-code total reached),
//! 48001 (the account lacks the API, e.g. not verified).

use serde::{Deserialize, Serialize};
use wx_core::wire::BaseUrls;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Longest lifetime of a temporary code: 30 days.
pub const MAX_EXPIRE_SECONDS: u32 = 2_592_000;
/// Largest scene id of a permanent code.
pub const MAX_PERMANENT_SCENE_ID: u32 = 100_000;
/// Longest string scene, in characters. The docs say "length 1 to 64" without saying of
/// what; characters are the more permissive reading, so that is what is checked.
pub const MAX_SCENE_STR_LEN: usize = 64;

/// The kind of code: temporary or permanent, integer or string scene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QrActionName {
    /// `QR_SCENE`: temporary, integer scene.
    #[serde(rename = "QR_SCENE")]
    TemporaryId,
    /// `QR_STR_SCENE`: temporary, string scene.
    #[serde(rename = "QR_STR_SCENE")]
    TemporaryStr,
    /// `QR_LIMIT_SCENE`: permanent, integer scene (1..=100000).
    #[serde(rename = "QR_LIMIT_SCENE")]
    PermanentId,
    /// `QR_LIMIT_STR_SCENE`: permanent, string scene.
    #[serde(rename = "QR_LIMIT_STR_SCENE")]
    PermanentStr,
}

impl QrActionName {
    /// Whether codes of this kind are permanent (`QR_LIMIT_*`).
    pub fn is_permanent(self) -> bool {
        matches!(self, Self::PermanentId | Self::PermanentStr)
    }
    /// Whether codes of this kind carry `scene_str` (`*_STR_SCENE`) rather than `scene_id`.
    pub fn has_string_scene(self) -> bool {
        matches!(self, Self::TemporaryStr | Self::PermanentStr)
    }
}

/// `action_info` of a create request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionInfo {
    /// The scene (`scene`).
    pub scene: Scene,
}

/// The scene a code carries back in the scan event: an id or a string, per the action name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scene {
    /// Integer scene of `QR_SCENE` (1..=4294967295) and `QR_LIMIT_SCENE` (1..=100000) codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scene_id: Option<u32>,
    /// String scene of `*_STR_SCENE` codes, 1..=64 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scene_str: Option<String>,
}

impl ActionInfo {
    /// An integer scene.
    pub fn id(scene_id: u32) -> Self {
        Self {
            scene: Scene {
                scene_id: Some(scene_id),
                scene_str: None,
            },
        }
    }
    /// A string scene.
    pub fn string(scene: impl Into<String>) -> Self {
        Self {
            scene: Scene {
                scene_id: None,
                scene_str: Some(scene.into()),
            },
        }
    }
}

/// Create a ticket for a parametric QR code.
#[wx_endpoint(POST "/cgi-bin/qrcode/create", app = oa, validate = super::check_create,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html")]
pub mod create {
    pub struct Request {
        /// Seconds until a temporary code expires (at most 30 days); ignored for permanent codes.
        /// **Conflict:** when it is absent the current pages give a default of 60 s, older
        /// copies 30 s; the temporary constructors always send it.
        pub expire_seconds: Option<u32>,
        /// Temporary or permanent, integer or string scene.
        pub action_name: super::QrActionName,
        /// The scene to carry (`action_info.scene`), of the kind the action name says.
        pub action_info: super::ActionInfo,
    }
    pub struct Response {
        /// Exchange it for the image with [`show`](super::show) or
        /// [`show_qrcode_url`](super::show_qrcode_url); it contains `+ / =`, so it must be
        /// URL-encoded (both do).
        pub ticket: String,
        /// Only for temporary codes.
        pub expire_seconds: Option<u32>,
        /// The content of the QR image; it can be rendered locally instead of fetched.
        pub url: String,
    }

    use super::{ActionInfo, QrActionName};

    impl Request {
        /// A temporary code with an integer scene (`QR_SCENE`).
        pub fn temporary_id(scene_id: u32, expire_seconds: u32) -> Self {
            Self::new(QrActionName::TemporaryId, ActionInfo::id(scene_id))
                .expire_seconds(expire_seconds)
        }
        /// A temporary code with a string scene (`QR_STR_SCENE`).
        pub fn temporary_str(scene: impl Into<String>, expire_seconds: u32) -> Self {
            Self::new(QrActionName::TemporaryStr, ActionInfo::string(scene))
                .expire_seconds(expire_seconds)
        }
        /// A permanent code with an integer scene 1..=100000 (`QR_LIMIT_SCENE`).
        pub fn permanent_id(scene_id: u32) -> Self {
            Self::new(QrActionName::PermanentId, ActionInfo::id(scene_id))
        }
        /// A permanent code with a string scene (`QR_LIMIT_STR_SCENE`).
        pub fn permanent_str(scene: impl Into<String>) -> Self {
            Self::new(QrActionName::PermanentStr, ActionInfo::string(scene))
        }
    }
}

fn check_create(req: &create::Request) -> Result<(), ValidationError> {
    let fail = |field, msg: String| Err(ValidationError::new("qrcode::create", field, msg));
    let scene = &req.action_info.scene;
    let action = req.action_name;
    if action.has_string_scene() {
        if scene.scene_id.is_some() {
            return fail(
                "action_info.scene.scene_id",
                format!("{action:?} codes carry `scene_str`, not `scene_id`"),
            );
        }
        let Some(s) = &scene.scene_str else {
            return fail(
                "action_info.scene.scene_str",
                format!("{action:?} codes need a `scene_str`"),
            );
        };
        let len = s.chars().count();
        if !(1..=MAX_SCENE_STR_LEN).contains(&len) {
            return fail(
                "action_info.scene.scene_str",
                format!("length {len} is outside 1..={MAX_SCENE_STR_LEN} characters"),
            );
        }
    } else {
        if scene.scene_str.is_some() {
            return fail(
                "action_info.scene.scene_str",
                format!("{action:?} codes carry `scene_id`, not `scene_str`"),
            );
        }
        let Some(id) = scene.scene_id else {
            return fail(
                "action_info.scene.scene_id",
                format!("{action:?} codes need a `scene_id`"),
            );
        };
        let max = if action.is_permanent() {
            MAX_PERMANENT_SCENE_ID
        } else {
            u32::MAX
        };
        if id == 0 || id > max {
            return fail(
                "action_info.scene.scene_id",
                format!("{id} is outside 1..={max}"),
            );
        }
    }
    if !action.is_permanent() {
        if let Some(secs) = req.expire_seconds {
            if !(1..=MAX_EXPIRE_SECONDS).contains(&secs) {
                return fail(
                    "expire_seconds",
                    format!("{secs} is outside 1..={MAX_EXPIRE_SECONDS} (30 days)"),
                );
            }
        }
    }
    Ok(())
}

/// Exchange a ticket for the QR image (JPEG). An unknown or expired ticket is answered
/// with HTTP 404, which surfaces as `Error::Http { status: 404, .. }`.
#[wx_endpoint(GET "/cgi-bin/showqrcode", app = oa, host = "mp.weixin.qq.com", auth = none, response = bytes,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html")]
pub mod show {
    pub struct Request {
        /// The ticket from [`create`](super::create); sent URL-encoded.
        #[wx(query)]
        pub ticket: String,
    }
}

/// The image URL of a ticket on the official host (ticket URL-encoded), to hand to a browser.
pub fn show_qrcode_url(ticket: &str) -> Result<String, wx_core::Error> {
    show_qrcode_url_on(&BaseUrls::default(), ticket)
}

/// The image URL of a ticket on the given hosts (e.g. `&client.config().base_urls`);
/// fails only when a base URL is not a URL.
pub fn show_qrcode_url_on(bases: &BaseUrls, ticket: &str) -> Result<String, wx_core::Error> {
    wx_core::wire::public_url(&show::Request::new(ticket), bases).map(String::from)
}
