//! Plugin management (插件管理): a Mini Program applies for, lists, removes and updates the
//! plugins it uses ([`manage`], `/wxa/plugin`), and a plugin's developer lists the
//! applications to it and agrees, refuses or deletes them ([`manage_applications`],
//! `/wxa/devplugin`).
//!
//! Each path takes one JSON body whose `action` picks the operation; the request carries
//! the action as a typed enum with that action's own fields ([`PluginAction`],
//! [`DevAction`]), so a field can only travel with the action the page gives it to:
//!
//! | action | fields |
//! |---|---|
//! | `apply` | `plugin_appid`, `reason` (required for apply) |
//! | `list` | none (the page's list example sends only the action) |
//! | `unbind` | `plugin_appid` |
//! | `update` | `plugin_appid`, `user_version` (the plugin version must support quick update) |
//! | `dev_apply_list` | `page`, `num` |
//! | `dev_agree` | `appid` (the applicant) |
//! | `dev_refuse` | `reason` |
//! | `dev_delete` | none (deletes the refused applicants) |
//!
//! Checked before sending: `plugin_appid`, `appid`, `user_version` and the `reason` of
//! `apply` and `dev_refuse` not empty (the page states no other limit; where `page` counts
//! from is not stated either). WeChat's errcodes: 89236 the plugin cannot be
//! applied for, 89237 already added, 89238 too many plugins, 89239 no such plugin, 89240
//! only pending applications can be agreed or refused, 89241 only refused or timed-out
//! applications can be deleted, 89242 the appid is not among the applications, 89243 a
//! pending application cannot be deleted, 89044 no such plugin appid.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The state of an application (`status`); other numbers kept as they came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyStatus {
    /// `1`: pending.
    Pending,
    /// `2`: agreed.
    Agreed,
    /// `3`: refused.
    Refused,
    /// `4`: timed out.
    TimedOut,
    /// Any other number.
    Other(i64),
}

impl ApplyStatus {
    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            Self::Pending => 1,
            Self::Agreed => 2,
            Self::Refused => 3,
            Self::TimedOut => 4,
            Self::Other(n) => n,
        }
    }
}

impl Serialize for ApplyStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for ApplyStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match i64::deserialize(d)? {
            1 => Self::Pending,
            2 => Self::Agreed,
            3 => Self::Refused,
            4 => Self::TimedOut,
            n => Self::Other(n),
        })
    }
}

/// What [`manage`] does (`action` and its fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PluginAction {
    /// `apply`: apply to use a plugin.
    Apply {
        /// The plugin's appid.
        plugin_appid: String,
        /// Why (required when applying).
        reason: String,
    },
    /// `list`: the plugins applied for or in use.
    List,
    /// `unbind`: remove a plugin.
    Unbind {
        /// The plugin's appid.
        plugin_appid: String,
    },
    /// `update`: quick-update a plugin's version.
    Update {
        /// The plugin's appid.
        plugin_appid: String,
        /// The version to move to (it must support quick update).
        user_version: String,
    },
}

impl PluginAction {
    /// The `action` on the wire.
    pub fn action(&self) -> &'static str {
        match self {
            Self::Apply { .. } => "apply",
            Self::List => "list",
            Self::Unbind { .. } => "unbind",
            Self::Update { .. } => "update",
        }
    }
}

impl Serialize for PluginAction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("action", self.action())?;
        match self {
            Self::Apply {
                plugin_appid,
                reason,
            } => {
                map.serialize_entry("plugin_appid", plugin_appid)?;
                map.serialize_entry("reason", reason)?;
            }
            Self::List => {}
            Self::Unbind { plugin_appid } => map.serialize_entry("plugin_appid", plugin_appid)?,
            Self::Update {
                plugin_appid,
                user_version,
            } => {
                map.serialize_entry("plugin_appid", plugin_appid)?;
                map.serialize_entry("user_version", user_version)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for PluginAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            action: String,
            plugin_appid: Option<String>,
            reason: Option<String>,
            user_version: Option<String>,
        }
        // Read every key first: flattened into the request, a struct would only be shown
        // the keys it names, and a stray key would pass unseen.
        let all = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let w = Wire::deserialize(serde_json::Value::Object(all)).map_err(D::Error::custom)?;
        let need = |v: Option<String>, name: &str| {
            v.ok_or_else(|| D::Error::custom(format!("`{}` needs `{name}`", w.action)))
        };
        let (action, unused) = match w.action.as_str() {
            "apply" => (
                Self::Apply {
                    plugin_appid: need(w.plugin_appid.clone(), "plugin_appid")?,
                    reason: need(w.reason.clone(), "reason")?,
                },
                w.user_version.is_some(),
            ),
            "list" => (
                Self::List,
                w.plugin_appid.is_some() || w.reason.is_some() || w.user_version.is_some(),
            ),
            "unbind" => (
                Self::Unbind {
                    plugin_appid: need(w.plugin_appid.clone(), "plugin_appid")?,
                },
                w.reason.is_some() || w.user_version.is_some(),
            ),
            "update" => (
                Self::Update {
                    plugin_appid: need(w.plugin_appid.clone(), "plugin_appid")?,
                    user_version: need(w.user_version.clone(), "user_version")?,
                },
                w.reason.is_some(),
            ),
            other => {
                return Err(D::Error::custom(format!(
                    "action {other:?} is not apply, list, unbind or update"
                )))
            }
        };
        if unused {
            return Err(D::Error::custom(format!(
                "a field that `{}` does not take",
                w.action
            )));
        }
        Ok(action)
    }
}

/// One plugin applied for or in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginInfo {
    /// The plugin's appid.
    #[serde(default)]
    pub appid: String,
    /// The application's state.
    pub status: ApplyStatus,
    /// The plugin's name.
    #[serde(default)]
    pub nickname: String,
    /// The plugin's avatar URL.
    #[serde(default)]
    pub headimgurl: String,
}

/// Apply for, list, remove or update the plugins this Mini Program uses (`managePlugin`).
#[wx_endpoint(POST "/wxa/plugin", app = wxa, validate = super::check_manage,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/plugin-management/api_manageplugin.html")]
pub mod manage {
    pub struct Request {
        /// The action and its fields.
        #[serde(flatten)]
        pub action: super::PluginAction,
    }
    pub struct Response {
        /// The plugins (`list` only; empty otherwise).
        #[wx(default)]
        pub plugin_list: Vec<super::PluginInfo>,
    }

    impl Request {
        /// Apply to use `plugin_appid`, saying why.
        pub fn apply(plugin_appid: impl Into<String>, reason: impl Into<String>) -> Self {
            Self::new(super::PluginAction::Apply {
                plugin_appid: plugin_appid.into(),
                reason: reason.into(),
            })
        }
        /// The plugins applied for or in use.
        pub fn list() -> Self {
            Self::new(super::PluginAction::List)
        }
        /// Remove `plugin_appid`.
        pub fn unbind(plugin_appid: impl Into<String>) -> Self {
            Self::new(super::PluginAction::Unbind {
                plugin_appid: plugin_appid.into(),
            })
        }
        /// Quick-update `plugin_appid` to `user_version`.
        pub fn update(plugin_appid: impl Into<String>, user_version: impl Into<String>) -> Self {
            Self::new(super::PluginAction::Update {
                plugin_appid: plugin_appid.into(),
                user_version: user_version.into(),
            })
        }
    }
}

fn not_empty(name: &'static str, field: &'static str, value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(name, field, "empty; required"));
    }
    Ok(())
}

fn check_manage(req: &manage::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::plugin::manage";
    match &req.action {
        PluginAction::Apply {
            plugin_appid,
            reason,
        } => {
            not_empty(NAME, "plugin_appid", plugin_appid)?;
            not_empty(NAME, "reason", reason)
        }
        PluginAction::List => Ok(()),
        PluginAction::Unbind { plugin_appid } => not_empty(NAME, "plugin_appid", plugin_appid),
        PluginAction::Update {
            plugin_appid,
            user_version,
        } => {
            not_empty(NAME, "plugin_appid", plugin_appid)?;
            not_empty(NAME, "user_version", user_version)
        }
    }
}

/// What [`manage_applications`] does (`action` and its fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DevAction {
    /// `dev_apply_list`: the applications to this plugin, one page.
    ApplyList {
        /// The page to read.
        page: u32,
        /// Applications per page.
        num: u32,
    },
    /// `dev_agree`: agree to a pending application.
    Agree {
        /// The applicant's appid.
        appid: String,
    },
    /// `dev_refuse`: refuse the pending applications.
    Refuse {
        /// Why.
        reason: String,
    },
    /// `dev_delete`: delete the refused (or timed-out) applicants.
    Delete,
}

impl DevAction {
    /// The `action` on the wire.
    pub fn action(&self) -> &'static str {
        match self {
            Self::ApplyList { .. } => "dev_apply_list",
            Self::Agree { .. } => "dev_agree",
            Self::Refuse { .. } => "dev_refuse",
            Self::Delete => "dev_delete",
        }
    }
}

impl Serialize for DevAction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("action", self.action())?;
        match self {
            Self::ApplyList { page, num } => {
                map.serialize_entry("page", page)?;
                map.serialize_entry("num", num)?;
            }
            Self::Agree { appid } => map.serialize_entry("appid", appid)?,
            Self::Refuse { reason } => map.serialize_entry("reason", reason)?,
            Self::Delete => {}
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DevAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            action: String,
            appid: Option<String>,
            page: Option<u32>,
            num: Option<u32>,
            reason: Option<String>,
        }
        // Read every key first: flattened into the request, a struct would only be shown
        // the keys it names, and a stray key would pass unseen.
        let all = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let w = Wire::deserialize(serde_json::Value::Object(all)).map_err(D::Error::custom)?;
        let missing = |name: &str| D::Error::custom(format!("`{}` needs `{name}`", w.action));
        let (action, unused) = match w.action.as_str() {
            "dev_apply_list" => (
                Self::ApplyList {
                    page: w.page.ok_or_else(|| missing("page"))?,
                    num: w.num.ok_or_else(|| missing("num"))?,
                },
                w.appid.is_some() || w.reason.is_some(),
            ),
            "dev_agree" => (
                Self::Agree {
                    appid: w.appid.clone().ok_or_else(|| missing("appid"))?,
                },
                w.page.is_some() || w.num.is_some() || w.reason.is_some(),
            ),
            "dev_refuse" => (
                Self::Refuse {
                    reason: w.reason.clone().ok_or_else(|| missing("reason"))?,
                },
                w.page.is_some() || w.num.is_some() || w.appid.is_some(),
            ),
            "dev_delete" => (
                Self::Delete,
                w.page.is_some() || w.num.is_some() || w.appid.is_some() || w.reason.is_some(),
            ),
            other => {
                return Err(D::Error::custom(format!(
                    "action {other:?} is not dev_apply_list, dev_agree, dev_refuse or dev_delete"
                )))
            }
        };
        if unused {
            return Err(D::Error::custom(format!(
                "a field that `{}` does not take",
                w.action
            )));
        }
        Ok(action)
    }
}

/// One application to this plugin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    /// The applicant's appid.
    #[serde(default)]
    pub appid: String,
    /// The application's state.
    pub status: ApplyStatus,
    /// The applicant's name.
    #[serde(default)]
    pub nickname: String,
    /// The applicant's avatar URL.
    #[serde(default)]
    pub headimgurl: String,
    /// The applicant's reason.
    #[serde(default)]
    pub reason: String,
    /// The applicant's Mini Program code (an image URL).
    #[serde(default)]
    pub apply_url: String,
    /// When it applied (Unix seconds, as text).
    #[serde(default)]
    pub create_time: String,
    /// The applicant's categories, as WeChat sent them (the page does not describe their
    /// fields).
    #[serde(default)]
    pub categories: Vec<serde_json::Value>,
}

/// List, agree, refuse or delete the applications to this plugin (`managePluginApplication`,
/// for the plugin's developer).
#[wx_endpoint(POST "/wxa/devplugin", app = wxa, validate = super::check_applications,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/plugin-management/api_managepluginapplication.html")]
pub mod manage_applications {
    pub struct Request {
        /// The action and its fields.
        #[serde(flatten)]
        pub action: super::DevAction,
    }
    pub struct Response {
        /// The applications (`dev_apply_list` only; empty otherwise).
        #[wx(default)]
        pub apply_list: Vec<super::Application>,
    }

    impl Request {
        /// Page `page` of the applications, `num` per page.
        pub fn apply_list(page: u32, num: u32) -> Self {
            Self::new(super::DevAction::ApplyList { page, num })
        }
        /// Agree to `appid`'s pending application.
        pub fn agree(appid: impl Into<String>) -> Self {
            Self::new(super::DevAction::Agree {
                appid: appid.into(),
            })
        }
        /// Refuse the pending applications, saying why.
        pub fn refuse(reason: impl Into<String>) -> Self {
            Self::new(super::DevAction::Refuse {
                reason: reason.into(),
            })
        }
        /// Delete the refused or timed-out applicants.
        pub fn delete() -> Self {
            Self::new(super::DevAction::Delete)
        }
    }
}

fn check_applications(req: &manage_applications::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::plugin::manage_applications";
    match &req.action {
        DevAction::ApplyList { .. } => Ok(()),
        DevAction::Agree { appid } => not_empty(NAME, "appid", appid),
        DevAction::Refuse { reason } => not_empty(NAME, "reason", reason),
        DevAction::Delete => Ok(()),
    }
}
