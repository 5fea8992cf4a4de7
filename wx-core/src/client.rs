//! The client: sends endpoints, injects tokens, decodes replies, retries once on a
//! rejected token.
//!
//! ## How a call is sent
//!
//! `Client<K>` is a handle bound to one app of kind `K` (`OfficialAccount` by default, or
//! `MiniProgram`): an `Arc` of the shared runtime (reqwest pool, config, token manager) plus an
//! `Arc` of the app's credentials and token source. `client.with_app(creds, source)` makes a
//! handle for another app on the same runtime (many app ids per process). `send(endpoint)`
//! requires `E::Scope: Serves<K>`, so an OA-only endpoint sent through a Mini Program client is
//! a compile error with a note saying why.
//!
//! `send`: validate → query + body built once → token (if `auth = token`; `user_token`
//! endpoints carry the user's own token and never touch the cache, a rejected one is
//! `Error::UserTokenInvalid`; `app_credentials`/`app_id` add `appid` (+ `secret`)) → request →
//! `E::Response::decode` → on 40001/40014/42001, `TokenManager::replace` drops exactly the token
//! used (compare-and-delete) and the request is resent once; a second failure is returned as is.
//! `-1` is resent only if `RetryPolicy::busy_retries > 0` (off by default: a busy reply to a
//! message send may still have been acted upon). `wire::render` builds the request through the
//! same functions with credential placeholders (`ACCESS_TOKEN`, `APPID`, `APPSECRET`): the client's
//! credentials, and every request field typed `Secret` or `AccessToken` (the token endpoints'
//! `secret`), which serialize as their placeholder while `render` runs (a thread-local switch;
//! serialization is synchronous); the wire snapshots use it.

use crate::app::{AppCredentials, AppKind, MiniProgram, OfficialAccount, Serves};
use crate::config::{Config, RetryPolicy};
use crate::endpoint::{Auth, Endpoint};
use crate::error::Error;
use crate::secret::AccessToken;
use crate::token::manager::{AppTokens, Fetcher, TokenManager};
use crate::token::{
    CachedToken, Clock, CredentialKey, CredentialKind, FreshToken, MemoryStore, SystemClock,
    TokenPolicy, TokenSource, TokenStore,
};
use crate::transport::Transport;
use crate::wire::{AuthParams, BaseUrls};
use crate::BoxFuture;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

struct Runtime {
    transport: Arc<Transport>,
    tokens: Arc<TokenManager>,
    clock: Arc<dyn Clock>,
}

/// A handle to one app (Official Account or Mini Program) of a WeChat client.
///
/// Cheap to clone, `Send + Sync`. Handles made with [`Client::with_app`] share the
/// connection pool, configuration and token store, so one process can serve many app ids.
/// `K` is the kind of app: sending an endpoint that the kind may not call does not compile.
pub struct Client<K: AppKind = OfficialAccount> {
    runtime: Arc<Runtime>,
    app: Arc<AppTokens>,
    kind: PhantomData<fn() -> K>,
}

impl<K: AppKind> Clone for Client<K> {
    fn clone(&self) -> Self {
        Self {
            runtime: Arc::clone(&self.runtime),
            app: Arc::clone(&self.app),
            kind: PhantomData,
        }
    }
}

impl<K: AppKind> fmt::Debug for Client<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("kind", &K::NAME)
            .field("app_id", &self.app.credentials.app_id())
            .field("base_urls", &self.runtime.transport.config.base_urls)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts building a client for an Official Account.
    pub fn official_account(
        credentials: AppCredentials,
        source: impl TokenSource,
    ) -> ClientBuilder<OfficialAccount> {
        ClientBuilder::new(credentials, Arc::new(source))
    }

    /// Starts building a client for a Mini Program.
    pub fn mini_program(
        credentials: AppCredentials,
        source: impl TokenSource,
    ) -> ClientBuilder<MiniProgram> {
        ClientBuilder::new(credentials, Arc::new(source))
    }
}

impl<K: AppKind> Client<K> {
    /// Sends a request and decodes its reply.
    ///
    /// Checks documented limits first; injects the access token; on a token-invalid errcode
    /// drops exactly the token that was used and resends once (a second failure is returned
    /// as it is).
    ///
    /// Endpoints that do not use the app's access token get what their
    /// [`Auth`] mode says instead: `appid` + `secret` ([`Auth::AppCredentials`], never
    /// resent: the code they exchange works once), `appid` alone ([`Auth::AppId`]), or
    /// nothing ([`Auth::None`]; [`Auth::UserToken`], whose request carries the user's
    /// token — a rejection of it is [`Error::UserTokenInvalid`], with no app-token refresh
    /// and no resend).
    ///
    /// On failure, [`Error::endpoint`] names the endpoint and
    /// [`Error::may_have_reached_wechat`] says whether resending could make WeChat act on
    /// the call twice (what matters for message sends).
    pub async fn send<E>(&self, endpoint: E) -> Result<E::Response, Error>
    where
        E: Endpoint,
        E::Scope: Serves<K>,
    {
        let transport = &self.runtime.transport;
        let (query, body) = Transport::encode(&endpoint)?;
        if E::META.auth != Auth::AccessToken {
            return transport
                .send_encoded_without_token::<E>(&query, &body, &self.app.credentials)
                .await;
        }
        let tokens = &self.runtime.tokens;
        let token = tokens.token(&self.app).await?;
        let first = transport
            .call::<E>(AuthParams::Token(token.token.expose()), &query, &body)
            .await;
        match first {
            Err(Error::Api { code, .. })
                if code.is_token_invalid() && transport.config.retry.refresh_on_invalid_token =>
            {
                let Some(fresh) = tokens.replace(&self.app, &token).await? else {
                    // The source hands out only the rejected token: resending cannot help.
                    return first;
                };
                if !body.is_replayable() {
                    // A streamed reader was consumed: the next call gets the fresh token.
                    return first;
                }
                transport
                    .call::<E>(AuthParams::Token(fresh.token.expose()), &query, &body)
                    .await
            }
            other => other,
        }
    }

    /// The current access token (fetched if needed), e.g. for a JS-SDK ticket service.
    pub async fn access_token(&self) -> Result<AccessToken, Error> {
        Ok(self.runtime.tokens.token(&self.app).await?.token)
    }

    /// Drops `token` from the cache if it is still the current one (compare-and-delete).
    pub async fn invalidate_token(&self, token: &AccessToken) -> Result<bool, Error> {
        self.runtime
            .tokens
            .store()
            .invalidate(&self.app.key, token)
            .await
    }

    /// The current time by the client's [`Clock`] (unix milliseconds): what the token
    /// manager goes by, and what credentials kept outside it (a user's OAuth token) should
    /// compute their expiry with, so that a test clock moves them all.
    pub fn now_ms(&self) -> u64 {
        self.runtime.clock.now_ms()
    }

    /// A cached credential of this app other than the access token (a JS-SDK ticket; a kind
    /// of your own), with the access token's guarantees: one fetch at a time per app and kind
    /// in this process (the callers of a cold cache join it), shared through the client's
    /// [`TokenStore`] (with Redis, one fetch for the whole fleet, fenced), refreshed in the
    /// background ahead of expiry, and failed fetches backed off — all per the client's
    /// [`TokenPolicy`].
    ///
    /// `fetch` is called at most once per refresh, whatever the number of callers, and
    /// returns the future that fetches the credential; it must own what it needs (clone the
    /// client into it). It runs in a task of its own, so a caller giving up does not cancel
    /// it for the others. A [`FreshToken`] with `expires_in` 0 is refused as a
    /// [`Error::Decode`]. `wx_api::oa::ticket::jsapi` is built on this:
    ///
    /// ```no_run
    /// # use wx_core::{Client, Error, OfficialAccount};
    /// # use wx_core::token::{CredentialKind, FreshToken};
    /// # use std::time::Duration;
    /// # async fn demo(client: Client<OfficialAccount>) -> Result<(), Error> {
    /// let kind = CredentialKind::new("my_ticket")?;
    /// let c = client.clone();
    /// let cached = client
    ///     .credential(kind, move || {
    ///         let _c = c.clone(); // e.g. `_c.send(...)` an endpoint that returns the ticket
    ///         Box::pin(async move { Ok(FreshToken::new("ticket", Duration::from_secs(7200))) })
    ///     })
    ///     .await?;
    /// # let _ = cached; Ok(()) }
    /// ```
    ///
    /// Errors: a failed fetch is [`Error::Token`] naming `kind`, with the fetch's error as
    /// its source (also when another process's fetch failed); a store failure is
    /// [`Error::Store`]. `kind` [`CredentialKind::ACCESS_TOKEN`] is an [`Error::Config`]:
    /// the access token comes only from the client's [`TokenSource`]
    /// ([`access_token`](Self::access_token)).
    pub async fn credential<F>(&self, kind: CredentialKind, fetch: F) -> Result<CachedToken, Error>
    where
        F: Fn() -> BoxFuture<'static, Result<FreshToken, Error>> + Send + Sync + 'static,
    {
        let key = self.credential_key(kind)?;
        self.runtime
            .tokens
            .credential(&key, &Fetcher::Custom(Arc::new(fetch)))
            .await
    }

    /// Drops this app's cached `kind` credential if it is still `value` (compare-and-delete:
    /// a newer one stored meanwhile is kept), e.g. after WeChat refused a ticket. Returns
    /// whether it was dropped. For the access token, see [`invalidate_token`](Self::invalidate_token).
    pub async fn invalidate_credential(
        &self,
        kind: CredentialKind,
        value: &str,
    ) -> Result<bool, Error> {
        let key = CredentialKey::new(self.app_id(), kind);
        self.runtime
            .tokens
            .store()
            .invalidate(&key, &AccessToken::new(value))
            .await
    }

    fn credential_key(&self, kind: CredentialKind) -> Result<CredentialKey, Error> {
        if kind.is_access_token() {
            return Err(Error::Config(
                "Client::credential: the access token comes from the client's token source; \
                 use Client::access_token"
                    .into(),
            ));
        }
        Ok(CredentialKey::new(self.app_id(), kind))
    }

    /// The AppID this handle sends for.
    pub fn app_id(&self) -> &str {
        self.app.credentials.app_id()
    }

    /// The configuration shared by every handle of this client.
    pub fn config(&self) -> &Config {
        &self.runtime.transport.config
    }

    /// A handle for another app that shares this client's connections, configuration and
    /// token store.
    pub fn with_app<K2: AppKind>(
        &self,
        credentials: AppCredentials,
        source: impl TokenSource,
    ) -> Client<K2> {
        Client {
            runtime: Arc::clone(&self.runtime),
            app: Arc::new(AppTokens::new(credentials, Arc::new(source))),
            kind: PhantomData,
        }
    }
}

/// Builds a [`Client`]; see [`Client::official_account`] and [`Client::mini_program`].
pub struct ClientBuilder<K: AppKind> {
    credentials: AppCredentials,
    source: Arc<dyn TokenSource>,
    config: Config,
    store: Option<Arc<dyn TokenStore>>,
    clock: Option<Arc<dyn Clock>>,
    kind: PhantomData<fn() -> K>,
}

impl<K: AppKind> ClientBuilder<K> {
    fn new(credentials: AppCredentials, source: Arc<dyn TokenSource>) -> Self {
        Self {
            credentials,
            source,
            config: Config::default(),
            store: None,
            clock: None,
            kind: PhantomData,
        }
    }

    /// Sends every host's requests to `base` (a sandbox, a proxy).
    pub fn base_url(mut self, base: impl Into<String>) -> Self {
        let base = base.into();
        self.config.base_urls = BaseUrls::single(base);
        self
    }

    /// Sends each host's requests to its own base URL (see [`BaseUrls`]).
    pub fn base_urls(mut self, urls: BaseUrls) -> Self {
        self.config.base_urls = urls;
        self
    }

    /// Whole-request timeout, from sending to the end of the reply (default 30 s); past
    /// it the call fails with [`Error::Transport`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Timeout of establishing a connection, TLS included (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Longest reply body read into memory (default 32 MiB).
    pub fn max_reply_bytes(mut self, limit: usize) -> Self {
        self.config.max_reply_bytes = limit;
        self
    }

    /// When tokens are refreshed ahead of expiry and how failed fetches back off (see
    /// [`TokenPolicy`]).
    pub fn token_policy(mut self, policy: TokenPolicy) -> Self {
        self.config.token_policy = policy;
        self
    }

    /// Which retries the client makes on its own (see [`RetryPolicy`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = policy;
        self
    }

    /// Replaces the whole configuration, including what earlier calls on this builder set.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Where tokens are cached; [`MemoryStore`] when not set.
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// The clock the token manager goes by; [`SystemClock`] when not set. For tests that
    /// move time instead of sleeping through token lifetimes.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Builds the client. No request is sent and no token fetched until the first call.
    ///
    /// Fails with [`Error::Config`] when a base URL does not parse or the HTTP client
    /// cannot be built (e.g. no TLS roots).
    pub fn build(self) -> Result<Client<K>, Error> {
        for base in [&self.config.base_urls.api, &self.config.base_urls.mp] {
            url::Url::parse(base)
                .map_err(|e| Error::Config(format!("invalid base URL {base:?}: {e}")))?;
        }
        let http = reqwest::Client::builder()
            .timeout(self.config.timeout)
            .connect_timeout(self.config.connect_timeout)
            .pool_max_idle_per_host(self.config.pool_max_idle_per_host)
            .user_agent(concat!("wx/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        let policy = self.config.token_policy;
        let transport = Arc::new(Transport {
            http,
            config: self.config,
        });
        let store = self.store.unwrap_or_else(|| Arc::new(MemoryStore::new()));
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let tokens = Arc::new(TokenManager::new(
            store,
            policy,
            Arc::clone(&transport),
            Arc::clone(&clock),
        ));
        Ok(Client {
            runtime: Arc::new(Runtime {
                transport,
                tokens,
                clock,
            }),
            app: Arc::new(AppTokens::new(self.credentials, self.source)),
            kind: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MAX_BUSY_BACKOFF;

    #[test]
    fn busy_backoff_doubles_up_to_a_cap_without_overflowing() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.next_busy_backoff(Duration::from_millis(500)),
            Duration::from_secs(1)
        );
        assert_eq!(
            policy.next_busy_backoff(Duration::from_secs(20)),
            MAX_BUSY_BACKOFF
        );
        assert_eq!(policy.next_busy_backoff(Duration::MAX), MAX_BUSY_BACKOFF);
        let slow = RetryPolicy {
            busy_backoff: Duration::from_secs(60),
            ..policy
        };
        assert_eq!(
            slow.next_busy_backoff(Duration::from_secs(60)),
            Duration::from_secs(60),
            "a first backoff above the cap is kept"
        );
    }
}
