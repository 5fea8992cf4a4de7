//! Test support: a loopback WeChat API double for the integration tests.
//!
//! It implements just enough of the real behaviour for the client's tests — token issue
//! with counting, token validation (40001 for a rejected token), QR tickets and images —
//! plus canned replies for the error paths. The fuller emulator is `wx-sandbox`.

// Test support code: a broken fixture (a port that will not bind) should stop the test at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const APP_ID: &str = "wx-test-app";
pub const APP_SECRET: &str = "s3cr3t-app-secret";

/// A reply served instead of the normal behaviour, once.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Canned {
    pub fn json(body: &str) -> Self {
        Self {
            status: 200,
            content_type: "application/json; charset=utf-8",
            body: body.as_bytes().to_vec(),
        }
    }
}

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: HashMap<String, String>,
    pub body: Vec<u8>,
}

#[derive(Default)]
pub struct MockState {
    pub token_fetches: AtomicUsize,
    /// Seconds announced as `expires_in`.
    pub token_ttl: Mutex<u64>,
    /// Delay before answering a token request (to let concurrent callers pile up).
    pub token_delay: Mutex<Duration>,
    /// Tokens the API accepts.
    pub valid_tokens: Mutex<HashSet<String>>,
    /// When set, every token is rejected with 40001.
    pub reject_all_tokens: Mutex<bool>,
    /// Canned replies by path, served first.
    pub canned: Mutex<HashMap<String, VecDeque<Canned>>>,
    pub requests: Mutex<Vec<Recorded>>,
    pub tickets: Mutex<HashSet<String>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl MockState {
    pub fn fetches(&self) -> usize {
        self.token_fetches.load(Ordering::SeqCst)
    }
    pub fn set_token_ttl(&self, secs: u64) {
        *lock(&self.token_ttl) = secs;
    }
    pub fn set_token_delay(&self, delay: Duration) {
        *lock(&self.token_delay) = delay;
    }
    pub fn reject_all_tokens(&self, reject: bool) {
        *lock(&self.reject_all_tokens) = reject;
    }
    /// Makes the API reject `token` from now on (as after another process's refresh).
    pub fn revoke(&self, token: &str) {
        lock(&self.valid_tokens).remove(token);
    }
    pub fn push_canned(&self, path: &str, reply: Canned) {
        lock(&self.canned)
            .entry(path.to_owned())
            .or_default()
            .push_back(reply);
    }
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        lock(&self.requests)
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
    pub fn request_count(&self) -> usize {
        lock(&self.requests).len()
    }
}

/// A running mock on a loopback port; stops when dropped (with the test's runtime).
pub struct MockServer {
    pub url: String,
    pub state: Arc<MockState>,
}

impl MockServer {
    pub async fn start() -> MockServer {
        let state = Arc::new(MockState::default());
        state.set_token_ttl(7200);
        let app = axum::Router::new()
            .fallback(handle)
            .layer(axum::extract::DefaultBodyLimit::max(32 * 1024 * 1024))
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MockServer {
            url: format!("http://{addr}"),
            state,
        }
    }
}

fn json(value: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        value.to_string(),
    )
        .into_response()
}

fn errcode(code: i64, msg: &str) -> Response {
    json(
        serde_json::json!({"errcode": code, "errmsg": format!("{msg} rid: 65f0c0de-1234abcd-5678ef00")}),
    )
}

async fn issue_token(state: &MockState, appid: Option<&str>, secret: Option<&str>) -> Response {
    let n = state.token_fetches.fetch_add(1, Ordering::SeqCst) + 1;
    let delay = *lock(&state.token_delay);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if appid != Some(APP_ID) && appid != Some("wx-second-app") {
        return errcode(40013, "invalid appid");
    }
    if secret != Some(APP_SECRET) {
        return errcode(
            40001,
            "invalid credential, access_token is invalid or not latest",
        );
    }
    let token = format!("tok-{}-{n}", appid.unwrap_or_default());
    lock(&state.valid_tokens).insert(token.clone());
    let ttl = *lock(&state.token_ttl);
    json(serde_json::json!({"access_token": token, "expires_in": ttl}))
}

async fn handle(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    lock(&state.requests).push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        body: body.to_vec(),
    });
    let canned = lock(&state.canned)
        .get_mut(&path)
        .and_then(VecDeque::pop_front);
    if let Some(c) = canned {
        return (
            StatusCode::from_u16(c.status).unwrap_or(StatusCode::OK),
            [(header::CONTENT_TYPE, c.content_type)],
            c.body,
        )
            .into_response();
    }
    match path.as_str() {
        "/cgi-bin/token" => {
            issue_token(
                &state,
                query.get("appid").map(String::as_str),
                query.get("secret").map(String::as_str),
            )
            .await
        }
        "/cgi-bin/stable_token" => {
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            issue_token(&state, v["appid"].as_str(), v["secret"].as_str()).await
        }
        "/cgi-bin/showqrcode" => {
            let known = query
                .get("ticket")
                .is_some_and(|t| lock(&state.tickets).contains(t));
            if known {
                ([(header::CONTENT_TYPE, "image/jpg")], FAKE_JPEG.to_vec()).into_response()
            } else {
                StatusCode::NOT_FOUND.into_response()
            }
        }
        _ => {
            let token = query.get("access_token").cloned().unwrap_or_default();
            if token.is_empty() {
                return errcode(41001, "access_token missing");
            }
            if *lock(&state.reject_all_tokens) || !lock(&state.valid_tokens).contains(&token) {
                return errcode(
                    40001,
                    "invalid credential, access_token is invalid or not latest",
                );
            }
            match path.as_str() {
                "/cgi-bin/qrcode/create" => {
                    let req: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                    let n = lock(&state.tickets).len() + 1;
                    let ticket = format!("gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw+/={n}");
                    lock(&state.tickets).insert(ticket.clone());
                    let mut reply = serde_json::json!({"ticket": ticket, "url": format!("http://weixin.qq.com/q/mock{n}")});
                    if let Some(secs) = req.get("expire_seconds") {
                        reply["expire_seconds"] = secs.clone();
                    }
                    json(reply)
                }
                _ => errcode(40035, "invalid parameter: no such endpoint in the mock"),
            }
        }
    }
}

/// A few bytes that start like a JPEG.
pub const FAKE_JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0xFF, 0xD9,
];

/// Redis for the tests: `(WX_REDIS_URL, WX_REDIS_SERVER)` as set by `cargo xtask test`.
/// Without them the test is skipped with a note — except in CI, where that is a failure.
pub fn redis_env() -> Option<(String, std::path::PathBuf)> {
    match (
        std::env::var("WX_REDIS_URL"),
        std::env::var("WX_REDIS_SERVER"),
    ) {
        (Ok(url), Ok(server)) => Some((url, server.into())),
        _ if std::env::var_os("CI").is_some() => {
            panic!(
                "WX_REDIS_URL / WX_REDIS_SERVER are not set: run the suite with `cargo xtask test`"
            )
        }
        _ => {
            eprintln!("skipped: no Redis; run `cargo xtask test` to start one");
            None
        }
    }
}

/// A key prefix no other test run uses.
pub fn unique_prefix(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("wxtest-{name}-{}-{nanos}", std::process::id())
}

/// A redis-server of a test's own, on a free loopback port, that the test can stop and
/// start again; killed on drop.
pub struct OwnRedis {
    binary: std::path::PathBuf,
    pub port: u16,
    child: Option<std::process::Child>,
}

impl OwnRedis {
    pub fn start(binary: &std::path::Path) -> OwnRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let mut r = OwnRedis {
            binary: binary.to_owned(),
            port,
            child: None,
        };
        r.restart();
        r
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Freezes the server (SIGSTOP): connections stay open, nothing is answered — Redis
    /// "slow" rather than down.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Undoes [`OwnRedis::pause`] (SIGCONT).
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let child = self.child.as_ref().expect("redis-server is running");
        let status = std::process::Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill {signal} failed");
    }

    pub fn restart(&mut self) {
        self.stop();
        let child = std::process::Command::new(&self.binary)
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn redis-server");
        self.child = Some(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        // SIGKILL also ends a paused (SIGSTOPped) server.
        self.stop();
    }
}

/// A clock the test moves by hand (`ClientBuilder::clock`), starting at the real time, so
/// that token lifetimes are crossed without sleeping through them.
#[derive(Debug)]
pub struct TestClock(AtomicU64);

impl TestClock {
    pub fn new() -> Arc<TestClock> {
        Arc::new(TestClock(AtomicU64::new(wx_core::token::now_ms())))
    }
    pub fn advance(&self, by: Duration) {
        self.0.fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }
}

impl wx_core::token::Clock for TestClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Helpers of the hand-rolled benchmarks (`tests/benches`).
pub mod bench {
    /// Median of a non-empty sample (NaN when empty).
    pub fn median(v: &mut [f64]) -> f64 {
        v.sort_by(|a, b| a.total_cmp(b));
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    }

    /// A figure for `cargo xtask bench` to collect: `RESULT name value`.
    pub fn result(name: &str, value: f64) {
        println!("RESULT {name} {value:.3}");
    }

    pub fn quick() -> bool {
        std::env::args().any(|a| a == "--quick")
    }

    /// The interpreter of the Python peer, when `WX_PYTHON` names one.
    pub fn python() -> Option<String> {
        std::env::var("WX_PYTHON").ok().filter(|p| !p.is_empty())
    }
}
