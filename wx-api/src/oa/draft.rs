//! The draft box (草稿箱): where articles are written before publishing; the replacement
//! of the legacy news material.
//!
//! Checked before sending: at least one article, titles of 1..=[`MAX_TITLE_CHARS`]
//! characters, content under the limits of [`super::material::MAX_CONTENT_CHARS`] and
//! [`super::material::MAX_CONTENT_BYTES`], `thumb_media_id` for `news` and `image_info` for
//! `newspic`, list pages of 1..=20. A draft leaves the box once it is published or
//! mass-sent. WeChat gives 40007 for a temporary (not permanent) cover id. Daily quotas:
//! `add`, `update`, `delete`, `count` and `list` 1000 calls, `get` 500.

use super::material::{check_content, check_page, NewsContent, NewsItem};
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// `news` (an article, the default) or `newspic` (an image post).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleType {
    /// `news`: an article (图文消息), the default when `article_type` is absent; needs `thumb_media_id`.
    News,
    /// `newspic`: an image post (图片消息); needs `image_info`.
    Newspic,
}

/// Images of an image post.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImageInfo {
    /// The post's images, in order (`image_list` on the wire).
    pub image_list: Vec<ImageItem>,
}

/// One image of an image post.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImageItem {
    /// A permanent image material id (from `material::add`).
    pub image_media_id: String,
}

/// An article of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DraftArticle {
    /// `news` (the default when absent) or `newspic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_type: Option<ArticleType>,
    /// The title, 1..=32 characters (checked before sending, see [`MAX_TITLE_CHARS`]).
    pub title: String,
    /// The author's name shown under the title; at most 16 characters (WeChat's check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Summary, at most 128 characters (WeChat's check); single-article drafts only. When
    /// absent WeChat takes the first 54 characters of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// HTML, under 20 000 characters and 1 MB (checked before sending; WeChat strips
    /// JavaScript). Images must come from
    /// [`material::upload_image`](super::material::upload_image); other image URLs are
    /// filtered out. For `newspic`, plain text only (with a few special tags).
    pub content: String,
    /// The "read original" (阅读原文) link, at most 1 KB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_source_url: Option<String>,
    /// A permanent material id; required for `news` articles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb_media_id: Option<String>,
    /// 1: comments open; 0 (or absent): closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_open_comment: Option<u8>,
    /// 1: only followers may comment; 0 (or absent): everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_fans_can_comment: Option<u8>,
    /// Cover crop for the 2.35:1 card: `"X1_Y1_X2_Y2"`, the crop's top-left and bottom-right
    /// corners in a frame where the cover (`thumb_media_id`) runs from (0,0) top-left to
    /// (1,1) bottom-right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pic_crop_235_1: Option<String>,
    /// Cover crop for the 1:1 card, `"X1_Y1_X2_Y2"` as for `pic_crop_235_1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pic_crop_1_1: Option<String>,
    /// Required for `newspic` articles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_info: Option<ImageInfo>,
}

impl DraftArticle {
    /// A `news` article: title, HTML content and a permanent cover image.
    pub fn news(
        title: impl Into<String>,
        content: impl Into<String>,
        thumb_media_id: impl Into<String>,
    ) -> Self {
        Self {
            title: title.into(),
            content: content.into(),
            thumb_media_id: Some(thumb_media_id.into()),
            ..Self::default()
        }
    }
}

/// Longest title, in characters, as the current `draft/add` page documents it. Send it as
/// raw UTF-8: WeChat rejects `\uXXXX` escapes in it (40033); serde_json does not escape.
pub const MAX_TITLE_CHARS: usize = 32;

fn check_article(endpoint: &'static str, a: &DraftArticle) -> Result<(), ValidationError> {
    let chars = a.title.chars().count();
    if chars == 0 || chars > MAX_TITLE_CHARS {
        return Err(ValidationError::new(
            endpoint,
            "title",
            format!("{chars} characters, outside 1..={MAX_TITLE_CHARS}"),
        ));
    }
    check_content(endpoint, &a.content)?;
    match a.article_type.unwrap_or(ArticleType::News) {
        ArticleType::News if a.thumb_media_id.as_deref().unwrap_or_default().is_empty() => {
            Err(ValidationError::new(
                endpoint,
                "thumb_media_id",
                "a `news` article needs a permanent cover image (thumb_media_id)",
            ))
        }
        ArticleType::Newspic
            if a.image_info
                .as_ref()
                .is_none_or(|i| i.image_list.is_empty()) =>
        {
            Err(ValidationError::new(
                endpoint,
                "image_info",
                "a `newspic` article needs at least one image in image_info.image_list",
            ))
        }
        _ => Ok(()),
    }
}

/// Add a draft of one or more articles.
#[wx_endpoint(POST "/cgi-bin/draft/add", app = oa, validate = super::check_add,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html")]
pub mod add {
    pub struct Request {
        /// The draft's articles, in order (at least one).
        pub articles: Vec<super::DraftArticle>,
    }
    pub struct Response {
        /// The new draft's id, for `get`, `update`, `delete` and `freepublish::submit`.
        pub media_id: String,
    }
}

fn check_add(req: &add::Request) -> Result<(), ValidationError> {
    if req.articles.is_empty() {
        return Err(ValidationError::new(
            "draft::add",
            "articles",
            "at least one article is needed",
        ));
    }
    req.articles
        .iter()
        .try_for_each(|a| check_article("draft::add", a))
}

/// Get a draft's articles.
#[wx_endpoint(POST "/cgi-bin/draft/get", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Get_draft.html")]
pub mod get {
    pub struct Request {
        /// The draft's media_id (from [`add`](super::add)).
        pub media_id: String,
    }
    pub struct Response {
        /// The draft's articles, in order.
        pub news_item: Vec<super::NewsItem>,
    }
}

/// Delete a draft.
#[wx_endpoint(POST "/cgi-bin/draft/delete", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Delete_draft.html")]
pub mod delete {
    pub struct Request {
        /// The draft's media_id.
        pub media_id: String,
    }
    pub struct Response {}
}

/// Replace one article of a draft.
#[wx_endpoint(POST "/cgi-bin/draft/update", app = oa, validate = super::check_update,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Update_draft.html")]
pub mod update {
    pub struct Request {
        /// The draft's media_id.
        pub media_id: String,
        /// 0-based position of the article in the draft.
        pub index: u32,
        /// The new content of the article at `index` (`articles` on the wire, though one).
        pub articles: super::DraftArticle,
    }
    pub struct Response {}
}

fn check_update(req: &update::Request) -> Result<(), ValidationError> {
    check_article("draft::update", &req.articles)
}

/// One draft in a list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DraftItem {
    /// The draft's id.
    pub media_id: String,
    /// Its articles (`news_item`); their `content` is empty when listed with `no_content = 1`.
    #[serde(default)]
    pub content: NewsContent,
    /// Last change, Unix seconds.
    #[serde(default)]
    pub update_time: Option<i64>,
}

/// List drafts, a page (1..=20) at a time.
#[wx_endpoint(POST "/cgi-bin/draft/batchget", app = oa, validate = super::check_batchget,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Get_the_list_of_drafts.html")]
pub mod list {
    pub struct Request {
        /// 0-based position of the first draft to return.
        pub offset: u32,
        /// 1..=20.
        pub count: u32,
        /// 1: leave out the articles' content.
        pub no_content: Option<u8>,
    }
    pub struct Response {
        /// Drafts in the box.
        pub total_count: u64,
        /// Drafts in this page.
        pub item_count: u64,
        /// This page's drafts (absent when empty).
        #[wx(default)]
        pub item: Vec<super::DraftItem>,
    }
}

fn check_batchget(req: &list::Request) -> Result<(), ValidationError> {
    check_page("draft::list", req.count)
}

/// Count drafts.
#[wx_endpoint(GET "/cgi-bin/draft/count", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Count_drafts.html")]
pub mod count {
    pub struct Request {}
    pub struct Response {
        /// Drafts in the box.
        pub total_count: u64,
    }
}

/// Turn the draft box and publishing (草稿箱与发布) on for the account, or only ask whether
/// they are on (`checkonly=1`). Turning them on cannot be undone; since the end of the beta
/// every account has them, so the call mostly answers `is_open` 1.
#[wx_endpoint(POST "/cgi-bin/draft/switch", app = oa, new = false,
    doc = "https://developers.weixin.qq.com/doc/service/api/draftbox/draftmanage/api_draft_switch.html")]
pub mod set_switch {
    pub struct Request {
        /// `1`: only report the state; absent: turn the draft box on (irreversible).
        #[wx(query)]
        checkonly: Option<u8>,
    }
    pub struct Response {
        /// 1: the draft box is on; 0: off.
        pub is_open: u8,
    }

    impl Request {
        /// Only report whether the draft box is on (`checkonly=1`).
        pub fn check_only() -> Self {
            Self { checkonly: Some(1) }
        }
        /// Turn the draft box on. Irreversible.
        pub fn open() -> Self {
            Self { checkonly: None }
        }
        /// Whether this request only reports the state.
        pub fn is_check_only(&self) -> bool {
            self.checkonly == Some(1)
        }
    }
}
