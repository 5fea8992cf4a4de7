//! Code management (代码管理): how a third-party platform ships its template Mini Program to
//! each merchant that authorised it, calling with that merchant's authorizer access token
//! (the ordinary `access_token` query parameter; permission set 18, and 86 too for the trial
//! QR code). The life of a version:
//!
//! 1. [`commit`] uploads a template from the platform's template library with the
//!    merchant's `ext_json`; it becomes the trial version (体验版) at once.
//! 2. [`get_trial_qrcode`] returns the trial version's QR code (an image), for the testers
//!    bound with `wxa::tester::bind` (the Mini Program's administrators need no binding).
//! 3. WeChat scans the committed code for privacy APIs; `submit_audit` answers 61039 until
//!    that scan has finished, so never retry commit and submit together.
//! 4. [`submit_audit`] sends the trial version for review and returns its `auditid`;
//!    [`get_audit_status`] (by id) and [`get_latest_audit_status`] read the verdict, which
//!    also arrives as the `weapp_audit_success` / `weapp_audit_fail` / `weapp_audit_delay`
//!    push at the platform's message URL. [`undo_audit`] withdraws a review under way.
//! 5. [`release`] publishes the approved version (its body must be `{}`: no body at all is
//!    44002 `empty post data`); [`revert`] rolls back to an earlier release, and
//!    `revert::Request::history()` lists the versions it can roll back to.
//!
//! Limits checked before sending:
//!
//! | endpoint | field | limit | WeChat's errcode |
//! |---|---|---|---|
//! | [`commit`] | `ext_json` | the text of a JSON object | 85013 / 85048 |
//! | [`commit`] | `user_version` | 1..=64 characters ([`MAX_USER_VERSION_CHARS`]) | — |
//! | [`submit_audit`] | `item_list` | 1..=5 items ([`MAX_AUDIT_ITEMS`]) | 85023 |
//! | [`submit_audit`] | `item_list[].tag` | ≤ 10 space-separated tags of ≤ 20 characters each | 85006 |
//! | [`submit_audit`] | `item_list[].title` | ≤ 32 characters | 85011 |
//! | [`submit_audit`] | `feedback_info` | ≤ 200 characters | — |
//! | [`submit_audit`] | `feedback_stuff` | ≤ 5 `\|`-separated media ids | — |
//! | [`submit_audit`] | `ugc_declare` | `scene` 0..=5 (0 alone), `method` 1..=4, `has_audit_team` 0 or 1 | — |
//! | [`revert`] | `app_version`, `action` | not both: with `action` nothing is rolled back | — |
//!
//! Quotas and states WeChat enforces (not checkable here): 85086 submitting before a commit,
//! 85009 a version already under review, 85085 the platform's monthly submission quota,
//! 86001 no trial version, 85012 an unknown audit id; withdrawals are limited to **5 a day
//! (reset at 00:00) and 10 a month** per Mini Program (87013 `no quota to undo code`);
//! 85019 releasing with no version reviewed, 85020 releasing a version not approved;
//! rollback keeps at most the last 5 released versions, needs a previous online version,
//! and cannot roll back a rollback (87012), nor during a phased release (87011).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Longest `user_version` of [`commit`], in characters.
pub const MAX_USER_VERSION_CHARS: usize = 64;
/// Most items of [`submit_audit`]'s `item_list`.
pub const MAX_AUDIT_ITEMS: usize = 5;
/// Most tags of one audit item.
pub const MAX_TAGS: usize = 10;
/// Longest tag of an audit item, in characters.
pub const MAX_TAG_CHARS: usize = 20;
/// Longest page title of an audit item, in characters.
pub const MAX_TITLE_CHARS: usize = 32;
/// Longest `feedback_info`, in characters.
pub const MAX_FEEDBACK_INFO_CHARS: usize = 200;
/// Most media ids in `feedback_stuff`.
pub const MAX_FEEDBACK_STUFF: usize = 5;

/// Upload a template to the Mini Program and make it the trial version (`commit`).
#[wx_endpoint(POST "/wxa/commit", app = wxa, validate = super::check_commit,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_commit")]
pub mod commit {
    pub struct Request {
        /// The template's id in the platform's template library (`getTemplateList`). The
        /// newest page types it as a number (older pages as a string, their examples send
        /// `"0"`): sent as a JSON number.
        pub template_id: u64,
        /// The `ext.json` configuration as JSON **text** (`extAppid`, `ext`, `extPages`,
        /// `pages`, `window`, `networkTimeout`, `tabBar`, `plugin`, `requiredPrivateInfos`...).
        /// A template of the standard library takes only `extAppid`, `ext` and `window`
        /// (9402203 otherwise).
        pub ext_json: String,
        /// The version number, chosen by the platform, 1..=64 characters.
        pub user_version: String,
        /// The version's description, chosen by the platform.
        pub user_desc: String,
    }
    pub struct Response {}
}

fn check_commit(req: &commit::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::version::commit";
    match serde_json::from_str::<serde_json::Value>(&req.ext_json) {
        Ok(serde_json::Value::Object(_)) => {}
        _ => {
            return Err(ValidationError::new(
                NAME,
                "ext_json",
                "not the text of a JSON object (WeChat answers 85013 / 85048)",
            ))
        }
    }
    let n = req.user_version.chars().count();
    if n == 0 || n > MAX_USER_VERSION_CHARS {
        return Err(ValidationError::new(
            NAME,
            "user_version",
            format!("{n} characters, outside 1..={MAX_USER_VERSION_CHARS}"),
        ));
    }
    Ok(())
}

/// The trial version's QR code, as image bytes (JPEG, `QRCode.jpg`) (`getTrialQRCode`).
#[wx_endpoint(GET "/wxa/get_qrcode", app = wxa, response = bytes,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_gettrialqrcode")]
pub mod get_trial_qrcode {
    pub struct Request {
        /// The page the code opens, with its query (`page/index?action=1`); the home page
        /// when absent. Given as is: the query string encodes it (`page%2Findex%3Faction%3D1`).
        #[wx(query)]
        pub path: Option<String>,
    }
}

/// One page of the version under review and its category (`item_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditItem {
    /// The page's path (`index`, `page/logs/logs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Up to 10 tags separated by spaces, each up to 20 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// First-level category name (one configured on the Mini Program).
    pub first_class: String,
    /// Second-level category name.
    pub second_class: String,
    /// Third-level category name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_class: Option<String>,
    /// The page's title, up to 32 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// First-level category id.
    pub first_id: u64,
    /// Second-level category id.
    pub second_id: u64,
    /// Third-level category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_id: Option<u64>,
}

impl AuditItem {
    /// An item in the category `first_class` (`first_id`) / `second_class` (`second_id`).
    pub fn new(
        first_class: impl Into<String>,
        first_id: u64,
        second_class: impl Into<String>,
        second_id: u64,
    ) -> Self {
        Self {
            address: None,
            tag: None,
            first_class: first_class.into(),
            second_class: second_class.into(),
            third_class: None,
            title: None,
            first_id,
            second_id,
            third_id: None,
        }
    }
}

/// Screenshots and videos for the reviewers (`preview_info`), media ids from
/// `/wxa/uploadmedia` (images ≤ 2 MB, mp4 videos ≤ 10 MB; an id lives 3 days).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewInfo {
    /// Video media ids.
    #[serde(default)]
    pub video_id_list: Vec<String>,
    /// Picture media ids.
    #[serde(default)]
    pub pic_id_list: Vec<String>,
}

/// The user-generated-content declaration (`ugc_declare`), required on the first submission
/// of social, notes and Q&A categories (85094 otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UgcDeclare {
    /// Where users publish content: 0 nowhere (alone), 1 profile, 2 images, 3 videos,
    /// 4 text, 5 audio.
    #[serde(default)]
    pub scene: Vec<u8>,
    /// Other scenes, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_scene_desc: Option<String>,
    /// How content is checked: 1 the platform's security API, 2 another product, 3 by
    /// hand, 4 not at all.
    #[serde(default)]
    pub method: Vec<u8>,
    /// 1: a review team exists; 0: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_audit_team: Option<u8>,
    /// How the review works, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_desc: Option<String>,
}

/// Submit the trial version for review (`submitAudit`).
#[wx_endpoint(POST "/wxa/submit_audit", app = wxa, validate = super::check_submit,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_submitaudit")]
pub mod submit_audit {
    pub struct Request {
        /// The pages and their categories, 1..=5 items.
        pub item_list: Vec<super::AuditItem>,
        /// A note to the reviewers, ≤ 200 characters; read only when the previous version
        /// was rejected.
        pub feedback_info: Option<String>,
        /// Up to 5 image media ids separated by `|`.
        pub feedback_stuff: Option<String>,
        /// What this version changes.
        pub version_desc: Option<String>,
        /// Screenshots and videos for the reviewers.
        pub preview_info: Option<super::PreviewInfo>,
        /// The user-generated-content declaration.
        pub ugc_declare: Option<super::UgcDeclare>,
        /// `true`: declares that the privacy APIs the scan found but the Mini Program has
        /// not configured are not used (otherwise 61040).
        pub privacy_api_not_use: Option<bool>,
        /// The order-centre path.
        pub order_path: Option<String>,
    }
    pub struct Response {
        /// The review's id, for [`super::get_audit_status`].
        pub auditid: i64,
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_submit(req: &submit_audit::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::version::submit_audit";
    let n = req.item_list.len();
    if n == 0 || n > MAX_AUDIT_ITEMS {
        return Err(ValidationError::new(
            NAME,
            "item_list",
            format!("{n} items, outside 1..={MAX_AUDIT_ITEMS} (WeChat answers 85023)"),
        ));
    }
    for item in &req.item_list {
        if let Some(tag) = &item.tag {
            let tags: Vec<&str> = tag.split(' ').filter(|t| !t.is_empty()).collect();
            if tags.len() > MAX_TAGS {
                return Err(ValidationError::new(
                    NAME,
                    "item_list.tag",
                    format!("{} tags, more than {MAX_TAGS}", tags.len()),
                ));
            }
            if let Some(long) = tags.iter().find(|t| chars(t) > MAX_TAG_CHARS) {
                return Err(ValidationError::new(
                    NAME,
                    "item_list.tag",
                    format!("tag {long:?} is longer than {MAX_TAG_CHARS} characters"),
                ));
            }
        }
        if let Some(title) = &item.title {
            if chars(title) > MAX_TITLE_CHARS {
                return Err(ValidationError::new(
                    NAME,
                    "item_list.title",
                    format!(
                        "{} characters, more than {MAX_TITLE_CHARS} (WeChat answers 85011)",
                        chars(title)
                    ),
                ));
            }
        }
    }
    if let Some(info) = &req.feedback_info {
        if chars(info) > MAX_FEEDBACK_INFO_CHARS {
            return Err(ValidationError::new(
                NAME,
                "feedback_info",
                format!(
                    "{} characters, more than {MAX_FEEDBACK_INFO_CHARS}",
                    chars(info)
                ),
            ));
        }
    }
    if let Some(stuff) = &req.feedback_stuff {
        let n = stuff.split('|').filter(|s| !s.is_empty()).count();
        if n > MAX_FEEDBACK_STUFF {
            return Err(ValidationError::new(
                NAME,
                "feedback_stuff",
                format!("{n} media ids, more than {MAX_FEEDBACK_STUFF}"),
            ));
        }
    }
    if let Some(ugc) = &req.ugc_declare {
        if let Some(bad) = ugc.scene.iter().find(|s| **s > 5) {
            return Err(ValidationError::new(
                NAME,
                "ugc_declare.scene",
                format!("{bad} is not 0..=5"),
            ));
        }
        if ugc.scene.contains(&0) && ugc.scene.len() > 1 {
            return Err(ValidationError::new(
                NAME,
                "ugc_declare.scene",
                "0 (no user content) cannot be combined with other scenes",
            ));
        }
        if let Some(bad) = ugc.method.iter().find(|m| !(1..=4).contains(*m)) {
            return Err(ValidationError::new(
                NAME,
                "ugc_declare.method",
                format!("{bad} is not 1..=4"),
            ));
        }
        if let Some(bad) = ugc.has_audit_team.filter(|t| *t > 1) {
            return Err(ValidationError::new(
                NAME,
                "ugc_declare.has_audit_team",
                format!("{bad} is not 0 or 1"),
            ));
        }
    }
    Ok(())
}

/// Where a review stands (`status`); other numbers kept as they came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditStatus {
    /// `0`: approved (审核成功).
    Approved,
    /// `1`: rejected (审核被拒绝); `reason` and `screenshot` say why.
    Rejected,
    /// `2`: under review (审核中).
    InReview,
    /// `3`: withdrawn (已撤回).
    Withdrawn,
    /// `4`: delayed (审核延后); `reason` says why.
    Delayed,
    /// Any other number.
    Other(i64),
}

impl AuditStatus {
    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            Self::Approved => 0,
            Self::Rejected => 1,
            Self::InReview => 2,
            Self::Withdrawn => 3,
            Self::Delayed => 4,
            Self::Other(n) => n,
        }
    }
}

impl Serialize for AuditStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for AuditStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match i64::deserialize(d)? {
            0 => Self::Approved,
            1 => Self::Rejected,
            2 => Self::InReview,
            3 => Self::Withdrawn,
            4 => Self::Delayed,
            n => Self::Other(n),
        })
    }
}

/// The media ids of a `|`-separated `screenshot` (fetch them with `get_material`).
pub fn screenshot_ids(screenshot: &str) -> Vec<&str> {
    screenshot.split('|').filter(|s| !s.is_empty()).collect()
}

/// The state of one review (`getAuditStatus`).
#[wx_endpoint(POST "/wxa/get_auditstatus", app = wxa,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_getauditstatus")]
pub mod get_audit_status {
    pub struct Request {
        /// The id [`super::submit_audit`] returned (85012 when unknown).
        pub auditid: i64,
    }
    pub struct Response {
        /// Where the review stands.
        pub status: super::AuditStatus,
        /// Why it was rejected or delayed.
        pub reason: Option<String>,
        /// Screenshots of the problems, media ids separated by `|`
        /// ([`super::screenshot_ids`]).
        pub screenshot: Option<String>,
    }
}

/// The state of the latest review (`getLatestAuditStatus`).
#[wx_endpoint(GET "/wxa/get_latest_auditstatus", app = wxa,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_getlatestauditstatus")]
pub mod get_latest_audit_status {
    pub struct Request {}
    pub struct Response {
        /// The review's id.
        pub auditid: i64,
        /// Where the review stands.
        pub status: super::AuditStatus,
        /// Why it was rejected or delayed.
        pub reason: Option<String>,
        /// Screenshots of the problems, media ids separated by `|`. The field table spells
        /// it `screenshot`, the page's example `ScreenShot`: either is read.
        #[wx(alias = "ScreenShot")]
        pub screenshot: Option<String>,
        /// The reviewed version's number.
        pub user_version: Option<String>,
        /// The reviewed version's description.
        pub user_desc: Option<String>,
        /// When it was submitted (Unix seconds).
        pub submit_audit_time: Option<i64>,
    }
}

/// Withdraw the review under way (`undoAudit`): at most 5 a day (reset at 00:00) and 10 a
/// month per Mini Program, 87013 beyond.
#[wx_endpoint(GET "/wxa/undocodeaudit", app = wxa,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_undoaudit")]
pub mod undo_audit {
    pub struct Request {}
    pub struct Response {}
}

/// Publish the approved version (`release`); the body is `{}` (none at all is 44002).
#[wx_endpoint(POST "/wxa/release", app = wxa,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_release")]
pub mod release {
    pub struct Request {}
    pub struct Response {}
}

/// `action=get_history_version`: list the versions [`revert`] can go back to instead of
/// rolling back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GetHistoryVersion;

impl Serialize for GetHistoryVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("get_history_version")
    }
}

impl<'de> Deserialize<'de> for GetHistoryVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "get_history_version" {
            Ok(Self)
        } else {
            Err(D::Error::custom(format!(
                "action {s:?}; only get_history_version exists"
            )))
        }
    }
}

/// A version that can be rolled back to (`version_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryVersion {
    /// The version's id, for `revert::Request::to_version`.
    pub app_version: i64,
    /// Its version number.
    #[serde(default)]
    pub user_version: String,
    /// Its description.
    #[serde(default)]
    pub user_desc: String,
    /// When it was committed (Unix seconds).
    #[serde(default)]
    pub commit_time: i64,
}

/// Roll the online version back (`revertCodeRelease`), or list the versions it can go back
/// to (`action=get_history_version`, nothing rolled back). At most the last 5 releases are
/// kept; a rollback needs a previous online version and cannot itself be rolled back (87012);
/// not during a phased release (87011).
#[wx_endpoint(GET "/wxa/revertcoderelease", app = wxa, validate = super::check_revert,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_revertcoderelease")]
pub mod revert {
    pub struct Request {
        /// The version to go back to; the previous one when absent.
        #[wx(query)]
        pub app_version: Option<i64>,
        /// Set: list the versions instead of rolling back.
        #[wx(query)]
        pub action: Option<super::GetHistoryVersion>,
    }
    pub struct Response {
        /// The versions (with `action` only; empty otherwise).
        #[wx(default)]
        pub version_list: Vec<super::HistoryVersion>,
    }

    impl Request {
        /// Roll back to `app_version` (one of [`Request::history`]'s list).
        pub fn to_version(app_version: i64) -> Self {
            Self::new().app_version(app_version)
        }
        /// List the versions that can be rolled back to; nothing is rolled back.
        pub fn history() -> Self {
            Self::new().action(super::GetHistoryVersion)
        }
    }
}

fn check_revert(req: &revert::Request) -> Result<(), ValidationError> {
    if req.app_version.is_some() && req.action.is_some() {
        return Err(ValidationError::new(
            "wxa::version::revert",
            "app_version",
            "with action=get_history_version nothing is rolled back: give one or the other",
        ));
    }
    Ok(())
}
