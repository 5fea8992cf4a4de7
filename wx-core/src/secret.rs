//! Strings that must never reach Debug output, logs or error text.
//!
//! ## Where redaction happens
//!
//! Text that echoes a reply (`errmsg`, the `Http` body snippet, decode details) goes through
//! `secret::redact`, which hides the value after any credential name (`access_token=`,
//! `"secret":`, `Authorization: Bearer`, URL-encoded and escaped-JSON forms; names by
//! `secret::is_credential_name`), since a gateway page may echo the request line; the client then
//! also replaces the request's own credentials (token, AppSecret, `Secret`-typed query fields)
//! wherever they appear, named or not. `Query`, `RequestBody` and `FormPart` have `Debug`
//! without credential values; the test `tests/tests/it/secret_leaks.rs` formats every type and error that can
//! hold a secret with `{}` and `{:?}` and searches for the known values.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::sync::Arc;

thread_local! {
    /// Set while [`with_placeholders`] runs: secrets serialize as their placeholder.
    static PLACEHOLDERS: Cell<bool> = const { Cell::new(false) };
    /// Set when a secret serializes; read by [`serializes_secret`].
    static SERIALIZED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every [`Secret`], [`AccessToken`], [`UserToken`], [`RefreshToken`] and
/// [`Ticket`] serializing as its placeholder ([`SECRET_PLACEHOLDER`], [`TOKEN_PLACEHOLDER`],
/// [`REFRESH_TOKEN_PLACEHOLDER`], [`TICKET_PLACEHOLDER`]) instead of its
/// text: how [`crate::wire::render`] shows a request without its credentials. Serialization
/// is synchronous, so the thread-local switch covers exactly the serialization done in `f`.
pub(crate) fn with_placeholders<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            PLACEHOLDERS.with(|p| p.set(self.0));
        }
    }
    let _restore = Restore(PLACEHOLDERS.with(|p| p.replace(true)));
    f()
}

/// Runs `f` and tells whether a [`Secret`] or [`AccessToken`] was serialized in it (so that
/// a query value built from one is known to be secret).
pub(crate) fn serializes_secret<R>(f: impl FnOnce() -> R) -> (R, bool) {
    let outer = SERIALIZED.with(|s| s.replace(false));
    let result = f();
    let seen = SERIALIZED.with(|s| s.replace(outer || s.get()));
    (result, seen)
}

fn serialize_secret<S: Serializer>(
    serializer: S,
    text: &str,
    placeholder: &'static str,
) -> Result<S::Ok, S::Error> {
    SERIALIZED.with(|s| s.set(true));
    if PLACEHOLDERS.with(Cell::get) {
        serializer.serialize_str(placeholder)
    } else {
        serializer.serialize_str(text)
    }
}

macro_rules! redacted_string {
    ($(#[$doc:meta])* $name:ident, $placeholder:expr) => {
        $(#[$doc])*
        ///
        /// Shared, not copied, when cloned: every call carries the cached token.
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Wraps `value`; from here on it shows only as `<redacted>` in `Debug` output.
            pub fn new(value: impl Into<String>) -> Self {
                Self(Arc::from(value.into()))
            }
            /// The secret text itself. Call only where it goes on the wire or into a store.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(Arc::from(value))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(Arc::from(value))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_secret(serializer, &self.0, $placeholder)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

redacted_string!(
    /// An AppSecret (or any other credential). `Debug` prints `Secret(<redacted>)`.
    Secret,
    SECRET_PLACEHOLDER
);
redacted_string!(
    /// An access token. `Debug` prints `AccessToken(<redacted>)`.
    AccessToken,
    TOKEN_PLACEHOLDER
);
redacted_string!(
    /// A *user's* access token from OAuth web authorization (网页授权 access_token): it
    /// reads only that user's data (`/sns/userinfo`, `/sns/auth`) and is not the app's
    /// access token. An endpoint declared `auth = user_token` carries it as its
    /// `access_token` query field; the client never replaces or refreshes it. `Debug`
    /// prints `UserToken(<redacted>)`; [`crate::wire::render`] shows [`TOKEN_PLACEHOLDER`].
    UserToken,
    TOKEN_PLACEHOLDER
);
redacted_string!(
    /// An OAuth refresh token (30 days; renews a [`UserToken`]). `Debug` prints
    /// `RefreshToken(<redacted>)`; [`crate::wire::render`] shows
    /// [`REFRESH_TOKEN_PLACEHOLDER`].
    RefreshToken,
    REFRESH_TOKEN_PLACEHOLDER
);
redacted_string!(
    /// A ticket (the JS-SDK `jsapi_ticket`, the card `wx_card` api_ticket): whoever holds it
    /// can sign pages for the account. `Debug` prints `Ticket(<redacted>)`.
    Ticket,
    TICKET_PLACEHOLDER
);

/// What replaces a credential's value in [`redact`]ed text.
pub const REDACTED: &str = "<redacted>";

/// Whether a field, parameter or header name denotes a credential. Case, `_` and `-` are
/// ignored; the name matches when it ends with `token`, `secret`, `ticket`, `password`,
/// `sessionkey`, `aeskey`, `apikey` or `authcode` (`access_token`, `component_access_token`,
/// `authorizer_refresh_token`, `appsecret`, `jsapi_ticket`, `component_verify_ticket`,
/// `session_key`, `EncodingAESKey`, `pre_auth_code`...), or is `code`, `js_code`, `key`,
/// `secretkey` or `authorization`.
pub fn is_credential_name(name: &str) -> bool {
    const SUFFIXES: [&str; 8] = [
        "token",
        "secret",
        "ticket",
        "password",
        "sessionkey",
        "aeskey",
        "apikey",
        "authcode",
    ];
    const EXACT: [&str; 5] = ["code", "jscode", "key", "secretkey", "authorization"];
    if name.len() > 64 {
        return false;
    }
    let mut buf = [0u8; 64];
    let mut len = 0;
    for b in name.bytes().filter(|b| !matches!(b, b'_' | b'-')) {
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let norm = &buf[..len];
    SUFFIXES.iter().any(|s| norm.ends_with(s.as_bytes()))
        || EXACT.iter().any(|e| norm == e.as_bytes())
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')
}

/// How a credential's value is quoted after its name.
#[derive(Clone, Copy)]
enum Quote {
    None,
    /// `"` (JSON), ended by an unescaped `"`.
    Double,
    /// `\"` (JSON inside a JSON string), ended by the next `\"`.
    EscapedDouble,
    Single,
    /// `%22` (a URL-encoded quote).
    Percent,
}

fn starts_with_ci(b: &[u8], at: usize, pattern: &[u8]) -> bool {
    b.get(at..at + pattern.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(pattern))
}

fn skip_spaces(b: &[u8], mut at: usize) -> usize {
    while at < b.len() && matches!(b[at], b' ' | b'\t') {
        at += 1;
    }
    at
}

/// The value after a credential name ending at `at`: `(start, end)` of the text to hide.
fn credential_value(b: &[u8], name_end: usize, is_authorization: bool) -> Option<(usize, usize)> {
    let mut at = name_end;
    // The key's closing quote.
    if starts_with_ci(b, at, b"\\\"") {
        at += 2;
    } else if matches!(b.get(at), Some(b'"' | b'\'')) {
        at += 1;
    } else if starts_with_ci(b, at, b"%22") {
        at += 3;
    }
    at = skip_spaces(b, at);
    // The separator: `=`, `:` or their URL encodings.
    if matches!(b.get(at), Some(b'=' | b':')) {
        at += 1;
    } else if starts_with_ci(b, at, b"%3D") || starts_with_ci(b, at, b"%3A") {
        at += 3;
    } else {
        return None;
    }
    at = skip_spaces(b, at);
    let quote = if starts_with_ci(b, at, b"\\\"") {
        at += 2;
        Quote::EscapedDouble
    } else if b.get(at) == Some(&b'"') {
        at += 1;
        Quote::Double
    } else if b.get(at) == Some(&b'\'') {
        at += 1;
        Quote::Single
    } else if starts_with_ci(b, at, b"%22") {
        at += 3;
        Quote::Percent
    } else {
        Quote::None
    };
    if is_authorization {
        // `Authorization: Bearer <token>`: keep the scheme, hide the credential.
        let word_end = at
            + b[at..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
        if word_end > at && b.get(word_end) == Some(&b' ') {
            at = skip_spaces(b, word_end);
        }
    }
    let start = at;
    let end = match quote {
        Quote::Double => {
            let mut i = start;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i.min(b.len())
        }
        Quote::EscapedDouble => {
            memchr::memmem::find(&b[start..], b"\\\"").map_or(b.len(), |n| start + n)
        }
        Quote::Single => memchr::memchr(b'\'', &b[start..]).map_or(b.len(), |n| start + n),
        Quote::Percent => {
            let mut i = start;
            while i < b.len() && !starts_with_ci(b, i, b"%22") {
                i += 1;
            }
            i
        }
        Quote::None => {
            let mut i = start;
            while i < b.len()
                && !matches!(
                    b[i],
                    b'&' | b','
                        | b';'
                        | b'"'
                        | b'\''
                        | b'<'
                        | b'>'
                        | b'}'
                        | b')'
                        | b']'
                        | b'\\'
                        | b'#'
                )
                && !b[i].is_ascii_whitespace()
                && !starts_with_ci(b, i, b"%26")
            {
                i += 1;
            }
            i
        }
    };
    (end > start).then_some((start, end))
}

/// `text` with the value of every credential it names hidden behind [`REDACTED`]: in query
/// strings (`access_token=...`, also URL-encoded), JSON (`"secret": "..."`, also inside an
/// escaped JSON string) and header-like lines (`Authorization: Bearer ...`). Names are
/// recognised by [`is_credential_name`]. Linear in the length of `text`; borrowed when
/// nothing is hidden.
///
/// Every error text that can echo a reply or a URL goes through this (HTTP error bodies,
/// `errmsg`, decode details); use it for your own logs of WeChat replies too.
pub fn redact(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < b.len() {
        if !is_name_byte(b[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < b.len() && is_name_byte(b[at]) {
            at += 1;
        }
        let name = &text[start..at];
        // A name right after a URL escape (`%26code`, `%3Faccess_token`).
        let unescaped = if start > 0 && b[start - 1] == b'%' && name.len() > 2 {
            name.get(2..).unwrap_or(name)
        } else {
            name
        };
        if !(is_credential_name(name) || is_credential_name(unescaped)) {
            continue;
        }
        let is_authorization = unescaped.eq_ignore_ascii_case("authorization");
        if let Some((value_start, value_end)) = credential_value(b, at, is_authorization) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..value_start]);
            out.push_str(REDACTED);
            copied = value_end;
            at = value_end;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

/// What [`render`](crate::wire::render) shows instead of the access token (the spelling WeChat's docs use).
pub const TOKEN_PLACEHOLDER: &str = "ACCESS_TOKEN";
/// What [`render`](crate::wire::render) shows instead of a [`RefreshToken`] (the spelling
/// WeChat's docs use).
pub const REFRESH_TOKEN_PLACEHOLDER: &str = "REFRESH_TOKEN";
/// What [`render`](crate::wire::render) shows instead of a field typed [`Ticket`].
pub const TICKET_PLACEHOLDER: &str = "TICKET";
/// What [`render`](crate::wire::render) shows instead of the app id the client adds for
/// [`Auth::AppCredentials`](crate::Auth::AppCredentials) endpoints.
pub const APPID_PLACEHOLDER: &str = "APPID";
/// What [`render`](crate::wire::render) shows instead of the AppSecret, and of every field typed
/// [`crate::Secret`].
pub const SECRET_PLACEHOLDER: &str = "APPSECRET";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_redacted_in_every_spelling() {
        let cases = [
            (
                "GET /cgi-bin/user/info?access_token=TOK123&openid=o1 HTTP/1.1",
                "GET /cgi-bin/user/info?access_token=<redacted>&openid=o1 HTTP/1.1",
            ),
            (
                "/cgi-bin/token?grant_type=client_credential&appid=wx1&SECRET=s3cr3t",
                "/cgi-bin/token?grant_type=client_credential&appid=wx1&SECRET=<redacted>",
            ),
            (
                r#"{"appid":"wx1","secret" : "s3\"cr3t","force_refresh":true}"#,
                r#"{"appid":"wx1","secret" : "<redacted>","force_refresh":true}"#,
            ),
            (
                r#"{"echo":"{\"component_access_token\":\"CT\",\"x\":1}"}"#,
                r#"{"echo":"{\"component_access_token\":\"<redacted>\",\"x\":1}"}"#,
            ),
            (
                "url=%2Fsns%3Fjs_code%3DJSC%26appid%3Dwx1",
                "url=%2Fsns%3Fjs_code%3D<redacted>%26appid%3Dwx1",
            ),
            (
                "Authorization: Bearer abc.def\nX-Ticket: T1",
                "Authorization: Bearer <redacted>\nX-Ticket: <redacted>",
            ),
            (
                "<p>refresh_token='RT'</p>",
                "<p>refresh_token='<redacted>'</p>",
            ),
            (
                "invalid credential, access_token is invalid or not latest rid: 1-2",
                "invalid credential, access_token is invalid or not latest rid: 1-2",
            ),
            ("errcode=40001&errmsg=x", "errcode=40001&errmsg=x"),
        ];
        for (input, expected) in cases {
            assert_eq!(redact(input), expected, "{input}");
        }
        assert!(matches!(redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn credential_names() {
        for name in [
            "access_token",
            "ACCESS_TOKEN",
            "accessToken",
            "component_verify_ticket",
            "appsecret",
            "session_key",
            "EncodingAESKey",
            "pre_auth_code",
            "code",
            "js_code",
        ] {
            assert!(is_credential_name(name), "{name}");
        }
        for name in [
            "errcode",
            "errmsg",
            "openid",
            "appid",
            "media_id",
            "expires_in",
        ] {
            assert!(!is_credential_name(name), "{name}");
        }
    }
}
