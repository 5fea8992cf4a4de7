//! Conditional menus, try-match, the current self-menu, auto-reply settings and the
//! mass-send speed against the sandbox: fixtures, state, errcodes and limits.

use wx_api::oa::autoreply;
use wx_api::oa::menu::{self, Button, MatchRule};
use wx_api::oa::message::mass;
use wx_api::oa::tags;
use wx_api::wire::RequestBody;
use wx_api::{DecodeResponse, Endpoint, Error, RawResponse};
use wx_tests::oa_client as client;
use wx_tests::APP_ID;

fn code(err: &Error) -> Option<i64> {
    err.code().map(|c| c.code())
}

fn fixture(name: &str) -> serde_json::Value {
    wx_tests::doc_example(name)
}

fn check_fixture<R: Endpoint>(request: &R) {
    let name = R::META.name;
    let f = fixture(name);
    assert_eq!(f["doc_url"], R::META.doc_url, "{name}");
    let raw = RawResponse {
        status: 200,
        content_type: Some("application/json".into()),
        content_disposition: None,
        body: serde_json::to_vec(&f["reply"]).expect("reply").into(),
    };
    R::Response::decode(raw, R::META).unwrap_or_else(|e| panic!("{name}: {e}"));
    match request.body().expect("body") {
        RequestBody::Json(bytes) => {
            let sent: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
            assert_eq!(sent, f["request"]["body"], "{name}");
        }
        RequestBody::Empty => assert!(f["request"].get("body").is_none(), "{name}"),
        RequestBody::Multipart(_) => panic!("{name}"),
    }
}

#[test]
fn fixtures_match_the_declarations() {
    // add_conditional: the example's rule carries privacy fields the code refuses; its
    // buttons and its tag/platform part are what the declaration sends.
    let f = fixture("oa::menu::add_conditional");
    let buttons: Vec<Button> =
        serde_json::from_value(f["request"]["body"]["button"].clone()).expect("buttons");
    let rule: MatchRule =
        serde_json::from_value(f["request"]["body"]["matchrule"].clone()).expect("rule");
    let req = menu::add_conditional::Request::new(buttons, rule);
    let RequestBody::Json(bytes) = req.body().expect("body") else {
        panic!()
    };
    let sent: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(sent, f["request"]["body"]);
    let raw = RawResponse {
        status: 200,
        content_type: Some("application/json".into()),
        content_disposition: None,
        body: serde_json::to_vec(&f["reply"]).expect("reply").into(),
    };
    let reply = <menu::add_conditional::Request as Endpoint>::Response::decode(
        raw,
        menu::add_conditional::Request::META,
    )
    .expect("reply");
    assert_eq!(reply.menuid, "208379533");
    check_fixture(&menu::delete_conditional::Request::new("208379533"));
    check_fixture(&menu::try_match::Request::new("weixin"));
    check_fixture(&menu::get_current::Request::new());
    check_fixture(&autoreply::get_current::Request::new());
    check_fixture(&mass::get_speed::Request::new());
    check_fixture(&mass::set_speed::Request::new(1));
}

#[tokio::test]
async fn conditional_menus_match_by_tag_newest_first() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let vip = wx
        .send(tags::create::Request::new("VIP"))
        .await
        .expect("tag")
        .tag
        .id;
    let fan = sandbox.add_followers(APP_ID, 2);
    wx.send(tags::batch_tag::Request::new(vec![fan[0].clone()], vip))
        .await
        .expect("tag fan");
    let rule = MatchRule::tag(vip);
    let err = wx
        .send(menu::add_conditional::Request::new(
            vec![Button::click("会员", "VIP")],
            rule.clone(),
        ))
        .await
        .expect_err("no default menu yet");
    assert_eq!(code(&err), Some(65303));
    let none = wx
        .send(menu::get_current::Request::new())
        .await
        .expect("no menu");
    assert_eq!(none.is_menu_open, 0);
    wx.send(menu::create::Request::new(vec![
        Button::click("默认", "DEFAULT"),
        Button::parent("更多", vec![Button::view("搜索", "http://www.soso.com/")]),
    ]))
    .await
    .expect("default menu");
    let id = wx
        .send(menu::add_conditional::Request::new(
            vec![Button::click("会员", "VIP")],
            rule,
        ))
        .await
        .expect("conditional")
        .menuid;
    let err = wx
        .send(menu::add_conditional::Request::new(
            vec![Button::click("x", "X")],
            MatchRule::tag(vip + 1000),
        ))
        .await
        .expect_err("unknown tag");
    assert_eq!(code(&err), Some(65305));
    let seen = |user: &str| menu::try_match::Request::new(user);
    let tagged = wx.send(seen(&fan[0])).await.expect("tagged");
    assert_eq!(tagged.button, vec![Button::click("会员", "VIP")]);
    let other = wx.send(seen(&fan[1])).await.expect("untagged");
    assert_eq!(other.button[0], Button::click("默认", "DEFAULT"));
    let err = wx.send(seen("not-a-follower")).await.expect_err("stranger");
    assert_eq!(code(&err), Some(40003));
    let current = wx
        .send(menu::get_current::Request::new())
        .await
        .expect("selfmenu");
    assert_eq!(current.is_menu_open, 1);
    let info = current.selfmenu_info.expect("info");
    assert_eq!(info["button"][1]["sub_button"]["list"][0]["name"], "搜索");
    wx.send(menu::delete_conditional::Request::new(id.clone()))
        .await
        .expect("delete");
    let err = wx
        .send(menu::delete_conditional::Request::new(id))
        .await
        .expect_err("gone");
    assert_eq!(code(&err), Some(65301));
    let back = wx.send(seen(&fan[0])).await.expect("default again");
    assert_eq!(back.button[0], Button::click("默认", "DEFAULT"));
}

#[tokio::test]
async fn autoreply_and_mass_speed() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let auto = wx
        .send(autoreply::get_current::Request::new())
        .await
        .expect("autoreply");
    assert_eq!(auto.is_autoreply_open, 1);
    assert_eq!(auto.keyword_autoreply_info.map(|k| k.list.len()), Some(1));
    let s = wx
        .send(mass::get_speed::Request::new())
        .await
        .expect("speed");
    assert_eq!((s.speed, s.realspeed), (0, 80));
    wx.send(mass::set_speed::Request::new(4))
        .await
        .expect("set");
    let s = wx
        .send(mass::get_speed::Request::new())
        .await
        .expect("speed");
    assert_eq!((s.speed, s.realspeed), (4, 10));
}

#[tokio::test]
async fn menu_limits_are_refused_before_sending() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let before = sandbox.requests_received();
    let one = || vec![Button::click("a", "A")];
    let mut privacy = MatchRule::tag(2);
    privacy.sex = Some("1".into());
    let mut bad_tag = MatchRule::default();
    bad_tag.tag_id = Some("VIP".into());
    let cases: Vec<(Error, &str, &str, &str)> = vec![
        (
            wx.send(menu::add_conditional::Request::new(
                one(),
                MatchRule::default(),
            ))
            .await
            .expect_err("empty"),
            "oa::menu::add_conditional",
            "matchrule",
            "65304",
        ),
        (
            wx.send(menu::add_conditional::Request::new(one(), privacy))
                .await
                .expect_err("privacy"),
            "oa::menu::add_conditional",
            "matchrule.sex",
            "65320",
        ),
        (
            wx.send(menu::add_conditional::Request::new(one(), bad_tag))
                .await
                .expect_err("tag"),
            "oa::menu::add_conditional",
            "matchrule.tag_id",
            "65305",
        ),
        (
            wx.send(menu::add_conditional::Request::new(
                one(),
                MatchRule::tag(2).with_client_platform_type(4),
            ))
            .await
            .expect_err("platform"),
            "oa::menu::add_conditional",
            "matchrule.client_platform_type",
            "65308",
        ),
        (
            wx.send(menu::add_conditional::Request::new(
                vec![],
                MatchRule::tag(2),
            ))
            .await
            .expect_err("no buttons"),
            "oa::menu::add_conditional",
            "button",
            "1..=3",
        ),
        (
            wx.send(menu::add_conditional::Request::new(
                vec![Button::click("十七个字节的名字啊", "K")],
                MatchRule::tag(2),
            ))
            .await
            .expect_err("name"),
            "oa::menu::add_conditional",
            "button.name",
            "1..=16",
        ),
        (
            wx.send(menu::delete_conditional::Request::new(""))
                .await
                .expect_err("menuid"),
            "oa::menu::delete_conditional",
            "menuid",
            "65301",
        ),
        (
            wx.send(menu::try_match::Request::new(""))
                .await
                .expect_err("user"),
            "oa::menu::try_match",
            "user_id",
            "required",
        ),
        (
            wx.send(mass::set_speed::Request::new(5))
                .await
                .expect_err("speed"),
            "oa::message::mass::set_speed",
            "speed",
            "0..=4",
        ),
    ];
    for (err, endpoint, field, words) in &cases {
        let Error::Invalid(v) = err else {
            panic!("{endpoint}: {err:?}")
        };
        assert_eq!((v.endpoint, v.field), (*endpoint, *field), "{v}");
        assert!(v.message.contains(words), "{v}");
    }
    assert_eq!(sandbox.requests_received(), before);
}
