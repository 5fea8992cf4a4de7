//! The in-process token cache: the default store.

use super::{CachedToken, Fetch, TokenStore};
use crate::error::Error;
use crate::secret::AccessToken;
use crate::BoxFuture;
use std::collections::HashMap;
use std::sync::RwLock;

/// Tokens cached in this process's memory, per app id.
#[derive(Debug, Default)]
pub struct MemoryStore {
    tokens: RwLock<HashMap<String, CachedToken>>,
}

impl MemoryStore {
    /// An empty store; the default of [`ClientBuilder`](crate::ClientBuilder). Tokens are
    /// lost with the process and not shared with other processes (use a shared store such
    /// as Redis when several processes serve one app, or they rotate each other's tokens).
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, CachedToken>> {
        self.tokens.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, CachedToken>> {
        self.tokens.write().unwrap_or_else(|p| p.into_inner())
    }
}

impl TokenStore for MemoryStore {
    fn get<'a>(&'a self, app_id: &'a str) -> BoxFuture<'a, Result<Option<CachedToken>, Error>> {
        let found = self.read().get(app_id).cloned();
        Box::pin(std::future::ready(Ok(found)))
    }

    fn refresh<'a>(
        &'a self,
        app_id: &'a str,
        _stale: Option<&'a CachedToken>,
        fetch: Fetch<'a>,
    ) -> BoxFuture<'a, Result<CachedToken, Error>> {
        Box::pin(async move {
            let token = fetch.await?;
            self.write().insert(app_id.to_owned(), token.clone());
            Ok(token)
        })
    }

    fn invalidate<'a>(
        &'a self,
        app_id: &'a str,
        token: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let mut map = self.write();
        let dropped = map.get(app_id).is_some_and(|t| &t.token == token);
        if dropped {
            map.remove(app_id);
        }
        Box::pin(std::future::ready(Ok(dropped)))
    }
}
