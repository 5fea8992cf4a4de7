//! Comments on mass-sent articles (留言管理): open or close an article's comments, list
//! them, feature (精选) or unfeature one, delete one, and reply to one (one reply per
//! comment). An article is named by the `msg_data_id` of its mass send and, in a
//! multi-article message, its `index` from 0 (absent: the first article).
//!
//! Limits (official comment pages), those marked "checked" are checked before sending:
//!
//! | limit | value | WeChat's errcode |
//! |---|---|---|
//! | `count` of a list call, checked | 1..=50 ([`MAX_COUNT`]) | 88010 |
//! | `type` of a list call | 0 all, 1 not featured, 2 featured ([`CommentType`]: no other value can be sent) | 40035 |
//! | reply `content`, checked | non-empty | 88007 (empty or too long) |
//! | one reply per comment | — | 88005 (already replied) |
//! | featured comments per article | limited | 88003 |
//!
//! **Conflict:** the list page says "获取数目（>=50会被拒绝）" (count of 50 refused) while
//! errcode 88010 reads "count range error. cout <= 0 or count > 50"; the more permissive
//! reading, 1..=50, is checked. The reply's maximum length is not documented (88007 covers
//! both empty and too long), so only emptiness is checked. Other errcodes: 88000 (no comment
//! permission), 88001 (no such article), 88002 (article restricted for safety), 88004
//! (comment deleted by its author), 88008 (no such comment).

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most comments one list call returns (88010 beyond).
pub const MAX_COUNT: u32 = 50;

/// Which comments a list call returns (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum CommentType {
    /// Every comment, featured or not (`0`).
    #[default]
    All,
    /// Comments not featured (`1`).
    Normal,
    /// Featured comments (`2`).
    Featured,
}

impl From<CommentType> for u8 {
    fn from(t: CommentType) -> u8 {
        match t {
            CommentType::All => 0,
            CommentType::Normal => 1,
            CommentType::Featured => 2,
        }
    }
}

impl TryFrom<u8> for CommentType {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        match v {
            0 => Ok(Self::All),
            1 => Ok(Self::Normal),
            2 => Ok(Self::Featured),
            n => Err(format!("comment type {n}: 0, 1 or 2")),
        }
    }
}

/// The account's reply to a comment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reply {
    /// The reply's text.
    #[serde(default)]
    pub content: String,
    /// When it was written (Unix seconds).
    #[serde(default)]
    pub create_time: u64,
}

/// A comment on an article, as `comment/list` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Comment {
    /// The comment's id in the article (for featuring, deleting, replying).
    #[serde(default)]
    pub user_comment_id: u64,
    /// Its author.
    #[serde(default)]
    pub openid: String,
    /// When it was written (Unix seconds).
    #[serde(default)]
    pub create_time: u64,
    /// Its text.
    #[serde(default)]
    pub content: String,
    /// 1 when featured, 0 when not.
    #[serde(default)]
    pub comment_type: u8,
    /// The account's reply, if any.
    #[serde(default)]
    pub reply: Option<Reply>,
}

fn check_count(req: &list::Request) -> Result<(), ValidationError> {
    if req.count == 0 || req.count > MAX_COUNT {
        return Err(ValidationError::new(
            "comment::list",
            "count",
            format!(
                "{}; one call returns 1..={MAX_COUNT} comments (WeChat answers 88010)",
                req.count
            ),
        ));
    }
    Ok(())
}

fn check_reply(req: &add_reply::Request) -> Result<(), ValidationError> {
    if req.content.is_empty() {
        return Err(ValidationError::new(
            "comment::add_reply",
            "content",
            "empty; a reply has text (WeChat answers 88007)",
        ));
    }
    Ok(())
}

/// Open the comments of a mass-sent article (needs the comment permission).
///
/// Errors: 88000 (no permission), 88001 (no such article), 88002 (restricted).
#[wx_endpoint(POST "/cgi-bin/comment/open", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/leaving/api_openarticlecomment.html")]
pub mod open {
    pub struct Request {
        /// The mass send's `msg_data_id`.
        pub msg_data_id: u64,
        /// The article in a multi-article message, from 0 (absent: the first).
        pub index: Option<u32>,
    }
    pub struct Response {}
}

/// Close the comments of a mass-sent article.
///
/// Errors: 88000, 88001.
#[wx_endpoint(POST "/cgi-bin/comment/close", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/leaving/api_closecomment.html")]
pub mod close {
    pub struct Request {
        /// The mass send's `msg_data_id`.
        pub msg_data_id: u64,
        /// The article, from 0 (absent: the first).
        pub index: Option<u32>,
    }
    pub struct Response {}
}

/// A page of an article's comments: `count` (1..=50, checked) from position `begin`.
///
/// Errors: 88001 (no such article), 88010 (count out of range).
#[wx_endpoint(POST "/cgi-bin/comment/list", app = oa, validate = super::check_count,
    doc = "https://developers.weixin.qq.com/doc/service/api/leaving/api_listcomment.html")]
pub mod list {
    pub struct Request {
        /// The mass send's `msg_data_id`.
        pub msg_data_id: u64,
        /// The article, from 0 (absent: the first).
        pub index: Option<u32>,
        /// The position of the first comment returned, from 0.
        pub begin: u32,
        /// How many, 1..=50.
        pub count: u32,
        /// Which comments.
        #[wx(rename = "type")]
        pub kind: super::CommentType,
    }
    pub struct Response {
        /// Comments of this kind in all.
        #[wx(default)]
        pub total: u64,
        /// This page.
        #[wx(default)]
        pub comment: Vec<super::Comment>,
    }
}

/// Feature (精选) a comment.
///
/// Errors: 88003 (too many featured), 88004 (deleted by its author), 88008 (no such comment).
#[wx_endpoint(POST "/cgi-bin/comment/markelect", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/leaving/api_electcomment.html")]
pub mod mark_elect {
    pub struct Request {
        /// The mass send's `msg_data_id`.
        pub msg_data_id: u64,
        /// The article, from 0 (absent: the first).
        pub index: Option<u32>,
        /// The comment.
        pub user_comment_id: u64,
    }
    pub struct Response {}
}

/// Stop featuring a comment.
///
/// Errors: 88004, 88008.
#[wx_endpoint(POST "/cgi-bin/comment/unmarkelect", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/leaving/api_unelectcomment.html")]
pub mod unmark_elect {
    pub struct Request {
        /// The mass send's `msg_data_id`.
        pub msg_data_id: u64,
        /// The article, from 0 (absent: the first).
        pub index: Option<u32>,
        /// The comment.
        pub user_comment_id: u64,
    }
    pub struct Response {}
}

/// Delete a comment.
///
/// Errors: 88004, 88008.
#[wx_endpoint(POST "/cgi-bin/comment/delete", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/leaving/api_delcomment.html")]
pub mod delete {
    pub struct Request {
        /// The mass send's `msg_data_id`.
        pub msg_data_id: u64,
        /// The article, from 0 (absent: the first).
        pub index: Option<u32>,
        /// The comment.
        pub user_comment_id: u64,
    }
    pub struct Response {}
}

/// Reply to a comment (one reply per comment; the text non-empty, checked).
///
/// Errors: 88005 (already replied), 88007 (empty or too long), 88004, 88008.
#[wx_endpoint(POST "/cgi-bin/comment/reply/add", app = oa, validate = super::check_reply,
    doc = "https://developers.weixin.qq.com/doc/service/api/leaving/api_replycomment.html")]
pub mod add_reply {
    pub struct Request {
        /// The mass send's `msg_data_id`.
        pub msg_data_id: u64,
        /// The article, from 0 (absent: the first).
        pub index: Option<u32>,
        /// The comment.
        pub user_comment_id: u64,
        /// The reply's text.
        pub content: String,
    }
    pub struct Response {}
}

/// Delete the account's reply to a comment.
///
/// Errors: 88008 (no such comment), 88009 (no reply to delete).
#[wx_endpoint(POST "/cgi-bin/comment/reply/delete", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/leaving/api_delreplycomment.html")]
pub mod delete_reply {
    pub struct Request {
        /// The mass send's `msg_data_id`.
        pub msg_data_id: u64,
        /// The article, from 0 (absent: the first).
        pub index: Option<u32>,
        /// The comment.
        pub user_comment_id: u64,
    }
    pub struct Response {}
}
