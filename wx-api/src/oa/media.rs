//! Temporary media (临时素材): kept by WeChat for 3 days, reusable by media_id meanwhile.

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
    /// The id comes as `media_id`, or for thumbs as `thumb_media_id`, sometimes both
    /// (spec §3.10): [`Response::id`] reads whichever is there.
    pub struct Response {
        #[wx(rename = "type")]
        pub media_type: String,
        pub media_id: Option<String>,
        pub thumb_media_id: Option<String>,
        pub created_at: i64,
    }

    impl Response {
        /// The uploaded media's id: `media_id`, else `thumb_media_id`.
        pub fn id(&self) -> Option<&str> {
            self.media_id.as_deref().or(self.thumb_media_id.as_deref())
        }
    }

    impl Request {
        pub fn new(media_type: super::MediaType, media: ::wx_core::Upload) -> Self {
            Self { media_type, media }
        }
        pub fn media_type(&self) -> super::MediaType {
            self.media_type
        }
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
        #[wx(query)]
        pub media_id: String,
    }
    pub struct Response {
        pub video_url: String,
    }
}

/// Turn an uploaded video media into one usable by a mass send (`mpvideo`).
#[wx_endpoint(POST "/cgi-bin/media/uploadvideo", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html")]
pub mod upload_video {
    pub struct Request {
        pub media_id: String,
        pub title: String,
        pub description: String,
    }
    pub struct Response {
        #[wx(rename = "type")]
        pub media_type: String,
        pub media_id: String,
        pub created_at: i64,
    }
}
