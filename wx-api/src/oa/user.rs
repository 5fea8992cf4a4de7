//! Follower information, with the UnionID when the account is bound to an Open Platform
//! account. Nickname, avatar, sex and region are no longer filled in by WeChat (2021).

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
