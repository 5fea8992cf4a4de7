//! De-duplication of WeChat's re-deliveries (up to 3-4 of the same push within ~20 s).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::error::{PushError, Result};

/// The boxed future a [`DedupStore`] returns; spelled out so the trait stays object-safe
/// without a macro crate.
pub type DedupFuture<'a, T = bool> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// Where seen push keys are remembered. Implement it over Redis or a database to share
/// de-duplication between processes behind a load balancer.
pub trait DedupStore: Send + Sync {
    /// Records `key` and resolves to `true` if it was not seen within the store's TTL
    /// (i.e. the push should be handled), `false` for a duplicate.
    fn first_seen<'a>(&'a self, key: &'a str) -> DedupFuture<'a>;

    /// Drops `key`, so WeChat's next delivery of that push is handled again. Called when a
    /// claimed push was not handled after all (handler panicked, reply not encodable);
    /// without it the retries would be acknowledged and the message lost.
    fn forget<'a>(&'a self, key: &'a str) -> DedupFuture<'a, ()>;
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
    /// Key -> (time first seen, insertion number).
    seen: HashMap<String, (Instant, u64)>,
    /// Insertions, oldest first; entries of forgotten keys linger here until they expire.
    order: VecDeque<(String, Instant, u64)>,
    next: u64,
}

impl Window {
    /// Drops the oldest insertion, and its key unless the key was forgotten (and maybe
    /// inserted again) since.
    fn pop_oldest(&mut self) {
        if let Some((k, _, n)) = self.order.pop_front() {
            if self.seen.get(&k).is_some_and(|&(_, m)| m == n) {
                self.seen.remove(&k);
            }
        }
    }
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
        let mut w = self.window();
        let ttl = self.ttl;
        // Expire from the front (oldest first).
        while w
            .order
            .front()
            .is_some_and(|(_, t, _)| now.duration_since(*t) >= ttl)
        {
            w.pop_oldest();
        }
        if let Some((t, _)) = w.seen.get(key) {
            if now.duration_since(*t) < ttl {
                return false;
            }
        }
        let n = w.next;
        w.next += 1;
        w.seen.insert(key.to_owned(), (now, n));
        w.order.push_back((key.to_owned(), now, n));
        // Bounded by insertions, not live keys, so forgotten keys cannot grow the queue.
        while w.order.len() > self.capacity {
            w.pop_oldest();
        }
        true
    }

    /// Synchronous [`DedupStore::forget`]: the next `check` of `key` returns `true`.
    pub fn remove(&self, key: &str) {
        self.window().seen.remove(key);
    }

    fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        // A poisoned lock only means another thread panicked mid-update; the map is
        // still a valid cache, so keep using it.
        match self.inner.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Number of keys currently remembered.
    pub fn len(&self) -> usize {
        self.window().seen.len()
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

    fn forget<'a>(&'a self, key: &'a str) -> DedupFuture<'a, ()> {
        self.remove(key);
        Box::pin(async { Ok::<(), PushError>(()) })
    }
}

/// Longest dedup key kept as it is; longer keys are hashed by [`bounded_key`].
pub const MAX_KEY_BYTES: usize = 128;

/// A dedup key of bounded length: keys of at most [`MAX_KEY_BYTES`] bytes as they are,
/// longer ones `"sha1:"` followed by the 40 lowercase hex digits of their SHA-1, so a
/// hostile `MsgId` of a megabyte costs a store 45 bytes.
pub fn bounded_key(key: &str) -> std::borrow::Cow<'_, str> {
    use sha1::{Digest, Sha1};
    use std::fmt::Write as _;
    if key.len() <= MAX_KEY_BYTES {
        return std::borrow::Cow::Borrowed(key);
    }
    let digest = Sha1::digest(key.as_bytes());
    let mut out = String::with_capacity(45);
    out.push_str("sha1:");
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgetting_keeps_the_queue_bounded() {
        let d = MemoryDedup::new(3, Duration::from_secs(60));
        for _ in 0..1000 {
            assert!(d.check("k"));
            d.remove("k");
        }
        assert!(d.is_empty());
        assert!(d.window().order.len() <= 3);
    }
}
