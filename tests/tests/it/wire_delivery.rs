//! Wire format of immediate delivery, red-packet covers, the service market and SOTER,
//! each request built from its official page's example (tests/fixtures/doc-examples)
//! through the registry, so that the snapshot shows exactly the documented body. The typed
//! constructors (which compute `delivery_sign`) are pinned by one more snapshot.

use wx_api::registry;
use wx_api::wire::render;
use wx_api::wxa::local_delivery::{self, ShopKey};
use wx_api::Secret;

fn from_example(name: &str) -> String {
    let fixture = wx_tests::doc_example(name);
    let mut flat = serde_json::Map::new();
    for part in ["query", "body"] {
        if let Some(map) = fixture["request"][part].as_object() {
            flat.extend(map.clone());
        }
    }
    let entry = registry::find(name).unwrap_or_else(|| panic!("{name} is not declared"));
    let build = entry.request_from_json.expect("a JSON request");
    build(serde_json::Value::Object(flat))
        .expect("the example builds the request")
        .render()
        .expect("renders")
}

#[test]
fn local_delivery_from_the_doc_examples() {
    for (snapshot, name) in [
        (
            "wxa_local_delivery_list_companies",
            "wxa::local_delivery::list_companies",
        ),
        ("wxa_local_delivery_open", "wxa::local_delivery::open"),
        (
            "wxa_local_delivery_bind_account",
            "wxa::local_delivery::bind_account",
        ),
        (
            "wxa_local_delivery_list_accounts",
            "wxa::local_delivery::list_accounts",
        ),
        (
            "wxa_local_delivery_preview_order",
            "wxa::local_delivery::preview_order",
        ),
        (
            "wxa_local_delivery_add_order",
            "wxa::local_delivery::add_order",
        ),
        (
            "wxa_local_delivery_add_order_again",
            "wxa::local_delivery::add_order_again",
        ),
        (
            "wxa_local_delivery_add_tips",
            "wxa::local_delivery::add_tips",
        ),
        (
            "wxa_local_delivery_cancel_order",
            "wxa::local_delivery::cancel_order",
        ),
        (
            "wxa_local_delivery_preview_cancel",
            "wxa::local_delivery::preview_cancel",
        ),
        (
            "wxa_local_delivery_confirm_return",
            "wxa::local_delivery::confirm_return",
        ),
        (
            "wxa_local_delivery_get_order",
            "wxa::local_delivery::get_order",
        ),
        (
            "wxa_local_delivery_update_carrier_mock_order",
            "wxa::local_delivery::update_carrier_mock_order",
        ),
        (
            "wxa_local_delivery_update_mock_order",
            "wxa::local_delivery::update_mock_order",
        ),
    ] {
        insta::assert_snapshot!(snapshot, from_example(name));
    }
}

#[test]
fn redpacket_service_market_and_soter_from_the_doc_examples() {
    for (snapshot, name) in [
        (
            "wxa_redpacket_get_cover_url",
            "wxa::redpacket::get_cover_url",
        ),
        ("wxa_service_market_invoke", "wxa::service_market::invoke"),
        (
            "wxa_service_market_get_result",
            "wxa::service_market::get_result",
        ),
        ("wxa_soter_verify_signature", "wxa::soter::verify_signature"),
    ] {
        insta::assert_snapshot!(snapshot, from_example(name));
    }
}

#[test]
fn the_typed_constructor_signs_with_the_shop_key() {
    // The official vector: shopid test_shop_id, order test_shop_order_id, secret
    // test_app_secrect → a93d8d6bae9a9483c1b1d4e8670e7f6226ec94cb.
    let key = ShopKey::new("test_shop_id", Secret::new("test_app_secrect"));
    insta::assert_snapshot!(
        "wxa_local_delivery_get_order_typed",
        render(&local_delivery::get_order::Request::new(
            &key,
            "test_shop_order_id",
            "shop_no_111"
        ))
        .unwrap()
    );
}
