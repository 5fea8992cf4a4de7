//! Permanent materials (永久素材): upload, fetch, list, count, delete; the legacy news
//! material (switched off by WeChat, answered with 45103: use [`super::draft`] and
//! [`super::freepublish`]).
//!
//! Size and format limits of the files are in [`super::limits`]. The legacy news endpoints
//! ([`add_news`], [`update_news`]) were switched off by WeChat (announced at the end of 2021,
//! cut off around 2022-02-28) and now answer 45103 ("This API has been unsupported"); they
//! are kept for the sandbox and for accounts that still have news materials to read. Other
//! codes of this module: 40007 (unknown media_id), 48005 (a material a menu or auto-reply
//! still refers to cannot be deleted).

use super::limits::{self, UploadTarget};
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The kinds of file material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaType {
    /// `image`: bmp/png/jpeg/jpg/gif, at most 10 MiB (see [`limits`]).
    Image,
    /// `voice`: at most 5 MiB and 60 s; mp3/wma/wav/amr as material, amr/mp3 as temporary media.
    Voice,
    /// `video`: mp4, at most 10 MiB.
    Video,
    /// A thumbnail (64 KB JPEG), e.g. for music and video messages.
    Thumb,
}

impl MediaType {
    /// The name on the wire (`type`): `image`, `voice`, `video` or `thumb`.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Image => "image",
            MediaType::Voice => "voice",
            MediaType::Video => "video",
            MediaType::Thumb => "thumb",
        }
    }
}

/// Title and introduction a video material must carry (the `description` form part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoDescription {
    /// The video's title.
    pub title: String,
    /// The video's introduction (description text).
    pub introduction: String,
}

/// Add a permanent image, voice, video or thumb material.
///
/// Build it with [`add::Request::image`], `voice`, `thumb` or `video` — the last
/// one takes the description a video must have, and the others cannot be given one.
#[wx_endpoint(POST "/cgi-bin/material/add_material", app = oa, new = false,
    validate = super::check_add_material,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html")]
pub mod add {
    pub struct Request {
        #[wx(query, rename = "type")]
        media_type: super::MediaType,
        #[wx(file)]
        media: ::wx_core::Upload,
        description: Option<super::VideoDescription>,
    }
    pub struct Response {
        /// The permanent material's id.
        pub media_id: String,
        /// Only for images; usable only inside Tencent domains.
        pub url: Option<String>,
    }

    use super::{MediaType, VideoDescription};
    use wx_core::Upload;

    impl Request {
        /// An image material (bmp/png/jpeg/jpg/gif, at most 10 MiB).
        pub fn image(file: Upload) -> Self {
            Self::of(MediaType::Image, file, None)
        }
        /// A voice material (mp3/wma/wav/amr, at most 5 MiB and 60 s).
        pub fn voice(file: Upload) -> Self {
            Self::of(MediaType::Voice, file, None)
        }
        /// A thumb material (jpg, at most 64 KiB).
        pub fn thumb(file: Upload) -> Self {
            Self::of(MediaType::Thumb, file, None)
        }
        /// A video material (mp4, at most 10 MiB) with the title and introduction WeChat requires,
        /// sent as the `description` form part.
        pub fn video(
            file: Upload,
            title: impl Into<String>,
            introduction: impl Into<String>,
        ) -> Self {
            let description = VideoDescription {
                title: title.into(),
                introduction: introduction.into(),
            };
            Self::of(MediaType::Video, file, Some(description))
        }
        fn of(media_type: MediaType, media: Upload, description: Option<VideoDescription>) -> Self {
            Self {
                media_type,
                media,
                description,
            }
        }
        /// The material type (`type` in the query).
        pub fn media_type(&self) -> MediaType {
            self.media_type
        }
        /// The file (multipart part `media`).
        pub fn media(&self) -> &Upload {
            &self.media
        }
    }
}

fn check_add_material(req: &add::Request) -> Result<(), ValidationError> {
    let media_type = req.media_type();
    limits::check(
        "add_material",
        "media",
        UploadTarget::Material(media_type),
        req.media(),
    )
}

/// Upload an image for use inside article HTML (jpg/png, up to 1 MB). Returns a URL only:
/// these images are not materials and have no media_id.
#[wx_endpoint(POST "/cgi-bin/media/uploadimg", app = oa, validate = super::check_uploadimg,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html")]
pub mod upload_image {
    pub struct Request {
        /// The image, jpg or png, at most 1 MiB (multipart part `media`).
        #[wx(file)]
        pub media: ::wx_core::Upload,
    }
    pub struct Response {
        /// `http://mmbiz.qpic.cn/...`, the only image URLs article HTML may reference.
        pub url: String,
    }
}

fn check_uploadimg(req: &upload_image::Request) -> Result<(), ValidationError> {
    limits::check(
        "upload_article_image",
        "media",
        UploadTarget::ArticleImage,
        &req.media,
    )
}

/// An article of the legacy news material.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NewsArticle {
    /// The article's title.
    pub title: String,
    /// A permanent material id.
    pub thumb_media_id: String,
    /// The author's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Summary, single-article news only; when empty WeChat uses the first 64 characters of
    /// the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// 0 or 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_cover_pic: Option<u8>,
    /// HTML, under 20 000 characters and 1 MB.
    pub content: String,
    /// The "read original" (阅读原文) link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_source_url: Option<String>,
    /// 1: comments open; 0: closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_open_comment: Option<u8>,
    /// 1: only followers may comment; 0: everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_fans_can_comment: Option<u8>,
}

/// Longest article content, in characters. The content of a news material or draft article
/// is HTML "under 20 000 characters and under 1 MB" (WeChat strips JavaScript); both limits
/// are checked, the byte one as 1 MiB, the more permissive reading of "1 MB".
pub const MAX_CONTENT_CHARS: usize = 20_000;
/// Longest article content, in bytes (1 MiB; WeChat says "under 1 MB").
pub const MAX_CONTENT_BYTES: usize = 1024 * 1024;

pub(crate) fn check_content(endpoint: &'static str, content: &str) -> Result<(), ValidationError> {
    let chars = content.chars().count();
    if chars > MAX_CONTENT_CHARS {
        return Err(ValidationError::new(
            endpoint,
            "content",
            format!("{chars} characters, over the {MAX_CONTENT_CHARS}-character limit"),
        ));
    }
    if content.len() > MAX_CONTENT_BYTES {
        return Err(ValidationError::new(
            endpoint,
            "content",
            format!("{} bytes, over the 1 MiB limit", content.len()),
        ));
    }
    Ok(())
}

/// Add a news material (legacy: WeChat answers 45103 since 2022; use `draft::add`).
#[wx_endpoint(POST "/cgi-bin/material/add_news", app = oa, validate = super::check_add_news,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html")]
pub mod add_news {
    pub struct Request {
        /// The articles, in order (at least one).
        pub articles: Vec<super::NewsArticle>,
    }
    pub struct Response {
        /// The news material's id.
        pub media_id: String,
    }
}

fn check_add_news(req: &add_news::Request) -> Result<(), ValidationError> {
    if req.articles.is_empty() {
        return Err(ValidationError::new(
            "material::add_news",
            "articles",
            "at least one article is needed",
        ));
    }
    req.articles
        .iter()
        .try_for_each(|a| check_content("material::add_news", &a.content))
}

/// Replace one article of a news material (legacy: answered with 45103 since 2022).
#[wx_endpoint(POST "/cgi-bin/material/update_news", app = oa, validate = super::check_update_news,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Editing_Permanent_Rich_Media_Assets.html")]
pub mod update_news {
    pub struct Request {
        /// The news material's id.
        pub media_id: String,
        /// 0-based position of the article.
        pub index: u32,
        /// The new content of the article at `index` (`articles` on the wire, though one).
        pub articles: super::NewsArticle,
    }
    pub struct Response {}
}

fn check_update_news(req: &update_news::Request) -> Result<(), ValidationError> {
    check_content("material::update_news", &req.articles.content)
}

/// An article as returned inside news materials and drafts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NewsItem {
    /// The article's title.
    #[serde(default)]
    pub title: String,
    /// The cover image's permanent material id.
    #[serde(default)]
    pub thumb_media_id: String,
    /// 1: the cover is shown in the body; 0: not.
    #[serde(default)]
    pub show_cover_pic: Option<u8>,
    /// The author's name.
    #[serde(default)]
    pub author: Option<String>,
    /// The summary.
    #[serde(default)]
    pub digest: Option<String>,
    /// The HTML body; empty when listed with `no_content = 1`.
    #[serde(default)]
    pub content: Option<String>,
    /// The article's URL.
    #[serde(default)]
    pub url: Option<String>,
    /// The "read original" (阅读原文) link.
    #[serde(default)]
    pub content_source_url: Option<String>,
    /// The cover image's URL.
    #[serde(default)]
    pub thumb_url: Option<String>,
    /// 1: comments open; 0: closed.
    #[serde(default)]
    pub need_open_comment: Option<u8>,
    /// 1: only followers may comment; 0: everyone.
    #[serde(default)]
    pub only_fans_can_comment: Option<u8>,
}

/// Fetch a permanent material: news and video come back as JSON, image/voice/thumb as bytes.
#[wx_endpoint(POST "/cgi-bin/material/get_material", app = oa, response = json_or_bytes,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Getting_Permanent_Assets.html")]
pub mod get {
    pub struct Request {
        /// The permanent material's id (40007 when unknown).
        pub media_id: String,
    }
    /// The JSON kinds; files arrive as `JsonOrBytes::Bytes`.
    #[serde(untagged)]
    pub enum Response {
        /// A legacy news material.
        News {
            /// Its articles, in order.
            news_item: Vec<super::NewsItem>,
        },
        /// A video material.
        Video {
            /// The title given at upload.
            title: String,
            /// The introduction given at upload.
            description: String,
            /// Where the video file can be downloaded.
            down_url: String,
        },
    }
}

/// Delete a permanent material (48005 if a menu or auto-reply still refers to it).
#[wx_endpoint(POST "/cgi-bin/material/del_material", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Deleting_Permanent_Assets.html")]
pub mod delete {
    pub struct Request {
        /// The permanent material's id.
        pub media_id: String,
    }
    pub struct Response {}
}

/// Count permanent materials by type.
#[wx_endpoint(GET "/cgi-bin/material/get_materialcount", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_the_total_of_all_materials.html")]
pub mod count {
    pub struct Request {}
    pub struct Response {
        /// Voice materials.
        pub voice_count: u64,
        /// Video materials.
        pub video_count: u64,
        /// Image materials (at most 100 000 may be kept).
        pub image_count: u64,
        /// News materials.
        pub news_count: u64,
    }
}

/// Types that [`list`] (`material/batchget_material`) lists: `type` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListType {
    /// `image`.
    Image,
    /// `video`.
    Video,
    /// `voice`.
    Voice,
    /// `news` (legacy news materials).
    News,
}

/// One listed material: files carry `name` and `url`, news carry `content`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MaterialItem {
    /// The material's id.
    pub media_id: String,
    /// File name (files only).
    #[serde(default)]
    pub name: Option<String>,
    /// URL of an image material (files only).
    #[serde(default)]
    pub url: Option<String>,
    /// Last change, Unix seconds.
    #[serde(default)]
    pub update_time: Option<i64>,
    /// The articles (news only).
    #[serde(default)]
    pub content: Option<NewsContent>,
}

/// `content` of a listed news material or draft.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NewsContent {
    /// The articles, in order (`news_item`).
    #[serde(default)]
    pub news_item: Vec<NewsItem>,
}

/// Largest page of the list endpoints.
pub const MAX_PAGE: u32 = 20;

pub(crate) fn check_page(endpoint: &'static str, count: u32) -> Result<(), ValidationError> {
    if (1..=MAX_PAGE).contains(&count) {
        Ok(())
    } else {
        Err(ValidationError::new(
            endpoint,
            "count",
            format!("{count} is outside 1..={MAX_PAGE}"),
        ))
    }
}

/// List permanent materials of a type, a page (1..=20) at a time.
#[wx_endpoint(POST "/cgi-bin/material/batchget_material", app = oa, validate = super::check_batchget,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_materials_list.html")]
pub mod list {
    pub struct Request {
        /// The material type to list (`type` on the wire).
        #[wx(rename = "type")]
        pub list_type: super::ListType,
        /// 0-based position of the first item.
        pub offset: u32,
        /// 1..=20.
        pub count: u32,
    }
    pub struct Response {
        /// Materials of this type in all.
        pub total_count: u64,
        /// Materials in this page.
        pub item_count: u64,
        /// This page's materials (absent when empty).
        #[wx(default)]
        pub item: Vec<super::MaterialItem>,
    }
}

fn check_batchget(req: &list::Request) -> Result<(), ValidationError> {
    check_page("list_materials", req.count)
}

/// Re-exported for typed uploads.
pub use wx_core::upload::content_type_for;
