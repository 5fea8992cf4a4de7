//! Benchmark: verify + decrypt + parse of an encrypted subscribe-from-QR event, one core.
//!
//! `cargo bench -p wx-tests --bench push [-- --quick]`. With `WX_PYTHON` set, also runs
//! tests/py/bench_push.py (wechatpy decrypt_message + parse_message on the same envelope)
//! and prints both figures and the ratio. Hand-rolled: warm-up, several runs, median;
//! Rust and Python rounds alternate.

// Test code: helpers outside #[test] fns unwrap and panic to fail the test at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::msg_signature;
use wx_api::push::*;

const TOKEN: &str = "pamtest";
const EAK: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wxb11529c136998cb6";
const NONCE: &str = "1320562132";
const EVENT: &str = "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[oUser_openid_1234567890]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2tqb0VxRWZsSTFVRWZXaVVWV29SAAIEAAAAAAMEAAAAAA==]]></Ticket></xml>";

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // Signed now: the timestamp window is on by default, and the server's check (system
    // clock included) is part of the work timed.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let ts = now.as_str();
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let encrypt =
        crypto::encrypt_with_random(&key, b"0123456789abcdef", EVENT.as_bytes(), APPID).unwrap();
    let sig = msg_signature(&Token::new(TOKEN), ts, NONCE, &encrypt);
    let envelope = format!(
        "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    );
    let server = PushServer::new(PushConfig::new(TOKEN, APPID).encoding_aes_key(EAK).unwrap());
    let query = PushQuery {
        timestamp: Some(ts.into()),
        nonce: Some(NONCE.into()),
        encrypt_type: Some("aes".into()),
        msg_signature: Some(sig.clone()),
        ..Default::default()
    };
    // Sanity: the work being timed succeeds and yields the QR scene.
    let inc = server.open(&query, envelope.as_bytes()).unwrap();
    match inc.message.event().map(|e| &e.kind) {
        Some(EventKind::Subscribe(s)) => assert_eq!(s.scene.as_deref(), Some("123123")),
        other => panic!("unexpected {other:?}"),
    }

    let mut op = || {
        let inc = server
            .open(black_box(&query), black_box(envelope.as_bytes()))
            .unwrap();
        black_box(inc);
    };
    let python = std::env::var("WX_PYTHON").ok().filter(|p| !p.is_empty());
    let req = json!({
        "token": TOKEN, "encoding_aes_key": EAK, "app_id": APPID,
        "envelope": envelope, "msg_signature": sig, "timestamp": ts, "nonce": NONCE,
        "quick": quick,
    });
    // Rounds alternate Rust and Python so a noisy period on a shared machine hits both.
    let rounds = if quick { 1 } else { ROUNDS };
    let mut rust_rates = Vec::new();
    let mut py_rates = Vec::new();
    for _ in 0..rounds {
        rust_rates.push(measure(&mut op, quick));
        if let Some(py) = &python {
            py_rates.push(run_python(py, &req));
        }
    }
    let rust = median(&mut rust_rates);
    println!("RESULT push.wx_per_sec {rust:.0}");
    println!(
        "wx (Rust): {:.0} msgs/s  ({:.2} µs/msg; median of {} rounds x {} runs)",
        rust,
        1e6 / rust,
        rounds,
        if quick { 1 } else { RUNS },
    );
    match python {
        Some(_) => {
            let py_rate = median(&mut py_rates);
            println!(
                "wechatpy (Python): {py_rate:.0} msgs/s  ({:.2} µs/msg)",
                1e6 / py_rate
            );
            println!("ratio wx / wechatpy: {:.1}x", rust / py_rate);
            println!("RESULT push.wechatpy_per_sec {py_rate:.0}");
            println!("RESULT push.ratio {:.1}", rust / py_rate);
        }
        None => println!("WX_PYTHON not set: skipping the wechatpy comparison"),
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Alternating Rust/Python rounds.
const ROUNDS: usize = 3;
const RUNS: usize = 7;

/// Messages per second: calibrate on a warm-up, then the median of `RUNS` timed runs.
fn measure(op: &mut impl FnMut(), quick: bool) -> f64 {
    let (warm, run_len, runs) = if quick {
        (Duration::from_millis(20), Duration::from_millis(50), 1)
    } else {
        (Duration::from_millis(300), Duration::from_millis(500), RUNS)
    };
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < warm {
        op();
        n += 1;
    }
    let per_op = start.elapsed().as_secs_f64() / n.max(1) as f64;
    let iters = ((run_len.as_secs_f64() / per_op) as u64).max(1);
    let mut rates: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                op();
            }
            iters as f64 / t.elapsed().as_secs_f64()
        })
        .collect();
    median(&mut rates)
}

fn run_python(py: &str, req: &serde_json::Value) -> f64 {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/py/bench_push.py");
    let mut child = Command::new(py)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {py}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(req.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "bench_push.py failed");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["msgs_per_sec"].as_f64().unwrap()
}
