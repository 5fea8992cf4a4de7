//! Single-flight token acquisition: however many callers find the cache cold, expired or
//! rejected at once, one task refreshes and all of them receive its result.

use super::{CachedToken, Clock, FetchContext, TokenPolicy, TokenSource, TokenStore};
use crate::app::AppCredentials;
use crate::client::Transport;
use crate::error::Error;
use crate::secret::AccessToken;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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
    /// store). Surfaced as `Error::Token`.
    Failed(Arc<Error>),
    /// The store failed. Surfaced as `Error::Store`, like a failed `get`.
    Store(String),
}

type FlightResult = Option<Outcome>;

/// Per-process coordinator in front of a [`TokenStore`].
pub(crate) struct TokenManager {
    store: Arc<dyn TokenStore>,
    policy: TokenPolicy,
    transport: Arc<Transport>,
    clock: Arc<dyn Clock>,
    flights: Mutex<HashMap<String, watch::Receiver<FlightResult>>>,
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
            flights: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn store(&self) -> &Arc<dyn TokenStore> {
        &self.store
    }

    /// A usable token for `app`: the cached one when fresh; the cached one plus a background
    /// refresh when it is due; otherwise the result of the (shared) refresh.
    pub(crate) async fn token(
        self: &Arc<Self>,
        app: &Arc<AppTokens>,
    ) -> Result<CachedToken, Error> {
        let current = self.store.get(app.credentials.app_id()).await?;
        let now = self.clock.now_ms();
        if let Some(token) = &current {
            if token.is_fresh(now) {
                return Ok(token.clone());
            }
            if token.is_usable(now) {
                drop(self.flight(app, Some(token.clone())));
                return Ok(token.clone());
            }
        }
        self.await_flight(app, self.flight(app, current)).await
    }

    /// Drops `used` if it is still the cached token, then obtains another.
    pub(crate) async fn replace(
        self: &Arc<Self>,
        app: &Arc<AppTokens>,
        used: &AccessToken,
    ) -> Result<CachedToken, Error> {
        let app_id = app.credentials.app_id();
        let dropped = self.store.invalidate(app_id, used).await?;
        tracing::info!(
            app_id,
            dropped,
            "access token rejected by WeChat; refreshing"
        );
        self.token(app).await
    }

    async fn await_flight(
        &self,
        app: &AppTokens,
        mut rx: watch::Receiver<FlightResult>,
    ) -> Result<CachedToken, Error> {
        let app_id = app.credentials.app_id();
        let outcome = match rx.wait_for(Option::is_some).await {
            Ok(value) => value.clone(),
            Err(_) => None,
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

    /// Joins the refresh in flight for `app`, or starts one. The refresh runs in its own
    /// task so that a caller giving up does not cancel it for the others.
    fn flight(
        self: &Arc<Self>,
        app: &Arc<AppTokens>,
        stale: Option<CachedToken>,
    ) -> watch::Receiver<FlightResult> {
        let app_id = app.credentials.app_id().to_owned();
        let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        // A flight whose task died without landing has no sender left: it is not joined.
        if let Some(rx) = flights.get(&app_id).filter(|rx| rx.has_changed().is_ok()) {
            return rx.clone();
        }
        let (tx, rx) = watch::channel(None);
        flights.insert(app_id.clone(), rx.clone());
        drop(flights);

        // Created before the task so that it also lands a task dropped before its first poll.
        let mut landing = Landing {
            manager: Arc::clone(self),
            app_id,
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
            landing.land();
            let _ = tx.send(Some(outcome));
        });
        rx
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

/// Ends a flight: takes it out of the table. Also runs when the task panics or is dropped
/// (runtime shut down), so that later callers do not join a flight that will never land.
struct Landing {
    manager: Arc<TokenManager>,
    app_id: String,
    rx: watch::Receiver<FlightResult>,
    landed: bool,
}

impl Landing {
    fn land(&mut self) {
        if std::mem::replace(&mut self.landed, true) {
            return;
        }
        let mut flights = self
            .manager
            .flights
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        // Only our own flight: a successor may already have replaced a dead one.
        if flights
            .get(&self.app_id)
            .is_some_and(|rx| rx.same_channel(&self.rx))
        {
            flights.remove(&self.app_id);
        }
    }
}

impl Drop for Landing {
    fn drop(&mut self) {
        self.land();
    }
}
