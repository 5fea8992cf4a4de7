//! Mini Program data analytics (数据分析): visit retention, visit trends, the daily summary,
//! the user portrait, the visit distribution, the visited pages, and the performance data.
//!
//! The `/datacube/getweanalysisappid*` endpoints take a date range `{"begin_date":
//! "yyyymmdd", "end_date": "yyyymmdd"}` (no dashes, unlike the Official Account's
//! `/datacube/*`), and each accepts only one documented shape of range, checked before
//! sending with the dates' format (WeChat answers 61500 for a bad date, 61501 for a range
//! it refuses):
//!
//! | endpoint | range ([`Period`]) |
//! |---|---|
//! | [`get_daily_retain`], [`get_daily_summary`], [`get_daily_visit_trend`], [`get_visit_distribution`], [`get_visit_page`] | one day: `begin_date == end_date` |
//! | [`get_weekly_retain`], [`get_weekly_visit_trend`] | one natural week: `begin_date` a Monday, `end_date` the Sunday after it |
//! | [`get_monthly_retain`], [`get_monthly_visit_trend`] | one natural month: `begin_date` its first day, `end_date` its last day |
//! | [`get_user_portrait`] | the last 1, 7 or 30 days: `end_date - begin_date` is 0, 6 or 29 days |
//!
//! `end_date` may be yesterday at the latest (the monthly trend's newest data is last month);
//! that is not checked here, since the client's clock is not WeChat's.
//!
//! [`get_performance`] (`/wxa/business/performance/boot`) takes a `module` ([`PerfModule`]),
//! a time range in Unix seconds spanning at most 30 days ([`MAX_PERFORMANCE_SPAN_SECS`],
//! `begin_timestamp <= end_timestamp`), and optional filters ([`PerfFilter`]: network type,
//! device level, platform).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Longest span of [`get_performance`]'s time range: 30 days, in seconds.
pub const MAX_PERFORMANCE_SPAN_SECS: i64 = 30 * 86_400;

/// The shape of date range an analytics endpoint accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One day: `begin_date == end_date`.
    Day,
    /// One natural week: a Monday to the Sunday after it.
    Week,
    /// One natural month: its first day to its last day.
    Month,
    /// The last 1, 7 or 30 days: `end_date - begin_date` is 0, 6 or 29 days.
    Portrait,
}

/// A `yyyymmdd` date as (days since 1970-01-01, year, month, day, days in that month);
/// `None` unless it is a real date written with exactly eight digits.
fn parse_date(date: &str) -> Option<(i64, i64, i64, i64, i64)> {
    let b = date.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0i64, |acc, c| acc * 10 + i64::from(c - b'0'))
    };
    let (y, m, d) = (num(0..4), num(4..6), num(6..8));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > month_days {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468, y, m, d, month_days))
}

/// Checks `begin_date..=end_date` (both `yyyymmdd`) against `period`, for endpoint `name`.
pub fn check_period(
    name: &'static str,
    period: Period,
    begin_date: &str,
    end_date: &str,
) -> Result<(), ValidationError> {
    let bad = |field: &'static str, value: &str| {
        ValidationError::new(
            name,
            field,
            format!("{value:?} is not a date written yyyymmdd (WeChat answers 61500)"),
        )
    };
    let (begin, _, _, begin_day, _) =
        parse_date(begin_date).ok_or_else(|| bad("begin_date", begin_date))?;
    let (end, end_y, end_m, end_day, end_month_days) =
        parse_date(end_date).ok_or_else(|| bad("end_date", end_date))?;
    let refuse = |field: &'static str, limit: String| {
        Err(ValidationError::new(
            name,
            field,
            format!("{limit} (WeChat answers 61501)"),
        ))
    };
    if end < begin {
        return refuse(
            "end_date",
            format!("{end_date} is before begin_date {begin_date}"),
        );
    }
    match period {
        Period::Day if end != begin => refuse(
            "end_date",
            format!("one day only: end_date must equal begin_date {begin_date}"),
        ),
        Period::Week if (begin + 3).rem_euclid(7) != 0 => refuse(
            "begin_date",
            format!("{begin_date} is not a Monday; one natural week, Monday to Sunday"),
        ),
        Period::Week if end != begin + 6 => refuse(
            "end_date",
            format!("{end_date} is not the Sunday after {begin_date}; one natural week"),
        ),
        Period::Month if begin_day != 1 => refuse(
            "begin_date",
            format!("{begin_date} is not the first day of a month; one natural month"),
        ),
        Period::Month if end_day != end_month_days || end - begin + 1 != end_month_days => refuse(
            "end_date",
            format!(
                "{end_date} is not the last day of the month beginning {begin_date} \
                     ({end_y:04}{end_m:02}{end_month_days:02} would be); one natural month"
            ),
        ),
        Period::Portrait if !matches!(end - begin, 0 | 6 | 29) => refuse(
            "end_date",
            format!(
                "{begin_date}..={end_date} spans {} days; the last 1, 7 or 30 days only",
                end - begin + 1
            ),
        ),
        _ => Ok(()),
    }
}

/// One retention figure (`visit_uv_new[]`, `visit_uv[]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeyValue {
    /// Which period: 0 the queried day/week/month itself, 1 one later, ... (daily: 0..=7,
    /// 14, 30; weekly: 0..=4; monthly: 0, 1). In the visit distribution, the bucket's id.
    #[serde(default)]
    pub key: i64,
    /// At `key` 0 the new (or active) users; later, those of them retained. In the visit
    /// distribution, the bucket's visits.
    #[serde(default)]
    pub value: u64,
}

/// Day-, week- or month-level visit trend row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VisitTrend {
    /// The period: `yyyymmdd` (daily), `yyyymmdd-yyyymmdd` (weekly), `yyyymm` (monthly).
    #[serde(default)]
    pub ref_date: String,
    /// Times the Mini Program was opened.
    #[serde(default)]
    pub session_cnt: u64,
    /// Visits (page views).
    #[serde(default)]
    pub visit_pv: u64,
    /// Visitors (distinct within the period).
    #[serde(default)]
    pub visit_uv: u64,
    /// New visitors (distinct within the period).
    #[serde(default)]
    pub visit_uv_new: u64,
    /// Average stay per visitor, in seconds.
    #[serde(default)]
    pub stay_time_uv: f64,
    /// Average stay per opening, in seconds.
    #[serde(default)]
    pub stay_time_session: f64,
    /// Average visit depth (pages per opening).
    #[serde(default)]
    pub visit_depth: f64,
}

/// A row of the daily summary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// The day, `yyyymmdd`.
    #[serde(default)]
    pub ref_date: String,
    /// Users in total (累计用户数).
    #[serde(default)]
    pub visit_total: u64,
    /// Shares (转发次数).
    #[serde(default)]
    pub share_pv: u64,
    /// Users who shared (转发人数).
    #[serde(default)]
    pub share_uv: u64,
}

/// One value of a portrait attribute (a province, an age band, a platform...).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PortraitItem {
    /// The value's id (absent for devices in the documented example).
    #[serde(default)]
    pub id: Option<i64>,
    /// The value's name (`广东省`, `男`, `iPhone`, `17岁以下`...).
    #[serde(default)]
    pub name: String,
    /// Users with that value.
    #[serde(default)]
    pub value: u64,
}

/// The portrait of new or active users: the distribution of each attribute.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Portrait {
    /// Provinces.
    #[serde(default)]
    pub province: Vec<PortraitItem>,
    /// Cities.
    #[serde(default)]
    pub city: Vec<PortraitItem>,
    /// Genders: male, female, unknown.
    #[serde(default)]
    pub genders: Vec<PortraitItem>,
    /// Platforms (iPhone, Android, other).
    #[serde(default)]
    pub platforms: Vec<PortraitItem>,
    /// Device models.
    #[serde(default)]
    pub devices: Vec<PortraitItem>,
    /// Age bands (under 17, 18-24, ...).
    #[serde(default)]
    pub ages: Vec<PortraitItem>,
}

/// Which distribution a [`Distribution`] is (`index`); other names kept as they came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DistributionIndex {
    /// `access_source_session_cnt`: openings by source (key: the source, e.g. 1 history
    /// list, 2 search, 3 chat, 4 QR scan).
    SourceSessions,
    /// `access_staytime_info`: openings by stay-time band.
    StayTime,
    /// `access_depth_info`: openings by visit depth.
    Depth,
    /// Any other name (WeChat also answers `access_source_visit_uv`, which the page's list
    /// of values omits).
    Other(String),
}

impl DistributionIndex {
    /// The name on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::SourceSessions => "access_source_session_cnt",
            Self::StayTime => "access_staytime_info",
            Self::Depth => "access_depth_info",
            Self::Other(s) => s,
        }
    }
}

impl Serialize for DistributionIndex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DistributionIndex {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.as_str() {
            "access_source_session_cnt" => Self::SourceSessions,
            "access_staytime_info" => Self::StayTime,
            "access_depth_info" => Self::Depth,
            _ => Self::Other(s),
        })
    }
}

/// One distribution of the visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    /// Which distribution.
    pub index: DistributionIndex,
    /// Its buckets: `key` the bucket id (its meaning depends on `index`), `value` the visits.
    #[serde(default)]
    pub item_list: Vec<KeyValue>,
}

/// One page's visits of the day (the top 200 by `page_visit_pv`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PageStat {
    /// The page's path.
    #[serde(default)]
    pub page_path: String,
    /// Visits.
    #[serde(default)]
    pub page_visit_pv: u64,
    /// Visitors.
    #[serde(default)]
    pub page_visit_uv: u64,
    /// Average stay per visit, in seconds.
    #[serde(default)]
    pub page_staytime_pv: f64,
    /// Times it was the entry page.
    #[serde(default)]
    pub entrypage_pv: u64,
    /// Times it was the exit page.
    #[serde(default)]
    pub exitpage_pv: u64,
    /// Shares.
    #[serde(default)]
    pub page_share_pv: u64,
    /// Users who shared it.
    #[serde(default)]
    pub page_share_uv: u64,
}

/// Daily retention of the visitors (`getDailyRetain`): one day.
#[wx_endpoint(POST "/datacube/getweanalysisappiddailyretaininfo", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/visit-retain/api_getdailyretain.html")]
pub mod get_daily_retain {
    pub struct Request {
        /// First day, `yyyymmdd` (see the module's table of ranges).
        pub begin_date: String,
        /// Last day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The period: `yyyymmdd`, `yyyymmdd-yyyymmdd` or `yyyymm`.
        #[wx(default)]
        pub ref_date: String,
        /// Retention of the new users.
        #[wx(default)]
        pub visit_uv_new: Vec<super::KeyValue>,
        /// Retention of the active users.
        #[wx(default)]
        pub visit_uv: Vec<super::KeyValue>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Day;
    }
}

/// Weekly retention of the visitors (`getWeeklyRetain`): one natural week, Monday to Sunday.
#[wx_endpoint(POST "/datacube/getweanalysisappidweeklyretaininfo", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/visit-retain/api_getweeklyretain.html")]
pub mod get_weekly_retain {
    pub struct Request {
        /// First day, `yyyymmdd` (see the module's table of ranges).
        pub begin_date: String,
        /// Last day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The period: `yyyymmdd`, `yyyymmdd-yyyymmdd` or `yyyymm`.
        #[wx(default)]
        pub ref_date: String,
        /// Retention of the new users.
        #[wx(default)]
        pub visit_uv_new: Vec<super::KeyValue>,
        /// Retention of the active users.
        #[wx(default)]
        pub visit_uv: Vec<super::KeyValue>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Week;
    }
}

/// Monthly retention of the visitors (`getMonthlyRetain`): one natural month.
#[wx_endpoint(POST "/datacube/getweanalysisappidmonthlyretaininfo", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/visit-retain/api_getmonthlyretain.html")]
pub mod get_monthly_retain {
    pub struct Request {
        /// First day, `yyyymmdd` (see the module's table of ranges).
        pub begin_date: String,
        /// Last day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The period: `yyyymmdd`, `yyyymmdd-yyyymmdd` or `yyyymm`.
        #[wx(default)]
        pub ref_date: String,
        /// Retention of the new users.
        #[wx(default)]
        pub visit_uv_new: Vec<super::KeyValue>,
        /// Retention of the active users.
        #[wx(default)]
        pub visit_uv: Vec<super::KeyValue>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Month;
    }
}

/// Daily visit trend (`getDailyVisitTrend`): one day.
#[wx_endpoint(POST "/datacube/getweanalysisappiddailyvisittrend", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/visit-trend/api_getdailyvisittrend.html")]
pub mod get_daily_visit_trend {
    pub struct Request {
        /// First day, `yyyymmdd` (see the module's table of ranges).
        pub begin_date: String,
        /// Last day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The period's figures (one row).
        #[wx(default)]
        pub list: Vec<super::VisitTrend>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Day;
    }
}

/// Weekly visit trend (`getWeeklyVisitTrend`): one natural week, Monday to Sunday.
#[wx_endpoint(POST "/datacube/getweanalysisappidweeklyvisittrend", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/visit-trend/api_getweeklyvisittrend.html")]
pub mod get_weekly_visit_trend {
    pub struct Request {
        /// First day, `yyyymmdd` (see the module's table of ranges).
        pub begin_date: String,
        /// Last day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The period's figures (one row).
        #[wx(default)]
        pub list: Vec<super::VisitTrend>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Week;
    }
}

/// Monthly visit trend (`getMonthlyVisitTrend`): one natural month (last month at the latest).
#[wx_endpoint(POST "/datacube/getweanalysisappidmonthlyvisittrend", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/visit-trend/api_getmonthlyvisittrend.html")]
pub mod get_monthly_visit_trend {
    pub struct Request {
        /// First day, `yyyymmdd` (see the module's table of ranges).
        pub begin_date: String,
        /// Last day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The period's figures (one row).
        #[wx(default)]
        pub list: Vec<super::VisitTrend>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Month;
    }
}

/// Summary of the visits (`getDailySummary`): users in total and shares, one day.
#[wx_endpoint(POST "/datacube/getweanalysisappiddailysummarytrend", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/others/api_getdailysummary.html")]
pub mod get_daily_summary {
    pub struct Request {
        /// The day, `yyyymmdd`.
        pub begin_date: String,
        /// The same day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The day's row.
        #[wx(default)]
        pub list: Vec<super::Summary>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Day;
    }
}

/// Portrait of new and active users (`getUserPortrait`): the last 1, 7 or 30 days.
#[wx_endpoint(POST "/datacube/getweanalysisappiduserportrait", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/others/api_getuserportrait.html")]
pub mod get_user_portrait {
    pub struct Request {
        /// First day, `yyyymmdd`.
        pub begin_date: String,
        /// Last day, `yyyymmdd`: 0, 6 or 29 days after `begin_date`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The range (`yyyymmdd-yyyymmdd`, or one day).
        #[wx(default)]
        pub ref_date: String,
        /// The new users' portrait.
        #[wx(default)]
        pub visit_uv_new: super::Portrait,
        /// The active users' portrait.
        #[wx(default)]
        pub visit_uv: super::Portrait,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Portrait;
    }
}

/// Distribution of the visits by source, stay time and depth (`getVisitDistribution`): one
/// day.
#[wx_endpoint(POST "/datacube/getweanalysisappidvisitdistribution", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/others/api_getvisitdistribution.html")]
pub mod get_visit_distribution {
    pub struct Request {
        /// The day, `yyyymmdd`.
        pub begin_date: String,
        /// The same day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The day, `yyyymmdd`.
        #[wx(default)]
        pub ref_date: String,
        /// One entry per distribution.
        #[wx(default)]
        pub list: Vec<super::Distribution>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Day;
    }
}

/// Visited pages (`getVisitPage`): the top 200 pages by visits, one day.
#[wx_endpoint(POST "/datacube/getweanalysisappidvisitpage", app = wxa, validate = super::check_dates,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/others/api_getvisitpage.html")]
pub mod get_visit_page {
    pub struct Request {
        /// The day, `yyyymmdd`.
        pub begin_date: String,
        /// The same day, `yyyymmdd`, yesterday at the latest.
        pub end_date: String,
    }
    pub struct Response {
        /// The day, `yyyymmdd`.
        #[wx(default)]
        pub ref_date: String,
        /// The pages.
        #[wx(default)]
        pub list: Vec<super::PageStat>,
    }
    impl Request {
        /// The range's shape.
        pub const PERIOD: super::Period = super::Period::Day;
    }
}

/// The date-range requests, for their one validation function.
trait DateRange {
    const NAME: &'static str;
    const PERIOD: Period;
    fn dates(&self) -> (&str, &str);
}

macro_rules! date_range {
    ($($m:ident),+) => {$(
        impl DateRange for $m::Request {
            const NAME: &'static str = concat!("wxa::datacube::", stringify!($m));
            const PERIOD: Period = $m::Request::PERIOD;
            fn dates(&self) -> (&str, &str) {
                (&self.begin_date, &self.end_date)
            }
        }
    )+};
}

date_range!(
    get_daily_retain,
    get_weekly_retain,
    get_monthly_retain,
    get_daily_visit_trend,
    get_weekly_visit_trend,
    get_monthly_visit_trend,
    get_daily_summary,
    get_user_portrait,
    get_visit_distribution,
    get_visit_page
);

fn check_dates<R: DateRange>(req: &R) -> Result<(), ValidationError> {
    let (begin, end) = req.dates();
    check_period(R::NAME, R::PERIOD, begin, end)
}

/// What [`get_performance`] reads out (`module`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerfModule {
    /// `10016`: the opening rate (filters: network type, device level).
    OpenRate,
    /// `10017`: the time of each launch stage (filters: network type, device level).
    LaunchStages,
    /// `10021`: page switch time (filter: device level).
    PageSwitch,
    /// `10022`: memory figures (filter: device level).
    Memory,
    /// `10023`: memory faults (filter: device level).
    MemoryFaults,
}

impl PerfModule {
    /// The number on the wire.
    pub fn code(self) -> u32 {
        match self {
            Self::OpenRate => 10016,
            Self::LaunchStages => 10017,
            Self::PageSwitch => 10021,
            Self::Memory => 10022,
            Self::MemoryFaults => 10023,
        }
    }
}

impl Serialize for PerfModule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.code())
    }
}

impl<'de> Deserialize<'de> for PerfModule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match u32::deserialize(d)? {
            10016 => Self::OpenRate,
            10017 => Self::LaunchStages,
            10021 => Self::PageSwitch,
            10022 => Self::Memory,
            10023 => Self::MemoryFaults,
            n => {
                return Err(serde::de::Error::custom(format!(
                    "module {n} is not one of 10016, 10017, 10021, 10022, 10023"
                )))
            }
        })
    }
}

/// A filter's dimension (`params[].field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerfField {
    /// `networktype`: `-1` all (the default), `3g`, `4g`, `wifi`.
    #[serde(rename = "networktype")]
    NetworkType,
    /// `device_level`: `-1` all (the default), `1` high-end, `2` mid-range, `3` low-end.
    DeviceLevel,
    /// `device`: `-1` all platforms (the default), `1` iOS, `2` Android.
    Device,
}

/// One filter of [`get_performance`] (`params[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerfFilter {
    /// The dimension.
    pub field: PerfField,
    /// Its value (see [`PerfField`] for each dimension's values).
    pub value: String,
}

impl PerfFilter {
    /// The values each dimension documents.
    pub fn allowed(field: PerfField) -> &'static [&'static str] {
        match field {
            PerfField::NetworkType => &["-1", "3g", "4g", "wifi"],
            PerfField::DeviceLevel => &["-1", "1", "2", "3"],
            PerfField::Device => &["-1", "1", "2"],
        }
    }
}

/// The time range of [`get_performance`], Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerfTime {
    /// Start, Unix seconds.
    pub begin_timestamp: i64,
    /// End, Unix seconds; at most 30 days after the start.
    pub end_timestamp: i64,
}

/// One day's value of a metric.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PerfPoint {
    /// The day, `yyyymmdd`.
    #[serde(default)]
    pub refdate: String,
    /// The value, as text.
    #[serde(default)]
    pub value: String,
}

/// A line of a metric: its values by day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PerfLine {
    /// The values, one per day.
    #[serde(default)]
    pub fields: Vec<PerfPoint>,
}

/// One metric.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PerfTable {
    /// The metric's id.
    #[serde(default)]
    pub id: String,
    /// Its lines over time.
    #[serde(default)]
    pub lines: Vec<PerfLine>,
    /// Its Chinese name.
    #[serde(default)]
    pub zh: String,
}

/// The metrics (`data.body`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PerfBody {
    /// The metrics.
    #[serde(default)]
    pub tables: Vec<PerfTable>,
    /// How many there are.
    #[serde(default)]
    pub count: u64,
}

/// The reply's `data`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PerfData {
    /// The metrics.
    #[serde(default)]
    pub body: PerfBody,
}

/// Launch and runtime performance (`getPerformanceData`): one module over at most 30 days.
#[wx_endpoint(POST "/wxa/business/performance/boot", app = wxa, validate = super::check_performance,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/data-analysis/others/api_getperformancedata.html")]
pub mod get_performance {
    pub struct Request {
        /// What to read out.
        pub module: super::PerfModule,
        /// The time range, at most 30 days.
        pub time: super::PerfTime,
        /// Filters (network type, device level, platform); none means all.
        pub params: Option<Vec<super::PerfFilter>>,
    }
    pub struct Response {
        /// The metrics.
        #[wx(default)]
        pub data: super::PerfData,
    }
}

fn check_performance(req: &get_performance::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::datacube::get_performance";
    let PerfTime {
        begin_timestamp: begin,
        end_timestamp: end,
    } = req.time;
    if begin < 0 || end < begin {
        return Err(ValidationError::new(
            NAME,
            "time",
            format!("begin_timestamp {begin} .. end_timestamp {end}: not a range of Unix seconds"),
        ));
    }
    if end - begin > MAX_PERFORMANCE_SPAN_SECS {
        return Err(ValidationError::new(
            NAME,
            "time",
            format!(
                "spans {} seconds; at most 30 days ({MAX_PERFORMANCE_SPAN_SECS} s)",
                end - begin
            ),
        ));
    }
    for filter in req.params.iter().flatten() {
        let allowed = PerfFilter::allowed(filter.field);
        if !allowed.contains(&filter.value.as_str()) {
            return Err(ValidationError::new(
                NAME,
                "params",
                format!(
                    "{:?} = {:?} is not one of {allowed:?}",
                    filter.field, filter.value
                ),
            ));
        }
    }
    Ok(())
}
