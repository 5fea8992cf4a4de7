//! Customer service (客服): the account's customer-service accounts, their sessions with
//! users ([`session`]) and the chat records.
//!
//! The account paths (`kfaccount/add`, `kfaccount/del`, `getkflist`, `getonlinekflist`) are
//! listed by both the Official Account and the Mini Program documentation and are declared
//! once, callable by either kind of app. Updating an account, its avatar, inviting a worker,
//! sessions and records are Official Account only.
//!
//! Limits (official customer-service pages); those marked "checked" are checked before
//! sending:
//!
//! | limit | value | WeChat's errcode |
//! |---|---|---|
//! | `kf_account`, checked | `prefix@wxid`: a prefix of 1..=10 ASCII letters, digits or `_` ([`MAX_PREFIX_CHARS`]), then `@` and the account's WeChat id of 1..=30 characters ([`MAX_WXID_CHARS`]) | 65404 (illegal account) |
//! | `nickname`, checked | 1..=16 characters ([`MAX_NICKNAME_CHARS`]) | 65403 (illegal nickname) |
//! | accounts per app | 100 ([`MAX_ACCOUNTS`]) | 65405 |
//! | account already exists | — | 65406 |
//! | avatar, checked | a non-empty `jpg`/`jpeg` file (640×640 recommended) | 40005 (file type) |
//! | `invite_wx`, checked | not empty | 65409 (invalid WeChat id) |
//! | chat records: `endtime - starttime`, checked | `starttime <= endtime`, at most 24 h ([`MAX_RECORD_SPAN_SECS`]) | 40035 |
//! | chat records: `number`, checked | 1..=10 000 ([`MAX_RECORDS`]) | 40035 |
//! | chat records: `msgid`, checked | from 1 | 40035 |
//!
//! The `kf_account` page says "账号前缀最多10个字符，必须是英文、数字字符或者下划线，后缀为公众号微信号，
//! 长度不超过30个字符"; which part "不超过30个字符" bounds is ambiguous: the permissive
//! reading (the WeChat id, not the whole account) is checked. The nickname was "6 Chinese
//! characters or 12 letters" on older pages; the current pages say 16 characters, which is
//! checked. The chat-record page's own example has `starttime == endtime`, so an empty
//! span is accepted. Other codes: 65400 (the new customer service is not enabled), 65401 (no such
//! account), 65402 (the account has no bound WeChat id), 65407 (already a worker), 65408
//! (already invited), 65410 (the worker is bound to too many accounts), 65411 (a pending
//! invitation exists), 65412 (the account already has a worker).

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

pub mod session;

/// Most characters in the prefix of a `kf_account` (before `@`).
pub const MAX_PREFIX_CHARS: usize = 10;
/// Most characters in the WeChat id of a `kf_account` (after `@`).
pub const MAX_WXID_CHARS: usize = 30;
/// Most characters in a customer-service nickname.
pub const MAX_NICKNAME_CHARS: usize = 16;
/// Most customer-service accounts an app may have (65405 beyond).
pub const MAX_ACCOUNTS: usize = 100;
/// Longest span of one chat-record query, in seconds (24 hours).
pub const MAX_RECORD_SPAN_SECS: u64 = 24 * 60 * 60;
/// Most records one chat-record query may ask for.
pub const MAX_RECORDS: u32 = 10_000;

/// Checks a full customer-service account, `prefix@wxid` (see the [module docs](self)).
pub(crate) fn check_account(endpoint: &'static str, account: &str) -> Result<(), ValidationError> {
    let bad = |why: String| {
        Err(ValidationError::new(
            endpoint,
            "kf_account",
            format!("{account:?}: {why} (WeChat answers 65404)"),
        ))
    };
    let Some((prefix, wxid)) = account.split_once('@') else {
        return bad("a customer-service account is `prefix@wxid`".to_owned());
    };
    let prefix_chars = prefix.chars().count();
    if prefix_chars == 0 || prefix_chars > MAX_PREFIX_CHARS {
        return bad(format!(
            "the prefix has {prefix_chars} characters; it has 1..={MAX_PREFIX_CHARS}"
        ));
    }
    if !prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return bad("the prefix is ASCII letters, digits and `_` only".to_owned());
    }
    let wxid_chars = wxid.chars().count();
    if wxid_chars == 0 || wxid_chars > MAX_WXID_CHARS || wxid.contains('@') {
        return bad(format!(
            "the WeChat id after `@` has {wxid_chars} characters; it has 1..={MAX_WXID_CHARS} and no `@`"
        ));
    }
    Ok(())
}

fn check_nickname(endpoint: &'static str, nickname: &str) -> Result<(), ValidationError> {
    let n = nickname.chars().count();
    if n == 0 || n > MAX_NICKNAME_CHARS {
        return Err(ValidationError::new(
            endpoint,
            "nickname",
            format!(
                "{n} characters; a nickname has 1..={MAX_NICKNAME_CHARS} (WeChat answers 65403)"
            ),
        ));
    }
    Ok(())
}

/// A non-empty openid (sessions).
pub(crate) fn check_openid(endpoint: &'static str, openid: &str) -> Result<(), ValidationError> {
    if openid.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            "openid",
            "empty; the user's openid is required (WeChat answers 40003)",
        ));
    }
    Ok(())
}

/// Add a customer-service account (at most 100 an app). For an Official Account, the
/// account must have a WeChat id set on the platform first.
///
/// Errors: 65403 (nickname), 65404 (account), 65405 (too many accounts), 65406 (exists).
#[wx_endpoint(POST "/customservice/kfaccount/add", app = both, validate = super::check_add,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/servicermanage/api_addkfaccount")]
pub mod add_account {
    pub struct Request {
        /// The full account, `prefix@wxid` (prefix 1..=10 of `[A-Za-z0-9_]`).
        pub kf_account: String,
        /// The nickname, 1..=16 characters.
        pub nickname: String,
        /// The sub-merchant's `business_id`; only for customer-service sub-merchants.
        pub business_id: Option<String>,
    }
    pub struct Response {}
}

fn check_add(req: &add_account::Request) -> Result<(), ValidationError> {
    check_account("kf::add_account", &req.kf_account)?;
    check_nickname("kf::add_account", &req.nickname)
}

/// Change a customer-service account's nickname.
///
/// Errors: 65401 (no such account), 65403 (nickname), 65404 (account).
#[wx_endpoint(POST "/customservice/kfaccount/update", app = oa, validate = super::check_update,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/servicermanage/api_updatekfaccount")]
pub mod update_account {
    pub struct Request {
        /// The full account, `prefix@wxid`.
        pub kf_account: String,
        /// The new nickname, 1..=16 characters.
        pub nickname: String,
    }
    pub struct Response {}
}

fn check_update(req: &update_account::Request) -> Result<(), ValidationError> {
    check_account("kf::update_account", &req.kf_account)?;
    check_nickname("kf::update_account", &req.nickname)
}

/// Delete a customer-service account.
///
/// Errors: 65401 (no such account).
#[wx_endpoint(POST "/customservice/kfaccount/del", app = both, validate = super::check_delete,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/servicermanage/api_delkfaccount")]
pub mod delete_account {
    pub struct Request {
        /// The full account, `prefix@wxid`.
        pub kf_account: String,
        /// The sub-merchant's `business_id`; only for customer-service sub-merchants.
        pub business_id: Option<String>,
    }
    pub struct Response {}
}

fn check_delete(req: &delete_account::Request) -> Result<(), ValidationError> {
    check_account("kf::delete_account", &req.kf_account)
}

/// Set a customer-service account's avatar: a jpg image (640×640 recommended), sent as
/// the multipart part `media`, the account in the query.
///
/// Errors: 65401 (no such account), 40005 (not a jpg), 40009 (size).
#[wx_endpoint(POST "/customservice/kfaccount/uploadheadimg", app = oa, validate = super::check_avatar,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/servicermanage/api_uploadkfheadimg")]
pub mod upload_avatar {
    pub struct Request {
        /// The full account, `prefix@wxid` (in the query).
        #[wx(query)]
        pub kf_account: String,
        /// The jpg image (multipart part `media`).
        #[wx(file)]
        pub media: ::wx_core::Upload,
    }
    pub struct Response {}
}

fn check_avatar(req: &upload_avatar::Request) -> Result<(), ValidationError> {
    const ENDPOINT: &str = "kf::upload_avatar";
    check_account(ENDPOINT, &req.kf_account)?;
    let name = req.media.filename();
    if req.media.is_empty() {
        return Err(ValidationError::new(
            ENDPOINT,
            "media",
            format!("avatar `{name}` is empty"),
        ));
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if ext != "jpg" && ext != "jpeg" {
        return Err(ValidationError::new(
            ENDPOINT,
            "media",
            format!("avatar `{name}`: the avatar is a jpg image (WeChat answers 40005)"),
        ));
    }
    Ok(())
}

/// Invite a WeChat user to be the worker bound to a customer-service account; the
/// invitation waits for their confirmation (see `invite_status` in [`list_accounts`]).
///
/// Errors: 65407 (already a worker), 65408 (already invited), 65409 (invalid WeChat id),
/// 65410 (bound to too many accounts), 65411 (a pending invitation exists), 65412 (the
/// account already has a worker).
#[wx_endpoint(POST "/customservice/kfaccount/inviteworker", app = oa, validate = super::check_invite,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/servicermanage/api_invitekfworker")]
pub mod invite_worker {
    pub struct Request {
        /// The full account, `prefix@wxid`.
        pub kf_account: String,
        /// The invited worker's WeChat id.
        pub invite_wx: String,
    }
    pub struct Response {}
}

fn check_invite(req: &invite_worker::Request) -> Result<(), ValidationError> {
    check_account("kf::invite_worker", &req.kf_account)?;
    if req.invite_wx.is_empty() {
        return Err(ValidationError::new(
            "kf::invite_worker",
            "invite_wx",
            "empty; the invited WeChat id is required (WeChat answers 65409)",
        ));
    }
    Ok(())
}

/// A customer-service account, as [`list_accounts`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Account {
    /// The full account, `prefix@wxid`.
    pub kf_account: String,
    /// The nickname.
    #[serde(default)]
    pub kf_nick: String,
    /// The account's number (工号).
    #[serde(default)]
    pub kf_id: String,
    /// The avatar's URL.
    #[serde(default)]
    pub kf_headimgurl: String,
    /// The bound worker's WeChat id, once one is bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kf_wx: Option<String>,
    /// The invited WeChat id, while an invitation is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_wx: Option<String>,
    /// When the invitation expires (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_expire_time: Option<i64>,
    /// The invitation's state: `waiting`, `rejected` or `expired`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_status: Option<String>,
    /// The worker's openid (newer replies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kf_openid: Option<String>,
}

/// Every customer-service account of the app.
#[wx_endpoint(GET "/cgi-bin/customservice/getkflist", app = both,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/servicermanage/api_getkflist")]
pub mod list_accounts {
    pub struct Request {}
    pub struct Response {
        /// The accounts.
        #[wx(default)]
        pub kf_list: Vec<super::Account>,
    }
}

/// A customer-service account that is online, as [`list_online`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OnlineAccount {
    /// The full account, `prefix@wxid`.
    pub kf_account: String,
    /// Online state: 1 on the web client (the only value documented today).
    #[serde(default)]
    pub status: i64,
    /// The account's number (工号).
    #[serde(default)]
    pub kf_id: String,
    /// Sessions it is serving now.
    #[serde(default)]
    pub accepted_case: u64,
}

/// The customer-service accounts that are online, with how many sessions each serves.
#[wx_endpoint(GET "/cgi-bin/customservice/getonlinekflist", app = both,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/servicermanage/api_getonlinekflist")]
pub mod list_online {
    pub struct Request {}
    pub struct Response {
        /// The online accounts.
        #[wx(default)]
        pub kf_online_list: Vec<super::OnlineAccount>,
    }
}

/// One chat record, as [`list_records`] answers it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Record {
    /// The user's openid.
    pub openid: String,
    /// What happened: 1000 (session created), 1001 (closed), 1002 (switched), 1004 (closed
    /// by the user), 1005 (closed by timeout), 2001 (the worker sent), 2002 (the worker
    /// sent, per the doc example), 2003 (the user sent), 1006..=1008 other session events.
    pub opercode: i64,
    /// The text (images, voices and videos appear as `[image]`, `[voice]`, `[video]`).
    #[serde(default)]
    pub text: String,
    /// When (Unix seconds).
    pub time: i64,
    /// The customer-service account.
    #[serde(default)]
    pub worker: String,
}

/// Chat records between `starttime` and `endtime` (at most 24 hours apart), from `msgid`
/// on, `number` at a time (at most 10 000). Read the next page with the reply's `msgid`;
/// a page shorter than `number` is the last one.
#[wx_endpoint(POST "/customservice/msgrecord/getmsglist", app = oa, validate = super::check_records,
    doc = "https://developers.weixin.qq.com/doc/service/en/Customer_Service/Obtain_chat_transcript.html")]
pub mod list_records {
    pub struct Request {
        /// Start of the span (Unix seconds).
        pub starttime: u64,
        /// End of the span (Unix seconds), at most 24 hours after `starttime`.
        pub endtime: u64,
        /// The first message id to read, from 1.
        pub msgid: u64,
        /// How many records, 1..=10 000.
        pub number: u32,
    }
    pub struct Response {
        /// The records.
        #[wx(default)]
        pub recordlist: Vec<super::Record>,
        /// How many records this page holds.
        #[wx(default)]
        pub number: u64,
        /// The `msgid` of the next page.
        #[wx(default)]
        pub msgid: u64,
    }
}

fn check_records(req: &list_records::Request) -> Result<(), ValidationError> {
    const ENDPOINT: &str = "kf::list_records";
    if req.endtime < req.starttime || req.endtime - req.starttime > MAX_RECORD_SPAN_SECS {
        return Err(ValidationError::new(
            ENDPOINT,
            "endtime",
            format!(
                "{}..{}: `endtime` is not before `starttime` and at most {MAX_RECORD_SPAN_SECS} s (24 h) after it",
                req.starttime, req.endtime
            ),
        ));
    }
    if req.msgid == 0 {
        return Err(ValidationError::new(
            ENDPOINT,
            "msgid",
            "0; message ids start from 1",
        ));
    }
    if req.number == 0 || req.number > MAX_RECORDS {
        return Err(ValidationError::new(
            ENDPOINT,
            "number",
            format!("{}; one query reads 1..={MAX_RECORDS} records", req.number),
        ));
    }
    Ok(())
}
