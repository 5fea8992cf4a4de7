//! Updatable messages (动态消息): a shared card whose state the server changes, from
//! "{member_count}/{room_limit} joined" (state 0) to "started" (state 1, final).
//!
//! Limits, checked before sending [`send`]: `activity_id` not empty; state 0 needs the
//! parameters `member_count` and `room_limit`, state 1 needs `path` and `version_type`
//! (`develop`, `trial` or `release`); parameter names are those four only ([`ParamName`]).
//! An activity id expires 24 hours after creation (`expiration_time`); state 1 cannot go
//! back to 0.
//!
//! Chat-tool cards (聊天工具动态卡片, [`send_chat_tool`]): a card shared from the chat-tool
//! mode with the same activity id, whose state is 1 (ongoing), 2 (ending soon) or 3
//! (ended) — [`ChatToolState`] — and whose participants (by `group_openid`) are marked as
//! done. Checked before sending: `activity_id` and `template_id` not empty; `version_type`
//! 0 release, 1 develop, 2 trial ([`ChatToolVersion`]); a participant's `group_openid` not
//! empty and its `state` 1 (done), the only value WeChat accepts today.

use serde::{Deserialize, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The card's state (`target_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    /// `0`: not started; shows member_count/room_limit.
    NotStarted,
    /// `1`: started (final); tapping opens `path`.
    Started,
}

impl Serialize for TargetState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(match self {
            Self::NotStarted => 0,
            Self::Started => 1,
        })
    }
}

impl<'de> Deserialize<'de> for TargetState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u8::deserialize(d)? {
            0 => Ok(Self::NotStarted),
            1 => Ok(Self::Started),
            n => Err(serde::de::Error::custom(format!(
                "target_state {n}, expected 0 or 1"
            ))),
        }
    }
}

/// The parameters a state carries (`name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamName {
    /// `member_count` (state 0).
    MemberCount,
    /// `room_limit` (state 0).
    RoomLimit,
    /// `path` (state 1): the page opened, or a query for mini games.
    Path,
    /// `version_type` (state 1): `develop`, `trial` or `release`.
    VersionType,
}

/// One parameter of the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// The parameter.
    pub name: ParamName,
    /// Its new value.
    pub value: String,
}

/// The card's parameters (`template_info`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TemplateInfo {
    /// The parameters to change.
    pub parameter_list: Vec<Param>,
}

/// Create the activity id of an updatable (or private) message (`createActivityId`); for a
/// private message, give the sharer's `openid` or `unionid`.
#[wx_endpoint(GET "/cgi-bin/message/wxopen/activityid/create", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/updatable-message/api_createactivityid.html")]
pub mod create_activity_id {
    pub struct Request {
        /// The only sharer allowed, by UnionID (private messages).
        #[wx(query)]
        pub unionid: Option<String>,
        /// The only sharer allowed, by openid (private messages).
        #[wx(query)]
        pub openid: Option<String>,
    }
    pub struct Response {
        /// The activity id.
        pub activity_id: String,
        /// When it expires (Unix seconds; 24 hours after creation by default).
        pub expiration_time: i64,
    }
}

/// Change the state of a shared updatable message (`setUpdatableMsg`).
#[wx_endpoint(POST "/cgi-bin/message/wxopen/updatablemsg/send", app = wxa, new = false, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/updatable-message/api_setupdatablemsg.html")]
pub mod send {
    pub struct Request {
        /// The activity id from [`super::create_activity_id`].
        pub activity_id: String,
        /// The new state.
        pub target_state: super::TargetState,
        /// The state's parameters.
        pub template_info: super::TemplateInfo,
    }
    pub struct Response {}

    impl Request {
        /// State 0: `member_count` of `room_limit` joined.
        pub fn not_started(
            activity_id: impl Into<String>,
            member_count: u32,
            room_limit: u32,
        ) -> Self {
            Self::with(
                activity_id,
                super::TargetState::NotStarted,
                [
                    (super::ParamName::MemberCount, member_count.to_string()),
                    (super::ParamName::RoomLimit, room_limit.to_string()),
                ],
            )
        }

        /// State 1: started; tapping opens `path` of version `version_type`.
        pub fn started(
            activity_id: impl Into<String>,
            path: impl Into<String>,
            version_type: crate::wxa::code::EnvVersion,
        ) -> Self {
            let version = match version_type {
                crate::wxa::code::EnvVersion::Release => "release",
                crate::wxa::code::EnvVersion::Trial => "trial",
                crate::wxa::code::EnvVersion::Develop => "develop",
            };
            Self::with(
                activity_id,
                super::TargetState::Started,
                [
                    (super::ParamName::Path, path.into()),
                    (super::ParamName::VersionType, version.to_owned()),
                ],
            )
        }

        fn with(
            activity_id: impl Into<String>,
            target_state: super::TargetState,
            params: [(super::ParamName, String); 2],
        ) -> Self {
            Self {
                activity_id: activity_id.into(),
                target_state,
                template_info: super::TemplateInfo {
                    parameter_list: params
                        .into_iter()
                        .map(|(name, value)| super::Param { name, value })
                        .collect(),
                },
            }
        }
    }
}

fn check_send(req: &send::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::updatable::send";
    if req.activity_id.is_empty() {
        return Err(ValidationError::new(
            NAME,
            "activity_id",
            "empty; create one with create_activity_id",
        ));
    }
    let needed: &[ParamName] = match req.target_state {
        TargetState::NotStarted => &[ParamName::MemberCount, ParamName::RoomLimit],
        TargetState::Started => &[ParamName::Path, ParamName::VersionType],
    };
    let params = &req.template_info.parameter_list;
    for name in needed {
        if !params.iter().any(|p| p.name == *name) {
            return Err(ValidationError::new(
                NAME,
                "template_info.parameter_list",
                format!(
                    "{name:?} is required with target_state {:?}",
                    req.target_state
                ),
            ));
        }
    }
    if let Some(p) = params.iter().find(|p| p.name == ParamName::VersionType) {
        if !matches!(p.value.as_str(), "develop" | "trial" | "release") {
            return Err(ValidationError::new(
                NAME,
                "template_info.parameter_list",
                "version_type is develop, trial or release",
            ));
        }
    }
    Ok(())
}

/// The state of a chat-tool card (`target_state` of [`send_chat_tool`]), as the chat-tool
/// guide describes it for its two templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatToolState {
    /// `1`: ongoing ("X done" / "not done").
    Ongoing,
    /// `2`: ending soon (即将截止).
    EndingSoon,
    /// `3`: ended (已结束).
    Ended,
}

impl Serialize for ChatToolState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(match self {
            Self::Ongoing => 1,
            Self::EndingSoon => 2,
            Self::Ended => 3,
        })
    }
}

impl<'de> Deserialize<'de> for ChatToolState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u8::deserialize(d)? {
            1 => Ok(Self::Ongoing),
            2 => Ok(Self::EndingSoon),
            3 => Ok(Self::Ended),
            n => Err(serde::de::Error::custom(format!(
                "target_state {n}, expected 1, 2 or 3"
            ))),
        }
    }
}

/// Which version of the Mini Program the card opens (`version_type` of [`send_chat_tool`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatToolVersion {
    /// `0`: the released version (正式版).
    Release,
    /// `1`: the development version (开发版).
    Develop,
    /// `2`: the trial version (体验版).
    Trial,
}

impl Serialize for ChatToolVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(match self {
            Self::Release => 0,
            Self::Develop => 1,
            Self::Trial => 2,
        })
    }
}

impl<'de> Deserialize<'de> for ChatToolVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u8::deserialize(d)? {
            0 => Ok(Self::Release),
            1 => Ok(Self::Develop),
            2 => Ok(Self::Trial),
            n => Err(serde::de::Error::custom(format!(
                "version_type {n}, expected 0, 1 or 2"
            ))),
        }
    }
}

/// A chat member's state on the card (`participator_info_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participator {
    /// The member's id in the chat (`group_openid`), of the chat the card is in.
    pub group_openid: String,
    /// 0 not done (initial), 1 done; only 1 can be set.
    pub state: u8,
}

impl Participator {
    /// Marks `group_openid` as done (state 1).
    pub fn done(group_openid: impl Into<String>) -> Self {
        Self {
            group_openid: group_openid.into(),
            state: 1,
        }
    }
}

/// Change a chat-tool card shared from the chat-tool mode (`setChatToolMsg`).
#[wx_endpoint(POST "/cgi-bin/message/wxopen/chattoolmsg/send", app = wxa, validate = super::check_chat_tool,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/updatable-message/api_setchattoolmsg")]
pub mod send_chat_tool {
    pub struct Request {
        /// The activity id from [`super::create_activity_id`].
        pub activity_id: String,
        /// The card's new state.
        pub target_state: super::ChatToolState,
        /// The card's template id.
        pub template_id: String,
        /// Members to mark as done.
        pub participator_info_list: Option<Vec<super::Participator>>,
        /// Which version the card opens.
        pub version_type: super::ChatToolVersion,
    }
    pub struct Response {}
}

fn check_chat_tool(req: &send_chat_tool::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::updatable::send_chat_tool";
    for (field, value) in [
        ("activity_id", &req.activity_id),
        ("template_id", &req.template_id),
    ] {
        if value.is_empty() {
            return Err(ValidationError::new(
                NAME,
                field,
                "empty; the field is required",
            ));
        }
    }
    for p in req.participator_info_list.iter().flatten() {
        if p.group_openid.is_empty() || p.state != 1 {
            return Err(ValidationError::new(
                NAME,
                "participator_info_list",
                "each member needs a group_openid and state 1 (done), the only state that can be set",
            ));
        }
    }
    Ok(())
}
