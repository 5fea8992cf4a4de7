//! Comments on mass-sent articles against the sandbox: doc-example fixtures, the stateful
//! emulation (open/close, list by kind and page, feature, reply once, delete) and the
//! limits checked before sending.

use wx_api::oa::comment::{self, CommentType};
use wx_api::wire::RequestBody;
use wx_api::{DecodeResponse, Endpoint, Error, RawResponse};
use wx_tests::oa_client as client;
use wx_tests::APP_ID;

fn code(err: &Error) -> Option<i64> {
    err.code().map(|c| c.code())
}

fn check_fixture<R: Endpoint>(request: &R) {
    let name = R::META.name;
    let f = wx_tests::doc_example(name);
    assert_eq!(f["doc_url"], R::META.doc_url, "{name}");
    let raw = RawResponse {
        status: 200,
        content_type: Some("application/json".into()),
        content_disposition: None,
        body: serde_json::to_vec(&f["reply"]).expect("reply").into(),
    };
    R::Response::decode(raw, R::META).unwrap_or_else(|e| panic!("{name}: {e}"));
    let RequestBody::Json(bytes) = request.body().expect("body") else {
        panic!("{name}: not JSON")
    };
    let sent: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(sent, f["request"]["body"], "{name}");
}

#[test]
fn fixtures_match_the_declarations() {
    check_fixture(&comment::open::Request::new(123456).index(0));
    check_fixture(&comment::close::Request::new(123456).index(0));
    check_fixture(&comment::list::Request::new(123456, 0, 50, CommentType::All).index(0));
    check_fixture(&comment::mark_elect::Request::new(123456, 1).index(0));
    check_fixture(&comment::unmark_elect::Request::new(123456, 1).index(0));
    check_fixture(&comment::delete::Request::new(123456, 1).index(0));
    check_fixture(&comment::add_reply::Request::new(123456, 1, "谢谢").index(0));
    check_fixture(&comment::delete_reply::Request::new(123456, 1).index(0));
}

#[tokio::test]
async fn comments_are_listed_featured_replied_once_and_deleted() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let msg = 2_247_483_647;
    let a = sandbox.add_comment(APP_ID, msg, 1, "oA", "第一");
    let b = sandbox.add_comment(APP_ID, msg, 1, "oB", "第二");
    let c = sandbox.add_comment(APP_ID, msg, 1, "oC", "第三");
    // Another article (index 0) does not exist.
    let err = wx
        .send(comment::list::Request::new(msg, 0, 10, CommentType::All))
        .await
        .expect_err("index 0 not seeded");
    assert_eq!(code(&err), Some(88001));
    wx.send(comment::close::Request::new(msg).index(1))
        .await
        .expect("close");
    wx.send(comment::open::Request::new(msg).index(1))
        .await
        .expect("open");
    wx.send(comment::mark_elect::Request::new(msg, b).index(1))
        .await
        .expect("feature");
    let list = |kind| comment::list::Request::new(msg, 0, 50, kind).index(1);
    let featured = wx
        .send(list(CommentType::Featured))
        .await
        .expect("featured");
    assert_eq!(featured.total, 1);
    assert_eq!(featured.comment[0].user_comment_id, b);
    assert_eq!(featured.comment[0].comment_type, 1);
    let normal = wx.send(list(CommentType::Normal)).await.expect("normal");
    assert_eq!(
        normal
            .comment
            .iter()
            .map(|c| c.user_comment_id)
            .collect::<Vec<_>>(),
        [a, c]
    );
    // A page of one from position 1.
    let page = wx
        .send(comment::list::Request::new(msg, 1, 1, CommentType::All).index(1))
        .await
        .expect("page");
    assert_eq!(
        (
            page.total,
            page.comment.len(),
            page.comment[0].user_comment_id
        ),
        (3, 1, b)
    );
    // One reply per comment.
    wx.send(comment::add_reply::Request::new(msg, a, "谢谢").index(1))
        .await
        .expect("reply");
    let err = wx
        .send(comment::add_reply::Request::new(msg, a, "再谢").index(1))
        .await
        .expect_err("second reply");
    assert_eq!(code(&err), Some(88005));
    let all = wx.send(list(CommentType::All)).await.expect("all");
    assert_eq!(
        all.comment[0].reply.as_ref().map(|r| r.content.as_str()),
        Some("谢谢")
    );
    wx.send(comment::delete_reply::Request::new(msg, a).index(1))
        .await
        .expect("delete reply");
    let err = wx
        .send(comment::delete_reply::Request::new(msg, a).index(1))
        .await
        .expect_err("no reply left");
    assert_eq!(code(&err), Some(88009));
    wx.send(comment::unmark_elect::Request::new(msg, b).index(1))
        .await
        .expect("unfeature");
    wx.send(comment::delete::Request::new(msg, c).index(1))
        .await
        .expect("delete");
    let err = wx
        .send(comment::mark_elect::Request::new(msg, c).index(1))
        .await
        .expect_err("deleted");
    assert_eq!(code(&err), Some(88004));
    let err = wx
        .send(comment::delete::Request::new(msg, 99).index(1))
        .await
        .expect_err("no such comment");
    assert_eq!(code(&err), Some(88008));
    let all = wx.send(list(CommentType::All)).await.expect("all");
    assert_eq!(all.total, 2);
    assert!(all.comment.iter().all(|c| c.comment_type == 0));
}

#[tokio::test]
async fn comment_limits_are_refused_before_sending() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let before = sandbox.requests_received();
    let cases: Vec<(Error, &str, &str)> = vec![
        (
            wx.send(comment::list::Request::new(1, 0, 0, CommentType::All))
                .await
                .expect_err("0"),
            "count",
            "0; one call returns 1..=50",
        ),
        (
            wx.send(comment::list::Request::new(1, 0, 51, CommentType::All))
                .await
                .expect_err("51"),
            "count",
            "51; one call returns 1..=50",
        ),
        (
            wx.send(comment::add_reply::Request::new(1, 1, ""))
                .await
                .expect_err("empty"),
            "content",
            "88007",
        ),
    ];
    for (err, field, words) in &cases {
        let Error::Invalid(v) = err else {
            panic!("{err:?}")
        };
        assert_eq!(v.field, *field, "{v}");
        assert!(v.message.contains(words), "{v}");
        assert!(v.endpoint.starts_with("oa::comment::"), "{v}");
    }
    assert_eq!(sandbox.requests_received(), before);
    // The edge passes (and reaches the sandbox).
    sandbox.add_comment(APP_ID, 1, 0, "oA", "x");
    wx.send(comment::list::Request::new(1, 0, 50, CommentType::All))
        .await
        .expect("50");
}
