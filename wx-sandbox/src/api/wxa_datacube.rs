//! Mini Program data analytics (`/datacube/getweanalysisappid*`,
//! `/wxa/business/performance/boot`), a read-out. Each request is checked against the
//! sandbox's OWN table below (not wx-api's types, so that a wrong declaration is caught):
//! `begin_date` and `end_date` strings (47001), real `yyyymmdd` dates (61500), and the
//! range shape the page documents for that path (61501): one day; a Monday to the Sunday
//! after it; the first to the last day of one month; or the last 1, 7 or 30 days (the
//! portrait). The answer is the documented example with `ref_date` set from the request
//! (`yyyymmdd`, `yyyymmdd-yyyymmdd` or `yyyymm`, as the page describes for that period).
//! The performance read-out checks `module` (10016, 10017, 10021, 10022, 10023; 47001
//! otherwise) and a time range of at most 30 days (61501), then answers the example.

use super::table::{post_checked, Field, Kind};
use super::Shared;
use crate::reply;
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Value};

/// The range shapes the pages document.
#[derive(Clone, Copy)]
enum Range {
    Day,
    Week,
    Month,
    Portrait,
}

/// Path → (range shape, documented reply example).
fn table(path: &str) -> Option<(Range, Value)> {
    let trend = json!({"list": [{"ref_date": "", "session_cnt": 142549, "visit_pv": 472351, "visit_uv": 55500, "visit_uv_new": 5464, "stay_time_session": 0, "visit_depth": 1.9838}]});
    let retain = json!({"ref_date": "", "visit_uv_new": [{"key": 0, "value": 5464}], "visit_uv": [{"key": 0, "value": 55500}]});
    let item = |name: &str, v: u64| json!([{"id": 1, "name": name, "value": v}]);
    Some(match path {
        "/datacube/getweanalysisappiddailyretaininfo" => (Range::Day, retain),
        "/datacube/getweanalysisappidweeklyretaininfo" => (Range::Week, retain),
        "/datacube/getweanalysisappidmonthlyretaininfo" => (Range::Month, retain),
        "/datacube/getweanalysisappiddailyvisittrend" => (Range::Day, trend),
        "/datacube/getweanalysisappidweeklyvisittrend" => (Range::Week, trend),
        "/datacube/getweanalysisappidmonthlyvisittrend" => (Range::Month, trend),
        "/datacube/getweanalysisappiddailysummarytrend" => (
            Range::Day,
            json!({"list": [{"ref_date": "", "visit_total": 391, "share_pv": 572, "share_uv": 383}]}),
        ),
        "/datacube/getweanalysisappiduserportrait" => (
            Range::Portrait,
            json!({"ref_date": "", "visit_uv_new": {"province": item("广东省", 215), "city": item("广州", 78), "genders": item("男", 2146), "platforms": item("iPhone", 27642), "devices": [{"name": "OPPO R9", "value": 61}], "ages": item("17岁以下", 151)},
                   "visit_uv": {"province": item("广东省", 1341), "city": item("广州", 234), "genders": item("男", 14534), "platforms": item("iPhone", 21750), "devices": [{"name": "OPPO R9", "value": 617}], "ages": item("17岁以下", 3156)}}),
        ),
        "/datacube/getweanalysisappidvisitdistribution" => (
            Range::Day,
            json!({"ref_date": "", "list": [
                {"index": "access_source_session_cnt", "item_list": [{"key": 2, "value": 10243}, {"key": 1, "value": 116578}]},
                {"index": "access_staytime_info", "item_list": [{"key": 8, "value": 16329}]},
                {"index": "access_depth_info", "item_list": [{"key": 5, "value": 217}]}]}),
        ),
        "/datacube/getweanalysisappidvisitpage" => (
            Range::Day,
            json!({"ref_date": "", "list": [{"page_path": "pages/main/main.html", "page_visit_pv": 213429, "page_visit_uv": 55423, "page_staytime_pv": 8.139198, "entrypage_pv": 117922, "exitpage_pv": 61304, "page_share_pv": 180, "page_share_uv": 166}]}),
        ),
        _ => return None,
    })
}

/// Every date-range path (for the router).
pub(super) const PATHS: &[&str] = &[
    "/datacube/getweanalysisappiddailyretaininfo",
    "/datacube/getweanalysisappidweeklyretaininfo",
    "/datacube/getweanalysisappidmonthlyretaininfo",
    "/datacube/getweanalysisappiddailyvisittrend",
    "/datacube/getweanalysisappidweeklyvisittrend",
    "/datacube/getweanalysisappidmonthlyvisittrend",
    "/datacube/getweanalysisappiddailysummarytrend",
    "/datacube/getweanalysisappiduserportrait",
    "/datacube/getweanalysisappidvisitdistribution",
    "/datacube/getweanalysisappidvisitpage",
];

const DATES: &[Field] = &[
    ("begin_date", Kind::Str, true),
    ("end_date", Kind::Str, true),
];

/// `(days since 1970-01-01, weekday with Monday 0, day of month, days in month)` of a
/// `yyyymmdd` date from 1970 on.
fn date(s: &str) -> Option<(i64, i64, i64, i64)> {
    if s.len() != 8 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (
        s[0..4].parse().ok()?,
        s[4..6].parse().ok()?,
        s[6..8].parse().ok()?,
    );
    let leap = |y: i64| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = |y: i64, m: i64| match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if y < 1970 || !(1..=12).contains(&m) || d < 1 || d > month_days(y, m) {
        return None;
    }
    let mut n: i64 = (1970..y).map(|y| if leap(y) { 366 } else { 365 }).sum();
    n += (1..m).map(|m| month_days(y, m)).sum::<i64>() + d - 1;
    // 1970-01-01 was a Thursday (weekday 3 counting Monday as 0).
    Some((n, (n + 3) % 7, d, month_days(y, m)))
}

/// A `/datacube/getweanalysisappid*` route.
pub(super) fn range(path: &'static str) -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), DATES, move |c| {
        let (shape, mut example) = table(path)
            .ok_or_else(|| reply::reject(40035, "invalid parameter: no such API in the sandbox"))?;
        let text = |name: &str| c.body.get(name).and_then(Value::as_str).unwrap_or_default();
        let (b, e) = (text("begin_date"), text("end_date"));
        let bad = || reply::reject(61500, "date format error");
        let (begin, begin_wd, begin_day, _) = date(b).ok_or_else(bad)?;
        let (end, _, end_day, end_month) = date(e).ok_or_else(bad)?;
        let ok = end >= begin
            && match shape {
                Range::Day => end == begin,
                Range::Week => begin_wd == 0 && end == begin + 6,
                Range::Month => {
                    begin_day == 1 && end_day == end_month && end - begin + 1 == end_month
                }
                Range::Portrait => matches!(end - begin, 0 | 6 | 29),
            };
        if !ok {
            return Err(reply::reject(61501, "date range error"));
        }
        let ref_date = match shape {
            Range::Day => b.to_owned(),
            Range::Month => b[..6].to_owned(),
            Range::Week | Range::Portrait if begin == end => b.to_owned(),
            Range::Week | Range::Portrait => format!("{b}-{e}"),
        };
        if example.get("ref_date").is_some() {
            example["ref_date"] = ref_date.into();
        } else if let Some(rows) = example.get_mut("list").and_then(Value::as_array_mut) {
            for row in rows {
                row["ref_date"] = ref_date.clone().into();
            }
        }
        Ok(reply::ok_with(example))
    })
}

const PERFORMANCE: &[Field] = &[
    ("module", Kind::Int, true),
    ("time", Kind::Obj, true),
    ("params", Kind::Arr, false),
];

/// `/wxa/business/performance/boot`.
pub(super) fn performance() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), PERFORMANCE, |c| {
        let module = c
            .body
            .get("module")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        if !matches!(module, 10016 | 10017 | 10021 | 10022 | 10023) {
            return Err(reply::reject(47001, "data format error: unknown module"));
        }
        let time = c.body.get("time").cloned().unwrap_or_default();
        let stamp = |name: &str| time.get(name).and_then(Value::as_i64);
        let (Some(begin), Some(end)) = (stamp("begin_timestamp"), stamp("end_timestamp")) else {
            return Err(reply::reject(
                47001,
                "data format error: time.begin_timestamp and time.end_timestamp are numbers",
            ));
        };
        if end < begin || end - begin > 30 * 86_400 {
            return Err(reply::reject(61501, "date range error"));
        }
        Ok(reply::ok_with(json!({"data": {"body": {"tables": [
            {"id": "memory", "lines": [{"fields": [{"refdate": "20210103", "value": "314"}]}], "zh": "内存均值"}
        ], "count": 1}}})))
    })
}
