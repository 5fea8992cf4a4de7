//! Wire format of Mini Program code management (`wxa::version`, `wxa::tester`,
//! `wxa::server_domain`), each request built from its official page's example
//! (tests/fixtures/doc-examples) through the registry, so that the snapshot shows exactly the
//! documented body; the typed constructors (release's `{}`, the rollback forms, unbind by
//! WeChat id, the tester list, reading the domains) by snapshots of their own.

use wx_api::registry;
use wx_api::wire::render;
use wx_api::wxa::{server_domain, tester, version};

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
fn code_management_from_the_doc_examples() {
    for (snapshot, name) in [
        ("wxa_version_commit", "wxa::version::commit"),
        (
            "wxa_version_get_trial_qrcode",
            "wxa::version::get_trial_qrcode",
        ),
        ("wxa_version_submit_audit", "wxa::version::submit_audit"),
        (
            "wxa_version_get_audit_status",
            "wxa::version::get_audit_status",
        ),
        (
            "wxa_version_get_latest_audit_status",
            "wxa::version::get_latest_audit_status",
        ),
        ("wxa_version_undo_audit", "wxa::version::undo_audit"),
        ("wxa_version_release", "wxa::version::release"),
        ("wxa_version_revert_history", "wxa::version::revert"),
        ("wxa_server_domain_modify", "wxa::server_domain::modify"),
        ("wxa_tester_bind", "wxa::tester::bind"),
        ("wxa_tester_unbind", "wxa::tester::unbind"),
        ("wxa_tester_list", "wxa::tester::list"),
    ] {
        insta::assert_snapshot!(snapshot, from_example(name));
    }
}

#[test]
fn code_management_typed_constructors() {
    insta::assert_snapshot!(
        "wxa_version_release_new",
        render(&version::release::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_version_revert_previous",
        render(&version::revert::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_version_revert_to",
        render(&version::revert::Request::to_version(111)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_tester_unbind_by_wechatid",
        render(&tester::unbind::Request::by_wechatid("testid")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_tester_list_new",
        render(&tester::list::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_server_domain_modify_get",
        render(&server_domain::modify::Request::get()).unwrap()
    );
}
