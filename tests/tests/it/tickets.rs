//! JS-SDK tickets as cached credentials (`oa::ticket::{jsapi, wx_card}`, `Client::credential`):
//! one fetch for a hundred callers on a cold cache; refreshed ahead of expiry; the two kinds
//! cached apart; a fetch meeting a revoked access token refreshes the token once and
//! succeeds; garbage and `expires_in` 0 are typed errors naming the kind; the page config
//! signs with the sandbox's current ticket; through Redis the access token keeps its key
//! (a rolling deploy shares it with old processes) and tickets get their own; and a fleet of
//! OS processes fetches exactly one ticket per expiry.

use crate::redis_tokens::{raw_get, raw_redis, store_config, unix_ms, worker_result};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wx_api::oa::jssdk::{self, PageConfig};
use wx_api::oa::{qrcode, ticket};
use wx_api::token::redis::RedisStore;
use wx_api::token::{CachedToken, Classic, CredentialKind, FreshToken, TokenPolicy};
use wx_api::{AppCredentials, Client, Error, OfficialAccount, Ticket};
use wx_tests::oa_client as client;
use wx_tests::{redis_env, unique_prefix, CannedReply, Sandbox, TestClock, APP_ID, APP_SECRET};

const GETTICKET: &str = "/cgi-bin/ticket/getticket";

async fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Runs `n` concurrent `ticket::jsapi` calls and returns their results in order.
async fn concurrent_jsapi(wx: &Client<OfficialAccount>, n: usize) -> Vec<Result<Ticket, Error>> {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let wx = wx.clone();
            tokio::spawn(async move { ticket::jsapi(&wx).await })
        })
        .collect();
    let mut results = Vec::with_capacity(n);
    for call in calls {
        results.push(call.await.expect("task"));
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_callers_on_a_cold_cache_fetch_one_ticket() {
    let sandbox = wx_tests::sandbox().await;
    sandbox.set_ticket_delay(Duration::from_millis(200));
    let wx = client(&sandbox);
    let results = concurrent_jsapi(&wx, 100).await;
    let current = sandbox
        .valid_ticket(APP_ID, "jsapi")
        .expect("a ticket was issued");
    for r in &results {
        let got = r.as_ref().expect("every caller gets the ticket");
        assert_eq!(got.expose(), current);
    }
    println!(
        "100 callers, cold cache: ticket fetches {}, token fetches {}",
        sandbox.ticket_fetches(APP_ID, "jsapi"),
        wx_tests::fetches(&sandbox)
    );
    assert_eq!(sandbox.ticket_fetches(APP_ID, "jsapi"), 1);
    assert_eq!(sandbox.requests_to(GETTICKET).len(), 1);
    assert_eq!(wx_tests::fetches(&sandbox), 1, "and one access token");
    // Cached from now on.
    ticket::jsapi(&wx).await.expect("cached");
    assert_eq!(sandbox.requests_to(GETTICKET).len(), 1);
}

#[tokio::test]
async fn jsapi_and_card_tickets_are_cached_apart_and_share_one_access_token() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let (js, card) = tokio::join!(ticket::jsapi(&wx), ticket::wx_card(&wx));
    let (js, card) = (js.expect("jsapi"), card.expect("wx_card"));
    assert_ne!(js, card);
    assert_eq!(
        Some(js.expose().to_owned()),
        sandbox.valid_ticket(APP_ID, "jsapi")
    );
    assert_eq!(
        Some(card.expose().to_owned()),
        sandbox.valid_ticket(APP_ID, "wx_card")
    );
    for _ in 0..3 {
        assert_eq!(ticket::jsapi(&wx).await.expect("jsapi"), js);
        assert_eq!(ticket::wx_card(&wx).await.expect("wx_card"), card);
    }
    assert_eq!(sandbox.ticket_fetches(APP_ID, "jsapi"), 1);
    assert_eq!(sandbox.ticket_fetches(APP_ID, "wx_card"), 1);
    assert_eq!(wx_tests::fetches(&sandbox), 1);
    // The query WeChat documents: the token and the type.
    let sent = sandbox.requests_to(GETTICKET);
    let mut types: Vec<_> = sent
        .iter()
        .map(|r| {
            assert!(r.query.contains_key("access_token"));
            r.query.get("type").cloned().unwrap_or_default()
        })
        .collect();
    types.sort();
    assert_eq!(types, ["jsapi", "wx_card"]);
    // Another app of the same client runtime has tickets of its own.
    let other = wx.with_app::<OfficialAccount>(
        AppCredentials::new(wx_tests::SECOND_APP_ID, APP_SECRET),
        Classic,
    );
    let theirs = ticket::jsapi(&other).await.expect("second app");
    assert_ne!(theirs, js);
    assert_eq!(sandbox.ticket_fetches(wx_tests::SECOND_APP_ID, "jsapi"), 1);
}

#[tokio::test]
async fn a_ticket_due_for_refresh_is_served_while_one_background_fetch_replaces_it() {
    let sandbox = wx_tests::sandbox().await;
    let clock = TestClock::new();
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .clock(clock.clone())
        .build()
        .expect("client");
    let first = ticket::jsapi(&wx).await.expect("cold");
    // 7200 s lifetime, 60 s margin, refreshed 300 s before that: due at 6840 s.
    clock.advance(Duration::from_secs(6800));
    assert_eq!(ticket::jsapi(&wx).await.expect("fresh"), first);
    assert_eq!(sandbox.ticket_fetches(APP_ID, "jsapi"), 1);
    clock.advance(Duration::from_secs(100)); // 6900 s: due, still usable
    let calls = concurrent_jsapi(&wx, 20).await;
    for c in calls {
        assert_eq!(
            c.expect("served"),
            first,
            "the due ticket is served meanwhile"
        );
    }
    eventually("the background fetch", || {
        sandbox.ticket_fetches(APP_ID, "jsapi") == 2
    })
    .await;
    let mut second = ticket::jsapi(&wx).await.expect("after the refresh");
    for _ in 0..100 {
        if second != first {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        second = ticket::jsapi(&wx).await.expect("after the refresh");
    }
    assert_ne!(second, first, "the refreshed ticket replaces the old one");
    assert_eq!(
        Some(second.expose().to_owned()),
        sandbox.valid_ticket(APP_ID, "jsapi")
    );
    assert_eq!(
        sandbox.ticket_fetches(APP_ID, "jsapi"),
        2,
        "one background fetch"
    );
    // Past the usable lifetime without a refresh: the caller waits for a fetch.
    clock.advance(Duration::from_secs(7200));
    let third = ticket::jsapi(&wx).await.expect("expired: fetched");
    assert_ne!(third, second);
    assert_eq!(sandbox.ticket_fetches(APP_ID, "jsapi"), 3);
}

#[tokio::test]
async fn a_ticket_fetch_meeting_a_revoked_access_token_refreshes_the_token_once() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    wx.access_token().await.expect("warm token");
    assert_eq!(wx_tests::fetches(&sandbox), 1);
    sandbox.revoke_token("tok-wx-test-app-1");
    let js = ticket::jsapi(&wx)
        .await
        .expect("the ticket after a token refresh");
    assert_eq!(
        Some(js.expose().to_owned()),
        sandbox.valid_ticket(APP_ID, "jsapi")
    );
    assert_eq!(wx_tests::fetches(&sandbox), 2, "exactly one token refresh");
    let sent = sandbox.requests_to(GETTICKET);
    assert_eq!(sent.len(), 2, "the rejected fetch and its one resend");
    assert_eq!(sent[0].query["access_token"], "tok-wx-test-app-1");
    assert_eq!(sent[1].query["access_token"], "tok-wx-test-app-2");
    assert_eq!(sandbox.ticket_fetches(APP_ID, "jsapi"), 1);
}

/// A fresh client (fresh backoff) whose first ticket fetch meets `reply`.
async fn jsapi_error_after(reply: CannedReply) -> (Error, Sandbox) {
    let sandbox = wx_tests::sandbox().await;
    sandbox.canned(GETTICKET, reply);
    let err = ticket::jsapi(&client(&sandbox))
        .await
        .expect_err("the fetch fails");
    (err, sandbox)
}

fn assert_ticket_error(err: &Error) -> &Error {
    match err {
        Error::Token {
            app_id,
            kind,
            source,
        } => {
            assert_eq!(app_id, APP_ID);
            assert_eq!(kind, &CredentialKind::JSAPI_TICKET);
            let text = err.to_string();
            assert!(text.contains("jsapi ticket"), "{text}");
            assert!(!err.may_have_reached_wechat());
            source
        }
        other => panic!("expected Error::Token for the jsapi ticket, got {other:?}"),
    }
}

#[tokio::test]
async fn garbage_expires_in_zero_and_errcodes_are_typed_errors_naming_the_ticket() {
    let (err, sandbox) = jsapi_error_after(CannedReply::new(
        200,
        "text/html",
        "<html>gateway says hello</html>",
    ))
    .await;
    match assert_ticket_error(&err) {
        Error::Decode { endpoint, .. } => assert_eq!(*endpoint, "oa::ticket::get"),
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.endpoint(), Some("oa::ticket::get"));
    assert_eq!(
        sandbox.ticket_fetches(APP_ID, "jsapi"),
        0,
        "the canned reply answered"
    );

    let (err, _) = jsapi_error_after(CannedReply::json(
        r#"{"errcode":0,"errmsg":"ok","ticket":"T-123456","expires_in":0}"#,
    ))
    .await;
    match assert_ticket_error(&err) {
        Error::Decode { endpoint, detail } => {
            assert_eq!(*endpoint, "oa::ticket::get");
            assert!(detail.contains("expires_in"), "{detail}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }

    let (err, _) = jsapi_error_after(CannedReply::json(
        r#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#,
    ))
    .await;
    assert!(matches!(assert_ticket_error(&err), Error::Api { .. }));
    assert_eq!(err.code().map(|c| c.code()), Some(45009));
    assert_eq!(err.endpoint(), Some("oa::ticket::get"));

    // A ticket without a ticket.
    let (err, _) = jsapi_error_after(CannedReply::json(
        r#"{"errcode":0,"errmsg":"ok","expires_in":7200}"#,
    ))
    .await;
    assert!(matches!(assert_ticket_error(&err), Error::Decode { .. }));
}

#[tokio::test]
async fn a_ticket_fetch_without_an_access_token_names_both_credentials() {
    let sandbox = wx_tests::sandbox().await;
    let wx = Client::official_account(AppCredentials::new(APP_ID, "wrong-secret"), Classic)
        .base_url(sandbox.url())
        .build()
        .expect("client");
    let err = ticket::jsapi(&wx).await.expect_err("no token, no ticket");
    match assert_ticket_error(&err) {
        Error::Token { kind, source, .. } => {
            assert_eq!(kind, &CredentialKind::ACCESS_TOKEN);
            assert_eq!(source.code().map(|c| c.code()), Some(40001));
            assert_eq!(source.endpoint(), Some("token::get"));
        }
        other => panic!("expected the access token's error as the source, got {other:?}"),
    }
    assert_eq!(err.code().map(|c| c.code()), Some(40001));
    assert!(sandbox.requests_to(GETTICKET).is_empty());
}

#[tokio::test]
async fn a_failed_ticket_fetch_is_backed_off_per_kind() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    sandbox.canned(
        GETTICKET,
        CannedReply::json(r#"{"errcode":-1,"errmsg":"system error"}"#),
    );
    let first = ticket::jsapi(&wx).await.expect_err("busy");
    let again = ticket::jsapi(&wx).await.expect_err("backed off");
    assert_eq!(again.code().map(|c| c.code()), Some(-1));
    assert_eq!(
        sandbox.requests_to(GETTICKET).len(),
        1,
        "no fetch during the backoff"
    );
    assert_eq!(first.to_string(), again.to_string());
    // The card ticket and the access token are other keys: not backed off.
    ticket::wx_card(&wx).await.expect("wx_card");
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("the API works");
}

#[tokio::test]
async fn the_sandbox_refuses_a_bad_type_and_a_bad_token() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let token = wx.access_token().await.expect("token");
    let http = reqwest::Client::new();
    let get = |query: String| {
        let http = http.clone();
        let url = format!("{}{GETTICKET}?{query}", sandbox.url());
        async move {
            let body: serde_json::Value = http
                .get(url)
                .send()
                .await
                .expect("send")
                .json()
                .await
                .expect("json");
            body["errcode"].as_i64()
        }
    };
    let t = token.expose();
    assert_eq!(
        get(format!("access_token={t}&type=bogus")).await,
        Some(40097)
    );
    assert_eq!(get(format!("access_token={t}")).await, Some(40097));
    assert_eq!(get("type=jsapi".into()).await, Some(41001));
    assert_eq!(
        get("access_token=nope&type=jsapi".into()).await,
        Some(40001)
    );
    assert_eq!(get(format!("access_token={t}&type=jsapi")).await, Some(0));
    assert_eq!(
        sandbox.ticket_fetches(APP_ID, "jsapi"),
        1,
        "refusals are not counted"
    );
}

#[tokio::test]
async fn a_new_fetch_rotates_the_ticket_and_the_old_one_lasts_the_overlap() {
    let sandbox = wx_tests::sandbox_with(|b| b.token_overlap(Duration::from_millis(300))).await;
    let wx = client(&sandbox);
    let old = ticket::jsapi(&wx).await.expect("first");
    wx.invalidate_credential(CredentialKind::JSAPI_TICKET, old.expose())
        .await
        .expect("dropped");
    let new = ticket::jsapi(&wx).await.expect("second");
    assert_ne!(old, new);
    assert!(sandbox.is_valid_ticket(APP_ID, "jsapi", new.expose()));
    assert!(
        sandbox.is_valid_ticket(APP_ID, "jsapi", old.expose()),
        "within the overlap"
    );
    assert!(!sandbox.is_valid_ticket(APP_ID, "wx_card", new.expose()));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(!sandbox.is_valid_ticket(APP_ID, "jsapi", old.expose()));
    assert!(sandbox.is_valid_ticket(APP_ID, "jsapi", new.expose()));
}

#[tokio::test]
async fn a_short_ticket_ttl_expires_in_the_sandbox() {
    let sandbox = wx_tests::sandbox_with(|b| b.ticket_ttl(Duration::from_secs(1))).await;
    let wx = client(&sandbox);
    let js = ticket::jsapi(&wx).await.expect("ticket");
    assert!(sandbox.is_valid_ticket(APP_ID, "jsapi", js.expose()));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(!sandbox.is_valid_ticket(APP_ID, "jsapi", js.expose()));
    assert_eq!(sandbox.valid_ticket(APP_ID, "jsapi"), None);
    // The client stopped using it before WeChat's expiry and fetches a new one.
    let next = ticket::jsapi(&wx).await.expect("next");
    assert_ne!(next, js);
    // A lifetime set later applies to the tickets issued from then on.
    sandbox.set_ticket_ttl(Duration::from_secs(7200));
    wx.invalidate_credential(CredentialKind::JSAPI_TICKET, next.expose())
        .await
        .expect("dropped");
    let long = ticket::jsapi(&wx).await.expect("long-lived");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(sandbox.is_valid_ticket(APP_ID, "jsapi", long.expose()));
    assert_eq!(ticket::jsapi(&wx).await.expect("cached"), long);
}

#[tokio::test]
async fn a_page_config_is_signed_with_the_sandboxs_current_ticket() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let url = "https://example.com/page?from=singlemessage&isappinstalled=0#section";
    let config = PageConfig::for_url(&wx, url).await.expect("page config");
    let current = sandbox.valid_ticket(APP_ID, "jsapi").expect("ticket");
    assert_eq!(config.app_id, APP_ID);
    assert_eq!(
        config.url,
        "https://example.com/page?from=singlemessage&isappinstalled=0"
    );
    assert_eq!(config.nonce_str.len(), 16);
    let now = wx_api::token::now_ms() / 1000;
    assert!(config.timestamp <= now && config.timestamp + 5 >= now);
    assert_eq!(
        config.signature,
        jssdk::signature(&current, &config.nonce_str, config.timestamp, url)
    );
    // The ticket is cached: a second page costs no fetch; its nonce is fresh.
    let other = PageConfig::for_url(&wx, "https://example.com/other")
        .await
        .expect("second page");
    assert_ne!(other.nonce_str, config.nonce_str);
    assert_eq!(sandbox.ticket_fetches(APP_ID, "jsapi"), 1);
    // What the page gets carries no ticket.
    let json = serde_json::to_string(&config).expect("json");
    assert!(!json.contains(&current));
}

#[tokio::test]
async fn client_credential_takes_kinds_of_other_crates_and_refuses_the_access_token() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let kind = CredentialKind::new("component_access_token").expect("valid kind");
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let fetch = {
        let calls = Arc::clone(&calls);
        move || {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let fresh = FreshToken::new("custom-value", Duration::from_secs(7200));
            Box::pin(async move { Ok(fresh) }) as wx_api::BoxFuture<'static, _>
        }
    };
    let a: CachedToken = wx.credential(kind.clone(), fetch.clone()).await.expect("a");
    let b = wx.credential(kind.clone(), fetch.clone()).await.expect("b");
    assert!(a.same_fetch(&b));
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
    let err = wx
        .credential(CredentialKind::ACCESS_TOKEN, fetch)
        .await
        .expect_err("the access token has its own source");
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    for bad in ["", "Upper", "with-dash", "token", "a:b", "x y"] {
        assert!(CredentialKind::try_from(bad.to_owned()).is_err(), "{bad:?}");
    }
    assert!(CredentialKind::try_from("x".repeat(65)).is_err());
}

// ---- Redis -----------------------------------------------------------------------

async fn redis_client(
    sandbox: &Sandbox,
    redis_url: &str,
    prefix: &str,
    policy: TokenPolicy,
) -> Client<OfficialAccount> {
    Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .token_store(Arc::new(
            RedisStore::connect_with(redis_url, store_config(prefix))
                .await
                .expect("redis"),
        ))
        .token_policy(policy)
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn through_redis_two_processes_fetch_one_ticket_and_keys_keep_their_names() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let sandbox = wx_tests::sandbox().await;
    sandbox.set_ticket_delay(Duration::from_millis(200));
    let prefix = unique_prefix("tickets");
    let policy = TokenPolicy::default();
    let (a, b) = (
        redis_client(&sandbox, &redis_url, &prefix, policy).await,
        redis_client(&sandbox, &redis_url, &prefix, policy).await,
    );
    let (ra, rb) = tokio::join!(concurrent_jsapi(&a, 50), concurrent_jsapi(&b, 50));
    let current = sandbox.valid_ticket(APP_ID, "jsapi").expect("ticket");
    for r in ra.iter().chain(&rb) {
        assert_eq!(r.as_ref().expect("ticket").expose(), current);
    }
    assert_eq!(
        sandbox.ticket_fetches(APP_ID, "jsapi"),
        1,
        "one fetch, two processes"
    );
    assert_eq!(wx_tests::fetches(&sandbox), 1, "one access token");

    let mut raw = raw_redis(&redis_url).await;
    // The access token where every version keeps it; the ticket under its own kind.
    let token: CachedToken = serde_json::from_str(
        &raw_get(&mut raw, &format!("{prefix}:token:{APP_ID}"))
            .await
            .expect("access token key unchanged"),
    )
    .expect("CachedToken JSON");
    assert_eq!(token.token.expose(), "tok-wx-test-app-1");
    let cached: CachedToken = serde_json::from_str(
        &raw_get(&mut raw, &format!("{prefix}:jsapi_ticket:{APP_ID}"))
            .await
            .expect("ticket key"),
    )
    .expect("same JSON form");
    assert_eq!(cached.token.expose(), current);
    assert_eq!(
        raw_get(&mut raw, &format!("{prefix}:jsapi_ticket-lock:{APP_ID}")).await,
        None,
        "the ticket lock is released"
    );
    assert_eq!(
        raw_get(&mut raw, &format!("{prefix}:access_token:{APP_ID}")).await,
        None
    );
}

#[tokio::test]
async fn a_failing_ticket_endpoint_fails_both_processes_with_one_fetch() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let sandbox = wx_tests::sandbox().await;
    // (A canned reply is served at once, before the emulation and its delay.)
    sandbox.canned(
        GETTICKET,
        CannedReply::json(r#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#),
    );
    let prefix = unique_prefix("ticket-fail");
    let policy = TokenPolicy::default().with_failure_backoff(Duration::from_millis(100));
    let (a, b) = (
        redis_client(&sandbox, &redis_url, &prefix, policy).await,
        redis_client(&sandbox, &redis_url, &prefix, policy).await,
    );
    // Both processes share the access token first, so that only the ticket fails.
    a.access_token().await.expect("token");
    let (ea, eb) = tokio::join!(ticket::jsapi(&a), ticket::jsapi(&b));
    for err in [ea.expect_err("a fails"), eb.expect_err("b fails")] {
        assert!(
            matches!(assert_ticket_error(&err), Error::Api { .. }),
            "{err:?}"
        );
        assert_eq!(err.code().map(|c| c.code()), Some(45009));
        assert_eq!(err.endpoint(), Some("oa::ticket::get"));
    }
    assert_eq!(
        sandbox.requests_to(GETTICKET).len(),
        1,
        "one fetch for both"
    );
    let mut raw = raw_redis(&redis_url).await;
    assert_eq!(
        raw_get(&mut raw, &format!("{prefix}:jsapi_ticket-lock:{APP_ID}")).await,
        None,
        "the lock goes with the failure"
    );
}

#[tokio::test]
async fn an_access_token_cached_by_an_older_version_is_used_without_a_fetch() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let sandbox = wx_tests::sandbox().await;
    // An old process fetched a token and stored it under `{prefix}:token:{app}` in the JSON
    // form every version writes.
    let issued = client(&sandbox).access_token().await.expect("token");
    assert_eq!(wx_tests::fetches(&sandbox), 1);
    let prefix = unique_prefix("rolling");
    let now = wx_api::token::now_ms();
    let old_entry = serde_json::json!({
        "token": issued.expose(),
        "refresh_at_ms": now + 3_600_000,
        "expires_at_ms": now + 7_000_000,
        "fetch_id": "written-by-an-older-version",
    });
    let mut raw = raw_redis(&redis_url).await;
    let _: () = redis::cmd("SET")
        .arg(format!("{prefix}:token:{APP_ID}"))
        .arg(old_entry.to_string())
        .arg("PX")
        .arg(7_000_000)
        .query_async(&mut raw)
        .await
        .expect("SET");
    let new = redis_client(&sandbox, &redis_url, &prefix, TokenPolicy::default()).await;
    new.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("sent with the old process's token");
    ticket::jsapi(&new).await.expect("ticket");
    assert_eq!(
        wx_tests::fetches(&sandbox),
        1,
        "no token fetch by the new version"
    );
    let sent = sandbox.requests_to(GETTICKET);
    assert_eq!(sent[0].query["access_token"], issued.expose());
}

// ---- the fleet: this test binary re-executed as worker processes -------------------

const ROLE: &str = "WX_TICKET_FLEET_ROLE";
const FLEET_ROUNDS: u64 = 3;
/// Ticket lifetime in the sandbox: the client keeps it 2.7 s (10 % margin) and would refresh
/// it ahead from 2.1 s; rounds 3.5 s apart find it gone each time.
const FLEET_TICKET_TTL: Duration = Duration::from_secs(3);
const FLEET_ROUND_MS: u128 = 3500;

fn spawn_ticket_worker(
    redis_url: &str,
    sandbox_url: &str,
    prefix: &str,
    callers: usize,
    start_at_ms: u128,
) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "tickets::ticket_fleet_worker",
            "--exact",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(ROLE, "worker")
        .env("WX_FLEET_REDIS", redis_url)
        .env("WX_FLEET_SANDBOX", sandbox_url)
        .env("WX_FLEET_PREFIX", prefix)
        .env("WX_FLEET_CALLERS", callers.to_string())
        .env("WX_FLEET_START_MS", start_at_ms.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn worker")
}

/// Worker mode (does nothing in a normal test run): in each round, N concurrent callers
/// want the jsapi ticket through the shared Redis store; a round's callers must all get
/// the same ticket.
#[test]
fn ticket_fleet_worker() {
    if std::env::var(ROLE).as_deref() != Ok("worker") {
        return;
    }
    let env = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} not set"));
    let callers: usize = env("WX_FLEET_CALLERS").parse().expect("callers");
    let start_at: u128 = env("WX_FLEET_START_MS").parse().expect("start");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = RedisStore::connect_with(
            &env("WX_FLEET_REDIS"),
            store_config(&env("WX_FLEET_PREFIX")),
        )
        .await
        .expect("redis");
        let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
            .base_url(env("WX_FLEET_SANDBOX"))
            .token_store(Arc::new(store))
            .build()
            .expect("client");
        let (mut ok, mut err) = (0, 0);
        for round in 0..FLEET_ROUNDS {
            let at = start_at + u128::from(round) * FLEET_ROUND_MS;
            let wait = at.saturating_sub(unix_ms());
            tokio::time::sleep(Duration::from_millis(wait as u64)).await;
            let mut seen = std::collections::HashSet::new();
            for r in concurrent_jsapi(&wx, callers).await {
                match r {
                    Ok(t) => {
                        ok += 1;
                        seen.insert(t.expose().to_owned());
                    }
                    Err(e) => {
                        err += 1;
                        eprintln!("worker call failed: {e}");
                    }
                }
            }
            if seen.len() > 1 {
                eprintln!("round {round}: {} different tickets", seen.len());
                err += 1;
            }
        }
        println!("FLEET ok={ok} err={err}");
    });
}

#[test]
fn a_fleet_of_processes_fetches_exactly_one_ticket_per_expiry() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    const PROCESSES: usize = 6;
    const CALLERS: usize = 50;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime.block_on(wx_tests::sandbox_with(|b| b.ticket_ttl(FLEET_TICKET_TTL)));
    // Callers of a round pile up behind one fetch.
    sandbox.set_ticket_delay(Duration::from_millis(300));
    sandbox.set_token_delay(Duration::from_millis(300));
    let prefix = unique_prefix("ticket-fleet");
    let started = Instant::now();
    let start_at = unix_ms() + 4000;
    let workers: Vec<Child> = (0..PROCESSES)
        .map(|_| spawn_ticket_worker(&redis_url, &sandbox.url(), &prefix, CALLERS, start_at))
        .collect();
    let (ok, err) = workers
        .into_iter()
        .map(worker_result)
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let ticket_fetches = sandbox.ticket_fetches(APP_ID, "jsapi");
    let token_fetches = wx_tests::fetches(&sandbox);
    println!(
        "ticket fleet: {PROCESSES} processes x {CALLERS} callers x {FLEET_ROUNDS} expiries \
         (ticket TTL {FLEET_TICKET_TTL:?}): {ok} calls ok, {err} failed; \
         ticket fetches {ticket_fetches}, access token fetches {token_fetches}, \
         in {:?}",
        started.elapsed()
    );
    let calls = PROCESSES * CALLERS * FLEET_ROUNDS as usize;
    assert_eq!((ok, err), (calls, 0));
    assert_eq!(
        ticket_fetches, FLEET_ROUNDS as u32,
        "exactly one ticket fetch per expiry for the whole fleet"
    );
    assert_eq!(sandbox.requests_to(GETTICKET).len(), FLEET_ROUNDS as usize);
    assert_eq!(token_fetches, 1, "the access token fetched once");
    drop(runtime);
}
