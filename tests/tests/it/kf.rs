//! Customer service (`oa::kf`) against the sandbox: accounts, invitations, sessions, the
//! waiting queue and chat records with their errcodes; the documented limits refused
//! before sending; and the doc-example fixtures decoded and rebuilt.

use serde_json::Value;
use wx_api::oa::kf::{self, session};
use wx_api::{Error, Upload};
use wx_tests::errcode;
use wx_tests::oa_client as client;
use wx_tests::{APP_ID, FAKE_JPEG};

#[tokio::test]
async fn accounts_invitations_sessions_and_records_keep_state() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let a = "alice@gh_test";
    let b = "bob_2@gh_test";
    wx.send(kf::add_account::Request::new(a, "客服1"))
        .await
        .expect("add a");
    wx.send(kf::add_account::Request::new(b, "Bob"))
        .await
        .expect("add b");
    let again = wx.send(kf::add_account::Request::new(a, "x")).await;
    assert_eq!(errcode(again.expect_err("exists")), 65406);
    wx.send(kf::update_account::Request::new(a, "新昵称"))
        .await
        .expect("update");
    let missing = wx
        .send(kf::update_account::Request::new("nobody@gh_test", "x"))
        .await;
    assert_eq!(errcode(missing.expect_err("unknown")), 65401);
    wx.send(kf::upload_avatar::Request::new(
        a,
        Upload::from_bytes("me.jpg", FAKE_JPEG.to_vec()),
    ))
    .await
    .expect("avatar");

    let list = wx
        .send(kf::list_accounts::Request::new())
        .await
        .expect("list");
    assert_eq!(list.kf_list.len(), 2);
    let alice = list.kf_list.iter().find(|x| x.kf_account == a).expect("a");
    assert_eq!(alice.kf_nick, "新昵称");
    assert!(alice.kf_headimgurl.starts_with("http"), "avatar set");
    assert!(alice.kf_wx.is_none());

    // A session needs a bound worker.
    let openid = sandbox.add_followers(APP_ID, 2);
    let unbound = wx
        .send(session::create::Request::new(a, openid[0].clone()))
        .await;
    assert_eq!(errcode(unbound.expect_err("unbound")), 65402);
    wx.send(kf::invite_worker::Request::new(a, "alice_wx"))
        .await
        .expect("invite");
    let twice = wx
        .send(kf::invite_worker::Request::new(a, "alice_wx"))
        .await;
    assert_eq!(errcode(twice.expect_err("already invited")), 65408);
    let other = wx.send(kf::invite_worker::Request::new(a, "carol")).await;
    assert_eq!(errcode(other.expect_err("pending")), 65411);
    let list = wx
        .send(kf::list_accounts::Request::new())
        .await
        .expect("list");
    let alice = list.kf_list.iter().find(|x| x.kf_account == a).expect("a");
    assert_eq!(alice.invite_status.as_deref(), Some("waiting"));
    assert_eq!(alice.invite_wx.as_deref(), Some("alice_wx"));
    assert!(sandbox.accept_kf_invite(APP_ID, a));
    let bound = wx.send(kf::invite_worker::Request::new(a, "dave")).await;
    assert_eq!(errcode(bound.expect_err("bound")), 65412);
    wx.send(kf::invite_worker::Request::new(b, "bob_wx"))
        .await
        .expect("invite b");
    assert!(sandbox.accept_kf_invite(APP_ID, b));

    // The waiting queue, then sessions: one account per user at a time.
    sandbox.add_kf_waiting(APP_ID, &openid[0]);
    sandbox.add_kf_waiting(APP_ID, &openid[1]);
    let waiting = wx
        .send(session::list_waiting::Request::new())
        .await
        .expect("waiting");
    assert_eq!(waiting.count, 2);
    assert_eq!(waiting.waitcaselist[0].openid, openid[0]);
    wx.send(session::create::Request::new(a, openid[0].clone()))
        .await
        .expect("create");
    wx.send(session::create::Request::new(a, openid[0].clone()))
        .await
        .expect("the same session again answers 0");
    let taken = wx
        .send(session::create::Request::new(b, openid[0].clone()))
        .await;
    assert_eq!(errcode(taken.expect_err("served by a")), 65414);
    let waiting = wx
        .send(session::list_waiting::Request::new())
        .await
        .expect("waiting");
    assert_eq!(waiting.count, 1, "the served user left the queue");
    let now = wx
        .send(session::get::Request::new(openid[0].clone()))
        .await
        .expect("get");
    assert_eq!(now.kf_account, a);
    assert!(now.createtime > 0);
    let sessions = wx.send(session::list::Request::new(a)).await.expect("list");
    assert_eq!(sessions.sessionlist.len(), 1);
    let online = wx
        .send(kf::list_online::Request::new())
        .await
        .expect("online");
    let alice = online
        .kf_online_list
        .iter()
        .find(|x| x.kf_account == a)
        .expect("a online");
    assert_eq!(alice.accepted_case, 1);
    let wrong = wx
        .send(session::close::Request::new(b, openid[0].clone()))
        .await;
    assert_eq!(errcode(wrong.expect_err("not b's")), 65414);
    wx.send(session::close::Request::new(a, openid[0].clone()))
        .await
        .expect("close");
    let gone = wx
        .send(session::close::Request::new(a, openid[0].clone()))
        .await;
    assert_eq!(errcode(gone.expect_err("closed")), 65413);
    let none = wx
        .send(session::get::Request::new(openid[0].clone()))
        .await
        .expect("get");
    assert_eq!(none.kf_account, "");

    // Records: the opened and closed session, paged by msgid.
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let page = wx
        .send(kf::list_records::Request::new(t - 3600, t + 60, 1, 1))
        .await
        .expect("records");
    assert_eq!(page.recordlist.len(), 1);
    assert_eq!(page.recordlist[0].opercode, 1000);
    let page = wx
        .send(kf::list_records::Request::new(
            t - 3600,
            t + 60,
            page.msgid,
            10,
        ))
        .await
        .expect("next page");
    assert_eq!(page.recordlist.len(), 1);
    assert_eq!(page.recordlist[0].opercode, 1001);
    assert_eq!(page.recordlist[0].worker, a);

    wx.send(kf::delete_account::Request::new(b))
        .await
        .expect("delete");
    let deleted = wx.send(kf::delete_account::Request::new(b)).await;
    assert_eq!(errcode(deleted.expect_err("gone")), 65401);
}

#[tokio::test]
async fn the_sandbox_checks_bodies_against_its_own_table() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    wx.send(kf::list_accounts::Request::new())
        .await
        .expect("a token");
    let token = sandbox.issued_tokens(APP_ID).pop().expect("token");
    let http = reqwest::Client::new();
    for (path, body, code) in [
        (
            "/customservice/kfaccount/add",
            r#"{"kf_account":"a@b"}"#,
            47001,
        ),
        (
            "/customservice/kfaccount/add",
            r#"{"kf_account":"a@b","nick_name":"x"}"#,
            47001,
        ),
        (
            "/customservice/kfsession/create",
            r#"{"kf_account":"a@b","openid":7}"#,
            47001,
        ),
        (
            "/customservice/msgrecord/getmsglist",
            r#"{"starttime":"1","endtime":2,"msgid":1,"number":1}"#,
            47001,
        ),
        ("/customservice/kfaccount/del", "", 44002),
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
    let jpg = || Upload::from_bytes("a.jpg", FAKE_JPEG.to_vec());
    let long_wxid = format!("a@{}", "w".repeat(31));
    let cases: Vec<(Result<(), Error>, &str, &str)> = vec![
        (
            wx.send(kf::add_account::Request::new("noat", "n"))
                .await
                .map(drop),
            "kf_account",
            "prefix@wxid",
        ),
        (
            wx.send(kf::add_account::Request::new("abcdefghijk@gh", "n"))
                .await
                .map(drop),
            "kf_account",
            "11 characters; it has 1..=10",
        ),
        (
            wx.send(kf::add_account::Request::new("@gh", "n"))
                .await
                .map(drop),
            "kf_account",
            "0 characters; it has 1..=10",
        ),
        (
            wx.send(kf::add_account::Request::new("a-b@gh", "n"))
                .await
                .map(drop),
            "kf_account",
            "ASCII letters, digits and `_`",
        ),
        (
            wx.send(kf::add_account::Request::new(long_wxid.as_str(), "n"))
                .await
                .map(drop),
            "kf_account",
            "31 characters; it has 1..=30",
        ),
        (
            wx.send(kf::add_account::Request::new("a@gh", ""))
                .await
                .map(drop),
            "nickname",
            "0 characters",
        ),
        (
            wx.send(kf::update_account::Request::new("a@gh", "客".repeat(17)))
                .await
                .map(drop),
            "nickname",
            "17 characters; a nickname has 1..=16",
        ),
        (
            wx.send(kf::delete_account::Request::new("a@"))
                .await
                .map(drop),
            "kf_account",
            "0 characters; it has 1..=30",
        ),
        (
            wx.send(kf::upload_avatar::Request::new(
                "a@gh",
                Upload::from_bytes("a.png", FAKE_JPEG.to_vec()),
            ))
            .await
            .map(drop),
            "media",
            "jpg",
        ),
        (
            wx.send(kf::upload_avatar::Request::new(
                "a@gh",
                Upload::from_bytes("a.jpg", Vec::new()),
            ))
            .await
            .map(drop),
            "media",
            "empty",
        ),
        (
            wx.send(kf::invite_worker::Request::new("a@gh", ""))
                .await
                .map(drop),
            "invite_wx",
            "empty",
        ),
        (
            wx.send(session::create::Request::new("a@gh", ""))
                .await
                .map(drop),
            "openid",
            "empty",
        ),
        (
            wx.send(session::close::Request::new("ab", "o"))
                .await
                .map(drop),
            "kf_account",
            "prefix@wxid",
        ),
        (
            wx.send(session::get::Request::new("")).await.map(drop),
            "openid",
            "empty",
        ),
        (
            wx.send(session::list::Request::new("a@b@c"))
                .await
                .map(drop),
            "kf_account",
            "no `@`",
        ),
        (
            wx.send(kf::list_records::Request::new(100, 100 + 86_401, 1, 1))
                .await
                .map(drop),
            "endtime",
            "at most 86400 s",
        ),
        (
            wx.send(kf::list_records::Request::new(100, 99, 1, 1))
                .await
                .map(drop),
            "endtime",
            "not before `starttime`",
        ),
        (
            wx.send(kf::list_records::Request::new(100, 200, 0, 1))
                .await
                .map(drop),
            "msgid",
            "start from 1",
        ),
        (
            wx.send(kf::list_records::Request::new(100, 200, 1, 0))
                .await
                .map(drop),
            "number",
            "1..=10000",
        ),
        (
            wx.send(kf::list_records::Request::new(100, 200, 1, 10_001))
                .await
                .map(drop),
            "number",
            "10001; one query reads 1..=10000",
        ),
    ];
    for (i, (result, field, needle)) in cases.into_iter().enumerate() {
        match result {
            Err(Error::Invalid(v)) => {
                assert!(v.endpoint.starts_with("oa::kf::"), "case {i}: {v:?}");
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
    // At the limits, accepted by the checks (and by the sandbox).
    let ten = format!("abcdefghij@{}", "w".repeat(30));
    wx.send(kf::add_account::Request::new(ten.as_str(), "客".repeat(16)))
        .await
        .expect("at the limits");
    wx.send(kf::upload_avatar::Request::new(ten.as_str(), jpg()))
        .await
        .expect("jpg avatar");
    wx.send(kf::list_records::Request::new(100, 100 + 86_400, 1, 10_000))
        .await
        .expect("24 h, 10 000");
}

/// The fixture's `request` as (query without credentials, JSON body) vs a rendered request.
fn split_render(rendered: &str) -> (Value, Value) {
    let first = rendered.lines().next().unwrap_or_default();
    let url = first.split_once(' ').map(|(_, u)| u).unwrap_or_default();
    let mut query = serde_json::Map::new();
    if let Some((_, q)) = url.split_once('?') {
        for pair in q.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if k != "access_token" {
                query.insert(k.to_owned(), Value::String(percent_decode(v)));
            }
        }
    }
    let body = rendered.split_once("\n\n").map_or(Value::Null, |(_, b)| {
        serde_json::from_str(b).unwrap_or(Value::Null)
    });
    (Value::Object(query), body)
}

/// `%XX` escapes (and `+`) of a query value decoded, as a server reads them.
fn percent_decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

fn fixture(name: &str) -> Value {
    wx_tests::doc_example(name)
}

fn check_request(name: &str, rendered: String) {
    let f = fixture(name);
    let (query, body) = split_render(&rendered);
    let want_query = f["request"]["query"].clone();
    let want_query = if want_query.is_null() {
        Value::Object(Default::default())
    } else {
        want_query
    };
    assert_eq!(query, want_query, "{name}: query of {rendered}");
    assert_eq!(body, f["request"]["body"], "{name}: body of {rendered}");
}

fn reply(name: &str) -> String {
    fixture(name)["reply"].to_string()
}

#[test]
fn doc_examples_decode_and_rebuild() {
    use wx_api::wire::render;
    check_request(
        "oa::kf::add_account",
        render(&kf::add_account::Request::new("test1@test", "客服1")).unwrap(),
    );
    kf::add_account::Response::from_json(&reply("oa::kf::add_account")).expect("add");
    check_request(
        "oa::kf::update_account",
        render(&kf::update_account::Request::new("test1@test", "客服1")).unwrap(),
    );
    kf::update_account::Response::from_json(&reply("oa::kf::update_account")).expect("update");
    check_request(
        "oa::kf::delete_account",
        render(&kf::delete_account::Request::new("test1@test")).unwrap(),
    );
    kf::delete_account::Response::from_json(&reply("oa::kf::delete_account")).expect("del");
    assert!(fixture("oa::kf::upload_avatar")["request"].is_null());
    kf::upload_avatar::Response::from_json(&reply("oa::kf::upload_avatar")).expect("avatar");
    check_request(
        "oa::kf::invite_worker",
        render(&kf::invite_worker::Request::new("test1@test", "test_kfwx")).unwrap(),
    );
    kf::invite_worker::Response::from_json(&reply("oa::kf::invite_worker")).expect("invite");
    check_request(
        "oa::kf::list_accounts",
        render(&kf::list_accounts::Request::new()).unwrap(),
    );
    let list =
        kf::list_accounts::Response::from_json(&reply("oa::kf::list_accounts")).expect("getkflist");
    assert_eq!(list.kf_list.len(), 3);
    assert_eq!(list.kf_list[2].invite_status.as_deref(), Some("waiting"));
    check_request(
        "oa::kf::list_online",
        render(&kf::list_online::Request::new()).unwrap(),
    );
    let online =
        kf::list_online::Response::from_json(&reply("oa::kf::list_online")).expect("online");
    assert_eq!(online.kf_online_list[1].accepted_case, 2);
    check_request(
        "oa::kf::list_records",
        render(&kf::list_records::Request::new(
            987654321, 987654321, 1, 10000,
        ))
        .unwrap(),
    );
    let records =
        kf::list_records::Response::from_json(&reply("oa::kf::list_records")).expect("records");
    assert_eq!(records.recordlist[1].opercode, 2003);
    check_request(
        "oa::kf::session::create",
        render(&session::create::Request::new("test1@test", "OPENID")).unwrap(),
    );
    session::create::Response::from_json(&reply("oa::kf::session::create")).expect("create");
    check_request(
        "oa::kf::session::close",
        render(&session::close::Request::new("test1@test", "OPENID")).unwrap(),
    );
    session::close::Response::from_json(&reply("oa::kf::session::close")).expect("close");
    check_request(
        "oa::kf::session::get",
        render(&session::get::Request::new("OPENID")).unwrap(),
    );
    let got = session::get::Response::from_json(&reply("oa::kf::session::get")).expect("get");
    assert_eq!(got.kf_account, "test1@test");
    check_request(
        "oa::kf::session::list",
        render(&session::list::Request::new("test1@test")).unwrap(),
    );
    let list = session::list::Response::from_json(&reply("oa::kf::session::list")).expect("list");
    assert_eq!(list.sessionlist.len(), 2);
    check_request(
        "oa::kf::session::list_waiting",
        render(&session::list_waiting::Request::new()).unwrap(),
    );
    let waiting =
        session::list_waiting::Response::from_json(&reply("oa::kf::session::list_waiting"))
            .expect("waitcase");
    assert_eq!(waiting.count, 150);
}
