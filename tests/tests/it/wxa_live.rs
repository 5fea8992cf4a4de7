//! Mini Program live broadcasting against the sandbox: a room's life (create, list, edit,
//! push address, share code, assistants, sub-anchor, switches, goods, delete, then 300022),
//! the goods library's review states (add, withdraw, resubmit, approval, update, delete, then
//! 300024), roles, the goods key and subscribers; and every documented limit refused before
//! sending, table-driven.

use crate::wxa_user::{code_of, mini_program};
use std::time::{SystemTime, UNIX_EPOCH};
use wx_api::wxa::live::{follower, goods, role, room};
use wx_api::wxa::live::{AuditStatus, Flag, LiveStatus, PriceType, Role, RoomType, ScreenType};
use wx_api::Error;
use wx_sandbox::Sandbox;

const MEDIA: &str = "hw7zsntcr0rE-RBfBAaF553DqBk-J02UtWsP8VqrUh3tKu3jO_JwEO8n1cWTJ5TN";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn new_room(name: &str, start: i64, end: i64) -> room::create::Request {
    room::create::Request::new(
        name,
        "主播小王",
        "anchor_wx",
        start,
        end,
        RoomType::Phone,
        MEDIA,
        MEDIA,
        MEDIA,
    )
}

#[tokio::test]
async fn a_room_from_creation_to_deletion() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let start = now() + 3600;
    let created = wx
        .send(new_room("测试直播房间一", start, start + 7200).screen_type(ScreenType::Landscape))
        .await
        .expect("create");
    let id = created.room_id;
    assert!(id > 0);
    assert_eq!(created.qrcode_url, None);

    let rooms = wx
        .send(room::list::Request::new(0, 10))
        .await
        .expect("list");
    assert_eq!(rooms.total, 1);
    assert_eq!(rooms.room_info[0].roomid, id);
    assert_eq!(rooms.room_info[0].live_status, Some(LiveStatus::NotStarted));
    assert_eq!(rooms.room_info[0].anchor_name, "主播小王");

    wx.send(
        room::update::Request::new(
            id,
            "改名后的房间",
            "主播小王",
            "anchor_wx",
            start,
            start + 1800,
            MEDIA,
            MEDIA,
            MEDIA,
        )
        .close_kf(Flag(false)),
    )
    .await
    .expect("edit");
    let rooms = wx
        .send(room::list::Request::new(0, 10))
        .await
        .expect("list");
    assert_eq!(rooms.room_info[0].name, "改名后的房间");
    assert_eq!(rooms.room_info[0].close_kf, Some(Flag(false)));
    // Not ended yet: no replay.
    let replays = wx
        .send(room::list::Request::replays(id, 0, 10))
        .await
        .expect("replays");
    assert!(replays.live_replay.is_empty());

    let push = wx
        .send(room::get_push_url::Request::new(id))
        .await
        .expect("push url");
    assert!(push.push_addr.starts_with("rtmp://"));
    let code = wx
        .send(room::get_shared_code::Request::new(id).params("%7B%7D"))
        .await
        .expect("share code");
    assert!(code.page_path.ends_with(&format!("room_id={id}")));

    // Assistants.
    wx.send(room::add_assistant::Request::new(
        id,
        vec![
            room::Assistant::new("helper1", "小助手1"),
            room::Assistant::new("helper2", "小助手2"),
        ],
    ))
    .await
    .expect("add assistants");
    wx.send(room::modify_assistant::Request::new(id, "helper1", "改名"))
        .await
        .expect("modify assistant");
    wx.send(room::remove_assistant::Request::new(id, "helper2"))
        .await
        .expect("remove assistant");
    let list = wx
        .send(room::list_assistants::Request::new(id))
        .await
        .expect("assistants");
    assert_eq!(list.count, 1);
    assert_eq!(
        (list.list[0].alias.as_str(), list.list[0].nickname.as_str()),
        ("helper1", "改名")
    );

    // Sub-anchor: one only, never the anchor.
    wx.send(room::add_sub_anchor::Request::new(id, "sub1"))
        .await
        .expect("sub anchor");
    let again = wx
        .send(room::add_sub_anchor::Request::new(id, "sub2"))
        .await
        .expect_err("second sub anchor");
    assert_eq!(code_of(&again), Some(500004));
    let anchor = wx
        .send(room::modify_sub_anchor::Request::new(id, "anchor_wx"))
        .await
        .expect_err("anchor as sub anchor");
    assert_eq!(code_of(&anchor), Some(500005));
    wx.send(room::modify_sub_anchor::Request::new(id, "sub2"))
        .await
        .expect("modify sub anchor");
    let sub = wx
        .send(room::get_sub_anchor::Request::new(id))
        .await
        .expect("get sub anchor");
    assert_eq!(sub.username, "sub2");
    wx.send(room::delete_sub_anchor::Request::new(id))
        .await
        .expect("delete sub anchor");

    // Switches.
    wx.send(room::set_comment::Request::new(id, Flag(true)))
        .await
        .expect("ban comments");
    wx.send(room::set_feed_public::Request::new(id, Flag(false)))
        .await
        .expect("feed public");
    wx.send(room::set_kf::Request::new(id, Flag(true)))
        .await
        .expect("kf");
    wx.send(room::set_replay::Request::new(id, Flag(false)))
        .await
        .expect("replay");
    let rooms = wx
        .send(room::list::Request::new(0, 10))
        .await
        .expect("list");
    assert_eq!(rooms.room_info[0].is_feeds_public, Some(Flag(false)));
    assert_eq!(rooms.room_info[0].close_kf, Some(Flag(true)));

    // Goods in the room.
    let a = wx
        .send(goods::add::Request::new(goods::NewGoods::fixed(
            "茶杯",
            99.5,
            MEDIA,
            "pages/goods?id=1",
        )))
        .await
        .expect("goods a");
    let b = wx
        .send(goods::add::Request::new(
            goods::NewGoods::fixed("茶壶", 0.0, MEDIA, "pages/goods?id=2").range(10.0, 20.5),
        ))
        .await
        .expect("goods b");
    wx.send(room::add_goods::Request::new(
        vec![a.goods_id, b.goods_id],
        id,
    ))
    .await
    .expect("import");
    wx.send(room::sort_goods::Request::new(id, [b.goods_id]))
        .await
        .expect("sort");
    let rooms = wx
        .send(room::list::Request::new(0, 10))
        .await
        .expect("list");
    let order: Vec<i64> = rooms.room_info[0]
        .goods
        .iter()
        .map(|g| g.goods_id)
        .collect();
    assert_eq!(order, vec![b.goods_id, a.goods_id]);
    assert_eq!(
        rooms.room_info[0].goods[0].price_type,
        Some(PriceType::Range)
    );
    wx.send(room::set_goods_sale::Request::new(
        id,
        a.goods_id,
        Flag(false),
    ))
    .await
    .expect("off sale");
    wx.send(room::push_goods::Request::new(id, a.goods_id))
        .await
        .expect("push goods");
    let video = wx
        .send(room::get_goods_video::Request::new(id, a.goods_id))
        .await
        .expect("video");
    assert!(!video.url.is_empty());
    wx.send(room::delete_goods::Request::new(id, a.goods_id))
        .await
        .expect("remove from room");
    let gone = wx
        .send(room::push_goods::Request::new(id, a.goods_id))
        .await
        .expect_err("goods no longer in the room");
    assert_eq!(code_of(&gone), Some(300024));

    // A room that is not live cannot start a subscribers' push.
    let not_live = wx
        .send(follower::send::Request::new(id, vec!["openid1".into()]))
        .await
        .expect_err("not live");
    assert_eq!(code_of(&not_live), Some(9410006));

    wx.send(room::delete::Request::new(id))
        .await
        .expect("delete");
    for err in [
        wx.send(room::delete::Request::new(id)).await.map(drop),
        wx.send(room::get_push_url::Request::new(id))
            .await
            .map(drop),
        wx.send(room::list_assistants::Request::new(id))
            .await
            .map(drop),
        wx.send(room::list::Request::replays(id, 0, 1))
            .await
            .map(drop),
    ] {
        assert_eq!(code_of(&err.expect_err("unknown room")), Some(300022));
    }
    let rooms = wx
        .send(room::list::Request::new(0, 10))
        .await
        .expect("list");
    assert_eq!(rooms.total, 0);
}

#[tokio::test]
async fn the_goods_library_and_its_review_states() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let added = wx
        .send(goods::add::Request::new(
            goods::NewGoods::fixed("保温杯", 59.9, MEDIA, "pages/goods?id=9").discount(79.0, 59.9),
        ))
        .await
        .expect("add");
    let id = added.goods_id;
    // Under review: cannot be updated, can be withdrawn once.
    let mut change = goods::GoodsChange::new(id);
    change.name = Some("新保温杯".into());
    let busy = wx
        .send(goods::update::Request::new(change.clone()))
        .await
        .expect_err("under review");
    assert_eq!(code_of(&busy), Some(300010));
    wx.send(goods::reset_audit::Request::new(added.audit_id, id))
        .await
        .expect("withdraw");
    let twice = wx
        .send(goods::reset_audit::Request::new(added.audit_id, id))
        .await
        .expect_err("not under review");
    assert_eq!(code_of(&twice), Some(300017));
    // Withdrawn: anything may change; then resubmit.
    wx.send(goods::update::Request::new(change))
        .await
        .expect("update withdrawn goods");
    let again = wx
        .send(goods::submit_audit::Request::new(id))
        .await
        .expect("resubmit");
    assert_ne!(again.audit_id, added.audit_id);
    let busy = wx
        .send(goods::submit_audit::Request::new(id))
        .await
        .expect_err("already under review");
    assert_eq!(code_of(&busy), Some(300010));
    // Reading the status completes the review.
    let status = wx
        .send(goods::get::Request::new(vec![id, 999_999]))
        .await
        .expect("status");
    assert_eq!(status.total, 1);
    assert_eq!(status.goods[0].goods_id, id);
    assert_eq!(status.goods[0].name, "新保温杯");
    assert_eq!(status.goods[0].audit_status, Some(AuditStatus::Approved));
    assert_eq!(status.goods[0].price_type, Some(PriceType::Discount));
    let approved = wx
        .send(goods::list::Request::new(0, AuditStatus::Approved).limit(30))
        .await
        .expect("approved");
    assert_eq!(approved.total, 1);
    assert_eq!(approved.goods[0].goods_id, id);
    // Approved goods: prices only.
    let mut name_change = goods::GoodsChange::new(id);
    name_change.name = Some("又一个名字".into());
    let refused = wx
        .send(goods::update::Request::new(name_change))
        .await
        .expect_err("approved goods keep their name");
    assert_eq!(code_of(&refused), Some(300010));
    let mut price_change = goods::GoodsChange::new(id);
    price_change.price_type = Some(PriceType::Fixed);
    price_change.price = Some(49.0);
    wx.send(goods::update::Request::new(price_change))
        .await
        .expect("new price");
    let rejected = wx
        .send(goods::add::Request::new(goods::NewGoods::fixed(
            "违规商品",
            1.0,
            MEDIA,
            "pages/x",
        )))
        .await
        .expect("add rejected goods");
    let rejected_list = wx
        .send(goods::list::Request::new(0, AuditStatus::Rejected))
        .await
        .expect("rejected");
    assert_eq!(rejected_list.goods[0].goods_id, rejected.goods_id);

    wx.send(goods::set_key::Request::new(vec!["productId".into()]))
        .await
        .expect("goods key");
    wx.send(goods::delete::Request::new(id))
        .await
        .expect("delete");
    for err in [
        wx.send(goods::delete::Request::new(id)).await.map(drop),
        wx.send(goods::submit_audit::Request::new(id))
            .await
            .map(drop),
        wx.send(goods::reset_audit::Request::new(1, id))
            .await
            .map(drop),
        wx.send(goods::update::Request::new(goods::GoodsChange::new(id)))
            .await
            .map(drop),
    ] {
        assert_eq!(code_of(&err.expect_err("unknown goods")), Some(300024));
    }
}

#[tokio::test]
async fn roles_and_subscribers() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    wx.send(role::add::Request::new("op_1", Role::Operator))
        .await
        .expect("operator");
    wx.send(role::add::Request::new("op_1", Role::Anchor))
        .await
        .expect("anchor too");
    let twice = wx
        .send(role::add::Request::new("op_1", Role::Anchor))
        .await
        .expect_err("repeated role");
    assert_eq!(code_of(&twice), Some(400004));
    let anchors = wx
        .send(role::list::Request::new().role(Role::Anchor))
        .await
        .expect("anchors");
    assert_eq!(anchors.total, 1);
    assert_eq!(
        anchors.list[0].role_list,
        vec![Role::Operator, Role::Anchor]
    );
    assert!(anchors.list[0].update_timestamp > 0);
    wx.send(role::delete::Request::new("op_1", Role::Anchor))
        .await
        .expect("remove anchor");
    let none = wx
        .send(role::list::Request::new().role(Role::Anchor))
        .await
        .expect("anchors");
    assert_eq!(none.total, 0);
    let not_held = wx
        .send(role::delete::Request::new("op_1", Role::Anchor))
        .await
        .expect_err("not held");
    assert_eq!(code_of(&not_held), Some(200002));

    let page = wx
        .send(follower::list::Request::new().limit(2))
        .await
        .expect("followers");
    assert_eq!(page.followers.len(), 2);
    assert_eq!(page.followers[0].room_status, Some(LiveStatus::Live));
    let unknown = wx
        .send(follower::send::Request::new(
            424_242,
            vec!["openid1".into()],
        ))
        .await
        .expect_err("unknown room");
    assert_eq!(code_of(&unknown), Some(300022));
}

#[tokio::test]
async fn live_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let start = now() + 3600;
    let end = start + 3600;
    let long_name = "直".repeat(18);
    let long_goods = "杯".repeat(15);
    let mut fixed_with_price2 = goods::NewGoods::fixed("茶杯", 1.0, MEDIA, "pages/x");
    fixed_with_price2.price2 = Some(2.0);
    let mut range_without_price2 = goods::NewGoods::fixed("茶杯", 1.0, MEDIA, "pages/x");
    range_without_price2.price_type = Some(PriceType::Range);
    let mut unknown_type = goods::NewGoods::fixed("茶杯", 1.0, MEDIA, "pages/x");
    unknown_type.price_type = Some(PriceType::Other(4));
    let mut type_without_price = goods::GoodsChange::new(1);
    type_without_price.price_type = Some(PriceType::Fixed);

    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::live::room::create",
            "name",
            wx.send(new_room("ab", start, end)).await.map(drop),
        ),
        (
            "wxa::live::room::create",
            "name",
            wx.send(new_room(&long_name, start, end)).await.map(drop),
        ),
        (
            "wxa::live::room::create",
            "anchorName",
            wx.send(room::create::Request::new(
                "测试房间",
                "王",
                "w",
                start,
                end,
                RoomType::Phone,
                MEDIA,
                MEDIA,
                MEDIA,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::room::create",
            "anchorWechat",
            wx.send(room::create::Request::new(
                "测试房间",
                "主播",
                "",
                start,
                end,
                RoomType::Phone,
                MEDIA,
                MEDIA,
                MEDIA,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::room::create",
            "coverImg",
            wx.send(room::create::Request::new(
                "测试房间",
                "主播",
                "w",
                start,
                end,
                RoomType::Phone,
                "",
                MEDIA,
                MEDIA,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::room::create",
            "feedsImg",
            wx.send(room::create::Request::new(
                "测试房间",
                "主播",
                "w",
                start,
                end,
                RoomType::Phone,
                MEDIA,
                MEDIA,
                "",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::room::create",
            "endTime",
            wx.send(new_room("测试房间", start, start + 29 * 60))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::create",
            "endTime",
            wx.send(new_room("测试房间", start, start + 25 * 3600))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::create",
            "type",
            wx.send(room::create::Request::new(
                "测试房间",
                "主播",
                "w",
                start,
                end,
                RoomType::Other(5),
                MEDIA,
                MEDIA,
                MEDIA,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::room::create",
            "screenType",
            wx.send(new_room("测试房间", start, end).screen_type(ScreenType::Other(2)))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::update",
            "name",
            wx.send(room::update::Request::new(
                1, "a", "主播", "w", start, end, MEDIA, MEDIA, MEDIA,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::room::update",
            "endTime",
            wx.send(room::update::Request::new(
                1,
                "测试房间",
                "主播",
                "w",
                start,
                start,
                MEDIA,
                MEDIA,
                MEDIA,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::room::list",
            "room_id",
            wx.send(room::list::Request::new(0, 10).action("get_replay"))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::list",
            "action",
            wx.send(room::list::Request::new(0, 10).action("replay").room_id(1))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::list",
            "limit",
            wx.send(room::list::Request::new(0, 0)).await.map(drop),
        ),
        (
            "wxa::live::room::add_goods",
            "ids",
            wx.send(room::add_goods::Request::new(vec![], 1))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::add_assistant",
            "users",
            wx.send(room::add_assistant::Request::new(1, vec![]))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::add_assistant",
            "users.nickname",
            wx.send(room::add_assistant::Request::new(
                1,
                vec![room::Assistant::new("u", "")],
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::room::modify_assistant",
            "nickname",
            wx.send(room::modify_assistant::Request::new(1, "u", " "))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::remove_assistant",
            "username",
            wx.send(room::remove_assistant::Request::new(1, ""))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::add_sub_anchor",
            "username",
            wx.send(room::add_sub_anchor::Request::new(1, ""))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::modify_sub_anchor",
            "username",
            wx.send(room::modify_sub_anchor::Request::new(1, ""))
                .await
                .map(drop),
        ),
        (
            "wxa::live::room::sort_goods",
            "goods",
            wx.send(room::sort_goods::Request::new(1, []))
                .await
                .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.name",
            wx.send(goods::add::Request::new(goods::NewGoods::fixed(
                long_goods.as_str(),
                1.0,
                MEDIA,
                "pages/x",
            )))
            .await
            .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.name",
            wx.send(goods::add::Request::new(goods::NewGoods::fixed(
                "", 1.0, MEDIA, "pages/x",
            )))
            .await
            .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.coverImgUrl",
            wx.send(goods::add::Request::new(goods::NewGoods::fixed(
                "茶杯", 1.0, "", "pages/x",
            )))
            .await
            .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.url",
            wx.send(goods::add::Request::new(goods::NewGoods::fixed(
                "茶杯", 1.0, MEDIA, "",
            )))
            .await
            .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.price",
            wx.send(goods::add::Request::new(goods::NewGoods::fixed(
                "茶杯", 1.234, MEDIA, "pages/x",
            )))
            .await
            .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.price",
            wx.send(goods::add::Request::new(goods::NewGoods::fixed(
                "茶杯", -1.0, MEDIA, "pages/x",
            )))
            .await
            .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.price2",
            wx.send(goods::add::Request::new(fixed_with_price2))
                .await
                .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.price2",
            wx.send(goods::add::Request::new(range_without_price2))
                .await
                .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.price2",
            wx.send(goods::add::Request::new(
                goods::NewGoods::fixed("茶杯", 1.0, MEDIA, "pages/x").range(20.0, 10.0),
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::live::goods::add",
            "goodsInfo.priceType",
            wx.send(goods::add::Request::new(unknown_type))
                .await
                .map(drop),
        ),
        (
            "wxa::live::goods::update",
            "goodsInfo.price",
            wx.send(goods::update::Request::new(type_without_price))
                .await
                .map(drop),
        ),
        (
            "wxa::live::goods::list",
            "limit",
            wx.send(goods::list::Request::new(0, AuditStatus::Approved).limit(101))
                .await
                .map(drop),
        ),
        (
            "wxa::live::goods::list",
            "status",
            wx.send(goods::list::Request::new(0, AuditStatus::Other(4)))
                .await
                .map(drop),
        ),
        (
            "wxa::live::goods::get",
            "goods_ids",
            wx.send(goods::get::Request::new(vec![])).await.map(drop),
        ),
        (
            "wxa::live::goods::get",
            "goods_ids",
            wx.send(goods::get::Request::new((1..=21).collect()))
                .await
                .map(drop),
        ),
        (
            "wxa::live::goods::set_key",
            "goodsKey",
            wx.send(goods::set_key::Request::new(vec![]))
                .await
                .map(drop),
        ),
        (
            "wxa::live::role::add",
            "role",
            wx.send(role::add::Request::new("u", Role::SuperAdmin))
                .await
                .map(drop),
        ),
        (
            "wxa::live::role::add",
            "role",
            wx.send(role::add::Request::new("u", Role::All))
                .await
                .map(drop),
        ),
        (
            "wxa::live::role::add",
            "username",
            wx.send(role::add::Request::new("", Role::Admin))
                .await
                .map(drop),
        ),
        (
            "wxa::live::role::delete",
            "role",
            wx.send(role::delete::Request::new("u", Role::Other(9)))
                .await
                .map(drop),
        ),
        (
            "wxa::live::role::list",
            "limit",
            wx.send(role::list::Request::new().limit(31))
                .await
                .map(drop),
        ),
        (
            "wxa::live::role::list",
            "role",
            wx.send(role::list::Request::new().role(Role::Other(4)))
                .await
                .map(drop),
        ),
        (
            "wxa::live::follower::list",
            "limit",
            wx.send(follower::list::Request::new().limit(2001))
                .await
                .map(drop),
        ),
        (
            "wxa::live::follower::send",
            "user_openid",
            wx.send(follower::send::Request::new(1, vec![]))
                .await
                .map(drop),
        ),
        (
            "wxa::live::follower::send",
            "user_openid",
            wx.send(follower::send::Request::new(1, vec!["o".to_owned(); 2001]))
                .await
                .map(drop),
        ),
    ];
    for (endpoint, field, result) in cases {
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, endpoint);
                assert_eq!(v.field, field, "{endpoint}: {}", v.message);
            }
            other => panic!("{endpoint}.{field}: expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");

    // The start rule depends on the clock: checked by check_start, and by WeChat (200002).
    use wx_api::wxa::live::check_start;
    let n = now();
    for (start, ok) in [
        (n + 599, false),
        (n + 600, true),
        (n + 186 * 86_400, true),
        (n + 186 * 86_400 + 1, false),
    ] {
        let checked = check_start("wxa::live::room::create", start, n);
        assert_eq!(checked.is_ok(), ok, "start {} s ahead", start - n);
        if let Err(e) = checked {
            assert_eq!(e.field, "startTime");
        }
    }
    let too_soon = wx
        .send(new_room("测试房间", n + 60, n + 3660))
        .await
        .expect_err("the sandbox applies the start rule");
    assert_eq!(code_of(&too_soon), Some(200002));

    // The bounds themselves are accepted (and the sandbox agrees).
    let max_name = "直".repeat(17);
    wx.send(new_room(
        &max_name,
        now() + 11 * 60,
        now() + 11 * 60 + 24 * 3600,
    ))
    .await
    .expect("17 Chinese characters, a 24-hour broadcast");
    wx.send(new_room(&"a".repeat(34), start, start + 30 * 60))
        .await
        .expect("34 ASCII characters, a 30-minute broadcast");
    wx.send(goods::add::Request::new(goods::NewGoods::fixed(
        "杯".repeat(14),
        0.01,
        MEDIA,
        "pages/x",
    )))
    .await
    .expect("14 Chinese characters, two decimals");
    wx.send(follower::send::Request::new(1, vec!["o".to_owned(); 2000]))
        .await
        .expect_err("2000 openids pass the check; the sandbox knows no room 1");
}

#[test]
fn widths_and_codes() {
    use wx_api::wxa::live::width;
    assert_eq!(width("测试直播房间1"), 13);
    assert_eq!(width("abc"), 3);
    assert_eq!(serde_json::to_string(&Role::All).unwrap(), "-1");
    assert_eq!(serde_json::from_str::<Role>("7").unwrap(), Role::Other(7));
    assert_eq!(
        serde_json::from_str::<AuditStatus>("\"2\"").unwrap(),
        AuditStatus::Approved
    );
    assert_eq!(serde_json::to_string(&Flag(true)).unwrap(), "1");
    assert!(serde_json::from_str::<Flag>("2").is_err());
}
