//! App credentials and app kinds (Official Account, Mini Program) in the types.

use crate::secret::Secret;
use std::fmt;

/// The AppID and AppSecret of one Official Account or Mini Program.
#[derive(Clone, PartialEq, Eq)]
pub struct AppCredentials {
    app_id: String,
    secret: Secret,
}

impl AppCredentials {
    /// The credentials of the app `app_id` (`wx` followed by 16 hex digits), with its
    /// AppSecret from the WeChat console. Neither is checked here: a wrong pair surfaces as
    /// WeChat's errcode (40013 for the id, 40125 for the secret) on the first token fetch.
    pub fn new(app_id: impl Into<String>, secret: impl Into<Secret>) -> Self {
        Self {
            app_id: app_id.into(),
            secret: secret.into(),
        }
    }

    /// The AppID (`appid` in WeChat's APIs).
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The AppSecret, kept out of `Debug` output; [`Secret::expose`] gives the text.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_id", &self.app_id)
            .field("secret", &self.secret)
            .finish()
    }
}

/// Which kinds of app an endpoint serves, as data (for the catalogue and diagnostics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppScope {
    /// Only an Official Account (公众号 / 服务号) may call the endpoint.
    OfficialAccount,
    /// Only a Mini Program (小程序) may call the endpoint.
    MiniProgram,
    /// Either kind may call the endpoint (tokens, customer-service messages).
    Both,
}

impl AppScope {
    /// The scope in words, for the endpoint catalogue and messages (`"Official Account"`,
    /// `"Mini Program"`, `"Official Account, Mini Program"`).
    pub const fn label(self) -> &'static str {
        match self {
            AppScope::OfficialAccount => "Official Account",
            AppScope::MiniProgram => "Mini Program",
            AppScope::Both => "Official Account, Mini Program",
        }
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A kind of app a [`crate::Client`] is bound to.
///
/// Sealed: the kinds are [`OfficialAccount`] and [`MiniProgram`].
pub trait AppKind: sealed::Sealed + Send + Sync + 'static {
    /// The kind in words (`"Official Account"`, `"Mini Program"`), for `Debug` output and
    /// messages.
    const NAME: &'static str;
}

/// Marker: an Official Account (公众号 / 服务号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OfficialAccount;
/// Marker: a Mini Program (小程序).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MiniProgram;

impl sealed::Sealed for OfficialAccount {}
impl sealed::Sealed for MiniProgram {}
impl AppKind for OfficialAccount {
    const NAME: &'static str = "Official Account";
}
impl AppKind for MiniProgram {
    const NAME: &'static str = "Mini Program";
}

/// The set of app kinds an endpoint serves, as a type.
///
/// Sealed: the scopes are [`OfficialAccountOnly`], [`MiniProgramOnly`] and [`AnyApp`];
/// `#[wx_endpoint(app = ...)]` picks one for each endpoint.
pub trait Scope: sealed::Sealed + Send + Sync + 'static {
    /// The same scope as data.
    const SCOPE: AppScope;
}

/// Endpoints only an Official Account may call.
#[derive(Debug)]
pub enum OfficialAccountOnly {}
/// Endpoints only a Mini Program may call (e.g. the search data import).
#[derive(Debug)]
pub enum MiniProgramOnly {}
/// Endpoints both kinds may call (tokens, customer-service messages).
#[derive(Debug)]
pub enum AnyApp {}

impl sealed::Sealed for OfficialAccountOnly {}
impl sealed::Sealed for MiniProgramOnly {}
impl sealed::Sealed for AnyApp {}
impl Scope for OfficialAccountOnly {
    const SCOPE: AppScope = AppScope::OfficialAccount;
}
impl Scope for MiniProgramOnly {
    const SCOPE: AppScope = AppScope::MiniProgram;
}
impl Scope for AnyApp {
    const SCOPE: AppScope = AppScope::Both;
}

/// `Scope: Serves<K>` holds when an endpoint of that scope may be sent by an app of kind `K`.
#[diagnostic::on_unimplemented(
    message = "this endpoint cannot be sent by a `{K}` client",
    label = "the endpoint's scope is `{Self}`",
    note = "an endpoint declared with `app = wxa` (Mini Program, `wx_api::wxa`) needs a `Client<MiniProgram>`, `app = oa` (Official Account, `wx_api::oa`) a `Client<OfficialAccount>`; `app = both` works with either"
)]
pub trait Serves<K: AppKind> {}
impl Serves<OfficialAccount> for OfficialAccountOnly {}
impl Serves<MiniProgram> for MiniProgramOnly {}
impl<K: AppKind> Serves<K> for AnyApp {}
