//! Followers: their information, with the UnionID when the account is bound to an Open
//! Platform account (nickname, avatar, sex and region are no longer filled in by WeChat,
//! 2021); the follower list ([`list`], page by page, or [`followers`], a stream of every
//! openid); the account's remark for a follower ([`set_remark`]).

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Language of the returned names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// `zh_CN`: simplified Chinese (the default).
    #[default]
    #[serde(rename = "zh_CN")]
    ZhCn,
    /// `zh_TW`: traditional Chinese.
    #[serde(rename = "zh_TW")]
    ZhTw,
    /// `en`: English.
    #[serde(rename = "en")]
    En,
}

/// What WeChat says of a user.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserInfo {
    /// 1 when following; when 0 only `openid` (and `unionid`) are set.
    pub subscribe: u8,
    /// The user's openid for this account.
    pub openid: String,
    /// The UnionID, only when the account is bound to an Open Platform account.
    #[serde(default)]
    pub unionid: Option<String>,
    /// The user's language, e.g. `zh_CN`.
    #[serde(default)]
    pub language: Option<String>,
    /// When the user last followed, Unix seconds.
    #[serde(default)]
    pub subscribe_time: Option<i64>,
    /// How the user followed, e.g. `ADD_SCENE_QR_CODE`.
    #[serde(default)]
    pub subscribe_scene: Option<String>,
    /// The integer scene of the QR code the user followed through.
    #[serde(default)]
    pub qr_scene: Option<u64>,
    /// The string scene of the QR code the user followed through.
    #[serde(default)]
    pub qr_scene_str: Option<String>,
    /// The account's remark for the user.
    #[serde(default)]
    pub remark: Option<String>,
    /// Legacy group id.
    #[serde(default)]
    pub groupid: Option<i64>,
    /// Ids of the user's tags.
    #[serde(default)]
    pub tagid_list: Vec<i64>,
}

/// One user's information.
#[wx_endpoint(GET "/cgi-bin/user/info", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html")]
pub mod get {
    pub struct Request {
        /// The user's openid.
        #[wx(query)]
        pub openid: String,
        /// Language of the returned names; `zh_CN` when absent.
        #[wx(query)]
        pub lang: Option<super::Lang>,
    }
    pub struct Response {
        /// The user's information (flattened: the reply is the object itself).
        #[serde(flatten)]
        pub user: super::UserInfo,
    }
}

/// One entry of a batch query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserQuery {
    /// The user's openid.
    pub openid: String,
    /// Language of the returned names; `zh_CN` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

/// Most users in one batch query.
pub const MAX_BATCH: usize = 100;

/// Up to 100 users' information in one call.
#[wx_endpoint(POST "/cgi-bin/user/info/batchget", app = oa, validate = super::check_batch,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html")]
pub mod batch_get {
    pub struct Request {
        /// The users to look up, 1..=100 (checked before sending).
        pub user_list: Vec<super::UserQuery>,
    }
    pub struct Response {
        /// Their information, in order.
        pub user_info_list: Vec<super::UserInfo>,
    }

    impl Request {
        /// A batch of openids (1..=100) with the default language.
        pub fn openids<S: Into<String>>(openids: impl IntoIterator<Item = S>) -> Self {
            let list = openids
                .into_iter()
                .map(|o| super::UserQuery {
                    openid: o.into(),
                    lang: None,
                })
                .collect();
            Self::new(list)
        }
    }
}

fn check_batch(req: &batch_get::Request) -> Result<(), ValidationError> {
    let n = req.user_list.len();
    if (1..=MAX_BATCH).contains(&n) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "user::batch_get",
            "user_list",
            format!("{n} users; a batch holds 1..={MAX_BATCH}"),
        ))
    }
}

/// A page of the follower list: up to 10 000 openids after the cursor `next_openid`.
///
/// Read the whole list with [`followers`], which follows the cursor. A page's
/// `next_openid` continues *after* that openid; the list has ended when a page has no
/// openids or an empty `next_openid` (WeChat's last page often repeats its last openid as
/// the cursor, and the call after it returns `count` 0 without `data`). Followers who
/// subscribe during a walk may be missed or listed twice; the order is WeChat's.
///
/// Errors: 40003 (`next_openid` is not an openid of the account), 40013 (invalid appid).
/// Quota: 500 calls a day (100 for test accounts).
#[wx_endpoint(GET "/cgi-bin/user/get", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html")]
pub mod list {
    pub struct Request {
        /// The cursor: the `next_openid` of the previous page; absent for the first page.
        #[wx(query)]
        pub next_openid: Option<String>,
    }
    pub struct Response {
        /// Followers of the account.
        #[wx(default)]
        pub total: u64,
        /// Openids in this page (at most 10 000).
        #[wx(default)]
        pub count: u64,
        /// This page's openids (absent when the page is empty).
        pub data: Option<crate::paging::OpenIdList>,
        /// The cursor of the next page; empty at the end.
        #[wx(default)]
        pub next_openid: String,
    }
}

impl list::Response {
    /// This page's openids (none when `data` was absent).
    pub fn openids(&self) -> &[String] {
        self.data.as_ref().map_or(&[], |d| d.openid.as_slice())
    }
}

/// Every follower of the account, as a stream of openids that fetches the pages of
/// [`list`] as it is read (see [`crate::paging`] for where it ends and how a repeated
/// cursor is refused). [`OpenIds::total`](crate::paging::OpenIds::total) gives the count
/// of followers once the first page has arrived.
///
/// ```no_run
/// # async fn demo(wx: wx_api::Client) -> Result<(), wx_api::Error> {
/// let all: Vec<String> = wx_api::oa::user::followers(&wx).collect_all().await?;
/// # Ok(()) }
/// ```
pub fn followers(client: &wx_core::Client<wx_core::OfficialAccount>) -> crate::paging::OpenIds {
    crate::paging::OpenIds::new(client, "oa::user::list", |client, cursor| async move {
        let mut request = list::Request::new();
        if !cursor.is_empty() {
            request = request.next_openid(cursor);
        }
        let page = client.send(request).await?;
        Ok(crate::paging::Page {
            total: Some(page.total),
            openids: page.data.map(|d| d.openid).unwrap_or_default(),
            next: page.next_openid,
        })
    })
}

/// Longest remark, in UTF-8 bytes: the documentation says "less than 30" (a Chinese
/// character counts 3 bytes, so at most 9 of them).
pub const MAX_REMARK_BYTES: usize = 29;

/// Set the account's remark (备注名) for a follower; [`get`] returns it as `remark`.
///
/// The remark must be shorter than 30 bytes of UTF-8 ([`MAX_REMARK_BYTES`], checked before
/// sending); WeChat answers a longer one with 40092 (invalid remark name). Other errors:
/// 40003 (invalid openid), 40013 (invalid appid). Verified service accounts only. Quota:
/// 10 000 calls a day.
#[wx_endpoint(POST "/cgi-bin/user/info/updateremark", app = oa, validate = super::check_remark,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html")]
pub mod set_remark {
    pub struct Request {
        /// The follower's openid.
        pub openid: String,
        /// The new remark, at most 29 bytes of UTF-8 (empty clears it).
        pub remark: String,
    }
    pub struct Response {}
}

fn check_remark(req: &set_remark::Request) -> Result<(), ValidationError> {
    if req.openid.is_empty() {
        return Err(ValidationError::new(
            "user::set_remark",
            "openid",
            "empty; the follower's openid is required",
        ));
    }
    let n = req.remark.len();
    if n > MAX_REMARK_BYTES {
        return Err(ValidationError::new(
            "user::set_remark",
            "remark",
            format!(
                "{n} bytes; a remark is shorter than 30 bytes of UTF-8 (at most {MAX_REMARK_BYTES}; WeChat answers 40092)"
            ),
        ));
    }
    Ok(())
}

/// Most openids in one [`exchange_openid`] call.
pub const MAX_EXCHANGE: usize = 100;

/// One openid of [`exchange_openid`]'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OpenidChange {
    /// The openid under the old account.
    #[serde(default)]
    pub ori_openid: String,
    /// The openid under this (new) account; empty when it could not be converted.
    #[serde(default)]
    pub new_openid: String,
    /// `ok`, or why this openid was not converted (e.g. the user does not follow the old account).
    #[serde(default)]
    pub err_msg: String,
}

/// After an account migration (账号迁移), convert the old account's openids into this
/// account's: up to 100 a call (checked before sending). Call it with the NEW account's
/// token; it works from the migration's approval for 15 days, and not for an old account
/// of an individual. The field table says `from_appid` is the old account's original id
/// (`gh_...`), not its appid; developers report that WeChat wants the old appid (63178
/// "appid wrong" otherwise): the value is sent as given. Per openid, `err_msg` is `ok` or
/// `ori_openid error` (the user does not follow the old account).
#[wx_endpoint(POST "/cgi-bin/changeopenid", app = oa, validate = super::check_exchange,
    doc = "https://developers.weixin.qq.com/doc/service/api/usermanage/changeopenid/api_changeopenid.html")]
pub mod exchange_openid {
    pub struct Request {
        /// The old account: its original id (`gh_...`) per the field table, its appid per
        /// developers' reports.
        pub from_appid: String,
        /// Openids of users who follow the old account, 1..=100.
        pub openid_list: Vec<String>,
    }
    pub struct Response {
        /// One entry per openid.
        #[wx(default)]
        pub result_list: Vec<super::OpenidChange>,
    }
}

fn check_exchange(req: &exchange_openid::Request) -> Result<(), ValidationError> {
    if req.from_appid.is_empty() {
        return Err(ValidationError::new(
            "user::exchange_openid",
            "from_appid",
            "empty; the old account's original id is required",
        ));
    }
    let n = req.openid_list.len();
    if (1..=MAX_EXCHANGE).contains(&n) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "user::exchange_openid",
            "openid_list",
            format!("{n} openids; a call converts 1..={MAX_EXCHANGE}"),
        ))
    }
}
