//! Access tokens and the other cached credentials (JS-SDK tickets): where they come from
//! ([`TokenSource`] for the token, a fetch function for other kinds), where they are cached
//! ([`TokenStore`]), and single-flight refresh (the token manager behind the client).
//!
//! WeChat allows a limited number of token (and ticket) fetches per day, and a fresh
//! `/cgi-bin/token` fetch invalidates the previous token after a short overlap, so every
//! caller of one app must share one cached token and one refresh — and likewise one ticket.
//!
//! ## Design
//!
//! - Credentials are keyed by [`CredentialKey`]: an app id and a [`CredentialKind`]
//!   (`access_token`, `jsapi_ticket`, `wx_card_ticket`, or a kind another crate adds with
//!   [`CredentialKind::new`]). Everything below (cache entry, store operations, single
//!   flight, backoff, Redis lock and failure report) is per key, so the access token and the
//!   tickets of an app never wait for each other. The access token comes from the app's
//!   `TokenSource`; another kind from the fetch function given to
//!   [`Client::credential`](crate::Client::credential) (`wx_api::oa::ticket` is built on
//!   it; its fetch sends an endpoint with the access token, so 40001 during a ticket fetch
//!   refreshes the token and resends once). A [`CachedToken`] holds any kind, in one JSON form.
//! - `TokenSource`: where a token comes from; `wx_api::token::{Classic, Stable}` use the declared
//!   token endpoints; `token::source_fn` wraps any async function.
//! - `TokenStore`: where it is cached (`get`, `refresh(key, stale, fetch)`,
//!   `invalidate(key, token)` compare-and-delete). `MemoryStore` is the default. A store shared by
//!   processes coordinates its `refresh` so that one process fetches. Each `CachedToken` carries a
//!   `fetch_id` unique per fetch: "someone stored a newer token" is decided by it, not by the token
//!   string, because `/cgi-bin/stable_token` hands out the same string again with a new lifetime.
//! - `TokenManager` (per client runtime): single flight per key. Callers that find the cache
//!   cold, expired or rejected join one refresh running in its own task (a caller giving up does
//!   not cancel it for the others; every waiter receives the same result or the same error). A
//!   drop guard takes the flight out of the table even if the source panics or the runtime shuts
//!   down, and a flight whose task died is never joined. The refresh re-checks the store first.
//!   After a failed fetch the key is backed off (`failure_backoff`, 1 s doubling to 30 s): callers
//!   get that failure without a new fetch, while a still-usable cached token keeps being served.
//!   `replace` (after 40001/40014/42001) never hands back the rejected token: if the store still
//!   holds that very entry it refreshes past it; if a new fetch returned the same string, the
//!   client returns the original rejection instead of resending.
//! - Errors: a failed fetch is `Error::Token { app_id, kind, source }` (source: the WeChat
//!   error, the transport error...; a ticket fetch that could not get an access token has that
//!   token's `Error::Token` as its source); a store failure is `Error::Store` whether it
//!   happens reading or during a refresh, and starts no backoff. `expires_in = 0` is a failed fetch (`Decode`); larger values
//!   are clamped to one day, with saturating arithmetic.
//! - `TokenPolicy`: refresh in the background `refresh_ahead` (≤ 1/5 of the lifetime) before
//!   expiry while the old token is still served; stop using a token `safety_margin` (≤ 1/10 of the
//!   lifetime) before WeChat's expiry; `failure_backoff` / `max_failure_backoff`. The manager goes
//!   by a `Clock` (`ClientBuilder::clock`; system clock by default) so that tests move time instead
//!   of sleeping through lifetimes.

pub(crate) mod kind;
pub(crate) mod manager;
mod memory;
#[cfg(feature = "redis")]
pub mod redis;

pub use kind::{CredentialKey, CredentialKind, InvalidCredentialKind};
pub use memory::MemoryStore;

use crate::app::AppCredentials;
use crate::endpoint::{Auth, Endpoint};
use crate::error::Error;
use crate::secret::AccessToken;
use crate::transport::Transport;
use crate::BoxFuture;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A credential (access token or ticket) just obtained from a [`TokenSource`] or a
/// credential fetch ([`Client::credential`](crate::Client::credential)).
#[derive(Debug, Clone)]
pub struct FreshToken {
    /// The credential itself (an access token, or a ticket's text: it is redacted the same
    /// way).
    pub token: AccessToken,
    /// Lifetime as announced by WeChat (`expires_in`).
    pub expires_in: Duration,
}

impl FreshToken {
    /// A token that WeChat said lives `expires_in` (usually 7200 s); the cache entry made
    /// of it keeps a margin before that ([`TokenPolicy`]).
    pub fn new(token: impl Into<AccessToken>, expires_in: Duration) -> Self {
        Self {
            token: token.into(),
            expires_in,
        }
    }
}

/// A cached credential (access token or ticket) as kept in a [`TokenStore`], with the
/// instants (unix milliseconds, so that several processes agree on them) at which it should
/// be refreshed and stops being used. Its JSON form (`token`, `refresh_at_ms`,
/// `expires_at_ms`, `fetch_id`) is the same for every kind and every version, so that
/// processes of different versions share one cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedToken {
    /// The credential itself (an access token, or a ticket's text).
    pub token: AccessToken,
    /// From this instant a background refresh is started while the token is still served.
    pub refresh_at_ms: u64,
    /// From this instant the token is not used any more (a safety margin before WeChat's expiry).
    pub expires_at_ms: u64,
    /// Unique per fetch. `/cgi-bin/stable_token` hands out the same token string again, so
    /// "has someone stored a newer token?" is answered by this, not by the string.
    #[serde(default)]
    pub fetch_id: String,
}

impl CachedToken {
    /// Still usable at `now_ms` (possibly due for a refresh).
    pub fn is_usable(&self, now_ms: u64) -> bool {
        now_ms < self.expires_at_ms
    }
    /// Usable and not yet due for a refresh.
    pub fn is_fresh(&self, now_ms: u64) -> bool {
        now_ms < self.refresh_at_ms && self.is_usable(now_ms)
    }
    /// The same store entry (same fetch), not merely the same token string.
    pub fn same_fetch(&self, other: &CachedToken) -> bool {
        self.fetch_id == other.fetch_id && self.token == other.token
    }
}

/// When to refresh ahead of expiry, how much margin to keep before WeChat's expiry, and
/// how long to wait after a failed fetch.
///
/// Start from [`TokenPolicy::default`] and use the `with_*` methods (the type may gain
/// fields in minor releases, so it cannot be built with a struct literal outside this
/// crate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenPolicy {
    /// Start a background refresh this long before the token expires (at most a fifth of
    /// its lifetime). Callers keep using the old token meanwhile.
    pub refresh_ahead: Duration,
    /// Stop using a token this long before WeChat says it expires (at most a tenth of its
    /// lifetime), so that a request in flight does not carry an expiring token.
    pub safety_margin: Duration,
    /// After a failed fetch, callers get that error for this long instead of fetching
    /// again (40164, 45009... are not fixed by retrying at once, and fetches are rationed).
    /// Doubles with each consecutive failure; zero disables. A still-usable cached token
    /// keeps being served meanwhile.
    pub failure_backoff: Duration,
    /// Upper bound of the doubled `failure_backoff`.
    pub max_failure_backoff: Duration,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        Self {
            refresh_ahead: Duration::from_secs(300),
            safety_margin: Duration::from_secs(60),
            failure_backoff: Duration::from_secs(1),
            max_failure_backoff: Duration::from_secs(30),
        }
    }
}

/// The longest lifetime believed from `expires_in`: WeChat announces at most 7200 s, and a
/// corrupt huge value must not keep a token cached for ever (or overflow the arithmetic).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

impl TokenPolicy {
    /// Sets [`refresh_ahead`](Self::refresh_ahead) (default 300 s).
    pub fn with_refresh_ahead(mut self, ahead: Duration) -> Self {
        self.refresh_ahead = ahead;
        self
    }

    /// Sets [`safety_margin`](Self::safety_margin) (default 60 s).
    pub fn with_safety_margin(mut self, margin: Duration) -> Self {
        self.safety_margin = margin;
        self
    }

    /// Sets [`failure_backoff`](Self::failure_backoff) (default 1 s; zero disables).
    pub fn with_failure_backoff(mut self, backoff: Duration) -> Self {
        self.failure_backoff = backoff;
        self
    }

    /// Sets [`max_failure_backoff`](Self::max_failure_backoff) (default 30 s).
    pub fn with_max_failure_backoff(mut self, max: Duration) -> Self {
        self.max_failure_backoff = max;
        self
    }

    /// The cache entry for a token fetched at `now_ms`. The lifetime is clamped to
    /// 1 ms ..= [`MAX_TOKEN_LIFETIME`]; the token manager rejects `expires_in == 0`
    /// before getting here.
    pub fn cache(&self, fresh: FreshToken, now_ms: u64) -> CachedToken {
        let lifetime = fresh.expires_in.min(MAX_TOKEN_LIFETIME).as_millis().max(1) as u64;
        let margin =
            (self.safety_margin.min(MAX_TOKEN_LIFETIME).as_millis() as u64).min(lifetime / 10);
        let ahead =
            (self.refresh_ahead.min(MAX_TOKEN_LIFETIME).as_millis() as u64).min(lifetime / 5);
        let expires_at_ms = now_ms.saturating_add(lifetime - margin);
        CachedToken {
            token: fresh.token,
            refresh_at_ms: expires_at_ms.saturating_sub(ahead),
            expires_at_ms,
            fetch_id: unique_id(),
        }
    }
}

/// An id no other call returns, in this process or another: OS randomness plus the process
/// id and a counter, so that ids stay distinct even if the OS refuses randomness.
pub(crate) fn unique_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 8];
    if getrandom::getrandom(&mut bytes).is_err() {
        bytes = now_ms().to_le_bytes();
    }
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{:016x}-{:x}-{n:x}",
        u64::from_le_bytes(bytes),
        std::process::id()
    )
}

/// The time the token manager goes by, in unix milliseconds. Replaceable
/// ([`ClientBuilder::clock`](crate::ClientBuilder::clock)) so that tests can move time
/// instead of sleeping. Stores shared by processes use the system clock for their TTLs.
pub trait Clock: Send + Sync + 'static {
    /// The current time, in milliseconds since the unix epoch.
    fn now_ms(&self) -> u64;
}

/// The system clock ([`now_ms`]); the default [`Clock`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        now_ms()
    }
}

/// Milliseconds since the unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Where fresh tokens come from: `/cgi-bin/token`, `/cgi-bin/stable_token` (both in
/// `wx_api::token`), or a provider of your own such as a central token service.
pub trait TokenSource: Send + Sync + 'static {
    /// Fetches one new token. Called at most once per refresh, whatever the number of callers.
    fn fetch<'a>(&'a self, ctx: FetchContext<'a>) -> BoxFuture<'a, Result<FreshToken, Error>>;
}

/// What a [`TokenSource`] may use: the app's credentials and a way to call endpoints that
/// need no access token.
pub struct FetchContext<'a> {
    pub(crate) transport: &'a Transport,
    pub(crate) credentials: &'a AppCredentials,
}

impl<'a> FetchContext<'a> {
    /// The credentials of the app whose token is wanted.
    pub fn credentials(&self) -> &'a AppCredentials {
        self.credentials
    }

    /// Sends an endpoint that does not authenticate with the app's access token (any
    /// [`Auth`] mode but [`Auth::AccessToken`]: the client adds what the mode says, as
    /// [`Client::send`](crate::Client::send) does).
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Response, Error> {
        if E::META.auth == Auth::AccessToken {
            return Err(Error::Config(format!(
                "{}: a token source cannot call an endpoint that itself needs an access token",
                E::META.name
            )));
        }
        self.transport
            .send_without_token(endpoint, self.credentials)
            .await
    }
}

/// A [`TokenSource`] from an async function of the app's credentials.
pub fn source_fn<F, Fut>(f: F) -> FnSource<F>
where
    F: Fn(AppCredentials) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<FreshToken, Error>> + Send + 'static,
{
    FnSource(f)
}

/// See [`source_fn`].
pub struct FnSource<F>(F);

impl<F, Fut> TokenSource for FnSource<F>
where
    F: Fn(AppCredentials) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<FreshToken, Error>> + Send + 'static,
{
    fn fetch<'a>(&'a self, ctx: FetchContext<'a>) -> BoxFuture<'a, Result<FreshToken, Error>> {
        Box::pin((self.0)(ctx.credentials.clone()))
    }
}

/// One fetch from the token source, ready to be awaited by a [`TokenStore`].
pub type Fetch<'a> = BoxFuture<'a, Result<CachedToken, Error>>;

/// Where credentials (access tokens and tickets) are cached, per [`CredentialKey`].
/// [`MemoryStore`] is the default; a store shared by several processes (Redis) coordinates
/// their refreshes in [`TokenStore::refresh`].
pub trait TokenStore: Send + Sync + 'static {
    /// The cached credential of `key`, if any (it may be due for refresh or expired).
    fn get<'a>(
        &'a self,
        key: &'a CredentialKey,
    ) -> BoxFuture<'a, Result<Option<CachedToken>, Error>>;

    /// Obtains a new credential because `stale` (the entry last seen, `None` when the cache
    /// was empty) is due for refresh, expired or rejected. At most one caller per process and
    /// key gets here at a time. `fetch` fetches from the source; a shared store should run it
    /// in at most one process and let the others return what that process stored (any
    /// usable entry that is not [`CachedToken::same_fetch`] as `stale`).
    fn refresh<'a>(
        &'a self,
        key: &'a CredentialKey,
        stale: Option<&'a CachedToken>,
        fetch: Fetch<'a>,
    ) -> BoxFuture<'a, Result<CachedToken, Error>>;

    /// Drops the cached credential of `key` only if it is still `token` (compare-and-delete),
    /// so that a fresh one stored by someone else is kept. Returns whether it was dropped.
    fn invalidate<'a>(
        &'a self,
        key: &'a CredentialKey,
        token: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, Error>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000_000;

    #[test]
    fn a_huge_expires_in_is_clamped_to_a_day_without_overflow() {
        let policy = TokenPolicy::default();
        for huge in [
            Duration::MAX,
            Duration::from_secs(u64::MAX),
            Duration::from_secs(10 * 365 * 24 * 3600),
        ] {
            let cached = policy.cache(FreshToken::new("t", huge), NOW);
            let day = MAX_TOKEN_LIFETIME.as_millis() as u64;
            assert!(cached.expires_at_ms <= NOW + day, "{huge:?}");
            assert!(cached.expires_at_ms > NOW + day - 120_000, "{huge:?}");
            assert!(cached.refresh_at_ms < cached.expires_at_ms);
        }
        // Near the end of time the sums saturate instead of wrapping or panicking.
        let late = policy.cache(FreshToken::new("t", Duration::MAX), u64::MAX - 5);
        assert_eq!(late.expires_at_ms, u64::MAX);
    }

    #[test]
    fn a_tiny_expires_in_still_gives_an_entry_that_is_usable_at_first() {
        let policy = TokenPolicy::default();
        let cached = policy.cache(FreshToken::new("t", Duration::from_nanos(1)), NOW);
        assert!(cached.is_usable(NOW));
        let normal = policy.cache(FreshToken::new("t", Duration::from_secs(7200)), NOW);
        assert_eq!(normal.expires_at_ms, NOW + 7_140_000);
        assert_eq!(normal.refresh_at_ms, NOW + 6_840_000);
    }

    #[test]
    fn every_cache_entry_has_its_own_fetch_id() {
        let policy = TokenPolicy::default();
        let a = policy.cache(FreshToken::new("same", Duration::from_secs(7200)), NOW);
        let b = policy.cache(FreshToken::new("same", Duration::from_secs(7200)), NOW);
        assert_eq!(a.token, b.token);
        assert!(!a.same_fetch(&b), "same string, different fetches");
        assert!(a.same_fetch(&a.clone()));
    }

    #[test]
    fn unique_ids_differ_and_carry_the_process_id() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| unique_id()).collect();
        assert_eq!(ids.len(), 1000);
        let pid = format!("-{:x}-", std::process::id());
        assert!(ids.iter().all(|id| id.contains(&pid)));
    }
}
