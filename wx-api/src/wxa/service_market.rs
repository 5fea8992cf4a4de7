//! WeChat service market (微信服务市场): call a purchased service's API ([`invoke`]) and,
//! for asynchronous APIs, fetch the result later ([`get_result`]). Official Accounts, Mini
//! Programs and third-party platforms call the same path (`app = both`); the service id and
//! API name are on each service's page.
//!
//! `data` is the service's own input. The page's field table types it as a string of JSON,
//! its example sends a JSON object: [`invoke::Request::data`] is a [`serde_json::Value`]
//! and goes out as given, either form. Asynchronous APIs need `async: true`; their reply
//! carries a `request_id` to pass to [`get_result`] (results are kept at most 24 hours; the
//! retrieval answers a `request_id` of its own). Only the triggering call is charged.
//!
//! Limits, checked before sending: `service`, `api`, `client_msg_id` and `request_id` not
//! empty; `data` a JSON object, or a string holding a JSON object.

use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Call API `api` of service `service` (`invokeService`); `data` is the service's input.
#[wx_endpoint(POST "/wxa/servicemarket", app = both, validate = super::check_invoke,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/wx-service-market/api_invokeservice.html")]
pub mod invoke {
    pub struct Request {
        /// The service id (the provider's AppID, `wx79ac3de8be320b71`).
        pub service: String,
        /// The API name (`OcrAllInOne`).
        pub api: String,
        /// The service's input: a JSON object, or a string holding one.
        pub data: serde_json::Value,
        /// A random id of this call, unique per caller.
        pub client_msg_id: String,
        /// `true` for an asynchronous API (then the reply has `request_id`).
        #[wx(rename = "async")]
        pub is_async: Option<bool>,
    }
    pub struct Response {
        /// The service's reply, a string (usually JSON); empty for an asynchronous call.
        #[wx(default)]
        pub data: String,
        /// For an asynchronous call: the id to pass to [`get_result`](super::get_result).
        #[wx(default)]
        pub request_id: String,
    }
}

fn check_invoke(req: &invoke::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::service_market::invoke";
    for (field, value) in [
        ("service", &req.service),
        ("api", &req.api),
        ("client_msg_id", &req.client_msg_id),
    ] {
        if value.is_empty() {
            return Err(ValidationError::new(
                NAME,
                field,
                "empty; the field is required",
            ));
        }
    }
    let ok = match &req.data {
        serde_json::Value::Object(_) => true,
        serde_json::Value::String(text) => {
            serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.is_object())
        }
        _ => false,
    };
    if !ok {
        return Err(ValidationError::new(
            NAME,
            "data",
            "must be a JSON object, or a string holding one",
        ));
    }
    Ok(())
}

/// The result of an asynchronous [`invoke`] (`servicemarketretrieve`); 9301014 for an
/// unknown or expired `request_id`.
#[wx_endpoint(POST "/wxa/servicemarketretrieve", app = both, validate = super::check_get,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/wx-service-market/api_servicemarketretrieve.html")]
pub mod get_result {
    pub struct Request {
        /// The `request_id` the asynchronous [`invoke`](super::invoke) returned.
        pub request_id: String,
    }
    pub struct Response {
        /// The service's reply, a string (usually JSON).
        #[wx(default)]
        pub data: String,
        /// This retrieval's own id (not the one asked for).
        #[wx(default)]
        pub request_id: String,
    }
}

fn check_get(req: &get_result::Request) -> Result<(), ValidationError> {
    if req.request_id.is_empty() {
        return Err(ValidationError::new(
            "wxa::service_market::get_result",
            "request_id",
            "empty; the field is required",
        ));
    }
    Ok(())
}
