//! The `wx-sandbox` command line: help on stdout with success, usage errors on stderr
//! with status 2, the token timings accepted.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_wx-sandbox");

#[test]
fn help_goes_to_stdout_with_success() {
    for flag in ["--help", "-h"] {
        let out = Command::new(BIN)
            .arg(flag)
            .output()
            .expect("run wx-sandbox");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{flag}: {:?}", out.status);
        assert!(text.starts_with("usage: wx-sandbox"), "{text}");
        assert!(text.contains("--token-overlap"), "{text}");
        assert!(out.stderr.is_empty(), "{flag}: nothing on stderr");
    }
}

#[test]
fn a_bad_argument_is_a_usage_error_on_stderr() {
    for args in [
        &["--bogus"][..],
        &["--token-overlap"],
        &["--token-overlap", "soon"],
    ] {
        let out = Command::new(BIN)
            .args(args)
            .output()
            .expect("run wx-sandbox");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage: wx-sandbox"),
            "{args:?}"
        );
    }
}

#[test]
fn token_ttl_and_overlap_are_accepted() {
    let mut child = Command::new(BIN)
        .args(["--token-ttl", "60", "--token-overlap", "5", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start wx-sandbox");
    let mut first = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("banner");
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.starts_with("wx-sandbox listening on"), "{first:?}");
}
