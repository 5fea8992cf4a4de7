//! Client configuration: timeouts, pool, reply size cap, token policy and retries.

use crate::token::TokenPolicy;
use crate::wire::BaseUrls;
use std::time::Duration;

/// Retries the client makes on its own.
///
/// Start from [`RetryPolicy::default`] and change what you need with the `with_*` methods
/// (the type may gain fields in minor releases, so it cannot be built with a struct
/// literal outside this crate):
///
/// ```
/// use std::time::Duration;
/// let policy = wx_api::RetryPolicy::default()
///     .with_busy_retries(2)
///     .with_busy_backoff(Duration::from_secs(1));
/// assert_eq!(policy.busy_retries, 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// On 40001/40014/42001: drop the token that was used, get a fresh one, resend once.
    pub refresh_on_invalid_token: bool,
    /// How many times to resend on `-1` (system busy). Off by default: a busy reply to a
    /// non-idempotent call (a message send) may still have been acted upon. Never applied to
    /// the exchange of a single-use code ([`Auth::AppCredentials`](crate::Auth::AppCredentials):
    /// `jscode2session`, `sns/oauth2/access_token`), whose resend could only earn 40163.
    pub busy_retries: u32,
    /// First backoff for busy retries; doubled each time, up to 30 s (or this value, if
    /// larger).
    pub busy_backoff: Duration,
}

/// Cap of the doubled busy backoff.
pub(crate) const MAX_BUSY_BACKOFF: Duration = Duration::from_secs(30);

impl RetryPolicy {
    /// Whether to get a fresh token and resend once when WeChat rejects the token
    /// (40001/40014/42001); default `true`.
    pub fn with_refresh_on_invalid_token(mut self, refresh: bool) -> Self {
        self.refresh_on_invalid_token = refresh;
        self
    }

    /// How many times to resend on `-1` (system busy); default 0. Only for calls that are
    /// safe to repeat: a busy reply to a message send may come after it was delivered.
    pub fn with_busy_retries(mut self, retries: u32) -> Self {
        self.busy_retries = retries;
        self
    }

    /// The first wait before a busy retry (default 500 ms), doubled on each further retry
    /// up to 30 s (or this value, if larger).
    pub fn with_busy_backoff(mut self, backoff: Duration) -> Self {
        self.busy_backoff = backoff;
        self
    }

    /// The busy backoff after `current`: doubled, capped, never overflowing.
    pub(crate) fn next_busy_backoff(&self, current: Duration) -> Duration {
        current
            .saturating_mul(2)
            .min(MAX_BUSY_BACKOFF.max(self.busy_backoff))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            refresh_on_invalid_token: true,
            busy_retries: 0,
            busy_backoff: Duration::from_millis(500),
        }
    }
}

/// Client configuration; every field has a production default.
///
/// Usually set through [`ClientBuilder`](crate::ClientBuilder)'s methods; a whole `Config` (e.g. loaded once and
/// shared by several clients) goes in with [`ClientBuilder::config`](crate::ClientBuilder::config). Start from
/// [`Config::default`] and use the `with_*` methods: the type may gain fields in minor
/// releases, so it cannot be built with a struct literal outside this crate.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Where requests go, per WeChat host (default: WeChat's own hosts).
    pub base_urls: BaseUrls,
    /// Whole-request timeout, from sending to the end of the reply (default 30 s).
    pub timeout: Duration,
    /// Timeout of establishing a connection, TLS included (default 10 s).
    pub connect_timeout: Duration,
    /// Idle keep-alive connections kept per host.
    pub pool_max_idle_per_host: usize,
    /// Longest reply body read into memory (the largest documented media download is
    /// 10 MB); a longer one is [`Error::ReplyTooLarge`](crate::Error::ReplyTooLarge), so a broken or hostile server or
    /// proxy cannot exhaust memory.
    pub max_reply_bytes: usize,
    /// When access tokens are refreshed and how failed fetches back off.
    pub token_policy: TokenPolicy,
    /// Retries the client makes on its own.
    pub retry: RetryPolicy,
}

impl Config {
    /// Sets [`base_urls`](Self::base_urls).
    pub fn with_base_urls(mut self, base_urls: BaseUrls) -> Self {
        self.base_urls = base_urls;
        self
    }

    /// Sets the whole-request [`timeout`](Self::timeout).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the [`connect_timeout`](Self::connect_timeout).
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets how many idle connections are kept per host
    /// ([`pool_max_idle_per_host`](Self::pool_max_idle_per_host)).
    pub fn with_pool_max_idle_per_host(mut self, idle: usize) -> Self {
        self.pool_max_idle_per_host = idle;
        self
    }

    /// Sets the longest reply body read into memory, in bytes
    /// ([`max_reply_bytes`](Self::max_reply_bytes)).
    pub fn with_max_reply_bytes(mut self, limit: usize) -> Self {
        self.max_reply_bytes = limit;
        self
    }

    /// Sets the [`token_policy`](Self::token_policy).
    pub fn with_token_policy(mut self, policy: TokenPolicy) -> Self {
        self.token_policy = policy;
        self
    }

    /// Sets the [`retry`](Self::retry) policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_urls: BaseUrls::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            pool_max_idle_per_host: 32,
            max_reply_bytes: 32 << 20,
            token_policy: TokenPolicy::default(),
            retry: RetryPolicy::default(),
        }
    }
}
