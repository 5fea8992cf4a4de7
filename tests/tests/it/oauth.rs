//! OAuth2 web login end to end against the sandbox: the authorize URL, the sandbox's 302
//! as after consent, the code exchange, the user's profile with its UnionID, the token
//! check, expiry and `fresh()`; and the bad input: a reused, expired or forged code, a
//! tampered or missing state, a bad redirect_uri, a refused refresh token, a rejected user
//! token (no app-token refresh), a busy reply to an exchange (never resent).

use std::sync::Arc;
use std::time::Duration;
use wx_api::oa::oauth::{
    self, AuthorizeUrl, QrConnectUrl, Scope, State, StateError, UserAccessToken,
};
use wx_api::token::{Classic, Clock as _};
use wx_api::{AppCredentials, Client, ErrCode, Error, OfficialAccount, RetryPolicy};
use wx_tests::{CannedReply, Sandbox, SandboxApp, TestClock, APP_SECRET, SECOND_APP_ID};

/// An Official Account with an AppID of WeChat's shape (the URL builders check it).
const APP_ID: &str = "wx0a1b2c3d4e5f6a7b";
const EXCHANGE: &str = "/sns/oauth2/access_token";
const REFRESH: &str = "/sns/oauth2/refresh_token";

/// The tests' sandbox ([`wx_tests::sandbox`]) with [`APP_ID`] too.
async fn sandbox() -> Sandbox {
    wx_tests::sandbox_with(|b| b.app(SandboxApp::official_account(APP_ID, APP_SECRET))).await
}

fn client(sandbox: &Sandbox, clock: &Arc<TestClock>) -> Client<OfficialAccount> {
    Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .clock(Arc::clone(clock) as Arc<dyn wx_api::token::Clock>)
        .build()
        .expect("client")
}

/// Opens `url` as a browser would and returns the redirect's target (no redirect: `Err`
/// with the status).
async fn open(url: &str) -> Result<reqwest::Url, u16> {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let reply = browser.get(url).send().await.unwrap();
    if reply.status().as_u16() != 302 {
        return Err(reply.status().as_u16());
    }
    let location = reply
        .headers()
        .get(reqwest::header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap();
    Ok(reqwest::Url::parse(location).unwrap())
}

fn param(url: &reqwest::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn full_flow_authorize_redirect_exchange_profile_check_expiry_and_refresh() {
    let sandbox = sandbox().await;
    sandbox.bind_open_platform(APP_ID);
    sandbox.set_oauth_user("o-alice");
    let clock = TestClock::new();
    let wx = client(&sandbox, &clock);

    // The page sends the browser to the authorize URL with a fresh state...
    let state = State::generate().unwrap();
    let url = AuthorizeUrl::new(
        APP_ID,
        "https://app.example/login?next=/home",
        Scope::UserInfo,
    )
    .state(state.as_str())
    .base(sandbox.url())
    .build()
    .unwrap();
    assert!(url.ends_with("#wechat_redirect"), "{url}");
    // ...and WeChat (the sandbox) redirects back with a code and the state.
    let back = open(&url).await.expect("a 302 after consent");
    assert_eq!(back.host_str(), Some("app.example"));
    assert_eq!(back.path(), "/login");
    assert_eq!(param(&back, "next").as_deref(), Some("/home"));
    State::verify(state.as_str(), param(&back, "state").as_deref()).expect("our state");
    let code = param(&back, "code").expect("a code");

    let mut login = UserAccessToken::exchange(&wx, &code).await.unwrap();
    assert_eq!(login.openid(), "o-alice");
    assert_eq!(login.unionid(), Some("union-o-alice"));
    assert_eq!(login.scope(), "snsapi_userinfo");
    assert_eq!(login.expires_at_ms(), clock.now_ms() + 7_200_000);
    let exchange = &sandbox.requests_to(EXCHANGE)[0];
    assert_eq!(
        exchange.query.get("appid").map(String::as_str),
        Some(APP_ID)
    );
    assert_eq!(
        exchange.query.get("secret").map(String::as_str),
        Some(APP_SECRET)
    );
    assert_eq!(
        exchange.query.get("grant_type").map(String::as_str),
        Some("authorization_code")
    );

    let me = login.user_info(&wx, None).await.unwrap();
    assert_eq!(me.openid, "o-alice");
    assert_eq!(me.unionid.as_deref(), Some("union-o-alice"));
    assert_eq!(me.privilege, ["sandbox"]);
    let first = login.access_token().clone();
    assert_eq!(
        sandbox.requests_to("/sns/userinfo")[0]
            .query
            .get("access_token")
            .map(String::as_str),
        Some(first.expose()),
        "the user's own token, not the app's"
    );
    assert!(login.check(&wx).await.unwrap());
    // The app's access token was never needed.
    assert_eq!(wx_tests::fetches(&sandbox), 0);
    assert!(sandbox.requests_to(REFRESH).is_empty());

    // Two hours pass, for WeChat and for the client.
    sandbox.advance_clock(Duration::from_secs(7201));
    clock.advance(Duration::from_secs(7201));
    assert!(login.is_expired(clock.now_ms()));
    assert!(!login.check(&wx).await.unwrap(), "WeChat says 42001");
    login.fresh(&wx).await.unwrap();
    assert_eq!(sandbox.requests_to(REFRESH).len(), 1);
    let refresh = &sandbox.requests_to(REFRESH)[0];
    assert_eq!(refresh.query.get("appid").map(String::as_str), Some(APP_ID));
    assert_eq!(refresh.query.get("secret"), None, "no secret on a refresh");
    assert_ne!(login.access_token(), &first);
    assert!(!login.is_expired(clock.now_ms()));
    assert!(login.check(&wx).await.unwrap());
    // Fresh enough now: no second refresh.
    login.fresh(&wx).await.unwrap();
    login.user_info(&wx, None).await.unwrap();
    assert_eq!(sandbox.requests_to(REFRESH).len(), 1);

    // The replaced token is refused as the user's, with no app-token refresh.
    let err = wx
        .send(oauth::get_user_info::Request::new(first, "o-alice"))
        .await
        .unwrap_err();
    assert!(err.is_user_token_invalid(), "{err:?}");
    assert_eq!(err.code(), Some(ErrCode::InvalidCredential));
    assert_eq!(wx_tests::fetches(&sandbox), 0);

    // The login survives a session store.
    let stored = serde_json::to_string(&login).unwrap();
    let restored: UserAccessToken = serde_json::from_str(&stored).unwrap();
    assert_eq!(restored, login);
    assert!(restored.check(&wx).await.unwrap());
}

#[tokio::test]
async fn a_code_works_once_and_the_second_exchange_is_a_typed_error_sent_once() {
    let sandbox = sandbox().await;
    let clock = TestClock::new();
    let wx = client(&sandbox, &clock);
    let code = sandbox.oauth_code(APP_ID, "o-bob", "snsapi_base");
    let login = UserAccessToken::exchange(&wx, &code).await.unwrap();
    assert_eq!(login.openid(), "o-bob");
    assert_eq!(login.unionid(), None, "the app is not bound");
    assert_eq!(sandbox.requests_to(EXCHANGE).len(), 1);

    let err = UserAccessToken::exchange(&wx, &code).await.unwrap_err();
    assert!(err.is_code_used(), "{err:?}");
    assert!(!err.is_code_invalid());
    assert_eq!(err.code(), Some(ErrCode::CodeAlreadyUsed));
    assert_eq!(
        sandbox.requests_to(EXCHANGE).len(),
        2,
        "exactly one request for the second exchange"
    );
}

#[tokio::test]
async fn a_busy_reply_to_an_exchange_is_not_resent_whatever_the_retry_policy() {
    let sandbox = sandbox().await;
    let wx = Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(sandbox.url())
        .retry_policy(
            RetryPolicy::default()
                .with_busy_retries(3)
                .with_busy_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let code = sandbox.oauth_code(APP_ID, "o-carol", "snsapi_base");
    sandbox.canned(
        EXCHANGE,
        CannedReply::json(r#"{"errcode":-1,"errmsg":"system error"}"#),
    );
    let err = UserAccessToken::exchange(&wx, &code).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrCode::SystemBusy));
    assert!(err.may_have_reached_wechat());
    assert_eq!(sandbox.requests_to(EXCHANGE).len(), 1, "sent once");
}

#[tokio::test]
async fn expired_forged_and_foreign_codes_are_invalid() {
    let sandbox = sandbox().await;
    let clock = TestClock::new();
    let wx = client(&sandbox, &clock);

    let code = sandbox.oauth_code(APP_ID, "o-dan", "snsapi_base");
    sandbox.advance_clock(Duration::from_secs(5 * 60));
    let err = UserAccessToken::exchange(&wx, &code).await.unwrap_err();
    assert!(err.is_code_invalid(), "{err:?}");
    assert_eq!(err.code(), Some(ErrCode::CodeExpired));

    let err = UserAccessToken::exchange(&wx, "forged-code")
        .await
        .unwrap_err();
    assert!(err.is_code_invalid(), "{err:?}");
    assert_eq!(err.code(), Some(ErrCode::InvalidCode));

    let foreign = sandbox.oauth_code(SECOND_APP_ID, "o-dan", "snsapi_base");
    let err = UserAccessToken::exchange(&wx, &foreign).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrCode::InvalidCode));

    // An empty code (a callback without one: the user refused) is never sent.
    let before = sandbox.requests_to(EXCHANGE).len();
    let err = UserAccessToken::exchange(&wx, "").await.unwrap_err();
    assert!(
        matches!(err, Error::Invalid(ref e) if e.field == "code"),
        "{err:?}"
    );
    assert_eq!(sandbox.requests_to(EXCHANGE).len(), before);
}

#[tokio::test]
async fn a_tampered_or_missing_state_is_refused() {
    let sandbox = sandbox().await;
    sandbox.set_oauth_user("o-eve");
    let ours = State::generate().unwrap();
    let theirs = State::generate().unwrap();
    // A link started by someone else's session comes back with their state.
    let url = AuthorizeUrl::new(APP_ID, "https://app.example/cb", Scope::Base)
        .state(theirs.as_str())
        .base(sandbox.url())
        .build()
        .unwrap();
    let back = open(&url).await.unwrap();
    assert_eq!(
        State::verify(ours.as_str(), param(&back, "state").as_deref()),
        Err(StateError::Mismatch)
    );
    // A link without state comes back without one.
    let url = AuthorizeUrl::new(APP_ID, "https://app.example/cb", Scope::Base)
        .base(sandbox.url())
        .build()
        .unwrap();
    let back = open(&url).await.unwrap();
    assert!(param(&back, "code").is_some());
    let missing = State::verify(ours.as_str(), param(&back, "state").as_deref()).unwrap_err();
    assert_eq!(missing, StateError::Missing);
    assert!(missing.to_string().contains("state"), "{missing}");
}

#[tokio::test]
async fn the_sandbox_refuses_broken_links_like_wechat() {
    let sandbox = sandbox().await;
    let base = sandbox.url();
    let link = |query: &str| format!("{base}/connect/oauth2/authorize?{query}");
    // No one signed in yet.
    let ok_query = format!(
        "appid={APP_ID}&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code&scope=snsapi_base&state=s1"
    );
    assert_eq!(open(&link(&ok_query)).await.unwrap_err(), 400);
    sandbox.set_oauth_user("o-frank");
    assert!(open(&link(&ok_query)).await.is_ok());
    for bad in [
        // redirect_uri not absolute http(s), or with a fragment
        format!("appid={APP_ID}&redirect_uri=%2Frelative&response_type=code&scope=snsapi_base"),
        format!("appid={APP_ID}&redirect_uri=ftp%3A%2F%2Fa.example%2F&response_type=code&scope=snsapi_base"),
        format!("appid={APP_ID}&redirect_uri=https%3A%2F%2Fa.example%2F%23x&response_type=code&scope=snsapi_base"),
        // the QR-login scope on the Official Account page, an unknown app, no response_type
        format!("appid={APP_ID}&redirect_uri=https%3A%2F%2Fa.example%2F&response_type=code&scope=snsapi_login"),
        "appid=wx-unknown&redirect_uri=https%3A%2F%2Fa.example%2F&response_type=code&scope=snsapi_base".to_owned(),
        format!("appid={APP_ID}&redirect_uri=https%3A%2F%2Fa.example%2F&scope=snsapi_base"),
        // a state WeChat does not allow
        format!("appid={APP_ID}&redirect_uri=https%3A%2F%2Fa.example%2F&response_type=code&scope=snsapi_base&state=a%26b"),
    ] {
        assert_eq!(open(&link(&bad)).await.unwrap_err(), 400, "{bad}");
    }
    // The builder refuses the same redirect_uri before any browser sees it.
    let err = AuthorizeUrl::new(APP_ID, "/relative", Scope::Base)
        .base(sandbox.url())
        .build()
        .unwrap_err();
    assert_eq!(err.field, "redirect_uri");
}

#[tokio::test]
async fn website_qr_login_gives_a_login_scope_that_reads_the_profile() {
    let sandbox = sandbox().await;
    sandbox.set_oauth_user("o-grace");
    let clock = TestClock::new();
    let wx = client(&sandbox, &clock);
    let state = State::generate().unwrap();
    let url = QrConnectUrl::new(APP_ID, "https://site.example/wechat/callback")
        .state(state.as_str())
        .base(sandbox.url())
        .build()
        .unwrap();
    let back = open(&url).await.unwrap();
    State::verify(state.as_str(), param(&back, "state").as_deref()).unwrap();
    let mut login = UserAccessToken::exchange(&wx, &param(&back, "code").unwrap())
        .await
        .unwrap();
    assert_eq!(login.scopes().collect::<Vec<_>>(), ["snsapi_login"]);
    assert_eq!(login.user_info(&wx, None).await.unwrap().openid, "o-grace");
}

#[tokio::test]
async fn a_base_scope_token_cannot_read_the_profile() {
    let sandbox = sandbox().await;
    sandbox.bind_open_platform(APP_ID);
    let clock = TestClock::new();
    let wx = client(&sandbox, &clock);
    let code = sandbox.oauth_code(APP_ID, "o-heidi", "snsapi_base");
    let mut login = UserAccessToken::exchange(&wx, &code).await.unwrap();
    assert_eq!(login.unionid(), None, "no UnionID with snsapi_base");
    let err = login.user_info(&wx, None).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrCode::ApiUnauthorized));
    assert!(login.check(&wx).await.unwrap());
}

#[tokio::test]
async fn refused_refresh_tokens_are_typed_and_leave_the_login_unchanged() {
    let sandbox = sandbox().await;
    let clock = TestClock::new();
    let wx = client(&sandbox, &clock);

    // A refresh token WeChat never issued.
    let mut forged: UserAccessToken = serde_json::from_value(serde_json::json!({
        "access_token": "old-user-token",
        "refresh_token": "forged-refresh-token",
        "openid": "o-ivan",
        "scope": "snsapi_base",
        "expires_at_ms": 0,
    }))
    .unwrap();
    let before = forged.clone();
    let err = forged.fresh(&wx).await.unwrap_err();
    assert!(err.is_refresh_token_invalid(), "{err:?}");
    assert_eq!(err.code(), Some(ErrCode::InvalidRefreshToken));
    assert_eq!(forged, before);

    // A real one, 30 days later.
    let code = sandbox.oauth_code(APP_ID, "o-ivan", "snsapi_base");
    let mut login = UserAccessToken::exchange(&wx, &code).await.unwrap();
    let month = Duration::from_secs(30 * 24 * 3600);
    sandbox.advance_clock(month);
    clock.advance(month);
    let err = login.fresh(&wx).await.unwrap_err();
    assert!(err.is_refresh_token_invalid(), "{err:?}");
    assert_eq!(err.code(), Some(ErrCode::RefreshTokenExpired));
}

#[tokio::test]
async fn a_rejected_user_token_is_not_an_app_token_problem() {
    let sandbox = sandbox().await;
    let clock = TestClock::new();
    let wx = client(&sandbox, &clock);
    let err = wx
        .send(oauth::check_token::Request::new(
            "never-issued-user-token",
            "o-judy",
        ))
        .await
        .unwrap_err();
    match &err {
        Error::UserTokenInvalid { endpoint, code, .. } => {
            assert_eq!(*endpoint, "oa::oauth::check_token");
            assert_eq!(*code, ErrCode::InvalidCredential);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.may_have_reached_wechat());
    assert!(!err.to_string().contains("never-issued-user-token"));
    // One request, no app-token fetch, no resend.
    assert_eq!(sandbox.requests_to("/sns/auth").len(), 1);
    assert_eq!(wx_tests::fetches(&sandbox), 0);

    // A valid token with another user's openid: 40003, which check() reads as `false`.
    let code = sandbox.oauth_code(APP_ID, "o-judy", "snsapi_base");
    let login = UserAccessToken::exchange(&wx, &code).await.unwrap();
    let err = wx
        .send(oauth::check_token::Request::new(
            login.access_token().clone(),
            "o-someone-else",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrCode::InvalidOpenid));
}
