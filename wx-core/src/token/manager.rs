//! Single-flight credential acquisition, per [`CredentialKey`] (app and kind): however many
//! callers find the cache cold, expired or rejected at once, one task refreshes and all of
//! them receive its result. After a failed fetch, callers get that failure for a short
//! backoff instead of fetching again. The access token comes from the app's
//! [`TokenSource`]; other kinds (JS-SDK tickets) from a fetch function the caller gives.

use super::{
    CachedToken, Clock, CredentialKey, FetchContext, FreshToken, TokenPolicy, TokenSource,
    TokenStore,
};
use crate::app::AppCredentials;
use crate::error::Error;
use crate::transport::Transport;
use crate::BoxFuture;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::watch;

/// An app as the token manager sees it.
pub(crate) struct AppTokens {
    pub(crate) credentials: AppCredentials,
    pub(crate) source: Arc<dyn TokenSource>,
    /// The key of its access token.
    pub(crate) key: CredentialKey,
}

impl AppTokens {
    pub(crate) fn new(credentials: AppCredentials, source: Arc<dyn TokenSource>) -> Self {
        let key = CredentialKey::access_token(credentials.app_id());
        Self {
            credentials,
            source,
            key,
        }
    }
}

/// A fetch function of a credential other than the access token: called once per refresh.
pub(crate) type FetchFn =
    Arc<dyn Fn() -> BoxFuture<'static, Result<FreshToken, Error>> + Send + Sync + 'static>;

/// Where a refresh gets the new credential from.
#[derive(Clone)]
pub(crate) enum Fetcher {
    /// The app's access token, from its token source.
    Source(Arc<AppTokens>),
    /// Another kind, from the caller's function.
    Custom(FetchFn),
}

/// How a refresh ended, in a form that every waiter can be handed.
#[derive(Clone)]
enum Outcome {
    Token(CachedToken),
    /// The fetch failed (here, or in another process that reported it through the
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
    apps: Mutex<HashMap<CredentialKey, AppState>>,
}

/// A refresh to wait for, or the failure a backoff repeats.
enum Join {
    Flight(watch::Receiver<FlightResult>),
    BackingOff(Arc<Error>),
}

impl Join {
    async fn result(self, key: &CredentialKey) -> Result<CachedToken, Error> {
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
                app_id: key.app_id().to_owned(),
                kind: key.kind().clone(),
                source,
            }),
            Some(Outcome::Store(message)) => Err(Error::Store(message)),
            None => Err(Error::Store(format!(
                "the {} refresh task for app {} ended without a result \
                 (it panicked or its runtime shut down)",
                key.kind().label(),
                key.app_id()
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

    fn apps(&self) -> MutexGuard<'_, HashMap<CredentialKey, AppState>> {
        self.apps.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A usable access token for `app`: the cached one when fresh; the cached one plus a
    /// background refresh when it is due; otherwise the result of the (shared) refresh.
    pub(crate) async fn token(
        self: &Arc<Self>,
        app: &Arc<AppTokens>,
    ) -> Result<CachedToken, Error> {
        self.credential(&app.key, &Fetcher::Source(Arc::clone(app)))
            .await
    }

    /// A usable credential of `key`, fetched by `fetcher` when needed: the same policy as
    /// [`token`](Self::token) (fresh → cached; due → cached plus a background refresh;
    /// otherwise the shared refresh).
    pub(crate) async fn credential(
        self: &Arc<Self>,
        key: &CredentialKey,
        fetcher: &Fetcher,
    ) -> Result<CachedToken, Error> {
        let current = self.store.get(key).await?;
        let now = self.clock.now_ms();
        match current {
            Some(token) if token.is_fresh(now) => Ok(token),
            Some(token) if token.is_usable(now) => {
                // During a backoff this starts nothing; the usable token is served anyway.
                drop(self.join(key, fetcher, Some(token.clone())));
                Ok(token)
            }
            current => self.join(key, fetcher, current).result(key).await,
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
        let key = &app.key;
        let fetcher = Fetcher::Source(Arc::clone(app));
        let dropped = self.store.invalidate(key, &used.token).await?;
        tracing::info!(
            app_id = key.app_id(),
            dropped,
            "access token rejected by WeChat; refreshing"
        );
        let next = self.credential(key, &fetcher).await?;
        if next.token != used.token {
            return Ok(Some(next));
        }
        if !next.same_fetch(used) {
            return Ok(None);
        }
        // Still the rejected entry (not dropped, or read just before it was, by a refresh
        // we joined): refresh past it.
        let forced = self.join(key, &fetcher, Some(next)).result(key).await?;
        Ok((forced.token != used.token).then_some(forced))
    }

    /// Joins the refresh in flight for `key`, or starts one, unless a failed fetch is
    /// being backed off. The refresh runs in its own task so that a caller giving up does
    /// not cancel it for the others.
    fn join(
        self: &Arc<Self>,
        key: &CredentialKey,
        fetcher: &Fetcher,
        stale: Option<CachedToken>,
    ) -> Join {
        let mut apps = self.apps();
        let state = apps.entry(key.clone()).or_default();
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
            key: key.clone(),
            rx: rx.clone(),
            landed: false,
        };
        let manager = Arc::clone(self);
        let fetcher = fetcher.clone();
        tokio::spawn(async move {
            let outcome = manager.refresh(&landing.key, &fetcher, stale).await;
            let (app_id, kind) = (landing.key.app_id(), landing.key.kind());
            match &outcome {
                Outcome::Failed(e) => {
                    tracing::warn!(app_id, %kind, error = %e, "credential fetch failed")
                }
                Outcome::Store(e) => {
                    tracing::warn!(app_id, %kind, error = %e, "credential refresh failed in the store")
                }
                Outcome::Token(_) => {}
            }
            landing.land(Some(&outcome));
            let _ = tx.send(Some(outcome));
        });
        Join::Flight(rx)
    }

    async fn refresh(
        &self,
        key: &CredentialKey,
        fetcher: &Fetcher,
        stale: Option<CachedToken>,
    ) -> Outcome {
        match self.refresh_inner(key, fetcher, stale).await {
            Ok(token) => Outcome::Token(token),
            Err(Error::Store(message)) => Outcome::Store(message),
            // The store's own wrapping of this very fetch (a report from another process, a
            // fetch cut off at the lease). Another kind's failure (the access token needed
            // to fetch a ticket) stays the source, so that the chain says what failed.
            Err(Error::Token { kind, source, .. }) if &kind == key.kind() => {
                Outcome::Failed(source)
            }
            Err(other) => Outcome::Failed(Arc::new(other)),
        }
    }

    async fn refresh_inner(
        &self,
        key: &CredentialKey,
        fetcher: &Fetcher,
        stale: Option<CachedToken>,
    ) -> Result<CachedToken, Error> {
        let app_id = key.app_id();
        // Someone may have stored a new token between our look and this flight. Compared by
        // fetch, not by string: a stable token comes back with the same string.
        if let Some(cached) = self.store.get(key).await? {
            let superseded = stale.as_ref().is_none_or(|s| !s.same_fetch(&cached));
            if superseded && cached.is_usable(self.clock.now_ms()) {
                return Ok(cached);
            }
        }
        let policy = self.policy;
        let fetch = async move {
            tracing::debug!(app_id, kind = %key.kind(), "fetching a new credential");
            let (fresh, source) = match fetcher {
                Fetcher::Source(app) => {
                    let ctx = FetchContext {
                        transport: &self.transport,
                        credentials: &app.credentials,
                    };
                    (app.source.fetch(ctx).await?, "token source")
                }
                Fetcher::Custom(fetch) => (fetch().await?, "credential source"),
            };
            if fresh.expires_in.is_zero() {
                // Cached, it would be expired on arrival and every call would fetch again.
                return Err(Error::Decode {
                    endpoint: source,
                    detail: format!(
                        "expires_in is 0: the {} would be expired on arrival",
                        key.kind().label()
                    ),
                });
            }
            Ok(policy.cache(fresh, self.clock.now_ms()))
        };
        self.store
            .refresh(key, stale.as_ref(), Box::pin(fetch))
            .await
    }
}

/// Ends a flight: records its outcome for the backoff and takes it out of the map. Also
/// runs when the task panics or is dropped (runtime shut down), so that later callers do
/// not join a flight that will never land.
struct Landing {
    manager: Arc<TokenManager>,
    key: CredentialKey,
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
        let Some(state) = apps.get_mut(&self.key) else {
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
            apps.remove(&self.key);
        }
    }
}

impl Drop for Landing {
    fn drop(&mut self) {
        self.land(None);
    }
}
