//! Mini Program operations centre (运维中心), read-outs. Each request is checked against the
//! sandbox's OWN tables below (field names, JSON types, required query parameters; 47001 or
//! 40097 otherwise), plus the documented values (`cost_time_type` 1..=3, `orderby`, `desc`,
//! `errType`, `osName`, `limit` ≤ 30: 47001). The answers are the pages' examples. The one
//! feedback the sandbox holds is record 1 with image `media-1`: its image is a few PNG bytes,
//! any other record or media id is 46001.

use super::table::{get_checked, post_checked, Field, Kind};
use super::Shared;
use crate::reply;
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};

const MP: Option<AppKind> = Some(AppKind::MiniProgram);

/// The image of feedback record 1 (a PNG signature and an empty IHDR-less body is enough
/// for a byte round trip).
const FEEDBACK_IMAGE: &[u8] = b"\x89PNG\r\n\x1a\nsandbox-feedback-image";

/// `GET /cgi-bin/media/getfeedbackmedia`.
pub(super) fn feedback_media() -> MethodRouter<Shared> {
    get_checked(MP, &["record_id", "media_id"], |c| {
        let record = c.query.get("record_id").map(String::as_str);
        let media = c.query.get("media_id").map(String::as_str);
        if record.and_then(|r| r.parse::<u64>().ok()).is_none() {
            return Err(reply::reject(
                47001,
                "data format error: record_id is a number",
            ));
        }
        if record != Some("1") || media != Some("media-1") {
            return Err(reply::reject(46001, "media data no exist"));
        }
        Ok(reply::bytes("image/png", FEEDBACK_IMAGE.to_vec(), None))
    })
}

/// `GET /wxa/getgrayreleaseplan`.
pub(super) fn gray_release_plan() -> MethodRouter<Shared> {
    get_checked(MP, &[], |_| {
        Ok(reply::ok_with(json!({"gray_release_plan": {
            "status": 1, "create_timestamp": 1517553721, "gray_percentage": 8,
            "support_experiencer_first": true, "support_debuger_first": true
        }})))
    })
}

const DOMAIN: &[Field] = &[("action", Kind::Str, false)];

/// `POST /wxa/getwxadevinfo`.
pub(super) fn domain_info() -> MethodRouter<Shared> {
    post_checked(MP, DOMAIN, |c| {
        let server = json!({
            "requestdomain": ["https://www.example.com"], "wsrequestdomain": ["wss://www.qq.com"],
            "uploaddomain": [], "downloaddomain": ["https://www.qq.com"], "udpdomain": ["udp://www.example.com"]
        });
        let business = json!({"bizdomain": ["https://www.qq.com"]});
        let mut out = Map::new();
        match c.body.get("action").and_then(Value::as_str) {
            None => {
                merge(&mut out, server);
                merge(&mut out, business);
            }
            Some("getserverdomain") => merge(&mut out, server),
            Some("getbizdomain") => merge(&mut out, business),
            Some(_) => return Err(reply::reject(47001, "data format error: unknown action")),
        }
        Ok(reply::ok_with(Value::Object(out)))
    })
}

fn merge(out: &mut Map<String, Value>, v: Value) {
    if let Value::Object(m) = v {
        out.extend(m);
    }
}

/// `GET /wxaapi/feedback/list`.
pub(super) fn feedback_list() -> MethodRouter<Shared> {
    get_checked(MP, &["page", "num"], |c| {
        let number = |name: &str| c.query.get(name).and_then(|v| v.parse::<u64>().ok());
        let (Some(page), Some(num)) = (number("page"), number("num")) else {
            return Err(reply::reject(
                47001,
                "data format error: page and num are numbers",
            ));
        };
        if page == 0 || num == 0 {
            return Err(reply::reject(
                40097,
                "invalid args: page and num start at 1",
            ));
        }
        let kind = c.query.get("type").map(|t| t.parse::<u8>());
        let list = match kind {
            Some(Ok(1..=8)) | None => {
                if page == 1 && kind.is_none_or(|k| k == Ok(1)) {
                    vec![
                        json!({"record_id": 1, "create_time": 1587571200, "content": "白屏了",
                        "phone": "18800000000", "openid": "openidxxxxxx", "nickname": "反馈用户昵称",
                        "head_url": "反馈用户头像", "type": 1, "mediaIds": ["media-1"], "systemInfo": "{}"}),
                    ]
                } else {
                    Vec::new()
                }
            }
            Some(_) => return Err(reply::reject(47001, "data format error: type is 1..=8")),
        };
        Ok(reply::ok_with(json!({"list": list, "total_num": 1})))
    })
}

/// `GET /wxaapi/log/get_client_version`.
pub(super) fn client_versions() -> MethodRouter<Shared> {
    get_checked(MP, &[], |_| {
        Ok(reply::ok_with(json!({"cvlist": [
            {"type": 1, "client_version_list": ["8.0.50"]},
            {"type": 2, "client_version_list": []}
        ]})))
    })
}

/// `GET /wxaapi/log/get_scene`.
pub(super) fn scenes() -> MethodRouter<Shared> {
    get_checked(MP, &[], |_| {
        Ok(reply::ok_with(json!({"scene": [
            {"name": "全部", "value": "@_all"}, {"name": "小程序历史列表", "value": 1}
        ]})))
    })
}

/// `GET /wxaapi/userlog/userlog_search`.
pub(super) fn realtime_log() -> MethodRouter<Shared> {
    get_checked(MP, &["date", "begintime", "endtime"], |c| {
        let int = |name: &str| c.query.get(name).map(|v| v.parse::<i64>());
        let (Some(Ok(begin)), Some(Ok(end))) = (int("begintime"), int("endtime")) else {
            return Err(reply::reject(
                47001,
                "data format error: begintime and endtime are numbers",
            ));
        };
        for name in ["start", "limit", "level"] {
            if let Some(Err(_)) = int(name) {
                return Err(reply::reject(
                    47001,
                    "data format error: start, limit and level are numbers",
                ));
            }
        }
        if end < begin {
            return Err(reply::reject(
                40097,
                "invalid args: endtime before begintime",
            ));
        }
        Ok(reply::ok_with(json!({"errmsg": "", "data": {"list": [{
            "level": 6, "platform": 1, "libraryVersion": "2.8.3", "clientVersion": "7.0.7",
            "id": "openid-sandbox", "timestamp": begin, "url": "pages/index/index",
            "msg": [{"time": begin, "msg": ["onLoad"], "level": 2}, {"time": begin, "msg": ["slow"], "level": 4}],
            "traceid": "trace-sandbox", "filterMsg": ""
        }], "total": 1}})))
    })
}

const PERFORMANCE: &[Field] = &[
    ("cost_time_type", Kind::Int, true),
    ("default_start_time", Kind::Int, true),
    ("default_end_time", Kind::Int, true),
    ("device", Kind::Str, true),
    ("is_download_code", Kind::Str, true),
    ("scene", Kind::Str, true),
    ("networktype", Kind::Str, true),
];

/// `POST /wxaapi/log/get_performance`.
pub(super) fn performance() -> MethodRouter<Shared> {
    post_checked(MP, PERFORMANCE, |c| {
        let kind = c
            .body
            .get("cost_time_type")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        if !(1..=3).contains(&kind) {
            return Err(reply::reject(
                47001,
                "data format error: cost_time_type is 1..=3",
            ));
        }
        let data =
            json!({"list": [{"ref_date": "20191029", "cost_time_type": kind, "cost_time": 1533}]});
        Ok(reply::ok_with(
            json!({"default_time_data": data.to_string(), "compare_time_data": ""}),
        ))
    })
}

fn one_of(map: &Map<String, Value>, name: &str, allowed: &[&str]) -> Result<(), reply::Reject> {
    match map.get(name).and_then(Value::as_str) {
        Some(v) if allowed.contains(&v) => Ok(()),
        _ => Err(reply::reject(
            47001,
            &format!("data format error: `{name}` is one of {allowed:?}"),
        )),
    }
}

const JS_LIST: &[Field] = &[
    ("appVersion", Kind::Str, true),
    ("errType", Kind::Str, true),
    ("startTime", Kind::Str, true),
    ("endTime", Kind::Str, true),
    ("keyword", Kind::Str, true),
    ("openid", Kind::Str, true),
    ("orderby", Kind::Str, true),
    ("desc", Kind::Str, true),
    ("offset", Kind::Int, true),
    ("limit", Kind::Int, true),
];

/// `POST /wxaapi/log/jserr_list`.
pub(super) fn js_errors() -> MethodRouter<Shared> {
    post_checked(MP, JS_LIST, |c| {
        one_of(c.body, "errType", &["0", "1", "2", "3"])?;
        one_of(c.body, "orderby", &["uv", "pv"])?;
        one_of(c.body, "desc", &["1", "2"])?;
        if !(1..=30).contains(
            &c.body
                .get("limit")
                .and_then(Value::as_i64)
                .unwrap_or_default(),
        ) {
            return Err(reply::reject(47001, "data format error: limit is 1..=30"));
        }
        Ok(reply::ok_with(
            json!({"success": true, "openid": "", "data": [{
            "errorMsgMd5": "53b4825ec4a41d966f88c298c718de80", "errorMsg": "TypeError: x is undefined",
            "uv": 1, "pv": 1, "errorStackMd5": "e371cd9cae821969c855f9f461327dac",
            "errorStack": "TypeError: x is undefined\n    at t (https://usr/app-service.js:2:1)",
            "pvPercent": "0.1%", "uvPercent": "1.1%"
        }], "totalCount": 1}),
        ))
    })
}

const JS_DETAIL: &[Field] = &[
    ("startTime", Kind::Str, true),
    ("endTime", Kind::Str, true),
    ("errorMsgMd5", Kind::Str, true),
    ("errorStackMd5", Kind::Str, true),
    ("appVersion", Kind::Str, true),
    ("sdkVersion", Kind::Str, true),
    ("osName", Kind::Str, true),
    ("clientVersion", Kind::Str, true),
    ("openid", Kind::Str, true),
    ("offset", Kind::Int, true),
    ("limit", Kind::Int, true),
    ("desc", Kind::Str, true),
];

/// `POST /wxaapi/log/jserr_detail`.
pub(super) fn js_error_detail() -> MethodRouter<Shared> {
    post_checked(MP, JS_DETAIL, |c| {
        one_of(c.body, "osName", &["0", "1", "2", "3"])?;
        one_of(c.body, "desc", &["0", "1"])?;
        let md5 = c
            .body
            .get("errorMsgMd5")
            .and_then(Value::as_str)
            .unwrap_or_default();
        Ok(reply::ok_with(
            json!({"success": true, "openid": "", "data": [{
            "Count": "1", "sdkVersion": "2.14.1", "ClientVersion": "7.0.21",
            "errorStackMd5": c.body.get("errorStackMd5").cloned().unwrap_or_default(),
            "TimeStamp": "2021-01-25 16:36:39", "appVersion": "2.6.16", "errorMsgMd5": md5,
            "errorMsg": "TypeError: x is undefined", "errorStack": "TypeError: x is undefined",
            "Ds": "2021-01-25", "OsName": "1", "openId": "openid-sandbox", "pluginversion": "0",
            "appId": c.app_id, "DeviceModel": "sandbox", "source": "", "route": "", "Uin": "", "nickname": ""
        }], "totalCount": 1}),
        ))
    })
}
