//! Immediate delivery (stateful orders, carrier signatures), red-packet covers, the service
//! market and SOTER against the sandbox, and their limits refused before sending.

use crate::wxa_user::{code_of, mini_program};
use wx_api::wxa::local_delivery::{
    self as ld, Address, CancelReason, Cargo, OrderInfo, OrderStatus, OrderType, ShopInfo, ShopKey,
};
use wx_api::wxa::{redpacket, service_market, soter};
use wx_api::{Error, Secret};
use wx_sandbox::Sandbox;

/// The official delivery_sign vector, checked by hand with `sha1sum`:
/// `printf 'test_shop_idtest_shop_order_idtest_app_secrect' | sha1sum`.
#[test]
fn delivery_sign_matches_the_official_vector() {
    let secret = Secret::new("test_app_secrect");
    assert_eq!(
        ld::delivery_sign("test_shop_id", Some("test_shop_order_id"), &secret),
        "a93d8d6bae9a9483c1b1d4e8670e7f6226ec94cb"
    );
    // Without an order id: SHA-1 of shopid + secret
    // (`printf 'test_shop_idtest_app_secrect' | sha1sum`).
    assert_eq!(
        ld::delivery_sign("test_shop_id", None, &secret),
        "9930e1dbf1665bba7e4a88059d872aad8194d21d"
    );
    let key = ShopKey::new("test_shop_id", secret);
    assert_eq!(
        key.sign(Some("test_shop_order_id")),
        "a93d8d6bae9a9483c1b1d4e8670e7f6226ec94cb"
    );
    let debug = format!("{key:?}");
    assert!(!debug.contains("test_app_secrect"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

fn address(name: &str) -> Address {
    Address::new(
        name,
        "广州市",
        "海珠区新港中路397号",
        "TIT创意园",
        "020-81167888",
        113.323_768,
        23.096_42,
    )
}

fn cargo() -> Cargo {
    Cargo::new(20.5, 1.2, "美食宵夜", "零食小吃")
}

fn shop() -> ShopInfo {
    ShopInfo::new("/pages/order/index", "https://example.com/a.png", "宝贝", 1)
}

fn test_key() -> ShopKey {
    let (shopid, secret, _) = wx_sandbox::DELIVERY_SHOPS[0];
    ShopKey::new(shopid, Secret::new(secret))
}

fn dada_key() -> ShopKey {
    let (shopid, secret, _) = wx_sandbox::DELIVERY_SHOPS[1];
    ShopKey::new(shopid, Secret::new(secret))
}

fn add(key: &ShopKey, order: &str, carrier: &str) -> ld::add_order::Request {
    ld::add_order::Request::new(
        key,
        order,
        "store-1",
        carrier,
        "o-user",
        address("老王"),
        cargo(),
        OrderInfo::default(),
        shop(),
    )
    .sender(address("刘一"))
}

#[tokio::test]
async fn an_order_through_its_statuses() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let key = test_key();

    let companies = wx
        .send(ld::list_companies::Request::new())
        .await
        .expect("companies");
    assert!(companies.carrier_ok());
    assert!(companies.list.iter().any(|c| c.delivery_id == "TEST"));
    wx.send(ld::open::Request::new()).await.expect("open");
    let again = wx.send(ld::open::Request::new()).await.unwrap_err();
    assert_eq!(code_of(&again), Some(930569), "{again:?}");
    wx.send(ld::bind_account::Request::new("DADA"))
        .await
        .expect("bind");
    let unknown = wx
        .send(ld::bind_account::Request::new("NOPE"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&unknown), Some(930561));
    let accounts = wx
        .send(ld::list_accounts::Request::new())
        .await
        .expect("accounts");
    assert!(accounts
        .shop_list
        .iter()
        .any(|a| a.shopid == "test_shop_id" && a.audit_result == ld::AuditResult::Approved));

    let quote = wx
        .send(ld::preview_order::Request::new(
            &dada_key(),
            "order-0",
            "store-1",
            "DADA",
            "o-user",
            address("老王"),
            cargo(),
            OrderInfo::default(),
            shop(),
        ))
        .await
        .expect("preview");
    assert!(quote.carrier_ok());
    assert!(!quote.delivery_token.is_empty(), "DADA keeps the fee");

    let placed = wx.send(add(&key, "order-1", "TEST")).await.expect("add");
    assert!(placed.carrier_ok());
    assert_eq!(placed.order_status, Some(OrderStatus::WaitingForRider));
    assert!(!placed.waybill_id.is_empty());
    let twice = wx.send(add(&key, "order-1", "TEST")).await.unwrap_err();
    assert_eq!(code_of(&twice), Some(930562));

    let read = wx
        .send(ld::get_order::Request::new(&key, "order-1", "store-1"))
        .await
        .expect("get");
    assert_eq!(read.order_status, Some(OrderStatus::WaitingForRider));
    assert_eq!(read.waybill_id, placed.waybill_id);

    let tips = |amount: f64| {
        ld::add_tips::Request::new(
            &key,
            "order-1",
            "store-1",
            placed.waybill_id.clone(),
            amount,
            "快点",
        )
    };
    wx.send(tips(5.0)).await.expect("tip");
    let lower = wx.send(tips(3.0)).await.unwrap_err();
    assert_eq!(code_of(&lower), Some(930558), "a tip must exceed the last");

    wx.send(ld::update_mock_order::Request::new(
        "order-1",
        OrderStatus::RiderAssigned,
        1_700_000_000,
    ))
    .await
    .expect("mock 102");
    let read = wx
        .send(ld::get_order::Request::new(&key, "order-1", "store-1"))
        .await
        .expect("get");
    assert_eq!(read.order_status, Some(OrderStatus::RiderAssigned));
    assert!(!read.rider_name.is_empty());

    let penalty = wx
        .send(ld::preview_cancel::Request::new(
            &key,
            "order-1",
            "store-1",
            "TEST",
            placed.waybill_id.clone(),
        ))
        .await
        .expect("precancel");
    assert!(penalty.deduct_fee > 0.0, "a rider was assigned");
    let cancelled = wx
        .send(ld::cancel_order::Request::new(
            &key,
            "order-1",
            "store-1",
            "TEST",
            CancelReason::Other,
            "顾客改主意",
        ))
        .await
        .expect("cancel");
    assert!(cancelled.carrier_ok());
    let read = wx
        .send(ld::get_order::Request::new(&key, "order-1", "store-1"))
        .await
        .expect("get");
    assert_eq!(read.order_status, Some(OrderStatus::CancelledByShop));
    assert!(read.order_status.is_some_and(OrderStatus::is_final));
    let ended = wx
        .send(ld::cancel_order::Request::new(
            &key,
            "order-1",
            "store-1",
            "TEST",
            CancelReason::NotNeeded,
            "",
        ))
        .await
        .unwrap_err();
    assert_eq!(code_of(&ended), Some(930565));

    // Placed again after the cancellation: a new waybill, waiting again; then returned.
    let again = ld::add_order_again::Request::new(
        &key,
        "order-1",
        "store-1",
        "TEST",
        "o-user",
        address("老王"),
        cargo(),
        OrderInfo::default(),
        shop(),
    );
    let replaced = wx.send(again).await.expect("readd");
    assert_ne!(replaced.waybill_id, placed.waybill_id);
    wx.send(ld::update_mock_order::Request::new(
        "order-1",
        OrderStatus::ReturningUnreachable,
        1_700_000_100,
    ))
    .await
    .expect("mock 304");
    wx.send(ld::confirm_return::Request::new(
        &key,
        "order-1",
        "store-1",
        replaced.waybill_id.clone(),
    ))
    .await
    .expect("confirm return");
    let read = wx
        .send(ld::get_order::Request::new(&key, "order-1", "store-1"))
        .await
        .expect("get");
    assert_eq!(read.order_status, Some(OrderStatus::Returned));

    let missing = wx
        .send(ld::get_order::Request::new(
            &key,
            "no-such-order",
            "store-1",
        ))
        .await
        .unwrap_err();
    assert_eq!(code_of(&missing), Some(930563));
    let missing = wx
        .send(ld::update_mock_order::Request::new(
            "no-such-order",
            OrderStatus::Delivered,
            1,
        ))
        .await
        .unwrap_err();
    assert_eq!(code_of(&missing), Some(930563));
}

#[tokio::test]
async fn the_sandbox_checks_the_carrier_signature() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    // The right shop id with the wrong secret: the carrier refuses (resultcode 1).
    let wrong = ShopKey::new("test_shop_id", Secret::new("not-the-secret"));
    let refused = wx
        .send(add(&wrong, "order-x", "TEST"))
        .await
        .expect("reply");
    assert!(!refused.carrier_ok());
    assert_eq!(refused.resultcode, 1);
    assert!(refused.waybill_id.is_empty());
    // Nothing was placed.
    let missing = wx
        .send(ld::get_order::Request::new(&test_key(), "order-x", "s"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&missing), Some(930563));
    // A shop the app has not bound.
    let stranger = ShopKey::new("unbound", Secret::new("x"));
    let err = wx
        .send(add(&stranger, "order-y", "TEST"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&err), Some(930560));

    // A carrier test order moves through the forwarding call, not the sandbox-only one.
    let dada = dada_key();
    wx.send(add(&dada, "order-d", "DADA")).await.expect("add");
    wx.send(ld::update_carrier_mock_order::Request::new(
        &dada,
        "order-d",
        OrderStatus::PickedUp,
        1_700_000_000,
    ))
    .await
    .expect("realmock");
    let read = wx
        .send(ld::get_order::Request::new(&dada, "order-d", "store-1"))
        .await
        .expect("get");
    assert_eq!(read.order_status, Some(OrderStatus::PickedUp));
    assert!(read.reach_time.is_some());
    wx.send(add(&test_key(), "order-t", "TEST"))
        .await
        .expect("add");
    let err = wx
        .send(ld::update_carrier_mock_order::Request::new(
            &test_key(),
            "order-t",
            OrderStatus::RiderAssigned,
            1,
        ))
        .await
        .unwrap_err();
    assert_eq!(code_of(&err), Some(930561));
}

#[test]
fn order_status_is_lossless_in_replies() {
    let s: OrderStatus = serde_json::from_str("1").unwrap();
    assert_eq!(s, OrderStatus::Other(1));
    assert_eq!(serde_json::to_string(&s).unwrap(), "1");
    let s: OrderStatus = serde_json::from_str("302").unwrap();
    assert_eq!(s, OrderStatus::Delivered);
    assert!(s.is_final());
    assert!(serde_json::from_str::<CancelReason>("7").is_err());
}

#[tokio::test]
async fn local_delivery_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let key = test_key();
    let long_id = "x".repeat(129);
    let booked = OrderInfo::default().with_order_type(OrderType::Booked);
    let long_note = OrderInfo::default().with_note("字".repeat(201));
    let with = |f: &dyn Fn(&mut ld::add_order::Request)| {
        let mut r = add(&key, "order-1", "TEST");
        f(&mut r);
        r
    };
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "add_order",
            "shop_order_id",
            wx.send(add(&key, &long_id, "TEST")).await.map(drop),
        ),
        (
            "add_order",
            "shop_order_id",
            wx.send(add(&key, "", "TEST")).await.map(drop),
        ),
        (
            "add_order",
            "delivery_id",
            wx.send(add(&key, "o", "")).await.map(drop),
        ),
        (
            "add_order",
            "openid",
            wx.send(with(&|r| r.openid.clear())).await.map(drop),
        ),
        (
            "add_order",
            "receiver.name",
            wx.send(with(&|r| r.receiver.name = "名".repeat(257)))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "sender.phone",
            wx.send(with(&|r| {
                if let Some(s) = r.sender.as_mut() {
                    s.phone = "1".repeat(65)
                }
            }))
            .await
            .map(drop),
        ),
        (
            "add_order",
            "receiver.lat",
            wx.send(with(&|r| r.receiver.lat = 91.0)).await.map(drop),
        ),
        (
            "add_order",
            "receiver.lng",
            wx.send(with(&|r| r.receiver.lng = f64::NAN))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_value",
            wx.send(with(&|r| r.cargo.goods_value = 5000.01))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_value",
            wx.send(with(&|r| r.cargo.goods_value = 0.0))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_weight",
            wx.send(with(&|r| r.cargo.goods_weight = 50.5))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_height",
            wx.send(with(&|r| r.cargo.goods_height = Some(45.5)))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_length",
            wx.send(with(&|r| r.cargo.goods_length = Some(66.0)))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_width",
            wx.send(with(&|r| r.cargo.goods_width = Some(-1.0)))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_pickup_info",
            wx.send(with(&|r| {
                r.cargo.goods_pickup_info = Some("取".repeat(101))
            }))
            .await
            .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_delivery_info",
            wx.send(with(&|r| {
                r.cargo.goods_delivery_info = Some("送".repeat(101))
            }))
            .await
            .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_detail",
            wx.send(with(&|r| {
                r.cargo.goods_detail = Some(ld::GoodsDetail::new(vec![
                    ld::Goods::new(
                        "货".repeat(100),
                        1
                    );
                    120
                ]))
            }))
            .await
            .map(drop),
        ),
        (
            "add_order",
            "cargo.goods_detail.goods.good_unit",
            wx.send(with(&|r| {
                r.cargo.goods_detail = Some(ld::GoodsDetail::new(vec![ld::Goods::new("货", 1)
                    .with_price(1.5)
                    .with_unit("单".repeat(21))]))
            }))
            .await
            .map(drop),
        ),
        (
            "add_order",
            "order_info.note",
            wx.send(with(&|r| r.order_info = long_note.clone()))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "order_info.poi_seq",
            wx.send(with(&|r| r.order_info.poi_seq = Some("9".repeat(33))))
                .await
                .map(drop),
        ),
        (
            "add_order",
            "order_info.order_type",
            wx.send(with(&|r| r.order_info = booked.clone()))
                .await
                .map(drop),
        ),
        (
            "preview_order",
            "cargo.goods_value",
            wx.send(ld::preview_order::Request::new(
                &key,
                "o",
                "s",
                "TEST",
                "o-user",
                address("a"),
                Cargo::new(-1.0, 1.0, "美食宵夜", "零食小吃"),
                OrderInfo::default(),
                shop(),
            ))
            .await
            .map(drop),
        ),
        (
            "add_order_again",
            "shop_order_id",
            wx.send(ld::add_order_again::Request::new(
                &key,
                long_id.clone(),
                "s",
                "TEST",
                "o-user",
                address("a"),
                cargo(),
                OrderInfo::default(),
                shop(),
            ))
            .await
            .map(drop),
        ),
        (
            "add_tips",
            "tips",
            wx.send(ld::add_tips::Request::new(&key, "o", "s", "wb", 0.0, ""))
                .await
                .map(drop),
        ),
        (
            "add_tips",
            "waybill_id",
            wx.send(ld::add_tips::Request::new(&key, "o", "s", "", 2.0, ""))
                .await
                .map(drop),
        ),
        (
            "cancel_order",
            "cancel_reason",
            wx.send(ld::cancel_order::Request::new(
                &key,
                "o",
                "s",
                "TEST",
                CancelReason::Other,
                "",
            ))
            .await
            .map(drop),
        ),
        (
            "preview_cancel",
            "cancel_reason",
            wx.send(
                ld::preview_cancel::Request::new(&key, "o", "s", "TEST", "wb")
                    .cancel_reason_id(CancelReason::Other),
            )
            .await
            .map(drop),
        ),
        (
            "preview_cancel",
            "waybill_id",
            wx.send(ld::preview_cancel::Request::new(&key, "o", "s", "TEST", ""))
                .await
                .map(drop),
        ),
        (
            "confirm_return",
            "waybill_id",
            wx.send(ld::confirm_return::Request::new(&key, "o", "s", ""))
                .await
                .map(drop),
        ),
        (
            "get_order",
            "shop_order_id",
            wx.send(ld::get_order::Request::new(&key, "", "s"))
                .await
                .map(drop),
        ),
        (
            "update_mock_order",
            "order_status",
            wx.send(ld::update_mock_order::Request::new(
                "o",
                OrderStatus::Other(999),
                1,
            ))
            .await
            .map(drop),
        ),
        (
            "update_mock_order",
            "shopid",
            wx.send({
                let mut r = ld::update_mock_order::Request::new("o", OrderStatus::Delivered, 1);
                r.shopid = "my_shop".into();
                r
            })
            .await
            .map(drop),
        ),
        (
            "update_carrier_mock_order",
            "order_status",
            wx.send(ld::update_carrier_mock_order::Request::new(
                &key,
                "o",
                OrderStatus::Other(0),
                1,
            ))
            .await
            .map(drop),
        ),
        (
            "bind_account",
            "delivery_id",
            wx.send(ld::bind_account::Request::new("")).await.map(drop),
        ),
    ];
    for (endpoint, field, result) in cases {
        let endpoint = format!("wxa::local_delivery::{endpoint}");
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, endpoint);
                assert_eq!(v.field, field, "{endpoint}");
            }
            other => panic!("{endpoint}.{field}: expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");
    // The edges are accepted.
    let edge = with(&|r| {
        r.cargo.goods_value = 5000.0;
        r.cargo.goods_weight = 50.0;
        r.receiver.name = "名".repeat(256);
        r.shop_order_id = "x".repeat(128);
        r.delivery_sign = key.sign(Some(&r.shop_order_id));
    });
    let placed = wx.send(edge).await.expect("the limits themselves");
    assert!(placed.carrier_ok());
}

#[tokio::test]
async fn cover_service_market_and_soter() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let cover = wx
        .send(redpacket::get_cover_url::Request::new("o-user", "ctoken-1"))
        .await
        .expect("cover");
    assert!(cover.data.url.starts_with("https://"));
    let err = wx
        .send(redpacket::get_cover_url::Request::new(
            "o-user",
            "invalid-token",
        ))
        .await
        .unwrap_err();
    assert_eq!(code_of(&err), Some(9600004));

    let ok = wx
        .send(soter::verify_signature::Request::new(
            "o-user",
            "{\"raw\":\"x\"}",
            "sig:{\"raw\":\"x\"}",
        ))
        .await
        .expect("soter");
    assert!(ok.is_ok);
    let bad = wx
        .send(soter::verify_signature::Request::new(
            "o-user",
            "{\"raw\":\"x\"}",
            "forged",
        ))
        .await
        .expect("soter");
    assert!(!bad.is_ok);

    let sync = wx
        .send(service_market::invoke::Request::new(
            "wx79ac3de8be320b71",
            "OcrAllInOne",
            serde_json::json!({ "img_url": "https://example.com/a.jpg", "data_type": 3, "ocr_type": 1 }),
            "id123",
        ))
        .await
        .expect("invoke");
    assert!(sync.data.contains("ocr_type"), "{}", sync.data);
    let pending = wx
        .send(
            service_market::invoke::Request::new(
                "wx79ac3de8be320b71",
                "AsyncApi",
                serde_json::json!("{\"x\":1}"),
                "id124",
            )
            .is_async(true),
        )
        .await
        .expect("async invoke");
    assert!(!pending.request_id.is_empty());
    let result = wx
        .send(service_market::get_result::Request::new(
            pending.request_id.clone(),
        ))
        .await
        .expect("retrieve");
    assert!(result.data.contains("AsyncApi"), "{}", result.data);
    assert_ne!(result.request_id, pending.request_id);
    let err = wx
        .send(service_market::get_result::Request::new("nope"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&err), Some(9301014));
}

#[tokio::test]
async fn cover_service_market_and_soter_limits() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::redpacket::get_cover_url",
            "openid",
            wx.send(redpacket::get_cover_url::Request::new("", "t"))
                .await
                .map(drop),
        ),
        (
            "wxa::redpacket::get_cover_url",
            "ctoken",
            wx.send(redpacket::get_cover_url::Request::new("o", ""))
                .await
                .map(drop),
        ),
        (
            "wxa::soter::verify_signature",
            "json_signature",
            wx.send(soter::verify_signature::Request::new("o", "{}", ""))
                .await
                .map(drop),
        ),
        (
            "wxa::soter::verify_signature",
            "json_string",
            wx.send(soter::verify_signature::Request::new("o", "", "s"))
                .await
                .map(drop),
        ),
        (
            "wxa::service_market::invoke",
            "data",
            wx.send(service_market::invoke::Request::new(
                "s",
                "a",
                serde_json::json!([1, 2]),
                "id",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::service_market::invoke",
            "data",
            wx.send(service_market::invoke::Request::new(
                "s",
                "a",
                serde_json::json!("not json"),
                "id",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::service_market::invoke",
            "service",
            wx.send(service_market::invoke::Request::new(
                "",
                "a",
                serde_json::json!({}),
                "id",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::service_market::invoke",
            "client_msg_id",
            wx.send(service_market::invoke::Request::new(
                "s",
                "a",
                serde_json::json!({}),
                "",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::service_market::get_result",
            "request_id",
            wx.send(service_market::get_result::Request::new(""))
                .await
                .map(drop),
        ),
    ];
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
}
