//! Test support: the WeChat double of the integration tests (the sandbox, `wx-sandbox`,
//! set up as the tests expect), a Redis of a test's own, a hand-moved clock and the
//! benchmarks' helpers. The sandbox is the only WeChat API double: a test that needs a
//! reply it would not give queues one with [`Sandbox::canned`].

// Test support code: a broken fixture (a port that will not bind) should stop the test at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
pub use wx_sandbox::{CannedReply, RecordedRequest, Sandbox, SandboxApp, SandboxBuilder};

pub const APP_ID: &str = "wx-test-app";
pub const APP_SECRET: &str = "s3cr3t-app-secret";
/// A second Official Account of the sandbox, with the same secret.
pub const SECOND_APP_ID: &str = "wx-second-app";

/// The sandbox as the tests use it: the Official Accounts [`APP_ID`] and [`SECOND_APP_ID`]
/// (secret [`APP_SECRET`]), tokens named `tok-<app id>-<n>` (`n` counting the tokens it
/// issued, all apps), every request recorded ([`Sandbox::requests_to`]), and a daily token
/// quota no test reaches.
pub async fn sandbox() -> Sandbox {
    sandbox_with(|b| b).await
}

/// [`sandbox`] with more options (token TTL, ...).
pub async fn sandbox_with(more: impl FnOnce(SandboxBuilder) -> SandboxBuilder) -> Sandbox {
    let builder = Sandbox::builder()
        .app(SandboxApp::official_account(APP_ID, APP_SECRET))
        .app(SandboxApp::official_account(SECOND_APP_ID, APP_SECRET))
        .predictable_tokens()
        .record_requests()
        .daily_token_quota(u32::MAX);
    more(builder).start().await.expect("start the sandbox")
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

/// Token fetches: the requests [`sandbox`] received on both token endpoints, counted on
/// arrival (before a token delay), whatever the answer (a refused secret, a canned reply).
pub fn fetches(sandbox: &Sandbox) -> usize {
    sandbox.requests_to("/cgi-bin/token").len() + sandbox.requests_to("/cgi-bin/stable_token").len()
}

/// The official doc-example fixture of endpoint `name` (`oa::tags::create`, or with dots:
/// `oa.tags.create`), from `tests/fixtures/doc-examples/`. Panics (these are tests) when the
/// file is missing or not JSON, when it names another endpoint, or when its `doc_url` is not
/// an official page.
pub fn doc_example(name: &str) -> serde_json::Value {
    let qualified = name.replace('.', "::");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/doc-examples")
        .join(format!("{}.json", qualified.replace("::", ".")));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    assert_eq!(v["endpoint"], qualified.as_str(), "{path:?}");
    assert!(
        v["doc_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://developers.weixin.qq.com/")),
        "{path:?}: doc_url"
    );
    v
}

/// An Official Account client of [`APP_ID`] (classic tokens) against `sandbox`.
pub fn oa_client(sandbox: &Sandbox) -> wx_api::Client<wx_api::OfficialAccount> {
    wx_api::Client::official_account(
        wx_api::AppCredentials::new(APP_ID, APP_SECRET),
        wx_api::token::Classic,
    )
    .base_url(sandbox.url())
    .build()
    .expect("oa client")
}

/// A Mini Program client of the sandbox's default Mini Program (classic tokens).
pub fn mp_client(sandbox: &Sandbox) -> wx_api::Client<wx_api::MiniProgram> {
    wx_api::Client::mini_program(
        wx_api::AppCredentials::new(
            wx_sandbox::DEFAULT_MINI_PROGRAM_ID,
            wx_sandbox::DEFAULT_MINI_PROGRAM_SECRET,
        ),
        wx_api::token::Classic,
    )
    .base_url(sandbox.url())
    .build()
    .expect("mp client")
}

/// The errcode of a WeChat error reply; any other error fails the test.
pub fn errcode(err: wx_api::Error) -> i64 {
    match err {
        wx_api::Error::Api { code, .. } => code.code(),
        other => panic!("expected a WeChat error, got {other:?}"),
    }
}
