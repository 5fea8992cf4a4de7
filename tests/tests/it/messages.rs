//! Messages, users, menus and mini-program endpoints against the sandbox: success and
//! errcode paths of each group; binary and JSON-error paths of the mini-program codes;
//! client-side limits rejected before sending.

use wx_api::oa::menu::{self, Button};
use wx_api::oa::message::custom::{self, Message};
use wx_api::oa::message::{mass, template};
use wx_api::oa::user;
use wx_api::token::Classic;
use wx_api::wxa::{code, customer, login, search, subscribe};
use wx_api::{AppCredentials, Client, Error, OfficialAccount};
use wx_sandbox::{
    Sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_MINI_PROGRAM_ID,
    DEFAULT_MINI_PROGRAM_SECRET,
};
use wx_tests::mp_client as mini_program;

fn oa(sandbox: &Sandbox) -> Client<OfficialAccount> {
    Client::official_account(
        AppCredentials::new(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .build()
    .expect("oa client")
}

fn code_of(err: &Error) -> Option<i64> {
    err.code().map(|c| c.code())
}

/// A validation error names its endpoint by its qualified path (`oa::message::custom::send`,
/// not `send`): the generated `validate` stamps `META.name` on every check's error.
fn assert_qualified(err: &Error) {
    match err {
        Error::Invalid(v) => assert!(
            v.endpoint.starts_with("oa::") || v.endpoint.starts_with("wxa::"),
            "endpoint name not qualified in {v}"
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn customer_service_template_and_mass_messages() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = oa(&sandbox);
    wx.send(custom::send::Request::text("o1", "hello"))
        .await
        .expect("text");
    wx.send(custom::send::Request::new(
        "o1",
        Message::WxCard(custom::WxCard {
            card_id: "C".into(),
        }),
    ))
    .await
    .expect("card");
    wx.send(custom::set_typing::Request::new(
        "o1",
        custom::TypingCommand::Typing,
    ))
    .await
    .expect("typing");
    let sent = wx
        .send(
            template::send::Request::with_values("o1", "TPL", [("thing1", "shipped")])
                .url("https://x"),
        )
        .await
        .expect("template");
    assert!(sent.msgid > 0);
    let all = wx
        .send(mass::send_all::Request::new(
            mass::Filter::tag(3),
            mass::MassMessage::Text(custom::Text {
                content: "hi".into(),
            }),
        ))
        .await
        .expect("sendall");
    let status = wx
        .send(mass::get::Request::new(all.msg_id))
        .await
        .expect("status");
    assert_eq!(status.msg_status, "SEND_SUCCESS");
    wx.send(mass::delete::Request::new(all.msg_id))
        .await
        .expect("delete");

    let recorded = sandbox.sent_messages();
    let kinds: Vec<(&str, &str)> = recorded
        .iter()
        .map(|m| {
            (
                m.endpoint.as_str(),
                m.body["msgtype"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("/cgi-bin/message/custom/send", "text"),
            ("/cgi-bin/message/custom/send", "wxcard"),
            ("/cgi-bin/message/template/send", "-"),
            ("/cgi-bin/message/mass/sendall", "text"),
        ]
    );

    // Errcode paths: the sandbox checks shapes the types cannot (an empty template id).
    let err = wx
        .send(template::send::Request::with_values("o1", "", [("k", "v")]))
        .await
        .expect_err("40037");
    assert_eq!(code_of(&err), Some(40037));
}

#[tokio::test]
async fn client_side_message_limits_send_nothing() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = oa(&sandbox);
    let two = custom::News {
        articles: vec![
            custom::NewsArticle {
                title: "a".into(),
                description: "".into(),
                url: "u".into(),
                picurl: "p".into()
            };
            2
        ],
    };
    let text = || {
        mass::MassMessage::Text(custom::Text {
            content: "x".into(),
        })
    };
    let errors = vec![
        wx.send(custom::send::Request::new("o1", Message::News(two)))
            .await
            .expect_err("two articles"),
        wx.send(mass::send::Request::new(vec!["only-one".into()], text()))
            .await
            .expect_err("one openid"),
        wx.send(mass::send::Request::new(
            (0..10_001).map(|i| format!("o{i}")).collect(),
            text(),
        ))
        .await
        .expect_err("10001 openids"),
        wx.send(mass::send_all::Request::new(
            mass::Filter {
                is_to_all: false,
                tag_id: None,
            },
            text(),
        ))
        .await
        .expect_err("no tag"),
        wx.send(
            mass::send_all::Request::new(mass::Filter::everyone(), text())
                .clientmsgid("x".repeat(65)),
        )
        .await
        .expect_err("clientmsgid"),
        wx.send(user::batch_get::Request::openids(
            (0..101).map(|i| format!("o{i}")),
        ))
        .await
        .expect_err("101 users"),
        wx.send(menu::create::Request::new(vec![Button::click("a", "k"); 4]))
            .await
            .expect_err("4 buttons"),
        wx.send(menu::create::Request::new(vec![Button::parent(
            "p",
            vec![Button::click("a", "k"); 6],
        )]))
        .await
        .expect_err("6 sub-buttons"),
        wx.send(menu::create::Request::new(vec![Button::click(
            "一二三四五六",
            "k",
        )]))
        .await
        .expect_err("18-byte name"),
        wx.send(menu::create::Request::new(vec![Button::click(
            "a",
            "k".repeat(129),
        )]))
        .await
        .expect_err("key"),
    ];
    for err in &errors {
        assert_qualified(err);
    }
    assert_eq!(
        sandbox.requests_received(),
        0,
        "no request at all, not even a token fetch"
    );
}

#[tokio::test]
async fn users_and_menus() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = oa(&sandbox);
    let one = wx
        .send(user::get::Request::new("o-42"))
        .await
        .expect("info");
    assert_eq!(one.user.unionid.as_deref(), Some("union-o-42"));
    let many = wx
        .send(user::batch_get::Request::openids(["a", "b"]))
        .await
        .expect("batch");
    assert_eq!(many.user_info_list.len(), 2);

    let err = wx
        .send(menu::get::Request::new())
        .await
        .expect_err("no menu yet");
    assert_eq!(code_of(&err), Some(46003));
    let buttons = vec![
        Button::click("Today", "TODAY"),
        Button::parent("More", vec![Button::view("Site", "https://example.com")]),
    ];
    wx.send(menu::create::Request::new(buttons.clone()))
        .await
        .expect("create");
    assert_eq!(
        wx.send(menu::get::Request::new())
            .await
            .expect("get")
            .menu
            .button,
        buttons
    );
    wx.send(menu::delete::Request::new()).await.expect("delete");

    // A menu holding buttons the types do not know still decodes, losslessly.
    let menu = serde_json::json!({"button": [
        {"type": "click", "name": "Today", "key": "TODAY"},
        {"type": "brand_new_kind", "name": "New", "value": {"x": 1}},
        {"name": "More", "sub_button": [
            {"type": "view", "name": "Site", "url": "https://example.com"},
            {"type": "img", "name": "Pic", "value": "MEDIA"},
        ]},
    ]});
    let token = wx.access_token().await.expect("token");
    let created: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/cgi-bin/menu/create?access_token={}",
            sandbox.url(),
            token.expose()
        ))
        .body(menu.to_string())
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    assert_eq!(created["errcode"], 0);
    let got = wx.send(menu::get::Request::new()).await.expect("get");
    let buttons = &got.menu.button;
    assert!(matches!(buttons[0].kind, menu::ButtonKind::Action(_)));
    assert!(
        matches!(&buttons[1].kind, menu::ButtonKind::Unknown(m) if m["type"] == "brand_new_kind")
    );
    match &buttons[2].kind {
        menu::ButtonKind::Parent { sub_button } => {
            assert!(
                matches!(&sub_button[1].kind, menu::ButtonKind::Unknown(m) if m["value"] == "MEDIA")
            )
        }
        other => panic!("expected a parent, got {other:?}"),
    }
    assert_eq!(
        serde_json::to_value(&got.menu).expect("serialize"),
        menu,
        "sent back unchanged"
    );
}

#[tokio::test]
async fn mini_program_login_codes_subscribe_and_search() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);

    let session = wx
        .send(login::exchange_code::Request::new("code-1"))
        .await
        .expect("login");
    assert_eq!(session.openid, "o-sbx-code-1");
    assert!(
        !format!("{session:?}").contains(session.session_key.expose()),
        "session_key is redacted"
    );
    let again = wx
        .send(login::exchange_code::Request::new("code-1"))
        .await
        .expect_err("used");
    assert_eq!(code_of(&again), Some(40163));
    assert_eq!(
        sandbox.token_fetches(DEFAULT_MINI_PROGRAM_ID),
        0,
        "login needs no access token"
    );

    let image = wx
        .send(code::get_unlimited::Request::new("id=42"))
        .await
        .expect("code");
    assert_eq!(image.content_type.as_deref(), Some("image/jpeg"));
    assert!(image.bytes.starts_with(&[0xFF, 0xD8]));
    let png = wx
        .send(code::get::Request::new("pages/index?x=1").is_hyaline(true))
        .await
        .expect("png");
    assert_eq!(png.content_type.as_deref(), Some("image/png"));
    wx.send(code::create_qrcode::Request::new("pages/index"))
        .await
        .expect("square");
    // The square code's path limit counts characters ([conflict], the permissive reading):
    // this 128-character path is 372 bytes.
    let cjk = format!("pages/{}", "页".repeat(122));
    assert_eq!((cjk.chars().count(), cjk.len()), (128, 372));
    wx.send(code::create_qrcode::Request::new(cjk.clone()))
        .await
        .expect("128 characters");
    let over = wx
        .send(code::create_qrcode::Request::new(format!("{cjk}x")))
        .await
        .expect_err("129 characters");
    assert!(
        over.to_string().contains("129 characters, outside 1..=128"),
        "{over}"
    );
    // The documented bounds themselves are accepted.
    let edge = wx
        .send(
            code::get_unlimited::Request::new("x".repeat(32))
                .page("pages/x")
                .check_path(true)
                .width(1280),
        )
        .await;
    assert!(edge.is_ok(), "{edge:?}");
    let edge = wx
        .send(
            code::get::Request::new("p".repeat(1024))
                .env_version(code::EnvVersion::Develop)
                .width(280),
        )
        .await;
    assert!(edge.is_ok(), "{edge:?}");

    wx.send(customer::send::Request::text("o1", "hi"))
        .await
        .expect("mp cs");
    let sub = subscribe::send::Request::new(
        "o1",
        "TPL",
        [("thing1".to_owned(), "ok".into())].into_iter().collect(),
    );
    wx.send(sub).await.expect("subscribe");
    // `number` counts digits: 32 digits and a decimal point are within the limit.
    let decimal = format!("{}.{}", "1".repeat(30), "25");
    assert_eq!(decimal.chars().count(), 33);
    let sub = subscribe::send::Request::new(
        "o1",
        "TPL",
        [("number2".to_owned(), decimal.into())]
            .into_iter()
            .collect(),
    );
    wx.send(sub).await.expect("32 digits with a decimal point");

    let items: Vec<serde_json::Value> = (0..200)
        .map(|i| serde_json::json!({"name": format!("item-{i}"), "hot": i}))
        .collect();
    let pushes = search::DynamicData::new(1000001, "batch-1")
        .pushes(&items)
        .expect("split");
    assert!(pushes.len() > 1, "200 items need several 5 KB pushes");
    for push in pushes {
        wx.send(push).await.expect("import");
    }
    let imports: Vec<_> = sandbox
        .sent_messages()
        .into_iter()
        .filter(|m| m.endpoint == "/wxa/setdynamicdata")
        .collect();
    let mut seen = 0;
    for (seq, push) in imports.iter().enumerate() {
        let data: serde_json::Value =
            serde_json::from_str(push.body["data"].as_str().expect("data is a string"))
                .expect("json");
        assert_eq!(data["attribute"]["seq"], seq);
        assert_eq!(data["attribute"]["id"], "batch-1");
        assert_eq!(data["attribute"]["totalcount"], 200);
        seen += data["items"].as_array().map_or(0, |a| a.len());
    }
    assert_eq!(seen, 200, "every item imported exactly once");
}

#[tokio::test]
async fn mini_program_limits_and_json_errors_on_binary_endpoints() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let invalid = vec![
        wx.send(code::get_unlimited::Request::new("x".repeat(33)))
            .await
            .expect_err("scene length"),
        wx.send(code::get_unlimited::Request::new("100%"))
            .await
            .expect_err("scene char"),
        wx.send(code::get_unlimited::Request::new("a").page("/pages/x"))
            .await
            .expect_err("page slash"),
        wx.send(code::get::Request::new("p".repeat(1025)))
            .await
            .expect_err("path"),
        wx.send(code::create_qrcode::Request::new("p".repeat(129)))
            .await
            .expect_err("square path"),
        wx.send(code::get::Request::new("p").width(279))
            .await
            .expect_err("width"),
        wx.send(subscribe::send::Request::new(
            "o",
            "T",
            [("thing1".to_owned(), "x".repeat(21).into())]
                .into_iter()
                .collect(),
        ))
        .await
        .expect_err("thing"),
        wx.send(subscribe::send::Request::new(
            "o",
            "T",
            [("number1".to_owned(), "12a".into())].into_iter().collect(),
        ))
        .await
        .expect_err("number"),
        wx.send(subscribe::send::Request::new(
            "o",
            "T",
            [("number1".to_owned(), "1".repeat(33).into())]
                .into_iter()
                .collect(),
        ))
        .await
        .expect_err("33 digits"),
    ];
    for err in &invalid {
        assert_qualified(err);
    }
    let big: Vec<String> = vec!["x".repeat(6000)];
    assert!(
        search::DynamicData::new(1, "b").pushes(&big).is_err(),
        "an item over 5 KB cannot be pushed"
    );
    assert_eq!(
        sandbox.requests_received(),
        0,
        "no request at all, not even a token fetch"
    );

    // A mini-program code error is a JSON envelope on a binary endpoint: a token the
    // sandbox no longer accepts, with refresh disabled, surfaces as a typed API error.
    let strict = Client::mini_program(
        AppCredentials::new(DEFAULT_MINI_PROGRAM_ID, DEFAULT_MINI_PROGRAM_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .retry_policy(wx_api::RetryPolicy::default().with_refresh_on_invalid_token(false))
    .build()
    .expect("client");
    strict.access_token().await.expect("token");
    sandbox.expire_tokens(DEFAULT_MINI_PROGRAM_ID);
    let err = strict
        .send(code::get_unlimited::Request::new("id=1"))
        .await
        .expect_err("expired");
    assert_eq!(code_of(&err), Some(42001));

    // The Official Account's token is refused by mini-program endpoints (48001): the types
    // prevent it at compile time; the raw API says so at run time.
    let oa_token = oa(&sandbox).access_token().await.expect("oa token");
    let raw = reqwest::Client::new()
        .post(format!(
            "{}/wxa/getwxacodeunlimit?access_token={}",
            sandbox.url(),
            oa_token.expose()
        ))
        .body(r#"{"scene":"a"}"#)
        .send()
        .await
        .expect("post");
    assert_eq!(
        raw.headers()["content-type"],
        "application/json; encoding=utf-8"
    );
    let body: serde_json::Value = raw.json().await.expect("json");
    assert_eq!(body["errcode"], 48001);
}

#[tokio::test]
async fn mass_images_previews_and_openid_lists() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = oa(&sandbox);
    let images = mass::MassMessage::Images(mass::Images {
        media_ids: vec!["IMG1".into(), "IMG2".into()],
        recommend: Some("look".into()),
        need_open_comment: Some(1),
        only_fans_can_comment: Some(0),
    });
    let sent = wx
        .send(mass::send::Request::new(
            vec!["o1".into(), "o2".into()],
            images.clone(),
        ))
        .await
        .expect("send images to a list");
    assert!(sent.msg_id > 0);
    wx.send(mass::send_all::Request::new(
        mass::Filter::everyone(),
        images,
    ))
    .await
    .expect("sendall images");
    let preview = |m| mass::preview::Request::new(m);
    wx.send(
        preview(mass::PreviewMessage::Image(custom::Media {
            media_id: "IMG1".into(),
        }))
        .touser("o1"),
    )
    .await
    .expect("preview one image");
    wx.send(
        preview(mass::PreviewMessage::Text(custom::Text {
            content: "hi".into(),
        }))
        .towxname("wxid_tester"),
    )
    .await
    .expect("preview by WeChat id");
    let recorded = sandbox.sent_messages();
    let shapes: Vec<(&str, &str, bool)> = recorded
        .iter()
        .map(|m| {
            (
                m.endpoint.as_str(),
                m.body["msgtype"].as_str().unwrap_or("-"),
                m.body.get("images").is_some(),
            )
        })
        .collect();
    assert_eq!(
        shapes,
        vec![
            ("/cgi-bin/message/mass/send", "image", true),
            ("/cgi-bin/message/mass/sendall", "image", true),
            ("/cgi-bin/message/mass/preview", "image", false),
            ("/cgi-bin/message/mass/preview", "text", false),
        ]
    );
    assert_eq!(recorded[0].body["touser"], serde_json::json!(["o1", "o2"]));

    // The old shape ("msgtype":"images") is not a mass msgtype.
    let token = wx.access_token().await.expect("token");
    let raw: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/cgi-bin/message/mass/send?access_token={}",
            sandbox.url(),
            token.expose()
        ))
        .body(r#"{"touser":["o1","o2"],"msgtype":"images","images":{"media_ids":["a"]}}"#)
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    assert_eq!(raw["errcode"], 40008);

    // A preview goes to exactly one of touser / towxname; nothing is sent otherwise.
    let before = sandbox.requests_received();
    let text = || {
        mass::PreviewMessage::Text(custom::Text {
            content: "x".into(),
        })
    };
    for (req, needle) in [
        (preview(text()), "neither"),
        (preview(text()).touser("o1").towxname("wxid"), "both"),
    ] {
        match wx.send(req).await {
            Err(Error::Invalid(v)) => {
                assert_eq!(
                    (v.endpoint, v.field),
                    ("oa::message::mass::preview", "touser")
                );
                assert!(v.message.contains(needle), "{v}");
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(sandbox.requests_received(), before, "nothing was sent");
}

#[tokio::test]
async fn each_message_group_surfaces_wechat_errcodes() {
    use wx_sandbox::{REFUSING_OPENID_PREFIX, UNKNOWN_OPENID_PREFIX};
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = oa(&sandbox);
    let app = mini_program(&sandbox);
    let unknown = format!("{UNKNOWN_OPENID_PREFIX}-user");
    let refusing = format!("{REFUSING_OPENID_PREFIX}-user");
    let api_code = |r: Result<(), Error>| match r {
        Err(e @ Error::Api { .. }) => code_of(&e),
        other => panic!("expected an API error, got {other:?}"),
    };

    // Customer service, both kinds of app: unknown openid.
    assert_eq!(
        api_code(
            wx.send(custom::send::Request::text(unknown.as_str(), "hi"))
                .await
                .map(|_| ())
        ),
        Some(40003)
    );
    assert_eq!(
        api_code(
            app.send(customer::send::Request::text(unknown.as_str(), "hi"))
                .await
                .map(|_| ())
        ),
        Some(40003)
    );

    // Subscribe messages: no subscription left, unknown openid.
    let sub = |to: &str| {
        subscribe::send::Request::new(
            to,
            "TPL",
            [("thing1".to_owned(), "ok".into())].into_iter().collect(),
        )
    };
    assert_eq!(
        api_code(app.send(sub(&refusing)).await.map(|_| ())),
        Some(43101)
    );
    assert_eq!(
        api_code(app.send(sub(&unknown)).await.map(|_| ())),
        Some(40003)
    );

    // Mass sends: a repeated clientmsgid, a preview to an unknown openid.
    let text = || {
        mass::MassMessage::Text(custom::Text {
            content: "hi".into(),
        })
    };
    let first = wx
        .send(mass::send_all::Request::new(mass::Filter::everyone(), text()).clientmsgid("batch-1"))
        .await
        .expect("first send");
    let again = wx
        .send(mass::send_all::Request::new(mass::Filter::everyone(), text()).clientmsgid("batch-1"))
        .await
        .map(|_| ());
    assert_eq!(api_code(again), Some(45065));
    assert!(first.msg_id > 0);
    let preview = mass::preview::Request::new(mass::PreviewMessage::Text(custom::Text {
        content: "hi".into(),
    }))
    .touser(unknown.as_str());
    assert_eq!(api_code(wx.send(preview).await.map(|_| ())), Some(40003));

    // Users: one unknown openid, alone or in a batch.
    assert_eq!(
        api_code(
            wx.send(user::get::Request::new(unknown.as_str()))
                .await
                .map(|_| ())
        ),
        Some(40003)
    );
    assert_eq!(
        api_code(
            wx.send(user::batch_get::Request::openids(["o1", unknown.as_str()]))
                .await
                .map(|_| ())
        ),
        Some(40003)
    );

    // Search import: a query without its service type.
    let import = search::set_dynamic_data::Request::new(
        86_400,
        "{}",
        1,
        r#"{"items":[],"attribute":{"id":"b","seq":0,"count":0,"totalcount":0}}"#,
    );
    assert_eq!(api_code(app.send(import).await.map(|_| ())), Some(47001));

    // Only the one successful mass send was recorded.
    let recorded = sandbox.sent_messages();
    assert_eq!(recorded.len(), 1, "{recorded:?}");
}

#[tokio::test]
async fn search_import_splits_cjk_and_quote_heavy_items_into_5_kb_bodies() {
    use wx_api::Endpoint;
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    // Each quote and backslash is escaped twice on the wire (item JSON inside a string);
    // CJK stays raw UTF-8, three bytes a character.
    let items: Vec<serde_json::Value> = (0..300)
        .map(|i| match i % 3 {
            0 => serde_json::json!({"name": format!("广州市{i}号{}", "北京".repeat(i % 40))}),
            1 => serde_json::json!({"name": format!("say \"{i}\" \\ {}", "\"".repeat(i % 90))}),
            _ => {
                serde_json::json!({"name": format!("混合 \"引号\" {i}"), "alias": ["\\\"", "甲乙"]})
            }
        })
        .collect();
    let pushes = search::DynamicData::new(1000001, "cjk-batch")
        .pushes(&items)
        .expect("split");
    assert!(pushes.len() > 3, "{} pushes", pushes.len());
    let mut largest = 0;
    for push in &pushes {
        let size = match push.body().expect("body") {
            wx_api::wire::RequestBody::Json(bytes) => bytes.len(),
            _ => panic!("a JSON body"),
        };
        assert!(size <= search::MAX_BODY_BYTES, "{size} bytes");
        largest = largest.max(size);
        wx.send(push.clone()).await.expect("import");
    }
    assert!(
        largest > search::MAX_BODY_BYTES - 200,
        "packed tightly: {largest}"
    );
    let received: Vec<serde_json::Value> = sandbox
        .sent_messages()
        .iter()
        .flat_map(|m| {
            let data: serde_json::Value =
                serde_json::from_str(m.body["data"].as_str().expect("string")).expect("json");
            data["items"].as_array().cloned().unwrap_or_default()
        })
        .collect();
    assert_eq!(received, items, "every item sent exactly once, in order");

    // Nothing to import, or one item too big to push: typed errors, with the sizes.
    let none: Vec<serde_json::Value> = Vec::new();
    let empty = search::DynamicData::new(1, "b")
        .pushes(&none)
        .expect_err("empty");
    assert!(empty.message.contains("no items"), "{empty}");
    // Checks made while splitting name the endpoint as the client's would.
    assert_eq!(empty.endpoint, "wxa::search::set_dynamic_data");
    let big = vec!["\"".repeat(2600)];
    let err = search::DynamicData::new(1, "b")
        .pushes(&big)
        .expect_err("too big");
    assert!(
        err.message.contains("item 0 takes 10404 bytes in the body")
            && err.message.contains("over the 5120-byte limit"),
        "{err}"
    );
}
