//! Publishing (发布能力): publish a draft, follow the asynchronous result, list and delete
//! published articles.
//!
//! Publishing is asynchronous: [`submit`] returns a `publish_id`, and the outcome arrives as
//! a `PUBLISHJOBFINISH` push or by polling [`get`] ([`PublishStatus`]). Daily quotas of an
//! Official Account: `submit`, `get`, `get_article` and `list` 100 calls, `delete` 10.

use super::material::{check_page, NewsContent, NewsItem};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// An id WeChat documents as a string but sends as a number (`publish_id`, `msg_data_id`):
/// accepted either way, kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct LooseId(pub String);

impl<'de> Deserialize<'de> for LooseId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(i64),
            Unsigned(u64),
            Text(String),
        }
        Ok(LooseId(match Raw::deserialize(d)? {
            Raw::Num(n) => n.to_string(),
            Raw::Unsigned(n) => n.to_string(),
            Raw::Text(s) => s,
        }))
    }
}

impl fmt::Display for LooseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for LooseId {
    fn from(s: &str) -> Self {
        LooseId(s.to_owned())
    }
}

/// Publish a draft. The result arrives later as a `PUBLISHJOBFINISH` push, or by polling [`get`].
#[wx_endpoint(POST "/cgi-bin/freepublish/submit", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html")]
pub mod submit {
    pub struct Request {
        /// The draft's media_id.
        pub media_id: String,
    }
    pub struct Response {
        /// The job's id, for [`get`](super::get) and the `PUBLISHJOBFINISH` push.
        pub publish_id: super::LooseId,
        /// The message data id, when WeChat sends one.
        pub msg_data_id: Option<super::LooseId>,
    }
}

/// Where a publish job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "i64", into = "i64")]
pub enum PublishStatus {
    /// 0: published.
    Success,
    /// 1: still publishing; poll again.
    Publishing,
    /// 2: the originality check failed.
    OriginalityCheckFailed,
    /// 3: failed (regular failure).
    Failed,
    /// 4: rejected by the platform's audit.
    RejectedByAudit,
    /// 5: deleted by the user after success.
    DeletedByUser,
    /// 6: banned by the system after success.
    BannedBySystem,
    /// A status this version does not know, kept as sent.
    Other(i64),
}

impl From<i64> for PublishStatus {
    fn from(v: i64) -> Self {
        match v {
            0 => Self::Success,
            1 => Self::Publishing,
            2 => Self::OriginalityCheckFailed,
            3 => Self::Failed,
            4 => Self::RejectedByAudit,
            5 => Self::DeletedByUser,
            6 => Self::BannedBySystem,
            other => Self::Other(other),
        }
    }
}

impl From<PublishStatus> for i64 {
    fn from(s: PublishStatus) -> i64 {
        match s {
            PublishStatus::Success => 0,
            PublishStatus::Publishing => 1,
            PublishStatus::OriginalityCheckFailed => 2,
            PublishStatus::Failed => 3,
            PublishStatus::RejectedByAudit => 4,
            PublishStatus::DeletedByUser => 5,
            PublishStatus::BannedBySystem => 6,
            PublishStatus::Other(v) => v,
        }
    }
}

/// The published articles of a successful job (`article_detail`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleDetail {
    /// Number of articles.
    pub count: u32,
    /// Each article's URL.
    #[serde(default)]
    pub item: Vec<ArticleUrl>,
}

/// Where one published article can be read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleUrl {
    /// Position of the article in the publication (`idx`).
    pub idx: u32,
    /// The article's permanent URL.
    pub article_url: String,
}

/// Poll a publish job.
#[wx_endpoint(POST "/cgi-bin/freepublish/get", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html")]
pub mod get {
    pub struct Request {
        /// The id [`submit`](super::submit) returned.
        pub publish_id: super::LooseId,
    }
    pub struct Response {
        /// The job's id.
        pub publish_id: super::LooseId,
        /// Where the job stands (`publish_status`, 0..=6).
        pub publish_status: super::PublishStatus,
        /// The published article's id, once the job succeeded.
        pub article_id: Option<String>,
        /// The published articles' URLs, once the job succeeded.
        pub article_detail: Option<super::ArticleDetail>,
        /// 1-based positions of the articles that failed (original-content check or audit).
        pub fail_idx: Option<Vec<u32>>,
    }
}

/// Delete a published article (`index` 1-based; 0 or absent deletes all of them).
#[wx_endpoint(POST "/cgi-bin/freepublish/delete", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Publish/Delete_posts.html")]
pub mod delete {
    pub struct Request {
        /// The published article's id (from [`get`](super::get) or the push).
        pub article_id: String,
        /// 1-based position of the article to delete; 0 or absent deletes all of them.
        pub index: Option<u32>,
    }
    pub struct Response {}
}

/// Get a published article.
#[wx_endpoint(POST "/cgi-bin/freepublish/getarticle", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Publish/Get_article_from_id.html")]
pub mod get_article {
    pub struct Request {
        /// The published article's id.
        pub article_id: String,
    }
    pub struct Response {
        /// The article's items, in order.
        pub news_item: Vec<super::NewsItem>,
    }
}

/// One published article in a list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PublishedItem {
    /// The published article's id.
    pub article_id: String,
    /// Its items (`news_item`); `content` is empty when listed with `no_content = 1`.
    #[serde(default)]
    pub content: NewsContent,
    /// Last change, Unix seconds.
    #[serde(default)]
    pub update_time: Option<i64>,
}

/// List published articles, a page (1..=20) at a time.
#[wx_endpoint(POST "/cgi-bin/freepublish/batchget", app = oa, validate = super::check_batchget,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Publish/Get_publication_records.html")]
pub mod list {
    pub struct Request {
        /// 0-based position of the first article to return.
        pub offset: u32,
        /// Page size, 1..=20 (checked before sending).
        pub count: u32,
        /// 1: leave out the articles' content.
        pub no_content: Option<u8>,
    }
    pub struct Response {
        /// Published articles in all.
        pub total_count: u64,
        /// Articles in this page.
        pub item_count: u64,
        /// This page's articles (absent when empty).
        #[wx(default)]
        pub item: Vec<super::PublishedItem>,
    }
}

fn check_batchget(req: &list::Request) -> Result<(), ValidationError> {
    check_page("freepublish::list", req.count)
}
