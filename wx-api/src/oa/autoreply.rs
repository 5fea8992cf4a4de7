//! The account's automatic replies as set in the console (自动回复): on follow, by
//! default, and by keyword. Read-only through the API.

use serde::{Deserialize, Serialize};
use wx_macros::wx_endpoint;

/// One automatic reply (`type` and `content`: text, or the media id / URL of an image,
/// voice, video or news).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AutoReply {
    /// `text`, `img`, `voice`, `video`, `news`...
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The text, or the media's id.
    #[serde(default)]
    pub content: String,
}

/// The keyword rules (`keyword_autoreply_info`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeywordReplies {
    /// The rules, in the official page's shape (`rule_name`, `create_time`, `reply_mode`,
    /// `keyword_list_info`, `reply_list_info`).
    #[serde(default)]
    pub list: Vec<serde_json::Value>,
}

/// The automatic-reply settings.
#[wx_endpoint(GET "/cgi-bin/get_current_autoreply_info", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentautoreplyinfo.html")]
pub mod get_current {
    pub struct Request {}
    pub struct Response {
        /// 1 when the reply on follow is on.
        #[wx(default)]
        pub is_add_friend_reply_open: u8,
        /// 1 when the message auto-reply is on.
        #[wx(default)]
        pub is_autoreply_open: u8,
        /// The reply on follow.
        pub add_friend_autoreply_info: Option<super::AutoReply>,
        /// The reply to any message no keyword matches.
        pub message_default_autoreply_info: Option<super::AutoReply>,
        /// The keyword rules.
        pub keyword_autoreply_info: Option<super::KeywordReplies>,
    }
}
