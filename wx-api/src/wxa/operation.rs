//! Operations centre (运维中心): user feedback and its images, the phased-release plan, the
//! configured domains, the client versions and visit sources used as filters, the real-time
//! log, launch performance, and JavaScript errors.
//!
//! Limits, checked before sending:
//!
//! | endpoint | field | limit |
//! |---|---|---|
//! | [`get_feedback_media`] | `media_id` | not empty |
//! | [`list_feedback`] | `page`, `num` | at least 1 (pages count from 1) |
//! | [`search_realtime_log`] | `date` | a real date written `yyyymmdd` (WeChat keeps the last 7 days) |
//! | [`search_realtime_log`] | `begintime`, `endtime` | Unix seconds within that date (China time, UTC+8), `begintime <= endtime` |
//! | [`get_performance`] | `default_start_time`, `default_end_time` | `start <= end` |
//! | [`get_performance`] | `device` | `@_all`, `1` (iOS), `2` (Android) |
//! | [`get_performance`] | `is_download_code` | `@_all`, `1` (yes), `2` (no) |
//! | [`get_performance`] | `networktype` | `@_all`, `wifi`, `4g`, `3g`, `2g` |
//! | [`list_js_errors`], [`get_js_error_detail`] | `startTime`, `endTime` | real dates written `YYYY-MM-DD`, start not after end |
//! | [`list_js_errors`] | `limit` | 1..=30 ([`MAX_JS_ERRORS`]) |
//! | [`get_js_error_detail`] | `errorMsgMd5`, `errorStackMd5` | not empty |
//!
//! Enumerations are Rust enums: [`FeedbackType`], [`DomainAction`], [`LogLevel`],
//! [`CostTimeType`], [`ErrType`], [`OrderBy`], [`ListOrder`], [`OsName`], [`DetailOrder`].
//! The page's `@_all:` (with a colon) in the performance field table is written `@_all` in
//! its own example; `@_all` is what is checked and sent.

use crate::enums::closed_enum;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most JS errors one [`list_js_errors`] call returns.
pub const MAX_JS_ERRORS: u32 = 30;

/// Days since 1970-01-01 of a date written with `sep` between year, month and day
/// (`yyyymmdd` for `None`, `YYYY-MM-DD` for `Some('-')`); `None` unless a real date.
fn day_number(date: &str, dashed: bool) -> Option<i64> {
    let b = date.as_bytes();
    let (y, m, d) = if dashed {
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        (&b[0..4], &b[5..7], &b[8..10])
    } else {
        if b.len() != 8 {
            return None;
        }
        (&b[0..4], &b[4..6], &b[6..8])
    };
    let num = |s: &[u8]| {
        s.iter().try_fold(0i64, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > days {
        return None;
    }
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    Some(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
}

/// A string-valued enumeration with the documented values, refused otherwise.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// The text on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $value),+ }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                match s.as_str() {
                    $($value => Ok(Self::$variant),)+
                    _ => Err(serde::de::Error::custom(format!(
                        concat!(stringify!($name), " {:?} is not a documented value"), s
                    ))),
                }
            }
        }
    };
}

closed_enum!(
    u8;
    /// The kind of a feedback (`type`).
    FeedbackType {
        /// `1`: the Mini Program cannot be opened.
        CannotOpen = 1,
        /// `2`: it crashes.
        Crash = 2,
        /// `3`: it stutters.
        Stutter = 3,
        /// `4`: black or white screen.
        BlankScreen = 4,
        /// `5`: it freezes.
        Freeze = 5,
        /// `6`: misplaced layout.
        Layout = 6,
        /// `7`: slow loading.
        SlowLoading = 7,
        /// `8`: another fault.
        Other = 8,
    }
);

closed_enum!(
    u8;
    /// The smallest level of the real-time log lines returned (`level`).
    LogLevel {
        /// `2`: Info and above.
        Info = 2,
        /// `4`: Warn and Error.
        Warn = 4,
        /// `8`: Error only.
        Error = 8,
    }
);

closed_enum!(
    u8;
    /// Which time [`get_performance`] reads (`cost_time_type`).
    CostTimeType {
        /// `1`: total launch time.
        Launch = 1,
        /// `2`: download time.
        Download = 2,
        /// `3`: first render time.
        FirstRender = 3,
    }
);

text_enum!(
    /// Which domains [`get_domain_info`] returns (`action`); all when absent.
    DomainAction {
        /// `getbizdomain`: the business (web-view) domains.
        Business = "getbizdomain",
        /// `getserverdomain`: the server domains.
        Server = "getserverdomain",
    }
);

text_enum!(
    /// Which errors [`list_js_errors`] lists (`errType`).
    ErrType {
        /// `"0"`: all.
        All = "0",
        /// `"1"`: errors in the Mini Program's code.
        Code = "1",
        /// `"2"`: plugin errors.
        Plugin = "2",
        /// `"3"`: framework errors.
        Framework = "3",
    }
);

text_enum!(
    /// The sort key of [`list_js_errors`] (`orderby`).
    OrderBy {
        /// `uv`: users affected.
        Uv = "uv",
        /// `pv`: occurrences.
        Pv = "pv",
    }
);

text_enum!(
    /// The sort order of [`list_js_errors`] (`desc`).
    ListOrder {
        /// `"1"`: descending.
        Descending = "1",
        /// `"2"`: ascending.
        Ascending = "2",
    }
);

text_enum!(
    /// The sort order of [`get_js_error_detail`] (`desc`; note the values differ from
    /// [`ListOrder`]).
    DetailOrder {
        /// `"0"`: ascending.
        Ascending = "0",
        /// `"1"`: descending.
        Descending = "1",
    }
);

text_enum!(
    /// The system of [`get_js_error_detail`] (`osName`).
    OsName {
        /// `"0"`: all.
        All = "0",
        /// `"1"`: Android.
        Android = "1",
        /// `"2"`: iOS.
        Ios = "2",
        /// `"3"`: other.
        Other = "3",
    }
);

/// A text field WeChat sends as a string or as a number (the feedback's `phone`: a string
/// in the field table, a number in the page's example); read as text.
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(match Option::<Either>::deserialize(d)? {
        Some(Either::Text(t)) => t,
        Some(Either::Number(n)) => n.to_string(),
        None => String::new(),
    })
}

/// The image of a feedback (`getFeedbackmedia`): the image bytes; an unknown media id is
/// answered 46001.
#[wx_endpoint(GET "/cgi-bin/media/getfeedbackmedia", app = wxa, response = bytes, validate = super::check_feedback_media,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getfeedbackmedia.html")]
pub mod get_feedback_media {
    pub struct Request {
        /// The feedback's `record_id` (from [`list_feedback`](super::list_feedback)).
        #[wx(query)]
        pub record_id: u64,
        /// The image's media id (from the feedback's `mediaIds`).
        #[wx(query)]
        pub media_id: String,
    }
}

fn check_feedback_media(req: &get_feedback_media::Request) -> Result<(), ValidationError> {
    if req.media_id.is_empty() {
        return Err(ValidationError::new(
            "wxa::operation::get_feedback_media",
            "media_id",
            "empty; the image's media id is required",
        ));
    }
    Ok(())
}

/// The state of a phased release (`status`); other numbers kept as they came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrayStatus {
    /// `0`: created.
    Initial,
    /// `1`: running.
    Running,
    /// `2`: paused.
    Paused,
    /// `3`: finished.
    Finished,
    /// `4`: deleted.
    Deleted,
    /// Any other number.
    Other(i64),
}

impl GrayStatus {
    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            Self::Initial => 0,
            Self::Running => 1,
            Self::Paused => 2,
            Self::Finished => 3,
            Self::Deleted => 4,
            Self::Other(n) => n,
        }
    }
}

impl Serialize for GrayStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for GrayStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match i64::deserialize(d)? {
            0 => Self::Initial,
            1 => Self::Running,
            2 => Self::Paused,
            3 => Self::Finished,
            4 => Self::Deleted,
            n => Self::Other(n),
        })
    }
}

/// A phased-release plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrayReleasePlan {
    /// Its state.
    pub status: GrayStatus,
    /// When it was created, Unix seconds.
    #[serde(default)]
    pub create_timestamp: i64,
    /// The share of users on the new version, 0..=100.
    #[serde(default)]
    pub gray_percentage: u32,
    /// Project members get the new version first.
    #[serde(default)]
    pub support_debuger_first: bool,
    /// Trial members get the new version first.
    #[serde(default)]
    pub support_experiencer_first: bool,
}

/// The current phased-release plan (`getGrayReleasePlan`).
#[wx_endpoint(GET "/wxa/getgrayreleaseplan", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getgrayreleaseplan.html")]
pub mod get_gray_release_plan {
    pub struct Request {}
    pub struct Response {
        /// The plan.
        pub gray_release_plan: super::GrayReleasePlan,
    }
}

/// The configured domains (`getDomainInfo`).
#[wx_endpoint(POST "/wxa/getwxadevinfo", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getdomaininfo.html")]
pub mod get_domain_info {
    pub struct Request {
        /// Which domains; all when absent.
        pub action: Option<super::DomainAction>,
    }
    pub struct Response {
        /// `request` domains.
        #[wx(default)]
        pub requestdomain: Vec<String>,
        /// `socket` domains.
        #[wx(default)]
        pub wsrequestdomain: Vec<String>,
        /// `uploadFile` domains.
        #[wx(default)]
        pub uploaddomain: Vec<String>,
        /// `downloadFile` domains.
        #[wx(default)]
        pub downloaddomain: Vec<String>,
        /// UDP domains.
        #[wx(default)]
        pub udpdomain: Vec<String>,
        /// Business (web-view) domains.
        #[wx(default)]
        pub bizdomain: Vec<String>,
    }
}

/// One user feedback.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Feedback {
    /// Its id (for [`get_feedback_media`]).
    #[serde(default)]
    pub record_id: u64,
    /// When it was sent, Unix seconds.
    #[serde(default)]
    pub create_time: i64,
    /// What the user wrote.
    #[serde(default)]
    pub content: String,
    /// The user's contact: a phone number or an e-mail address.
    #[serde(default, deserialize_with = "text_or_number")]
    pub phone: String,
    /// The user's openid.
    #[serde(default)]
    pub openid: String,
    /// The user's nickname.
    #[serde(default)]
    pub nickname: String,
    /// The user's avatar URL.
    #[serde(default)]
    pub head_url: String,
    /// The kind of fault (1..=8, see [`FeedbackType`]).
    #[serde(default, rename = "type")]
    pub kind: i64,
    /// The attached images' media ids.
    #[serde(default, rename = "mediaIds")]
    pub media_ids: Vec<String>,
    /// The user's system information (JSON text).
    #[serde(default, rename = "systemInfo")]
    pub system_info: String,
}

/// The users' feedback, newest first (`getFeedback`).
#[wx_endpoint(GET "/wxaapi/feedback/list", app = wxa, validate = super::check_feedback,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getfeedback.html")]
pub mod list_feedback {
    pub struct Request {
        /// Only this kind; all kinds when absent.
        #[wx(query)]
        pub r#type: Option<super::FeedbackType>,
        /// The page, from 1.
        #[wx(query)]
        pub page: u32,
        /// Feedback per page, at least 1.
        #[wx(query)]
        pub num: u32,
    }
    pub struct Response {
        /// The page's feedback.
        #[wx(default)]
        pub list: Vec<super::Feedback>,
        /// Feedback in total.
        #[wx(default)]
        pub total_num: u64,
    }
}

fn check_feedback(req: &list_feedback::Request) -> Result<(), ValidationError> {
    for (field, value) in [("page", req.page), ("num", req.num)] {
        if value == 0 {
            return Err(ValidationError::new(
                "wxa::operation::list_feedback",
                field,
                "0; at least 1 (pages count from 1)",
            ));
        }
    }
    Ok(())
}

/// The client versions of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClientVersions {
    /// `1` the WeChat client, `2` service direct access (服务直达).
    #[serde(default, rename = "type")]
    pub kind: i64,
    /// The versions.
    #[serde(default)]
    pub client_version_list: Vec<String>,
}

/// The client versions seen, to filter the error queries (`getVersionList`).
#[wx_endpoint(GET "/wxaapi/log/get_client_version", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getversionlist.html")]
pub mod list_client_versions {
    pub struct Request {}
    pub struct Response {
        /// One entry per kind.
        #[wx(default)]
        pub cvlist: Vec<super::ClientVersions>,
    }
}

/// A visit source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SceneSource {
    /// Its Chinese name.
    #[serde(default)]
    pub name: String,
    /// Its value for the `scene` filters: the text `@_all` for all sources, else a number
    /// (kept as WeChat sent it).
    #[serde(default)]
    pub value: serde_json::Value,
}

/// The visit sources, to filter [`get_performance`] (`getSceneList`).
#[wx_endpoint(GET "/wxaapi/log/get_scene", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getscenelist.html")]
pub mod list_scenes {
    pub struct Request {}
    pub struct Response {
        /// The sources.
        #[wx(default)]
        pub scene: Vec<super::SceneSource>,
    }
}

/// One `log.info`/`warn`/`error` call in a real-time log entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LogMessage {
    /// When, Unix seconds.
    #[serde(default)]
    pub time: i64,
    /// What was logged.
    #[serde(default)]
    pub msg: Vec<String>,
    /// Its level: 2 Info, 4 Warn, 8 Error.
    #[serde(default)]
    pub level: i64,
}

/// One real-time log entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LogEntry {
    /// The OR of its messages' levels (Info 2 and Warn 4 give 6).
    #[serde(default)]
    pub level: i64,
    /// The base library version.
    #[serde(default, rename = "libraryVersion")]
    pub library_version: String,
    /// The WeChat client version.
    #[serde(default, rename = "clientVersion")]
    pub client_version: String,
    /// The user's openid.
    #[serde(default)]
    pub id: String,
    /// When, Unix seconds.
    #[serde(default)]
    pub timestamp: i64,
    /// `1` Android, `2` iOS.
    #[serde(default)]
    pub platform: i64,
    /// The page.
    #[serde(default)]
    pub url: String,
    /// The messages.
    #[serde(default)]
    pub msg: Vec<LogMessage>,
    /// The launch id.
    #[serde(default)]
    pub traceid: String,
    /// The filter text set by `setFilterMsg`/`addFilterMsg`.
    #[serde(default, rename = "filterMsg")]
    pub filter_msg: String,
}

/// The real-time log's entries and their total.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LogPage {
    /// The entries.
    #[serde(default)]
    pub list: Vec<LogEntry>,
    /// Entries in total.
    #[serde(default)]
    pub total: u64,
}

/// Search the real-time log (`realtimelogSearch`): one day among the last 7.
#[wx_endpoint(GET "/wxaapi/userlog/userlog_search", app = wxa, validate = super::check_log,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_realtimelogsearch.html")]
pub mod search_realtime_log {
    pub struct Request {
        /// The day, `yyyymmdd`, among the last 7.
        #[wx(query)]
        pub date: String,
        /// Start, Unix seconds within `date`.
        #[wx(query)]
        pub begintime: i64,
        /// End, Unix seconds within `date`.
        #[wx(query)]
        pub endtime: i64,
        /// First entry returned (paging); 0 when absent.
        #[wx(query)]
        pub start: Option<u32>,
        /// Entries returned (paging); 20 when absent.
        #[wx(query)]
        pub limit: Option<u32>,
        /// Only this launch's entries.
        #[wx(query, rename = "traceId")]
        pub trace_id: Option<String>,
        /// Only this page (`pages/index/index`).
        #[wx(query)]
        pub url: Option<String>,
        /// Only this user: WeChat id or openid.
        #[wx(query)]
        pub id: Option<String>,
        /// Only entries with this filter text.
        #[wx(query, rename = "filterMsg")]
        pub filter_msg: Option<String>,
        /// Only entries at this level or above.
        #[wx(query)]
        pub level: Option<super::LogLevel>,
    }
    pub struct Response {
        /// The entries and their total.
        #[wx(default)]
        pub data: super::LogPage,
    }
}

fn check_log(req: &search_realtime_log::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::operation::search_realtime_log";
    let day = day_number(&req.date, false).ok_or_else(|| {
        ValidationError::new(
            NAME,
            "date",
            format!("{:?} is not a date written yyyymmdd", req.date),
        )
    })?;
    // The day in China time (UTC+8): [00:00, 24:00) as Unix seconds.
    let from = day * 86_400 - 8 * 3600;
    let until = from + 86_400;
    for (field, t) in [("begintime", req.begintime), ("endtime", req.endtime)] {
        if t < from || t >= until {
            return Err(ValidationError::new(
                NAME,
                field,
                format!(
                    "{t} is not within {} (China time): {from}..{until}",
                    req.date
                ),
            ));
        }
    }
    if req.endtime < req.begintime {
        return Err(ValidationError::new(NAME, "endtime", "before begintime"));
    }
    Ok(())
}

/// Launch, download or first-render times by day (`getPerformance`).
#[wx_endpoint(POST "/wxaapi/log/get_performance", app = wxa, validate = super::check_performance,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getperformance.html")]
pub mod get_performance {
    pub struct Request {
        /// Which time.
        pub cost_time_type: super::CostTimeType,
        /// Start, Unix seconds.
        pub default_start_time: i64,
        /// End, Unix seconds.
        pub default_end_time: i64,
        /// Platform: `@_all`, `1` iOS, `2` Android.
        pub device: String,
        /// Code package downloaded (launch time only): `@_all`, `1` yes, `2` no.
        pub is_download_code: String,
        /// Visit source (launch and download times): `@_all` or a value from
        /// [`list_scenes`](super::list_scenes).
        pub scene: String,
        /// Network (download time only): `@_all`, `wifi`, `4g`, `3g`, `2g`.
        pub networktype: String,
    }
    pub struct Response {
        /// The period's times: JSON text `{"list": [{"ref_date", "cost_time_type",
        /// "cost_time"}]}` (read it with [`Response::default_points`]).
        #[wx(default)]
        pub default_time_data: String,
        /// The comparison period's, in the same form (often empty).
        #[wx(default)]
        pub compare_time_data: String,
    }

    impl Request {
        /// `cost_time_type` over `start..=end` (Unix seconds), every filter `@_all`.
        pub fn all(cost_time_type: super::CostTimeType, start: i64, end: i64) -> Self {
            Self::new(
                cost_time_type,
                start,
                end,
                "@_all",
                "@_all",
                "@_all",
                "@_all",
            )
        }
    }

    impl Response {
        /// The points of `default_time_data` (none when it is empty).
        pub fn default_points(&self) -> Result<Vec<super::CostPoint>, serde_json::Error> {
            super::points(&self.default_time_data)
        }
    }
}

/// One day's time in [`get_performance`]'s data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CostPoint {
    /// The day, `yyyymmdd`.
    #[serde(default)]
    pub ref_date: String,
    /// Which time (1 launch, 2 download, 3 first render).
    #[serde(default)]
    pub cost_time_type: i64,
    /// The time, in milliseconds.
    #[serde(default)]
    pub cost_time: i64,
}

fn points(text: &str) -> Result<Vec<CostPoint>, serde_json::Error> {
    #[derive(Deserialize)]
    struct List {
        #[serde(default)]
        list: Vec<CostPoint>,
    }
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str::<List>(text).map(|l| l.list)
}

fn check_performance(req: &get_performance::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::operation::get_performance";
    if req.default_end_time < req.default_start_time {
        return Err(ValidationError::new(
            NAME,
            "default_end_time",
            "before default_start_time",
        ));
    }
    let fields: [(&'static str, &str, &[&str]); 3] = [
        ("device", &req.device, &["@_all", "1", "2"]),
        (
            "is_download_code",
            &req.is_download_code,
            &["@_all", "1", "2"],
        ),
        (
            "networktype",
            &req.networktype,
            &["@_all", "wifi", "4g", "3g", "2g"],
        ),
    ];
    for (field, value, allowed) in fields {
        if !allowed.contains(&value) {
            return Err(ValidationError::new(
                NAME,
                field,
                format!("{value:?} is not one of {allowed:?}"),
            ));
        }
    }
    if req.scene.is_empty() {
        return Err(ValidationError::new(
            NAME,
            "scene",
            "empty; `@_all` or a source value",
        ));
    }
    Ok(())
}

fn check_dates(name: &'static str, start: &str, end: &str) -> Result<(), ValidationError> {
    let bad = |field: &'static str, value: &str| {
        ValidationError::new(
            name,
            field,
            format!("{value:?} is not a date written YYYY-MM-DD"),
        )
    };
    let s = day_number(start, true).ok_or_else(|| bad("startTime", start))?;
    let e = day_number(end, true).ok_or_else(|| bad("endTime", end))?;
    if e < s {
        return Err(ValidationError::new(
            name,
            "endTime",
            format!("{end} is before startTime {start}"),
        ));
    }
    Ok(())
}

/// One JS error, aggregated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsErrorSummary {
    /// MD5 of the message.
    #[serde(default)]
    pub error_msg_md5: String,
    /// The message.
    #[serde(default)]
    pub error_msg: String,
    /// Users affected.
    #[serde(default)]
    pub uv: u64,
    /// Occurrences.
    #[serde(default)]
    pub pv: u64,
    /// MD5 of the stack.
    #[serde(default)]
    pub error_stack_md5: String,
    /// The stack.
    #[serde(default)]
    pub error_stack: String,
    /// Share of the occurrences (`0.1%`).
    #[serde(default)]
    pub pv_percent: String,
    /// Share of the users (`1.1%`).
    #[serde(default)]
    pub uv_percent: String,
}

/// The JS errors of a period (`getJsErrList`).
#[wx_endpoint(POST "/wxaapi/log/jserr_list", app = wxa, validate = super::check_js_errors,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getjserrlist.html")]
pub mod list_js_errors {
    pub struct Request {
        /// Mini Program version, `"0"` for all.
        #[wx(rename = "appVersion")]
        pub app_version: String,
        /// Which errors.
        #[wx(rename = "errType")]
        pub err_type: super::ErrType,
        /// First day, `YYYY-MM-DD`.
        #[wx(rename = "startTime")]
        pub start_time: String,
        /// Last day, `YYYY-MM-DD`.
        #[wx(rename = "endTime")]
        pub end_time: String,
        /// Only errors containing this keyword (empty: all).
        pub keyword: String,
        /// Only this user's errors (empty: all).
        pub openid: String,
        /// Sort key.
        pub orderby: super::OrderBy,
        /// Sort order.
        pub desc: super::ListOrder,
        /// First error returned (paging).
        pub offset: u32,
        /// Errors returned, 1..=30.
        pub limit: u32,
    }
    pub struct Response {
        /// Whether the query succeeded.
        #[wx(default)]
        pub success: bool,
        /// The openid filter, echoed.
        #[wx(default)]
        pub openid: String,
        /// The errors.
        #[wx(default)]
        pub data: Vec<super::JsErrorSummary>,
        /// Errors in total.
        #[wx(default, rename = "totalCount")]
        pub total_count: u64,
    }
}

fn check_js_errors(req: &list_js_errors::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::operation::list_js_errors";
    check_dates(NAME, &req.start_time, &req.end_time)?;
    if req.limit == 0 || req.limit > MAX_JS_ERRORS {
        return Err(ValidationError::new(
            NAME,
            "limit",
            format!("{}, outside 1..={MAX_JS_ERRORS}", req.limit),
        ));
    }
    Ok(())
}

/// One occurrence of a JS error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct JsErrorOccurrence {
    /// Count (as text).
    #[serde(default, rename = "Count")]
    pub count: String,
    /// Base library version.
    #[serde(default, rename = "sdkVersion")]
    pub sdk_version: String,
    /// WeChat client version.
    #[serde(default, rename = "ClientVersion")]
    pub client_version: String,
    /// MD5 of the stack.
    #[serde(default, rename = "errorStackMd5")]
    pub error_stack_md5: String,
    /// When (`2021-01-25 16:36:39`).
    #[serde(default, rename = "TimeStamp")]
    pub time_stamp: String,
    /// Mini Program version.
    #[serde(default, rename = "appVersion")]
    pub app_version: String,
    /// MD5 of the message.
    #[serde(default, rename = "errorMsgMd5")]
    pub error_msg_md5: String,
    /// The message.
    #[serde(default, rename = "errorMsg")]
    pub error_msg: String,
    /// The stack.
    #[serde(default, rename = "errorStack")]
    pub error_stack: String,
    /// The day, `YYYY-MM-DD`.
    #[serde(default, rename = "Ds")]
    pub ds: String,
    /// System (`"1"` Android, `"2"` iOS).
    #[serde(default, rename = "OsName")]
    pub os_name: String,
    /// The user's openid.
    #[serde(default, rename = "openId")]
    pub open_id: String,
    /// Plugin version.
    #[serde(default)]
    pub pluginversion: String,
    /// The Mini Program's appid.
    #[serde(default, rename = "appId")]
    pub app_id: String,
    /// Device model.
    #[serde(default, rename = "DeviceModel")]
    pub device_model: String,
    /// Source.
    #[serde(default)]
    pub source: String,
    /// Page route.
    #[serde(default)]
    pub route: String,
    /// `Uin` (in the page's example, not in its field table).
    #[serde(default, rename = "Uin")]
    pub uin: String,
    /// The user's nickname.
    #[serde(default)]
    pub nickname: String,
}

/// The occurrences of one JS error (`getJsErrDetail`).
#[wx_endpoint(POST "/wxaapi/log/jserr_detail", app = wxa, validate = super::check_js_error_detail,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/operation/api_getjserrdetail.html")]
pub mod get_js_error_detail {
    pub struct Request {
        /// First day, `YYYY-MM-DD`.
        #[wx(rename = "startTime")]
        pub start_time: String,
        /// Last day, `YYYY-MM-DD`.
        #[wx(rename = "endTime")]
        pub end_time: String,
        /// MD5 of the message (from [`list_js_errors`](super::list_js_errors)).
        #[wx(rename = "errorMsgMd5")]
        pub error_msg_md5: String,
        /// MD5 of the stack (from [`list_js_errors`](super::list_js_errors)).
        #[wx(rename = "errorStackMd5")]
        pub error_stack_md5: String,
        /// Mini Program version, `"0"` for all.
        #[wx(rename = "appVersion")]
        pub app_version: String,
        /// Base library version, `"0"` for all.
        #[wx(rename = "sdkVersion")]
        pub sdk_version: String,
        /// System.
        #[wx(rename = "osName")]
        pub os_name: super::OsName,
        /// WeChat client version, `"0"` for all.
        #[wx(rename = "clientVersion")]
        pub client_version: String,
        /// Only this user's occurrences (empty: all).
        pub openid: String,
        /// First occurrence returned (paging).
        pub offset: u32,
        /// Occurrences returned.
        pub limit: u32,
        /// Sort order.
        pub desc: super::DetailOrder,
    }
    pub struct Response {
        /// Whether the query succeeded.
        #[wx(default)]
        pub success: bool,
        /// The openid filter, echoed.
        #[wx(default)]
        pub openid: String,
        /// The occurrences.
        #[wx(default)]
        pub data: Vec<super::JsErrorOccurrence>,
        /// Occurrences in total.
        #[wx(default, rename = "totalCount")]
        pub total_count: u64,
    }
}

fn check_js_error_detail(req: &get_js_error_detail::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::operation::get_js_error_detail";
    check_dates(NAME, &req.start_time, &req.end_time)?;
    for (field, value) in [
        ("errorMsgMd5", &req.error_msg_md5),
        ("errorStackMd5", &req.error_stack_md5),
    ] {
        if value.is_empty() {
            return Err(ValidationError::new(
                NAME,
                field,
                "empty; the MD5 from list_js_errors is required",
            ));
        }
    }
    Ok(())
}
