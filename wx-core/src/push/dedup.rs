//! De-duplication of WeChat's re-deliveries (up to 3-4 of the same push within ~20 s).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::error::{PushError, Result};

/// The boxed future a [`DedupStore`] returns; spelled out so the trait stays object-safe
/// without a macro crate.
pub type DedupFuture<'a> = Pin<Box<dyn Future<Output = Result<bool>> + Send + 'a>>;

/// Where seen push keys are remembered. Implement it over Redis or a database to share
/// de-duplication between processes behind a load balancer.
pub trait DedupStore: Send + Sync {
    /// Records `key` and resolves to `true` if it was not seen within the store's TTL
    /// (i.e. the push should be handled), `false` for a duplicate.
    fn first_seen<'a>(&'a self, key: &'a str) -> DedupFuture<'a>;
}

/// A bounded in-memory window: at most `capacity` keys, each for `ttl`.
#[derive(Debug)]
pub struct MemoryDedup {
    capacity: usize,
    ttl: Duration,
    inner: Mutex<Window>,
}

#[derive(Debug, Default)]
struct Window {
    seen: HashMap<String, Instant>,
    order: VecDeque<(String, Instant)>,
}

impl MemoryDedup {
    /// Default TTL: WeChat retries span ~15-20 s; 30 s leaves a margin.
    pub const DEFAULT_TTL: Duration = Duration::from_secs(30);
    /// Default capacity.
    pub const DEFAULT_CAPACITY: usize = 100_000;

    /// A window with the given bounds (capacity at least 1).
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        MemoryDedup {
            capacity: capacity.max(1),
            ttl,
            inner: Mutex::new(Window::default()),
        }
    }

    /// Synchronous check, for callers without an async runtime.
    pub fn check(&self, key: &str) -> bool {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &str, now: Instant) -> bool {
        // A poisoned lock only means another thread panicked mid-update; the map is
        // still a valid cache, so keep using it.
        let mut w = match self.inner.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let ttl = self.ttl;
        // Expire from the front (oldest first).
        while w
            .order
            .front()
            .is_some_and(|(_, t)| now.duration_since(*t) >= ttl)
        {
            if let Some((k, t)) = w.order.pop_front() {
                if w.seen.get(&k) == Some(&t) {
                    w.seen.remove(&k);
                }
            }
        }
        if let Some(t) = w.seen.get(key) {
            if now.duration_since(*t) < ttl {
                return false;
            }
        }
        w.seen.insert(key.to_owned(), now);
        w.order.push_back((key.to_owned(), now));
        while w.seen.len() > self.capacity {
            match w.order.pop_front() {
                Some((k, t)) => {
                    if w.seen.get(&k) == Some(&t) {
                        w.seen.remove(&k);
                    }
                }
                None => break,
            }
        }
        true
    }

    /// Number of keys currently remembered.
    pub fn len(&self) -> usize {
        match self.inner.lock() {
            Ok(g) => g.seen.len(),
            Err(p) => p.into_inner().seen.len(),
        }
    }

    /// `true` when nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for MemoryDedup {
    fn default() -> Self {
        MemoryDedup::new(Self::DEFAULT_CAPACITY, Self::DEFAULT_TTL)
    }
}

impl DedupStore for MemoryDedup {
    fn first_seen<'a>(&'a self, key: &'a str) -> DedupFuture<'a> {
        let r = self.check(key);
        Box::pin(async move { Ok::<bool, PushError>(r) })
    }
}
