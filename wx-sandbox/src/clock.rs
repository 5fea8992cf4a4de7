//! Wall-clock time as WeChat states it: whole seconds since the Unix epoch; and the
//! sandbox's own clock, which a test can move forward ([`crate::Sandbox::advance_clock`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch (0 if the clock is before it).
pub(crate) fn unix_now() -> u64 {
    unix_now_ms() / 1000
}

fn unix_now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// The system clock plus however far a test moved it: what the OAuth emulation (code,
/// user-token and refresh-token lifetimes) goes by, so that a test can pass 5 minutes or
/// 30 days without sleeping.
#[derive(Debug, Default)]
pub(crate) struct SandboxClock {
    ahead_ms: AtomicU64,
}

impl SandboxClock {
    /// Milliseconds since the Unix epoch, moved forward.
    pub(crate) fn now_ms(&self) -> u64 {
        unix_now_ms().saturating_add(self.ahead_ms.load(Ordering::SeqCst))
    }

    pub(crate) fn advance(&self, by: Duration) {
        let by = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        let _ = self
            .ahead_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |ahead| {
                Some(ahead.saturating_add(by))
            });
    }
}
