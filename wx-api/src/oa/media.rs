//! Temporary media (临时素材): kept by WeChat for 3 days, reusable by media_id meanwhile.
//!
//! Sizes and formats are checked against [`super::limits`] before upload. WeChat answers
//! 40007 for an unknown or expired media_id. Quotas of an Official Account: 100 000 uploads
//! and 200 000 downloads a day (older tables: 5000 and 10 000).

use super::limits::{self, UploadTarget};
use super::material::MediaType;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Upload a temporary image, voice, video or thumb.
#[wx_endpoint(POST "/cgi-bin/media/upload", app = both, new = false, validate = super::check_upload,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html")]
pub mod upload {
    pub struct Request {
        #[wx(query, rename = "type")]
        media_type: super::MediaType,
        #[wx(file)]
        media: ::wx_core::Upload,
    }
    /// The id comes as `media_id`, or for `type=thumb` as `thumb_media_id` (the official
    /// page shows only `media_id`, but WeChat's replies to thumbs carry `thumb_media_id`,
    /// as peer SDKs record), sometimes both: [`Response::id`] reads whichever is there.
    pub struct Response {
        /// The media type as WeChat echoes it (`type`): `image`, `voice`, `video` or `thumb`.
        #[wx(rename = "type")]
        pub media_type: String,
        /// The id, for every type but thumbs; valid for 3 days.
        pub media_id: Option<String>,
        /// The id of a thumb upload (WeChat names it so for `type=thumb`).
        pub thumb_media_id: Option<String>,
        /// Upload time, Unix seconds; the media expires 3 days later.
        pub created_at: i64,
    }

    impl Response {
        /// The uploaded media's id: `media_id`, else `thumb_media_id`.
        pub fn id(&self) -> Option<&str> {
            self.media_id.as_deref().or(self.thumb_media_id.as_deref())
        }
    }

    impl Request {
        /// An upload of a type; its size and format are checked against [`LIMITS`](super::super::limits::LIMITS) before sending.
        pub fn new(media_type: super::MediaType, media: ::wx_core::Upload) -> Self {
            Self { media_type, media }
        }
        /// The media type (`type` in the query).
        pub fn media_type(&self) -> super::MediaType {
            self.media_type
        }
        /// The file (multipart part `media`).
        pub fn media(&self) -> &::wx_core::Upload {
            &self.media
        }
    }
}

fn check_upload(req: &upload::Request) -> Result<(), ValidationError> {
    limits::check(
        "upload_media",
        "media",
        UploadTarget::Temporary(req.media_type()),
        req.media(),
    )
}

/// Download a temporary media file: bytes, except videos, which come back as JSON with a URL.
#[wx_endpoint(GET "/cgi-bin/media/get", app = both, response = json_or_bytes,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html")]
pub mod get {
    pub struct Request {
        /// The temporary media's id (valid 3 days after upload).
        #[wx(query)]
        pub media_id: String,
    }
    pub struct Response {
        /// For videos, the download URL; other types arrive as `JsonOrBytes::Bytes`.
        pub video_url: String,
    }
}

/// Turn an uploaded video media into one usable by a mass send (`mpvideo`).
#[wx_endpoint(POST "/cgi-bin/media/uploadvideo", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html")]
pub mod upload_video {
    pub struct Request {
        /// The video's media_id, from [`upload`](super::upload) with type video.
        pub media_id: String,
        /// The title shown with the mass-sent video.
        pub title: String,
        /// The description shown with the mass-sent video.
        pub description: String,
    }
    pub struct Response {
        /// Always `video` (`type`).
        #[wx(rename = "type")]
        pub media_type: String,
        /// The id to send as `mpvideo` in a mass send.
        pub media_id: String,
        /// Creation time, Unix seconds.
        pub created_at: i64,
    }
}

/// Download a high-definition voice (高清语音素材) recorded with the JS-SDK
/// (`wx.startRecord` then `wx.uploadVoice`): the bytes, in speex format (16 kHz), which
/// the plain [`get`] turns into a lower-quality AMR. Kept 3 days, like every temporary
/// media; 40007 for an unknown or expired id.
#[wx_endpoint(GET "/cgi-bin/media/get/jssdk", app = oa, response = bytes,
    doc = "https://developers.weixin.qq.com/doc/service/api/material/temporary/api_gethdvoice.html")]
pub mod get_hd_voice {
    pub struct Request {
        /// The voice's media id (the `serverId` that `wx.uploadVoice` returned).
        #[wx(query)]
        pub media_id: String,
    }
}
