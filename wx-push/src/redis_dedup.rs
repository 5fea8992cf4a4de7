//! De-duplication shared by a fleet through Redis (feature `redis`).
//!
//! Behind a load balancer, WeChat's retry of a push may reach another process than the
//! first delivery; a [`MemoryDedup`] per process would then run the
//! handler once per process. [`RedisDedup`] claims each push with one atomic
//! `SET {prefix}:{key} 1 NX PX {ttl}`: the process whose `SET` succeeds handles the push,
//! the others acknowledge it as a duplicate. Releasing a push whose handler failed is
//! `DEL`. Keys longer than 128 bytes are hashed ([`bounded_key`]), so a hostile `MsgId`
//! cannot grow Redis.
//!
//! **When Redis is down or slow: at-least-once.** Every operation (connecting included)
//! is bounded by [`RedisDedupConfig::op_timeout`]; an operation that fails or times out is
//! an error, on which the axum adapter logs a warning and runs the handler anyway:
//! a push may then be handled once per delivery (up to WeChat's three attempts, on as
//! many processes) rather than lost. The connection is re-established by later
//! operations once Redis is back; [`RedisDedup::new`] does not need Redis to be up.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::OnceCell;

use super::dedup::{bounded_key, DedupFuture, DedupStore, MemoryDedup};
use super::error::{PushError, Result};

/// Settings of [`RedisDedup`]. Start from [`RedisDedupConfig::default`] and use the
/// `with_*` methods (the type may gain fields in minor releases).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RedisDedupConfig {
    /// Key prefix, so several apps (or accounts) share one Redis: keys are
    /// `{prefix}:{dedup key}`. Default `wx:push-dedup`.
    pub prefix: String,
    /// How long a push is remembered (default 30 s: WeChat's retries span ~15-20 s).
    pub ttl: Duration,
    /// Bound on each Redis operation, connecting included (default 500 ms; the adapter
    /// answers within 4.5 s whatever the store does).
    pub op_timeout: Duration,
}

impl Default for RedisDedupConfig {
    fn default() -> Self {
        RedisDedupConfig {
            prefix: "wx:push-dedup".to_owned(),
            ttl: MemoryDedup::DEFAULT_TTL,
            op_timeout: Duration::from_millis(500),
        }
    }
}

impl RedisDedupConfig {
    /// Sets the key [`prefix`](Self::prefix).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets how long a push is remembered ([`ttl`](Self::ttl)).
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Sets the bound on each Redis operation ([`op_timeout`](Self::op_timeout)).
    pub fn with_op_timeout(mut self, timeout: Duration) -> Self {
        self.op_timeout = timeout;
        self
    }
}

/// A [`DedupStore`] on Redis, shared by every process that uses the same Redis and prefix.
pub struct RedisDedup {
    client: redis::Client,
    conn: OnceCell<ConnectionManager>,
    config: RedisDedupConfig,
}

impl fmt::Debug for RedisDedup {
    // The URL may carry a password: not shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisDedup")
            .field("config", &self.config)
            .field("connected", &self.conn.initialized())
            .finish_non_exhaustive()
    }
}

impl RedisDedup {
    /// A store for `url` (`redis://host:port/db`) that connects on first use (and again
    /// after a failed attempt), so it can be built while Redis is down. Fails only on a
    /// malformed URL or a zero TTL or timeout.
    pub fn new(url: &str, config: RedisDedupConfig) -> Result<Self> {
        if config.ttl.as_millis() == 0 || config.op_timeout.is_zero() {
            return Err(PushError::DedupStore(
                "ttl and op_timeout must be at least 1 ms".into(),
            ));
        }
        let client = redis::Client::open(url)
            .map_err(|e| PushError::DedupStore(format!("redis URL: {:?}", e.kind())))?;
        Ok(RedisDedup {
            client,
            conn: OnceCell::new(),
            config,
        })
    }

    /// [`new`](Self::new), then connects at once (fail fast at startup).
    pub async fn connect(url: &str, config: RedisDedupConfig) -> Result<Self> {
        let store = Self::new(url, config)?;
        store.op("connect", |_conn| async { Ok(()) }).await?;
        Ok(store)
    }

    /// The settings.
    pub fn config(&self) -> &RedisDedupConfig {
        &self.config
    }

    /// The Redis key of a push's dedup key.
    pub fn redis_key(&self, key: &str) -> String {
        format!("{}:{}", self.config.prefix, bounded_key(key))
    }

    /// Runs `f` on the (lazily made) connection, the whole bounded by `op_timeout`.
    async fn op<T, F, Fut>(&self, what: &str, f: F) -> Result<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        let run = async {
            let conn = self
                .conn
                .get_or_try_init(|| {
                    let config = ConnectionManagerConfig::new()
                        .set_connection_timeout(self.config.op_timeout)
                        .set_response_timeout(self.config.op_timeout)
                        .set_number_of_retries(1)
                        .set_max_delay(200);
                    ConnectionManager::new_with_config(self.client.clone(), config)
                })
                .await?
                .clone();
            f(conn).await
        };
        match tokio::time::timeout(self.config.op_timeout, run).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(PushError::DedupStore(format!("redis {what}: {e}"))),
            Err(_) => Err(PushError::DedupStore(format!(
                "redis {what}: no answer within {:?}",
                self.config.op_timeout
            ))),
        }
    }
}

impl DedupStore for RedisDedup {
    fn first_seen<'a>(&'a self, key: &'a str) -> DedupFuture<'a> {
        Box::pin(async move {
            let key = self.redis_key(key);
            let ttl_ms = u64::try_from(self.config.ttl.as_millis()).unwrap_or(u64::MAX);
            let set: Option<String> = self
                .op("SET NX", |mut c| async move {
                    redis::cmd("SET")
                        .arg(&key)
                        .arg(1)
                        .arg("NX")
                        .arg("PX")
                        .arg(ttl_ms)
                        .query_async(&mut c)
                        .await
                })
                .await?;
            // `OK` when this call created the key, nil when it existed.
            Ok(set.is_some())
        })
    }

    fn forget<'a>(&'a self, key: &'a str) -> DedupFuture<'a, ()> {
        Box::pin(async move {
            let key = self.redis_key(key);
            self.op("DEL", |mut c| async move {
                redis::cmd("DEL").arg(&key).query_async::<i64>(&mut c).await
            })
            .await?;
            Ok(())
        })
    }
}
