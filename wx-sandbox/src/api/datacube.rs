//! Data analytics (`/datacube/*`), Official Accounts only. A read-out: each endpoint answers
//! the first row of its documented example once for every day of the requested range (with
//! that day as `ref_date`), but first checks the request against the sandbox's OWN table
//! below (not wx-api's types, so that a wrong declaration is caught): `begin_date` and
//! `end_date` present and strings (47001 otherwise), real `YYYY-MM-DD` dates (61500), in
//! order and within the endpoint's maximum span in days, both ends included (61501).

use super::{Params, Shared};
use crate::reply::{self, either, Step};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use serde_json::{json, Value};

/// Path → (maximum span in days, the documented example's first row).
fn table(path: &str) -> Option<(i64, Value)> {
    let row = match path {
        "/datacube/getusersummary" => (
            7,
            json!({"ref_date": "2014-12-07", "user_source": 0, "new_user": 0, "cancel_user": 0}),
        ),
        "/datacube/getusercumulate" => (
            7,
            json!({"ref_date": "2014-12-07", "cumulate_user": 1217056}),
        ),
        "/datacube/getarticlesummary" => (
            1,
            json!({"ref_date": "2014-12-08", "msgid": "10000050_1", "title": "12月27日 DiLi日报", "int_page_read_user": 23676, "int_page_read_count": 25615, "ori_page_read_user": 29, "ori_page_read_count": 34, "share_user": 122, "share_count": 994, "add_to_fav_user": 1, "add_to_fav_count": 3}),
        ),
        "/datacube/getarticletotal" => (
            1,
            json!({"ref_date": "2014-12-14", "msgid": "202457380_1", "title": "马航丢画记", "details": [{"stat_date": "2014-12-14", "target_user": 261917, "int_page_read_user": 14041, "int_page_read_count": 18648, "ori_page_read_user": 1085, "ori_page_read_count": 1262, "share_user": 2791, "share_count": 6428, "add_to_fav_user": 205, "add_to_fav_count": 260}]}),
        ),
        "/datacube/getuserread" => (
            3,
            json!({"ref_date": "2014-12-07", "int_page_read_user": 45524, "int_page_read_count": 48796, "ori_page_read_user": 11, "ori_page_read_count": 35, "share_user": 11, "share_count": 276, "add_to_fav_user": 5, "add_to_fav_count": 15}),
        ),
        "/datacube/getuserreadhour" => (
            1,
            json!({"ref_date": "2014-12-07", "ref_hour": 0, "user_source": 0, "int_page_read_user": 6391, "int_page_read_count": 7177, "ori_page_read_user": 0, "ori_page_read_count": 0, "share_user": 0, "share_count": 0, "add_to_fav_user": 0, "add_to_fav_count": 0}),
        ),
        "/datacube/getusershare" => (
            7,
            json!({"ref_date": "2014-12-07", "share_scene": 1, "share_count": 207, "share_user": 11}),
        ),
        "/datacube/getusersharehour" => (
            1,
            json!({"ref_date": "2014-12-07", "ref_hour": 1200, "share_scene": 1, "share_count": 72, "share_user": 4}),
        ),
        "/datacube/getarticleread" => (
            1,
            json!({"ref_date": "2025-11-01", "msgid": "2247490098_1", "detail": {"read_user": 4123, "read_user_source": []}}),
        ),
        "/datacube/getarticleshare" => (
            1,
            json!({"ref_date": "2025-11-01", "msgid": "2247490098_1", "detail": {"share_user": 366}}),
        ),
        "/datacube/getupstreammsg" => (
            7,
            json!({"ref_date": "2014-12-07", "msg_type": 1, "msg_user": 282, "msg_count": 817}),
        ),
        "/datacube/getupstreammsghour" => (
            1,
            json!({"ref_date": "2014-12-07", "ref_hour": 0, "msg_type": 1, "msg_user": 9, "msg_count": 10}),
        ),
        "/datacube/getupstreammsgweek" => (
            30,
            json!({"ref_date": "2014-12-08", "msg_type": 1, "msg_user": 16, "msg_count": 27}),
        ),
        "/datacube/getupstreammsgmonth" => (
            30,
            json!({"ref_date": "2014-11-01", "msg_type": 1, "msg_user": 7989, "msg_count": 42206}),
        ),
        "/datacube/getupstreammsgdist" => (
            15,
            json!({"ref_date": "2014-12-07", "count_interval": 1, "msg_user": 246}),
        ),
        "/datacube/getupstreammsgdistweek" => (
            30,
            json!({"ref_date": "2014-12-01", "count_interval": 1, "msg_user": 246}),
        ),
        "/datacube/getupstreammsgdistmonth" => (
            30,
            json!({"ref_date": "2014-12-01", "count_interval": 1, "msg_user": 246}),
        ),
        "/datacube/getinterfacesummary" => (
            30,
            json!({"ref_date": "2014-12-07", "callback_count": 36974, "fail_count": 67, "total_time_cost": 14994291, "max_time_cost": 5044}),
        ),
        "/datacube/getinterfacesummaryhour" => (
            1,
            json!({"ref_date": "2014-12-01", "ref_hour": 0, "callback_count": 331, "fail_count": 18, "total_time_cost": 167870, "max_time_cost": 5042}),
        ),
        _ => return None,
    };
    Some(row)
}

/// Every datacube path the sandbox answers (for the router).
pub(super) const PATHS: &[&str] = &[
    "/datacube/getusersummary",
    "/datacube/getusercumulate",
    "/datacube/getarticlesummary",
    "/datacube/getarticletotal",
    "/datacube/getuserread",
    "/datacube/getuserreadhour",
    "/datacube/getusershare",
    "/datacube/getusersharehour",
    "/datacube/getarticleread",
    "/datacube/getarticleshare",
    "/datacube/getupstreammsg",
    "/datacube/getupstreammsghour",
    "/datacube/getupstreammsgweek",
    "/datacube/getupstreammsgmonth",
    "/datacube/getupstreammsgdist",
    "/datacube/getupstreammsgdistweek",
    "/datacube/getupstreammsgdistmonth",
    "/datacube/getinterfacesummary",
    "/datacube/getinterfacesummaryhour",
];

/// Days since 1970-01-01 of a `YYYY-MM-DD` date from 1970 on.
fn day(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    let (y, m, d) = (num(&date[0..4])?, num(&date[5..7])?, num(&date[8..10])?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if y < 1970 || !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    // Count days by years then months: fine for the few thousand years dates can name.
    let mut n = 0i64;
    for year in 1970..y {
        n += if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) {
            366
        } else {
            365
        };
    }
    n += month_days[..(m - 1) as usize].iter().sum::<i64>();
    Some(n + d - 1)
}

fn date_of(n: i64) -> String {
    let mut y = 1970;
    let mut n = n;
    loop {
        let len = if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
            366
        } else {
            365
        };
        if n < len {
            break;
        }
        n -= len;
        y += 1;
    }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while n >= month_days[m] {
        n -= month_days[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, n + 1)
}

/// Any `POST /datacube/*`.
pub(super) async fn any(
    State(state): State<Shared>,
    uri: Uri,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| -> Step<Response> {
        super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let (max, row) = table(uri.path())
            .ok_or_else(|| reply::reject(40035, "invalid parameter: no such API in the sandbox"))?;
        let map = super::json_body(&body)?;
        let date = |name: &str| -> Step<i64> {
            let s = map.get(name).and_then(Value::as_str).ok_or_else(|| {
                reply::reject(
                    47001,
                    &format!("data format error: `{name}` missing or not a string"),
                )
            })?;
            day(s).ok_or_else(|| reply::reject(61500, "date format error"))
        };
        let (begin, end) = (date("begin_date")?, date("end_date")?);
        if end < begin || end - begin + 1 > max {
            return Err(reply::reject(61501, "date range error"));
        }
        let list: Vec<Value> = (begin..=end)
            .map(|n| {
                let mut r = row.clone();
                r["ref_date"] = date_of(n).into();
                r
            })
            .collect();
        Ok(reply::ok_with(json!({ "list": list })))
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for date in [
            "1970-01-01",
            "2000-02-29",
            "2014-12-31",
            "2015-01-01",
            "2100-03-01",
        ] {
            assert_eq!(day(date).map(date_of).as_deref(), Some(date));
        }
        assert_eq!(day("2000-03-01"), Some(11_017));
        assert_eq!(day("1969-12-31"), None);
        assert_eq!(day("2100-02-29"), None);
    }
}
