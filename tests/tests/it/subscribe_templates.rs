//! Subscribe-message templates (`wxa::subscribe`, callable by both kinds of app) and the
//! Official Account's `oa::subscribe::send` (`bizsend`) against the sandbox; limits refused
//! before sending; doc-example fixtures decoded and rebuilt.

use serde_json::Value as Json;
use wx_api::oa;
use wx_api::wire::render;
use wx_api::wxa::subscribe;
use wx_api::Error;
use wx_tests::errcode;
use wx_tests::oa_client as client;
use wx_tests::APP_ID;

#[tokio::test]
async fn an_official_account_manages_templates_and_sends_with_them() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let cats = wx
        .send(subscribe::list_categories::Request::new())
        .await
        .expect("categories");
    assert_eq!(cats.data[0].id, 616);
    let titles = wx
        .send(subscribe::list_titles::Request::new("616", 0, 30))
        .await
        .expect("titles");
    assert_eq!(titles.count, 2);
    let page = wx
        .send(subscribe::list_titles::Request::new("616,627", 1, 1))
        .await
        .expect("second page");
    assert_eq!(page.count, 3);
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].tid, 401);
    let keywords = wx
        .send(subscribe::list_keywords::Request::new("99"))
        .await
        .expect("keywords");
    assert_eq!(keywords.count, 5);
    assert_eq!(keywords.data[0].rule, "thing");
    let unknown = wx
        .send(subscribe::list_keywords::Request::new("12345"))
        .await;
    assert_eq!(errcode(unknown.expect_err("no such tid")), 200014);

    let added = wx
        .send(subscribe::add_template::Request::new("99", vec![1, 2]).scene_desc("购物"))
        .await
        .expect("add");
    let out_of_range = wx
        .send(subscribe::add_template::Request::new("401", vec![1, 4]))
        .await;
    assert_eq!(errcode(out_of_range.expect_err("kid 4 of 3")), 200020);
    wx.send(subscribe::add_template::Request::new("10000001", vec![]))
        .await
        .expect("one-time template without keywords");
    let list = wx
        .send(subscribe::list_templates::Request::new())
        .await
        .expect("list");
    assert_eq!(list.data.len(), 2);
    assert_eq!(list.data[0].pri_tmpl_id, added.pri_tmpl_id);
    assert!(
        list.data[0].content.contains("{{thing1.DATA}}"),
        "{}",
        list.data[0].content
    );

    let send = |template: &str| {
        oa::subscribe::send::Request::new(
            sandbox.add_followers(APP_ID, 1).remove(0),
            template,
            [("thing1".to_owned(), "鞋子".into())].into_iter().collect(),
        )
    };
    wx.send(send(&added.pri_tmpl_id)).await.expect("bizsend");
    wx.send(subscribe::delete_template::Request::new(
        added.pri_tmpl_id.clone(),
    ))
    .await
    .expect("delete");
    let gone = wx.send(send(&added.pri_tmpl_id)).await;
    assert_eq!(errcode(gone.expect_err("deleted template")), 40037);
    let again = wx
        .send(subscribe::delete_template::Request::new(
            added.pri_tmpl_id.clone(),
        ))
        .await;
    assert_eq!(errcode(again.expect_err("gone")), 40037);
}

#[tokio::test]
async fn the_sandbox_checks_bodies_against_its_own_table() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    wx.send(subscribe::list_categories::Request::new())
        .await
        .expect("token");
    let token = sandbox.issued_tokens(APP_ID).pop().expect("token");
    let http = reqwest::Client::new();
    for (path, body, code) in [
        (
            "/wxaapi/newtmpl/addtemplate",
            r#"{"tid":401,"kidList":[1,2]}"#,
            47001,
        ),
        (
            "/wxaapi/newtmpl/addtemplate",
            r#"{"tid":"401","kid_list":[1,2]}"#,
            47001,
        ),
        (
            "/wxaapi/newtmpl/addtemplate",
            r#"{"tid":"401","kidList":[1,2],"sceneDesc":"一二三四五六七八九十一二三四五六"}"#,
            200021,
        ),
        (
            "/wxaapi/newtmpl/deltemplate",
            r#"{"pri_tmpl_id":"x"}"#,
            47001,
        ),
        (
            "/cgi-bin/message/subscribe/bizsend",
            r#"{"touser":"o","template_id":"t","data":"x"}"#,
            47001,
        ),
    ] {
        let reply: Json = http
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
    for (query, code) in [
        ("start=0&limit=1", 200018),
        ("ids=a&start=0&limit=1", 200019),
        ("ids=616&limit=1", 200016),
        ("ids=616&start=0&limit=31", 200017),
    ] {
        let reply: Json = http
            .get(format!(
                "{}/wxaapi/newtmpl/getpubtemplatetitles?access_token={token}&{query}",
                sandbox.url()
            ))
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        assert_eq!(reply["errcode"], code, "{query}: {reply}");
    }
}

#[tokio::test]
async fn documented_limits_are_refused_before_sending() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let cases: Vec<(Result<(), Error>, &str, &str, &str)> = vec![
        (
            wx.send(subscribe::add_template::Request::new("401", vec![1]))
                .await
                .map(drop),
            "wxa::subscribe::add_template",
            "kidList",
            "1 keywords; a template combines 2..=5",
        ),
        (
            wx.send(subscribe::add_template::Request::new(
                "401",
                vec![1, 2, 3, 4, 5, 6],
            ))
            .await
            .map(drop),
            "wxa::subscribe::add_template",
            "kidList",
            "6 keywords",
        ),
        (
            wx.send(subscribe::add_template::Request::new(
                "10000001",
                vec![1, 2],
            ))
            .await
            .map(drop),
            "wxa::subscribe::add_template",
            "kidList",
            "takes none",
        ),
        (
            wx.send(
                subscribe::add_template::Request::new("401", vec![1, 2])
                    .scene_desc("一二三四五六七八九十一二三四五六"),
            )
            .await
            .map(drop),
            "wxa::subscribe::add_template",
            "sceneDesc",
            "16 characters; a scene description has at most 15",
        ),
        (
            wx.send(subscribe::delete_template::Request::new(""))
                .await
                .map(drop),
            "wxa::subscribe::delete_template",
            "priTmplId",
            "empty",
        ),
        (
            wx.send(subscribe::list_keywords::Request::new(""))
                .await
                .map(drop),
            "wxa::subscribe::list_keywords",
            "tid",
            "empty",
        ),
        (
            wx.send(subscribe::list_titles::Request::new("2,,616", 0, 1))
                .await
                .map(drop),
            "wxa::subscribe::list_titles",
            "ids",
            "numbers separated by commas",
        ),
        (
            wx.send(subscribe::list_titles::Request::new("616", 0, 31))
                .await
                .map(drop),
            "wxa::subscribe::list_titles",
            "limit",
            "31; a page holds 1..=30",
        ),
        (
            wx.send(subscribe::list_titles::Request::new("616", 0, 0))
                .await
                .map(drop),
            "wxa::subscribe::list_titles",
            "limit",
            "0;",
        ),
        (
            wx.send(oa::subscribe::send::Request::new(
                "o",
                "t",
                [("thing1".to_owned(), "一".repeat(21).into())]
                    .into_iter()
                    .collect(),
            ))
            .await
            .map(drop),
            "oa::subscribe::send",
            "data",
            "thing1: 21 characters, over the 20",
        ),
        (
            wx.send(oa::subscribe::send::Request::new(
                "",
                "t",
                Default::default(),
            ))
            .await
            .map(drop),
            "oa::subscribe::send",
            "touser",
            "empty",
        ),
    ];
    for (i, (result, endpoint, field, needle)) in cases.into_iter().enumerate() {
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, endpoint, "case {i}: {v:?}");
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
    wx.send(
        subscribe::add_template::Request::new("99", vec![1, 2, 3, 4, 5])
            .scene_desc("一二三四五六七八九十一二三四五"),
    )
    .await
    .expect("at the limits");
}

fn fixture(name: &str) -> Json {
    wx_tests::doc_example(name)
}

fn body(rendered: &str) -> Json {
    rendered.split_once("\n\n").map_or(Json::Null, |(_, b)| {
        serde_json::from_str(b).expect("JSON body")
    })
}

fn first_line(rendered: &str) -> &str {
    rendered.lines().next().unwrap_or_default()
}

#[test]
fn doc_examples_decode_and_rebuild() {
    let f = fixture("wxa::subscribe::add_template");
    let r =
        render(&subscribe::add_template::Request::new("401", vec![1, 2]).scene_desc("测试数据"))
            .unwrap();
    assert_eq!(body(&r), f["request"]["body"]);
    let added = subscribe::add_template::Response::from_json(&f["reply"].to_string()).expect("add");
    assert_eq!(
        added.pri_tmpl_id,
        "9Aw5ZV1j9xdWTFEkqCpZ7jWySL7aGN6rQom4gXINfJs"
    );

    let f = fixture("wxa::subscribe::delete_template");
    let r = render(&subscribe::delete_template::Request::new(
        "wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc",
    ))
    .unwrap();
    assert_eq!(body(&r), f["request"]["body"]);
    subscribe::delete_template::Response::from_json(&f["reply"].to_string()).expect("del");

    let f = fixture("wxa::subscribe::list_categories");
    let r = render(&subscribe::list_categories::Request::new()).unwrap();
    assert!(
        first_line(&r).ends_with("getcategory?access_token=ACCESS_TOKEN"),
        "{r}"
    );
    let c = subscribe::list_categories::Response::from_json(&f["reply"].to_string()).expect("cat");
    assert_eq!((c.data[0].id, c.data[0].name.as_str()), (616, "公交"));

    let f = fixture("wxa::subscribe::list_keywords");
    let r = render(&subscribe::list_keywords::Request::new("99")).unwrap();
    assert!(first_line(&r).ends_with("&tid=99"), "{r}");
    assert_eq!(f["request"]["query"]["tid"], "99");
    let k = subscribe::list_keywords::Response::from_json(&f["reply"].to_string()).expect("kw");
    assert_eq!(k.data[0].kid, 1);

    let f = fixture("wxa::subscribe::list_titles");
    let r = render(&subscribe::list_titles::Request::new("2,616", 0, 1)).unwrap();
    assert!(
        first_line(&r).ends_with("&ids=2%2C616&start=0&limit=1"),
        "{r}"
    );
    assert_eq!(f["request"]["query"]["limit"], 1);
    let t = subscribe::list_titles::Response::from_json(&f["reply"].to_string()).expect("titles");
    assert_eq!((t.count, t.data[0].tid, t.data[0].kind), (55, 99, 2));
    assert_eq!(t.data[0].category_id, "616");

    let f = fixture("wxa::subscribe::list_templates");
    let r = render(&subscribe::list_templates::Request::new()).unwrap();
    assert!(
        first_line(&r).ends_with("gettemplate?access_token=ACCESS_TOKEN"),
        "{r}"
    );
    let l = subscribe::list_templates::Response::from_json(&f["reply"].to_string()).expect("list");
    assert_eq!(l.data[0].kind, 2);
    assert!(l.data[0].keyword_enum_values.is_empty());
    let enums = &l.data[1].keyword_enum_values;
    assert_eq!((l.data[1].kind, enums.len()), (3, 1));
    assert_eq!(enums[0].keyword_code, "enum_string2");
    assert!(enums[0].values.iter().any(|v| v == "客厅"), "{enums:?}");

    let f = fixture("oa::subscribe::send");
    let r = render(&super::wire_subscribe::bizsend_example()).unwrap();
    assert_eq!(body(&r), f["request"]["body"]);
    oa::subscribe::send::Response::from_json(&f["reply"].to_string()).expect("bizsend");
}
