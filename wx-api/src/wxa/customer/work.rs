//! Binding the Mini Program to WeChat customer service (微信客服, run from a WeCom
//! corporation): [`bind`], [`get`], [`unbind`].
//!
//! WeChat's rules: only Mini Programs of an organisation (not of a person; 10130030
//! otherwise) can bind, and the corporation must be the Mini Program's own entity (10130602
//! otherwise). Binding twice is 10130603, unbinding when not bound 10130604; an invalid
//! `corpid` is 10130600 or 10130601. Checked before sending: `corpid` not empty (10130002).

use wx_core::ValidationError;
use wx_macros::wx_endpoint;

fn check_corpid(endpoint: &'static str, corpid: &str) -> Result<(), ValidationError> {
    if corpid.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            "corpid",
            "empty; the WeCom corporation id is required (WeChat answers 10130002)",
        ));
    }
    Ok(())
}

/// Bind the Mini Program to the WeChat customer service of a WeCom corporation
/// (`bindKfWork`).
#[wx_endpoint(POST "/customservice/work/bind", app = wxa, validate = super::check_bind,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-work/api_bindkfwork")]
pub mod bind {
    pub struct Request {
        /// The WeCom corporation id (企业ID), of the Mini Program's own entity.
        pub corpid: String,
    }
    pub struct Response {}
}

fn check_bind(req: &bind::Request) -> Result<(), ValidationError> {
    check_corpid("wxa::customer::work::bind", &req.corpid)
}

/// Remove the binding to WeChat customer service (`unbindKfWork`).
#[wx_endpoint(POST "/customservice/work/unbind", app = wxa, validate = super::check_unbind,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-work/api_unbindkfwork")]
pub mod unbind {
    pub struct Request {
        /// The WeCom corporation id the Mini Program is bound to.
        pub corpid: String,
    }
    pub struct Response {}
}

fn check_unbind(req: &unbind::Request) -> Result<(), ValidationError> {
    check_corpid("wxa::customer::work::unbind", &req.corpid)
}

/// The Mini Program's binding to WeChat customer service, if any (`getKfWorkBound`).
#[wx_endpoint(GET "/customservice/work/get", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-work/api_getkfworkbound")]
pub mod get {
    pub struct Request {}
    pub struct Response {
        /// The Mini Program's entity (主体) name; absent when not bound.
        #[wx(rename = "entityName")]
        pub entity_name: Option<String>,
        /// The bound corporation's id; absent when not bound.
        pub corpid: Option<String>,
        /// When it was bound (Unix seconds); absent when not bound.
        #[wx(rename = "bindTime")]
        pub bind_time: Option<i64>,
    }
}
