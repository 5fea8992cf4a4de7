//! Single-flight token acquisition: however many callers find the cache cold, expired or
//! rejected at once, one task refreshes and all of them receive its result. After a failed
//! fetch, callers get that failure for a short backoff instead of fetching again.

use super::{CachedToken, Clock, FetchContext, TokenPolicy, TokenSource, TokenStore};
use crate::app::AppCredentials;
use crate::error::Error;
use crate::transport::Transport;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::watch;

/// An app as the token manager sees it.
pub(crate) struct AppTokens {
    pub(crate) credentials: AppCredentials,
    pub(crate) source: Arc<dyn TokenSource>,
}

/// How a refresh ended, in a form that every waiter can be handed.
#[derive(Clone)]
enum Outcome {
    Token(CachedToken),
    /// The token source failed (here, or in another process that reported it through the
    /// store). Surfaced as `Error::Token` and starts the backoff.
    Failed(Arc<Error>),
    /// The store failed. Surfaced as `Error::Store`, like a failed `get`; no backoff, so
    /// that callers recover as soon as the store does.
    Store(String),
}

type FlightResult = Option<Outcome>;

struct Backoff {
    cause: Arc<Error>,
    until_ms: u64,
    delay: Duration,
}

#[derive(Default)]
struct AppState {
    flight: Option<watch::Receiver<FlightResult>>,
    backoff: Option<Backoff>,
}

/// Per-process coordinator in front of a [`TokenStore`].
pub(crate) struct TokenManager {
    store: Arc<dyn TokenStore>,
    policy: TokenPolicy,
    transport: Arc<Transport>,
    clock: Arc<dyn Clock>,
    apps: Mutex<HashMap<String, AppState>>,
}

/// A refresh to wait for, or the failure a backoff repeats.
enum Join {
    Flight(watch::Receiver<FlightResult>),
    BackingOff(Arc<Error>),
}

impl Join {
    async fn result(self, app_id: &str) -> Result<CachedToken, Error> {
        let outcome = match self {
            Join::BackingOff(cause) => Some(Outcome::Failed(cause)),
            Join::Flight(mut rx) => match rx.wait_for(Option::is_some).await {
                Ok(value) => value.clone(),
                Err(_) => None,
            },
        };
        match outcome {
            Some(Outcome::Token(token)) => Ok(token),
            Some(Outcome::Failed(source)) => Err(Error::Token {
                app_id: app_id.to_owned(),
                source,
            }),
            Some(Outcome::Store(message)) => Err(Error::Store(message)),
            None => Err(Error::Store(format!(
                "the token refresh task for app {app_id} ended without a result \
                 (it panicked or its runtime shut down)"
            ))),
        }
    }
}

impl TokenManager {
    pub(crate) fn new(
        store: Arc<dyn TokenStore>,
        policy: TokenPolicy,
        transport: Arc<Transport>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            policy,
            transport,
            clock,
            apps: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn store(&self) -> &Arc<dyn TokenStore> {
        &self.store
    }

    fn apps(&self) -> MutexGuard<'_, HashMap<String, AppState>> {
        self.apps.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A usable token for `app`: the cached one when fresh; the cached one plus a background
    /// refresh when it is due; otherwise the result of the (shared) refresh.
    pub(crate) async fn token(
        self: &Arc<Self>,
        app: &Arc<AppTokens>,
    ) -> Result<CachedToken, Error> {
        let app_id = app.credentials.app_id();
        let current = self.store.get(app_id).await?;
        let now = self.clock.now_ms();
        match current {
            Some(token) if token.is_fresh(now) => Ok(token),
            Some(token) if token.is_usable(now) => {
                // During a backoff this starts nothing; the usable token is served anyway.
                drop(self.join(app, Some(token.clone())));
                Ok(token)
            }
            current => self.join(app, current).result(app_id).await,
        }
    }

    /// Drops `used` (rejected by WeChat) if it is still cached, then obtains another token.
    /// `Ok(None)` when the only token to be had is the rejected one: a fresh fetch returned
    /// the same string again, so resending would only repeat the rejection.
    pub(crate) async fn replace(
        self: &Arc<Self>,
        app: &Arc<AppTokens>,
        used: &CachedToken,
    ) -> Result<Option<CachedToken>, Error> {
        let app_id = app.credentials.app_id();
        let dropped = self.store.invalidate(app_id, &used.token).await?;
        tracing::info!(
            app_id,
            dropped,
            "access token rejected by WeChat; refreshing"
        );
        let next = self.token(app).await?;
        if next.token != used.token {
            return Ok(Some(next));
        }
        if !next.same_fetch(used) {
            return Ok(None);
        }
        // Still the rejected entry (not dropped, or read just before it was, by a refresh
        // we joined): refresh past it.
        let forced = self.join(app, Some(next)).result(app_id).await?;
        Ok((forced.token != used.token).then_some(forced))
    }

    /// Joins the refresh in flight for `app`, or starts one, unless a failed fetch is
    /// being backed off. The refresh runs in its own task so that a caller giving up does
    /// not cancel it for the others.
    fn join(self: &Arc<Self>, app: &Arc<AppTokens>, stale: Option<CachedToken>) -> Join {
        let app_id = app.credentials.app_id();
        let mut apps = self.apps();
        let state = apps.entry(app_id.to_owned()).or_default();
        // A flight whose task died without landing has no sender left: it is not joined.
        if let Some(rx) = state.flight.as_ref().filter(|rx| rx.has_changed().is_ok()) {
            return Join::Flight(rx.clone());
        }
        if let Some(backoff) = &state.backoff {
            if self.clock.now_ms() < backoff.until_ms {
                return Join::BackingOff(Arc::clone(&backoff.cause));
            }
        }
        let (tx, rx) = watch::channel(None);
        state.flight = Some(rx.clone());
        drop(apps);

        // Created before the task so that it also lands a task dropped before its first poll.
        let mut landing = Landing {
            manager: Arc::clone(self),
            app_id: app_id.to_owned(),
            rx: rx.clone(),
            landed: false,
        };
        let manager = Arc::clone(self);
        let app = Arc::clone(app);
        tokio::spawn(async move {
            let outcome = manager.refresh(&app, stale).await;
            match &outcome {
                Outcome::Failed(e) => {
                    tracing::warn!(app_id = %landing.app_id, error = %e, "access token fetch failed")
                }
                Outcome::Store(e) => {
                    tracing::warn!(app_id = %landing.app_id, error = %e, "access token refresh failed in the store")
                }
                Outcome::Token(_) => {}
            }
            landing.land(Some(&outcome));
            let _ = tx.send(Some(outcome));
        });
        Join::Flight(rx)
    }

    async fn refresh(&self, app: &AppTokens, stale: Option<CachedToken>) -> Outcome {
        match self.refresh_inner(app, stale).await {
            Ok(token) => Outcome::Token(token),
            Err(Error::Store(message)) => Outcome::Store(message),
            Err(Error::Token { source, .. }) => Outcome::Failed(source),
            Err(other) => Outcome::Failed(Arc::new(other)),
        }
    }

    async fn refresh_inner(
        &self,
        app: &AppTokens,
        stale: Option<CachedToken>,
    ) -> Result<CachedToken, Error> {
        let app_id = app.credentials.app_id();
        // Someone may have stored a new token between our look and this flight. Compared by
        // fetch, not by string: a stable token comes back with the same string.
        if let Some(cached) = self.store.get(app_id).await? {
            let superseded = stale.as_ref().is_none_or(|s| !s.same_fetch(&cached));
            if superseded && cached.is_usable(self.clock.now_ms()) {
                return Ok(cached);
            }
        }
        let policy = self.policy;
        let fetch = async move {
            let ctx = FetchContext {
                transport: &self.transport,
                credentials: &app.credentials,
            };
            tracing::debug!(app_id, "fetching a new access token");
            let fresh = app.source.fetch(ctx).await?;
            if fresh.expires_in.is_zero() {
                // Cached, it would be expired on arrival and every call would fetch again.
                return Err(Error::Decode {
                    endpoint: "token source",
                    detail: "expires_in is 0: the token would be expired on arrival".into(),
                });
            }
            Ok(policy.cache(fresh, self.clock.now_ms()))
        };
        self.store
            .refresh(app_id, stale.as_ref(), Box::pin(fetch))
            .await
    }
}

/// Ends a flight: records its outcome for the backoff and takes it out of the map. Also
/// runs when the task panics or is dropped (runtime shut down), so that later callers do
/// not join a flight that will never land.
struct Landing {
    manager: Arc<TokenManager>,
    app_id: String,
    rx: watch::Receiver<FlightResult>,
    landed: bool,
}

impl Landing {
    fn land(&mut self, outcome: Option<&Outcome>) {
        if std::mem::replace(&mut self.landed, true) {
            return;
        }
        let policy = self.manager.policy;
        let now = self.manager.clock.now_ms();
        let mut apps = self.manager.apps();
        let Some(state) = apps.get_mut(&self.app_id) else {
            return;
        };
        // Only our own flight: a successor may already have replaced a dead one.
        if state
            .flight
            .as_ref()
            .is_some_and(|rx| rx.same_channel(&self.rx))
        {
            state.flight = None;
        }
        match outcome {
            Some(Outcome::Token(_)) => state.backoff = None,
            Some(Outcome::Failed(cause)) if !policy.failure_backoff.is_zero() => {
                let delay = match &state.backoff {
                    Some(previous) => previous.delay.saturating_mul(2),
                    None => policy.failure_backoff,
                }
                .min(policy.max_failure_backoff.max(policy.failure_backoff));
                let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                state.backoff = Some(Backoff {
                    cause: Arc::clone(cause),
                    until_ms: now.saturating_add(millis),
                    delay,
                });
            }
            _ => {}
        }
        if state.flight.is_none() && state.backoff.is_none() {
            apps.remove(&self.app_id);
        }
    }
}

impl Drop for Landing {
    fn drop(&mut self) {
        self.land(None);
    }
}
