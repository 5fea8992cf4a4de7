use super::RetryClass;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrCode {
    SystemBusy,
    Ok,
    InvalidCredential,
    InvalidAccessToken,
    AccessTokenExpired,
    Unknown(i64),
}
impl ErrCode {
    pub const ALL: &'static [ErrCode] = &[ErrCode::SystemBusy];
    pub const fn from_code(code: i64) -> Self {
        match code {
            -1 => ErrCode::SystemBusy,
            0 => ErrCode::Ok,
            40001 => ErrCode::InvalidCredential,
            40014 => ErrCode::InvalidAccessToken,
            42001 => ErrCode::AccessTokenExpired,
            o => ErrCode::Unknown(o),
        }
    }
    pub const fn code(self) -> i64 {
        match self {
            ErrCode::SystemBusy => -1,
            ErrCode::Ok => 0,
            ErrCode::InvalidCredential => 40001,
            ErrCode::InvalidAccessToken => 40014,
            ErrCode::AccessTokenExpired => 42001,
            ErrCode::Unknown(c) => c,
        }
    }
    pub const fn name(self) -> Option<&'static str> {
        None
    }
    pub const fn meaning(self) -> Option<&'static str> {
        None
    }
    pub const fn retry_class(self) -> RetryClass {
        match self {
            ErrCode::InvalidCredential
            | ErrCode::InvalidAccessToken
            | ErrCode::AccessTokenExpired => RetryClass::RefreshToken,
            _ => RetryClass::Never,
        }
    }
}
