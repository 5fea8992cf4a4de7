//! Wire format of the Mini Program logistics endpoints (`wxa::express`, `wxa::logistics`),
//! each request built from its official page's example (tests/fixtures/doc-examples).

use serde::de::DeserializeOwned;
use wx_api::wire::render;
use wx_api::wxa::{express, logistics};
use wx_api::Endpoint;

/// The request of the doc-example fixture `name`, built from its query and body fields.
fn example<R: DeserializeOwned>(name: &str) -> R {
    let fixture = wx_tests::doc_example(name);
    let mut flat = serde_json::Map::new();
    for part in ["query", "body"] {
        if let Some(fields) = fixture["request"][part].as_object() {
            flat.extend(fields.clone());
        }
    }
    serde_json::from_value(serde_json::Value::Object(flat)).expect(name)
}

fn wire<R: Endpoint + DeserializeOwned>(name: &str) -> String {
    render(&example::<R>(name)).unwrap()
}

#[test]
fn express_business() {
    insta::assert_snapshot!(
        "wxa_express_bind_account",
        wire::<express::bind_account::Request>("wxa.express.bind_account")
    );
    insta::assert_snapshot!(
        "wxa_express_list_accounts",
        wire::<express::list_accounts::Request>("wxa.express.list_accounts")
    );
    insta::assert_snapshot!(
        "wxa_express_list_deliveries",
        wire::<express::list_deliveries::Request>("wxa.express.list_deliveries")
    );
    insta::assert_snapshot!(
        "wxa_express_list_printers",
        wire::<express::list_printers::Request>("wxa.express.list_printers")
    );
    insta::assert_snapshot!(
        "wxa_express_update_printer",
        wire::<express::update_printer::Request>("wxa.express.update_printer")
    );
    insta::assert_snapshot!(
        "wxa_express_add_order",
        wire::<express::add_order::Request>("wxa.express.add_order")
    );
    insta::assert_snapshot!(
        "wxa_express_get_order",
        wire::<express::get_order::Request>("wxa.express.get_order")
    );
    insta::assert_snapshot!(
        "wxa_express_batch_get_orders",
        wire::<express::batch_get_orders::Request>("wxa.express.batch_get_orders")
    );
    insta::assert_snapshot!(
        "wxa_express_cancel_order",
        wire::<express::cancel_order::Request>("wxa.express.cancel_order")
    );
    insta::assert_snapshot!(
        "wxa_express_get_path",
        wire::<express::get_path::Request>("wxa.express.get_path")
    );
    insta::assert_snapshot!(
        "wxa_express_get_quota",
        wire::<express::get_quota::Request>("wxa.express.get_quota")
    );
    insta::assert_snapshot!(
        "wxa_express_update_test_order",
        wire::<express::update_test_order::Request>("wxa.express.update_test_order")
    );
}

#[test]
fn logistics_components() {
    insta::assert_snapshot!(
        "wxa_logistics_list_deliveries",
        wire::<logistics::list_deliveries::Request>("wxa.logistics.list_deliveries")
    );
    insta::assert_snapshot!(
        "wxa_logistics_submit_waybill",
        wire::<logistics::submit_waybill::Request>("wxa.logistics.submit_waybill")
    );
    insta::assert_snapshot!(
        "wxa_logistics_query_trace",
        wire::<logistics::query_trace::Request>("wxa.logistics.query_trace")
    );
    insta::assert_snapshot!(
        "wxa_logistics_update_goods",
        wire::<logistics::update_goods::Request>("wxa.logistics.update_goods")
    );
    insta::assert_snapshot!(
        "wxa_logistics_submit_follow_waybill",
        wire::<logistics::submit_follow_waybill::Request>("wxa.logistics.submit_follow_waybill")
    );
    insta::assert_snapshot!(
        "wxa_logistics_query_follow_trace",
        wire::<logistics::query_follow_trace::Request>("wxa.logistics.query_follow_trace")
    );
    insta::assert_snapshot!(
        "wxa_logistics_update_follow_goods",
        wire::<logistics::update_follow_goods::Request>("wxa.logistics.update_follow_goods")
    );
}
