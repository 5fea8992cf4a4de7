//! Followers, tags and the blacklist against the sandbox: the paginated streams over many
//! pages (lazily, with the documented page size and a small one), a page that repeats a
//! cursor, errors ending a stream, tag CRUD with WeChat's errcodes, documented limits
//! refused before anything is sent, remarks and a user's tags.

use std::collections::HashSet;
use std::pin::Pin;
use wx_api::oa::{blacklist, tags, user};
use wx_api::paging::Stream;
use wx_api::token::Classic;
use wx_api::{AppCredentials, Client, Error, OfficialAccount};
use wx_tests::{sandbox, CannedReply, Sandbox, APP_ID, APP_SECRET};

const USER_GET: &str = "/cgi-bin/user/get";

fn oa(sandbox: &Sandbox) -> Client<OfficialAccount> {
    Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .build()
        .expect("client")
}

fn code_of(err: &Error) -> Option<i64> {
    err.code().map(|c| c.code())
}

/// The `next_openid` of each `user/get` request received, `None` when absent.
fn cursors(sandbox: &Sandbox) -> Vec<Option<String>> {
    sandbox
        .requests_to(USER_GET)
        .into_iter()
        .map(|r| r.query.get("next_openid").cloned())
        .collect()
}

#[tokio::test]
async fn followers_stream_walks_25_000_followers_in_pages_of_10_000() {
    let sandbox = sandbox().await;
    let ids = sandbox.add_followers(APP_ID, 25_000);
    let wx = oa(&sandbox);
    let mut stream = user::followers(&wx);
    assert_eq!(stream.total(), None, "unknown before the first page");
    let first = stream.next_openid().await.unwrap().unwrap();
    assert_eq!(first, ids[0]);
    assert_eq!(stream.total(), Some(25_000));
    assert_eq!(sandbox.requests_to(USER_GET).len(), 1, "one page so far");
    let rest = stream.collect_all().await.unwrap();
    assert_eq!(rest.len(), 24_999);
    assert_eq!(rest[..], ids[1..]);
    // Three pages, then the call after the last page (its cursor is its last openid)
    // answers count 0: the end.
    assert_eq!(
        cursors(&sandbox),
        vec![
            None,
            Some(ids[9_999].clone()),
            Some(ids[19_999].clone()),
            Some(ids[24_999].clone()),
        ]
    );
}

#[tokio::test]
async fn followers_stream_is_lazy_and_follows_many_small_pages() {
    let sandbox = sandbox().await;
    sandbox.set_page_size(7);
    let ids = sandbox.add_followers(APP_ID, 100);
    let wx = oa(&sandbox);
    let mut stream = user::followers(&wx);
    for id in &ids[..7] {
        assert_eq!(&stream.next_openid().await.unwrap().unwrap(), id);
    }
    assert_eq!(
        sandbox.requests_to(USER_GET).len(),
        1,
        "page 2 not fetched yet"
    );
    assert_eq!(stream.next_openid().await.unwrap().unwrap(), ids[7]);
    assert_eq!(sandbox.requests_to(USER_GET).len(), 2);
    let rest = stream.collect_all().await.unwrap();
    assert_eq!(rest[..], ids[8..]);
    // 15 pages (14 of 7, one of 2) and the empty one.
    assert_eq!(sandbox.requests_to(USER_GET).len(), 16);
}

#[tokio::test]
async fn followers_stream_implements_stream_and_can_start_after_an_openid() {
    let sandbox = sandbox().await;
    sandbox.set_page_size(10);
    let ids = sandbox.add_followers(APP_ID, 30);
    let wx = oa(&sandbox);
    let mut stream = user::followers(&wx).starting_after(ids[14].clone());
    let mut got = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        got.push(item.unwrap());
    }
    assert_eq!(got[..], ids[15..]);
    assert_eq!(stream.size_hint(), (0, Some(0)), "ended");
    assert_eq!(
        std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx))
            .await
            .map(|r| r.is_ok()),
        None,
        "stays ended"
    );
    assert_eq!(cursors(&sandbox)[0].as_deref(), Some(ids[14].as_str()));
}

#[tokio::test]
async fn an_empty_account_is_one_request_and_an_empty_stream() {
    let sandbox = sandbox().await;
    let wx = oa(&sandbox);
    let mut stream = user::followers(&wx);
    assert!(stream.next_openid().await.is_none());
    assert_eq!(stream.total(), Some(0));
    assert_eq!(sandbox.requests_to(USER_GET).len(), 1);
}

#[tokio::test]
async fn a_page_repeating_its_cursor_ends_the_stream_with_a_typed_error() {
    let sandbox = sandbox().await;
    let wx = oa(&sandbox);
    // Page 2 answers with the cursor it was asked for: following it would loop forever.
    sandbox.canned(
        USER_GET,
        CannedReply::json(
            r#"{"total":5,"count":2,"data":{"openid":["o-a","o-b"]},"next_openid":"o-b"}"#,
        ),
    );
    sandbox.canned(
        USER_GET,
        CannedReply::json(r#"{"total":5,"count":1,"data":{"openid":["o-c"]},"next_openid":"o-b"}"#),
    );
    let mut stream = user::followers(&wx);
    let mut got = Vec::new();
    let mut errors = Vec::new();
    while let Some(item) = stream.next_openid().await {
        match item {
            Ok(openid) => got.push(openid),
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(got, ["o-a", "o-b", "o-c"], "the page's openids come first");
    assert_eq!(errors.len(), 1, "{errors:?}");
    match &errors[0] {
        Error::Decode { endpoint, detail } => {
            assert_eq!(*endpoint, "oa::user::list");
            assert!(detail.contains("`o-b`"), "{detail}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(sandbox.requests_to(USER_GET).len(), 2, "no third request");
}

#[tokio::test]
async fn a_page_returning_an_older_cursor_ends_the_stream_too() {
    let sandbox = sandbox().await;
    let wx = oa(&sandbox);
    for body in [
        r#"{"total":9,"count":1,"data":{"openid":["o-1"]},"next_openid":"o-1"}"#,
        r#"{"total":9,"count":1,"data":{"openid":["o-2"]},"next_openid":"o-2"}"#,
        r#"{"total":9,"count":1,"data":{"openid":["o-3"]},"next_openid":"o-1"}"#,
    ] {
        sandbox.canned(USER_GET, CannedReply::json(body));
    }
    let mut stream = user::followers(&wx);
    let mut items = Vec::new();
    while let Some(item) = stream.next_openid().await {
        items.push(item.map_err(|e| e.to_string()));
    }
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(items[..3].iter().all(Result::is_ok));
    let err = items[3].as_ref().unwrap_err();
    assert!(
        err.contains("oa::user::list") && err.contains("`o-1`"),
        "{err}"
    );
    assert_eq!(sandbox.requests_to(USER_GET).len(), 3);
    // collect_all reports the same error.
    for body in [
        r#"{"total":2,"count":1,"data":{"openid":["o-1"]},"next_openid":"o-1"}"#,
        r#"{"total":2,"count":1,"data":{"openid":["o-2"]},"next_openid":"o-1"}"#,
    ] {
        sandbox.canned(USER_GET, CannedReply::json(body));
    }
    let err = user::followers(&wx).collect_all().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn an_api_error_is_yielded_once_and_ends_the_stream() {
    let sandbox = sandbox().await;
    sandbox.set_page_size(5);
    let ids = sandbox.add_followers(APP_ID, 12);
    let wx = oa(&sandbox);
    let mut stream = user::followers(&wx);
    for id in &ids[..5] {
        assert_eq!(&stream.next_openid().await.unwrap().unwrap(), id);
    }
    // The next page fails.
    sandbox.canned(
        USER_GET,
        CannedReply::json(r#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#),
    );
    let err = stream.next_openid().await.unwrap().unwrap_err();
    assert_eq!(code_of(&err), Some(45009));
    assert!(stream.next_openid().await.is_none());
    assert_eq!(
        sandbox.requests_to(USER_GET).len(),
        2,
        "no retry after the error"
    );
    // Resuming after the last openid received reads the rest.
    let rest = user::followers(&wx)
        .starting_after(ids[4].clone())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rest[..], ids[5..]);
    // An unknown cursor: WeChat's 40003, once.
    let mut bad = user::followers(&wx).starting_after("oSBX-not-a-follower");
    assert_eq!(
        code_of(&bad.next_openid().await.unwrap().unwrap_err()),
        Some(40003)
    );
    assert!(bad.next_openid().await.is_none());
}

#[tokio::test]
async fn tags_round_trip_with_errcodes() {
    let sandbox = sandbox().await;
    let ids = sandbox.add_followers(APP_ID, 3);
    let wx = oa(&sandbox);
    let created = wx.send(tags::create::Request::new("广东")).await.unwrap();
    assert_eq!(created.tag.name, "广东");
    let id = created.tag.id;
    assert!(id > tags::MAX_SYSTEM_TAG_ID);
    // Duplicate name: 45157.
    let dup = wx
        .send(tags::create::Request::new("广东"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&dup), Some(45157));
    // Exactly 30 bytes (10 CJK characters) is accepted.
    let thirty = "一二三四五六七八九十";
    assert_eq!(thirty.len(), 30);
    let long = wx.send(tags::create::Request::new(thirty)).await.unwrap();
    wx.send(tags::update::Request::new(id, "广东人"))
        .await
        .unwrap();
    let list = wx.send(tags::list::Request::new()).await.unwrap().tags;
    let names: Vec<(i64, &str)> = list.iter().map(|t| (t.id, t.name.as_str())).collect();
    assert!(names.contains(&(id, "广东人")), "{names:?}");
    assert!(
        names.contains(&(2, "星标组")),
        "system tag listed: {names:?}"
    );
    // Tag two followers; counts and the users' tags follow.
    wx.send(tags::batch_tag::Request::new(ids[..2].to_vec(), id))
        .await
        .unwrap();
    let list = wx.send(tags::list::Request::new()).await.unwrap().tags;
    assert_eq!(list.iter().find(|t| t.id == id).unwrap().count, 2);
    let of_user = wx
        .send(tags::list_for_user::Request::new(ids[0].clone()))
        .await
        .unwrap();
    assert_eq!(of_user.tagid_list, [id]);
    let info = wx
        .send(user::get::Request::new(ids[0].clone()))
        .await
        .unwrap();
    assert_eq!(info.user.tagid_list, [id]);
    wx.send(tags::batch_untag::Request::new(vec![ids[0].clone()], id))
        .await
        .unwrap();
    let of_user = wx
        .send(tags::list_for_user::Request::new(ids[0].clone()))
        .await
        .unwrap();
    assert!(of_user.tagid_list.is_empty());
    // Delete: the tag is gone, and so is it from its member.
    wx.send(tags::delete::Request::new(id)).await.unwrap();
    let of_user = wx
        .send(tags::list_for_user::Request::new(ids[1].clone()))
        .await
        .unwrap();
    assert!(of_user.tagid_list.is_empty());
    let gone = wx.send(tags::delete::Request::new(id)).await.unwrap_err();
    assert_eq!(code_of(&gone), Some(45159));
    let gone = wx
        .send(tags::batch_tag::Request::new(vec![ids[0].clone()], id))
        .await
        .unwrap_err();
    assert_eq!(code_of(&gone), Some(45159));
    // Not a follower: 40003.
    let stranger = wx
        .send(tags::batch_tag::Request::new(
            vec!["oSBX-stranger".to_owned()],
            long.tag.id,
        ))
        .await
        .unwrap_err();
    assert_eq!(code_of(&stranger), Some(40003));
    let stranger = wx
        .send(tags::list_for_user::Request::new("oSBX-stranger"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&stranger), Some(40003));
}

#[tokio::test]
async fn at_most_100_tags_and_20_tags_per_user() {
    let sandbox = sandbox().await;
    let ids = sandbox.add_followers(APP_ID, 2);
    let wx = oa(&sandbox);
    let mut created = Vec::new();
    for n in 0..tags::MAX_TAGS {
        created.push(
            wx.send(tags::create::Request::new(format!("tag-{n}")))
                .await
                .unwrap()
                .tag
                .id,
        );
    }
    let over = wx
        .send(tags::create::Request::new("one too many"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&over), Some(45056));
    for &id in &created[..tags::MAX_TAGS_PER_USER] {
        wx.send(tags::batch_tag::Request::new(ids.clone(), id))
            .await
            .unwrap();
    }
    let over = wx
        .send(tags::batch_tag::Request::new(ids.clone(), created[20]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&over), Some(45059));
    // Re-tagging with a tag the users already carry is not a 21st tag.
    wx.send(tags::batch_tag::Request::new(ids.clone(), created[0]))
        .await
        .unwrap();
    let of_user = wx
        .send(tags::list_for_user::Request::new(ids[1].clone()))
        .await
        .unwrap();
    assert_eq!(of_user.tagid_list.len(), 20);
}

#[tokio::test]
async fn members_stream_pages_through_a_tag() {
    let sandbox = sandbox().await;
    sandbox.set_page_size(40);
    let ids = sandbox.add_followers(APP_ID, 130);
    let wx = oa(&sandbox);
    let tag = wx
        .send(tags::create::Request::new("vip"))
        .await
        .unwrap()
        .tag
        .id;
    for chunk in ids[..120].chunks(tags::MAX_BATCH) {
        wx.send(tags::batch_tag::Request::new(chunk.to_vec(), tag))
            .await
            .unwrap();
    }
    let mut stream = tags::members(&wx, tag);
    let members = {
        let mut all = Vec::new();
        while let Some(openid) = stream.next_openid().await {
            all.push(openid.unwrap());
        }
        all
    };
    assert_eq!(members[..], ids[..120]);
    assert_eq!(stream.total(), None, "user/tag/get has no total");
    let pages = sandbox.requests_to("/cgi-bin/user/tag/get");
    assert_eq!(pages.len(), 4, "3 pages of 40 and the empty one");
    let last: serde_json::Value = serde_json::from_slice(&pages[3].body).unwrap();
    assert_eq!(last["next_openid"], ids[119].as_str());
    assert_eq!(last["tagid"], tag);
    // A tag nobody carries: an empty stream; an unknown tag: 45159.
    let empty = wx.send(tags::create::Request::new("nobody")).await.unwrap();
    assert!(tags::members(&wx, empty.tag.id)
        .collect_all()
        .await
        .unwrap()
        .is_empty());
    let err = tags::members(&wx, 9_999).collect_all().await.unwrap_err();
    assert_eq!(code_of(&err), Some(45159));
}

#[tokio::test]
async fn blacklist_block_list_unblock() {
    let sandbox = sandbox().await;
    sandbox.set_page_size(10);
    let ids = sandbox.add_followers(APP_ID, 50);
    let wx = oa(&sandbox);
    for chunk in ids[..45].chunks(blacklist::MAX_BATCH) {
        wx.send(blacklist::block::Request::new(chunk.to_vec()))
            .await
            .unwrap();
    }
    let mut stream = blacklist::blocked(&wx);
    let first = stream.next_openid().await.unwrap().unwrap();
    assert_eq!(stream.total(), Some(45));
    let mut all = vec![first];
    all.extend(stream.collect_all().await.unwrap());
    assert_eq!(all[..], ids[..45]);
    let pages = sandbox.requests_to("/cgi-bin/tags/members/getblacklist");
    assert_eq!(
        pages.len(),
        6,
        "5 pages of 10 (the last of 5) and the empty one"
    );
    let second: serde_json::Value = serde_json::from_slice(&pages[1].body).unwrap();
    assert_eq!(second["begin_openid"], ids[9].as_str());
    wx.send(blacklist::unblock::Request::new(
        ids[..40].to_vec().split_off(20),
    ))
    .await
    .unwrap();
    let left = blacklist::blocked(&wx).collect_all().await.unwrap();
    let expected: Vec<String> = ids[..20].iter().chain(&ids[40..45]).cloned().collect();
    assert_eq!(left, expected);
    assert_eq!(sandbox.blacklist(APP_ID), expected);
    let stranger = wx
        .send(blacklist::block::Request::new(vec!["oSBX-stranger".into()]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&stranger), Some(40003));
}

#[tokio::test]
async fn remark_is_stored_and_shown_by_user_info() {
    let sandbox = sandbox().await;
    let ids = sandbox.add_followers(APP_ID, 1);
    let wx = oa(&sandbox);
    // 9 CJK characters: 27 bytes, under the limit.
    wx.send(user::set_remark::Request::new(
        ids[0].clone(),
        "胖子胖子胖子胖子胖",
    ))
    .await
    .unwrap();
    let info = wx
        .send(user::get::Request::new(ids[0].clone()))
        .await
        .unwrap();
    assert_eq!(info.user.remark.as_deref(), Some("胖子胖子胖子胖子胖"));
    let batch = wx
        .send(user::batch_get::Request::openids([ids[0].clone()]))
        .await
        .unwrap();
    assert_eq!(
        batch.user_info_list[0].remark.as_deref(),
        Some("胖子胖子胖子胖子胖")
    );
    let stranger = wx
        .send(user::set_remark::Request::new("oSBX-stranger", "x"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&stranger), Some(40003));
}

/// The limit a validation error names: `(endpoint, field)`, with the message.
fn invalid(err: Error) -> (&'static str, &'static str, String) {
    match err {
        Error::Invalid(v) => (v.endpoint, v.field, v.message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn documented_limits_are_refused_before_sending() {
    let sandbox = sandbox().await;
    let wx = oa(&sandbox);
    let openids = |n: usize| (0..n).map(|i| format!("o-{i}")).collect::<Vec<_>>();
    let cases: Vec<(Error, &str, &str, &str)> = vec![
        (
            wx.send(tags::batch_tag::Request::new(openids(51), 100))
                .await
                .unwrap_err(),
            "oa::tags::batch_tag",
            "openid_list",
            "1..=50",
        ),
        (
            wx.send(tags::batch_tag::Request::new(vec![], 100))
                .await
                .unwrap_err(),
            "oa::tags::batch_tag",
            "openid_list",
            "0 openids",
        ),
        (
            wx.send(tags::batch_untag::Request::new(openids(51), 100))
                .await
                .unwrap_err(),
            "oa::tags::batch_untag",
            "openid_list",
            "40032",
        ),
        (
            wx.send(tags::batch_tag::Request::new(vec![String::new()], 100))
                .await
                .unwrap_err(),
            "oa::tags::batch_tag",
            "openid_list",
            "empty openid",
        ),
        (
            wx.send(tags::batch_tag::Request::new(openids(1), -1))
                .await
                .unwrap_err(),
            "oa::tags::batch_tag",
            "tagid",
            "45159",
        ),
        (
            wx.send(blacklist::block::Request::new(openids(21)))
                .await
                .unwrap_err(),
            "oa::blacklist::block",
            "openid_list",
            "1..=20",
        ),
        (
            wx.send(blacklist::unblock::Request::new(vec![]))
                .await
                .unwrap_err(),
            "oa::blacklist::unblock",
            "openid_list",
            "1..=20",
        ),
        (
            // 11 CJK characters: 33 bytes.
            wx.send(tags::create::Request::new("一二三四五六七八九十一"))
                .await
                .unwrap_err(),
            "oa::tags::create",
            "tag.name",
            "33 bytes",
        ),
        (
            wx.send(tags::create::Request::new("")).await.unwrap_err(),
            "oa::tags::create",
            "tag.name",
            "1..=30",
        ),
        (
            wx.send(tags::update::Request::new(101, "a".repeat(31)))
                .await
                .unwrap_err(),
            "oa::tags::update",
            "tag.name",
            "45158",
        ),
        (
            wx.send(tags::update::Request::new(2, "starred"))
                .await
                .unwrap_err(),
            "oa::tags::update",
            "tag.id",
            "system tag",
        ),
        (
            wx.send(tags::delete::Request::new(0)).await.unwrap_err(),
            "oa::tags::delete",
            "tag.id",
            "45058",
        ),
        (
            wx.send(tags::list_users::Request::new(-5))
                .await
                .unwrap_err(),
            "oa::tags::list_users",
            "tagid",
            "not negative",
        ),
        (
            wx.send(tags::list_for_user::Request::new(""))
                .await
                .unwrap_err(),
            "oa::tags::list_for_user",
            "openid",
            "required",
        ),
        (
            // 10 CJK characters: 30 bytes, one too many.
            wx.send(user::set_remark::Request::new(
                "o-1",
                "一二三四五六七八九十",
            ))
            .await
            .unwrap_err(),
            "oa::user::set_remark",
            "remark",
            "30 bytes",
        ),
    ];
    for (err, endpoint, field, says) in cases {
        let (e, f, message) = invalid(err);
        assert_eq!((e, f), (endpoint, field), "{message}");
        assert!(
            message.contains(says),
            "{endpoint}: {message:?} lacks {says:?}"
        );
    }
    assert_eq!(
        sandbox.requests_received(),
        0,
        "nothing reached the sandbox"
    );
}

/// The sandbox enforces the limits on its own (raw requests the typed client would refuse).
#[tokio::test]
async fn the_sandbox_answers_the_limits_with_wechats_errcodes() {
    let sandbox = sandbox().await;
    let ids = sandbox.add_followers(APP_ID, 60);
    let wx = oa(&sandbox);
    let token = wx.access_token().await.unwrap();
    let http = reqwest::Client::new();
    let post = |path: &str, body: serde_json::Value| {
        let url = format!("{}{path}?access_token={}", sandbox.url(), token.expose());
        let http = http.clone();
        async move {
            let reply: serde_json::Value = http
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            reply["errcode"].as_i64().unwrap_or(0)
        }
    };
    let tagid = 100;
    assert_eq!(
        post(
            "/cgi-bin/tags/create",
            serde_json::json!({"tag": {"name": "t"}})
        )
        .await,
        0
    );
    let cases = [
        (
            "/cgi-bin/tags/members/batchtagging",
            serde_json::json!({"openid_list": ids[..51], "tagid": tagid}),
            40032,
        ),
        (
            "/cgi-bin/tags/members/batchtagging",
            serde_json::json!({"openid_list": [], "tagid": tagid}),
            40032,
        ),
        (
            "/cgi-bin/tags/members/batchblacklist",
            serde_json::json!({"openid_list": ids[..21]}),
            40032,
        ),
        (
            "/cgi-bin/tags/create",
            serde_json::json!({"tag": {"name": "a".repeat(31)}}),
            45158,
        ),
        (
            "/cgi-bin/tags/update",
            serde_json::json!({"tag": {"id": 2, "name": "x"}}),
            45058,
        ),
        (
            "/cgi-bin/tags/delete",
            serde_json::json!({"tag": {"id": 1}}),
            45058,
        ),
        (
            "/cgi-bin/user/info/updateremark",
            serde_json::json!({"openid": ids[0], "remark": "a".repeat(30)}),
            40092,
        ),
        (
            "/cgi-bin/user/tag/get",
            serde_json::json!({"tagid": 12_345}),
            45159,
        ),
        (
            "/cgi-bin/tags/members/getblacklist",
            serde_json::json!({"begin_openid": "oSBX-stranger"}),
            40003,
        ),
    ];
    for (path, body, code) in cases {
        assert_eq!(post(path, body.clone()).await, code, "{path} {body}");
    }
    // Nothing changed.
    let seen: HashSet<String> = tags::members(&wx, tagid)
        .collect_all()
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert!(seen.is_empty());
    assert!(sandbox.blacklist(APP_ID).is_empty());
}

#[test]
fn the_stream_is_send_and_unpin() {
    fn send_unpin<T: Send + Unpin + 'static>() {}
    send_unpin::<wx_api::paging::OpenIds>();
}
