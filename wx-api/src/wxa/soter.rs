//! SOTER biometric authentication (生物认证): WeChat checks the signature that
//! `wx.startSoterAuthentication` produced on the device ([`verify_signature`]). The
//! signature is SHA256withRSA/PSS over `resultJSON` with the device's key; WeChat vouches
//! for the result, also on rooted Android devices.
//!
//! Limits, checked before sending: `openid`, `json_string` and `json_signature` not empty.

use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Verify a SOTER signature (`verifySignature`): `is_ok` tells whether it holds.
#[wx_endpoint(POST "/cgi-bin/soter/verify_signature", app = wxa, validate = super::check,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/soter/api_verifysignature.html")]
pub mod verify_signature {
    pub struct Request {
        /// The user's openid.
        pub openid: String,
        /// `resultJSON` from the `wx.startSoterAuthentication` success callback, as is.
        pub json_string: String,
        /// `resultJSONSignature` from the same callback.
        pub json_signature: String,
    }
    pub struct Response {
        /// Whether the signature is valid.
        pub is_ok: bool,
    }
}

fn check(req: &verify_signature::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::soter::verify_signature";
    for (field, value) in [
        ("openid", &req.openid),
        ("json_string", &req.json_string),
        ("json_signature", &req.json_signature),
    ] {
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
