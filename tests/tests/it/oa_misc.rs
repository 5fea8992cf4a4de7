//! Official Account odds and ends against the sandbox: the draft-box switch, news uploads
//! for mass sends, the high-definition JS-SDK voice, one-time subscription messages, the
//! openid conversion after a migration and the 发表内容 daily read/share analytics; and
//! every documented limit of them refused before sending (table-driven, 0 requests reach
//! the sandbox). The analytics spans are probed with the other spans in `oa_basics`.

use wx_api::oa::datacube::article;
use wx_api::oa::message::mass::{self, NewsArticle};
use wx_api::oa::subscribe::{self, OnceData};
use wx_api::oa::{draft, media, user};
use wx_api::token::Classic;
use wx_api::{AppCredentials, Client, Error, OfficialAccount, Upload};
use wx_tests::{Sandbox, APP_ID, APP_SECRET};

fn client(sandbox: &Sandbox) -> Client<OfficialAccount> {
    Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .build()
        .expect("client")
}

fn code(err: &Error) -> Option<i64> {
    err.code().map(|c| c.code())
}

#[tokio::test]
async fn round_trips_through_the_sandbox() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);

    let state = wx
        .send(draft::set_switch::Request::check_only())
        .await
        .expect("switch check");
    assert_eq!(state.is_open, 1);
    let sent = &sandbox.requests_to("/cgi-bin/draft/switch")[0];
    assert_eq!(sent.query.get("checkonly").map(String::as_str), Some("1"));
    wx.send(draft::set_switch::Request::open())
        .await
        .expect("switch on");
    let sent = &sandbox.requests_to("/cgi-bin/draft/switch")[1];
    assert!(
        !sent.query.contains_key("checkonly"),
        "open sends no checkonly"
    );

    let news = wx
        .send(mass::upload_news::Request::new(vec![
            NewsArticle::new("Happy Day", "THUMB", "<p>content</p>"),
            NewsArticle {
                digest: Some("digest".into()),
                show_cover_pic: Some(1),
                ..NewsArticle::new("第二篇", "THUMB", "正文")
            },
        ]))
        .await
        .expect("upload news");
    assert_eq!(news.media_type, "news");
    assert!(!news.media_id.is_empty() && news.created_at > 0);

    let once = subscribe::send_once::Request::new(
        "o1",
        "TEMPLATE_ID",
        "1000",
        "订阅通知",
        OnceData::text("您好!"),
    )
    .url("https://example.com");
    wx.send(once).await.expect("one-time subscription message");

    let converted = wx
        .send(user::exchange_openid::Request::new(
            "gh_91ae50dfeb1c",
            vec!["o1".into(), "o2".into()],
        ))
        .await
        .expect("changeopenid");
    let pairs: Vec<(&str, &str)> = converted
        .result_list
        .iter()
        .map(|r| (r.ori_openid.as_str(), r.new_openid.as_str()))
        .collect();
    assert_eq!(pairs, [("o1", "new_o1"), ("o2", "new_o2")]);

    let read = wx
        .send(article::get_daily_read::Request::new(
            "2025-11-01",
            "2025-11-01",
        ))
        .await
        .expect("getarticleread");
    assert_eq!(read.list.len(), 1);
    assert_eq!(read.list[0].detail.read_user, 4123);
    let share = wx
        .send(article::get_daily_share::Request::new(
            "2025-11-02",
            "2025-11-02",
        ))
        .await
        .expect("getarticleshare");
    assert_eq!(
        (
            share.list[0].ref_date.as_str(),
            share.list[0].detail.share_user
        ),
        ("2025-11-02", 366)
    );
}

#[tokio::test]
async fn hd_voice_is_the_bytes_of_a_temporary_voice_and_40007_otherwise() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let speech: Vec<u8> = (0..3000u32).map(|i| (i % 251) as u8).collect();
    let up = wx
        .send(media::upload::Request::new(
            wx_api::oa::material::MediaType::Voice,
            Upload::from_bytes("v.amr", speech.clone()),
        ))
        .await
        .expect("voice upload");
    let id = up.id().expect("media id").to_owned();
    let voice = wx
        .send(media::get_hd_voice::Request::new(id))
        .await
        .expect("hd voice");
    assert_eq!(voice.bytes.as_ref(), speech.as_slice());
    assert_eq!(voice.content_type.as_deref(), Some("voice/speex"));

    let err = wx
        .send(media::get_hd_voice::Request::new("no-such-media"))
        .await
        .expect_err("unknown id");
    assert_eq!(code(&err), Some(40007));
    let image = wx
        .send(media::upload::Request::new(
            wx_api::oa::material::MediaType::Image,
            Upload::from_bytes("a.jpg", vec![0xFF, 0xD8, 0xFF, 0xD9]),
        ))
        .await
        .expect("image upload");
    let err = wx
        .send(media::get_hd_voice::Request::new(
            image.id().expect("id").to_owned(),
        ))
        .await
        .expect_err("not a voice");
    assert_eq!(code(&err), Some(40007));
}

/// The sandbox checks requests against its own tables: a body that a wrong declaration would
/// send (openid_list as a string, as the changeopenid page's example shows) is 47001.
#[tokio::test]
async fn the_sandbox_refuses_the_shapes_the_field_tables_forbid() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    // A valid token first (the client fetches one).
    wx.send(draft::set_switch::Request::check_only())
        .await
        .expect("token");
    let token = sandbox.requests_to("/cgi-bin/draft/switch")[0].query["access_token"].clone();
    let http = reqwest::Client::new();
    for (path, body, want) in [
        (
            "/cgi-bin/changeopenid",
            r#"{"from_appid":"gh_1","openid_list":"[\"o1\"]"}"#,
            47001,
        ),
        ("/cgi-bin/changeopenid", r#"{"openid_list":["o1"]}"#, 47001),
        (
            "/cgi-bin/message/template/subscribe",
            r#"{"touser":"o1","template_id":"t","scene":1000,"title":"t","data":{}}"#,
            47001,
        ),
        ("/cgi-bin/media/uploadnews", r#"{"articles":[]}"#, 47001),
    ] {
        let reply: serde_json::Value = http
            .post(format!("{}{path}?access_token={token}", sandbox.url()))
            .body(body)
            .send()
            .await
            .expect("post")
            .json()
            .await
            .expect("json");
        assert_eq!(reply["errcode"], want, "{path} {body}: {reply}");
    }
}

#[tokio::test]
async fn limits_are_refused_before_sending() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let article = || NewsArticle::new("t", "THUMB", "c");
    let once = |scene: &str, title: &str, text: &str| {
        subscribe::send_once::Request::new("o1", "T", scene, title, OnceData::text(text))
    };
    let openids = |n: usize| (0..n).map(|i| format!("o{i}")).collect::<Vec<_>>();
    let cases: Vec<(&str, Error, &str, &str)> = vec![
        (
            "no article",
            wx.send(mass::upload_news::Request::new(vec![]))
                .await
                .expect_err("0"),
            "oa::message::mass::upload_news",
            "articles",
        ),
        (
            "9 articles",
            wx.send(mass::upload_news::Request::new(vec![article(); 9]))
                .await
                .expect_err("9"),
            "oa::message::mass::upload_news",
            "articles",
        ),
        (
            "article without title",
            wx.send(mass::upload_news::Request::new(vec![NewsArticle::new(
                "", "THUMB", "c",
            )]))
            .await
            .expect_err("title"),
            "oa::message::mass::upload_news",
            "title",
        ),
        (
            "article without cover",
            wx.send(mass::upload_news::Request::new(vec![NewsArticle::new(
                "t", "", "c",
            )]))
            .await
            .expect_err("thumb"),
            "oa::message::mass::upload_news",
            "thumb_media_id",
        ),
        (
            "content over 20 000 characters",
            wx.send(mass::upload_news::Request::new(vec![NewsArticle::new(
                "t",
                "THUMB",
                "字".repeat(20_001),
            )]))
            .await
            .expect_err("content"),
            "oa::message::mass::upload_news",
            "content",
        ),
        (
            "scene over 10000",
            wx.send(once("10001", "t", "x")).await.expect_err("scene"),
            "oa::subscribe::send_once",
            "scene",
        ),
        (
            "scene not a number",
            wx.send(once("SCENE", "t", "x")).await.expect_err("scene"),
            "oa::subscribe::send_once",
            "scene",
        ),
        (
            "title over 15 characters",
            wx.send(once("1", &"题".repeat(16), "x"))
                .await
                .expect_err("title"),
            "oa::subscribe::send_once",
            "title",
        ),
        (
            "empty title",
            wx.send(once("1", "", "x")).await.expect_err("title"),
            "oa::subscribe::send_once",
            "title",
        ),
        (
            "text over 200 characters",
            wx.send(once("1", "t", &"字".repeat(201)))
                .await
                .expect_err("text"),
            "oa::subscribe::send_once",
            "data.content.value",
        ),
        (
            "no touser",
            wx.send(subscribe::send_once::Request::new(
                "",
                "T",
                "1",
                "t",
                OnceData::text("x"),
            ))
            .await
            .expect_err("touser"),
            "oa::subscribe::send_once",
            "touser",
        ),
        (
            "no openid to convert",
            wx.send(user::exchange_openid::Request::new("gh_1", openids(0)))
                .await
                .expect_err("0"),
            "oa::user::exchange_openid",
            "openid_list",
        ),
        (
            "101 openids",
            wx.send(user::exchange_openid::Request::new("gh_1", openids(101)))
                .await
                .expect_err("101"),
            "oa::user::exchange_openid",
            "openid_list",
        ),
        (
            "no old account",
            wx.send(user::exchange_openid::Request::new("", openids(1)))
                .await
                .expect_err("from"),
            "oa::user::exchange_openid",
            "from_appid",
        ),
        (
            "read-outs cover one day",
            wx.send(article::get_daily_read::Request::new(
                "2025-11-01",
                "2025-11-02",
            ))
            .await
            .expect_err("2 days"),
            "oa::datacube::article::get_daily_read",
            "end_date",
        ),
        (
            "share read-out date format",
            wx.send(article::get_daily_share::Request::new(
                "2025/11/01",
                "2025-11-01",
            ))
            .await
            .expect_err("format"),
            "oa::datacube::article::get_daily_share",
            "begin_date",
        ),
    ];
    for (case, err, endpoint, field) in &cases {
        let Error::Invalid(v) = err else {
            panic!("{case}: {err:?}")
        };
        assert_eq!((v.endpoint, v.field), (*endpoint, *field), "{case}: {v}");
    }
    // The boundaries pass the checks (and reach the sandbox, which answers them).
    let before = sandbox.requests_received();
    assert_eq!(before, 0, "no request reached the sandbox");
    wx.send(mass::upload_news::Request::new(vec![article(); 8]))
        .await
        .expect("8 articles");
    wx.send(once("10000", &"题".repeat(15), &"字".repeat(200)))
        .await
        .expect("limits exactly");
    wx.send(user::exchange_openid::Request::new("gh_1", openids(100)))
        .await
        .expect("100 openids");
}

#[tokio::test]
async fn publisher_stat_every_action_and_its_limits() {
    use wx_api::oa::publisher::{get_stat, Action, AdSlot};
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let (b, e) = ("2020-04-13", "2020-04-13");

    // Limits first, table-driven: nothing reaches the sandbox.
    let dated = |a, page, size, s: &str, e: &str| get_stat::Request::dated(a, page, size, s, e);
    let cases: Vec<(&str, get_stat::Request, &str)> = vec![
        ("page 0", dated(Action::AdposGeneral, 0, 10, b, e), "page"),
        (
            "page_size 0",
            dated(Action::AdposGeneral, 1, 0, b, e),
            "page_size",
        ),
        (
            "page_size 91",
            dated(Action::CpsGeneral, 1, 91, b, e),
            "page_size",
        ),
        (
            "bad date",
            dated(Action::Settlement, 1, 10, "2020-4-13", e),
            "start_date",
        ),
        (
            "reversed",
            dated(Action::AdposGeneral, 1, 10, e, "2020-04-12"),
            "end_date",
        ),
        (
            "adpos 91 days",
            dated(Action::AdposGeneral, 1, 10, "2020-01-01", "2020-03-31"),
            "end_date",
        ),
        (
            "cps 61 days",
            dated(Action::CpsGeneral, 1, 10, "2020-01-01", "2020-03-01"),
            "end_date",
        ),
        (
            "adunit 91 days",
            dated(Action::AdunitGeneral, 1, 10, "2020-01-01", "2020-03-31"),
            "end_date",
        ),
        (
            "no dates",
            get_stat::Request::new(Action::Settlement, 1, 10),
            "start_date",
        ),
        (
            "no end",
            get_stat::Request::new(Action::AdposGeneral, 1, 10).start_date(b),
            "end_date",
        ),
    ];
    for (case, req, field) in cases {
        let err = wx.send(req).await.expect_err(case);
        let Error::Invalid(v) = &err else {
            panic!("{case}: {err:?}")
        };
        assert_eq!(
            (v.endpoint, v.field),
            ("oa::publisher::get_stat", field),
            "{case}: {v}"
        );
    }
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");

    // The boundaries pass; every action answers its own shape.
    let adpos = wx
        .send(
            dated(Action::AdposGeneral, 1, 90, "2020-01-01", "2020-03-30")
                .ad_slot(AdSlot::BizBottom),
        )
        .await
        .expect("adpos, 90 days");
    assert_eq!(adpos.failure(), None);
    assert_eq!(adpos.list[0].ad_slot.as_deref(), Some("SLOT_ID_BIZ_BOTTOM"));
    assert_eq!(adpos.list[0].income, Some(52175));
    assert!(adpos.summary.is_some());
    let sent = &sandbox.requests_to("/publisher/stat")[0];
    assert_eq!(sent.query["action"], "publisher_adpos_general");
    assert_eq!(sent.query["ad_slot"], "SLOT_ID_BIZ_BOTTOM");
    let cps = wx
        .send(dated(Action::CpsGeneral, 1, 10, "2020-01-01", "2020-02-29"))
        .await
        .expect("cps, 60 days");
    assert_eq!(cps.list[0].total_commission, Some(990));
    let settlement = wx
        .send(dated(Action::Settlement, 1, 10, "2016-01-01", "2020-12-31"))
        .await
        .expect("settlement, no span limit");
    assert_eq!(settlement.settlement_list[0].slot_revenue.len(), 1);
    assert_eq!(settlement.revenue_all, Some(5_178_368_698));
    let units = wx
        .send(get_stat::Request::new(Action::AdunitList, 1, 10))
        .await
        .expect("ad units, no dates");
    assert_eq!(units.ad_unit[0].ad_unit_size[0].width, 582);
    let by_unit = wx
        .send(dated(Action::AdunitGeneral, 1, 10, b, e).ad_unit_id("adunit-9cedd8514XXXX"))
        .await
        .expect("adunit general");
    assert_eq!(
        by_unit.list[0].ad_unit_name.as_deref(),
        Some("激励视频长广告")
    );
    assert!(by_unit.list[0].other.contains_key("stat_item"));
}

/// A report-level failure (`base_resp.ret`) decodes, and `failure()` reports it.
#[tokio::test]
async fn publisher_stat_failures_come_in_base_resp() {
    use wx_api::oa::publisher::get_stat;
    let sandbox = wx_tests::sandbox().await;
    sandbox.canned(
        "/publisher/stat",
        wx_sandbox::CannedReply::json(
            r#"{"base_resp":{"err_msg":"invalid publisher","ret":2009}}"#,
        ),
    );
    let wx = client(&sandbox);
    let reply = wx
        .send(get_stat::Request::dated(
            wx_api::oa::publisher::Action::AdposGeneral,
            1,
            10,
            "2020-04-13",
            "2020-04-13",
        ))
        .await
        .expect("decodes");
    assert_eq!(reply.failure(), Some((2009, "invalid publisher")));
}
