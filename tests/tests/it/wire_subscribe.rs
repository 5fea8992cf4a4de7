//! Wire format of the subscribe-message template endpoints (`wxa::subscribe`, shared with
//! the Official Account) and `oa::subscribe::send`, built from the doc examples.

use std::collections::BTreeMap;
use wx_api::oa;
use wx_api::wire::render;
use wx_api::wxa::subscribe::{self, Lang, MiniProgramState, Value};

#[test]
fn subscribe_templates() {
    insta::assert_snapshot!(
        "subscribe_add_template",
        render(&subscribe::add_template::Request::new("401", vec![1, 2]).scene_desc("测试数据"))
            .unwrap()
    );
    insta::assert_snapshot!(
        "subscribe_delete_template",
        render(&subscribe::delete_template::Request::new(
            "wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "subscribe_list_categories",
        render(&subscribe::list_categories::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "subscribe_list_keywords",
        render(&subscribe::list_keywords::Request::new("99")).unwrap()
    );
    insta::assert_snapshot!(
        "subscribe_list_titles",
        render(&subscribe::list_titles::Request::new("2,616", 0, 1)).unwrap()
    );
    insta::assert_snapshot!(
        "subscribe_list_templates",
        render(&subscribe::list_templates::Request::new()).unwrap()
    );
}

/// The bizsend doc example's data.
pub fn bizsend_example() -> oa::subscribe::send::Request {
    let data: BTreeMap<String, Value> = [
        ("phrase3", "审核通过"),
        ("name1", "订阅"),
        ("date2", "2019-12-25 09:42"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), Value::from(v)))
    .collect();
    oa::subscribe::send::Request::new("OPENID", "TEMPLATE_ID", data)
        .page("index?foo=bar")
        .miniprogram_state(MiniProgramState::Formal)
        .lang(Lang::ZhCn)
}

#[test]
fn oa_subscribe_send() {
    insta::assert_snapshot!("oa_subscribe_send", render(&bizsend_example()).unwrap());
}
