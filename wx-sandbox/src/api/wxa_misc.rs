//! Mini Program red-packet covers, the service market and SOTER signatures. Request tables
//! are the sandbox's own, written from the official pages.
//!
//! Conventions: a `ctoken` starting with `invalid` is 9600004; an asynchronous service call
//! returns a `request_id` that the retrieval answers once the call was made (9301014 for an
//! unknown one); a SOTER signature is valid when it is `sig:` followed by the JSON string
//! (a stand-in for the device's RSA signature, which the sandbox cannot check).

use super::table::{post_checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Value};

const COVER: &[Field] = &[("openid", Kind::Str, true), ("ctoken", Kind::Str, true)];

/// `/redpacketcover/wxapp/cover_url/get_by_token`.
pub(super) fn cover_url() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), COVER, |c| {
        let openid = super::string(c.body, "openid", 9600001)?;
        let ctoken = super::string(c.body, "ctoken", 9600002)?;
        if ctoken.starts_with("invalid") {
            return Err(reply::reject(9600004, "ctoken error"));
        }
        if openid.starts_with(crate::UNKNOWN_OPENID_PREFIX) {
            return Err(reply::reject(9600005, "openid error"));
        }
        let url = format!("https://cover.sandbox.invalid/receive?ctoken={ctoken}&openid={openid}");
        Ok(reply::json(
            json!({ "data": { "url": url }, "errcode": 0, "errmsg": "success" }),
        ))
    })
}

const INVOKE: &[Field] = &[
    ("service", Kind::Str, true),
    ("api", Kind::Str, true),
    ("client_msg_id", Kind::Str, true),
    ("async", Kind::Bool, false),
];

/// `/wxa/servicemarket`: `data` may be an object (the page's example) or a string of JSON
/// (its field table); the sandbox echoes it back as the service's reply.
pub(super) fn invoke() -> MethodRouter<Shared> {
    post_checked(None, INVOKE, |c| {
        let data = match c.body.get("data") {
            Some(Value::Object(o)) => Value::Object(o.clone()).to_string(),
            Some(Value::String(s)) if serde_json::from_str::<Value>(s).is_ok() => s.clone(),
            _ => return Err(reply::reject(47001, "data format error: `data`")),
        };
        let result = json!({ "echo": data, "api": c.body.get("api") }).to_string();
        if c.body.get("async").and_then(Value::as_bool) == Some(true) {
            let id = c.state.id("req-");
            c.state
                .lock()
                .service_results
                .insert((c.app_id.to_owned(), id.clone()), result);
            return Ok(reply::ok_with(json!({ "data": "", "request_id": id })));
        }
        Ok(reply::ok_with(json!({ "data": result })))
    })
}

const RETRIEVE: &[Field] = &[("request_id", Kind::Str, true)];

/// `/wxa/servicemarketretrieve`.
pub(super) fn retrieve() -> MethodRouter<Shared> {
    post_checked(None, RETRIEVE, |c| {
        let id = c
            .body
            .get("request_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let data = c
            .state
            .lock()
            .service_results
            .get(&(c.app_id.to_owned(), id.to_owned()))
            .cloned()
            .ok_or_else(|| reply::reject(9301014, "invalid request id"))?;
        Ok(reply::ok_with(
            json!({ "data": data, "request_id": c.state.id("req-") }),
        ))
    })
}

const SOTER: &[Field] = &[
    ("openid", Kind::Str, true),
    ("json_string", Kind::Str, true),
    ("json_signature", Kind::Str, true),
];

/// `/cgi-bin/soter/verify_signature`.
pub(super) fn soter() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), SOTER, |c| -> Step<_> {
        super::openid(c.body, "openid")?;
        let json_string = c
            .body
            .get("json_string")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let signature = c
            .body
            .get("json_signature")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let ok = signature.strip_prefix("sig:") == Some(json_string);
        Ok(reply::ok_with(json!({ "is_ok": ok })))
    })
}
