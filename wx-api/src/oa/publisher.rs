//! Ad analytics of a 流量主 (an account that shows WeChat ads and is paid for them):
//! `GET /publisher/stat`, ONE path whose `action` query parameter picks the report
//! ([`Action`]): figures by ad slot type (`publisher_adpos_general`, at most 90 days a
//! call), commission goods (`publisher_cps_general`, Official Accounts, at most 60 days),
//! settlements (`publisher_settlement`), and for Mini Programs and Mini Games figures by ad
//! unit (`publisher_adunit_general`, at most 90 days) and the list of ad units
//! (`get_adunit_list`, no dates). The Official Account and the Mini Program docs both list
//! the path; it is declared once (`app = both`).
//!
//! Every report is paged: `page` from 1, `page_size` 1..=90 rows; dates `YYYY-MM-DD`
//! (required by every action but `get_adunit_list`), `start_date <= end_date`, within the
//! action's span, both ends included (all checked before sending). A settlement period is
//! returned when it overlaps the dates at all. WeChat keeps data from 2016-01-01 on.
//! Errors: 45009 (too frequent), 45010 (unknown action), 1701 (bad parameter), 2009 (not
//! a 流量主). The pages' settlement example is not valid JSON (a comma is missing after
//! `zone`); its fields are those of [`Settlement`].
//!
//! Replies carry their outcome in `base_resp` (`ret` 0 and `err_msg` "ok" on success)
//! rather than in `errcode`: token errors still come as `errcode` (and become errors),
//! but a report-level failure decodes as a [`get_stat::Response`] whose
//! [`failure`](get_stat::Response::failure) says what went wrong.

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The report asked for (`action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Action {
    /// `publisher_adpos_general`: figures per ad slot and day (at most 90 days a call).
    #[serde(rename = "publisher_adpos_general")]
    AdposGeneral,
    /// `publisher_cps_general`: commission-goods (返佣商品) figures per day (at most 60 days).
    #[serde(rename = "publisher_cps_general")]
    CpsGeneral,
    /// `publisher_settlement`: settled income and the settling entity (no span limit).
    #[serde(rename = "publisher_settlement")]
    Settlement,
    /// `publisher_adunit_general`: figures per ad unit and day (Mini Programs and Mini
    /// Games; at most 90 days).
    #[serde(rename = "publisher_adunit_general")]
    AdunitGeneral,
    /// `get_adunit_list`: the ad units (Mini Programs and Mini Games; no dates).
    #[serde(rename = "get_adunit_list")]
    AdunitList,
}

impl Action {
    /// The longest date range one call may cover, in days; `None` for no documented limit.
    pub fn max_span_days(self) -> Option<i64> {
        match self {
            Action::AdposGeneral | Action::AdunitGeneral => Some(90),
            Action::CpsGeneral => Some(60),
            Action::Settlement | Action::AdunitList => None,
        }
    }
}

/// An ad slot type (`ad_slot`), as the ad-analytics pages list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AdSlot {
    /// `SLOT_ID_BIZ_BOTTOM`: the ad at the bottom of an article.
    #[serde(rename = "SLOT_ID_BIZ_BOTTOM")]
    BizBottom,
    /// `SLOT_ID_BIZ_MID_CONTEXT`: an ad inside an article.
    #[serde(rename = "SLOT_ID_BIZ_MID_CONTEXT")]
    BizMidContext,
    /// `SLOT_ID_BIZ_VIDEO_END`: the ad after an article's video.
    #[serde(rename = "SLOT_ID_BIZ_VIDEO_END")]
    BizVideoEnd,
    /// `SLOT_ID_BIZ_SPONSOR`: mutually selected (互选) ads.
    #[serde(rename = "SLOT_ID_BIZ_SPONSOR")]
    BizSponsor,
    /// `SLOT_ID_BIZ_CPS`: commission goods.
    #[serde(rename = "SLOT_ID_BIZ_CPS")]
    BizCps,
    /// `SLOT_ID_WEAPP_BANNER`: Mini Program banner.
    #[serde(rename = "SLOT_ID_WEAPP_BANNER")]
    WeappBanner,
    /// `SLOT_ID_WEAPP_REWARD_VIDEO`: Mini Program rewarded video.
    #[serde(rename = "SLOT_ID_WEAPP_REWARD_VIDEO")]
    WeappRewardVideo,
    /// `SLOT_ID_WEAPP_INTERSTITIAL`: Mini Program interstitial.
    #[serde(rename = "SLOT_ID_WEAPP_INTERSTITIAL")]
    WeappInterstitial,
    /// `SLOT_ID_WEAPP_VIDEO_FEEDS`: Mini Program video ad.
    #[serde(rename = "SLOT_ID_WEAPP_VIDEO_FEEDS")]
    WeappVideoFeeds,
    /// `SLOT_ID_WEAPP_VIDEO_BEGIN`: Mini Program pre-roll.
    #[serde(rename = "SLOT_ID_WEAPP_VIDEO_BEGIN")]
    WeappVideoBegin,
    /// `SLOT_ID_WEAPP_BOX`: Mini Program grid (格子) ad.
    #[serde(rename = "SLOT_ID_WEAPP_BOX")]
    WeappBox,
    /// `SLOT_ID_WEAPP_TEMPLATE`: Mini Program native template ad.
    #[serde(rename = "SLOT_ID_WEAPP_TEMPLATE")]
    WeappTemplate,
    /// `SLOT_ID_WEAPP_COVER`: cover ad.
    #[serde(rename = "SLOT_ID_WEAPP_COVER")]
    WeappCover,
}

/// The outcome of a report (`base_resp`): `ret` 0 on success.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BaseResp {
    /// 0 on success, WeChat's code otherwise.
    #[serde(default)]
    pub ret: i64,
    /// `ok`, or what went wrong.
    #[serde(default)]
    pub err_msg: String,
}

/// A row (or the summary) of `publisher_adpos_general` and `publisher_cps_general`: the
/// fields the action does not report are absent. Amounts are in fen (分).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AdStat {
    /// The day, `YYYY-MM-DD` (not in summaries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The ad slot type by name (adpos rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_slot: Option<String>,
    /// The ad slot type by its older numeric id (adpos rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_id: Option<i64>,
    /// Ads fetched successfully (拉取量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub req_succ_count: Option<u64>,
    /// Exposures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure_count: Option<u64>,
    /// Exposures per fetch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure_rate: Option<f64>,
    /// Clicks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click_count: Option<u64>,
    /// Clicks per exposure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click_rate: Option<f64>,
    /// Income, fen (adpos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<i64>,
    /// Income per thousand exposures, fen (adpos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecpm: Option<f64>,
    /// Orders (cps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_count: Option<u64>,
    /// Orders per click (cps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_rate: Option<f64>,
    /// Order amount, fen (cps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_fee: Option<i64>,
    /// Commission, fen (cps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_commission: Option<i64>,
    /// The ad unit's id (`publisher_adunit_general` rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_unit_id: Option<String>,
    /// The ad unit's name (`publisher_adunit_general` rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_unit_name: Option<String>,
    /// Any other field, as WeChat named it (e.g. the `stat_item` figures of
    /// `publisher_adunit_general` rows, shaped as the fields above).
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// An ad unit of `get_adunit_list`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AdUnit {
    /// The ad slot type by name.
    #[serde(default)]
    pub ad_slot: String,
    /// The ad unit's id (`adunit-...`).
    #[serde(default)]
    pub ad_unit_id: String,
    /// Its name.
    #[serde(default)]
    pub ad_unit_name: String,
    /// Its sizes.
    #[serde(default)]
    pub ad_unit_size: Vec<AdUnitSize>,
    /// Its status, e.g. `AD_UNIT_STATUS_ON`.
    #[serde(default)]
    pub ad_unit_status: String,
    /// Any other field (`ad_unit_type`, `appid`, `video_duration_max`...), as WeChat named it.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// A size of an [`AdUnit`], pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AdUnitSize {
    /// Height.
    #[serde(default)]
    pub height: u32,
    /// Width.
    #[serde(default)]
    pub width: u32,
}

/// A settlement period of `publisher_settlement`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Settlement {
    /// When the data was last updated, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
    /// The period, in words (e.g. `2020年3月1日至15日`).
    #[serde(default)]
    pub zone: String,
    /// The month, `YYYYMM`.
    #[serde(default)]
    pub month: String,
    /// 1: first half of the month; 2: second half.
    #[serde(default)]
    pub order: i64,
    /// 1 settling (结算中), 2 or 3 settled (已结算), 4 being paid (付款中), 5 paid (已付款).
    #[serde(default)]
    pub sett_status: i64,
    /// Settled income, fen.
    #[serde(default)]
    pub settled_revenue: i64,
    /// The settlement number.
    #[serde(default)]
    pub sett_no: String,
    /// How many times a re-sent statement was asked for (a string of digits in the example).
    #[serde(default)]
    pub mail_send_cnt: serde_json::Value,
    /// Settled income per ad slot.
    #[serde(default)]
    pub slot_revenue: Vec<SlotRevenue>,
    /// Any other field, as WeChat named it.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// Settled income of one ad slot.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SlotRevenue {
    /// The slot earning it (a type name such as `SLOT_ID_WEAPP_BANNER` in the example).
    #[serde(default)]
    pub slot_id: serde_json::Value,
    /// Its settled income, fen.
    #[serde(default)]
    pub slot_settled_revenue: i64,
}

/// Longest page of every report.
pub const MAX_PAGE_SIZE: u32 = 90;

/// One page of an ad-analytics report; `action` picks which (see the module docs).
#[wx_endpoint(GET "/publisher/stat", app = both, validate = super::check_stat,
    doc = "https://developers.weixin.qq.com/doc/service/guide/product/analysis_data/ad/Ad_Analysis.html")]
pub mod get_stat {
    pub struct Request {
        /// The report.
        #[wx(query)]
        pub action: super::Action,
        /// The page, from 1.
        #[wx(query)]
        pub page: u32,
        /// Rows a page, 1..=90.
        #[wx(query)]
        pub page_size: u32,
        /// The first day, `YYYY-MM-DD` (data from 2016-01-01 on); required but for
        /// `get_adunit_list`.
        #[wx(query)]
        pub start_date: Option<String>,
        /// The last day (included), `YYYY-MM-DD`; required but for `get_adunit_list`.
        #[wx(query)]
        pub end_date: Option<String>,
        /// Only this ad slot type; every type when absent.
        #[wx(query)]
        pub ad_slot: Option<super::AdSlot>,
        /// Only this ad unit (`publisher_adunit_general`, `get_adunit_list`).
        #[wx(query)]
        pub ad_unit_id: Option<String>,
    }
    pub struct Response {
        /// The report's outcome; see [`Response::failure`].
        #[wx(default)]
        pub base_resp: super::BaseResp,
        /// The rows (`publisher_adpos_general`, `publisher_cps_general`), by date descending.
        #[wx(default)]
        pub list: Vec<super::AdStat>,
        /// The totals over the range (`publisher_adpos_general`, `publisher_cps_general`).
        pub summary: Option<super::AdStat>,
        /// Rows in the whole report (for paging).
        #[wx(default)]
        pub total_num: u64,
        /// The settling entity's name (`publisher_settlement`).
        pub body: Option<String>,
        /// Total penalties, fen (`publisher_settlement`).
        pub penalty_all: Option<i64>,
        /// Total income, fen (`publisher_settlement`).
        pub revenue_all: Option<i64>,
        /// Total settled income, fen (`publisher_settlement`).
        pub settled_revenue_all: Option<i64>,
        /// The settlement periods (`publisher_settlement`).
        #[wx(default)]
        pub settlement_list: Vec<super::Settlement>,
        /// The ad units (`get_adunit_list`).
        #[wx(default)]
        pub ad_unit: Vec<super::AdUnit>,
    }

    impl Request {
        /// A dated report (every action but `get_adunit_list`): page `page` (from 1) of
        /// `page_size` (1..=90) rows, `start_date..=end_date` (`YYYY-MM-DD`).
        pub fn dated(
            action: super::Action,
            page: u32,
            page_size: u32,
            start_date: impl Into<String>,
            end_date: impl Into<String>,
        ) -> Self {
            Self::new(action, page, page_size)
                .start_date(start_date)
                .end_date(end_date)
        }
    }

    impl Response {
        /// `Some((ret, err_msg))` when the report failed (`base_resp.ret` ≠ 0).
        pub fn failure(&self) -> Option<(i64, &str)> {
            (self.base_resp.ret != 0)
                .then_some((self.base_resp.ret, self.base_resp.err_msg.as_str()))
        }
    }
}

/// Checks a report request: `page` ≥ 1, `page_size` 1..=[`MAX_PAGE_SIZE`], both dates
/// `YYYY-MM-DD`, in order, and within the action's span.
fn check_stat(req: &get_stat::Request) -> Result<(), ValidationError> {
    const NAME: &str = "publisher::get_stat";
    if req.page == 0 {
        return Err(ValidationError::new(NAME, "page", "0; pages count from 1"));
    }
    if !(1..=MAX_PAGE_SIZE).contains(&req.page_size) {
        return Err(ValidationError::new(
            NAME,
            "page_size",
            format!("{}; a page holds 1..={MAX_PAGE_SIZE} rows", req.page_size),
        ));
    }
    let day = |field: &'static str, date: &str| {
        super::datacube::day_number(date).ok_or_else(|| {
            ValidationError::new(
                NAME,
                field,
                format!("{date:?} is not a date in the form YYYY-MM-DD"),
            )
        })
    };
    let (start, end) = match (&req.start_date, &req.end_date) {
        (Some(s), Some(e)) => (day("start_date", s)?, day("end_date", e)?),
        (None, None) if req.action == Action::AdunitList => return Ok(()),
        (s, _) => {
            return Err(ValidationError::new(
                NAME,
                if s.is_none() {
                    "start_date"
                } else {
                    "end_date"
                },
                "missing; this action needs both start_date and end_date",
            ))
        }
    };
    let (start_date, end_date) = (
        req.start_date.as_deref().unwrap_or_default(),
        req.end_date.as_deref().unwrap_or_default(),
    );
    if end < start {
        return Err(ValidationError::new(
            NAME,
            "end_date",
            format!("{end_date} is before start_date {start_date}"),
        ));
    }
    if let Some(max) = req.action.max_span_days() {
        let days = end - start + 1;
        if days > max {
            return Err(ValidationError::new(
                NAME,
                "end_date",
                format!(
                    "{start_date}..={end_date} covers {days} days; the maximum span of this action is {max} days"
                ),
            ));
        }
    }
    Ok(())
}
