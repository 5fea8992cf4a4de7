//! Which credential a cache entry holds: [`CredentialKind`] and [`CredentialKey`]. No
//! dependency on the crate's `Error` (which names the kind): a bad kind name is its own
//! [`InvalidCredentialKind`], converted into `Error::Config` by `?`.

use std::borrow::Cow;
use std::fmt;

/// A credential kind name that is not 1 to [`CredentialKind::MAX_LEN`] characters of
/// `[a-z0-9_]`, or is `token`. Converts into `Error::Config`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("credential kind {name:?}: must be 1 to {max} characters of [a-z0-9_], and not `token`", max = CredentialKind::MAX_LEN)]
pub struct InvalidCredentialKind {
    name: String,
}

impl InvalidCredentialKind {
    /// The name that was refused (cut after `MAX_LEN + 1` characters).
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// What kind of credential a cache entry holds: the access token, a JS-SDK ticket, or a
/// kind another crate adds (the Open Platform's component and authorizer tokens).
///
/// A kind is a name of `[a-z0-9_]` characters (1 to 64 of them), so that it is safe inside
/// a Redis key and a log line. Cheap to clone: the built-in kinds and those made with
/// [`new`](Self::new) hold a `&'static str` (one from `TryFrom<String>` clones its string).
///
/// ```
/// use wx_core::token::CredentialKind;
/// assert_eq!(CredentialKind::JSAPI_TICKET.as_str(), "jsapi_ticket");
/// let custom = CredentialKind::new("component_access_token").expect("valid name");
/// assert_eq!(custom.to_string(), "component_access_token");
/// assert!(CredentialKind::new("no spaces:or colons").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CredentialKind(Cow<'static, str>);

impl CredentialKind {
    /// The app's API access token (`/cgi-bin/token`, `/cgi-bin/stable_token`), the one the
    /// client's [`TokenSource`](super::TokenSource) supplies.
    pub const ACCESS_TOKEN: CredentialKind = CredentialKind(Cow::Borrowed("access_token"));
    /// The JS-SDK ticket (`/cgi-bin/ticket/getticket?type=jsapi`).
    pub const JSAPI_TICKET: CredentialKind = CredentialKind(Cow::Borrowed("jsapi_ticket"));
    /// The card (卡券) api_ticket (`/cgi-bin/ticket/getticket?type=wx_card`).
    pub const WX_CARD_TICKET: CredentialKind = CredentialKind(Cow::Borrowed("wx_card_ticket"));

    /// The longest kind name accepted.
    pub const MAX_LEN: usize = 64;

    /// A kind named `name`: 1 to [`MAX_LEN`](Self::MAX_LEN) characters of `[a-z0-9_]`,
    /// else [`InvalidCredentialKind`] (which `?` turns into `Error::Config`). Names with
    /// `-` cannot occur, so no kind's keys end like another's `-lock`/`-error` keys; and
    /// `token` itself is refused: the Redis store names the access token's keys `token`,
    /// and another kind must not share them.
    pub fn new(name: &'static str) -> Result<Self, InvalidCredentialKind> {
        Self::check(name)?;
        Ok(Self(Cow::Borrowed(name)))
    }

    fn check(name: &str) -> Result<(), InvalidCredentialKind> {
        let valid = !name.is_empty()
            && name.len() <= Self::MAX_LEN
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && name != "token";
        if valid {
            Ok(())
        } else {
            Err(InvalidCredentialKind {
                name: name.chars().take(Self::MAX_LEN + 1).collect(),
            })
        }
    }

    /// The kind's name (`access_token`, `jsapi_ticket`...).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is [`ACCESS_TOKEN`](Self::ACCESS_TOKEN).
    pub fn is_access_token(&self) -> bool {
        self.as_str() == Self::ACCESS_TOKEN.as_str()
    }

    /// The name for people: `access token`, `jsapi ticket` (underscores as spaces).
    pub fn label(&self) -> String {
        self.as_str().replace('_', " ")
    }
}

impl TryFrom<String> for CredentialKind {
    type Error = InvalidCredentialKind;
    /// A kind from a runtime string (e.g. configuration), checked like [`CredentialKind::new`].
    fn try_from(name: String) -> Result<Self, InvalidCredentialKind> {
        Self::check(&name)?;
        Ok(Self(Cow::Owned(name)))
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which cache entry: an app and a [`CredentialKind`]. Every [`TokenStore`](super::TokenStore) operation and
/// every single flight of the token manager is per key, so the access token and the tickets
/// of one app, and the same kind of different apps, never wait for each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CredentialKey {
    app_id: String,
    kind: CredentialKind,
}

impl CredentialKey {
    /// The `kind` credential of `app_id`.
    pub fn new(app_id: impl Into<String>, kind: CredentialKind) -> Self {
        Self {
            app_id: app_id.into(),
            kind,
        }
    }

    /// The access token of `app_id`.
    pub fn access_token(app_id: impl Into<String>) -> Self {
        Self::new(app_id, CredentialKind::ACCESS_TOKEN)
    }

    /// The AppID.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The kind of credential.
    pub fn kind(&self) -> &CredentialKind {
        &self.kind
    }
}

/// `jsapi_ticket of wx1234`: the kind and the app (no credential value).
impl fmt::Display for CredentialKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {}", self.kind, self.app_id)
    }
}
