//! A small web app inside WeChat: OAuth2 login, a session cookie, and a page that carries its
//! JS-SDK configuration — offline, against the embedded sandbox.
//!
//! `cargo run -p wx-sandbox --example web_login` starts the sandbox and the app on loopback,
//! then plays the user's browser: it opens the app, follows the redirect to the (sandboxed)
//! WeChat authorize page and back, and checks the page it lands on. Each hop is printed.
//! `wx-sandbox/tests/web_login.rs` runs it.
//!
//! The app's routes:
//! - `GET /` — without a session: a fresh random `state` in a short-lived cookie and a 302 to
//!   WeChat's authorize URL (`snsapi_userinfo`); with one: the page, greeting the user and
//!   embedding `wx.config({...})` signed for the page's own URL.
//! - `GET /oauth/callback?code=..&state=..` — checks `state` against the cookie (a forged or
//!   missing state is refused with 400), exchanges the code (single use) for the user's
//!   access token, keeps it server-side under a random session id, sets the `sid` cookie and
//!   returns to `/`.
//!
//! Sessions live in memory here; a real app keeps [`UserAccessToken`] (it is
//! `Serialize`/`Deserialize`) in its session store and calls `fresh()` before each use.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use wx_api::oa::jssdk::{self, PageConfig};
use wx_api::oa::oauth::{self, AuthorizeUrl, Scope, UserAccessToken};
use wx_api::oa::user::Lang;
use wx_api::token::Classic;
use wx_api::{AppCredentials, Client, OfficialAccount};

pub type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn unexpected<T>(what: impl Into<String>) -> Fallible<T> {
    Err(what.into().into())
}

/// The app's state: the wx client, where WeChat's login pages are, and the sessions.
#[derive(Clone)]
struct App {
    wx: Client<OfficialAccount>,
    /// Base of the authorize page: `https://open.weixin.qq.com` in production, the sandbox here.
    login_base: String,
    /// This app's own origin, e.g. `http://127.0.0.1:8080`.
    origin: String,
    sessions: Arc<Mutex<HashMap<String, UserAccessToken>>>,
}

/// The value of cookie `name` in the request, if any.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn error_page(status: StatusCode, what: impl std::fmt::Display) -> Response {
    (status, format!("{what}\n")).into_response()
}

async fn home(State(app): State<App>, headers: HeaderMap) -> Response {
    let session = cookie(&headers, "sid").and_then(|sid| {
        let sessions = app.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions
            .get(sid)
            .cloned()
            .map(|token| (sid.to_owned(), token))
    });
    let Some((sid, mut token)) = session else {
        return start_login(&app);
    };
    // Refreshes the user's token with its refresh token when it has expired.
    let profile = match token.user_info(&app.wx, Some(Lang::ZhCn)).await {
        Ok(profile) => profile,
        // The refresh token is gone too (30 days): log in again.
        Err(e) if e.is_refresh_token_invalid() => return start_login(&app),
        Err(e) => return error_page(StatusCode::BAD_GATEWAY, e),
    };
    app.sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(sid, token);
    let page_url = format!("{}/", app.origin);
    let config = match PageConfig::for_url(&app.wx, &page_url).await {
        Ok(config) => config,
        Err(e) => return error_page(StatusCode::BAD_GATEWAY, e),
    };
    let config_json = match serde_json::to_string(&config) {
        Ok(json) => json,
        Err(e) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    Html(format!(
        "<!doctype html><title>wx web login</title>\n\
         <p>Hello, {name} ({openid}).</p>\n\
         <script src=\"https://res.wx.qq.com/open/js/jweixin-1.6.0.js\"></script>\n\
         <script>wx.config(Object.assign({{debug: false, jsApiList: [\"updateAppMessageShareData\", \"scanQRCode\"]}}, \
         {config_json}));</script>\n",
        name = html_escape(&profile.nickname),
        openid = html_escape(&profile.openid),
    ))
    .into_response()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A fresh `state` in a cookie, and the redirect to WeChat's authorize page.
fn start_login(app: &App) -> Response {
    let state = match oauth::State::generate() {
        Ok(state) => state,
        Err(e) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    let url = AuthorizeUrl::new(
        app.wx.app_id(),
        format!("{}/oauth/callback", app.origin),
        Scope::UserInfo,
    )
    .base(&app.login_base)
    .state(state.as_str())
    .build();
    match url {
        Ok(url) => (
            [(
                header::SET_COOKIE,
                format!(
                    "oauth_state={}; Path=/oauth; HttpOnly; Max-Age=600; SameSite=Lax",
                    state.as_str()
                ),
            )],
            Redirect::to(&url),
        )
            .into_response(),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

async fn callback(
    State(app): State<App>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    // The CSRF check: the state WeChat echoes must be the one this browser was given.
    let expected = cookie(&headers, "oauth_state").unwrap_or_default();
    if let Err(e) = oauth::State::verify(expected, params.get("state").map(String::as_str)) {
        return error_page(StatusCode::BAD_REQUEST, e);
    }
    let Some(code) = params.get("code") else {
        // The user refused consent: WeChat returns without a code.
        return error_page(StatusCode::FORBIDDEN, "login refused");
    };
    let token = match UserAccessToken::exchange(&app.wx, code).await {
        Ok(token) => token,
        // Reused or expired code (a reload of the callback URL): start again.
        Err(e) if e.is_code_used() || e.is_code_invalid() => return start_login(&app),
        Err(e) => return error_page(StatusCode::BAD_GATEWAY, e),
    };
    let sid = match jssdk::nonce() {
        Ok(sid) => sid,
        Err(e) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    app.sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(sid.clone(), token);
    (
        [(
            header::SET_COOKIE,
            format!("sid={sid}; Path=/; HttpOnly; SameSite=Lax"),
        )],
        Redirect::to("/"),
    )
        .into_response()
}

/// Starts the app on a loopback port; returns its origin.
async fn start_app(wx: Client<OfficialAccount>, login_base: String) -> Fallible<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let origin = format!("http://{}", listener.local_addr()?);
    let app = App {
        wx,
        login_base,
        origin: origin.clone(),
        sessions: Arc::default(),
    };
    let router = Router::new()
        .route("/", get(home))
        .route("/oauth/callback", get(callback))
        .with_state(app);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(origin)
}

/// The browser: one GET that does not follow redirects, sending and collecting cookies.
struct Browser {
    http: reqwest::Client,
    cookies: HashMap<String, String>,
}

struct Hop {
    status: u16,
    location: Option<String>,
    body: String,
}

impl Browser {
    fn new() -> Fallible<Self> {
        Ok(Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            cookies: HashMap::new(),
        })
    }

    async fn get(&mut self, url: &str) -> Fallible<Hop> {
        let cookie_header: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut request = self.http.get(url);
        if !cookie_header.is_empty() {
            request = request.header(header::COOKIE, cookie_header.join("; "));
        }
        let response = request.send().await?;
        for set in response.headers().get_all(header::SET_COOKIE) {
            if let Some((name, value)) = set
                .to_str()?
                .split(';')
                .next()
                .and_then(|pair| pair.split_once('='))
            {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await?;
        Ok(Hop {
            status,
            location,
            body,
        })
    }
}

/// Where a redirect goes, made absolute against `origin` when relative.
fn follow(hop: &Hop, origin: &str) -> Fallible<String> {
    match &hop.location {
        Some(l) if l.starts_with('/') => Ok(format!("{origin}{l}")),
        Some(l) => Ok(l.clone()),
        None => unexpected(format!(
            "expected a redirect, got {} {}",
            hop.status, hop.body
        )),
    }
}

/// The URL without its query string, for printing.
fn short(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

/// The `wx.config` object embedded in the page.
fn embedded_config(page: &str) -> Fallible<serde_json::Value> {
    let Some(json) = page
        .split("]}, ")
        .nth(1)
        .and_then(|rest| rest.split("));</script>").next())
    else {
        return unexpected(format!("no wx.config in the page: {page}"));
    };
    Ok(serde_json::from_str(json)?)
}

/// One hop of the browser, printed.
fn line(
    out: &mut impl Write,
    request: &str,
    status: u16,
    outcome: impl std::fmt::Display,
) -> std::io::Result<()> {
    writeln!(out, "{request:<42} -> {status} {outcome}")
}

/// The whole run: sandbox, app, and a browser that logs in.
pub async fn run(out: &mut impl Write) -> Fallible<()> {
    let sandbox = wx_sandbox::Sandbox::builder().start().await?;
    let user = "oWebLogin_user_01";
    sandbox.set_oauth_user(user);
    let wx: Client<OfficialAccount> = Client::official_account(
        AppCredentials::new(wx_sandbox::DEFAULT_APP_ID, wx_sandbox::DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .build()?;
    let origin = start_app(wx.clone(), sandbox.url()).await?;
    writeln!(
        out,
        "app listening on {origin}, WeChat sandbox on {}",
        sandbox.url()
    )?;

    let mut browser = Browser::new()?;
    let first = browser.get(&format!("{origin}/")).await?;
    let authorize = follow(&first, &origin)?;
    if !(300..400).contains(&first.status) || !browser.cookies.contains_key("oauth_state") {
        return unexpected("the app should redirect to the authorize page with a state cookie");
    }
    line(out, "GET /", first.status, short(&authorize))?;
    let consent = browser.get(&authorize).await?;
    let callback = follow(&consent, &origin)?;
    let login_page = short(&authorize).trim_start_matches(sandbox.url().as_str());
    line(
        out,
        &format!("GET {login_page} (sandbox)"),
        consent.status,
        short(&callback),
    )?;
    let logged_in = browser.get(&callback).await?;
    let home = follow(&logged_in, &origin)?;
    if !browser.cookies.contains_key("sid") {
        return unexpected("the callback set no session cookie");
    }
    line(
        out,
        "GET /oauth/callback",
        logged_in.status,
        "/ (session cookie set)",
    )?;
    let page = browser.get(&home).await?;
    if page.status != 200 || !page.body.contains(user) {
        return unexpected(format!(
            "the page should greet {user}: {} {}",
            page.status, page.body
        ));
    }
    let config = embedded_config(&page.body)?;
    // What WeChat's JS-SDK does with the config: recompute the signature from the current
    // ticket and the page URL.
    let Some(ticket) = sandbox.valid_ticket(wx.app_id(), "jsapi") else {
        return unexpected("the sandbox issued no jsapi_ticket");
    };
    let field = |name: &str| config[name].as_str().map(str::to_owned).unwrap_or_default();
    let expected = jssdk::signature(
        &ticket,
        &field("nonceStr"),
        config["timestamp"].as_u64().unwrap_or_default(),
        &format!("{origin}/"),
    );
    if field("signature") != expected || field("appId") != wx.app_id() {
        return unexpected(format!("wx.config does not verify: {config}"));
    }
    line(
        out,
        "GET /",
        page.status,
        format!("greets {user}; wx.config signature verifies"),
    )?;

    // A reload of the callback URL reuses the code: WeChat refuses it, the app starts again.
    let reused = browser.get(&callback).await?;
    let again = follow(&reused, &origin)?;
    if !again.starts_with(&sandbox.url()) {
        return unexpected("a reused code should send the browser to log in again");
    }
    line(
        out,
        "GET /oauth/callback (reload)",
        reused.status,
        "code already used: log in again",
    )?;
    // A forged state is refused before any call to WeChat.
    let requests = sandbox.requests_received();
    let forged = browser
        .get(&format!("{origin}/oauth/callback?code=x&state=forged"))
        .await?;
    if forged.status != 400 || sandbox.requests_received() != requests {
        return unexpected(format!(
            "a forged state got {} and {} requests to WeChat",
            forged.status,
            sandbox.requests_received() - requests
        ));
    }
    line(
        out,
        "GET /oauth/callback (forged state)",
        forged.status,
        "refused, nothing sent to WeChat",
    )?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut out = std::io::stdout();
    match run(&mut out).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("web_login: {e}");
            ExitCode::FAILURE
        }
    }
}
