//! The `wx-sandbox` binary: help on stdout with success, usage errors on stderr with
//! status 2, and a real start on a port that hands out tokens with the timings given.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use wx_sandbox::{DEFAULT_APP_ID, DEFAULT_APP_SECRET};

const BIN: &str = env!("CARGO_BIN_EXE_wx-sandbox");

/// The started binary, killed when the test ends (also on failure).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn help_prints_usage_on_stdout_and_exits_zero() {
    for flag in ["--help", "-h"] {
        let out = Command::new(BIN).arg(flag).output().expect("run");
        assert_eq!(out.status.code(), Some(0), "{flag}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with("usage: wx-sandbox"), "{stdout}");
        assert!(stdout.contains("--port N"), "{stdout}");
        assert!(stdout.contains("--token-overlap"), "{stdout}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_bad_argument_is_a_usage_error_on_stderr() {
    for args in [
        &["--bogus"][..],
        &["--token-overlap"],
        &["--token-overlap", "soon"],
    ] {
        let out = Command::new(BIN).args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage: wx-sandbox"),
            "{args:?}"
        );
    }
}

#[tokio::test]
async fn starts_on_a_port_and_issues_a_token() {
    let child = Command::new(BIN)
        .args(["--port", "0", "--token-ttl", "600", "--token-overlap", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout");
    let first = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("join")
    .expect("read");
    let url = first
        .trim()
        .strip_prefix("wx-sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_owned();
    let port: u16 = url
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port in the URL");
    assert_ne!(port, 0, "the actual port is printed");

    let reply: serde_json::Value = reqwest::get(format!(
        "{url}/cgi-bin/token?grant_type=client_credential&appid={DEFAULT_APP_ID}&secret={DEFAULT_APP_SECRET}"
    ))
    .await
    .expect("get")
    .json()
    .await
    .expect("json");
    assert!(
        reply["access_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{reply}"
    );
    assert_eq!(reply["expires_in"], 600, "--token-ttl is applied");
}
