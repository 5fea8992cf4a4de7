//! De-duplication of WeChat's re-deliveries (up to 3-4 of the same push within ~20 s).
//!
//! Keys come from the push ([`Message::dedup_key`](super::Message::dedup_key)), so their
//! length is the sender's choice: [`bounded_key`] hashes long ones, and [`MemoryDedup`]
//! bounds both the number of keys and the bytes it holds.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha1::{Digest, Sha1};

use super::error::{PushError, Result};

/// Longest key stored as it is; longer keys are replaced by their SHA-1 ([`bounded_key`]).
pub const MAX_KEY_BYTES: usize = 128;

/// A de-duplication key of at most [`MAX_KEY_BYTES`] bytes: `key` itself when it fits,
/// otherwise `"sha1:"` followed by the 40 lowercase hex digits of SHA-1 of `key` (45
/// bytes). Real keys (ids of a few dozen bytes) pass unchanged; a hostile 1 MB `MsgId`
/// costs one hash instead of a megabyte held for the dedup window. Every store should
/// apply it, so that processes sharing a store agree on the keys.
pub fn bounded_key(key: &str) -> Cow<'_, str> {
    if key.len() <= MAX_KEY_BYTES {
        return Cow::Borrowed(key);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha1::digest(key.as_bytes());
    let mut out = String::with_capacity(5 + 40);
    out.push_str("sha1:");
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    Cow::Owned(out)
}

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

/// A bounded in-memory window: each key for `ttl`, at most `capacity` keys and about
/// `max_bytes` bytes, evicting the oldest first when either bound is reached. Keys are
/// passed through [`bounded_key`], so one key costs at most [`MAX_KEY_BYTES`] plus a fixed
/// overhead.
///
/// Eviction before the TTL means a retry of an evicted push is handled again: the bounds
/// only bite under a flood of distinct pushes, and at-least-once is the safe side.
#[derive(Debug)]
#[non_exhaustive]
pub struct MemoryDedup {
    capacity: usize,
    ttl: Duration,
    max_bytes: usize,
    inner: Mutex<Window>,
}

#[derive(Debug, Default)]
struct Window {
    /// Key -> (time first seen, insertion number).
    seen: HashMap<Arc<str>, (Instant, u64)>,
    /// Insertions, oldest first; entries of forgotten keys linger here until they expire.
    order: VecDeque<(Arc<str>, Instant, u64)>,
    next: u64,
    /// [`entry_bytes`] summed over `order` (which keeps every stored key alive).
    bytes: usize,
}

/// What one insertion costs: the key's bytes (shared by the map and the queue), the
/// `Arc` header, one map slot (plus its control byte) and one queue slot. An estimate of
/// the allocator's view, good to a small factor.
fn entry_bytes(key: &str) -> usize {
    const FIXED: usize = 2 * std::mem::size_of::<usize>()
        + std::mem::size_of::<(Arc<str>, (Instant, u64))>()
        + 1
        + std::mem::size_of::<(Arc<str>, Instant, u64)>();
    key.len() + FIXED
}

impl Window {
    /// Drops the oldest insertion, and its key unless the key was forgotten (and maybe
    /// inserted again) since.
    fn pop_oldest(&mut self) {
        if let Some((k, _, n)) = self.order.pop_front() {
            self.bytes = self.bytes.saturating_sub(entry_bytes(&k));
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
    /// Default byte bound: 16 MiB, about 100,000 keys of a typical 60 bytes, or 90,000
    /// of the longest (128 bytes).
    pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

    /// A window with the given bounds (capacity at least 1) and the default byte bound.
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        Self::with_limits(capacity, ttl, Self::DEFAULT_MAX_BYTES)
    }

    /// A window of at most `capacity` keys (at least 1) and about `max_bytes` bytes
    /// ([`bytes_held`](Self::bytes_held)); the newest key is always kept.
    pub fn with_limits(capacity: usize, ttl: Duration, max_bytes: usize) -> Self {
        MemoryDedup {
            capacity: capacity.max(1),
            ttl,
            max_bytes,
            inner: Mutex::new(Window::default()),
        }
    }

    /// Synchronous check, for callers without an async runtime.
    pub fn check(&self, key: &str) -> bool {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &str, now: Instant) -> bool {
        let key = bounded_key(key);
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
        if let Some((t, _)) = w.seen.get(key.as_ref()) {
            if now.duration_since(*t) < ttl {
                return false;
            }
        }
        let n = w.next;
        w.next += 1;
        let key: Arc<str> = Arc::from(key.as_ref());
        w.bytes += entry_bytes(&key);
        w.seen.insert(Arc::clone(&key), (now, n));
        w.order.push_back((key, now, n));
        // Bounded by insertions, not live keys, so forgotten keys cannot grow the queue.
        while w.order.len() > self.capacity || (w.bytes > self.max_bytes && w.order.len() > 1) {
            w.pop_oldest();
        }
        true
    }

    /// Synchronous [`DedupStore::forget`]: the next `check` of `key` returns `true`.
    pub fn remove(&self, key: &str) {
        let key = bounded_key(key);
        self.window().seen.remove(key.as_ref());
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

    /// Estimated bytes held for the remembered keys (key bytes plus per-entry overhead),
    /// kept at most the byte bound given to [`with_limits`](Self::with_limits).
    pub fn bytes_held(&self) -> usize {
        self.window().bytes
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

    #[test]
    fn bounded_key_keeps_short_keys_and_hashes_long_ones() {
        let short = "k".repeat(MAX_KEY_BYTES);
        assert!(matches!(bounded_key(&short), Cow::Borrowed(k) if k == short));
        let long = "k".repeat(MAX_KEY_BYTES + 1);
        let b = bounded_key(&long);
        assert_eq!(b.len(), 45);
        assert!(b.starts_with("sha1:"));
        assert!(b[5..]
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
        // Python: hashlib.sha1(b"a" * 129).hexdigest()
        assert_eq!(
            bounded_key(&"a".repeat(129)),
            "sha1:d96debf1bdcbc896e6c134ea76e8141f40d78536"
        );
        assert_ne!(bounded_key(&long), bounded_key(&format!("{long}x")));
    }

    #[test]
    fn megabyte_keys_are_held_as_hashes_and_still_deduplicated() {
        // The observed attack: 200 pushes whose MsgId is 1 MB each (~388 MiB held before).
        let d = MemoryDedup::default();
        let keys: Vec<String> = (0..200u8)
            .map(|i| {
                let mut k = "x".repeat(1 << 20);
                k.push(char::from(b'A' + i % 26));
                k.push_str(&i.to_string());
                k
            })
            .collect();
        for k in &keys {
            assert!(d.check(k));
        }
        assert_eq!(d.len(), 200);
        let held = d.bytes_held();
        assert!(held <= 200 * entry_bytes(&"h".repeat(45)), "{held}");
        assert!(held < 64 * 1024, "{held}");
        // Dedup still works on the long keys, and forgetting one releases it.
        assert!(keys.iter().step_by(20).all(|k| !d.check(k)));
        d.remove(&keys[7]);
        assert!(d.check(&keys[7]));
    }

    #[test]
    fn byte_bound_evicts_oldest_first() {
        let one = entry_bytes(&"k".repeat(100));
        let d = MemoryDedup::with_limits(1_000, Duration::from_secs(60), 10 * one);
        for i in 0..50 {
            assert!(d.check(&format!("{i:0>100}")));
            assert!(d.bytes_held() <= 10 * one);
        }
        assert_eq!(d.len(), 10);
        // The newest ten are remembered, the oldest were evicted.
        assert!(!d.check(&format!("{:0>100}", 49)));
        assert!(d.check(&format!("{:0>100}", 0)));
    }
}
