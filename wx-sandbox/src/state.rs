//! What the sandbox remembers: apps, tokens, tickets, materials, drafts, sent messages.

use crate::{SandboxApp, SandboxConfig};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The kind of an app: some endpoints answer only one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppKind {
    OfficialAccount,
    MiniProgram,
}

/// A message an app sent, as the sandbox received it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub app_id: String,
    /// The API path, e.g. `/cgi-bin/message/custom/send`.
    pub endpoint: String,
    pub body: serde_json::Value,
}

/// A stored file or video material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Material {
    pub media_id: String,
    pub app_id: String,
    /// `image`, `voice`, `video`, `thumb`.
    pub media_type: String,
    pub permanent: bool,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub title: Option<String>,
    pub introduction: Option<String>,
    pub created_at: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct IssuedToken {
    pub app_id: String,
    /// The end of its own lifetime: from then on, 42001.
    pub expires_at: Instant,
    /// From this instant a newer token has replaced it (after the overlap for
    /// `/cgi-bin/token`, at once for a forced stable refresh): 40001, "not latest".
    pub superseded_at: Option<Instant>,
}

#[derive(Debug, Default)]
pub(crate) struct AppRuntime {
    pub token_fetches: u32,
    pub classic: Option<String>,
    pub stable: Option<String>,
    /// Every token issued to the app, oldest first.
    pub issued: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Ticket {
    pub scene: String,
    pub expires_at: Option<Instant>,
    pub url: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub app_id: String,
    pub articles: Vec<serde_json::Value>,
    pub update_time: u64,
}

/// A published article (freepublish): the draft's articles at publishing time.
#[derive(Debug, Clone)]
pub(crate) struct Published {
    pub app_id: String,
    pub articles: Vec<serde_json::Value>,
    pub update_time: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Inner {
    pub apps: HashMap<String, AppRuntime>,
    pub tokens: HashMap<String, IssuedToken>,
    pub tickets: HashMap<String, Ticket>,
    pub materials: HashMap<String, Material>,
    pub drafts: HashMap<String, Draft>,
    /// publish_id → (draft media_id, article_id)
    pub publishes: HashMap<u64, (String, String)>,
    /// article_id → the published article
    pub published: HashMap<String, Published>,
    pub sent: Vec<SentMessage>,
    pub webhooks: HashMap<String, crate::push::Webhook>,
    /// (app id, clientmsgid) → msg_id of the mass send that used it.
    pub mass_client_ids: HashMap<(String, String), u64>,
    /// Each Official Account's followers, remarks, tags and blacklist, by app id.
    pub audiences: HashMap<String, crate::audience::Audience>,
    /// Openids per page of the paginated user lists, instead of WeChat's 10 000
    /// (`Sandbox::set_page_size`).
    pub page_size: Option<usize>,
    /// Tokens revoked by the test (`Sandbox::revoke_token`): 40001 from then on.
    pub revoked: std::collections::HashSet<String>,
    /// Every token refused with 40001 (`Sandbox::reject_all_tokens`).
    pub reject_all_tokens: bool,
    /// `expires_in` of tokens issued from now on, instead of the configured one
    /// (`Sandbox::set_token_ttl`).
    pub token_ttl: Option<Duration>,
    /// Tokens issued so far, all apps together.
    pub tokens_issued: u64,
    /// JS-SDK and card tickets (`/cgi-bin/ticket/getticket`).
    pub js_tickets: JsTickets,
    /// Quota resets used by each app (`clear_quota`, `clear_quota/v2`, `openapi/quota/clear`).
    pub quota_resets: HashMap<String, u32>,
    /// Short keys (`/cgi-bin/shorten/gen`): key → what was stored.
    pub short_keys: HashMap<String, ShortKey>,
    /// Comments by (app id, msg_data_id, index): articles a test seeded
    /// ([`crate::Sandbox::add_comment`]).
    pub comments: HashMap<(String, u64, u32), ArticleComments>,
    /// Conditional menus by app id, oldest first: (menuid, tag_id, client_platform_type, body).
    pub conditional_menus: HashMap<String, Vec<ConditionalMenu>>,
    /// Mass-send speed level by app id (0 when never set).
    pub mass_speed: HashMap<String, u64>,
    /// Each app's customer service (accounts, sessions, records), by app id.
    pub kf: HashMap<String, crate::api::kf::Desk>,
    /// Each Official Account's template-message industries and templates, by app id.
    pub templates: HashMap<String, crate::api::template::Templates>,
    /// Each app's private subscribe-message templates, by app id.
    pub subscribe_templates: HashMap<String, crate::api::subscribe::Privates>,
    /// Mini Program login sessions and used codes (`api::wxa_user`).
    pub mini: crate::api::wxa_user::Mini,
    /// Mini Program customer service: admins, sub-merchants, the 微信客服 binding, by app id.
    pub wxa_kf: HashMap<String, crate::api::wxa_kf::Desk>,
    /// Mini Program service cards and chat-tool cards (`api::wxa_notify`).
    pub notify: crate::api::wxa_notify::Notify,
    /// Logistics: courier accounts, printers, orders and waybill tokens (`api::wxa_express`).
    pub logistics: crate::api::wxa_express::Logistics,
    /// Immediate-delivery orders and opened apps (`api::wxa_delivery`).
    pub delivery: crate::api::wxa_delivery::Delivery,
    /// Results of asynchronous service-market calls by (app id, request_id).
    pub service_results: HashMap<(String, String), String>,
    /// Each Mini Program's live rooms, goods library and roles, by app id.
    pub live: HashMap<String, crate::api::wxa_live::Live>,
    /// Plugin applications, all apps together (`api::wxa_plugin`).
    pub plugins: crate::api::wxa_plugin::Plugins,
    /// Each Mini Program's code management (versions, reviews, releases, testers, server
    /// domains), by app id (`api::wxa_version`).
    pub code: HashMap<String, crate::api::wxa_version::Code>,
}

/// A conditional menu as created.
#[derive(Debug, Clone)]
pub(crate) struct ConditionalMenu {
    pub menuid: String,
    pub tag_id: Option<i64>,
    pub body: serde_json::Value,
}

/// An article's comments.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArticleComments {
    pub open: bool,
    pub comments: Vec<StoredComment>,
}

/// One comment (its id is its position + 1).
#[derive(Debug, Clone)]
pub(crate) struct StoredComment {
    pub openid: String,
    pub content: String,
    pub create_time: u64,
    pub elected: bool,
    pub deleted: bool,
    pub reply: Option<(String, u64)>,
}

/// Text stored under a short key.
#[derive(Debug, Clone)]
pub(crate) struct ShortKey {
    pub app_id: String,
    pub long_data: String,
    /// Sandbox-clock seconds.
    pub created: u64,
    pub expires_at: u64,
}

impl Inner {
    /// The audience of `app_id` (created empty on first use).
    pub fn audience(&mut self, app_id: &str) -> &mut crate::audience::Audience {
        self.audiences.entry(app_id.to_owned()).or_default()
    }

    /// Openids per page of `user/get`, `user/tag/get` and `getblacklist`.
    pub fn page_size(&self) -> usize {
        self.page_size.unwrap_or(crate::audience::PAGE_SIZE)
    }
}

pub(crate) struct State {
    pub config: SandboxConfig,
    pub hooks: crate::canned::Hooks,
    /// The clock the OAuth emulation goes by (movable by tests).
    pub clock: crate::clock::SandboxClock,
    /// OAuth codes, user tokens and refresh tokens, the signed-in browser user.
    pub oauth: Mutex<crate::oauth::OAuth>,
    inner: Mutex<Inner>,
    seq: AtomicU64,
    requests: AtomicU64,
}

pub(crate) use crate::clock::unix_now;

/// Why a token was refused.
pub(crate) enum TokenProblem {
    Missing,
    Unknown,
    /// Past its own lifetime (42001).
    Expired,
    /// Replaced by a newer token and past the overlap (40001).
    Superseded,
}

impl State {
    pub fn new(config: SandboxConfig, record_requests: bool) -> Self {
        Self {
            config,
            hooks: crate::canned::Hooks::new(record_requests),
            clock: crate::clock::SandboxClock::default(),
            oauth: Mutex::new(crate::oauth::OAuth::default()),
            inner: Mutex::new(Inner::default()),
            seq: AtomicU64::new(1),
            requests: AtomicU64::new(0),
        }
    }

    pub fn count_request(&self) {
        self.requests.fetch_add(1, Ordering::SeqCst);
    }

    pub fn requests_received(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A fresh number, unique in this sandbox.
    pub fn next(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }

    /// An opaque id with WeChat's alphabet (letters, digits, `-`, `_`).
    pub fn id(&self, prefix: &str) -> String {
        let n = self.next();
        let mix = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ unix_now().rotate_left(17);
        format!("{prefix}{n:04}_{mix:016x}")
    }

    pub fn app(&self, app_id: &str) -> Option<&SandboxApp> {
        self.config.apps.iter().find(|a| a.app_id == app_id)
    }

    /// Issues a token. `stable`: the stable-token endpoint, which returns the current stable
    /// token unless `force` or it is within `token_overlap` of its expiry: WeChat renews it
    /// then, so every token handed out has `expires_in >= token_overlap`.
    pub fn issue_token(
        &self,
        app_id: &str,
        stable: bool,
        force: bool,
    ) -> Result<(String, u64), i64> {
        let mut inner = self.lock();
        let now = Instant::now();
        let ttl = inner.token_ttl.unwrap_or(self.config.token_ttl);
        let overlap = self.config.token_overlap;
        let quota = self.config.daily_token_quota;
        let runtime = inner.apps.entry(app_id.to_owned()).or_default();
        if runtime.token_fetches >= quota {
            return Err(45009);
        }
        runtime.token_fetches += 1;
        let current = if stable {
            runtime.stable.clone()
        } else {
            runtime.classic.clone()
        };
        if stable && !force {
            if let Some(token) = current.as_ref() {
                if let Some(issued) = inner.tokens.get(token) {
                    let left = issued.expires_at.saturating_duration_since(now);
                    if issued.superseded_at.is_none() && left > overlap {
                        return Ok((token.clone(), left.as_secs().max(1)));
                    }
                }
            }
        }
        inner.tokens_issued += 1;
        let token = if self.config.predictable_tokens {
            format!("tok-{app_id}-{}", inner.tokens_issued)
        } else {
            format!(
                "{}_{}_{}",
                if stable { "SBXSTABLE" } else { "SBXTOKEN" },
                app_id,
                self.id("")
            )
        };
        // The previous token: `/cgi-bin/token` keeps it for the overlap, a forced stable
        // refresh drops it at once, a normal stable renewal (its last `overlap`) keeps it
        // to the end of its own lifetime.
        let superseded_at = match (stable, force) {
            (false, _) => Some(now + overlap),
            (true, true) => Some(now),
            (true, false) => None,
        };
        if let (Some(previous), Some(cutoff)) = (current, superseded_at) {
            if let Some(old) = inner.tokens.get_mut(&previous) {
                old.superseded_at = Some(old.superseded_at.map_or(cutoff, |at| at.min(cutoff)));
            }
        }
        inner.tokens.insert(
            token.clone(),
            IssuedToken {
                app_id: app_id.to_owned(),
                expires_at: now + ttl,
                superseded_at: None,
            },
        );
        let runtime = inner.apps.entry(app_id.to_owned()).or_default();
        runtime.issued.push(token.clone());
        if stable {
            runtime.stable = Some(token.clone());
        } else {
            runtime.classic = Some(token.clone());
        }
        Ok((token, ttl.as_secs().max(1)))
    }

    /// The app a token belongs to, if it is valid now.
    pub fn check_token(&self, token: Option<&str>) -> Result<String, TokenProblem> {
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or(TokenProblem::Missing)?;
        let inner = self.lock();
        let issued = inner.tokens.get(token).ok_or(TokenProblem::Unknown)?;
        if inner.reject_all_tokens || inner.revoked.contains(token) {
            return Err(TokenProblem::Superseded);
        }
        let now = Instant::now();
        if issued.expires_at <= now {
            return Err(TokenProblem::Expired);
        }
        if issued.superseded_at.is_some_and(|at| at <= now) {
            return Err(TokenProblem::Superseded);
        }
        Ok(issued.app_id.clone())
    }

    pub fn token_fetches(&self, app_id: &str) -> u32 {
        self.lock()
            .apps
            .get(app_id)
            .map(|a| a.token_fetches)
            .unwrap_or(0)
    }

    pub fn expire_tokens(&self, app_id: &str) {
        let now = Instant::now();
        for t in self
            .lock()
            .tokens
            .values_mut()
            .filter(|t| t.app_id == app_id)
        {
            t.expires_at = now;
        }
    }

    pub fn issued_tokens(&self, app_id: &str) -> Vec<String> {
        self.lock()
            .apps
            .get(app_id)
            .map(|a| a.issued.clone())
            .unwrap_or_default()
    }

    pub fn reset_quota(&self) {
        for a in self.lock().apps.values_mut() {
            a.token_fetches = 0;
        }
    }

    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.lock().sent.clone()
    }

    pub fn material(&self, media_id: &str) -> Option<Material> {
        self.lock().materials.get(media_id).cloned()
    }

    pub fn ticket_scene(&self, ticket: &str) -> Option<String> {
        self.lock().tickets.get(ticket).map(|t| t.scene.clone())
    }
}

impl State {
    /// A fresh code for `openid` authorizing `app_id` with `scope`: what the redirect
    /// after consent delivers.
    pub(crate) fn oauth_code(&self, app_id: &str, openid: &str, scope: &str) -> String {
        let code = self.id("SBXCODE_");
        let issued_ms = self.clock.now_ms();
        self.lock_oauth().codes.insert(
            code.clone(),
            crate::oauth::Code {
                grant: crate::oauth::Grant {
                    app_id: app_id.to_owned(),
                    openid: openid.to_owned(),
                    scope: scope.to_owned(),
                },
                issued_ms,
                used: false,
            },
        );
        code
    }

    pub(crate) fn lock_oauth(&self) -> MutexGuard<'_, crate::oauth::OAuth> {
        self.oauth.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Seconds in a `Duration`, for replies.
pub(crate) fn secs(d: Duration) -> u64 {
    d.as_secs()
}

/// The tickets of `/cgi-bin/ticket/getticket`: per (app, type) the current one and the
/// fetch count, and every ticket issued with its lifetime.
#[derive(Debug, Default)]
pub(crate) struct JsTickets {
    /// (app id, type) → current ticket and fetches so far.
    pub per_app: HashMap<(String, String), JsTicketRuntime>,
    /// ticket → its lifetime.
    pub issued: HashMap<String, IssuedToken>,
    /// `expires_in` of tickets issued from now on, instead of the configured one.
    pub ttl: Option<Duration>,
    /// How long each fetch is held back.
    pub delay: Duration,
}

#[derive(Debug, Default)]
pub(crate) struct JsTicketRuntime {
    pub current: Option<String>,
    pub fetches: u32,
}

impl State {
    /// Issues a new ticket of `kind` (`jsapi`, `wx_card`) to `app_id`: every fetch gives a
    /// new one, and the previous one stays valid for `token_overlap` (as a `/cgi-bin/token`
    /// fetch treats the previous token). Returns the ticket and its `expires_in`.
    pub fn issue_js_ticket(&self, app_id: &str, kind: &str) -> (String, u64) {
        let n = self.next();
        let mut inner = self.lock();
        let now = Instant::now();
        let tickets = &mut inner.js_tickets;
        let ttl = tickets.ttl.unwrap_or(self.config.ticket_ttl);
        let runtime = tickets
            .per_app
            .entry((app_id.to_owned(), kind.to_owned()))
            .or_default();
        runtime.fetches += 1;
        let ticket = format!(
            "SBXTICKET_{kind}_{app_id}_{n:04}_{:x}",
            n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ unix_now()
        );
        let previous = runtime.current.replace(ticket.clone());
        if let Some(old) = previous.and_then(|p| tickets.issued.get_mut(&p)) {
            let cutoff = now + self.config.token_overlap;
            old.superseded_at = Some(old.superseded_at.map_or(cutoff, |at| at.min(cutoff)));
        }
        tickets.issued.insert(
            ticket.clone(),
            IssuedToken {
                app_id: app_id.to_owned(),
                expires_at: now + ttl,
                superseded_at: None,
            },
        );
        (ticket, ttl.as_secs().max(1))
    }

    pub fn js_ticket_fetches(&self, app_id: &str, kind: &str) -> u32 {
        self.lock()
            .js_tickets
            .per_app
            .get(&(app_id.to_owned(), kind.to_owned()))
            .map_or(0, |r| r.fetches)
    }

    /// The newest ticket of `kind` for `app_id`, if it is still within its lifetime.
    pub fn current_js_ticket(&self, app_id: &str, kind: &str) -> Option<String> {
        let inner = self.lock();
        let current = inner
            .js_tickets
            .per_app
            .get(&(app_id.to_owned(), kind.to_owned()))?
            .current
            .clone()?;
        let issued = inner.js_tickets.issued.get(&current)?;
        (issued.expires_at > Instant::now()).then_some(current)
    }

    /// Whether `ticket` is a valid ticket of `kind` for `app_id` now: issued to it, within
    /// its lifetime, and not past the overlap after a newer fetch.
    pub fn is_valid_js_ticket(&self, app_id: &str, kind: &str, ticket: &str) -> bool {
        let inner = self.lock();
        let of_kind = ticket.starts_with(&format!("SBXTICKET_{kind}_"));
        let now = Instant::now();
        of_kind
            && inner.js_tickets.issued.get(ticket).is_some_and(|t| {
                t.app_id == app_id
                    && t.expires_at > now
                    && t.superseded_at.is_none_or(|at| at > now)
            })
    }
}
