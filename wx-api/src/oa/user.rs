//! Follower information, with the UnionID when the account is bound to an Open Platform
//! account. Nickname, avatar, sex and region are no longer filled in by WeChat (2021).

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Language of the returned names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh_CN")]
    ZhCn,
    #[serde(rename = "zh_TW")]
    ZhTw,
    #[serde(rename = "en")]
    En,
}

/// What WeChat says of a user.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserInfo {
    /// 1 when following; when 0 only `openid` (and `unionid`) are set.
    pub subscribe: u8,
    pub openid: String,
    #[serde(default)]
    pub unionid: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub subscribe_time: Option<i64>,
    /// How the user followed, e.g. `ADD_SCENE_QR_CODE`.
    #[serde(default)]
    pub subscribe_scene: Option<String>,
    #[serde(default)]
    pub qr_scene: Option<u64>,
    #[serde(default)]
    pub qr_scene_str: Option<String>,
    #[serde(default)]
    pub remark: Option<String>,
    #[serde(default)]
    pub groupid: Option<i64>,
    #[serde(default)]
    pub tagid_list: Vec<i64>,
}

/// One user's information.
#[wx_endpoint(GET "/cgi-bin/user/info", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html")]
pub mod get {
    pub struct Request {
        #[wx(query)]
        pub openid: String,
        #[wx(query)]
        pub lang: Option<super::Lang>,
    }
    pub struct Response {
        #[serde(flatten)]
        pub user: super::UserInfo,
    }
}

/// One entry of a batch query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserQuery {
    pub openid: String,
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
        pub user_list: Vec<super::UserQuery>,
    }
    pub struct Response {
        pub user_info_list: Vec<super::UserInfo>,
    }

    impl Request {
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
            "batch_info",
            "user_list",
            format!("{n} users; a batch holds 1..={MAX_BATCH}"),
        ))
    }
}
