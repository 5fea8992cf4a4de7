//! WeChat's `errcode` values as a type. The table itself is generated from
//! `wx-core/data/errcodes.tsv` by `cargo xtask codegen` (see `table.rs`).

mod table;

use std::fmt;
pub use table::ErrCode;

/// What a caller may do about an error code (spec §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryClass {
    /// Transient (`-1` system busy): retry with backoff.
    Backoff,
    /// The access token is invalid or expired: refresh it and retry once.
    RefreshToken,
    /// A quota or confirmation: wait (a minute, a day, an admin) before retrying.
    Wait,
    /// Retrying will not help.
    Never,
    /// Not an error (`0`).
    NotAnError,
}

impl ErrCode {
    /// One of the codes that mean "this access token is not valid any more"
    /// (40001, 40014, 42001): invalidate the token that was used and retry once.
    pub fn is_token_invalid(self) -> bool {
        self.retry_class() == RetryClass::RefreshToken
    }

    /// Name and number, e.g. `AccessTokenExpired (42001)`, or `40999` for an unknown code.
    pub fn describe(self) -> String {
        match (self.name(), self.meaning()) {
            (Some(name), Some(meaning)) => format!("{name} ({}): {meaning}", self.code()),
            _ => format!("{} (unknown code)", self.code()),
        }
    }
}

impl From<i64> for ErrCode {
    fn from(code: i64) -> Self {
        ErrCode::from_code(code)
    }
}

impl fmt::Display for ErrCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} {}", self.code(), name),
            None => write!(f, "{}", self.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_round_trip_and_unknown_keep_their_number() {
        for code in [-1, 0, 40001, 40014, 42001, 45009, 48001] {
            let e = ErrCode::from_code(code);
            assert_eq!(e.code(), code);
            assert!(e.name().is_some(), "{code} should be known");
        }
        let unknown = ErrCode::from_code(987_654);
        assert_eq!(unknown, ErrCode::Unknown(987_654));
        assert_eq!(unknown.code(), 987_654);
        assert_eq!(unknown.name(), None);
        assert_eq!(unknown.to_string(), "987654");
    }

    #[test]
    fn token_invalid_set_is_exactly_the_documented_three() {
        let refreshable: Vec<i64> = ErrCode::ALL
            .iter()
            .filter(|c| c.is_token_invalid())
            .map(|c| c.code())
            .collect();
        assert_eq!(refreshable, vec![40001, 40014, 42001]);
        assert!(!ErrCode::from_code(41001).is_token_invalid());
        assert!(!ErrCode::from_code(42007).is_token_invalid());
    }
}
