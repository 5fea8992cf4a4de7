//! What the OAuth emulation remembers (codes, user tokens, refresh tokens, the signed-in
//! user, apps bound to an Open Platform account); the endpoints are in `api::oauth`.

use std::collections::{HashMap, HashSet};

/// How long a code can be exchanged.
pub(crate) const CODE_TTL_MS: u64 = 5 * 60 * 1000;
/// Lifetime of a user access token.
pub(crate) const USER_TOKEN_TTL_MS: u64 = 7200 * 1000;
/// Lifetime of a refresh token.
pub(crate) const REFRESH_TOKEN_TTL_MS: u64 = 30 * 24 * 3600 * 1000;

/// Who authorized which app for what.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub app_id: String,
    pub openid: String,
    pub scope: String,
}

#[derive(Debug)]
pub(crate) struct Code {
    pub grant: Grant,
    pub issued_ms: u64,
    pub used: bool,
}

#[derive(Debug)]
pub(crate) struct AccessToken {
    pub grant: Grant,
    pub expires_ms: u64,
    /// Replaced by a refresh: 40001 from then on.
    pub replaced: bool,
}

#[derive(Debug)]
pub(crate) struct RefreshToken {
    pub grant: Grant,
    pub expires_ms: u64,
    /// The access token this refresh token last issued.
    pub current: String,
}

/// The OAuth part of the sandbox's state.
#[derive(Debug, Default)]
pub(crate) struct OAuth {
    /// The user signed in to the emulated WeChat client (`Sandbox::set_oauth_user`).
    pub user: Option<String>,
    /// Apps bound to an Open Platform account: their users have a UnionID.
    pub bound: HashSet<String>,
    pub codes: HashMap<String, Code>,
    pub access: HashMap<String, AccessToken>,
    pub refresh: HashMap<String, RefreshToken>,
}
