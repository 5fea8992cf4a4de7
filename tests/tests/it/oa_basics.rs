//! API management (quotas, rid), network (callback check, IP lists), short keys and data
//! analytics against the sandbox: the doc-example fixtures decode and match the requests'
//! wire form, stateful behaviour and errcodes, and every documented limit refused before
//! sending (table-driven, 0 requests reach the sandbox).

use serde_json::Value;
use std::path::Path;
use std::time::Duration;
use wx_api::oa::datacube::{self, article, interface, message, user};
use wx_api::oa::network::{self, CheckAction, CheckOperator};
use wx_api::oa::{openapi, shorten};
use wx_api::token::Classic;
use wx_api::wire::RequestBody;
use wx_api::{
    AppCredentials, Client, DecodeResponse, Endpoint, Error, OfficialAccount, RawResponse, Secret,
};
use wx_tests::{Sandbox, APP_ID, APP_SECRET, SECOND_APP_ID};

fn client(sandbox: &Sandbox, app: &str) -> Client<OfficialAccount> {
    Client::official_account(AppCredentials::new(app, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .build()
        .expect("client")
}

fn code(err: &Error) -> Option<i64> {
    err.code().map(|c| c.code())
}

fn fixture(name: &str) -> Value {
    wx_tests::doc_example(name)
}

/// The fixture's reply decodes into `R::Response`, and `request` serialises to its body.
fn check_fixture<R: Endpoint>(request: &R) {
    let name = R::META.name;
    let f = fixture(name);
    assert_eq!(f["endpoint"], name, "fixture of {name}");
    assert_eq!(f["doc_url"], R::META.doc_url, "doc link of {name}");
    let raw = RawResponse {
        status: 200,
        content_type: Some("application/json".into()),
        content_disposition: None,
        body: serde_json::to_vec(&f["reply"]).expect("reply").into(),
    };
    R::Response::decode(raw, R::META).unwrap_or_else(|e| panic!("{name}: reply: {e}"));
    let body = f["request"].get("body").cloned().unwrap_or(Value::Null);
    match request.body().expect("body") {
        RequestBody::Empty => assert!(body.is_null(), "{name}: the fixture has a body"),
        RequestBody::Json(bytes) => {
            let sent: Value = serde_json::from_slice(&bytes).expect("request JSON");
            assert_eq!(sent, body, "{name}: request body");
        }
        RequestBody::Multipart(_) => panic!("{name}: multipart"),
    }
    assert_eq!(
        f["request"]["query"],
        serde_json::json!({}),
        "{name}: query"
    );
}

#[test]
fn every_fixture_matches_its_declaration() {
    let path = "/cgi-bin/message/custom/send";
    check_fixture(&openapi::get_quota::Request::new(path));
    check_fixture(&openapi::clear_quota::Request::new(path));
    check_fixture(&openapi::clear_all::Request::new("wx448f04719cd48f69"));
    check_fixture(&openapi::clear_all_with_secret::Request::new(
        "wx888888888888",
        Secret::new("xxxxxxxxxxxxxxxxxxxxxxxx"),
    ));
    check_fixture(&openapi::get_rid::Request::new(
        "61725984-6126f6f9-040f19c4",
    ));
    check_fixture(&network::check_callback::Request::new(
        CheckAction::All,
        CheckOperator::Default,
    ));
    check_fixture(&network::get_api_ips::Request::new());
    check_fixture(&network::get_callback_ips::Request::new());
    check_fixture(&shorten::gen::Request::new("loooooong data", 86400));
    check_fixture(&shorten::fetch::Request::new("iTqRJFSEqk9RvPk"));
    let (b, e) = ("2014-12-02", "2014-12-07");
    check_fixture(&user::get_summary::Request::new(b, e));
    check_fixture(&user::get_cumulate::Request::new(b, e));
    let d = "2014-12-08";
    check_fixture(&article::get_summary::Request::new(d, d));
    check_fixture(&article::get_total::Request::new(d, d));
    check_fixture(&article::get_read::Request::new(d, d));
    check_fixture(&article::get_read_hour::Request::new(d, d));
    check_fixture(&article::get_share::Request::new(d, d));
    check_fixture(&article::get_share_hour::Request::new(d, d));
    let (b, e) = ("2014-12-07", "2014-12-08");
    check_fixture(&message::get_upstream::Request::new(b, e));
    check_fixture(&message::get_upstream_hour::Request::new(b, b));
    check_fixture(&message::get_upstream_week::Request::new(b, e));
    check_fixture(&message::get_upstream_month::Request::new(b, e));
    check_fixture(&message::get_dist::Request::new(b, e));
    check_fixture(&message::get_dist_week::Request::new(b, e));
    check_fixture(&message::get_dist_month::Request::new(b, e));
    let d = "2014-12-07";
    check_fixture(&interface::get_summary::Request::new(d, d));
    check_fixture(&interface::get_summary_hour::Request::new(d, d));
    let d = "2025-11-01";
    check_fixture(&article::get_daily_read::Request::new(d, d));
    check_fixture(&article::get_daily_share::Request::new(d, d));
    // Every fixture of these groups was checked above.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/doc-examples");
    let ours = std::fs::read_dir(dir)
        .expect("fixtures dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            ["oa.openapi.", "oa.network.", "oa.shorten.", "oa.datacube."]
                .iter()
                .any(|p| n.starts_with(p))
        })
        .count();
    assert_eq!(ours, 29);
}

#[tokio::test]
async fn short_keys_round_trip_expire_and_stay_with_their_account() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox, APP_ID);
    let key = wx
        .send(shorten::gen::Request::new("回家的路 ".repeat(50), 60))
        .await
        .expect("gen")
        .short_key;
    assert_eq!(key.len(), 15);
    assert!(key.bytes().all(|c| c.is_ascii_alphanumeric()), "{key}");
    let got = wx
        .send(shorten::fetch::Request::new(key.clone()))
        .await
        .expect("fetch");
    assert_eq!(got.long_data, "回家的路 ".repeat(50));
    assert!(
        got.expire_seconds <= 60 && got.expire_seconds >= 59,
        "{}",
        got.expire_seconds
    );
    // Another account does not see it.
    let other = client(&sandbox, SECOND_APP_ID);
    let err = other
        .send(shorten::fetch::Request::new(key.clone()))
        .await
        .expect_err("another account's key");
    assert_eq!(code(&err), Some(9410012));
    // Expired after its lifetime.
    sandbox.advance_clock(Duration::from_secs(61));
    let err = wx
        .send(shorten::fetch::Request::new(key))
        .await
        .expect_err("expired key");
    assert_eq!(code(&err), Some(9410012));
}

#[tokio::test]
async fn quota_resets_count_to_ten_a_month_and_give_the_token_quota_back() {
    let sandbox = wx_tests::sandbox_with(|b| b.daily_token_quota(3)).await;
    let wx = client(&sandbox, APP_ID);
    let q = wx
        .send(openapi::get_quota::Request::new("/cgi-bin/token"))
        .await
        .expect("quota");
    assert_eq!(
        (q.quota.daily_limit, q.quota.used, q.quota.remain),
        (3, 1, 2)
    );
    let err = wx
        .send(openapi::get_quota::Request::new("/sns/jscode2session"))
        .await
        .expect_err("sns path");
    assert_eq!(code(&err), Some(76022));
    wx.send(openapi::clear_all::Request::new(APP_ID))
        .await
        .expect("clear all");
    let q = wx
        .send(openapi::get_quota::Request::new("/cgi-bin/token"))
        .await
        .expect("quota after reset");
    assert_eq!(q.quota.used, 0);
    let err = wx
        .send(openapi::clear_all::Request::new(SECOND_APP_ID))
        .await
        .expect_err("another account's appid");
    assert_eq!(code(&err), Some(40013));
    // The AppSecret variant needs no token; a wrong secret is refused.
    let raw = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .build()
        .expect("client");
    let err = raw
        .send(openapi::clear_all_with_secret::Request::new(
            APP_ID,
            Secret::new("wrong"),
        ))
        .await
        .expect_err("wrong secret");
    assert_eq!(code(&err), Some(40125));
    assert!(!format!("{err:?}").contains("wrong\""), "{err:?}");
    raw.send(openapi::clear_all_with_secret::Request::new(
        APP_ID,
        Secret::new(APP_SECRET),
    ))
    .await
    .expect("clear with secret");
    let sent = sandbox.requests_to("/cgi-bin/clear_quota/v2");
    assert!(
        sent.iter().all(|r| !r.query.contains_key("access_token")),
        "no token sent"
    );
    // 2 resets used; 8 more, then 48006.
    for _ in 0..8 {
        wx.send(openapi::clear_quota::Request::new(
            "/cgi-bin/message/custom/send",
        ))
        .await
        .expect("reset");
    }
    let err = wx
        .send(openapi::clear_quota::Request::new(
            "/cgi-bin/message/custom/send",
        ))
        .await
        .expect_err("eleventh reset");
    assert_eq!(code(&err), Some(48006));
}

#[tokio::test]
async fn rid_lookup_callback_check_and_ip_lists() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox, APP_ID);
    // A sandbox error carries a rid the lookup knows.
    let err = wx
        .send(openapi::get_quota::Request::new("/sns/userinfo"))
        .await
        .expect_err("76022");
    let Error::Api { rid: Some(rid), .. } = &err else {
        panic!("no rid in {err:?}")
    };
    let found = wx
        .send(openapi::get_rid::Request::new(rid.clone()))
        .await
        .expect("rid");
    assert!(found.request.response_body.contains(rid.as_str()));
    let err = wx
        .send(openapi::get_rid::Request::new("61725984-6126f6f9-040f19c4"))
        .await
        .expect_err("unknown rid");
    assert_eq!(code(&err), Some(76001));
    let err = wx
        .send(network::check_callback::Request::new(
            CheckAction::Ping,
            CheckOperator::Unicom,
        ))
        .await
        .expect_err("no callback URL in the sandbox");
    assert_eq!(code(&err), Some(40201));
    let sent = sandbox.requests_to("/cgi-bin/callback/check");
    assert_eq!(
        serde_json::from_slice::<Value>(&sent[0].body).expect("body"),
        serde_json::json!({"action": "ping", "check_operator": "UNICOM"})
    );
    let ips = wx
        .send(network::get_api_ips::Request::new())
        .await
        .expect("api ips");
    assert!(!ips.ip_list.is_empty());
    let ips = wx
        .send(network::get_callback_ips::Request::new())
        .await
        .expect("callback ips");
    assert!(ips.ip_list.iter().any(|ip| ip.contains('/')));
}

#[tokio::test]
async fn datacube_answers_one_row_a_day_and_checks_its_own_span_table() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox, APP_ID);
    let rows = wx
        .send(user::get_summary::Request::new("2024-02-26", "2024-03-03"))
        .await
        .expect("7 days")
        .list;
    let dates: Vec<&str> = rows.iter().map(|r| r.ref_date.as_str()).collect();
    assert_eq!(
        dates,
        [
            "2024-02-26",
            "2024-02-27",
            "2024-02-28",
            "2024-02-29",
            "2024-03-01",
            "2024-03-02",
            "2024-03-03"
        ]
    );
    let total = wx
        .send(article::get_total::Request::new("2014-12-14", "2014-12-14"))
        .await
        .expect("article totals");
    assert_eq!(total.list[0].details[0].target_user, 261917);
    assert!(total.list[0].details[0]
        .figures
        .contains_key("int_page_read_user"));
    let hour = wx
        .send(interface::get_summary_hour::Request::new(
            "2014-12-01",
            "2014-12-01",
        ))
        .await
        .expect("interface hour");
    assert_eq!(hour.list[0].callback_count, 331);
    // The sandbox's own table refuses what a wrong declaration would send: raw bodies.
    for (body, want) in [
        (r#"{"begin_date":"2014-12-01"}"#, 47001),
        (r#"{"begin_date":"2014-12-01","end_date":20141202}"#, 47001),
        (
            r#"{"begin_date":"2014-12-01","end_date":"2014/12/02"}"#,
            61500,
        ),
        (
            r#"{"begin_date":"2014-12-01","end_date":"2014-02-30"}"#,
            61500,
        ),
        (
            r#"{"begin_date":"2014-12-01","end_date":"2014-12-09"}"#,
            61501,
        ),
        (
            r#"{"begin_date":"2014-12-02","end_date":"2014-12-01"}"#,
            61501,
        ),
    ] {
        let token = wx.access_token().await.expect("token");
        let reply: Value = reqwest::Client::new()
            .post(format!(
                "{}/datacube/getusersummary?access_token={}",
                sandbox.url(),
                token.expose()
            ))
            .body(body)
            .send()
            .await
            .expect("post")
            .json()
            .await
            .expect("json");
        assert_eq!(reply["errcode"], want, "{body}: {reply}");
    }
}

#[tokio::test]
async fn every_documented_limit_is_refused_before_sending() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox, APP_ID);
    let before = sandbox.requests_received();
    let big = "x".repeat(shorten::MAX_LONG_DATA_BYTES + 1);
    // (error, endpoint, field, words of the message)
    let cases: Vec<(Error, &str, &str, &str)> = vec![
        (
            wx.send(openapi::get_quota::Request::new(""))
                .await
                .expect_err("empty"),
            "oa::openapi::get_quota",
            "cgi_path",
            "starts with `/`",
        ),
        (
            wx.send(openapi::get_quota::Request::new(
                "https://api.weixin.qq.com/cgi-bin/token",
            ))
            .await
            .expect_err("host"),
            "oa::openapi::get_quota",
            "cgi_path",
            "without scheme or host",
        ),
        (
            wx.send(openapi::clear_quota::Request::new("cgi-bin/token"))
                .await
                .expect_err("no slash"),
            "oa::openapi::clear_quota",
            "cgi_path",
            "76021",
        ),
        (
            wx.send(openapi::clear_all::Request::new(""))
                .await
                .expect_err("appid"),
            "oa::openapi::clear_all",
            "appid",
            "41002",
        ),
        (
            wx.send(openapi::clear_all_with_secret::Request::new(
                "",
                Secret::new("s"),
            ))
            .await
            .expect_err("appid"),
            "oa::openapi::clear_all_with_secret",
            "appid",
            "41002",
        ),
        (
            wx.send(openapi::clear_all_with_secret::Request::new(
                APP_ID,
                Secret::new(""),
            ))
            .await
            .expect_err("secret"),
            "oa::openapi::clear_all_with_secret",
            "appsecret",
            "41004",
        ),
        (
            wx.send(openapi::get_rid::Request::new(""))
                .await
                .expect_err("rid"),
            "oa::openapi::get_rid",
            "rid",
            "76002",
        ),
        (
            wx.send(shorten::gen::Request::new("", 60))
                .await
                .expect_err("empty data"),
            "oa::shorten::gen",
            "long_data",
            "0 bytes",
        ),
        (
            wx.send(shorten::gen::Request::new(big, 60))
                .await
                .expect_err("4 KB"),
            "oa::shorten::gen",
            "long_data",
            "4097 bytes",
        ),
        (
            wx.send(shorten::gen::Request::new("d", 0))
                .await
                .expect_err("0 s"),
            "oa::shorten::gen",
            "expire_seconds",
            "1..=2592000",
        ),
        (
            wx.send(shorten::gen::Request::new("d", 2_592_001))
                .await
                .expect_err("31 days"),
            "oa::shorten::gen",
            "expire_seconds",
            "9410011",
        ),
        (
            wx.send(shorten::fetch::Request::new(""))
                .await
                .expect_err("key"),
            "oa::shorten::fetch",
            "short_key",
            "9410012",
        ),
        (
            wx.send(user::get_summary::Request::new("2014-12-1", "2014-12-07"))
                .await
                .expect_err("format"),
            "oa::datacube::user::get_summary",
            "begin_date",
            "YYYY-MM-DD",
        ),
        (
            wx.send(user::get_summary::Request::new("2014-12-01", "2014-13-01"))
                .await
                .expect_err("month"),
            "oa::datacube::user::get_summary",
            "end_date",
            "YYYY-MM-DD",
        ),
        (
            wx.send(user::get_summary::Request::new("2015-02-29", "2015-03-01"))
                .await
                .expect_err("not leap"),
            "oa::datacube::user::get_summary",
            "begin_date",
            "61500",
        ),
        (
            wx.send(user::get_summary::Request::new("2014-12-08", "2014-12-07"))
                .await
                .expect_err("order"),
            "oa::datacube::user::get_summary",
            "end_date",
            "before begin_date",
        ),
    ];
    for (err, endpoint, field, words) in &cases {
        let Error::Invalid(v) = err else {
            panic!("{endpoint}: not a validation error: {err:?}")
        };
        assert_eq!((v.endpoint, v.field), (*endpoint, *field), "{v}");
        assert!(v.message.contains(words), "{v}");
    }
    assert_eq!(sandbox.requests_received(), before, "nothing was sent");
}

/// One request per endpoint of the spans table: `max` days pass (against the sandbox, whose
/// own table agrees), `max + 1` are refused before sending.
#[tokio::test]
async fn every_analytics_span_is_checked_table_driven() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox, APP_ID);
    assert_eq!(datacube::SPANS.len(), 19);
    let day = |n: u32| {
        // 2014-12-01 + n days, n < 31 + 31.
        if n < 31 {
            format!("2014-12-{:02}", n + 1)
        } else {
            format!("2015-01-{:02}", n - 30)
        }
    };
    let mut probed = 0;
    for (name, max) in datacube::SPANS {
        let (ok_end, bad_end) = (day(max - 1), day(*max));
        let begin = day(0);
        macro_rules! probe {
            ($($module:ident :: $ep:ident),*) => {{
                $(
                    if *name == concat!("datacube::", stringify!($module), "::", stringify!($ep)) {
                        probed += 1;
                        let rows = wx
                            .send($module::$ep::Request::new(begin.clone(), ok_end.clone()))
                            .await
                            .unwrap_or_else(|e| panic!("{name}: {max} days: {e}"))
                            .list;
                        assert_eq!(rows.len() as u32, *max, "{name}");
                        let before = sandbox.requests_received();
                        let err = wx
                            .send($module::$ep::Request::new(begin.clone(), bad_end.clone()))
                            .await
                            .expect_err(name);
                        assert_eq!(sandbox.requests_received(), before, "{name}: sent");
                        let Error::Invalid(v) = &err else { panic!("{name}: {err:?}") };
                        assert_eq!(v.endpoint, format!("oa::{name}"));
                        assert!(v.message.contains(&format!("maximum span is {max} day")), "{v}");
                    }
                )*
            }};
        }
        probe!(
            user::get_summary,
            user::get_cumulate,
            article::get_summary,
            article::get_total,
            article::get_read,
            article::get_read_hour,
            article::get_share,
            article::get_share_hour,
            article::get_daily_read,
            article::get_daily_share,
            message::get_upstream,
            message::get_upstream_hour,
            message::get_upstream_week,
            message::get_upstream_month,
            message::get_dist,
            message::get_dist_week,
            message::get_dist_month,
            interface::get_summary,
            interface::get_summary_hour
        );
    }
    assert_eq!(
        probed,
        datacube::SPANS.len(),
        "every row of the table was probed"
    );
}
