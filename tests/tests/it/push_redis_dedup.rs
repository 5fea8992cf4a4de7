//! `RedisDedup` against a real redis-server (started by `cargo xtask test`, which sets
//! WX_REDIS_URL / WX_REDIS_SERVER): a fleet of 4 OS processes given the same push runs the
//! handler once; a handler error releases the push for another process; keys are prefixed,
//! bounded and expire; with Redis stopped, unreachable or frozen every delivery is handled
//! (at-least-once) within the operation timeout.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use wx_api::push::signature::signature;
use wx_api::push::{
    DedupStore, Incoming, PushConfig, PushEndpoint, PushError, PushServer, RedisDedup,
    RedisDedupConfig, Reply, Token,
};
use wx_tests::{redis_env, unique_prefix, OwnRedis};

const TOKEN: &str = "AAAAA";
const APPID: &str = "wxba5fad812f8e6fb9";

fn push(msg_id: &str) -> String {
    format!("<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ping]]></Content><MsgId>{msg_id}</MsgId></xml>")
}

fn post(body: &str) -> Request<Body> {
    let sig = signature(&Token::new(TOKEN), "1700000000", "n1");
    Request::post(format!(
        "/wechat?signature={sig}&timestamp=1700000000&nonce=n1"
    ))
    .body(Body::from(body.to_owned()))
    .unwrap()
}

fn config(prefix: &str) -> RedisDedupConfig {
    RedisDedupConfig::default()
        .with_prefix(prefix)
        .with_op_timeout(Duration::from_millis(500))
}

/// A plaintext endpoint (the tests are about the store) whose handler counts its calls.
fn app(store: Arc<dyn DedupStore>, calls: Arc<AtomicUsize>, fail: bool) -> Router {
    let server = PushServer::new(PushConfig::new(TOKEN, APPID).clock(|| 1_700_000_000));
    PushEndpoint::new(server, move |_i: Incoming| {
        let calls = calls.clone();
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            if fail {
                Err("downstream unavailable")
            } else {
                Ok(Reply::text("handled"))
            }
        }
    })
    .dedup(store)
    .error_hold(Duration::ZERO)
    .router_at("/wechat")
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn redis_conn(url: &str) -> redis::aio::MultiplexedConnection {
    redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

// ---- the fleet: this test binary re-executed as worker processes -------------------

const ROLE: &str = "WX_PUSH_FLEET_ROLE";

fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// Worker mode (does nothing in a normal run): the same push delivered 3 times at once,
/// as WeChat's retries would be, at a start time shared by the fleet.
#[test]
fn push_fleet_worker() {
    if std::env::var(ROLE).as_deref() != Ok("worker") {
        return;
    }
    let env = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} not set"));
    let start_at: u128 = env("WX_PUSH_FLEET_START_MS").parse().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = RedisDedup::connect(
            &env("WX_PUSH_FLEET_REDIS"),
            config(&env("WX_PUSH_FLEET_PREFIX")),
        )
        .await
        .unwrap();
        let calls = Arc::new(AtomicUsize::new(0));
        let app = app(Arc::new(store), calls.clone(), false);
        let wait = start_at.saturating_sub(unix_ms());
        tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        let deliveries: Vec<_> = (0..3)
            .map(|_| {
                let app = app.clone();
                tokio::spawn(async move { send(&app, post(&push("fleet-1"))).await })
            })
            .collect();
        let (mut replied, mut acked, mut other) = (0, 0, 0);
        for d in deliveries {
            match d.await.unwrap() {
                (StatusCode::OK, b) if b.contains("handled") => replied += 1,
                (StatusCode::OK, b) if b == "success" => acked += 1,
                _ => other += 1,
            }
        }
        println!(
            "PUSHFLEET handled={} replied={replied} acked={acked} other={other}",
            calls.load(Ordering::SeqCst)
        );
    });
}

fn spawn_worker(redis_url: &str, prefix: &str, start_at: u128) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "push_redis_dedup::push_fleet_worker",
            "--exact",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(ROLE, "worker")
        .env("WX_PUSH_FLEET_REDIS", redis_url)
        .env("WX_PUSH_FLEET_PREFIX", prefix)
        .env("WX_PUSH_FLEET_START_MS", start_at.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// `[handled, replied, acked, other]` of a worker; killed (and failing) after a minute.
fn worker_result(mut child: Child) -> [usize; 4] {
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("a worker process did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find_map(|l| l.find("PUSHFLEET ").map(|at| &l[at..]))
        .unwrap_or_else(|| panic!("no result line in:\n{text}"));
    let num = |key: &str| -> usize {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(key))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("bad result line {line:?}"))
    };
    [
        num("handled="),
        num("replied="),
        num("acked="),
        num("other="),
    ]
}

#[test]
fn four_processes_given_the_same_push_run_the_handler_once() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("push-fleet");
    let start_at = unix_ms() + 1500;
    let workers: Vec<Child> = (0..4)
        .map(|_| spawn_worker(&redis_url, &prefix, start_at))
        .collect();
    let totals = workers.into_iter().map(worker_result).fold([0; 4], |a, b| {
        [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
    });
    println!(
        "push fleet: 4 processes x 3 deliveries: handled {} time(s), {} reply, {} acknowledged as duplicates, {} other",
        totals[0], totals[1], totals[2], totals[3]
    );
    assert_eq!(totals, [1, 1, 11, 0]);
}

// ---- one process, two endpoints sharing Redis ---------------------------------------

#[tokio::test]
async fn an_error_releases_the_push_for_another_process() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("push-release");
    let store = |url: &str| -> Arc<dyn DedupStore> {
        Arc::new(RedisDedup::new(url, config(&prefix)).unwrap())
    };
    let (c1, c2) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let failing = app(store(&redis_url), c1.clone(), true);
    let healthy = app(store(&redis_url), c2.clone(), false);
    let (status, _) = send(&failing, post(&push("rel-1"))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    // WeChat's retry lands on the other process, which handles it.
    let (status, body) = send(&healthy, post(&push("rel-1"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("handled"), "{body}");
    // Further retries, wherever they land, are duplicates.
    let (_, body) = send(&failing, post(&push("rel-1"))).await;
    assert_eq!(body, "success");
    assert_eq!(
        (c1.load(Ordering::SeqCst), c2.load(Ordering::SeqCst)),
        (1, 1)
    );
}

#[tokio::test]
async fn keys_are_prefixed_bounded_and_expire() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("push-keys");
    let store = RedisDedup::new(
        &redis_url,
        config(&prefix).with_ttl(Duration::from_millis(400)),
    )
    .unwrap();
    let long = "m".repeat(1 << 20);
    assert!(store.first_seen(&long).await.unwrap());
    assert!(!store.first_seen(&long).await.unwrap());
    let mut conn = redis_conn(&redis_url).await;
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}:*"))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1);
    let key = &keys[0];
    assert_eq!(key, &store.redis_key(&long));
    let hashed = key.strip_prefix(&format!("{prefix}:sha1:")).unwrap();
    assert_eq!(hashed.len(), 40);
    assert!(hashed
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    let pttl: i64 = redis::cmd("PTTL")
        .arg(key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(pttl > 0 && pttl <= 400, "PTTL {pttl}");
    // Short keys are kept as they are.
    assert!(store.first_seen("gh_acc:id:1").await.unwrap());
    assert_eq!(
        store.redis_key("gh_acc:id:1"),
        format!("{prefix}:gh_acc:id:1")
    );
    // forget is DEL.
    store.forget("gh_acc:id:1").await.unwrap();
    assert!(store.first_seen("gh_acc:id:1").await.unwrap());
    // Expiry.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(store.first_seen(&long).await.unwrap());
}

// ---- Redis unavailable: at-least-once ------------------------------------------------

/// Sends the same push twice and returns the calls it caused and the slowest answer.
async fn deliver_twice(app: &Router, calls: &AtomicUsize, msg_id: &str) -> (usize, Duration) {
    let before = calls.load(Ordering::SeqCst);
    let mut slowest = Duration::ZERO;
    for _ in 0..2 {
        let start = Instant::now();
        let (status, body) = send(app, post(&push(msg_id))).await;
        slowest = slowest.max(start.elapsed());
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("handled") || body == "success", "{body}");
    }
    (calls.load(Ordering::SeqCst) - before, slowest)
}

#[tokio::test]
async fn redis_stopped_then_back_is_at_least_once_then_once() {
    let Some((_, binary)) = redis_env() else {
        return;
    };
    let mut redis = OwnRedis::start(&binary);
    let prefix = unique_prefix("push-down");
    let store = RedisDedup::connect(&redis.url(), config(&prefix))
        .await
        .unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let app = app(Arc::new(store), calls.clone(), false);
    assert_eq!(deliver_twice(&app, &calls, "down-1").await.0, 1);
    redis.stop();
    let (handled, slowest) = deliver_twice(&app, &calls, "down-2").await;
    assert_eq!(handled, 2, "Redis down: every delivery is handled");
    assert!(
        slowest < Duration::from_secs(3),
        "answered after {slowest:?}"
    );
    redis.restart();
    // Bounded wait for the store to reconnect (each try is bounded by op_timeout).
    let probe = RedisDedup::new(&redis.url(), config(&prefix)).unwrap();
    let mut back = false;
    for i in 0..100 {
        if probe.first_seen(&format!("probe-{i}")).await.is_ok() {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "redis did not come back");
    let mut once = false;
    for i in 0..50 {
        // The first operations after a restart may still meet the old connection.
        if deliver_twice(&app, &calls, &format!("back-{i}")).await.0 == 1 {
            once = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(once, "dedup did not work again after Redis came back");
}

#[tokio::test]
async fn closed_port_and_frozen_server_are_handled_within_the_op_timeout() {
    if redis_env().is_none() {
        return;
    }
    // Nothing listens on this port any more.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("redis://127.0.0.1:{closed}/");
    let err = RedisDedup::connect(&url, config("x")).await.unwrap_err();
    assert!(matches!(err, PushError::DedupStore(_)), "{err}");
    let calls = Arc::new(AtomicUsize::new(0));
    let lazy = RedisDedup::new(&url, config("x")).unwrap();
    let app1 = app(Arc::new(lazy), calls.clone(), false);
    let (handled, slowest) = deliver_twice(&app1, &calls, "closed-1").await;
    assert_eq!(handled, 2);
    assert!(
        slowest < Duration::from_secs(3),
        "answered after {slowest:?}"
    );

    // Accepts connections (the kernel's backlog) and never answers.
    let frozen = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://127.0.0.1:{}/", frozen.local_addr().unwrap().port());
    let store = RedisDedup::new(&url, config("x")).unwrap();
    let start = Instant::now();
    let err = store.first_seen("k").await.unwrap_err();
    assert!(err.to_string().contains("no answer within"), "{err}");
    assert!(
        start.elapsed() < Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
    let app2 = app(Arc::new(store), calls.clone(), false);
    let (handled, slowest) = deliver_twice(&app2, &calls, "frozen-1").await;
    assert_eq!(handled, 2);
    assert!(
        slowest < Duration::from_secs(3),
        "answered after {slowest:?}"
    );
    drop(frozen);
}
