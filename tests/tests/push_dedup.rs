//! The in-memory dedup window and the object safety of the store trait.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wx_core::push::*;

#[test]
fn memory_window_remembers_within_ttl() {
    let d = MemoryDedup::new(10, Duration::from_secs(60));
    assert!(d.check("a"));
    assert!(!d.check("a"));
    assert!(!d.check("a"));
    assert!(d.check("b"));
    assert_eq!(d.len(), 2);
}

#[test]
fn memory_window_expires_after_ttl() {
    let d = MemoryDedup::new(10, Duration::from_millis(40));
    assert!(d.check("a"));
    std::thread::sleep(Duration::from_millis(60));
    assert!(d.check("a"), "expired keys are new again");
    assert!(!d.check("a"));
}

#[test]
fn memory_window_is_bounded() {
    let d = MemoryDedup::new(3, Duration::from_secs(60));
    for k in ["a", "b", "c", "d"] {
        assert!(d.check(k));
    }
    assert_eq!(d.len(), 3);
    assert!(d.check("a"), "oldest key was evicted");
    assert!(!d.check("d"));
}

#[test]
fn forgotten_keys_are_new_again() {
    let d = MemoryDedup::new(10, Duration::from_secs(60));
    assert!(d.check("a"));
    assert!(d.check("b"));
    d.remove("a");
    assert_eq!(d.len(), 1);
    assert!(d.check("a"), "a forgotten key is handled again");
    assert!(!d.check("a"));
    assert!(!d.check("b"), "other keys are untouched");
    d.remove("never-seen");
    assert_eq!(d.len(), 2);
}

#[test]
fn stale_queue_entry_of_a_forgotten_key_does_not_evict_it_again() {
    // Capacity counts insertions: "a" is queued twice (forgotten, then seen again).
    let d = MemoryDedup::new(2, Duration::from_secs(60));
    assert!(d.check("a"));
    d.remove("a");
    assert!(d.check("a"));
    // Inserting "b" pushes out the stale first entry of "a", not its live one.
    assert!(d.check("b"));
    assert!(!d.check("a"), "the re-inserted key is still remembered");
    assert!(!d.check("b"));
}

#[test]
fn default_ttl_covers_retries() {
    assert!(MemoryDedup::DEFAULT_TTL >= Duration::from_secs(20));
}

/// A custom store, used through `Arc<dyn DedupStore>` (object safety).
struct CountingStore {
    inner: MemoryDedup,
    calls: AtomicUsize,
}

impl DedupStore for CountingStore {
    fn first_seen<'a>(&'a self, key: &'a str) -> DedupFuture<'a> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Ok(self.inner.check(key))
        })
    }

    fn forget<'a>(&'a self, key: &'a str) -> DedupFuture<'a, ()> {
        self.inner.remove(key);
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn custom_store_is_object_safe() {
    let store: Arc<dyn DedupStore> = Arc::new(CountingStore {
        inner: MemoryDedup::default(),
        calls: AtomicUsize::new(0),
    });
    assert!(store.first_seen("k").await.unwrap());
    assert!(!store.first_seen("k").await.unwrap());
    store.forget("k").await.unwrap();
    assert!(store.first_seen("k").await.unwrap());
    let mem: Arc<dyn DedupStore> = Arc::new(MemoryDedup::default());
    assert!(mem.first_seen("k").await.unwrap());
    assert!(!mem.first_seen("k").await.unwrap());
    mem.forget("k").await.unwrap();
    assert!(mem.first_seen("k").await.unwrap());
}
