//! Live members' roles (成员管理): set, remove and list the administrators (at most 10),
//! anchors (500) and operators (500). Limits: see the [module table](super).

use super::{documented, in_range, not_empty, Role};
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

fn settable(endpoint: &'static str, username: &str, role: Role) -> Result<(), ValidationError> {
    not_empty(endpoint, "username", username)?;
    documented(
        endpoint,
        "role",
        role,
        |r| matches!(r, Role::Admin | Role::Anchor | Role::Operator),
        Role::code,
        "1 admin, 2 anchor, 3 operator",
    )
}

/// Give a member a role (`addRole`); an anchor without the real-name check gets `codeurl`,
/// the "小程序直播" Mini Program's code.
#[wx_endpoint(POST "/wxaapi/broadcast/role/addrole", app = wxa, validate = super::check_add,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/role-management/api_getrolelistdw")]
pub mod add {
    pub struct Request {
        /// The user's WeChat id.
        pub username: String,
        /// 1 admin, 2 anchor, 3 operator (the super admin cannot be set).
        pub role: super::Role,
    }
    pub struct Response {
        /// The real-name check's Mini Program code, for an anchor who has not passed it.
        pub codeurl: Option<String>,
    }
}

fn check_add(r: &add::Request) -> Result<(), ValidationError> {
    settable("wxa::live::role::add", &r.username, r.role)
}

/// Take a role from a member (`deleteRole`).
#[wx_endpoint(POST "/wxaapi/broadcast/role/deleterole", app = wxa, validate = super::check_delete,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/role-management/api_deleterole")]
pub mod delete {
    pub struct Request {
        /// The user's WeChat id.
        pub username: String,
        /// 1 admin, 2 anchor, 3 operator (the super admin cannot be removed).
        pub role: super::Role,
    }
    pub struct Response {}
}

fn check_delete(r: &delete::Request) -> Result<(), ValidationError> {
    settable("wxa::live::role::delete", &r.username, r.role)
}

/// One member (`list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Member {
    /// Avatar URL (WeChat spells it `headingimg`).
    #[serde(default)]
    pub headingimg: String,
    /// Nickname.
    #[serde(default)]
    pub nickname: String,
    /// Openid.
    #[serde(default)]
    pub openid: String,
    /// The member's roles.
    #[serde(rename = "roleList", default)]
    pub role_list: Vec<Role>,
    /// Last change, Unix seconds (a number or a string of digits).
    #[serde(
        rename = "updateTimestamp",
        deserialize_with = "super::lenient_i64",
        default
    )]
    pub update_timestamp: i64,
    /// The WeChat id, partly masked.
    #[serde(default)]
    pub username: String,
}

/// The members, by role or keyword (`getRoleList`).
#[wx_endpoint(GET "/wxaapi/broadcast/role/getrolelist", app = wxa, validate = super::check_list,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/role-management/api_getrolelist")]
pub mod list {
    pub struct Request {
        /// -1 every member (the default), 0 super admin, 1 admin, 2 anchor, 3 operator.
        #[wx(query)]
        pub role: Option<super::Role>,
        /// The first member to return (default 0).
        #[wx(query)]
        pub offset: Option<i64>,
        /// How many, 1..=30 (default 10).
        #[wx(query)]
        pub limit: Option<i64>,
        /// A WeChat id or nickname to search for.
        #[wx(query)]
        pub keyword: Option<String>,
    }
    pub struct Response {
        /// The members.
        #[wx(default)]
        pub list: Vec<super::Member>,
        /// How many members match.
        #[wx(default)]
        pub total: i64,
    }
}

fn check_list(r: &list::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::role::list";
    if let Some(role) = r.role {
        documented(
            NAME,
            "role",
            role,
            Role::is_documented,
            Role::code,
            "-1, 0, 1, 2, 3",
        )?;
    }
    if let Some(offset) = r.offset {
        in_range(NAME, "offset", offset, 0..=i64::MAX)?;
    }
    if let Some(limit) = r.limit {
        in_range(NAME, "limit", limit, 1..=30)?;
    }
    Ok(())
}
