//! Data analytics (数据统计, `/datacube/*`): daily, hourly, weekly and monthly figures of
//! followers, articles, messages and pushes. Every endpoint takes the same body, a date
//! range `{"begin_date": "YYYY-MM-DD", "end_date": "YYYY-MM-DD"}` (both days included), and
//! answers `{"list": [...]}`.
//!
//! Each endpoint has a **maximum span** (最大时间跨度): the number of days one call may cover
//! (`end - begin + 1`). The table [`SPANS`] holds them (checked before sending, with the
//! dates' format and their order):
//!
//! | endpoint | path | max days |
//! |---|---|---|
//! | `datacube::user::get_summary` | `/datacube/getusersummary` | 7 |
//! | `datacube::user::get_cumulate` | `/datacube/getusercumulate` | 7 |
//! | `datacube::article::get_summary` | `/datacube/getarticlesummary` | 1 |
//! | `datacube::article::get_total` | `/datacube/getarticletotal` | 1 |
//! | `datacube::article::get_read` | `/datacube/getuserread` | 3 |
//! | `datacube::article::get_read_hour` | `/datacube/getuserreadhour` | 1 |
//! | `datacube::article::get_share` | `/datacube/getusershare` | 7 |
//! | `datacube::article::get_share_hour` | `/datacube/getusersharehour` | 1 |
//! | `datacube::article::get_daily_read` | `/datacube/getarticleread` | 1 |
//! | `datacube::article::get_daily_share` | `/datacube/getarticleshare` | 1 |
//! | `datacube::message::get_upstream` | `/datacube/getupstreammsg` | 7 |
//! | `datacube::message::get_upstream_hour` | `/datacube/getupstreammsghour` | 1 |
//! | `datacube::message::get_upstream_week` | `/datacube/getupstreammsgweek` | 30 |
//! | `datacube::message::get_upstream_month` | `/datacube/getupstreammsgmonth` | 30 |
//! | `datacube::message::get_dist` | `/datacube/getupstreammsgdist` | 15 |
//! | `datacube::message::get_dist_week` | `/datacube/getupstreammsgdistweek` | 30 |
//! | `datacube::message::get_dist_month` | `/datacube/getupstreammsgdistmonth` | 30 |
//! | `datacube::interface::get_summary` | `/datacube/getinterfacesummary` | 30 |
//! | `datacube::interface::get_summary_hour` | `/datacube/getinterfacesummaryhour` | 1 |
//!
//! Where the documents conflict: the three message-distribution endpoints' own pages say
//! "跨度不超过15天" while the message-analytics overview table says 15 for
//! `getupstreammsgdist` and 30 for the week and month variants; as for the upload limits,
//! the more permissive value (30) is checked, and WeChat's own check still applies (61501,
//! "date range error"). WeChat also refuses an `end_date` after yesterday and keeps data from
//! 2014-12-01 on; neither is checked here (the client's clock is not WeChat's). WeChat's
//! errcodes: 61500 (date format error), 61501 (date range error).

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;

/// The maximum span in days of each endpoint, by its name (`datacube::user::get_summary`).
pub const SPANS: &[(&str, u32)] = &[
    ("datacube::user::get_summary", 7),
    ("datacube::user::get_cumulate", 7),
    ("datacube::article::get_summary", 1),
    ("datacube::article::get_total", 1),
    ("datacube::article::get_read", 3),
    ("datacube::article::get_read_hour", 1),
    ("datacube::article::get_share", 7),
    ("datacube::article::get_share_hour", 1),
    ("datacube::article::get_daily_read", 1),
    ("datacube::article::get_daily_share", 1),
    ("datacube::message::get_upstream", 7),
    ("datacube::message::get_upstream_hour", 1),
    ("datacube::message::get_upstream_week", 30),
    ("datacube::message::get_upstream_month", 30),
    ("datacube::message::get_dist", 15),
    ("datacube::message::get_dist_week", 30),
    ("datacube::message::get_dist_month", 30),
    ("datacube::interface::get_summary", 30),
    ("datacube::interface::get_summary_hour", 1),
];

/// The maximum span in days of the endpoint `name` (as in [`SPANS`]), `None` for another name.
pub fn max_span(name: &str) -> Option<u32> {
    SPANS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, days)| *days)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; `None` when it is not one (a real date
/// in that exact format).
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > days_in_month {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Checks a date range against the span of endpoint `name` (one of [`SPANS`]): both dates
/// `YYYY-MM-DD`, `begin_date <= end_date`, and at most the span's days, both ends included.
pub fn check_range(
    name: &'static str,
    begin_date: &str,
    end_date: &str,
) -> Result<(), ValidationError> {
    let begin = day_number(begin_date).ok_or_else(|| {
        ValidationError::new(
            name,
            "begin_date",
            format!("{begin_date:?} is not a date in the form YYYY-MM-DD (WeChat answers 61500)"),
        )
    })?;
    let end = day_number(end_date).ok_or_else(|| {
        ValidationError::new(
            name,
            "end_date",
            format!("{end_date:?} is not a date in the form YYYY-MM-DD (WeChat answers 61500)"),
        )
    })?;
    if end < begin {
        return Err(ValidationError::new(
            name,
            "end_date",
            format!("{end_date} is before begin_date {begin_date} (WeChat answers 61501)"),
        ));
    }
    let max = max_span(name).unwrap_or(1);
    let days = end - begin + 1;
    if days > i64::from(max) {
        return Err(ValidationError::new(
            name,
            "end_date",
            format!(
                "{begin_date}..={end_date} covers {days} days; this endpoint's maximum span is {max} \
                 day{} (WeChat answers 61501)",
                if max == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok(())
}

/// A row of the user analytics: `getusersummary` fills `user_source`, `new_user` and
/// `cancel_user`, `getusercumulate` fills `cumulate_user`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserStat {
    /// The day, `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// Where the followers came from: 0 other (incl. mass-sent article pages), 1 search,
    /// 17 business card shares, 30 QR code scans, 51 payment follows, 57 article menu,
    /// 59 "public account" tab in the payment screen...
    #[serde(default)]
    pub user_source: i64,
    /// New followers.
    #[serde(default)]
    pub new_user: u64,
    /// Followers lost.
    #[serde(default)]
    pub cancel_user: u64,
    /// Total followers at the end of the day.
    #[serde(default)]
    pub cumulate_user: u64,
}

/// A row of the article read analytics (`getarticlesummary`, `getuserread`,
/// `getuserreadhour`): fields a given endpoint does not report are 0 or empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleStat {
    /// The day, `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// The hour as `HHMM` (`0`, `100` ... `2300`), in hourly rows.
    #[serde(default)]
    pub ref_hour: u32,
    /// The article: `msgid_index` (e.g. `10000050_1`), in per-article rows.
    #[serde(default)]
    pub msgid: String,
    /// The article's title, in per-article rows.
    #[serde(default)]
    pub title: String,
    /// Where readers came from: 0 conversation, 1 friends, 2 moments, 4 history page,
    /// 5 other, 6 "top stories", 7 search; 99999999 all.
    #[serde(default)]
    pub user_source: i64,
    /// Readers of the article page.
    #[serde(default)]
    pub int_page_read_user: u64,
    /// Reads of the article page.
    #[serde(default)]
    pub int_page_read_count: u64,
    /// Readers of the original (阅读原文) page.
    #[serde(default)]
    pub ori_page_read_user: u64,
    /// Reads of the original page.
    #[serde(default)]
    pub ori_page_read_count: u64,
    /// Users who shared it.
    #[serde(default)]
    pub share_user: u64,
    /// Shares.
    #[serde(default)]
    pub share_count: u64,
    /// Users who added it to favourites.
    #[serde(default)]
    pub add_to_fav_user: u64,
    /// Additions to favourites.
    #[serde(default)]
    pub add_to_fav_count: u64,
}

/// One day of an article's totals in `getarticletotal`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleTotalDetail {
    /// The day the totals are at, `YYYY-MM-DD`.
    #[serde(default)]
    pub stat_date: String,
    /// Followers the article was sent to.
    #[serde(default)]
    pub target_user: u64,
    /// Every other figure of the day (reads by page and source, shares, favourites...),
    /// as WeChat named it.
    #[serde(flatten)]
    pub figures: serde_json::Map<String, serde_json::Value>,
}

/// An article mass-sent on the requested day, with its totals day by day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleTotal {
    /// The day it was sent, `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// The article: `msgid_index`.
    #[serde(default)]
    pub msgid: String,
    /// Its title.
    #[serde(default)]
    pub title: String,
    /// Its totals on each day from sending (up to 7 days).
    #[serde(default)]
    pub details: Vec<ArticleTotalDetail>,
}

/// A row of the share analytics (`getusershare`, `getusersharehour`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShareStat {
    /// The day, `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// The hour as `HHMM`, in hourly rows.
    #[serde(default)]
    pub ref_hour: u32,
    /// Where it was shared: 1 friend, 2 moments, 3 Tencent Weibo, 255 other.
    #[serde(default)]
    pub share_scene: i64,
    /// Shares.
    #[serde(default)]
    pub share_count: u64,
    /// Users who shared.
    #[serde(default)]
    pub share_user: u64,
}

/// One published item's reads on one day (`getarticleread`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleReadRow {
    /// The day, `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// The item as `msgid_index`: the publish/mass-send id (`msg_data_id`) and the article's
    /// 1-based position in it (`12003_3` is the third article of 12003).
    #[serde(default)]
    pub msgid: String,
    /// The day's figures.
    #[serde(default)]
    pub detail: ArticleReadDetail,
}

/// The figures of a [`ArticleReadRow`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleReadDetail {
    /// Readers, all sources together (the "all" entry of `read_user_source`).
    #[serde(default)]
    pub read_user: u64,
    /// Readers by source, the first entry usually being "全部" (all).
    #[serde(default)]
    pub read_user_source: Vec<ReadSource>,
    /// Any other figure of the day, as WeChat named it.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// Readers from one source (`read_user_source` entries of the 发表内容 analytics).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReadSource {
    /// The source's name as WeChat words it: `全部` (all), `公众号消息`, `推荐`, `搜一搜`...
    #[serde(default)]
    pub scene_desc: String,
    /// Readers from that source.
    #[serde(default)]
    pub user_count: u64,
    /// Any other field of the entry, as WeChat named it.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// One published item's shares on one day (`getarticleshare`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleShareRow {
    /// The day, `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// The item as `msgid_index` (see [`ArticleReadRow::msgid`]).
    #[serde(default)]
    pub msgid: String,
    /// The day's figures.
    #[serde(default)]
    pub detail: ArticleShareDetail,
}

/// The figures of a [`ArticleShareRow`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleShareDetail {
    /// Users who shared it.
    #[serde(default)]
    pub share_user: u64,
    /// Any other figure of the day, as WeChat named it.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// A row of the upstream-message analytics (`getupstreammsg*` without `dist`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MessageStat {
    /// The day (or the period's first day), `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// The hour as `HHMM`, in hourly rows.
    #[serde(default)]
    pub ref_hour: u32,
    /// The message type: 1 text, 2 image, 3 voice, 4 video, 6 third-party app message
    /// (links...).
    #[serde(default)]
    pub msg_type: i64,
    /// Followers who sent messages.
    #[serde(default)]
    pub msg_user: u64,
    /// Messages sent.
    #[serde(default)]
    pub msg_count: u64,
}

/// A row of the message distribution (`getupstreammsgdist*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MessageDist {
    /// The day (or the period's first day), `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// The bucket of messages per follower: 0 none, 1 one to five, 2 six to ten, 3 more
    /// than ten.
    #[serde(default)]
    pub count_interval: i64,
    /// Followers in the bucket.
    #[serde(default)]
    pub msg_user: u64,
}

/// A row of the push (callback) analytics (`getinterfacesummary*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InterfaceStat {
    /// The day, `YYYY-MM-DD`.
    #[serde(default)]
    pub ref_date: String,
    /// The hour as `HHMM`, in hourly rows.
    #[serde(default)]
    pub ref_hour: u32,
    /// Pushes delivered to the developer's server.
    #[serde(default)]
    pub callback_count: u64,
    /// Pushes that failed.
    #[serde(default)]
    pub fail_count: u64,
    /// Total time the server took to answer, in ms (divided by `callback_count`, the mean).
    #[serde(default)]
    pub total_time_cost: u64,
    /// Longest answer, in ms.
    #[serde(default)]
    pub max_time_cost: u64,
}

/// User analytics (用户分析).
pub mod user {
    use wx_core::ValidationError;
    use wx_macros::wx_endpoint;

    /// New and lost followers per day and source; at most 7 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getusersummary", app = oa, validate = super::check_get_summary,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/user/api_getusersummary.html")]
    pub mod get_summary {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::UserStat>,
        }
    }

    fn check_get_summary(req: &get_summary::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::user::get_summary",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// The total number of followers per day; at most 7 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getusercumulate", app = oa, validate = super::check_get_cumulate,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/user/api_getusercumulate.html")]
    pub mod get_cumulate {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::UserStat>,
        }
    }

    fn check_get_cumulate(req: &get_cumulate::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::user::get_cumulate",
            &req.begin_date,
            &req.end_date,
        )
    }
}

/// Article analytics (图文分析). The official pages mark these as no longer maintained in favour of the newer publication statistics; they still answer.
pub mod article {
    use wx_core::ValidationError;
    use wx_macros::wx_endpoint;

    /// Each mass-sent article's reads, shares and favourites on one day; at most 1 day a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getarticlesummary", app = oa, validate = super::check_get_summary,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/news/api_getarticlesummary.html")]
    pub mod get_summary {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::ArticleStat>,
        }
    }

    fn check_get_summary(req: &get_summary::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::article::get_summary",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Each article mass-sent on one day, with its totals on each of the following days (up to 7); at most 1 day a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getarticletotal", app = oa, validate = super::check_get_total,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/news/api_getarticletotal.html")]
    pub mod get_total {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::ArticleTotal>,
        }
    }

    fn check_get_total(req: &get_total::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::article::get_total",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Article reads per day and source; at most 3 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getuserread", app = oa, validate = super::check_get_read,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/news/api_getuserread.html")]
    pub mod get_read {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::ArticleStat>,
        }
    }

    fn check_get_read(req: &get_read::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::article::get_read",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Article reads per hour of one day; at most 1 day a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getuserreadhour", app = oa, validate = super::check_get_read_hour,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/news/api_getuserreadhour.html")]
    pub mod get_read_hour {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::ArticleStat>,
        }
    }

    fn check_get_read_hour(req: &get_read_hour::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::article::get_read_hour",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Article shares per day and scene; at most 7 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getusershare", app = oa, validate = super::check_get_share,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/news/api_getusershare.html")]
    pub mod get_share {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::ShareStat>,
        }
    }

    fn check_get_share(req: &get_share::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::article::get_share",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Article shares per hour of one day; at most 1 day a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getusersharehour", app = oa, validate = super::check_get_share_hour,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/news/api_getusersharehour.html")]
    pub mod get_share_hour {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::ShareStat>,
        }
    }

    fn check_get_share_hour(req: &get_share_hour::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::article::get_share_hour",
            &req.begin_date,
            &req.end_date,
        )
    }
    /// Each published item's (发表内容) readers on one day, by source; at most 1 day a call
    /// (`YYYY-MM-DD`, checked before sending). The successor of `getuserread`/`getarticlesummary`:
    /// WeChat keeps these figures from 2025-11-01 on, and answers an empty list for a day on
    /// which no figure changed. `is_delay` says whether the figures are final yet.
    #[wx_endpoint(POST "/datacube/getarticleread", app = oa, validate = super::check_get_daily_read,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/news/api_getarticleread.html")]
    pub mod get_daily_read {
        pub struct Request {
            /// The day, `YYYY-MM-DD` (from 2025-11-01 on).
            pub begin_date: String,
            /// The same day (one day a call), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows, one per item read that day.
            #[wx(default)]
            pub list: Vec<super::super::ArticleReadRow>,
            /// `true` while the day's figures are still being computed (`false`: final).
            #[wx(default)]
            pub is_delay: bool,
        }
    }

    fn check_get_daily_read(req: &get_daily_read::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::article::get_daily_read",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Each published item's sharers on one day; at most 1 day a call (`YYYY-MM-DD`, checked
    /// before sending). The successor of `getusershare`: figures from 2025-11-01 on, an empty
    /// list for a day on which no figure changed.
    #[wx_endpoint(POST "/datacube/getarticleshare", app = oa, validate = super::check_get_daily_share,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/news/api_getarticleshare.html")]
    pub mod get_daily_share {
        pub struct Request {
            /// The day, `YYYY-MM-DD` (from 2025-11-01 on).
            pub begin_date: String,
            /// The same day (one day a call), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows, one per item shared that day.
            #[wx(default)]
            pub list: Vec<super::super::ArticleShareRow>,
            /// `true` while the day's figures are still being computed (`false`: final).
            #[wx(default)]
            pub is_delay: bool,
        }
    }

    fn check_get_daily_share(req: &get_daily_share::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::article::get_daily_share",
            &req.begin_date,
            &req.end_date,
        )
    }
}

/// Message analytics (消息分析): messages followers send to the account. Week and month rows are dated by the period's first day (Monday, the 1st) and appear once the period is over.
pub mod message {
    use wx_core::ValidationError;
    use wx_macros::wx_endpoint;

    /// Messages followers sent to the account, per day and type; at most 7 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getupstreammsg", app = oa, validate = super::check_get_upstream,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/mess/api_getupstreammsg.html")]
    pub mod get_upstream {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::MessageStat>,
        }
    }

    fn check_get_upstream(req: &get_upstream::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::message::get_upstream",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Messages followers sent, per hour of one day; at most 1 day a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getupstreammsghour", app = oa, validate = super::check_get_upstream_hour,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/mess/api_getupstreammsghour.html")]
    pub mod get_upstream_hour {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::MessageStat>,
        }
    }

    fn check_get_upstream_hour(req: &get_upstream_hour::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::message::get_upstream_hour",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Messages followers sent, per week (dated by its Monday); at most 30 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getupstreammsgweek", app = oa, validate = super::check_get_upstream_week,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/mess/api_getupstreammsgweek.html")]
    pub mod get_upstream_week {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::MessageStat>,
        }
    }

    fn check_get_upstream_week(req: &get_upstream_week::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::message::get_upstream_week",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Messages followers sent, per month (dated by its 1st); at most 30 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getupstreammsgmonth", app = oa, validate = super::check_get_upstream_month,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/mess/api_getupstreammsgmonth.html")]
    pub mod get_upstream_month {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::MessageStat>,
        }
    }

    fn check_get_upstream_month(req: &get_upstream_month::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::message::get_upstream_month",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// How many followers sent how many messages, per day; at most 15 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getupstreammsgdist", app = oa, validate = super::check_get_dist,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/mess/api_getupstreammsgdist.html")]
    pub mod get_dist {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::MessageDist>,
        }
    }

    fn check_get_dist(req: &get_dist::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::message::get_dist",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// How many followers sent how many messages, per week; at most 30 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getupstreammsgdistweek", app = oa, validate = super::check_get_dist_week,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/mess/api_getupstreammsgdistweek.html")]
    pub mod get_dist_week {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::MessageDist>,
        }
    }

    fn check_get_dist_week(req: &get_dist_week::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::message::get_dist_week",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// How many followers sent how many messages, per month; at most 30 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getupstreammsgdistmonth", app = oa, validate = super::check_get_dist_month,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/mess/api_getupstreammsgdistmonth.html")]
    pub mod get_dist_month {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::MessageDist>,
        }
    }

    fn check_get_dist_month(req: &get_dist_month::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::message::get_dist_month",
            &req.begin_date,
            &req.end_date,
        )
    }
}

/// Interface analytics (接口分析): WeChat's pushes to the developer's server.
pub mod interface {
    use wx_core::ValidationError;
    use wx_macros::wx_endpoint;

    /// Push (callback) deliveries to the developer's server per day: count, failures, time; at most 30 days a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getinterfacesummary", app = oa, validate = super::check_get_summary,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/api/api_getinterfacesummary.html")]
    pub mod get_summary {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::InterfaceStat>,
        }
    }

    fn check_get_summary(req: &get_summary::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::interface::get_summary",
            &req.begin_date,
            &req.end_date,
        )
    }

    /// Push (callback) deliveries per hour of one day; at most 1 day a call (`YYYY-MM-DD`, checked before sending).
    #[wx_endpoint(POST "/datacube/getinterfacesummaryhour", app = oa, validate = super::check_get_summary_hour,
        doc = "https://developers.weixin.qq.com/doc/service/api/wedata/api/api_getinterfacesummaryhour.html")]
    pub mod get_summary_hour {
        pub struct Request {
            /// The first day, `YYYY-MM-DD`.
            pub begin_date: String,
            /// The last day (included), `YYYY-MM-DD`; at most yesterday.
            pub end_date: String,
        }
        pub struct Response {
            /// The rows.
            #[wx(default)]
            pub list: Vec<super::super::InterfaceStat>,
        }
    }

    fn check_get_summary_hour(req: &get_summary_hour::Request) -> Result<(), ValidationError> {
        super::check_range(
            "datacube::interface::get_summary_hour",
            &req.begin_date,
            &req.end_date,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_days_in_the_exact_format() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(
            day_number("2024-02-29").map(|d| d - day_number("2024-02-28").unwrap_or(0)),
            Some(1)
        );
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2014-13-01",
            "2014-00-10",
            "2014-12-32",
            "2014-1-01",
            "2014/12/01",
            "２０１４-12-01",
            "",
        ] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
        assert!(day_number("2000-02-29").is_some());
    }

    #[test]
    fn spans_count_both_ends() {
        assert!(check_range("datacube::article::get_read", "2014-12-30", "2015-01-01").is_ok());
        let err =
            check_range("datacube::article::get_read", "2014-12-30", "2015-01-02").unwrap_err();
        assert_eq!(err.field, "end_date");
        assert!(err.message.contains("covers 4 days"), "{err}");
    }
}
