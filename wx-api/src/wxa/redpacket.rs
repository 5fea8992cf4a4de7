//! WeChat red-packet covers (微信红包封面): the link through which a given user receives a
//! cover ([`get_cover_url`]). The `ctoken` comes from the red-packet cover platform
//! (cover.weixin.qq.com), issued for this Mini Program's AppID.
//!
//! Limits, checked before sending: `openid` and `ctoken` not empty (WeChat answers 9600001
//! and 9600002). Other errcodes: 9600003 system error, 9600004 invalid ctoken, 9600005
//! invalid openid, 9600006 the Mini Program is not configured for the cover, 9600007 the
//! openid does not belong to the Mini Program.

use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The cover link (`data` of [`get_cover_url`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct CoverLink {
    /// The link the user opens to receive the cover (it carries its own authentication;
    /// show it with `wx.showRedPackage`).
    #[serde(default)]
    pub url: String,
}

/// The link through which `openid` receives the cover of `ctoken` (`getRedPacketCoverUrl`).
#[wx_endpoint(POST "/redpacketcover/wxapp/cover_url/get_by_token", app = wxa, validate = super::check,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/red-packet-cover/api_getredpacketcoverurl.html")]
pub mod get_cover_url {
    pub struct Request {
        /// The receiving user's openid.
        pub openid: String,
        /// The issuing token from the red-packet cover platform (issued for this AppID).
        pub ctoken: String,
    }
    pub struct Response {
        /// The link.
        pub data: super::CoverLink,
    }
}

fn check(req: &get_cover_url::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::redpacket::get_cover_url";
    for (field, value) in [("openid", &req.openid), ("ctoken", &req.ctoken)] {
        if value.is_empty() {
            return Err(ValidationError::new(
                NAME,
                field,
                "empty; the field is required",
            ));
        }
    }
    Ok(())
}
