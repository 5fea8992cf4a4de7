//! The client against the sandbox (the WeChat double): success, errcodes, token refresh and
//! retry, single flight, failure backoff, binary replies, malformed replies, secrets.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{oneshot, Barrier};
use wx_api::oa::qrcode::{self, QrActionName};
use wx_api::token::{
    source_fn, CachedToken, CredentialKey, Fetch, FreshToken, MemoryStore, TokenPolicy, TokenStore,
};
use wx_api::token::{Classic, Stable};
use wx_api::{AccessToken, AppCredentials, BoxFuture, Client, ErrCode, Error, OfficialAccount};
use wx_tests::oa_client as client;
use wx_tests::{CannedReply, Sandbox, TestClock, APP_ID, APP_SECRET};

#[tokio::test]
async fn create_qrcode_succeeds_with_the_token_in_the_query() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let reply = wx
        .send(qrcode::create::Request::temporary_id(123, 604_800))
        .await
        .expect("create");
    assert_eq!(reply.expire_seconds, Some(604_800));
    assert!(reply.url.starts_with("http://weixin.qq.com/q/"));
    let sent = sandbox.requests_to("/cgi-bin/qrcode/create");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "POST");
    assert_eq!(
        sent[0].query.get("access_token").map(String::as_str),
        Some("tok-wx-test-app-1")
    );
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).expect("json body");
    assert_eq!(
        body,
        serde_json::json!({"expire_seconds":604800,"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":123}}})
    );
    // The token is cached: a second call does not fetch again.
    wx.send(qrcode::create::Request::permanent_str("promo"))
        .await
        .expect("second");
    assert_eq!(wx_tests::fetches(&sandbox), 1);
}

#[tokio::test]
async fn errcode_is_decoded_into_a_typed_error_with_rid() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    sandbox.canned(
        "/cgi-bin/qrcode/create",
        CannedReply::json(r#"{"errcode":40053,"errmsg":"invalid action info rid: 6612f3a1-0b7c0d1e-2f3a4b5c","ticket":"ignored"}"#),
    );
    let err = wx
        .send(qrcode::create::Request::permanent_id(7))
        .await
        .expect_err("errcode must win over payload fields");
    match &err {
        Error::Api {
            endpoint,
            code,
            message,
            rid,
        } => {
            assert_eq!(*endpoint, "oa::qrcode::create");
            assert_eq!(code.code(), 40053);
            assert!(code.name().is_some(), "40053 is a documented code");
            assert!(message.starts_with("invalid action info"));
            assert_eq!(rid.as_deref(), Some("6612f3a1-0b7c0d1e-2f3a4b5c"));
        }
        other => panic!("expected Api error, got {other:?}"),
    }
    assert_eq!(err.code().map(|c| c.code()), Some(40053));

    sandbox.canned(
        "/cgi-bin/qrcode/create",
        CannedReply::json(r#"{"errcode":49999,"errmsg":"new"}"#),
    );
    let err = wx
        .send(qrcode::create::Request::permanent_id(7))
        .await
        .expect_err("unknown code");
    assert_eq!(err.code(), Some(ErrCode::Unknown(49999)));
}

#[tokio::test]
async fn errcode_zero_with_payload_is_success() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    sandbox.canned(
        "/cgi-bin/qrcode/create",
        CannedReply::json(r#"{"errcode":0,"errmsg":"ok","ticket":"t","url":"http://weixin.qq.com/q/x","extra":[1,2]}"#),
    );
    let reply = wx
        .send(qrcode::create::Request::permanent_id(7))
        .await
        .expect("ok");
    assert_eq!(reply.ticket, "t");
    assert_eq!(reply.expire_seconds, None);
}

#[tokio::test]
async fn rejected_token_is_replaced_once_and_the_call_retried() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("warm");
    // Another process refreshed: our cached token is no longer accepted.
    sandbox.revoke_token("tok-wx-test-app-1");
    let reply = wx.send(qrcode::create::Request::permanent_id(2)).await;
    assert!(reply.is_ok(), "{reply:?}");
    assert_eq!(wx_tests::fetches(&sandbox), 2, "exactly one refresh");
    let creates = sandbox.requests_to("/cgi-bin/qrcode/create");
    assert_eq!(creates.len(), 3, "warm-up, rejected attempt, retry");
    assert_eq!(creates[2].query["access_token"], "tok-wx-test-app-2");
}

#[tokio::test]
async fn a_fresh_token_rejected_too_is_surfaced_without_looping() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    sandbox.reject_all_tokens(true);
    let err = wx
        .send(qrcode::create::Request::permanent_id(2))
        .await
        .expect_err("second rejection must surface");
    assert_eq!(err.code(), Some(ErrCode::from_code(40001)));
    assert_eq!(
        wx_tests::fetches(&sandbox),
        2,
        "one initial fetch, one refresh, no more"
    );
    assert_eq!(sandbox.requests_to("/cgi-bin/qrcode/create").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundred_concurrent_callers_on_a_cold_cache_cause_one_fetch() {
    let sandbox = wx_tests::sandbox().await;
    sandbox.set_token_delay(Duration::from_millis(150));
    let wx = client(&sandbox);
    let barrier = Arc::new(Barrier::new(100));
    let calls = (0..100u32).map(|i| {
        let wx = wx.clone();
        let barrier = Arc::clone(&barrier);
        tokio::spawn(async move {
            barrier.wait().await;
            wx.send(qrcode::create::Request::temporary_id(i + 1, 60))
                .await
        })
    });
    let results = futures_join(calls.collect()).await;
    assert!(results.iter().all(|r| r.is_ok()), "every call succeeds");
    println!(
        "token fetches for 100 concurrent cold callers: {}",
        wx_tests::fetches(&sandbox)
    );
    assert_eq!(wx_tests::fetches(&sandbox), 1);
    assert_eq!(sandbox.requests_to("/cgi-bin/qrcode/create").len(), 100);
}

async fn futures_join<T: Send + 'static>(
    handles: Vec<tokio::task::JoinHandle<Result<T, Error>>>,
) -> Vec<Result<T, Error>> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

#[tokio::test]
async fn failing_token_endpoint_fails_every_waiter_with_one_fetch_and_no_retry() {
    let sandbox = wx_tests::sandbox().await;
    sandbox.set_token_delay(Duration::from_millis(100));
    let clock = TestClock::new();
    // Token requests sent (the sandbox counts only the tokens it issues).
    let fetches = || sandbox.requests_to("/cgi-bin/token").len();
    // A wrong secret: 40001 from the token endpoint itself must not be "refreshed".
    let wx = Client::official_account(AppCredentials::new(APP_ID, "wrong"), Classic)
        .base_url(sandbox.url())
        .clock(clock.clone())
        .build()
        .expect("client");
    let calls = (0..20u32).map(|i| {
        let wx = wx.clone();
        tokio::spawn(async move { wx.send(qrcode::create::Request::permanent_id(i + 1)).await })
    });
    let results = futures_join(calls.collect()).await;
    for r in &results {
        match r {
            Err(Error::Token { app_id, source, .. }) => {
                assert_eq!(app_id, APP_ID);
                assert_eq!(source.code().map(|c| c.code()), Some(40001));
            }
            other => panic!("expected a token error, got {other:?}"),
        }
    }
    assert_eq!(fetches(), 1);
    assert!(sandbox.requests_to("/cgi-bin/qrcode/create").is_empty());
    // Within the failure backoff the next call gets the same error without a fetch...
    let again = wx.send(qrcode::create::Request::permanent_id(1)).await;
    assert!(
        matches!(&again, Err(Error::Token { source, .. }) if source.code().map(|c| c.code()) == Some(40001)),
        "{again:?}"
    );
    assert_eq!(fetches(), 1);
    // ...and after it, tries again (once).
    clock.advance(Duration::from_millis(1100));
    let _ = wx.send(qrcode::create::Request::permanent_id(1)).await;
    assert_eq!(fetches(), 2);
}

/// Polls `done` for up to 5 s (for work the client does in the background).
async fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn clocked_client(sandbox: &Sandbox, clock: &Arc<TestClock>) -> Client<OfficialAccount> {
    Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .clock(clock.clone())
        .build()
        .expect("client")
}

#[tokio::test]
async fn tokens_are_refreshed_ahead_of_expiry_in_the_background() {
    let sandbox = wx_tests::sandbox().await;
    let clock = TestClock::new();
    // 7200 s: usable until +7140 s (60 s margin), refresh due from +6840 s (300 s ahead).
    let wx = clocked_client(&sandbox, &clock);
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("first");
    clock.advance(Duration::from_secs(6830));
    wx.send(qrcode::create::Request::permanent_id(2))
        .await
        .expect("not yet due");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        wx_tests::fetches(&sandbox),
        1,
        "no refresh before it is due"
    );
    clock.advance(Duration::from_secs(20));
    wx.send(qrcode::create::Request::permanent_id(3))
        .await
        .expect("served by the old token");
    let creates = sandbox.requests_to("/cgi-bin/qrcode/create");
    assert_eq!(creates[2].query["access_token"], "tok-wx-test-app-1");
    // Until the background refresh has stored its token (joining it fetches nothing).
    let deadline = Instant::now() + Duration::from_secs(5);
    while wx.access_token().await.expect("token").expose() != "tok-wx-test-app-2" {
        assert!(Instant::now() < deadline, "no background refresh");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    wx.send(qrcode::create::Request::permanent_id(4))
        .await
        .expect("fourth");
    let creates = sandbox.requests_to("/cgi-bin/qrcode/create");
    assert_eq!(creates[3].query["access_token"], "tok-wx-test-app-2");
    assert_eq!(wx_tests::fetches(&sandbox), 2, "one refresh per cycle");
}

#[tokio::test]
async fn an_expired_token_is_replaced_before_use() {
    let sandbox = wx_tests::sandbox().await;
    sandbox.set_token_ttl(Duration::from_secs(1));
    let clock = TestClock::new();
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .clock(clock.clone())
        .token_policy(
            TokenPolicy::default()
                .with_refresh_ahead(Duration::ZERO)
                .with_safety_margin(Duration::ZERO),
        )
        .build()
        .expect("client");
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("first");
    clock.advance(Duration::from_millis(1000));
    wx.send(qrcode::create::Request::permanent_id(2))
        .await
        .expect("second");
    assert_eq!(wx_tests::fetches(&sandbox), 2);
    let creates = sandbox.requests_to("/cgi-bin/qrcode/create");
    assert_eq!(creates[1].query["access_token"], "tok-wx-test-app-2");
}

#[tokio::test]
async fn stable_token_source_posts_credentials_in_the_body() {
    let sandbox = wx_tests::sandbox().await;
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Stable)
        .base_url(sandbox.url())
        .build()
        .expect("client");
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("ok");
    let fetch = &sandbox.requests_to("/cgi-bin/stable_token")[0];
    assert_eq!(fetch.method, "POST");
    assert!(fetch.query.is_empty(), "no credentials in the URL");
    let body: serde_json::Value = serde_json::from_slice(&fetch.body).expect("json");
    assert_eq!(
        body,
        serde_json::json!({"grant_type":"client_credential","appid":APP_ID,"secret":APP_SECRET})
    );
}

#[tokio::test]
async fn apps_sharing_a_client_keep_separate_tokens() {
    let sandbox = wx_tests::sandbox().await;
    let first = client(&sandbox);
    let second: Client<OfficialAccount> =
        first.with_app(AppCredentials::new("wx-second-app", APP_SECRET), Classic);
    first
        .send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("first");
    second
        .send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("second");
    first
        .send(qrcode::create::Request::permanent_id(2))
        .await
        .expect("first again");
    assert_eq!(wx_tests::fetches(&sandbox), 2);
    let creates = sandbox.requests_to("/cgi-bin/qrcode/create");
    assert_eq!(creates[1].query["access_token"], "tok-wx-second-app-2");
    assert_eq!(creates[2].query["access_token"], "tok-wx-test-app-1");
}

#[tokio::test]
async fn qr_image_is_fetched_as_bytes_and_bad_tickets_are_typed_errors() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let qr = wx
        .send(qrcode::create::Request::temporary_str("spring-promo", 3600))
        .await
        .expect("create");
    let image = wx
        .send(qrcode::show::Request::new(qr.ticket.clone()))
        .await
        .expect("image");
    // The bytes arrive intact: the same as a plain HTTP GET of the image (a JPEG).
    let raw = reqwest::Client::new()
        .get(format!("{}/cgi-bin/showqrcode", sandbox.url()))
        .query(&[("ticket", &qr.ticket)])
        .send()
        .await
        .expect("plain GET")
        .bytes()
        .await
        .expect("image bytes");
    assert!(raw.starts_with(&[0xFF, 0xD8]) && raw.ends_with(&[0xFF, 0xD9]));
    assert_eq!(image.bytes.as_ref(), raw.as_ref());
    assert_eq!(image.content_type.as_deref(), Some("image/jpg"));
    let sent = sandbox.requests_to("/cgi-bin/showqrcode");
    assert_eq!(
        sent[0].query["ticket"], qr.ticket,
        "ticket with + / = arrives intact"
    );
    assert!(
        !sent[0].query.contains_key("access_token"),
        "no token on the image exchange"
    );

    match wx.send(qrcode::show::Request::new("no-such-ticket")).await {
        Err(Error::Http { status: 404, .. }) => {}
        other => panic!("expected HTTP 404, got {other:?}"),
    }

    sandbox.canned(
        "/cgi-bin/showqrcode",
        CannedReply::json(r#"{"errcode":40007,"errmsg":"invalid media_id"}"#),
    );
    let err = wx
        .send(qrcode::show::Request::new(qr.ticket))
        .await
        .expect_err("json error");
    assert_eq!(err.code().map(|c| c.code()), Some(40007));
}

#[tokio::test]
async fn malformed_json_reply_is_a_decode_error() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    for body in [
        "<html>502 Bad Gateway</html>",
        r#"{"ticket": 5, "url": "x"}"#,
        r#"{"ticket":"t","url":"#,
    ] {
        sandbox.canned("/cgi-bin/qrcode/create", CannedReply::json(body));
        match wx.send(qrcode::create::Request::permanent_id(1)).await {
            Err(Error::Decode { endpoint, detail }) => {
                assert_eq!(endpoint, "oa::qrcode::create");
                assert!(!detail.is_empty());
            }
            other => panic!("{body}: expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn invalid_requests_are_rejected_before_anything_is_sent() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let too_long = "x".repeat(65);
    let cases = [
        (
            qrcode::create::Request::permanent_str(too_long.as_str()),
            "action_info.scene.scene_str",
        ),
        (
            qrcode::create::Request::permanent_str(""),
            "action_info.scene.scene_str",
        ),
        (
            qrcode::create::Request::permanent_id(100_001),
            "action_info.scene.scene_id",
        ),
        (
            qrcode::create::Request::permanent_id(0),
            "action_info.scene.scene_id",
        ),
        (
            qrcode::create::Request::temporary_id(0, 60),
            "action_info.scene.scene_id",
        ),
        (
            qrcode::create::Request::temporary_id(5, 2_592_001),
            "expire_seconds",
        ),
        (
            qrcode::create::Request::new(
                QrActionName::TemporaryStr,
                wx_api::oa::qrcode::ActionInfo::id(5),
            ),
            "action_info.scene.scene_id",
        ),
    ];
    for (request, field) in cases {
        match wx.send(request).await {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, "oa::qrcode::create");
                assert_eq!(v.field, field);
            }
            other => panic!("expected a validation error on {field}, got {other:?}"),
        }
    }
    // The limits themselves are accepted.
    let boundary = "字".repeat(64);
    assert!(wx
        .send(qrcode::create::Request::permanent_str(boundary))
        .await
        .is_ok());
    assert!(wx
        .send(qrcode::create::Request::temporary_id(u32::MAX, 2_592_000))
        .await
        .is_ok());
    assert_eq!(sandbox.requests_to("/cgi-bin/qrcode/create").len(), 2);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_error_text() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let token = wx.access_token().await.expect("token");
    let debug = format!(
        "{wx:?} {token:?} {:?}",
        AppCredentials::new(APP_ID, APP_SECRET)
    );
    assert!(!debug.contains(APP_SECRET), "{debug}");
    assert!(!debug.contains(token.expose()), "{debug}");

    // A transport failure names the endpoint but not the URL (which carries the token).
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let dead = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let broken = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(dead)
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client");
    let err = broken
        .send(qrcode::create::Request::permanent_id(1))
        .await
        .expect_err("no server");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(APP_SECRET), "{text}");
    assert!(
        matches!(&err, Error::Token { source, .. } if matches!(**source, Error::Transport { .. })),
        "{text}"
    );

    // A token reply that fails to decode on the token itself does not quote it. (Fields
    // swapped: the token is the value serde complains about, and serde quotes such values.)
    let body = r#"{"expires_in":"LEAKY-TOKEN","access_token":7200}"#;
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Plain {
        expires_in: u64,
        access_token: String,
    }
    let plain = serde_json::from_str::<Plain>(body).expect_err("malformed");
    assert!(
        plain.to_string().contains("LEAKY-TOKEN"),
        "serde's own message quotes the token, so this test can fail: {plain}"
    );
    sandbox.canned("/cgi-bin/token", CannedReply::json(body));
    let fresh = client(&sandbox);
    let err = fresh
        .send(qrcode::create::Request::permanent_id(1))
        .await
        .expect_err("bad token reply");
    assert!(
        matches!(&err, Error::Token { source, .. } if matches!(**source, Error::Decode { .. })),
        "{err:?}"
    );
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("LEAKY-TOKEN"), "{text}");
    }
}

#[test]
fn client_is_cheap_to_clone_and_shareable() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<Client<OfficialAccount>>();
    assert_send_sync::<Client<wx_api::MiniProgram>>();
    let _ = Arc::new(0);
}

#[tokio::test]
async fn expires_in_zero_is_a_typed_error_not_a_fetch_per_call() {
    let sandbox = wx_tests::sandbox().await;
    // The sandbox announces at least 1 s: WeChat's odd reply is canned, once.
    sandbox.canned(
        "/cgi-bin/token",
        CannedReply::json(r#"{"access_token":"tok-zero","expires_in":0}"#),
    );
    let wx = client(&sandbox);
    for _ in 0..5 {
        let err = wx
            .send(qrcode::create::Request::permanent_id(1))
            .await
            .expect_err("a token that is expired on arrival");
        match &err {
            Error::Token { source, .. } => match &**source {
                Error::Decode { detail, .. } => assert!(detail.contains("expires_in"), "{detail}"),
                other => panic!("expected a decode error, got {other:?}"),
            },
            other => panic!("expected a token error, got {other:?}"),
        }
    }
    assert_eq!(
        sandbox.requests_to("/cgi-bin/token").len(),
        1,
        "backed off, not fetched per call"
    );
    assert!(sandbox.requests_to("/cgi-bin/qrcode/create").is_empty());
}

#[tokio::test]
async fn a_failing_token_endpoint_is_backed_off_doubling_then_recovers() {
    let sandbox = wx_tests::sandbox().await;
    let clock = TestClock::new();
    let wx = clocked_client(&sandbox, &clock);
    let quota = r#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#;
    for _ in 0..2 {
        sandbox.canned("/cgi-bin/token", CannedReply::json(quota));
    }
    let fetches = || sandbox.requests_to("/cgi-bin/token").len();
    let code_of = |r: Result<qrcode::create::Response, Error>| match r {
        Err(e @ Error::Token { .. }) => e.code().map(|c| c.code()),
        other => panic!("expected a token error, got {other:?}"),
    };
    for i in 0..10 {
        let r = wx.send(qrcode::create::Request::permanent_id(i + 1)).await;
        assert_eq!(code_of(r), Some(45009));
    }
    assert_eq!(fetches(), 1, "ten calls within the 1 s backoff: one fetch");

    clock.advance(Duration::from_millis(1001));
    let r = wx.send(qrcode::create::Request::permanent_id(1)).await;
    assert_eq!(code_of(r), Some(45009));
    assert_eq!(fetches(), 2, "after the backoff: one more try");

    clock.advance(Duration::from_millis(1500));
    let r = wx.send(qrcode::create::Request::permanent_id(1)).await;
    assert_eq!(code_of(r), Some(45009));
    assert_eq!(
        fetches(),
        2,
        "the second failure doubled the backoff to 2 s"
    );

    clock.advance(Duration::from_millis(600));
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("the endpoint works again");
    assert_eq!(fetches(), 3);
}

#[tokio::test]
async fn a_usable_token_is_served_while_its_refresh_is_backed_off() {
    let sandbox = wx_tests::sandbox().await;
    let clock = TestClock::new();
    let wx = clocked_client(&sandbox, &clock);
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("warm");
    sandbox.canned(
        "/cgi-bin/token",
        CannedReply::json(r#"{"errcode":-1,"errmsg":"system error"}"#),
    );
    let fetches = || sandbox.requests_to("/cgi-bin/token").len();
    clock.advance(Duration::from_secs(6900)); // due for refresh, still usable
    wx.send(qrcode::create::Request::permanent_id(2))
        .await
        .expect("served while the background refresh fails");
    eventually("the failed background refresh", || fetches() == 2).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    for i in 0..5 {
        wx.send(qrcode::create::Request::permanent_id(i + 3))
            .await
            .expect("still served");
    }
    assert_eq!(fetches(), 2, "no new refresh during the backoff");
    let creates = sandbox.requests_to("/cgi-bin/qrcode/create");
    assert!(creates
        .iter()
        .all(|r| r.query["access_token"] == "tok-wx-test-app-1"));
    clock.advance(Duration::from_millis(1001));
    wx.send(qrcode::create::Request::permanent_id(9))
        .await
        .expect("after the backoff");
    // Warm-up, the failed refresh, and this one.
    eventually("the next background refresh", || fetches() == 3).await;
}

// ---- token manager edge cases --------------------------------------------------------

/// A token source counting its fetches; `answer(n)` gives the n-th (from 1) result.
fn counting_source<F>(answer: F) -> (Arc<AtomicUsize>, impl wx_api::token::TokenSource)
where
    F: Fn(usize) -> Result<FreshToken, Error> + Send + Sync + 'static,
{
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    let answer = Arc::new(answer);
    let source = source_fn(move |_| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        let answer = Arc::clone(&answer);
        async move { answer(n) }
    });
    (count, source)
}

fn same_token(token: &str) -> Result<FreshToken, Error> {
    Ok(FreshToken::new(token, Duration::from_secs(7200)))
}

#[tokio::test]
async fn a_panicking_token_source_does_not_wedge_later_calls() {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    let source = source_fn(move |_| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            if n == 0 {
                panic!("token source bug (expected by this test)");
            }
            same_token("after-the-panic")
        }
    });
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), source)
        .build()
        .expect("client");
    let first = wx.access_token().await;
    assert!(
        matches!(&first, Err(Error::Store(m)) if m.contains("without a result")),
        "{first:?}"
    );
    let later = wx.access_token().await.expect("the source works now");
    assert_eq!(later.expose(), "after-the-panic");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

/// Memory store whose `invalidate` never drops anything: as if another writer put the
/// rejected token straight back.
#[derive(Default)]
struct StickyStore(MemoryStore);

impl TokenStore for StickyStore {
    fn get<'a>(
        &'a self,
        key: &'a CredentialKey,
    ) -> BoxFuture<'a, Result<Option<CachedToken>, Error>> {
        self.0.get(key)
    }
    fn refresh<'a>(
        &'a self,
        key: &'a CredentialKey,
        stale: Option<&'a CachedToken>,
        fetch: Fetch<'a>,
    ) -> BoxFuture<'a, Result<CachedToken, Error>> {
        self.0.refresh(key, stale, fetch)
    }
    fn invalidate<'a>(
        &'a self,
        _key: &'a CredentialKey,
        _token: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async { Ok(false) })
    }
}

#[tokio::test]
async fn replace_never_resends_with_the_rejected_token_when_it_stays_cached() {
    let sandbox = wx_tests::sandbox().await;
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .token_store(Arc::new(StickyStore::default()))
        .build()
        .expect("client");
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("warm");
    sandbox.revoke_token("tok-wx-test-app-1");
    wx.send(qrcode::create::Request::permanent_id(2))
        .await
        .expect("refreshed past the rejected token");
    let creates = sandbox.requests_to("/cgi-bin/qrcode/create");
    assert_eq!(creates.len(), 3);
    assert_eq!(creates[1].query["access_token"], "tok-wx-test-app-1");
    assert_eq!(creates[2].query["access_token"], "tok-wx-test-app-2");
    assert_eq!(wx_tests::fetches(&sandbox), 2);
}

#[tokio::test]
async fn a_source_that_reissues_the_rejected_token_gets_the_rejection_without_a_resend() {
    let sandbox = wx_tests::sandbox().await;
    // The sandbox never issued this token, so it always answers 40001.
    let (count, source) = counting_source(|_| same_token("always-rejected"));
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), source)
        .base_url(sandbox.url())
        .build()
        .expect("client");
    let err = wx
        .send(qrcode::create::Request::permanent_id(1))
        .await
        .expect_err("rejected");
    assert_eq!(err.code(), Some(ErrCode::from_code(40001)), "{err:?}");
    assert_eq!(
        sandbox.requests_to("/cgi-bin/qrcode/create").len(),
        1,
        "not resent with the token that was just rejected"
    );
    assert_eq!(
        count.load(Ordering::SeqCst),
        2,
        "first fetch and one refresh"
    );
}

#[tokio::test]
async fn memory_store_invalidation_is_compare_and_delete() {
    let store = MemoryStore::new();
    let cached = TokenPolicy::default().cache(
        FreshToken::new("token-Y", Duration::from_secs(7200)),
        wx_api::token::now_ms(),
    );
    let put = cached.clone();
    store
        .refresh(
            &CredentialKey::access_token(APP_ID),
            None,
            Box::pin(async move { Ok(put) }),
        )
        .await
        .expect("store Y");
    assert!(!store
        .invalidate(
            &CredentialKey::access_token(APP_ID),
            &AccessToken::new("token-X")
        )
        .await
        .expect("cad"));
    assert_eq!(
        store
            .get(&CredentialKey::access_token(APP_ID))
            .await
            .expect("get"),
        Some(cached)
    );
    assert!(!store
        .invalidate(
            &CredentialKey::access_token("another-app"),
            &AccessToken::new("token-Y")
        )
        .await
        .expect("cad"));
    assert!(store
        .invalidate(
            &CredentialKey::access_token(APP_ID),
            &AccessToken::new("token-Y")
        )
        .await
        .expect("cad"));
    assert_eq!(
        store
            .get(&CredentialKey::access_token(APP_ID))
            .await
            .expect("get"),
        None
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_calls_on_a_revoked_token_cause_one_refresh() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("warm");
    sandbox.revoke_token("tok-wx-test-app-1");
    let barrier = Arc::new(Barrier::new(20));
    let calls = (0..20u32).map(|i| {
        let wx = wx.clone();
        let barrier = Arc::clone(&barrier);
        tokio::spawn(async move {
            barrier.wait().await;
            wx.send(qrcode::create::Request::permanent_id(i + 1)).await
        })
    });
    let results = futures_join(calls.collect()).await;
    for r in &results {
        assert!(r.is_ok(), "{r:?}");
    }
    assert_eq!(
        wx_tests::fetches(&sandbox),
        2,
        "the warm-up fetch and one refresh"
    );
}

/// Memory store whose next `get`, once armed, reads its value and then holds it until
/// released: a caller that looked just before a refresh stored, and acts just after.
#[derive(Default)]
struct GatedStore {
    inner: MemoryStore,
    #[allow(clippy::type_complexity)]
    gate: Mutex<Option<(oneshot::Sender<()>, oneshot::Receiver<()>)>>,
}

impl GatedStore {
    /// Arms the gate: returns (reached, release).
    fn arm(&self) -> (oneshot::Receiver<()>, oneshot::Sender<()>) {
        let (reached_tx, reached_rx) = oneshot::channel();
        let (release_tx, release_rx) = oneshot::channel();
        *self.gate.lock().expect("gate") = Some((reached_tx, release_rx));
        (reached_rx, release_tx)
    }
}

impl TokenStore for GatedStore {
    fn get<'a>(
        &'a self,
        key: &'a CredentialKey,
    ) -> BoxFuture<'a, Result<Option<CachedToken>, Error>> {
        Box::pin(async move {
            let snapshot = self.inner.get(key).await;
            let gate = self.gate.lock().expect("gate").take();
            if let Some((reached, release)) = gate {
                let _ = reached.send(());
                let _ = release.await;
            }
            snapshot
        })
    }
    fn refresh<'a>(
        &'a self,
        key: &'a CredentialKey,
        stale: Option<&'a CachedToken>,
        fetch: Fetch<'a>,
    ) -> BoxFuture<'a, Result<CachedToken, Error>> {
        self.inner.refresh(key, stale, fetch)
    }
    fn invalidate<'a>(
        &'a self,
        key: &'a CredentialKey,
        token: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        self.inner.invalidate(key, token)
    }
}

#[tokio::test]
async fn a_stable_token_refreshed_ahead_is_fetched_once_per_cycle() {
    // /cgi-bin/stable_token in normal mode: the same string on every fetch.
    let (count, source) = counting_source(|_| same_token("STABLE"));
    let fetches = || count.load(Ordering::SeqCst);
    let store = Arc::new(GatedStore::default());
    let clock = TestClock::new();
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), source)
        .token_store(store.clone())
        .clock(clock.clone())
        .build()
        .expect("client");
    wx.access_token().await.expect("cold");
    assert_eq!(fetches(), 1);

    clock.advance(Duration::from_secs(6900)); // due for refresh
                                              // A caller reads the due entry, then stalls until the refresh below has landed.
    let (reached, release) = store.arm();
    let late = tokio::spawn({
        let wx = wx.clone();
        async move { wx.access_token().await }
    });
    reached.await.expect("the late caller read the store");
    wx.access_token().await.expect("served while refreshing");
    eventually("the refresh", || fetches() == 2).await;
    tokio::time::sleep(Duration::from_millis(50)).await; // let that refresh land
    release.send(()).expect("release");
    // The late caller starts its own refresh of the entry it read; that refresh must see
    // the entry stored meanwhile (same string, newer fetch) and not fetch again.
    late.await.expect("task").expect("late caller served");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(fetches(), 2, "one fetch for this refresh cycle");

    // Next cycle, many callers at once: again one fetch.
    clock.advance(Duration::from_secs(6900));
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let wx = wx.clone();
            tokio::spawn(async move { wx.access_token().await })
        })
        .collect();
    for c in calls {
        c.await.expect("task").expect("token");
    }
    eventually("the second cycle's refresh", || fetches() == 3).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(fetches(), 3);
}

/// A store that reads fine but whose refreshes fail, like Redis dropping mid-refresh.
struct BrokenRefreshStore(AtomicUsize);

impl TokenStore for BrokenRefreshStore {
    fn get<'a>(
        &'a self,
        _key: &'a CredentialKey,
    ) -> BoxFuture<'a, Result<Option<CachedToken>, Error>> {
        Box::pin(async { Ok(None) })
    }
    fn refresh<'a>(
        &'a self,
        _key: &'a CredentialKey,
        _stale: Option<&'a CachedToken>,
        _fetch: Fetch<'a>,
    ) -> BoxFuture<'a, Result<CachedToken, Error>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Err(Error::Store("redis SET lock: connection refused".into())) })
    }
    fn invalidate<'a>(
        &'a self,
        _key: &'a CredentialKey,
        _token: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async { Ok(false) })
    }
}

#[tokio::test]
async fn store_failures_during_a_refresh_are_store_errors_and_not_backed_off() {
    let store = Arc::new(BrokenRefreshStore(AtomicUsize::new(0)));
    let (fetches, source) = counting_source(|_| same_token("never-fetched"));
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), source)
        .token_store(store.clone())
        .build()
        .expect("client");
    for _ in 0..3 {
        let err = wx.access_token().await.expect_err("the store is broken");
        assert!(
            matches!(&err, Error::Store(m) if m.contains("connection refused")),
            "the same kind as a failed read, not Error::Token: {err:?}"
        );
    }
    assert_eq!(
        store.0.load(Ordering::SeqCst),
        3,
        "each call tried again: the store may be back at once"
    );
    assert_eq!(fetches.load(Ordering::SeqCst), 0);
}
