//! Mini Program logistics against the sandbox: the logistics helper (accounts, printers,
//! orders with their trace, quota) and the logistics service's query and message
//! components (waybill tokens); and their limits, refused before sending.

use crate::wxa_user::mini_program;
use wx_api::wxa::express::{
    self, ActionType, BindAction, Cargo, CargoItem, Contact, Insurance, Insured, Measure, OrderKey,
    OrderStatus, PrintType, Service, Shop, ShopGoods,
};
use wx_api::wxa::logistics::{self, Goods, GoodsInfo, WaybillStatus};
use wx_api::Error;
use wx_sandbox::Sandbox;

fn errcode(err: Error) -> i64 {
    match err {
        Error::Api { code, .. } => code.code(),
        other => panic!("expected a WeChat error, got {other:?}"),
    }
}

fn contact(name: &str) -> Contact {
    Contact {
        name: name.into(),
        mobile: Some("18666666666".into()),
        province: "广东省".into(),
        city: "广州市".into(),
        area: "海珠区".into(),
        address: "XX路XX号".into(),
        ..Contact::default()
    }
}

fn order(order_id: &str, delivery_id: &str, biz_id: &str) -> express::add_order::Request {
    express::add_order::Request::new(
        order_id,
        "o_buyer",
        delivery_id,
        biz_id,
        contact("张三"),
        contact("王小蒙"),
        Cargo {
            count: 1,
            weight: Measure(1.5),
            space_x: Measure(20.0),
            space_y: Measure(20.0),
            space_z: Measure(10.5),
            detail_list: vec![CargoItem {
                name: "抱枕".into(),
                count: 1,
            }],
        },
        Shop {
            wxa_path: "/pages/order?id=1".into(),
            detail_list: vec![ShopGoods {
                goods_name: "抱枕".into(),
                goods_img_url: "https://example.com/a.png".into(),
                goods_desc: None,
            }],
            ..Shop::default()
        },
        Insured {
            use_insured: Insurance::None,
            insured_value: 0,
        },
        Service {
            service_type: 0,
            service_name: "标准快递".into(),
        },
    )
}

fn goods(name: &str) -> GoodsInfo {
    GoodsInfo {
        detail_list: vec![Goods::new(name, "https://example.com/g.png")],
    }
}

#[tokio::test]
async fn accounts_printers_orders_trace_and_quota_keep_state() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);

    // Accounts: bind, bind again (9300529), list, unbind an unknown one (9300530).
    wx.send(
        express::bind_account::Request::new(BindAction::Bind, "b1", "SF")
            .password(wx_api::Secret::new("pw")),
    )
    .await
    .expect("bind");
    let again = wx
        .send(express::bind_account::Request::new(
            BindAction::Bind,
            "b1",
            "SF",
        ))
        .await
        .expect_err("bound twice");
    assert_eq!(errcode(again), 9300529);
    let accounts = wx
        .send(express::list_accounts::Request::new())
        .await
        .expect("accounts");
    assert_eq!(accounts.count, 1);
    assert_eq!(
        (
            accounts.list[0].delivery_id.as_str(),
            accounts.list[0].biz_id.as_str()
        ),
        ("SF", "b1")
    );
    let unknown = wx
        .send(express::bind_account::Request::new(
            BindAction::Unbind,
            "nobody",
            "SF",
        ))
        .await
        .expect_err("unknown account");
    assert_eq!(errcode(unknown), 9300530);
    let couriers = wx
        .send(express::list_deliveries::Request::new())
        .await
        .expect("couriers");
    assert_eq!(couriers.count, 7);

    // Printers.
    wx.send(express::update_printer::Request::new("o_printer", BindAction::Bind).tagid_list("1,2"))
        .await
        .expect("printer");
    let printers = wx
        .send(express::list_printers::Request::new())
        .await
        .expect("printers");
    assert_eq!(printers.openid, vec!["o_printer".to_owned()]);
    assert_eq!(printers.tagid_list, vec!["1,2".to_owned()]);
    wx.send(express::update_printer::Request::new(
        "o_printer",
        BindAction::Unbind,
    ))
    .await
    .expect("unbind printer");
    let printers = wx
        .send(express::list_printers::Request::new())
        .await
        .expect("printers");
    assert_eq!(printers.count, 0);

    // An order of the test courier; the same order id gives the same waybill.
    let created = wx
        .send(order("o-1", "TEST", "test_biz_id").custom_remark("易碎物品"))
        .await
        .expect("add");
    assert!(!created.waybill_id.is_empty());
    assert_eq!(created.waybill_data.len(), 2);
    let same = wx
        .send(order("o-1", "TEST", "test_biz_id"))
        .await
        .expect("add again");
    assert_eq!(same.waybill_id, created.waybill_id);
    let got = wx
        .send(
            express::get_order::Request::new("o-1", "TEST")
                .waybill_id(created.waybill_id.clone())
                .print_type(PrintType::OnePart),
        )
        .await
        .expect("get");
    assert_eq!(got.order_status, OrderStatus::Normal);
    assert!(!got.print_html.is_empty());

    // The test courier moves it: picked up; a traced waybill cannot be cancelled.
    wx.send(express::update_test_order::Request::new(
        "o-1",
        created.waybill_id.clone(),
        1_700_000_000,
        ActionType::PickedUp,
        "揽件成功",
    ))
    .await
    .expect("picked up");
    let path = wx
        .send(express::get_path::Request::new(
            "TEST",
            created.waybill_id.clone(),
        ))
        .await
        .expect("path");
    assert_eq!(path.path_item_num, 1);
    assert_eq!(path.path_item_list[0].action_type, ActionType::PickedUp);
    let traced = wx
        .send(express::cancel_order::Request::new(
            "o-1",
            "TEST",
            created.waybill_id.clone(),
        ))
        .await
        .expect_err("traced");
    assert_eq!(errcode(traced), 9300506);

    // A second order, cancelled; then read in a batch with an unknown one (40199 each).
    let second = wx
        .send(order("o-2", "TEST", "test_biz_id"))
        .await
        .expect("add 2");
    wx.send(express::cancel_order::Request::new(
        "o-2",
        "TEST",
        second.waybill_id.clone(),
    ))
    .await
    .expect("cancel");
    let batch = wx
        .send(express::batch_get_orders::Request::new(vec![
            OrderKey {
                order_id: "o-2".into(),
                delivery_id: "TEST".into(),
                waybill_id: second.waybill_id.clone(),
            },
            OrderKey {
                order_id: "nope".into(),
                delivery_id: "TEST".into(),
                waybill_id: "nope".into(),
            },
        ]))
        .await
        .expect("batch");
    assert_eq!(batch.order_list[0].order_status, OrderStatus::Cancelled);
    assert_eq!(batch.order_list[1].errcode, 40199);
    let gone = wx
        .send(express::cancel_order::Request::new("nope", "TEST", "nope"))
        .await
        .expect_err("unknown order");
    assert_eq!(errcode(gone), 40199);
    let unknown_path = wx
        .send(express::get_path::Request::new("TEST", "nope"))
        .await
        .expect_err("unknown waybill");
    assert_eq!(errcode(unknown_path), 40199);

    // Quota of a bound account: one less per order; an unbound account is a courier failure.
    let quota = wx
        .send(express::get_quota::Request::new("SF", "b1"))
        .await
        .expect("quota");
    wx.send(order("o-3", "SF", "b1")).await.expect("SF order");
    let after = wx
        .send(express::get_quota::Request::new("SF", "b1"))
        .await
        .expect("quota after");
    assert_eq!(after.quota_num, quota.quota_num - 1);
    let unbound = wx
        .send(order("o-4", "SF", "unbound"))
        .await
        .expect_err("unbound account");
    assert_eq!(errcode(unbound), 9300501);
    let courier = wx
        .send(order("o-5", "NOPE", "b1"))
        .await
        .expect_err("unknown courier");
    assert_eq!(errcode(courier), 9300503);
}

#[tokio::test]
async fn query_and_message_components_keep_their_tokens() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let list = wx
        .send(logistics::list_deliveries::Request::new())
        .await
        .expect("couriers");
    assert_eq!(list.count, list.delivery_list.len() as i64);

    // A waybill of the logistics helper's test courier, picked up.
    let created = wx
        .send(order("o-q", "TEST", "test_biz_id"))
        .await
        .expect("add");
    wx.send(express::update_test_order::Request::new(
        "o-q",
        created.waybill_id.clone(),
        1_700_000_000,
        ActionType::InTransit,
        "运输中",
    ))
    .await
    .expect("in transit");

    // Query component: submit, query, update the goods.
    let token = wx
        .send(
            logistics::submit_waybill::Request::new(
                "o_buyer",
                "13800000000",
                created.waybill_id.clone(),
                goods("抱枕"),
                "4200000001",
                "/pages/order?id=q",
            )
            .delivery_id("YD"),
        )
        .await
        .expect("submit")
        .waybill_token;
    let read = wx
        .send(logistics::query_trace::Request::new(token.clone()))
        .await
        .expect("query");
    assert_eq!(read.waybill_info.status, WaybillStatus::InTransit);
    assert_eq!(read.waybill_info.waybill_id, created.waybill_id);
    assert_eq!(read.shop_info.goods_info, goods("抱枕"));
    assert_eq!(
        read.delivery_info.map(|d| d.delivery_name),
        Some("韵达速递".to_owned())
    );
    wx.send(logistics::update_goods::Request::new(
        token.clone(),
        goods("钥匙扣"),
    ))
    .await
    .expect("update");
    let read = wx
        .send(logistics::query_trace::Request::new(token.clone()))
        .await
        .expect("query again");
    assert_eq!(read.shop_info.goods_info, goods("钥匙扣"));

    // A query-component token is unknown to the message component, and vice versa.
    let other = wx
        .send(logistics::query_follow_trace::Request::new(token.clone()))
        .await
        .expect_err("wrong component");
    assert_eq!(errcode(other), 9300507);
    let follow = wx
        .send(logistics::submit_follow_waybill::Request::new(
            "o_buyer",
            "13800000000",
            "SF0001",
            goods("抱枕"),
            "4200000002",
        ))
        .await
        .expect("follow")
        .waybill_token;
    wx.send(logistics::update_follow_goods::Request::new(
        follow.clone(),
        goods("杯子"),
    ))
    .await
    .expect("update follow");
    let read = wx
        .send(logistics::query_follow_trace::Request::new(follow.clone()))
        .await
        .expect("query follow");
    assert_eq!(read.waybill_info.status, WaybillStatus::NotPickedUp);
    assert_eq!(read.shop_info.goods_info, goods("杯子"));
    assert!(read.delivery_info.is_none());
    let cross = wx
        .send(logistics::query_trace::Request::new(follow))
        .await
        .expect_err("wrong component");
    assert_eq!(errcode(cross), 9300507);
    let unknown = wx
        .send(logistics::update_goods::Request::new("nope", goods("x")))
        .await
        .expect_err("unknown token");
    assert_eq!(errcode(unknown), 9300507);
}

#[tokio::test]
async fn logistics_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let long = |n: usize| "x".repeat(n);
    let ok = || order("o", "TEST", "test_biz_id");
    let mut cases: Vec<(&str, &str, Result<(), Error>)> = Vec::new();
    macro_rules! case {
        ($endpoint:expr, $field:expr, $req:expr) => {
            cases.push(($endpoint, $field, wx.send($req).await.map(drop)));
        };
    }
    let add = "wxa::express::add_order";
    case!(add, "order_id", order("", "TEST", "test_biz_id"));
    case!(add, "order_id", order(&long(513), "TEST", "test_biz_id"));
    let mut r = ok();
    r.openid = None;
    case!(add, "openid", r);
    let mut r = ok().from_app("wxapp");
    r.wx_appid = None;
    case!(add, "wx_appid", r);
    case!(add, "custom_remark", ok().custom_remark(long(1025)));
    let mut r = ok();
    r.sender.name = long(65);
    case!(add, "sender.name", r);
    let mut r = ok();
    r.receiver.mobile = None;
    case!(add, "receiver.mobile", r);
    let mut r = ok();
    r.sender.post_code = Some(long(11));
    case!(add, "sender.post_code", r);
    let mut r = ok();
    r.receiver.tel = Some(long(33));
    case!(add, "receiver.tel", r);
    let mut r = ok();
    r.receiver.address = String::new();
    case!(add, "receiver.address", r);
    let mut r = ok();
    r.sender.province = long(65);
    case!(add, "sender.province", r);
    let mut r = ok();
    r.cargo.weight = Measure(f64::NAN);
    case!(add, "cargo.weight", r);
    let mut r = ok();
    r.cargo.space_z = Measure(-1.0);
    case!(add, "cargo.space_z", r);
    let mut r = ok();
    r.cargo.detail_list.clear();
    case!(add, "cargo.detail_list", r);
    let mut r = ok();
    r.cargo.detail_list[0].name = long(129);
    case!(add, "cargo.detail_list.name", r);
    let mut r = ok();
    r.shop.wxa_path = String::new();
    case!(add, "shop.wxa_path", r);
    let mut r = ok();
    r.shop.detail_list.clear();
    case!(add, "shop.img_url", r);
    let mut r = ok();
    r.shop.detail_list.clear();
    r.shop.img_url = Some("https://example.com/a.png".into());
    r.shop.goods_count = Some(1);
    case!(add, "shop.goods_name", r);
    let mut r = ok();
    r.shop.detail_list.clear();
    r.shop.img_url = Some("https://example.com/a.png".into());
    r.shop.goods_name = Some("抱枕".into());
    case!(add, "shop.goods_count", r);
    let mut r = ok();
    r.shop.detail_list[0].goods_name = long(129);
    case!(add, "shop.detail_list.goods_name", r);
    let key = OrderKey {
        order_id: "o".into(),
        delivery_id: "SF".into(),
        waybill_id: "w".into(),
    };
    case!(
        "wxa::express::batch_get_orders",
        "order_list",
        express::batch_get_orders::Request::new(vec![])
    );
    case!(
        "wxa::express::batch_get_orders",
        "order_list",
        express::batch_get_orders::Request::new(vec![key; 101])
    );
    case!(
        "wxa::express::update_printer",
        "tagid_list",
        express::update_printer::Request::new("o", BindAction::Bind)
            .tagid_list("1,2,3,4,5,6,7,8,9,10,11")
    );
    case!(
        "wxa::express::update_printer",
        "tagid_list",
        express::update_printer::Request::new("o", BindAction::Bind).tagid_list("1, 2")
    );
    case!(
        "wxa::express::update_printer",
        "openid",
        express::update_printer::Request::new("", BindAction::Bind)
    );
    let mut r = express::update_test_order::Request::new("o", "w", 1, ActionType::PickedUp, "m");
    r.biz_id = "real".into();
    case!("wxa::express::update_test_order", "biz_id", r);
    let mut r = express::update_test_order::Request::new("o", "w", 1, ActionType::PickedUp, "m");
    r.delivery_id = "SF".into();
    case!("wxa::express::update_test_order", "delivery_id", r);
    case!(
        "wxa::express::update_test_order",
        "action_type",
        express::update_test_order::Request::new("o", "w", 1, ActionType::Other(300001), "m")
    );
    case!(
        "wxa::express::bind_account",
        "biz_id",
        express::bind_account::Request::new(BindAction::Bind, "", "SF")
    );
    case!(
        "wxa::express::get_order",
        "order_id",
        express::get_order::Request::new("", "SF")
    );
    case!(
        "wxa::express::cancel_order",
        "waybill_id",
        express::cancel_order::Request::new("o", "SF", "")
    );
    case!(
        "wxa::express::get_path",
        "waybill_id",
        express::get_path::Request::new("SF", "")
    );
    case!(
        "wxa::express::get_quota",
        "biz_id",
        express::get_quota::Request::new("SF", "")
    );
    let submit = |openid: &str, g: GoodsInfo| {
        logistics::submit_waybill::Request::new(openid, "138", "w", g, "420", "/p")
    };
    case!(
        "wxa::logistics::submit_waybill",
        "openid",
        submit("", goods("a"))
    );
    case!(
        "wxa::logistics::submit_waybill",
        "goods_info.detail_list",
        submit("o", GoodsInfo::default())
    );
    case!(
        "wxa::logistics::submit_waybill",
        "goods_info.detail_list.goods_img_url",
        submit(
            "o",
            GoodsInfo {
                detail_list: vec![Goods::new("a", "")]
            }
        )
    );
    case!(
        "wxa::logistics::query_trace",
        "waybill_token",
        logistics::query_trace::Request::new("")
    );
    case!(
        "wxa::logistics::update_goods",
        "goods_info.detail_list",
        logistics::update_goods::Request::new("t", GoodsInfo::default())
    );
    case!(
        "wxa::logistics::submit_follow_waybill",
        "receiver_phone",
        logistics::submit_follow_waybill::Request::new("o", "", "w", goods("a"), "420")
    );
    case!(
        "wxa::logistics::query_follow_trace",
        "waybill_token",
        logistics::query_follow_trace::Request::new("")
    );
    case!(
        "wxa::logistics::update_follow_goods",
        "waybill_token",
        logistics::update_follow_goods::Request::new("", goods("a"))
    );
    for (endpoint, field, result) in cases {
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, endpoint);
                assert_eq!(v.field, field, "{endpoint}");
            }
            other => panic!("{endpoint}.{field}: expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");

    // The limits themselves pass: 512-byte order id, 64-byte name, 100 orders, 10 tag ids.
    let mut r = order(&long(512), "TEST", "test_biz_id").custom_remark(long(1024));
    r.sender.name = long(64);
    r.sender.tel = Some(long(32));
    r.sender.mobile = None;
    wx.send(r).await.expect("at the limits");
    let keys = vec![
        OrderKey {
            order_id: "o".into(),
            delivery_id: "SF".into(),
            waybill_id: "w".into(),
        };
        100
    ];
    let batch = wx
        .send(express::batch_get_orders::Request::new(keys))
        .await
        .expect("100 orders");
    assert_eq!(batch.order_list.len(), 100);
    wx.send(
        express::update_printer::Request::new("o", BindAction::Bind)
            .tagid_list("1,2,3,4,5,6,7,8,9,10"),
    )
    .await
    .expect("10 tag ids");
}

#[test]
fn enumerations_and_measures_on_the_wire() {
    assert_eq!(
        serde_json::to_string(&ActionType::OutForDelivery).unwrap(),
        "300002"
    );
    assert_eq!(
        serde_json::from_str::<ActionType>("300001").unwrap(),
        ActionType::Other(300001)
    );
    assert_eq!(
        serde_json::from_str::<OrderStatus>("7").unwrap(),
        OrderStatus::Other(7)
    );
    assert_eq!(
        serde_json::from_str::<WaybillStatus>("6").unwrap(),
        WaybillStatus::SignedByProxy
    );
    assert!(serde_json::from_str::<Insurance>("2").is_err());
    assert!(serde_json::from_str::<express::AddSource>("1").is_err());
    assert_eq!(serde_json::to_string(&Measure(20.0)).unwrap(), "20");
    assert_eq!(serde_json::to_string(&Measure(30.5)).unwrap(), "30.5");
    assert_eq!(
        serde_json::to_string(&BindAction::Unbind).unwrap(),
        "\"unbind\""
    );
    // The courier password never shows in Debug output.
    let bind = express::bind_account::Request::new(BindAction::Bind, "b", "SF")
        .password(wx_api::Secret::new("hunter2"));
    assert!(!format!("{bind:?}").contains("hunter2"));
}
