//! The tour example runs start to finish, every step; live mode never rotates the
//! account's token.

#[path = "../examples/tour.rs"]
#[allow(dead_code)]
mod tour;

use std::time::Duration;
use wx_sandbox::{Sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET};

/// The steps, in order, as the tour names them.
const STEPS: &[&str] = &[
    "sandbox started",
    "access token",
    "temporary QR code (scene 42, 1 h)",
    "permanent QR code (\"spring-promo\")",
    "QR image fetched",
    "image material uploaded",
    "in-article image uploaded",
    "news article added as a draft",
    "draft published",
    "image material read back",
    "65-char scene refused before sending",
    "webhook listening (safe mode)",
    "user scans the temporary QR code",
    "  webhook decrypted",
    "  encrypted passive reply",
    "the follower scans again",
    "WeChat retries the same push",
    "customer-service text sent",
    "template message sent",
    "user logs in on a web page (OAuth)",
    "  the page gets its JS-SDK config",
    "follower tagged, all streamed",
    "token expired -> refreshed once, retried",
];

#[tokio::test]
async fn the_offline_tour_runs_every_step() {
    let mut out = Vec::new();
    let result = tour::run(&mut out).await;
    let text = String::from_utf8(out).expect("utf-8");
    print!("{text}");
    if let Err(e) = result {
        panic!("the tour failed: {e}\n{text}");
    }
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), STEPS.len(), "one line per step:\n{text}");
    for (i, (line, step)) in lines.iter().zip(STEPS).enumerate() {
        let (number, rest) = line.split_once(". [").expect("numbered line");
        assert_eq!(number.trim(), (i + 1).to_string(), "{line}");
        let (_, after_time) = rest.split_once(" ms] ").expect("timed line");
        assert!(
            after_time.starts_with(step),
            "line {} should be {step:?}: {line}",
            i + 1
        );
    }
    let line = |step: &str| {
        lines
            .iter()
            .find(|l| l.contains(step))
            .copied()
            .unwrap_or_default()
    };
    assert!(line("65-char scene").contains("invalid `action_info.scene.scene_str`"));
    assert!(line("webhook decrypted").contains("subscribe from QR scene \"42\" (ticket gQ"));
    assert!(line("encrypted passive reply").contains("Welcome! You came from scene 42."));
    assert!(line("customer-service text").contains("Thanks for following!"));
    assert!(line("follower tagged").contains(": 1 member; 25000 followers, 10 000 a page"));
}

#[test]
fn live_mode_needs_both_credentials_and_says_so_plainly() {
    let none = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    for (id, secret) in [("", ""), ("wx1", ""), ("", "s"), ("  ", "s")] {
        let err = tour::live_credentials(none(id), none(secret)).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "--live needs WX_APP_ID and WX_APP_SECRET (an Official Account's AppID and \
             AppSecret) in the environment, both non-empty"
        );
    }
    let err = tour::live_credentials(Some("wx1".into()), Some(" ".into())).err();
    assert!(err.is_some(), "a blank secret is refused");
    assert!(tour::live_credentials(Some("wx1".into()), Some("s".into())).is_ok());
}

#[tokio::test]
async fn live_mode_uses_stable_tokens_and_leaves_the_classic_token_valid() {
    // No overlap: a /cgi-bin/token call would invalidate the classic token at once.
    let sandbox = Sandbox::builder()
        .token_overlap(Duration::ZERO)
        .start()
        .await
        .expect("sandbox");
    let url = format!(
        "{}/cgi-bin/token?grant_type=client_credential&appid={DEFAULT_APP_ID}&secret={DEFAULT_APP_SECRET}",
        sandbox.url()
    );
    let reply: serde_json::Value = reqwest::get(&url)
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let production = reply["access_token"].as_str().expect("token").to_owned();

    let wx = tour::live_client(
        wx_api::AppCredentials::new(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
        Some(&sandbox.url()),
    )
    .expect("client");
    let mut out = Vec::new();
    tour::run_live(&mut out, wx).await.expect("live tour");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("stable, normal mode"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");

    let probe = format!(
        "{}/cgi-bin/draft/count?access_token={production}",
        sandbox.url()
    );
    let still: serde_json::Value = reqwest::get(&probe)
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(
        still.get("errcode"),
        None,
        "the production token still works: {still}"
    );
    assert_eq!(
        sandbox.token_fetches(DEFAULT_APP_ID),
        2,
        "one classic, one stable"
    );
}
