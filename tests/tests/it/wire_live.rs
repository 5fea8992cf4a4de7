//! Wire format of the Mini Program live-broadcasting endpoints (`wx_api::wxa::live`), each
//! built with the typed API from its official page's example (tests/fixtures/doc-examples).

use wx_api::wire::render;
use wx_api::wxa::live::{follower, goods, role, room, Flag, PriceType, Role, RoomType};
use wx_api::wxa::live::{AuditStatus, ScreenType};

const MEDIA: &str = "hw7zsntcr0rE-RBfBAaF553DqBk-J02UtWsP8VqrUh3tKu3jO_JwEO8n1cWTJ5TN";
const COVER: &str = "ZuYVNKk9sMP1X4m7FXdcDCKra251KDZTjS502UTV7gwalgLZXcrOhG6oNYX6c7AR";

#[test]
fn rooms() {
    let create = room::create::Request::new(
        "测试直播房间1",
        "zefzhang1",
        "WxgQiao_04",
        1588237130,
        1588244330,
        RoomType::Push,
        MEDIA,
        MEDIA,
        MEDIA,
    )
    .sub_anchor_wechat("WxgQiao_03")
    .creater_wechat("test_creater")
    .is_feeds_public(Flag(true))
    .screen_type(ScreenType::Portrait)
    .close_replay(Flag(false))
    .close_share(Flag(false))
    .close_kf(Flag(false));
    insta::assert_snapshot!("wxa_live_room_create", render(&create).unwrap());
    let update = room::update::Request::new(
        811,
        "测试直播房间2",
        "zefzhang1",
        "WxgQiao_04",
        1588237130,
        1588244330,
        MEDIA,
        MEDIA,
        MEDIA,
    )
    .is_feeds_public(Flag(true))
    .close_replay(Flag(false))
    .close_share(Flag(false))
    .close_kf(Flag(false));
    insta::assert_snapshot!("wxa_live_room_update", render(&update).unwrap());
    insta::assert_snapshot!(
        "wxa_live_room_list",
        render(&room::list::Request::new(0, 10)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_list_replays",
        render(&room::list::Request::replays(72, 0, 1)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_delete",
        render(&room::delete::Request::new(1)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_get_push_url",
        render(&room::get_push_url::Request::new(6209)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_get_shared_code",
        render(
            &room::get_shared_code::Request::new(6209)
                .params("%7B%22path%22%3A%22pages%2Findex%22%7D")
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_set_comment",
        render(&room::set_comment::Request::new(6474, Flag(true))).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_set_feed_public",
        render(&room::set_feed_public::Request::new(6474, Flag(true))).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_set_kf",
        render(&room::set_kf::Request::new(6491, Flag(false))).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_set_replay",
        render(&room::set_replay::Request::new(6474, Flag(false))).unwrap()
    );
}

#[test]
fn room_people() {
    insta::assert_snapshot!(
        "wxa_live_room_add_assistant",
        render(&room::add_assistant::Request::new(
            6474,
            vec![room::Assistant::new("testwechat", "testnick")]
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_modify_assistant",
        render(&room::modify_assistant::Request::new(
            6474,
            "testwechat",
            "testnick"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_remove_assistant",
        render(&room::remove_assistant::Request::new(6474, "testwechat")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_list_assistants",
        render(&room::list_assistants::Request::new(6491)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_add_sub_anchor",
        render(&room::add_sub_anchor::Request::new(6827, "lintest2")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_modify_sub_anchor",
        render(&room::modify_sub_anchor::Request::new(6827, "lintest2")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_delete_sub_anchor",
        render(&room::delete_sub_anchor::Request::new(6491)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_get_sub_anchor",
        render(&room::get_sub_anchor::Request::new(6491)).unwrap()
    );
}

#[test]
fn room_goods() {
    insta::assert_snapshot!(
        "wxa_live_room_add_goods",
        render(&room::add_goods::Request::new(vec![9, 11], 223)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_delete_goods",
        render(&room::delete_goods::Request::new(6474, 9)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_push_goods",
        render(&room::push_goods::Request::new(6474, 9)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_set_goods_sale",
        render(&room::set_goods_sale::Request::new(6474, 1, Flag(false))).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_sort_goods",
        render(&room::sort_goods::Request::new(6474, [123, 234])).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_room_get_goods_video",
        render(&room::get_goods_video::Request::new(6474, 9)).unwrap()
    );
}

#[test]
fn goods_library() {
    let tea_cup = goods::NewGoods::fixed("TIT茶杯", 99.5, COVER, "pages/index/index");
    insta::assert_snapshot!(
        "wxa_live_goods_add",
        render(&goods::add::Request::new(tea_cup.clone())).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_goods_add_range",
        render(&goods::add::Request::new(tea_cup.range(99.5, 150.5))).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_goods_submit_audit",
        render(&goods::submit_audit::Request::new(9)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_goods_reset_audit",
        render(&goods::reset_audit::Request::new(525022184, 9)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_goods_delete",
        render(&goods::delete::Request::new(9)).unwrap()
    );
    let mut change = goods::GoodsChange::new(9);
    change.cover_img_url = Some(COVER.into());
    change.name = Some("TIT茶杯".into());
    change.price_type = Some(PriceType::Fixed);
    change.price = Some(99.5);
    change.url = Some("pages/index/index".into());
    insta::assert_snapshot!(
        "wxa_live_goods_update",
        render(&goods::update::Request::new(change)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_goods_list",
        render(&goods::list::Request::new(0, AuditStatus::Approved)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_goods_get",
        render(&goods::get::Request::new(vec![1])).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_goods_set_key",
        render(&goods::set_key::Request::new(vec![
            "productId".into(),
            "sid".into()
        ]))
        .unwrap()
    );
}

#[test]
fn roles_and_followers() {
    insta::assert_snapshot!(
        "wxa_live_role_add",
        render(&role::add::Request::new("test_1", Role::Admin)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_role_delete",
        render(&role::delete::Request::new("test_1", Role::Admin)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_role_list",
        render(
            &role::list::Request::new()
                .role(Role::Admin)
                .offset(0)
                .limit(10)
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_follower_list",
        render(&follower::list::Request::new().limit(200).page_break(0)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_live_follower_send",
        render(&follower::send::Request::new(
            1,
            vec!["openid1".into(), "openid2".into()]
        ))
        .unwrap()
    );
}
