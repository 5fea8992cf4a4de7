//! The web login example runs start to finish: OAuth login through the sandbox's authorize
//! page, a session cookie, a page whose `wx.config` verifies against the sandbox's ticket, a
//! reused code and a forged state handled.

#[path = "../examples/web_login.rs"]
#[allow(dead_code)]
mod web_login;

#[tokio::test]
async fn the_web_login_example_logs_a_user_in_and_signs_its_page() {
    let mut out = Vec::new();
    let result = web_login::run(&mut out).await;
    let text = String::from_utf8(out).expect("utf-8");
    print!("{text}");
    if let Err(e) = result {
        panic!("the example failed: {e}");
    }
    let hops: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(" -> ").nth(1))
        .map(|outcome| outcome.get(..3).unwrap_or(outcome))
        .collect();
    assert_eq!(hops, ["303", "302", "303", "200", "303", "400"], "{text}");
}
