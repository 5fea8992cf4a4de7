//! The Redis token store against a real redis-server (started by `cargo xtask test`):
//! a fleet of OS processes fetches once; a lock holder killed mid-fetch is taken over within
//! its short lease, and waiters in other processes outlast a slow successor; a slow but
//! alive holder keeps its lock (the watchdog renews it); a holder that lost its lock stops
//! renewing and neither overruns its fetch budget nor overwrites its successor's token; a stable token refreshed ahead is fetched once for all processes; Redis
//! restarting or frozen under load gives typed errors then recovers; a failing token
//! endpoint fails every caller of every process with the same typed error and one fetch;
//! invalidation is compare-and-delete; keys are namespaced.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use wx_api::oa::qrcode;
use wx_api::token::redis::{RedisStore, RedisStoreConfig};
use wx_api::token::{
    now_ms, source_fn, CachedToken, Classic, CredentialKey, Fetch, FreshToken, Stable, TokenPolicy,
    TokenStore,
};
use wx_api::{AccessToken, AppCredentials, Client, Error, OfficialAccount};
use wx_tests::{redis_env, unique_prefix, CannedReply, OwnRedis, APP_ID, APP_SECRET};

/// The store's default lease (1.2 s, renewed while the holder fetches), fetch budget
/// (10 s) and waiting rules; shorter Redis operation and failure timeouts.
pub(crate) fn store_config(prefix: &str) -> RedisStoreConfig {
    RedisStoreConfig::default()
        .with_prefix(prefix)
        .with_op_timeout(Duration::from_millis(500))
        .with_failure_ttl(Duration::from_millis(800))
}

/// The worker processes' store: [`store_config`] with a generous Redis operation timeout.
/// Eight processes of a hundred callers on a loaded 2-core machine can leave a Redis answer
/// waiting for the CPU longer than 500 ms; what these tests count is fetches and failures
/// of the lock protocol, not Redis latency (the frozen-Redis test pins the timeout). The
/// lease renewals stay bounded by a third of the lease whatever this is.
fn fleet_config(prefix: &str) -> RedisStoreConfig {
    store_config(prefix).with_op_timeout(Duration::from_secs(5))
}

async fn client(sandbox_url: &str, store: RedisStore) -> Client<OfficialAccount> {
    Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox_url)
        .token_store(Arc::new(store))
        .build()
        .expect("client")
}

// ---- the fleet: this test binary re-executed as worker processes -------------------

const ROLE: &str = "WX_FLEET_ROLE";

fn spawn_worker(
    redis_url: &str,
    sandbox_url: &str,
    prefix: &str,
    callers: usize,
    start_at_ms: u128,
) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "redis_tokens::fleet_worker",
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

pub(crate) fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// `(ok, failed)` from a worker's output line `FLEET ok=N err=M`. A worker that has not
/// finished within a minute is killed and fails the test, rather than hanging CI.
pub(crate) fn worker_result(mut child: Child) -> (usize, usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("worker status").is_none() {
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("a worker process did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("worker output");
    let text = String::from_utf8_lossy(&out.stdout);
    // libtest prints `test fleet_worker ... ` before the worker's own output.
    let line = text
        .lines()
        .find_map(|l| l.find("FLEET ").map(|at| &l[at..]))
        .unwrap_or_else(|| panic!("no result line in:\n{text}"));
    let num = |key: &str| -> usize {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(key))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("bad result line {line:?}"))
    };
    (num("ok="), num("err="))
}

/// Worker mode (does nothing in a normal test run): N concurrent calls through the store.
#[test]
fn fleet_worker() {
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
            fleet_config(&env("WX_FLEET_PREFIX")),
        )
        .await
        .expect("redis");
        let wx = client(&env("WX_FLEET_SANDBOX"), store).await;
        let wait = start_at.saturating_sub(unix_ms());
        tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        let tasks: Vec<_> = (0..callers)
            .map(|i| {
                let wx = wx.clone();
                tokio::spawn(async move {
                    wx.send(qrcode::create::Request::permanent_id(i as u32 + 1))
                        .await
                })
            })
            .collect();
        let (mut ok, mut err) = (0, 0);
        for t in tasks {
            match t.await {
                Ok(Ok(_)) => ok += 1,
                Ok(Err(e)) => {
                    err += 1;
                    eprintln!("worker call failed: {e:?}");
                }
                Err(_) => err += 1,
            }
        }
        println!("FLEET ok={ok} err={err}");
    });
}

#[test]
fn eight_processes_times_hundred_callers_fetch_once_then_once_again_after_rejection() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime.block_on(wx_tests::sandbox());
    sandbox.set_token_delay(Duration::from_millis(300));
    let prefix = unique_prefix("fleet");

    let run_fleet = || {
        let start_at = unix_ms() + 1500;
        let workers: Vec<Child> = (0..8)
            .map(|_| spawn_worker(&redis_url, &sandbox.url(), &prefix, 100, start_at))
            .collect();
        workers
            .into_iter()
            .map(worker_result)
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };

    let (ok, err) = run_fleet();
    println!(
        "cold fleet: {ok} calls ok, {err} failed, token fetches: {}",
        wx_tests::fetches(&sandbox)
    );
    assert_eq!((ok, err), (800, 0));
    assert_eq!(
        wx_tests::fetches(&sandbox),
        1,
        "8 processes x 100 callers on a cold cache: one fetch"
    );

    // The cached token is rejected everywhere (another fetch elsewhere rotated it): every
    // process sees 40001, drops it with compare-and-delete, and one of them refreshes.
    sandbox.revoke_token("tok-wx-test-app-1");
    let (ok, err) = run_fleet();
    println!(
        "after rejection: {ok} calls ok, {err} failed, token fetches: {}",
        wx_tests::fetches(&sandbox)
    );
    assert_eq!((ok, err), (800, 0));
    assert_eq!(
        wx_tests::fetches(&sandbox),
        2,
        "one more fetch across the fleet after 40001"
    );
    drop(runtime);
}

/// Waits (up to 20 s) until the sandbox has seen `n` token fetches arrive; when.
fn fetch_arrived(sandbox: &wx_tests::Sandbox, n: usize) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(20);
    while wx_tests::fetches(sandbox) < n {
        assert!(Instant::now() < deadline, "token fetch {n} never arrived");
        std::thread::sleep(Duration::from_millis(5));
    }
    Instant::now()
}

/// A worker process whose one caller is inside the token fetch, holding the lock.
fn holder_inside_its_fetch(redis_url: &str, sandbox: &wx_tests::Sandbox, prefix: &str) -> Child {
    let holder = spawn_worker(redis_url, &sandbox.url(), prefix, 1, 0);
    fetch_arrived(sandbox, 1);
    holder
}

#[test]
fn a_lock_holder_killed_mid_refresh_is_taken_over_after_the_lease() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime.block_on(wx_tests::sandbox());
    let prefix = unique_prefix("killed");
    let lease = store_config(&prefix).lease;
    // The first fetch hangs: the holder sits inside its refresh, holding the lock.
    sandbox.set_token_delay(Duration::from_secs(60));
    let mut holder = holder_inside_its_fetch(&redis_url, &sandbox, &prefix);
    // Another process waits on it; longer than the lease, which the holder renews.
    let successor = spawn_worker(&redis_url, &sandbox.url(), &prefix, 20, 0);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(lease < Duration::from_millis(1500));
    assert_eq!(
        wx_tests::fetches(&sandbox),
        1,
        "a live holder is not taken over"
    );

    sandbox.set_token_delay(Duration::ZERO);
    holder.kill().expect("SIGKILL the holder");
    let killed_at = Instant::now();
    let _ = holder.wait();
    let takeover = fetch_arrived(&sandbox, 2) - killed_at;
    println!("TAKEOVER: the next fetch reached the sandbox {takeover:?} after SIGKILL of the holder (lease {lease:?})");
    let (ok, err) = worker_result(successor);
    assert_eq!((ok, err), (20, 0), "the next process gets a token");
    assert_eq!(
        wx_tests::fetches(&sandbox),
        2,
        "the dead holder's fetch and the successor's"
    );
    assert!(
        takeover < Duration::from_secs(3),
        "a dead holder is taken over within its {lease:?} lease (plus a poll), not after a fetch-long lease: {takeover:?}"
    );
    drop(runtime);
}

#[test]
fn waiters_outlast_a_slow_token_endpoint_after_the_first_holder_is_killed() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime.block_on(wx_tests::sandbox());
    let prefix = unique_prefix("slow-takeover");
    // Slower than the 5 s that waiters once had left after a dead holder's lease.
    let delay = Duration::from_secs(7);
    sandbox.set_token_delay(delay);
    let mut holder = holder_inside_its_fetch(&redis_url, &sandbox, &prefix);
    let waiters: Vec<Child> = (0..3)
        .map(|_| spawn_worker(&redis_url, &sandbox.url(), &prefix, 20, 0))
        .collect();
    // The waiters are polling (their patience started counting) when the holder dies.
    std::thread::sleep(Duration::from_millis(1000));
    holder.kill().expect("SIGKILL the holder");
    let killed_at = Instant::now();
    let _ = holder.wait();
    let (ok, err) = waiters
        .into_iter()
        .map(worker_result)
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "slow endpoint ({delay:?}) after a killed holder: {ok} ok, {err} failed, {} fetches, all served {:?} after the kill",
        wx_tests::fetches(&sandbox),
        killed_at.elapsed()
    );
    assert_eq!(
        (ok, err),
        (60, 0),
        "every waiter of every process gets the successor's token"
    );
    assert_eq!(
        wx_tests::fetches(&sandbox),
        2,
        "the dead holder's fetch and one successor's, not taken over while slow"
    );
    drop(runtime);
}

#[test]
fn a_slow_but_alive_holder_is_not_taken_over() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime.block_on(wx_tests::sandbox());
    let prefix = unique_prefix("slow-alive");
    let lease = store_config(&prefix).lease;
    // A fetch twice as long as the lease: only the renewals keep the lock.
    let delay = Duration::from_millis(2500);
    assert!(delay >= lease * 2);
    sandbox.set_token_delay(delay);
    let start_at = unix_ms() + 800;
    let (ok, err) = (0..3)
        .map(|_| spawn_worker(&redis_url, &sandbox.url(), &prefix, 10, start_at))
        .collect::<Vec<_>>()
        .into_iter()
        .map(worker_result)
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert_eq!((ok, err), (30, 0));
    assert_eq!(
        wx_tests::fetches(&sandbox),
        1,
        "a fetch of {delay:?} under a {lease:?} lease: one fetch"
    );
    drop(runtime);
}

/// One call of the load: when it started, how long it took, how it ended.
type CallLog = Arc<Mutex<Vec<(Instant, Duration, Result<(), Error>)>>>;

/// `callers` tasks sending back to back until `stop`, every call logged.
fn load(
    wx: &Client<OfficialAccount>,
    callers: u32,
    stop: &Arc<AtomicBool>,
    log: &CallLog,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..callers)
        .map(|i| {
            let (wx, stop, log) = (wx.clone(), Arc::clone(stop), Arc::clone(log));
            tokio::spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    let started = Instant::now();
                    let result = wx
                        .send(qrcode::create::Request::permanent_id(i + 1))
                        .await
                        .map(drop);
                    log.lock()
                        .expect("log")
                        .push((started, started.elapsed(), result));
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            })
        })
        .collect()
}

/// Every failure is a typed store error that names Redis and carries no secret; every
/// call, failed or not, ended within `bound`.
fn assert_only_typed_store_errors(log: &CallLog, bound: Duration) {
    for (_, took, result) in log.lock().expect("log").iter() {
        assert!(*took < bound, "a call took {took:?}");
        if let Err(e) = result {
            assert!(
                matches!(e, Error::Store(m) if m.contains("redis")),
                "only typed store errors: {e:?}"
            );
            let text = format!("{e} {e:?}");
            assert!(
                !text.contains("tok-") && !text.contains(APP_SECRET),
                "{text}"
            );
        }
    }
}

/// When the first call that started after `after` succeeded (polling for up to 10 s).
async fn first_success_after(log: &CallLog, after: Instant) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = log
            .lock()
            .expect("log")
            .iter()
            .find(|(started, _, r)| *started >= after && r.is_ok())
            .map(|(started, _, _)| *started);
        if let Some(at) = found {
            return at;
        }
        assert!(Instant::now() < deadline, "no recovery within 10 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redis_restart_during_load_gives_typed_errors_then_recovers() {
    let Some((_, server)) = redis_env() else {
        return;
    };
    let mut redis = OwnRedis::start(&server);
    let sandbox = wx_tests::sandbox().await;
    let store = RedisStore::connect_with(&redis.url(), store_config(&unique_prefix("restart")))
        .await
        .expect("redis");
    let wx = client(&sandbox.url(), store).await;
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("before the outage");

    let stop = Arc::new(AtomicBool::new(false));
    let log: CallLog = Arc::default();
    let callers = load(&wx, 8, &stop, &log);
    tokio::time::sleep(Duration::from_millis(300)).await;
    redis.stop();
    let down_at = Instant::now();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let up_at = Instant::now();
    tokio::task::block_in_place(|| redis.restart());
    let recovered_at = first_success_after(&log, up_at).await;
    let settled = Instant::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::SeqCst);
    for c in callers {
        c.await.expect("caller");
    }

    let log_view = log.lock().expect("log");
    let before = log_view.iter().filter(|(s, _, _)| *s < down_at).count();
    let down: Vec<_> = log_view
        .iter()
        .filter(|(s, took, _)| *s > down_at && *s + *took < up_at)
        .collect();
    let after: Vec<_> = log_view.iter().filter(|(s, _, _)| *s >= settled).collect();
    println!(
        "restart under load: {before} calls before, {} while down ({} failed), recovered {:?} after the restart, {} calls after; token fetches {}",
        down.len(),
        down.iter().filter(|(_, _, r)| r.is_err()).count(),
        recovered_at - up_at,
        after.len(),
        wx_tests::fetches(&sandbox)
    );
    assert!(before > 0, "load ran before the outage");
    assert!(!down.is_empty(), "load ran during the outage");
    assert!(
        down.iter().all(|(_, _, r)| r.is_err()),
        "no call succeeds without Redis"
    );
    assert!(!after.is_empty(), "load ran after the recovery");
    assert!(
        after.iter().all(|(_, _, r)| r.is_ok()),
        "every call succeeds once Redis is back"
    );
    drop(log_view);
    assert_only_typed_store_errors(&log, Duration::from_secs(3));
    assert_eq!(
        wx_tests::fetches(&sandbox),
        2,
        "the restarted Redis was empty: one new fetch for all the callers"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_frozen_redis_gives_typed_errors_within_the_operation_timeout_then_recovers() {
    let Some((_, server)) = redis_env() else {
        return;
    };
    let redis = OwnRedis::start(&server);
    let sandbox = wx_tests::sandbox().await;
    let config = store_config(&unique_prefix("frozen"));
    let op_timeout = config.op_timeout;
    let store = RedisStore::connect_with(&redis.url(), config)
        .await
        .expect("redis");
    let wx = client(&sandbox.url(), store).await;
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("before the freeze");

    let stop = Arc::new(AtomicBool::new(false));
    let log: CallLog = Arc::default();
    let callers = load(&wx, 8, &stop, &log);
    tokio::time::sleep(Duration::from_millis(200)).await;
    redis.pause();
    // Calls that start from here on find Redis frozen (the signal has had time to land).
    tokio::time::sleep(Duration::from_millis(20)).await;
    let frozen_at = Instant::now();
    let started = Instant::now();
    let err = wx
        .send(qrcode::create::Request::permanent_id(99))
        .await
        .expect_err("Redis does not answer");
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let thawed_at = Instant::now();
    redis.resume();
    let recovered_at = first_success_after(&log, thawed_at).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::SeqCst);
    for c in callers {
        c.await.expect("caller");
    }
    println!(
        "frozen Redis: error after {took:?}; recovered {:?} after SIGCONT; token fetches {}",
        recovered_at - thawed_at,
        wx_tests::fetches(&sandbox)
    );
    assert!(
        matches!(&err, Error::Store(m) if m.starts_with("redis GET token")),
        "a typed store error naming the operation: {err:?}"
    );
    assert!(
        took >= op_timeout.mul_f32(0.8) && took < op_timeout + Duration::from_millis(700),
        "bounded by the {op_timeout:?} operation timeout: {took:?}"
    );
    let frozen: Vec<_> = log
        .lock()
        .expect("log")
        .iter()
        .filter(|(s, took, _)| *s > frozen_at && *s + *took < thawed_at)
        .map(|(_, took, r)| (*took, r.is_err()))
        .collect();
    assert!(!frozen.is_empty(), "load ran while Redis was frozen");
    assert!(frozen.iter().all(|(_, failed)| *failed));
    assert_only_typed_store_errors(&log, op_timeout * 3);
    assert_eq!(
        wx_tests::fetches(&sandbox),
        1,
        "the token survived in Redis: no new fetch"
    );
}

pub(crate) async fn raw_redis(url: &str) -> redis::aio::MultiplexedConnection {
    redis::Client::open(url)
        .expect("redis url")
        .get_multiplexed_async_connection()
        .await
        .expect("raw redis connection")
}

pub(crate) async fn raw_get(
    conn: &mut redis::aio::MultiplexedConnection,
    key: &str,
) -> Option<String> {
    redis::cmd("GET")
        .arg(key)
        .query_async(conn)
        .await
        .expect("GET")
}

#[tokio::test]
async fn a_failing_token_endpoint_fails_every_process_with_one_fetch_and_releases_the_lock() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let mut raw = raw_redis(&redis_url).await;
    for (code, body) in [
        (-1, r#"{"errcode":-1,"errmsg":"system error"}"#),
        (
            45009,
            r#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#,
        ),
    ] {
        let sandbox = wx_tests::sandbox().await;
        sandbox.set_token_delay(Duration::from_millis(150));
        sandbox.canned("/cgi-bin/token", CannedReply::json(body));
        let prefix = unique_prefix("failing");
        // A long lease, so that recovering well before it proves the lock was released.
        let config = store_config(&prefix)
            .with_failure_ttl(Duration::from_millis(300))
            .with_lease(Duration::from_secs(3));
        let lease = config.lease;
        // Two clients with their own token managers: two "processes" on one Redis. A
        // process backs off a little after a failure, less than the fleet report lasts.
        let process = || async {
            Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
                .base_url(sandbox.url())
                .token_store(Arc::new(
                    RedisStore::connect_with(&redis_url, config.clone())
                        .await
                        .expect("redis"),
                ))
                .token_policy(
                    TokenPolicy::default().with_failure_backoff(Duration::from_millis(100)),
                )
                .build()
                .expect("client")
        };
        let (a, b) = (process().await, process().await);
        let calls: Vec<_> = (0..20u32)
            .map(|i| {
                let wx = if i % 2 == 0 { a.clone() } else { b.clone() };
                tokio::spawn(
                    async move { wx.send(qrcode::create::Request::permanent_id(i + 1)).await },
                )
            })
            .collect();
        for (i, c) in calls.into_iter().enumerate() {
            let err = c
                .await
                .expect("task")
                .expect_err("the token endpoint fails");
            // The same typed error in the process that fetched and in the one that waited.
            let process = if i % 2 == 0 { "a" } else { "b" };
            match &err {
                Error::Token { app_id, source, .. } => {
                    assert_eq!(app_id, APP_ID);
                    match &**source {
                        Error::Api {
                            endpoint,
                            code: got,
                            message,
                            ..
                        } => {
                            assert_eq!(got.code(), code, "process {process}");
                            assert_eq!(*endpoint, "token::get", "process {process}");
                            assert!(!message.is_empty());
                        }
                        other => panic!("process {process}: expected Api, got {other:?}"),
                    }
                }
                other => panic!("process {process}: expected Error::Token, got {other:?}"),
            }
        }
        let failed_at = Instant::now();
        // (A canned reply bypasses the sandbox's fetch counter: count the requests.)
        let fetches = || sandbox.requests_to("/cgi-bin/token").len();
        assert_eq!(
            fetches(),
            1,
            "errcode {code}: one fetch for the whole fleet"
        );
        assert!(sandbox.requests_to("/cgi-bin/qrcode/create").is_empty());
        // The lock went with the failure, not with the lease; the report is typed JSON.
        let lock_key = format!("{prefix}:token-lock:{APP_ID}");
        assert_eq!(
            raw_get(&mut raw, &lock_key).await,
            None,
            "errcode {code}: the lock is released as soon as the fetch fails"
        );
        if let Some(report) = raw_get(&mut raw, &format!("{prefix}:token-error:{APP_ID}")).await {
            let report: serde_json::Value = serde_json::from_str(&report).expect("JSON report");
            assert_eq!(report["errcode"], code);
        }

        // Once the report and the backoff expire, the next call fetches: well before the
        // lease would have freed a lock left behind.
        let recovered = loop {
            match a.send(qrcode::create::Request::permanent_id(1)).await {
                Ok(_) => break failed_at.elapsed(),
                Err(e) => {
                    assert!(failed_at.elapsed() < lease, "no recovery yet: {e}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        };
        assert!(recovered < lease * 2 / 3, "recovered after {recovered:?}");
        b.send(qrcode::create::Request::permanent_id(2))
            .await
            .expect("shared token");
        assert_eq!(fetches(), 2);
    }
}

#[tokio::test]
async fn invalidation_is_compare_and_delete_and_keys_are_namespaced() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("cad");
    let store = RedisStore::connect_with(&redis_url, store_config(&prefix))
        .await
        .expect("redis");
    let policy = TokenPolicy::default();
    let put = |token: &'static str| {
        let cached = policy.cache(
            FreshToken::new(token, Duration::from_secs(7200)),
            wx_api::token::now_ms(),
        );
        Box::pin(async move { Ok(cached) }) as wx_api::token::Fetch<'static>
    };
    store
        .refresh(&CredentialKey::access_token("app-1"), None, put("token-A"))
        .await
        .expect("store A");
    store
        .refresh(&CredentialKey::access_token("app-2"), None, put("token-Z"))
        .await
        .expect("store Z");
    assert!(
        !store
            .invalidate(
                &CredentialKey::access_token("app-1"),
                &AccessToken::new("token-B")
            )
            .await
            .expect("cad"),
        "another token is kept"
    );
    assert_eq!(
        store
            .get(&CredentialKey::access_token("app-1"))
            .await
            .expect("get")
            .map(|t| t.token),
        Some(AccessToken::new("token-A"))
    );
    assert!(store
        .invalidate(
            &CredentialKey::access_token("app-1"),
            &AccessToken::new("token-A")
        )
        .await
        .expect("cad"));
    assert_eq!(
        store
            .get(&CredentialKey::access_token("app-1"))
            .await
            .expect("get"),
        None
    );
    assert_eq!(
        store
            .get(&CredentialKey::access_token("app-2"))
            .await
            .expect("get")
            .map(|t| t.token),
        Some(AccessToken::new("token-Z")),
        "other apps untouched"
    );
    let other = RedisStore::connect_with(&redis_url, store_config(&unique_prefix("other")))
        .await
        .expect("redis");
    assert_eq!(
        other
            .get(&CredentialKey::access_token("app-2"))
            .await
            .expect("get"),
        None,
        "other prefixes untouched"
    );
    let stale = store
        .get(&CredentialKey::access_token("app-2"))
        .await
        .expect("get");
    let fresh = store
        .refresh(
            &CredentialKey::access_token("app-2"),
            stale.as_ref(),
            put("token-Y"),
        )
        .await
        .expect("refresh");
    assert_eq!(fresh.token, AccessToken::new("token-Y"));
}

#[tokio::test]
async fn stable_tokens_through_redis_for_fleets_that_prefer_them() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let sandbox = wx_tests::sandbox().await;
    let prefix = unique_prefix("stable");
    let make = || async {
        Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Stable)
            .base_url(sandbox.url())
            .token_store(Arc::new(
                RedisStore::connect_with(&redis_url, store_config(&prefix))
                    .await
                    .expect("redis"),
            ))
            .build()
            .expect("client")
    };
    let (a, b) = (make().await, make().await);
    a.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("a");
    b.send(qrcode::create::Request::permanent_id(2))
        .await
        .expect("b");
    assert_eq!(wx_tests::fetches(&sandbox), 1);
    assert_eq!(sandbox.requests_to("/cgi-bin/stable_token").len(), 1);
}

fn cached(token: &str, fetched_at_ms: u64) -> CachedToken {
    TokenPolicy::default().cache(
        FreshToken::new(token, Duration::from_secs(7200)),
        fetched_at_ms,
    )
}

fn ready(token: CachedToken) -> Fetch<'static> {
    Box::pin(async move { Ok(token) })
}

#[tokio::test]
async fn a_holder_that_lost_its_lease_does_not_overwrite_the_next_holders_token() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("fence");
    let connect = || RedisStore::connect_with(&redis_url, store_config(&prefix));
    let (a, b) = (connect().await.expect("a"), connect().await.expect("b"));
    let mut raw = raw_redis(&redis_url).await;

    let (started_tx, started_rx) = oneshot::channel();
    let (go_tx, go_rx) = oneshot::channel::<()>();
    let slow: Fetch<'static> = Box::pin(async move {
        let _ = started_tx.send(());
        let _ = go_rx.await;
        Ok(cached("OLD", now_ms()))
    });
    let holder = tokio::spawn(async move {
        a.refresh(&CredentialKey::access_token(APP_ID), None, slow)
            .await
    });
    started_rx.await.expect("the holder is fetching");
    // Its lease runs out under it (a long pause): simulated by deleting its lock.
    let _: i64 = redis::cmd("DEL")
        .arg(format!("{prefix}:token-lock:{APP_ID}"))
        .query_async(&mut raw)
        .await
        .expect("DEL");
    let newer = b
        .refresh(
            &CredentialKey::access_token(APP_ID),
            None,
            ready(cached("NEW", now_ms())),
        )
        .await
        .expect("the next holder");
    assert_eq!(newer.token, AccessToken::new("NEW"));
    go_tx.send(()).expect("let the old holder finish");
    let late = holder
        .await
        .expect("task")
        .expect("its callers still get a token");
    assert_eq!(
        late.token,
        AccessToken::new("OLD"),
        "the token it fetched goes to its own callers"
    );
    assert_eq!(
        b.get(&CredentialKey::access_token(APP_ID))
            .await
            .expect("get")
            .map(|t| t.token),
        Some(AccessToken::new("NEW")),
        "the newer token is not overwritten"
    );
}

#[tokio::test]
async fn a_holder_that_lost_its_fence_stops_renewing_and_does_not_store() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("lost-fence");
    let lease = Duration::from_millis(600);
    let store = RedisStore::connect_with(&redis_url, store_config(&prefix).with_lease(lease))
        .await
        .expect("redis");
    let mut raw = raw_redis(&redis_url).await;
    let lock_key = format!("{prefix}:token-lock:{APP_ID}");
    let pttl = |mut raw: redis::aio::MultiplexedConnection, key: String| async move {
        redis::cmd("PTTL")
            .arg(key)
            .query_async::<i64>(&mut raw)
            .await
            .expect("PTTL")
    };

    let (started_tx, started_rx) = oneshot::channel();
    let (go_tx, go_rx) = oneshot::channel::<()>();
    let slow: Fetch<'static> = Box::pin(async move {
        let _ = started_tx.send(());
        let _ = go_rx.await;
        Ok(cached("LATE", now_ms()))
    });
    let reader = store.clone();
    let holder = tokio::spawn(async move {
        store
            .refresh(&CredentialKey::access_token(APP_ID), None, slow)
            .await
    });
    started_rx.await.expect("the holder is fetching");
    let fence = raw_get(&mut raw, &lock_key)
        .await
        .expect("the lock is held");
    // Alive, it keeps its lock past the lease.
    tokio::time::sleep(lease * 2).await;
    assert_eq!(
        raw_get(&mut raw, &lock_key).await.as_deref(),
        Some(fence.as_str()),
        "renewed"
    );

    // Another process holds the lock now (the lease ran out under a long pause): the
    // next renewal finds another fence.
    let _: () = redis::cmd("SET")
        .arg(&lock_key)
        .arg("someone-else/1000")
        .arg("PX")
        .arg(400)
        .query_async(&mut raw)
        .await
        .expect("SET");
    tokio::time::sleep(lease).await;
    // Even if the lock showed its fence again, it renews no more and stores nothing.
    let _: () = redis::cmd("SET")
        .arg(&lock_key)
        .arg(&fence)
        .arg("PX")
        .arg(5000)
        .query_async(&mut raw)
        .await
        .expect("SET");
    tokio::time::sleep(lease).await;
    let left = pttl(raw.clone(), lock_key.clone()).await;
    assert!(
        left > 3000,
        "not renewed (a renewal would set {lease:?}): {left} ms left"
    );
    go_tx.send(()).expect("let the holder finish");
    let late = holder
        .await
        .expect("task")
        .expect("its callers still get the token it fetched");
    assert_eq!(late.token, AccessToken::new("LATE"));
    assert_eq!(
        reader
            .get(&CredentialKey::access_token(APP_ID))
            .await
            .expect("get"),
        None,
        "a holder that lost its fence does not store"
    );
}

#[tokio::test]
async fn a_waiters_patience_follows_the_current_holder_of_the_lock() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("patience");
    // Patience per holder: what its fence announces (200 ms) + lease + op_timeout = 1 s.
    let config = store_config(&prefix).with_lease(Duration::from_millis(300));
    let store = RedisStore::connect_with(&redis_url, config)
        .await
        .expect("redis");
    let mut raw = raw_redis(&redis_url).await;
    let lock_key = format!("{prefix}:token-lock:{APP_ID}");
    let hold = |fence: &'static str| {
        let key = lock_key.clone();
        let mut raw = raw.clone();
        async move {
            let _: () = redis::cmd("SET")
                .arg(key)
                .arg(fence)
                .arg("PX")
                .arg(60_000)
                .query_async(&mut raw)
                .await
                .expect("SET");
        }
    };
    // Holders that never finish (frozen, their locks kept alive): the second appears
    // before the waiter's patience with the first runs out, and gets a patience of its own.
    hold("ghost-1/200").await;
    let started = Instant::now();
    let waiter = tokio::spawn(async move {
        store
            .refresh(
                &CredentialKey::access_token(APP_ID),
                None,
                ready(cached("MINE", now_ms())),
            )
            .await
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    hold("ghost-2/200").await;
    let err = waiter
        .await
        .expect("task")
        .expect_err("no token ever comes");
    let took = started.elapsed();
    println!("a waiter gave up after {took:?} (holder changed at 700 ms, patience 1 s each)");
    assert!(
        took >= Duration::from_millis(1650) && took < Duration::from_millis(3000),
        "patience restarted with the second holder, and ended: {took:?}"
    );
    assert!(
        matches!(&err, Error::Store(m) if m.contains("no token after waiting 1s")),
        "{err:?}"
    );
    let _: i64 = redis::cmd("DEL")
        .arg(&lock_key)
        .query_async(&mut raw)
        .await
        .expect("DEL");
}

#[tokio::test]
async fn a_fetch_slower_than_its_budget_is_cut_off_and_releases_the_lock() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("budget");
    let budget = Duration::from_millis(800);
    let config = store_config(&prefix).with_fetch_timeout(budget);
    let store = RedisStore::connect_with(&redis_url, config)
        .await
        .expect("redis");
    let slow: Fetch<'static> = Box::pin(async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok(cached("TOO-LATE", now_ms()))
    });
    let started = Instant::now();
    let err = store
        .refresh(&CredentialKey::access_token(APP_ID), None, slow)
        .await
        .expect_err("cut off");
    let took = started.elapsed();
    assert!(
        took >= budget && took < budget + Duration::from_secs(1),
        "gave up at the fetch budget: {took:?}"
    );
    assert!(
        matches!(&err, Error::Token { source, .. } if matches!(&**source, Error::Store(m) if m.contains("fetch_timeout"))),
        "{err:?}"
    );
    assert_eq!(
        store
            .get(&CredentialKey::access_token(APP_ID))
            .await
            .expect("get"),
        None
    );
    let mut raw = raw_redis(&redis_url).await;
    assert_eq!(
        raw_get(&mut raw, &format!("{prefix}:token-lock:{APP_ID}")).await,
        None,
        "the lock is released"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stable_token_refreshed_ahead_is_fetched_once_for_all_processes() {
    let Some((redis_url, _)) = redis_env() else {
        return;
    };
    let prefix = unique_prefix("stable-ahead");
    let fetches = Arc::new(AtomicUsize::new(0));
    // /cgi-bin/stable_token in normal mode: the same string again, with a new lifetime.
    let process = || {
        let fetches = Arc::clone(&fetches);
        let (url, prefix) = (redis_url.clone(), prefix.clone());
        async move {
            let source = source_fn(move |_| {
                fetches.fetch_add(1, Ordering::SeqCst);
                async {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    Ok(FreshToken::new("STABLE", Duration::from_secs(7200)))
                }
            });
            Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), source)
                .token_store(Arc::new(
                    RedisStore::connect_with(&url, store_config(&prefix))
                        .await
                        .expect("redis"),
                ))
                .build()
                .expect("client")
        }
    };
    let processes = [process().await, process().await, process().await];
    // Stored 6900 s ago: due for refresh, still usable.
    let seed = RedisStore::connect_with(&redis_url, store_config(&prefix))
        .await
        .expect("redis");
    let due = cached("STABLE", now_ms() - 6_900_000);
    seed.refresh(
        &CredentialKey::access_token(APP_ID),
        None,
        ready(due.clone()),
    )
    .await
    .expect("seed");

    let calls: Vec<_> = (0..60)
        .map(|i| {
            let wx = processes[i % 3].clone();
            tokio::spawn(async move { wx.access_token().await })
        })
        .collect();
    for c in calls {
        c.await.expect("task").expect("served");
    }
    // Every process started a background refresh; wait for them all to settle.
    let deadline = Instant::now() + Duration::from_secs(10);
    let renewed = loop {
        let now = seed
            .get(&CredentialKey::access_token(APP_ID))
            .await
            .expect("get")
            .expect("cached");
        if !now.same_fetch(&due) {
            break now;
        }
        assert!(Instant::now() < deadline, "no refresh");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    tokio::time::sleep(Duration::from_millis(1000)).await;
    println!(
        "stable token refreshed ahead by 3 processes: {} fetch(es)",
        fetches.load(Ordering::SeqCst)
    );
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "the waiting processes took the stored token (same string, newer fetch)"
    );
    let current = seed
        .get(&CredentialKey::access_token(APP_ID))
        .await
        .expect("get")
        .expect("cached");
    assert!(current.same_fetch(&renewed), "and stored nothing over it");
    for wx in &processes {
        wx.access_token().await.expect("fresh");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_fetched_while_redis_goes_down_still_reaches_its_callers() {
    let Some((_, server)) = redis_env() else {
        return;
    };
    let mut redis = OwnRedis::start(&server);
    let store = RedisStore::connect_with(&redis.url(), store_config(&unique_prefix("lost-write")))
        .await
        .expect("redis");
    let (started_tx, started_rx) = oneshot::channel();
    let (go_tx, go_rx) = oneshot::channel::<()>();
    let fetch: Fetch<'static> = Box::pin(async move {
        let _ = started_tx.send(());
        let _ = go_rx.await;
        Ok(cached("ROTATED", now_ms()))
    });
    let refresh = tokio::spawn(async move {
        store
            .refresh(&CredentialKey::access_token(APP_ID), None, fetch)
            .await
    });
    started_rx.await.expect("fetching");
    tokio::task::block_in_place(|| redis.stop());
    go_tx.send(()).expect("finish the fetch");
    // WeChat has issued (and so rotated) a token: it is not thrown away because it could
    // not be stored.
    let token = refresh
        .await
        .expect("task")
        .expect("the fetched token, though unstored");
    assert_eq!(token.token, AccessToken::new("ROTATED"));
}
