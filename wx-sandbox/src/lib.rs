//! `wx-sandbox`: an offline emulator of the WeChat server API surface `wx` covers, on
//! loopback, so that wx (and code built on it) can run end to end with no account, no
//! public server and no internet.
//!
//! It issues and expires tokens (TTL configurable, so expiry is testable in seconds), keeps
//! a daily token quota, answers WeChat's errcodes, validates request bodies against the
//! documented shapes and limits (written from the official documentation, independently of `wx-api`'s types),
//! stores uploaded materials and serves them back, issues QR tickets and serves their
//! images, records sent messages for inspection, and pushes signed (and in safe mode
//! encrypted) events to a webhook — `Sandbox::scan` delivers subscribe-with-qrscene or
//! `SCAN` as WeChat would. Official Accounts have followers ([`Sandbox::add_followers`]),
//! listed in pages of 10 000 ([`Sandbox::set_page_size`]) as `user/get` does, with
//! remarks, tags (their limits and errcodes) and a blacklist.
//!
//! Error paths are reachable by convention: openids starting with [`UNKNOWN_OPENID_PREFIX`]
//! are unknown (40003), those starting with [`REFUSING_OPENID_PREFIX`] have no subscription
//! left (43101 on subscribe messages), `js_code`s starting with `invalid` are refused (40029),
//! as are service-card `notify_code`s starting with `invalid` (85437).
//! Immediate-delivery orders are kept per app, shop and order id with the documented
//! statuses and errcodes; the bound carrier accounts are [`DELIVERY_SHOPS`], whose secrets the
//! sandbox uses to check `delivery_sign` (a wrong one is refused as carriers do: `resultcode` 1).
//!
//! OAuth web authorization is emulated end to end: the browser side answers the authorize and
//! QR-login links with the redirect WeChat sends after consent ([`Sandbox::set_oauth_user`]),
//! or a test takes a code directly ([`Sandbox::oauth_code`]); codes are single-use and expire,
//! user and refresh tokens expire by the sandbox's movable clock ([`Sandbox::advance_clock`]).
//!
//! Test hooks, for answers the emulation would not give: [`Sandbox::canned`] queues a reply
//! (any status, content type and body; [`CannedReply::json`]) served once, before the
//! emulation, to the next request on a path; [`SandboxBuilder::record_requests`] keeps
//! every request for [`Sandbox::requests_to`]; tokens can be delayed
//! ([`Sandbox::set_token_delay`]), revoked ([`Sandbox::revoke_token`]), all refused
//! ([`Sandbox::reject_all_tokens`]), given another lifetime ([`Sandbox::set_token_ttl`]) or
//! predictable names ([`SandboxBuilder::predictable_tokens`]). JS-SDK and card tickets
//! (`/cgi-bin/ticket/getticket`) have their own lifetime ([`SandboxBuilder::ticket_ttl`],
//! [`Sandbox::set_ticket_ttl`]), rotate on every fetch, and are counted
//! ([`Sandbox::ticket_fetches`]) and checkable ([`Sandbox::valid_ticket`]). The workspace's own tests use
//! the sandbox as their only WeChat double.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = wx_sandbox::Sandbox::builder().start().await?;
//! println!("{} — app {} / {}", sandbox.url(), wx_sandbox::DEFAULT_APP_ID, wx_sandbox::DEFAULT_APP_SECRET);
//! # Ok(()) }
//! ```

mod api;
mod audience;
mod canned;
mod clock;
mod intercept;
mod oauth;
mod push;
mod reply;
mod state;

pub use canned::{CannedReply, RecordedRequest};
pub use push::{PushDelivery, PushFailure, Webhook};
pub use state::{AppKind, Material, SentMessage};

use state::State;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// The Official Account every sandbox knows unless told otherwise.
pub const DEFAULT_APP_ID: &str = "wx5a4d0b0c0e0f1a2b";
pub const DEFAULT_APP_SECRET: &str = "sandbox-app-secret-0123456789abcd";
/// The Mini Program every sandbox knows unless told otherwise.
pub const DEFAULT_MINI_PROGRAM_ID: &str = "wx9f8e7d6c5b4a3921";
pub const DEFAULT_MINI_PROGRAM_SECRET: &str = "sandbox-mini-program-secret-0000";

/// The immediate-delivery carrier accounts every Mini Program has bound: (shopid, carrier
/// AppSecret, carrier id). The first is the official test shop of the test carrier `TEST`
/// (its secret as the official page spells it); `delivery_sign` is checked against these.
pub const DELIVERY_SHOPS: [(&str, &str, &str); 2] = [
    ("test_shop_id", "test_app_secrect", "TEST"),
    ("sandbox_dada_shop", "sandbox-dada-secret", "DADA"),
];

/// Openids the sandbox treats as unknown: messages and user queries answer 40003.
pub const UNKNOWN_OPENID_PREFIX: &str = "invalid";
/// The code template the sandbox's template library lacks: `/wxa/commit` answers 85014
/// (template not exist) for it; every other id exists.
pub const MISSING_TEMPLATE_ID: u64 = 999_999;
/// Openids whose subscription is used up: subscribe messages answer 43101.
pub const REFUSING_OPENID_PREFIX: &str = "refused";

/// An app the sandbox accepts.
#[derive(Debug, Clone)]
pub struct SandboxApp {
    pub app_id: String,
    pub secret: String,
    pub kind: AppKind,
    /// The account's original id (`gh_...`), used as `ToUserName` of pushes.
    pub original_id: String,
}

impl SandboxApp {
    pub fn official_account(app_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self::new(app_id, secret, AppKind::OfficialAccount)
    }
    pub fn mini_program(app_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self::new(app_id, secret, AppKind::MiniProgram)
    }
    fn new(app_id: impl Into<String>, secret: impl Into<String>, kind: AppKind) -> Self {
        let app_id = app_id.into();
        let original_id = format!("gh_{}", &app_id.chars().rev().take(12).collect::<String>());
        Self {
            app_id,
            secret: secret.into(),
            kind,
            original_id,
        }
    }
}

/// How the sandbox behaves.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub apps: Vec<SandboxApp>,
    /// `expires_in` of issued tokens (WeChat: 7200 s).
    pub token_ttl: Duration,
    /// How long the previous `/cgi-bin/token` token stays valid after a new fetch, and how
    /// long before its expiry a stable token is renewed (WeChat: 5 min for both).
    pub token_overlap: Duration,
    /// Token fetches allowed per app before 45009 (WeChat: 2000 a day).
    pub daily_token_quota: u32,
    /// Address to listen on; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Tokens named `tok-<app id>-<n>`, `n` counting the tokens this sandbox issued (all
    /// apps, from 1), so that a test can name the token it expects. Off: opaque tokens.
    pub predictable_tokens: bool,
    /// `expires_in` of the JS-SDK and card tickets (`/cgi-bin/ticket/getticket`; WeChat:
    /// 7200 s). A new fetch issues a new ticket; the previous one stays valid for
    /// `token_overlap`.
    pub ticket_ttl: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            apps: vec![
                SandboxApp::official_account(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
                SandboxApp::mini_program(DEFAULT_MINI_PROGRAM_ID, DEFAULT_MINI_PROGRAM_SECRET),
            ],
            token_ttl: Duration::from_secs(7200),
            token_overlap: Duration::from_secs(300),
            daily_token_quota: 2000,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            predictable_tokens: false,
            ticket_ttl: Duration::from_secs(7200),
        }
    }
}

/// Configures and starts a [`Sandbox`].
#[derive(Debug, Default)]
pub struct SandboxBuilder {
    config: SandboxConfig,
    replaced_apps: bool,
    record_requests: bool,
}

impl SandboxBuilder {
    /// Adds an app; the first call replaces the default apps.
    pub fn app(mut self, app: SandboxApp) -> Self {
        if !self.replaced_apps {
            self.config.apps.clear();
            self.replaced_apps = true;
        }
        self.config.apps.push(app);
        self
    }
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.config.token_ttl = ttl;
        self
    }
    pub fn token_overlap(mut self, overlap: Duration) -> Self {
        self.config.token_overlap = overlap;
        self
    }
    pub fn daily_token_quota(mut self, quota: u32) -> Self {
        self.config.daily_token_quota = quota;
        self
    }
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.config.listen = addr;
        self
    }
    /// `expires_in` of JS-SDK and card tickets ([`SandboxConfig::ticket_ttl`], default 7200 s).
    pub fn ticket_ttl(mut self, ttl: Duration) -> Self {
        self.config.ticket_ttl = ttl;
        self
    }
    /// Names tokens `tok-<app id>-<n>` ([`SandboxConfig::predictable_tokens`]).
    pub fn predictable_tokens(mut self) -> Self {
        self.config.predictable_tokens = true;
        self
    }
    /// Keeps every request received (method, path, query, body) for
    /// [`Sandbox::requests_to`]. Off by default: the record grows with every request, which
    /// suits a test, not a long-running sandbox.
    pub fn record_requests(mut self) -> Self {
        self.record_requests = true;
        self
    }

    /// Binds and serves in the background of the current tokio runtime.
    pub async fn start(self) -> std::io::Result<Sandbox> {
        let state = Arc::new(State::new(self.config.clone(), self.record_requests));
        let listener = tokio::net::TcpListener::bind(self.config.listen).await?;
        let addr = listener.local_addr()?;
        // The test hooks sit outside the emulation: a canned reply is served before it.
        let router = api::router(Arc::clone(&state)).layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            intercept::intercept,
        ));
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stop_rx.await;
            };
            if let Err(e) = axum::serve(listener, router)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::error!(error = %e, "sandbox server stopped");
            }
        });
        Ok(Sandbox {
            addr,
            state,
            _stop: stop_tx,
        })
    }
}

/// A running sandbox; it stops when dropped.
pub struct Sandbox {
    addr: SocketAddr,
    state: Arc<State>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Sandbox {
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// Base URL to give the client (`ClientBuilder::base_url`): it serves both WeChat hosts.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn config(&self) -> &SandboxConfig {
        &self.state.config
    }

    /// HTTP requests received so far, of any kind (tests use it to prove nothing was sent).
    pub fn requests_received(&self) -> u64 {
        self.state.requests_received()
    }

    /// Token fetches made by `app_id` (both token endpoints).
    pub fn token_fetches(&self, app_id: &str) -> u32 {
        self.state.token_fetches(app_id)
    }

    /// Makes every token of `app_id` expire now (the next call gets 42001).
    pub fn expire_tokens(&self, app_id: &str) {
        self.state.expire_tokens(app_id);
    }

    /// Resets the daily token quota of every app (like `/cgi-bin/clear_quota`).
    pub fn reset_quota(&self) {
        self.state.reset_quota();
    }

    /// Messages the apps sent (customer service, template, subscribe, mass), oldest first.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.state.sent_messages()
    }

    /// A stored permanent material or temporary media.
    pub fn material(&self, media_id: &str) -> Option<Material> {
        self.state.material(media_id)
    }

    /// Queues `reply` for the next request to `path` (e.g. `/cgi-bin/qrcode/create`),
    /// whatever its method: it is served instead of the emulation, once. Replies queued on
    /// one path are served in order. For answers the emulation would not give: an HTML
    /// error page, an errcode the sandbox never returns, a malformed body.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use wx_sandbox::{CannedReply, Sandbox};
    /// let sandbox = Sandbox::builder().start().await?;
    /// sandbox.canned("/cgi-bin/qrcode/create", CannedReply::json(r#"{"errcode":45009,"errmsg":"quota"}"#));
    /// sandbox.canned("/cgi-bin/qrcode/create", CannedReply::new(502, "text/html", "<html>Bad Gateway</html>"));
    /// # Ok(()) }
    /// ```
    pub fn canned(&self, path: &str, reply: CannedReply) {
        self.state.hooks.push_canned(path, reply);
    }

    /// The requests received on `path`, oldest first, canned or not. Empty unless the
    /// sandbox was built with [`SandboxBuilder::record_requests`].
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        self.state.hooks.requests_to(path)
    }

    /// Delays every token reply (both token endpoints) by `delay` from now on, so that
    /// concurrent callers pile up behind one fetch. `Duration::ZERO` removes the delay.
    pub fn set_token_delay(&self, delay: Duration) {
        self.state.hooks.set_token_delay(delay);
    }

    /// `expires_in` of the tokens issued from now on (the builder's
    /// [`SandboxBuilder::token_ttl`] until then). The sandbox never announces less than 1 s.
    pub fn set_token_ttl(&self, ttl: Duration) {
        self.state.lock().token_ttl = Some(ttl);
    }

    /// The tokens issued to `app_id` so far, oldest first (both token endpoints).
    pub fn issued_tokens(&self, app_id: &str) -> Vec<String> {
        self.state.issued_tokens(app_id)
    }

    /// Makes the API refuse `token` from now on with 40001, "not latest" — as after a
    /// refresh by another server of the same account.
    pub fn revoke_token(&self, token: &str) {
        self.state.lock().revoked.insert(token.to_owned());
    }

    /// While `reject` holds, every token is refused with 40001 (the token endpoints still
    /// issue new ones): a client that keeps refreshing gets nowhere.
    pub fn reject_all_tokens(&self, reject: bool) {
        self.state.lock().reject_all_tokens = reject;
    }

    /// Adds `n` followers to Official Account `app_id` and returns their openids (fresh,
    /// 28 characters, in the order `user/get` lists them). With the default page size of
    /// 10 000, 25 000 followers take three pages (and a fourth, empty one: as WeChat does,
    /// the last page carries its last openid as `next_openid`, and the call after it
    /// answers `count` 0 with no `data`). Tags, remarks, `getidlist` and the blacklist
    /// answer 40003 for an openid that is not a follower ([`Sandbox::follow`] and a
    /// subscribing [`Sandbox::scan`] add one too).
    pub fn add_followers(&self, app_id: &str, n: usize) -> Vec<String> {
        self.state.lock().audience(app_id).generate(n)
    }

    /// The followers of `app_id`, in list order.
    pub fn followers(&self, app_id: &str) -> Vec<String> {
        let mut inner = self.state.lock();
        inner.audience(app_id).followers.iter().cloned().collect()
    }

    /// The blocked users of `app_id`, in list order.
    pub fn blacklist(&self, app_id: &str) -> Vec<String> {
        let mut inner = self.state.lock();
        inner.audience(app_id).blacklist.iter().cloned().collect()
    }

    /// Accepts the pending worker invitation of customer-service account `kf_account` of
    /// `app_id` (as the invited WeChat user would): the worker is bound and the account is
    /// online from now on, so sessions can be created. `false` when there was no invitation.
    pub fn accept_kf_invite(&self, app_id: &str, kf_account: &str) -> bool {
        let mut inner = self.state.lock();
        inner
            .kf
            .entry(app_id.to_owned())
            .or_default()
            .accept_invite(kf_account)
    }

    /// User `openid` writes to `app_id`'s customer service and waits to be served (listed by
    /// `kfsession/getwaitcase` until a session takes them).
    pub fn add_kf_waiting(&self, app_id: &str, openid: &str) {
        let mut inner = self.state.lock();
        inner
            .kf
            .entry(app_id.to_owned())
            .or_default()
            .add_waiting(openid);
    }

    /// Openids per page of `user/get`, `user/tag/get` and `tags/members/getblacklist` from
    /// now on (WeChat's, and the default: 10 000), so that a test can walk many pages with
    /// few followers. At least 1.
    pub fn set_page_size(&self, n: usize) {
        self.state.lock().page_size = Some(n.max(1));
    }

    /// `expires_in` of the JS-SDK and card tickets issued from now on (the builder's
    /// [`SandboxBuilder::ticket_ttl`] until then). The sandbox never announces less than 1 s.
    pub fn set_ticket_ttl(&self, ttl: Duration) {
        self.state.lock().js_tickets.ttl = Some(ttl);
    }

    /// Delays every `/cgi-bin/ticket/getticket` reply by `delay` from now on (after the
    /// fetch is counted), so that concurrent callers pile up behind one fetch.
    /// `Duration::ZERO` removes the delay.
    pub fn set_ticket_delay(&self, delay: Duration) {
        self.state.lock().js_tickets.delay = delay;
    }

    /// Ticket fetches by `app_id` of `kind` (`jsapi` or `wx_card`, the request's `type`) that
    /// issued a ticket (refused requests are not counted).
    pub fn ticket_fetches(&self, app_id: &str, kind: &str) -> u32 {
        self.state.js_ticket_fetches(app_id, kind)
    }

    /// The newest `kind` (`jsapi`, `wx_card`) ticket of `app_id`, if one was issued and is
    /// within its lifetime: what a test checks a page signature against.
    pub fn valid_ticket(&self, app_id: &str, kind: &str) -> Option<String> {
        self.state.current_js_ticket(app_id, kind)
    }

    /// Whether `ticket` is valid now for `app_id` and `kind`: the newest one, or the previous
    /// one within the overlap after a newer fetch.
    pub fn is_valid_ticket(&self, app_id: &str, kind: &str, ticket: &str) -> bool {
        self.state.is_valid_js_ticket(app_id, kind, ticket)
    }

    /// The scene a QR ticket carries (`qrscene_` is added by the subscribe event, not here).
    pub fn ticket_scene(&self, ticket: &str) -> Option<String> {
        self.state.ticket_scene(ticket)
    }

    /// A fresh OAuth code for `openid` authorizing `app_id` with `scope` (`snsapi_base`,
    /// `snsapi_userinfo`, `snsapi_login`): what the redirect after the user's consent
    /// delivers. Single use (40163 after), valid 5 minutes by the sandbox's clock (42003).
    pub fn oauth_code(&self, app_id: &str, openid: &str, scope: &str) -> String {
        self.state.oauth_code(app_id, openid, scope)
    }

    /// Signs `openid` in to the emulated WeChat client: from now on the browser side
    /// (`GET /connect/oauth2/authorize`, `GET /connect/qrconnect`) answers a valid link with
    /// a 302 to `redirect_uri?code=CODE&state=STATE` for this user, as after consent. With no
    /// user signed in it answers 400, like a broken link.
    pub fn set_oauth_user(&self, openid: &str) {
        self.state.lock_oauth().user = Some(openid.to_owned());
    }

    /// Binds `app_id` to an Open Platform account: its OAuth replies carry the user's
    /// UnionID (`union-<openid>`), as WeChat's do for bound apps.
    pub fn bind_open_platform(&self, app_id: &str) {
        self.state.lock_oauth().bound.insert(app_id.to_owned());
    }

    /// Moves the sandbox's clock forward by `by`, for what goes by it: OAuth codes (5
    /// minutes), user access tokens (7200 s) and refresh tokens (30 days). A test passes
    /// their lifetimes without sleeping.
    pub fn advance_clock(&self, by: Duration) {
        self.state.clock.advance(by);
    }

    /// A follower's comment `content` by `openid` on article `index` of the mass send
    /// `msg_data_id` of `app_id` (the article's comments open from then on); returns its
    /// `user_comment_id`. Comments come only from here: WeChat has no API to write one.
    pub fn add_comment(
        &self,
        app_id: &str,
        msg_data_id: u64,
        index: u32,
        openid: &str,
        content: &str,
    ) -> u64 {
        let now = self.state.clock.now_ms() / 1000;
        let mut inner = self.state.lock();
        let article = inner
            .comments
            .entry((app_id.to_owned(), msg_data_id, index))
            .or_insert_with(|| state::ArticleComments {
                open: true,
                comments: Vec::new(),
            });
        article.comments.push(state::StoredComment {
            openid: openid.to_owned(),
            content: content.to_owned(),
            create_time: now,
            elected: false,
            deleted: false,
            reply: None,
        });
        article.comments.len() as u64
    }
}
