//! Template-message management (`oa::template`) against the sandbox: industries, the 25
//! private templates, errcodes; limits refused before sending; doc-example fixtures.

use serde_json::Value;
use wx_api::oa::template;
use wx_api::wire::render;
use wx_api::Error;
use wx_tests::errcode;
use wx_tests::oa_client as client;
use wx_tests::APP_ID;

#[tokio::test]
async fn industries_and_templates_keep_state() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let none = wx
        .send(template::get_industry::Request::new())
        .await
        .expect("before any");
    assert!(none.primary_industry.is_none());
    wx.send(template::set_industry::Request::new(1, 4))
        .await
        .expect("set");
    let got = wx
        .send(template::get_industry::Request::new())
        .await
        .expect("get");
    let primary = got.primary_industry.expect("primary");
    assert_eq!(primary.first_class, "IT科技");
    assert_eq!(
        got.secondary_industry.expect("secondary").second_class,
        "电子技术"
    );

    let first = wx
        .send(template::add::Request::new("47123").keywords(["时间", "地点"]))
        .await
        .expect("add");
    for i in 1..template::MAX_TEMPLATES {
        wx.send(template::add::Request::new(format!("TM{i:05}")))
            .await
            .expect("add up to 25");
    }
    let full = wx.send(template::add::Request::new("TM99999")).await;
    assert_eq!(errcode(full.expect_err("26th")), 45026);
    let list = wx.send(template::list::Request::new()).await.expect("list");
    assert_eq!(list.template_list.len(), template::MAX_TEMPLATES);
    assert_eq!(list.template_list[0].template_id, first.template_id);
    assert_eq!(list.template_list[0].primary_industry, "IT科技");
    wx.send(template::delete::Request::new(first.template_id.clone()))
        .await
        .expect("delete");
    let again = wx
        .send(template::delete::Request::new(first.template_id.clone()))
        .await;
    assert_eq!(errcode(again.expect_err("gone")), 40037);
    // Changing the industries deletes the templates.
    wx.send(template::set_industry::Request::new(10, 41))
        .await
        .expect("change");
    let list = wx.send(template::list::Request::new()).await.expect("list");
    assert!(list.template_list.is_empty());
    let got = wx
        .send(template::get_industry::Request::new())
        .await
        .expect("get");
    assert_eq!(got.secondary_industry.expect("41").first_class, "其它");
}

#[tokio::test]
async fn the_sandbox_checks_bodies_against_its_own_table() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    wx.send(template::list::Request::new())
        .await
        .expect("token");
    let token = sandbox.issued_tokens(APP_ID).pop().expect("token");
    let http = reqwest::Client::new();
    for (path, body, code) in [
        (
            "/cgi-bin/template/api_set_industry",
            r#"{"industry_id1":1,"industry_id2":"4"}"#,
            47001,
        ),
        (
            "/cgi-bin/template/api_set_industry",
            r#"{"industry_id1":"1","industry_id2":"42"}"#,
            40102,
        ),
        (
            "/cgi-bin/template/api_add_template",
            r#"{"template_id":"x"}"#,
            47001,
        ),
        (
            "/cgi-bin/template/api_add_template",
            r#"{"template_id_short":"1","keyword_name_list":[]}"#,
            40246,
        ),
        (
            "/cgi-bin/template/del_private_template",
            r#"{"template_id":7}"#,
            47001,
        ),
    ] {
        let reply: Value = http
            .post(format!("{}{path}?access_token={token}", sandbox.url()))
            .body(body)
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        assert_eq!(reply["errcode"], code, "{path} {body}: {reply}");
    }
}

#[tokio::test]
async fn documented_limits_are_refused_before_sending() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let raw = |one: &str, two: &str| {
        let mut r = template::set_industry::Request::new(1, 1);
        r.industry_id1 = one.to_owned();
        r.industry_id2 = two.to_owned();
        r
    };
    let cases: Vec<(Result<(), Error>, &str, &str)> = vec![
        (
            wx.send(template::set_industry::Request::new(0, 4))
                .await
                .map(drop),
            "industry_id1",
            "\"0\"; an industry code is a number 1..=41",
        ),
        (
            wx.send(template::set_industry::Request::new(1, 42))
                .await
                .map(drop),
            "industry_id2",
            "\"42\"",
        ),
        (
            wx.send(raw("IT", "4")).await.map(drop),
            "industry_id1",
            "\"IT\"",
        ),
        (
            wx.send(template::add::Request::new("")).await.map(drop),
            "template_id_short",
            "empty",
        ),
        (
            wx.send(template::add::Request::new("47123").keywords(Vec::<String>::new()))
                .await
                .map(drop),
            "keyword_name_list",
            "0 names",
        ),
        (
            wx.send(template::add::Request::new("47123").keywords(["时间", ""]))
                .await
                .map(drop),
            "keyword_name_list",
            "1 empty",
        ),
        (
            wx.send(template::delete::Request::new("")).await.map(drop),
            "template_id",
            "empty",
        ),
    ];
    for (i, (result, field, needle)) in cases.into_iter().enumerate() {
        match result {
            Err(Error::Invalid(v)) => {
                assert!(v.endpoint.starts_with("oa::template::"), "case {i}: {v:?}");
                assert_eq!(v.field, field, "case {i}: {v:?}");
                assert!(
                    v.message.contains(needle),
                    "case {i}: {:?} lacks {needle:?}",
                    v.message
                );
            }
            other => panic!("case {i}: expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(
        sandbox.requests_received(),
        0,
        "nothing reached the sandbox"
    );
    wx.send(template::set_industry::Request::new(1, 41))
        .await
        .expect("at the limits");
}

fn fixture(name: &str) -> Value {
    wx_tests::doc_example(name)
}

/// The rendered body (after the blank line) as JSON; `Null` for a GET.
fn body(rendered: &str) -> Value {
    rendered.split_once("\n\n").map_or(Value::Null, |(_, b)| {
        serde_json::from_str(b).expect("JSON body")
    })
}

#[test]
fn doc_examples_decode_and_rebuild() {
    let f = fixture("oa::template::set_industry");
    let r = render(&template::set_industry::Request::new(1, 4)).unwrap();
    assert_eq!(body(&r), f["request"]["body"]);
    template::set_industry::Response::from_json(&f["reply"].to_string()).expect("set");

    let f = fixture("oa::template::get_industry");
    let r = render(&template::get_industry::Request::new()).unwrap();
    assert!(r.trim_end().ends_with("access_token=ACCESS_TOKEN"), "{r}");
    assert_eq!(f["request"]["query"], serde_json::json!({}));
    let got = template::get_industry::Response::from_json(&f["reply"].to_string()).expect("get");
    assert_eq!(got.primary_industry.expect("primary").second_class, "快递");

    let f = fixture("oa::template::add");
    let r =
        render(&template::add::Request::new("47123").keywords(["时间", "地点", "金额"])).unwrap();
    assert_eq!(body(&r), f["request"]["body"]);
    let added = template::add::Response::from_json(&f["reply"].to_string()).expect("add");
    assert_eq!(
        added.template_id,
        "Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk"
    );

    let f = fixture("oa::template::list");
    let r = render(&template::list::Request::new()).unwrap();
    assert!(r.trim_end().ends_with("access_token=ACCESS_TOKEN"), "{r}");
    let list = template::list::Response::from_json(&f["reply"].to_string()).expect("list");
    assert_eq!(list.template_list[0].title, "领取奖金提醒");

    let f = fixture("oa::template::delete");
    let r = render(&template::delete::Request::new(
        "Dyvp3-Ff0cnail_CDSzk1fIc6-9lOkxsQE7exTJbwUE",
    ))
    .unwrap();
    assert_eq!(body(&r), f["request"]["body"]);
    template::delete::Response::from_json(&f["reply"].to_string()).expect("delete");
}
