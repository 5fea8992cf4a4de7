//! Call overhead: `Client::send(create_qrcode)` against a loopback server, versus the same
//! call written by hand with reqwest + serde_json (same pool settings, same URL, body and
//! decoding with the errcode check), versus wechatpy. Sequential and 32 in flight.
//! Rounds alternate wx and hand-written so a noisy moment hits both; medians are compared.
//!
//! `cargo bench -p wx-tests --bench calls [-- --quick]`

// Test code: helpers outside #[test] fns unwrap and panic to fail the test at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use wx_api::oa::qrcode;
use wx_api::token::{source_fn, FreshToken};
use wx_api::{AppCredentials, Client, OfficialAccount};
use wx_tests::bench::{median, python, quick, result};

const REPLY: &str = r#"{"ticket":"gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==","expire_seconds":60,"url":"http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI"}"#;
const TOKEN: &str = "bench-token";
const IN_FLIGHT: usize = 32;

async fn server() -> String {
    let app = axum::Router::new().route(
        "/cgi-bin/qrcode/create",
        axum::routing::post(|_body: axum::body::Bytes| async {
            (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                REPLY,
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[derive(Serialize)]
struct Scene {
    scene_id: u32,
}
#[derive(Serialize)]
struct ActionInfo {
    scene: Scene,
}
#[derive(Serialize)]
struct Body {
    expire_seconds: u32,
    action_name: &'static str,
    action_info: ActionInfo,
}
#[derive(Deserialize)]
#[allow(dead_code)]
struct Reply {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    ticket: Option<String>,
    expire_seconds: Option<u32>,
    url: Option<String>,
}

/// The hand-written call: what a careful user would write without wx.
async fn by_hand(http: &reqwest::Client, base: &str, scene_id: u32) -> Result<Reply, String> {
    let body = Body {
        expire_seconds: 60,
        action_name: "QR_SCENE",
        action_info: ActionInfo {
            scene: Scene { scene_id },
        },
    };
    let bytes = http
        .post(format!("{base}/cgi-bin/qrcode/create?access_token={TOKEN}"))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(&body).map_err(|e| e.to_string())?)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .bytes()
        .await
        .map_err(|e| e.to_string())?;
    let reply: Reply = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if reply.errcode != 0 {
        return Err(reply.errmsg);
    }
    Ok(reply)
}

async fn by_wx(
    wx: &Client<OfficialAccount>,
    scene_id: u32,
) -> Result<qrcode::create::Response, wx_api::Error> {
    wx.send(qrcode::create::Request::temporary_id(scene_id, 60))
        .await
}

fn wx_client(base: &str) -> Client<OfficialAccount> {
    Client::official_account(
        AppCredentials::new("wx-bench", "secret"),
        source_fn(|_| async { Ok(FreshToken::new(TOKEN, Duration::from_secs(7200))) }),
    )
    .base_url(base)
    .build()
    .expect("client")
}

/// A reqwest client with the settings wx's own uses.
fn hand_client(wx: &Client<OfficialAccount>) -> reqwest::Client {
    let config = wx.config();
    reqwest::Client::builder()
        .timeout(config.timeout)
        .connect_timeout(config.connect_timeout)
        .pool_max_idle_per_host(config.pool_max_idle_per_host)
        .user_agent("wx/0.1.0")
        .build()
        .expect("reqwest")
}

/// Calls per second for `n` calls, `in_flight` at a time. Each task clones `ctx` once and
/// makes its calls through a reference, so both sides pay the same per-call harness cost
/// (none) and only the call itself is compared.
macro_rules! rate {
    ($n:expr, $in_flight:expr, $ctx:expr, |$c:ident, $i:ident| $call:expr) => {{
        let in_flight: usize = $in_flight;
        let per_task = $n / in_flight;
        let start = Instant::now();
        let tasks: Vec<_> = (0..in_flight)
            .map(|t| {
                let $c = $ctx.clone();
                tokio::spawn(async move {
                    for k in 0..per_task {
                        let $i = (t * per_task + k + 1) as u32;
                        assert!($call, "call failed");
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("task");
        }
        (per_task * in_flight) as f64 / start.elapsed().as_secs_f64()
    }};
}

fn main() {
    let quick = quick();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let base = server().await;
        let wx = wx_client(&base);
        let http = hand_client(&wx);
        by_wx(&wx, 1).await.expect("warm wx");
        by_hand(&http, &base, 1).await.expect("warm hand");

        // Many short rounds: on a shared VM a round's ratio varies by ±10 %, their median much less.
        let (n, rounds) = if quick { (64, 1) } else { (5000, 25) };
        result("calls.rounds", rounds as f64);
        result("calls.n", n as f64);
        for (mode, in_flight) in [("sequential", 1), ("concurrent", IN_FLIGHT)] {
            let (mut wx_rates, mut hand_rates) = (Vec::new(), Vec::new());
            // Each round measures both sides back to back (alternating which goes first),
            // and its ratio is taken within the round: slow drift of the machine cancels.
            let mut ratios = Vec::new();
            for round in 0..rounds {
                // Fresh clients each round, so fresh connections: where a connection's driver
                // task lands relative to the callers (same worker or not) is drawn anew
                // instead of favouring one side for a whole run. Both are warmed first.
                let wx = wx_client(&base);
                let http = hand_client(&wx);
                let _ = rate!(n / 5, in_flight, wx, |c, i| by_wx(&c, i).await.is_ok());
                let _ = rate!(n / 5, in_flight, (http.clone(), base.clone()), |c, i| {
                    by_hand(&c.0, &c.1, i).await.is_ok()
                });
                let (mut w, mut h) = (0.0, 0.0);
                for wx_turn in [round % 2 == 0, round % 2 != 0] {
                    if wx_turn {
                        w = rate!(n, in_flight, wx, |c, i| by_wx(&c, i).await.is_ok());
                    } else {
                        h = rate!(n, in_flight, (http.clone(), base.clone()), |c, i| {
                            by_hand(&c.0, &c.1, i).await.is_ok()
                        });
                    }
                }
                wx_rates.push(w);
                hand_rates.push(h);
                ratios.push(h / w);
                if std::env::var_os("WX_BENCH_VERBOSE").is_some() {
                    eprintln!("{mode} round {round}: wx {w:.0} hand {h:.0} ratio {:.3}", h / w);
                }
            }
            let (w, h) = (median(&mut wx_rates), median(&mut hand_rates));
            let (lo, hi) = (
                ratios.iter().copied().fold(f64::INFINITY, f64::min),
                ratios.iter().copied().fold(0.0, f64::max),
            );
            let ratio = median(&mut ratios);
            println!("{mode:>10}: wx {w:>8.0} calls/s, hand-written {h:>8.0} calls/s, wx/hand time ratio {ratio:.3} (rounds {lo:.3}..{hi:.3})");
            result(&format!("calls.{mode}.wx_per_sec"), w);
            result(&format!("calls.{mode}.hand_per_sec"), h);
            result(&format!("calls.{mode}.ratio"), ratio);
            result(&format!("calls.{mode}.ratio_min"), lo);
            result(&format!("calls.{mode}.ratio_max"), hi);
            result(&format!("calls.{mode}.in_flight"), in_flight as f64);
        }

        if let Some(py) = python() {
            // As many calls as a paired round above: on this 2-vCPU VM a short burst runs
            // up to 3x faster than a sustained run (its tasks still share one worker), so
            // shorter wx runs would flatter wx.
            let n = if quick { 50 } else { n };
            for (mode, in_flight) in [("sequential", 1), ("concurrent", IN_FLIGHT)] {
                let (mut py_rates, mut wx_rates) = (Vec::new(), Vec::new());
                for _ in 0..if quick { 1 } else { 3 } {
                    let out = std::process::Command::new(&py)
                        .args([
                            concat!(env!("CARGO_MANIFEST_DIR"), "/py/bench_calls.py"),
                            &base,
                            &n.to_string(),
                            &in_flight.to_string(),
                        ])
                        .output()
                        .expect("run python");
                    let text = String::from_utf8_lossy(&out.stdout);
                    let value = text.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok());
                    match value {
                        Some(v) => py_rates.push(v),
                        None => panic!("bench_calls.py printed {text:?}; stderr {}", String::from_utf8_lossy(&out.stderr)),
                    }
                    wx_rates.push(rate!(n, in_flight, wx, |c, i| by_wx(&c, i).await.is_ok()));
                }
                let (p, w) = (median(&mut py_rates), median(&mut wx_rates));
                println!("  wechatpy {mode}: {p:.0} calls/s; wx {w:.0} calls/s, {:.1}x faster", w / p);
                result(&format!("calls.wechatpy.{mode}.per_sec"), p);
                result(&format!("calls.wechatpy.{mode}.wx_per_sec"), w);
                result(&format!("calls.wechatpy.{mode}.speedup"), w / p);
            }
        } else {
            println!("WX_PYTHON not set: skipping the wechatpy comparison");
        }
    });
}
