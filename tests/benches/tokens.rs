//! Token single flight under 1000 concurrent callers on a cold cache: how many fetches,
//! and what the first call costs compared with a warm one (the token server answers after
//! a fixed 20 ms). `cargo bench -p wx-tests --bench tokens [-- --quick]`

// Test code: helpers outside #[test] fns unwrap and panic to fail the test at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};
use wx_api::oa::qrcode;
use wx_api::token::Classic;
use wx_api::{AppCredentials, Client};
use wx_tests::bench::{median, quick, result};
use wx_tests::{APP_ID, APP_SECRET};

const CALLERS: usize = 1000;
const TOKEN_DELAY: Duration = Duration::from_millis(20);

/// Latencies (ms) of `callers` concurrent calls.
async fn burst(wx: &Client, callers: usize) -> Vec<f64> {
    let tasks: Vec<_> = (0..callers)
        .map(|i| {
            let wx = wx.clone();
            tokio::spawn(async move {
                let start = Instant::now();
                wx.send(qrcode::create::Request::temporary_id(i as u32 + 1, 60))
                    .await
                    .expect("call");
                start.elapsed().as_secs_f64() * 1000.0
            })
        })
        .collect();
    let mut out = Vec::with_capacity(callers);
    for t in tasks {
        out.push(t.await.expect("task"));
    }
    out
}

fn main() {
    let quick = quick();
    let callers = if quick { 50 } else { CALLERS };
    let rounds = if quick { 1 } else { 5 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let sandbox = wx_tests::sandbox().await;
        sandbox.set_token_delay(TOKEN_DELAY);
        let (mut fetches, mut cold_p50, mut cold_max, mut warm_p50) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let before = wx_tests::fetches(&sandbox);
            let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
                .base_url(sandbox.url())
                .build()
                .expect("client");
            let mut cold = burst(&wx, callers).await;
            fetches.push((wx_tests::fetches(&sandbox) - before) as f64);
            let mut warm = burst(&wx, callers).await;
            cold_p50.push(median(&mut cold));
            cold_max.push(cold.iter().copied().fold(0.0, f64::max));
            warm_p50.push(median(&mut warm));
        }
        let (f, c, m, w) = (median(&mut fetches), median(&mut cold_p50), median(&mut cold_max), median(&mut warm_p50));
        println!("{callers} concurrent cold callers: {f} token fetch(es) per round; latency p50 {c:.1} ms (max {m:.1} ms) cold vs {w:.1} ms warm; token server delay {} ms", TOKEN_DELAY.as_millis());
        result("tokens.callers", callers as f64);
        result("tokens.rounds", rounds as f64);
        result("tokens.server_delay_ms", TOKEN_DELAY.as_millis() as f64);
        result("tokens.fetches", fetches.iter().copied().fold(0.0, f64::max));
        result("tokens.cold_p50_ms", c);
        result("tokens.cold_max_ms", m);
        result("tokens.warm_p50_ms", w);
        result("tokens.added_p50_ms", c - w);
    });
}
