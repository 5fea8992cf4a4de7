//! A [`TokenStore`] shared by processes through Redis (feature `redis`).
//!
//! - The token is cached under `{prefix}:token:{app_id}` (JSON of [`CachedToken`]) with a
//!   Redis TTL matching its expiry, so many apps share one Redis.
//! - A refresh takes the lock `{prefix}:token-lock:{app_id}` atomically (a Lua script that
//!   sets the key with a short `lease` if it is free, and otherwise answers the value that
//!   holds it). The value is the holder's *fence*: a unique id followed by `/` and the
//!   longest time, in milliseconds, the holder may keep the lock (its `fetch_timeout` plus
//!   twice its `op_timeout`, for the re-check and the store), e.g. `9f…-1a2-3/14000`.
//! - The holder re-checks the cache, fetches (bounded by `fetch_timeout`), stores, and
//!   releases the lock only if it still holds it (compare-and-delete in Lua). While it
//!   holds the lock a watchdog task renews the lease every third of it, with a
//!   compare-and-`PEXPIRE` in Lua on the fence; each renewal is bounded by that third (and
//!   by `op_timeout`), so a slow Redis cannot push the next renewal past the lease. The
//!   lease can therefore be short: if the holder dies (killed, crashed, frozen), its lock
//!   expires within `lease` and another process takes over, instead of the whole fleet
//!   waiting out a lease long enough for a fetch.
//! - The token is stored by a Lua script that writes only while the lock still holds this
//!   holder's fence (and clears a published failure). A holder that lost its lease (paused,
//!   or Redis was slow) does not store: the next holder may already have fetched and stored
//!   a newer token, which an older one must not overwrite. A renewal answered "not your
//!   fence" stops the watchdog, and the holder then skips the write altogether. It still
//!   hands the token it fetched to its own callers: WeChat just issued it, so it is valid
//!   (at least for the overlap after any later fetch); the only cost is that the next
//!   caller may fetch again. Likewise if the write itself fails, the fetched token is
//!   returned, with a warning, rather than thrown away after it rotated the previous one.
//! - Processes that find the lock taken poll the cache and return what the holder stored:
//!   any usable entry of another fetch than the stale one (compared by
//!   [`CachedToken::same_fetch`], since `/cgi-bin/stable_token` returns the same string),
//!   without fetching. A waiter's patience follows the *current* holder, read from the
//!   lock at every poll: each time a new fence appears, the waiter gives it the time that
//!   fence announces plus `lease` (a holder that died at its last moment leaves its lock
//!   that long) plus the waiter's own `op_timeout`, counted from when it first saw it. So a
//!   slow token endpoint, or a holder killed mid-fetch and taken over by another, never
//!   makes waiters give up while a holder may still legitimately deliver; and when the
//!   lock is free the waiter takes it itself. A fence that announces no time (a process of
//!   an earlier version, whose lock is not renewed) gets `wait_timeout`.
//! - A failed fetch is published for `failure_ttl` under `{prefix}:token-error:{app_id}` as
//!   JSON (`errcode`, `errmsg`, ...): waiting processes return the same typed error as the
//!   fetching one (`Error::Token` whose source is `Error::Api` with the same code) instead of
//!   fetching in turn, so a failing token endpoint is called once per `failure_ttl` by the
//!   whole fleet, and nothing spins.
//! - [`TokenStore::invalidate`] is a compare-and-delete: only the token that failed goes.
//! - Every [`CredentialKind`](super::CredentialKind) has keys of its own and the same
//!   protocol: the access token keeps the names above (those of older versions, so that a
//!   rolling deploy shares the cache with old processes); another kind uses its name instead
//!   of `token`: `{prefix}:jsapi_ticket:{app_id}`, `{prefix}:jsapi_ticket-lock:{app_id}`,
//!   `{prefix}:jsapi_ticket-error:{app_id}`.
//!
//! **Fault behaviour (chosen): Redis down or slow is a typed error, not a fallback.** Every
//! Redis operation is bounded by `op_timeout`; on failure callers get [`Error::Store`]
//! naming the operation — also when it happens during a refresh (the token manager does not
//! wrap store failures in `Error::Token`, which means "the token source failed"). A silent
//! fallback to per-process tokens would make each process rotate `/cgi-bin/token` on its own
//! and evict the others' tokens (40001 storms) — exactly what this store exists to prevent.
//! The connection manager reconnects by itself once Redis is back. Fleets that must keep
//! working through a Redis outage should use stable tokens (`wx_api::token::Stable`):
//! calling `/cgi-bin/stable_token` does not rotate a valid token, so a degraded path cannot
//! break the other processes. A renewal that fails (timeout, error) is retried at the next
//! third of the lease; if none succeeds within the lease another process may take over, and
//! the fenced write keeps the older holder from overwriting it.
//!
//! The scripts touch several keys of one app; on a Redis Cluster, give the prefix a hash
//! tag (`{wx}`) so that they share a slot.

use super::{now_ms, unique_id, CachedToken, CredentialKey, Fetch, TokenStore};
use crate::errcode::ErrCode;
use crate::error::Error;
use crate::secret::AccessToken;
use crate::BoxFuture;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Key prefix and timings of the Redis store; checked by [`validate`](Self::validate) when
/// the store is built.
///
/// Start from [`RedisStoreConfig::default`] and use the `with_*` methods (the type may gain
/// fields in minor releases, so it cannot be built with a struct literal outside this
/// crate). The defaults:
///
/// | field | default | what it bounds |
/// |---|---|---|
/// | [`prefix`](Self::prefix) | `wx` | key namespace |
/// | [`lease`](Self::lease) | 1.2 s | how long a dead holder blocks the fleet (renewed every 400 ms while alive) |
/// | [`fetch_timeout`](Self::fetch_timeout) | 10 s | one token fetch by the lock holder |
/// | [`wait_timeout`](Self::wait_timeout) | 15 s | waiting on a holder that announces no fetch time (older versions) |
/// | [`poll_interval`](Self::poll_interval) | 25 ms | how often a waiter looks for the token |
/// | [`op_timeout`](Self::op_timeout) | 2 s | every Redis operation |
/// | [`failure_ttl`](Self::failure_ttl) | 1 s | how long a failed fetch is reported to the fleet |
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RedisStoreConfig {
    /// Key prefix, so several deployments can share a Redis (default `wx`; non-empty).
    pub prefix: String,
    /// Lifetime of the refresh lock between renewals (default 1.2 s; at least 300 ms). The
    /// holder renews it every third of it while it fetches, so this is how long a holder
    /// that died blocks the other processes, not a bound on the fetch.
    pub lease: Duration,
    /// How long the lock holder's token fetch may take before it is abandoned with an
    /// error (default 10 s; non-zero). The holder announces it (plus twice `op_timeout`)
    /// in its fence, and waiting processes give it that long.
    pub fetch_timeout: Duration,
    /// How long a process waits on a lock holder that does not announce its fetch time in
    /// its fence — a process of an earlier version of this crate, whose lock is not renewed
    /// and lasts its whole lease — before giving up with an error (default 15 s, the
    /// earlier default lease of 10 s plus a margin; must exceed `lease`). Holders of this
    /// version announce their own bound, which replaces this one.
    pub wait_timeout: Duration,
    /// How often a waiting process looks for the new token and at the lock (default
    /// 25 ms; non-zero).
    pub poll_interval: Duration,
    /// Bound on every single Redis operation (default 2 s; non-zero). Lease renewals are
    /// bounded by the smaller of this and a third of the lease.
    pub op_timeout: Duration,
    /// How long a failed fetch is reported to the fleet instead of retried (default 1 s).
    pub failure_ttl: Duration,
}

impl Default for RedisStoreConfig {
    fn default() -> Self {
        Self {
            prefix: "wx".to_owned(),
            lease: Duration::from_millis(1200),
            fetch_timeout: Duration::from_secs(10),
            wait_timeout: Duration::from_secs(15),
            poll_interval: Duration::from_millis(25),
            op_timeout: Duration::from_secs(2),
            failure_ttl: Duration::from_secs(1),
        }
    }
}

/// The shortest lease [`RedisStoreConfig::validate`] accepts: renewed every third of it,
/// each renewal needs some time to be answered.
const MIN_LEASE: Duration = Duration::from_millis(300);

impl RedisStoreConfig {
    /// Sets the key [`prefix`](Self::prefix) (default `wx`; non-empty).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets the refresh-lock [`lease`](Self::lease) (default 1.2 s; at least 300 ms).
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// Sets the bound on the lock holder's token fetch
    /// ([`fetch_timeout`](Self::fetch_timeout), default 10 s).
    pub fn with_fetch_timeout(mut self, timeout: Duration) -> Self {
        self.fetch_timeout = timeout;
        self
    }

    /// Sets how long a process waits on a holder that announces no fetch time
    /// ([`wait_timeout`](Self::wait_timeout), default 15 s).
    pub fn with_wait_timeout(mut self, timeout: Duration) -> Self {
        self.wait_timeout = timeout;
        self
    }

    /// Sets how often a waiting process polls ([`poll_interval`](Self::poll_interval),
    /// default 25 ms).
    pub fn with_poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// Sets the bound on each Redis operation ([`op_timeout`](Self::op_timeout), default
    /// 2 s).
    pub fn with_op_timeout(mut self, timeout: Duration) -> Self {
        self.op_timeout = timeout;
        self
    }

    /// Sets how long a failed fetch is reported to other processes
    /// ([`failure_ttl`](Self::failure_ttl), default 1 s).
    pub fn with_failure_ttl(mut self, ttl: Duration) -> Self {
        self.failure_ttl = ttl;
        self
    }

    /// Rejects timings under which the lock protocol cannot work: an empty prefix, a zero
    /// `poll_interval`, `op_timeout` or `fetch_timeout`, a `lease` under 300 ms (renewed
    /// every third of it, each renewal needs time to be answered), a `wait_timeout` not
    /// above the `lease` (a waiter must outlive a dead holder's lock), and bounds so large
    /// that the deadlines computed from them overflow (over a day).
    pub fn validate(&self) -> Result<(), Error> {
        const DAY: Duration = Duration::from_secs(24 * 3600);
        let problem = if self.prefix.is_empty() {
            "prefix must not be empty".to_owned()
        } else if self.poll_interval.is_zero() {
            "poll_interval must be non-zero".to_owned()
        } else if self.op_timeout.is_zero() {
            "op_timeout must be non-zero".to_owned()
        } else if self.fetch_timeout.is_zero() {
            "fetch_timeout must be non-zero".to_owned()
        } else if self.lease < MIN_LEASE {
            format!(
                "lease ({:?}) must be at least {MIN_LEASE:?}: it is renewed every third of it",
                self.lease
            )
        } else if self.wait_timeout <= self.lease {
            format!(
                "wait_timeout ({:?}) must exceed lease ({:?}): a waiter must outlive a dead holder's lock",
                self.wait_timeout, self.lease
            )
        } else if [
            self.lease,
            self.fetch_timeout,
            self.wait_timeout,
            self.poll_interval,
            self.op_timeout,
            self.failure_ttl,
        ]
        .iter()
        .any(|d| *d > DAY)
        {
            "timings must not exceed a day".to_owned()
        } else {
            return Ok(());
        };
        Err(Error::Config(format!("redis token store: {problem}")))
    }

    /// The longest a holder of this configuration keeps the lock: the re-check, the fetch
    /// and the store. Announced in its fence.
    fn max_hold(&self) -> Duration {
        self.fetch_timeout + self.op_timeout * 2
    }

    /// How long a waiter gives a holder from when it first sees its fence: what the fence
    /// announces plus a lease (the lock of a holder that died at its last moment outlives
    /// it by that much) plus one Redis operation; a fence that announces nothing (an
    /// earlier version) gets `wait_timeout`.
    fn patience(&self, fence: &str) -> Duration {
        match announced_hold(fence) {
            Some(hold) => hold + self.lease + self.op_timeout,
            None => self.wait_timeout,
        }
    }
}

/// Longest announced hold accepted from a fence (the value comes from Redis: a larger or
/// garbled one is not trusted beyond this).
const MAX_ANNOUNCED_HOLD: Duration = Duration::from_secs(3600);

/// A new fence: a unique id, `/`, and the longest time in ms the holder keeps the lock.
fn new_fence(max_hold: Duration) -> String {
    format!("{}/{}", unique_id(), millis(max_hold))
}

/// The hold time a fence announces, capped; `None` for a fence without one.
fn announced_hold(fence: &str) -> Option<Duration> {
    let (_, ms) = fence.rsplit_once('/')?;
    let ms: u64 = ms.parse().ok()?;
    Some(Duration::from_millis(ms).min(MAX_ANNOUNCED_HOLD))
}

/// Tokens cached in Redis; see the module docs.
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    config: RedisStoreConfig,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Takes the lock if it is free; answers the fence that holds it afterwards (this one if
/// it was taken). KEYS: lock. ARGV: fence, lease in ms.
const TAKE_LOCK: &str = r#"
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
"#;

/// Extends the lease while the lock holds this fence; 1 if extended, 0 if the fence is
/// gone. KEYS: lock. ARGV: fence, lease in ms.
const RENEW_LOCK: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end
"#;

const RELEASE_LOCK: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end
"#;

/// SET while the lock holds this holder's fence, then DEL the keys after the target.
/// KEYS: lock, target, keys to clear... ARGV: fence, value, TTL in ms.
const SET_FENCED: &str = r#"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
return 1
"#;

const INVALIDATE: &str = r#"
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, t = pcall(cjson.decode, v)
if ok and t['token'] == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end
"#;

fn millis(d: Duration) -> u64 {
    d.as_millis().clamp(1, u128::from(u64::MAX)) as u64
}

/// A failed fetch as published to the fleet: enough to rebuild the same typed error.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum FailureReport {
    /// WeChat answered with an errcode (45009, -1, 40164...).
    Api {
        endpoint: String,
        errcode: i64,
        errmsg: String,
        rid: Option<String>,
    },
    /// Anything else (transport, decode...), as text.
    Other { message: String },
}

impl FailureReport {
    fn of(error: &Error) -> Self {
        match error {
            Error::Api {
                endpoint,
                code,
                message,
                rid,
            } => FailureReport::Api {
                endpoint: (*endpoint).to_owned(),
                errcode: code.code(),
                errmsg: message.clone(),
                rid: rid.clone(),
            },
            Error::Token { source, .. } => FailureReport::of(source),
            other => FailureReport::Other {
                message: other.to_string(),
            },
        }
    }

    /// A report that does not parse (another version's) is kept as text.
    fn parse(raw: &str) -> Self {
        serde_json::from_str(raw).unwrap_or_else(|_| FailureReport::Other {
            message: raw.to_owned(),
        })
    }

    /// The error the fetching process's callers got: `Error::Token` with the same source.
    /// Text is redacted again: the report may come from a version that did not redact.
    fn into_error(self, key: &CredentialKey) -> Error {
        let source = match self {
            FailureReport::Api {
                endpoint,
                errcode,
                errmsg,
                rid,
            } => Error::Api {
                endpoint: static_endpoint(&endpoint),
                code: ErrCode::from_code(errcode),
                message: crate::secret::redact(&errmsg).into_owned(),
                rid,
            },
            FailureReport::Other { message } => Error::Store(format!(
                "another process's token fetch failed: {}",
                crate::secret::redact(&message)
            )),
        };
        Error::Token {
            app_id: key.app_id().to_owned(),
            kind: key.kind().clone(),
            source: Arc::new(source),
        }
    }
}

/// `Error::Api` names its endpoint with a `&'static str`: the token endpoints by their
/// qualified names (also from the bare names an older process may have published during a
/// rolling deploy), anything else (a custom source) generically.
fn static_endpoint(name: &str) -> &'static str {
    match name {
        "token::get" | "get_access_token" => "token::get",
        "token::get_stable" | "get_stable_token" => "token::get_stable",
        "oa::ticket::get" => "oa::ticket::get",
        _ => "token source",
    }
}

impl RedisStore {
    /// Connects to `url` (`redis://host:port/db`).
    pub async fn connect(url: &str) -> Result<Self, Error> {
        Self::connect_with(url, RedisStoreConfig::default()).await
    }

    /// Connects with the given timings, after checking them ([`RedisStoreConfig::validate`]).
    pub async fn connect_with(url: &str, config: RedisStoreConfig) -> Result<Self, Error> {
        config.validate()?;
        let client =
            redis::Client::open(url).map_err(|e| Error::Store(format!("redis URL: {e}")))?;
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(config.op_timeout)
            .set_response_timeout(config.op_timeout)
            .set_number_of_retries(1)
            .set_max_delay(200);
        let conn = tokio::time::timeout(
            config.op_timeout.saturating_mul(2),
            ConnectionManager::new_with_config(client, manager_config),
        )
        .await
        .map_err(|_| Error::Store("redis connect: timed out".into()))?
        .map_err(|e| Error::Store(format!("redis connect: {e}")))?;
        Ok(Self { conn, config })
    }

    /// The configuration the store was built with.
    pub fn config(&self) -> &RedisStoreConfig {
        &self.config
    }

    /// The Redis key of `part` (`token`, `token-lock`, `token-error`) of `key`: for the
    /// access token `{prefix}:token:{app_id}` (the names of older versions, so that a rolling
    /// deploy shares one cache), for another kind the kind's name instead of `token`
    /// (`{prefix}:jsapi_ticket-lock:{app_id}`). Kind names are `[a-z0-9_]` and never `token`,
    /// so the two families cannot collide.
    fn key(&self, part: &str, key: &CredentialKey) -> String {
        let kind = key.kind();
        let base = if kind.is_access_token() {
            "token"
        } else {
            kind.as_str()
        };
        let suffix = part.strip_prefix("token").unwrap_or(part);
        format!("{}:{base}{suffix}:{}", self.config.prefix, key.app_id())
    }

    /// Runs one Redis operation under the operation timeout, naming it in errors.
    async fn op<T, F>(&self, what: &str, fut: F) -> Result<T, Error>
    where
        F: Future<Output = redis::RedisResult<T>>,
    {
        op_within(self.config.op_timeout, what, fut).await
    }

    async fn read(&self, key: &CredentialKey) -> Result<Option<CachedToken>, Error> {
        let key = self.key("token", key);
        let mut conn = self.conn.clone();
        let raw: Option<String> = self
            .op(
                "GET token",
                redis::cmd("GET").arg(&key).query_async(&mut conn),
            )
            .await?;
        // A value that does not parse is treated as absent (and will be overwritten).
        Ok(raw.and_then(|r| serde_json::from_str::<CachedToken>(&r).ok()))
    }

    /// Sets `{kind}:{app_id}` to `value` while the lock holds `fence`, clearing the
    /// `clear` keys with it; `Ok(false)` when the fence is lost.
    async fn set_fenced(
        &self,
        what: &'static str,
        key: &CredentialKey,
        (kind, value, ttl_ms): (&str, String, u64),
        clear: &[&str],
        fence: &str,
    ) -> Result<bool, Error> {
        let mut conn = self.conn.clone();
        let script = redis::Script::new(SET_FENCED);
        let mut invocation = script.key(self.key("token-lock", key));
        invocation.key(self.key(kind, key));
        for cleared in clear {
            invocation.key(self.key(cleared, key));
        }
        invocation.arg(fence).arg(value).arg(ttl_ms);
        let set: i64 = self.op(what, invocation.invoke_async(&mut conn)).await?;
        Ok(set == 1)
    }

    /// Stores `token` (and clears the failure report) if the lock still holds `fence`;
    /// `Ok(false)` when it does not.
    async fn write_fenced(
        &self,
        key: &CredentialKey,
        token: &CachedToken,
        fence: &str,
    ) -> Result<bool, Error> {
        let json = serde_json::to_string(token)
            .map_err(|e| Error::Store(format!("encoding the token: {e}")))?;
        let ttl = token.expires_at_ms.saturating_sub(now_ms()).max(1);
        self.set_fenced(
            "SET token",
            key,
            ("token", json, ttl),
            &["token-error"],
            fence,
        )
        .await
    }

    /// Takes the lock with `fence` if it is free; `Ok(None)` when taken, else the fence
    /// of the process that holds it.
    async fn try_lock(&self, key: &CredentialKey, fence: &str) -> Result<Option<String>, Error> {
        let mut conn = self.conn.clone();
        let key = self.key("token-lock", key);
        let script = redis::Script::new(TAKE_LOCK);
        let holder: String = self
            .op(
                "take lock",
                script
                    .key(&key)
                    .arg(fence)
                    .arg(millis(self.config.lease))
                    .invoke_async(&mut conn),
            )
            .await?;
        Ok((holder != fence).then_some(holder))
    }

    /// Extends the lease of `fence`, bounded by `bound`; `Ok(false)` when the lock no longer
    /// holds it.
    async fn renew(
        &self,
        key: &CredentialKey,
        fence: &str,
        bound: Duration,
    ) -> Result<bool, Error> {
        let mut conn = self.conn.clone();
        let key = self.key("token-lock", key);
        let script = redis::Script::new(RENEW_LOCK);
        let renewed: i64 = op_within(
            bound,
            "renew lock",
            script
                .key(&key)
                .arg(fence)
                .arg(millis(self.config.lease))
                .invoke_async(&mut conn),
        )
        .await?;
        Ok(renewed == 1)
    }

    /// The watchdog of a lock holder: renews the lease every third of it, counted from
    /// `asked_at` (when the lock was asked for), until the lock is found to hold another
    /// fence (then sets `lost` and returns) or the task is aborted. Each renewal is bounded
    /// by that third, so that a slow Redis delays no renewal past the lease; a renewal that
    /// fails is retried at the next tick.
    async fn keep_lease(
        self,
        key: CredentialKey,
        fence: String,
        asked_at: Instant,
        lost: Arc<AtomicBool>,
    ) {
        let period = self.config.lease / 3;
        let bound = period.min(self.config.op_timeout);
        let first = tokio::time::Instant::from_std(asked_at) + period;
        let mut ticks = tokio::time::interval_at(first, period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match self.renew(&key, &fence, bound).await {
                Ok(true) => {}
                Ok(false) => {
                    lost.store(true, Ordering::SeqCst);
                    tracing::warn!(
                        key = %key,
                        "the token refresh lock is held by another process now; no more renewals, and this holder will not store its token"
                    );
                    return;
                }
                Err(e) => {
                    tracing::warn!(key = %key, error = %e, "could not renew the token refresh lock; retrying")
                }
            }
        }
    }

    async fn unlock(&self, key: &CredentialKey, fence: &str) -> Result<(), Error> {
        let mut conn = self.conn.clone();
        let key = self.key("token-lock", key);
        let script = redis::Script::new(RELEASE_LOCK);
        self.op::<i64, _>(
            "release lock",
            script.key(&key).arg(fence).invoke_async(&mut conn),
        )
        .await
        .map(drop)
    }

    async fn published_failure(&self, key: &CredentialKey) -> Result<Option<FailureReport>, Error> {
        let mut conn = self.conn.clone();
        let key = self.key("token-error", key);
        let raw: Option<String> = self
            .op(
                "GET failure",
                redis::cmd("GET").arg(&key).query_async(&mut conn),
            )
            .await?;
        Ok(raw.as_deref().map(FailureReport::parse))
    }

    /// Publishes a failed fetch while the lock still holds `fence`.
    async fn publish_failure(
        &self,
        key: &CredentialKey,
        error: &Error,
        fence: &str,
    ) -> Result<(), Error> {
        let report = serde_json::to_string(&FailureReport::of(error))
            .map_err(|e| Error::Store(format!("encoding the failure: {e}")))?;
        let ttl = millis(self.config.failure_ttl);
        self.set_fenced("SET failure", key, ("token-error", report, ttl), &[], fence)
            .await
            .map(drop)
    }

    /// A cached token of another fetch than `stale` that is still usable.
    async fn replacement(
        &self,
        key: &CredentialKey,
        stale: Option<&CachedToken>,
    ) -> Result<Option<CachedToken>, Error> {
        Ok(self
            .read(key)
            .await?
            .filter(|t| stale.is_none_or(|s| !s.same_fetch(t)) && t.is_usable(now_ms())))
    }

    async fn refresh_inner(
        &self,
        key: &CredentialKey,
        stale: Option<&CachedToken>,
        fetch: Fetch<'_>,
    ) -> Result<CachedToken, Error> {
        let fence = new_fence(self.config.max_hold());
        // The holder being waited on, until when, and for how long in all.
        let mut waiting_on: Option<(String, Instant, Duration)> = None;
        loop {
            if let Some(token) = self.replacement(key, stale).await? {
                return Ok(token);
            }
            if let Some(failure) = self.published_failure(key).await? {
                return Err(failure.into_error(key));
            }
            // Taken before asking: the lease may have started any time after this.
            let asked_at = Instant::now();
            let Some(holder) = self.try_lock(key, &fence).await? else {
                let lost = Arc::new(AtomicBool::new(false));
                let watchdog = AbortOnDrop(tokio::spawn(self.clone().keep_lease(
                    key.clone(),
                    fence.clone(),
                    asked_at,
                    Arc::clone(&lost),
                )));
                let outcome = self.refresh_locked(key, stale, fetch, &fence, &lost).await;
                drop(watchdog);
                let released = self.unlock(key, &fence).await;
                return match (outcome, released) {
                    (Ok(token), Err(e)) => {
                        tracing::warn!(key = %key, error = %e, "token refreshed but the refresh lock could not be released; it will expire");
                        Ok(token)
                    }
                    (outcome, _) => outcome,
                };
            };
            // Patience follows the current holder: counted afresh for each new fence.
            let (deadline, patience) = match &waiting_on {
                Some((seen, deadline, patience)) if *seen == holder => (*deadline, *patience),
                _ => {
                    let patience = self.config.patience(&holder);
                    let deadline = Instant::now() + patience;
                    waiting_on = Some((holder, deadline, patience));
                    (deadline, patience)
                }
            };
            if Instant::now() >= deadline {
                return Err(Error::Store(format!(
                    "redis: no token after waiting {patience:?} on another process's refresh (the time its lock announced plus the lease, or wait_timeout)"
                )));
            }
            tokio::time::sleep(self.config.poll_interval).await;
        }
    }

    /// Holding the lock: re-check, then fetch once and store (or publish the failure) —
    /// unless the watchdog found the lock taken by another process (`lost`).
    async fn refresh_locked(
        &self,
        key: &CredentialKey,
        stale: Option<&CachedToken>,
        fetch: Fetch<'_>,
        fence: &str,
        lost: &AtomicBool,
    ) -> Result<CachedToken, Error> {
        if let Some(token) = self.replacement(key, stale).await? {
            return Ok(token);
        }
        // The lease is renewed meanwhile: the fetch has its own budget.
        let budget = self.config.fetch_timeout;
        let fetched = match tokio::time::timeout(budget, fetch).await {
            Ok(result) => result,
            Err(_) => Err(Error::Token {
                app_id: key.app_id().to_owned(),
                kind: key.kind().clone(),
                source: Arc::new(Error::Store(format!(
                    "token fetch did not finish within {budget:?} (the Redis store's fetch_timeout)"
                ))),
            }),
        };
        if lost.load(Ordering::SeqCst) {
            tracing::warn!(
                key = %key,
                "refresh lock lost during the token fetch; the result goes to this process's callers but is not stored, so that a newer token is not overwritten"
            );
            return fetched;
        }
        match fetched {
            Ok(token) => {
                match self.write_fenced(key, &token, fence).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(
                        key = %key,
                        "refresh lock lost during the token fetch; the token goes to this process's callers but is not stored, so that a newer one is not overwritten"
                    ),
                    Err(e) => tracing::warn!(
                        key = %key,
                        error = %e,
                        "fetched a token but could not store it; it goes to this process's callers only"
                    ),
                }
                Ok(token)
            }
            Err(e) => {
                if let Err(publish) = self.publish_failure(key, &e, fence).await {
                    tracing::warn!(key = %key, error = %publish, "could not publish the token fetch failure");
                }
                Err(e)
            }
        }
    }
}

/// Aborts the task (the lease watchdog) when dropped, also if the refresh is cancelled.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs one Redis operation under `bound`, naming it in errors.
async fn op_within<T, F>(bound: Duration, what: &str, fut: F) -> Result<T, Error>
where
    F: Future<Output = redis::RedisResult<T>>,
{
    match tokio::time::timeout(bound, fut).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Error::Store(format!("redis {what}: {e}"))),
        Err(_) => Err(Error::Store(format!(
            "redis {what}: no answer within {bound:?}"
        ))),
    }
}

impl TokenStore for RedisStore {
    fn get<'a>(
        &'a self,
        key: &'a CredentialKey,
    ) -> BoxFuture<'a, Result<Option<CachedToken>, Error>> {
        Box::pin(self.read(key))
    }

    fn refresh<'a>(
        &'a self,
        key: &'a CredentialKey,
        stale: Option<&'a CachedToken>,
        fetch: Fetch<'a>,
    ) -> BoxFuture<'a, Result<CachedToken, Error>> {
        Box::pin(self.refresh_inner(key, stale, fetch))
    }

    fn invalidate<'a>(
        &'a self,
        key: &'a CredentialKey,
        token: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            let mut conn = self.conn.clone();
            let key = self.key("token", key);
            let script = redis::Script::new(INVALIDATE);
            let dropped: i64 = self
                .op(
                    "invalidate",
                    script.key(&key).arg(token.expose()).invoke_async(&mut conn),
                )
                .await?;
            Ok(dropped == 1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings_that_break_the_lock_protocol_are_config_errors() {
        assert!(RedisStoreConfig::default().validate().is_ok());
        let cases = [
            RedisStoreConfig {
                poll_interval: Duration::ZERO,
                ..RedisStoreConfig::default()
            },
            RedisStoreConfig {
                op_timeout: Duration::ZERO,
                ..RedisStoreConfig::default()
            },
            RedisStoreConfig {
                fetch_timeout: Duration::ZERO,
                ..RedisStoreConfig::default()
            },
            RedisStoreConfig {
                lease: Duration::from_millis(200),
                ..RedisStoreConfig::default()
            },
            RedisStoreConfig {
                wait_timeout: Duration::from_secs(1),
                ..RedisStoreConfig::default()
            },
            RedisStoreConfig {
                fetch_timeout: Duration::MAX,
                ..RedisStoreConfig::default()
            },
            RedisStoreConfig {
                prefix: String::new(),
                ..RedisStoreConfig::default()
            },
        ];
        for config in cases {
            match config.validate() {
                Err(Error::Config(message)) => assert!(message.contains("redis"), "{message}"),
                other => panic!("{config:?}: expected a config error, got {other:?}"),
            }
        }
    }

    #[test]
    fn defaults_are_short_leases_and_a_separate_fetch_budget() {
        let config = RedisStoreConfig::default();
        assert_eq!(config.lease, Duration::from_millis(1200));
        assert_eq!(config.fetch_timeout, Duration::from_secs(10));
        assert_eq!(config.wait_timeout, Duration::from_secs(15));
        // A holder announces fetch + re-check + store; a lease of 1.2 s with a fetch of
        // 10 s is what the renewal makes possible.
        assert_eq!(config.max_hold(), Duration::from_secs(14));
        let lenient = RedisStoreConfig::default()
            .with_lease(Duration::from_millis(300))
            .with_wait_timeout(Duration::from_millis(301))
            .with_fetch_timeout(Duration::from_millis(1));
        assert!(lenient.validate().is_ok());
    }

    #[test]
    fn a_waiter_gives_each_holder_what_its_fence_announces() {
        let config = RedisStoreConfig::default();
        let fence = new_fence(Duration::from_millis(14_000));
        assert!(fence.ends_with("/14000"), "{fence}");
        assert_eq!(announced_hold(&fence), Some(Duration::from_secs(14)));
        // announced + lease + op_timeout
        assert_eq!(config.patience(&fence), Duration::from_millis(17_200));
        // A holder with a longer budget than this process's own is waited for.
        let slow = new_fence(Duration::from_secs(60));
        assert_eq!(config.patience(&slow), Duration::from_millis(63_200));
        // An earlier version's fence (no announcement), or garbage: wait_timeout.
        for old in ["0123456789abcdef-1a2-3", "x/", "x/-5", "x/1.5", ""] {
            assert_eq!(announced_hold(old), None, "{old}");
            assert_eq!(config.patience(old), config.wait_timeout, "{old}");
        }
        // A huge announcement is capped, and does not overflow an Instant.
        let huge = format!("x/{}", u64::MAX);
        assert_eq!(announced_hold(&huge), Some(MAX_ANNOUNCED_HOLD));
        let _ = Instant::now() + config.patience(&huge);
    }

    #[tokio::test]
    async fn connect_checks_the_config_before_connecting() {
        let bad = RedisStoreConfig {
            poll_interval: Duration::ZERO,
            ..RedisStoreConfig::default()
        };
        // Nothing listens on port 1: a config error proves nothing was attempted.
        let err = RedisStore::connect_with("redis://127.0.0.1:1/", bad)
            .await
            .expect_err("invalid config");
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }

    #[test]
    fn token_endpoint_names_survive_the_round_trip() {
        for (published, rebuilt) in [
            ("token::get", "token::get"),
            ("token::get_stable", "token::get_stable"),
            // An older process publishes bare names.
            ("get_access_token", "token::get"),
            // The ticket endpoint, whose failures are published like the token's.
            ("oa::ticket::get", "oa::ticket::get"),
            ("something else", "token source"),
        ] {
            assert_eq!(static_endpoint(published), rebuilt);
        }
    }

    #[test]
    fn a_published_api_failure_rebuilds_the_same_typed_error() {
        let original = Error::Api {
            endpoint: "token::get",
            code: ErrCode::from_code(45009),
            message: "reach max api daily quota limit".into(),
            rid: Some("rid-1".into()),
        };
        let json = serde_json::to_string(&FailureReport::of(&original)).expect("json");
        let value: serde_json::Value = serde_json::from_str(&json).expect("value");
        assert_eq!(value["errcode"], 45009);
        assert_eq!(value["errmsg"], "reach max api daily quota limit");
        match FailureReport::parse(&json).into_error(&CredentialKey::access_token("wx-app")) {
            Error::Token { app_id, source, .. } => {
                assert_eq!(app_id, "wx-app");
                match &*source {
                    Error::Api {
                        endpoint,
                        code,
                        message,
                        rid,
                    } => {
                        assert_eq!(*endpoint, "token::get");
                        assert_eq!(code.code(), 45009);
                        assert_eq!(message, "reach max api daily quota limit");
                        assert_eq!(rid.as_deref(), Some("rid-1"));
                    }
                    other => panic!("{other:?}"),
                }
            }
            other => panic!("{other:?}"),
        }
        // Garbage (or another version's text) is kept as a message, not dropped.
        match FailureReport::parse("boom").into_error(&CredentialKey::access_token("wx-app")) {
            Error::Token { source, .. } => {
                assert!(matches!(&*source, Error::Store(m) if m.contains("boom")))
            }
            other => panic!("{other:?}"),
        }
    }
}
