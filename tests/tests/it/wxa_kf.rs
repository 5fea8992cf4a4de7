//! Mini Program customer service (typing, administrators, sub-merchants, 微信客服 binding),
//! service cards and chat-tool cards against the sandbox — each group's create → read →
//! change path and its documented errcodes — and their limits refused before sending.

use crate::wxa_user::{code_of, mini_program};
use wx_api::wxa::customer::{self, business, work, TypingCommand};
use wx_api::wxa::subscribe::notify::{self, CodeState, PayCheck};
use wx_api::wxa::updatable::{self, ChatToolState, ChatToolVersion, Participator};
use wx_api::Error;
use wx_sandbox::Sandbox;

const CONTENT: &str =
    r#"{"cur_status":2,"license_plate":"粤A12345A","arrival_time":1679569348,"wxa_path_query":""}"#;

#[tokio::test]
async fn typing_and_administrators() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    wx.send(customer::set_typing::Request::new(
        "o1",
        TypingCommand::Typing,
    ))
    .await
    .expect("typing");
    wx.send(customer::set_typing::Request::new(
        "o1",
        TypingCommand::CancelTyping,
    ))
    .await
    .expect("cancel typing");
    let unknown_user = wx
        .send(customer::set_typing::Request::new(
            "invalid-user",
            TypingCommand::Typing,
        ))
        .await
        .expect_err("unknown openid");
    assert_eq!(code_of(&unknown_user), Some(40003));

    wx.send(customer::set_admin::Request::new("kf1"))
        .await
        .expect("set admin");
    wx.send(customer::cancel_admin::Request::new("kf1"))
        .await
        .expect("cancel admin");
    let again = wx
        .send(customer::cancel_admin::Request::new("kf1"))
        .await
        .expect_err("no longer an admin");
    assert_eq!(code_of(&again), Some(65401));
    let no_business = wx
        .send(customer::set_admin::Request::new("kf1").business_id("99"))
        .await
        .expect_err("unknown sub-merchant");
    assert_eq!(code_of(&no_business), Some(45071));
}

#[tokio::test]
async fn business_lifecycle() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let created = wx
        .send(
            business::register::Request::new("apple_store", "苹果小店", "media-1")
                .transfer_to_commkf(true),
        )
        .await
        .expect("register");
    let id = created.business_id.0.clone();
    assert_eq!(id, "1");
    let second = wx
        .send(business::register::Request::new(
            "pear_store",
            "Pear",
            "media-2",
        ))
        .await
        .expect("register a second");
    assert_eq!(second.business_id.0, "2");
    let taken = wx
        .send(business::register::Request::new(
            "apple_store",
            "另一家店",
            "media-3",
        ))
        .await
        .expect_err("account name taken");
    assert_eq!(code_of(&taken), Some(45070));

    let by_id = wx
        .send(business::get::Request::by_id(&id))
        .await
        .expect("get by id");
    assert_eq!(by_id.business_info.account_name, "apple_store");
    assert_eq!(by_id.business_info.nickname, "苹果小店");
    assert_eq!(
        by_id.business_info.icon_media_id.as_deref(),
        Some("media-1")
    );
    let by_name = wx
        .send(business::get::Request::by_account_name("pear_store"))
        .await
        .expect("get by name");
    assert_eq!(by_name.business_info.business_id.0, "2");

    let page = wx
        .send(business::list::Request::new(0, 1))
        .await
        .expect("list");
    assert_eq!(page.list.len(), 1);
    let rest = wx
        .send(business::list::Request::new(1, 200))
        .await
        .expect("list rest");
    assert_eq!(rest.list.len(), 1, "a page shorter than count is the last");
    assert_eq!(rest.list[0].account_name, "pear_store");

    wx.send(
        business::update::Request::new(&id)
            .nickname("青苹果店")
            .icon_media_id(""),
    )
    .await
    .expect("update");
    let updated = wx
        .send(business::get::Request::by_id(&id))
        .await
        .expect("get updated");
    assert_eq!(updated.business_info.nickname, "青苹果店");
    assert_eq!(
        updated.business_info.icon_media_id.as_deref(),
        Some("media-1"),
        "an empty icon_media_id leaves the avatar"
    );

    let missing = wx
        .send(business::get::Request::by_id("42"))
        .await
        .expect_err("unknown id");
    assert_eq!(code_of(&missing), Some(45071));
    let missing = wx
        .send(business::update::Request::new("42").nickname("Nobody"))
        .await
        .expect_err("unknown id");
    assert_eq!(code_of(&missing), Some(45071));

    // An administrator of a sub-merchant that exists.
    wx.send(customer::set_admin::Request::new("kf1").business_id(&id))
        .await
        .expect("set admin of the sub-merchant");
}

#[tokio::test]
async fn wechat_kf_binding() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let none = wx
        .send(work::get::Request::new())
        .await
        .expect("get unbound");
    assert_eq!((none.corpid, none.bind_time), (None, None));
    wx.send(work::bind::Request::new("ww1234"))
        .await
        .expect("bind");
    let bound = wx.send(work::get::Request::new()).await.expect("get bound");
    assert_eq!(bound.corpid.as_deref(), Some("ww1234"));
    assert!(bound.entity_name.is_some_and(|n| !n.is_empty()));
    assert!(bound.bind_time.is_some_and(|t| t > 0));
    let twice = wx
        .send(work::bind::Request::new("ww1234"))
        .await
        .expect_err("already bound");
    assert_eq!(code_of(&twice), Some(10130603));
    let other = wx
        .send(work::unbind::Request::new("ww9999"))
        .await
        .expect_err("another corpid");
    assert_eq!(code_of(&other), Some(10130600));
    wx.send(work::unbind::Request::new("ww1234"))
        .await
        .expect("unbind");
    let not_bound = wx
        .send(work::unbind::Request::new("ww1234"))
        .await
        .expect_err("not bound");
    assert_eq!(code_of(&not_bound), Some(10130604));
}

#[tokio::test]
async fn service_card_lifecycle() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let before = wx
        .send(notify::get::Request::new("o1", "code-1", 1001))
        .await
        .expect("get before activation");
    assert_eq!(before.notify_info.content_json, "");
    assert_eq!(before.notify_info.code_state, CodeState::Normal);

    // The page's own example, deserialised from the fixture, is accepted by the sandbox.
    let fixture = wx_tests::doc_example("wxa::subscribe::notify::set");
    let from_doc: notify::set::Request =
        serde_json::from_value(fixture["request"]["body"].clone()).expect("doc example");
    wx.send(from_doc).await.expect("doc example set");

    wx.send(
        notify::set::Request::new("o1", 1001, "code-1", CONTENT).check_json(
            PayCheck {
                pay_amount: 1005,
                pay_time: 1683525070,
                pay_channel: Some(0),
            }
            .to_json(),
        ),
    )
    .await
    .expect("activate");
    let after = wx
        .send(notify::get::Request::new("o1", "code-1", 1001))
        .await
        .expect("get after activation");
    assert_eq!(after.notify_info.content_json, CONTENT);
    assert_eq!(after.notify_info.notify_type, 1001);
    assert!(after.notify_info.code_expire_time > 0);

    wx.send(notify::set_ext::Request::new(
        "o1",
        1001,
        "code-1",
        r#"{"store_info":"{}"}"#,
    ))
    .await
    .expect("ext of an active card");
    let not_active = wx
        .send(notify::set_ext::Request::new(
            "o1",
            1001,
            "code-2",
            r#"{"store_info":"{}"}"#,
        ))
        .await
        .expect_err("ext of a card never activated");
    assert_eq!(code_of(&not_active), Some(85437));
    let invalid = wx
        .send(notify::get::Request::new("o1", "invalid-code", 1001))
        .await
        .expect_err("invalid code");
    assert_eq!(code_of(&invalid), Some(85437));
    let bad_type = wx
        .send(notify::get::Request::new("o1", "code-1", 0))
        .await
        .expect_err("notify_type 0");
    assert_eq!(code_of(&bad_type), Some(85434));
}

#[tokio::test]
async fn chat_tool_card() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let act = wx
        .send(updatable::create_activity_id::Request::new())
        .await
        .expect("create");
    wx.send(
        updatable::send_chat_tool::Request::new(
            &act.activity_id,
            ChatToolState::Ongoing,
            "4A68CBB88A92B0A9311848DBA1E94A199B166463",
            ChatToolVersion::Trial,
        )
        .participator_info_list(vec![Participator::done("g1")]),
    )
    .await
    .expect("ongoing");
    wx.send(updatable::send_chat_tool::Request::new(
        &act.activity_id,
        ChatToolState::Ended,
        "4A68CBB88A92B0A9311848DBA1E94A199B166463",
        ChatToolVersion::Release,
    ))
    .await
    .expect("ended");
    let unknown = wx
        .send(updatable::send_chat_tool::Request::new(
            "nope",
            ChatToolState::Ongoing,
            "t",
            ChatToolVersion::Release,
        ))
        .await
        .expect_err("unknown activity");
    assert_eq!(code_of(&unknown), Some(40097));
}

fn assert_refused(cases: Vec<(&str, &str, Result<(), Error>)>) {
    for (endpoint, field, result) in cases {
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, endpoint);
                assert_eq!(v.field, field, "{endpoint}");
            }
            other => panic!("{endpoint} {field}: expected a validation error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn customer_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let register =
        |name: &str, nickname: &str| business::register::Request::new(name, nickname, "media");
    let get_both = business::get::Request::by_id("1").account_name("apple");
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::customer::set_typing",
            "touser",
            wx.send(customer::set_typing::Request::new(
                "",
                TypingCommand::Typing,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::customer::set_admin",
            "kf_openid",
            wx.send(customer::set_admin::Request::new(""))
                .await
                .map(drop),
        ),
        (
            "wxa::customer::cancel_admin",
            "kf_openid",
            wx.send(customer::cancel_admin::Request::new(""))
                .await
                .map(drop),
        ),
        (
            "wxa::customer::business::register",
            "account_name",
            wx.send(register("apple", "苹果")).await.map(drop),
        ),
        (
            "wxa::customer::business::register",
            "account_name",
            wx.send(register(&"a".repeat(31), "苹果")).await.map(drop),
        ),
        (
            "wxa::customer::business::register",
            "account_name",
            wx.send(register("apple-store", "苹果")).await.map(drop),
        ),
        (
            "wxa::customer::business::register",
            "nickname",
            wx.send(register("apple_store", "苹")).await.map(drop),
        ),
        (
            "wxa::customer::business::register",
            "nickname",
            wx.send(register("apple_store", &"苹".repeat(16)))
                .await
                .map(drop),
        ),
        (
            "wxa::customer::business::register",
            "nickname",
            wx.send(register("apple_store", "apple store"))
                .await
                .map(drop),
        ),
        (
            "wxa::customer::business::get",
            "business_id",
            wx.send(get_both).await.map(drop),
        ),
        (
            "wxa::customer::business::get",
            "business_id",
            wx.send(business::get::Request::by_id("")).await.map(drop),
        ),
        (
            "wxa::customer::business::list",
            "count",
            wx.send(business::list::Request::new(0, 0)).await.map(drop),
        ),
        (
            "wxa::customer::business::list",
            "count",
            wx.send(business::list::Request::new(0, 201))
                .await
                .map(drop),
        ),
        (
            "wxa::customer::business::update",
            "business_id",
            wx.send(business::update::Request::new("")).await.map(drop),
        ),
        (
            "wxa::customer::business::update",
            "nickname",
            wx.send(business::update::Request::new("1").nickname("a!b?c"))
                .await
                .map(drop),
        ),
        (
            "wxa::customer::work::bind",
            "corpid",
            wx.send(work::bind::Request::new("")).await.map(drop),
        ),
        (
            "wxa::customer::work::unbind",
            "corpid",
            wx.send(work::unbind::Request::new("")).await.map(drop),
        ),
    ];
    assert_refused(cases);
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");
}

#[tokio::test]
async fn service_card_and_chat_tool_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let set = |check: &str| notify::set::Request::new("o", 1001, "c", CONTENT).check_json(check);
    let chat = |activity: &str, template: &str| {
        updatable::send_chat_tool::Request::new(
            activity,
            ChatToolState::Ongoing,
            template,
            ChatToolVersion::Release,
        )
    };
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::subscribe::notify::set",
            "openid",
            wx.send(notify::set::Request::new("", 1001, "c", CONTENT))
                .await
                .map(drop),
        ),
        (
            "wxa::subscribe::notify::set",
            "notify_code",
            wx.send(notify::set::Request::new("o", 1001, "", CONTENT))
                .await
                .map(drop),
        ),
        (
            "wxa::subscribe::notify::set",
            "content_json",
            wx.send(notify::set::Request::new("o", 1001, "c", "cur_status=2"))
                .await
                .map(drop),
        ),
        (
            "wxa::subscribe::notify::set",
            "content_json",
            wx.send(notify::set::Request::new("o", 1001, "c", "[1, 2]"))
                .await
                .map(drop),
        ),
        (
            "wxa::subscribe::notify::set",
            "check_json",
            wx.send(set(r#"{"pay_amount":1005}"#)).await.map(drop),
        ),
        (
            "wxa::subscribe::notify::set",
            "check_json",
            wx.send(set(r#"{"pay_amount":-1,"pay_time":1683525070}"#))
                .await
                .map(drop),
        ),
        (
            "wxa::subscribe::notify::set",
            "check_json",
            wx.send(set(r#"{"pay_amount":1,"pay_time":4294967296}"#))
                .await
                .map(drop),
        ),
        (
            "wxa::subscribe::notify::set_ext",
            "ext_json",
            wx.send(notify::set_ext::Request::new("o", 1003, "c", ""))
                .await
                .map(drop),
        ),
        (
            "wxa::subscribe::notify::set_ext",
            "openid",
            wx.send(notify::set_ext::Request::new("", 1003, "c", "{}"))
                .await
                .map(drop),
        ),
        (
            "wxa::subscribe::notify::get",
            "notify_code",
            wx.send(notify::get::Request::new("o", "", 1001))
                .await
                .map(drop),
        ),
        (
            "wxa::updatable::send_chat_tool",
            "activity_id",
            wx.send(chat("", "t")).await.map(drop),
        ),
        (
            "wxa::updatable::send_chat_tool",
            "template_id",
            wx.send(chat("a", "")).await.map(drop),
        ),
        (
            "wxa::updatable::send_chat_tool",
            "participator_info_list",
            wx.send(chat("a", "t").participator_info_list(vec![Participator {
                group_openid: "g".into(),
                state: 0,
            }]))
            .await
            .map(drop),
        ),
        (
            "wxa::updatable::send_chat_tool",
            "participator_info_list",
            wx.send(chat("a", "t").participator_info_list(vec![Participator::done("")]))
                .await
                .map(drop),
        ),
    ];
    assert_refused(cases);
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");
}
