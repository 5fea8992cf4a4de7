//! The in-process credential cache: the default store.

use super::{CachedToken, CredentialKey, Fetch, TokenStore};
use crate::error::Error;
use crate::secret::AccessToken;
use crate::BoxFuture;
use std::collections::HashMap;
use std::sync::RwLock;

/// Credentials (access tokens, tickets) cached in this process's memory, per
/// [`CredentialKey`] (app and kind).
#[derive(Debug, Default)]
pub struct MemoryStore {
    tokens: RwLock<HashMap<CredentialKey, CachedToken>>,
}

impl MemoryStore {
    /// An empty store; the default of [`ClientBuilder`](crate::ClientBuilder). Tokens are
    /// lost with the process and not shared with other processes (use a shared store such
    /// as Redis when several processes serve one app, or they rotate each other's tokens).
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<CredentialKey, CachedToken>> {
        self.tokens.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<CredentialKey, CachedToken>> {
        self.tokens.write().unwrap_or_else(|p| p.into_inner())
    }
}

impl TokenStore for MemoryStore {
    fn get<'a>(
        &'a self,
        key: &'a CredentialKey,
    ) -> BoxFuture<'a, Result<Option<CachedToken>, Error>> {
        let found = self.read().get(key).cloned();
        Box::pin(std::future::ready(Ok(found)))
    }

    fn refresh<'a>(
        &'a self,
        key: &'a CredentialKey,
        _stale: Option<&'a CachedToken>,
        fetch: Fetch<'a>,
    ) -> BoxFuture<'a, Result<CachedToken, Error>> {
        Box::pin(async move {
            let token = fetch.await?;
            self.write().insert(key.clone(), token.clone());
            Ok(token)
        })
    }

    fn invalidate<'a>(
        &'a self,
        key: &'a CredentialKey,
        token: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let mut map = self.write();
        let dropped = map.get(key).is_some_and(|t| &t.token == token);
        if dropped {
            map.remove(key);
        }
        Box::pin(std::future::ready(Ok(dropped)))
    }
}
