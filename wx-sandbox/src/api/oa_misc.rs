//! Official Account odds and ends: the draft-box switch, news uploads for mass sends,
//! one-time subscription messages and the openid conversion after an account migration.
//! Request tables are the sandbox's own (from the official field tables): a required field
//! missing or of the wrong JSON type is 47001. Limits emulated: 1..=8 news articles (47001),
//! a one-time message's `scene` 0..=10000 (40129, invalid scene), `title` ≤ 15
//! and text ≤ 200 characters (47003), 1..=100 openids to convert (40032, "invalid openid
//! list size"). The draft box is on once switched on (or asked about: since the beta ended
//! every account has it); a converted openid is `new_` + the old one.

use super::table::{post_checked, Field, Kind};
use super::Shared;
use crate::reply;
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Value};

/// `POST /cgi-bin/draft/switch` (`checkonly=1` only reports).
pub(super) fn draft_switch() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), &[], |c| {
        match c.query.get("checkonly").map(String::as_str) {
            None | Some("1") | Some("0") => Ok(reply::ok_with(json!({ "is_open": 1 }))),
            Some(_) => Err(reply::reject(40097, "invalid args: checkonly")),
        }
    })
}

const UPLOAD_NEWS: &[Field] = &[("articles", Kind::Arr, true)];
const NEWS_ARTICLE: &[Field] = &[
    ("title", Kind::Str, true),
    ("author", Kind::Str, false),
    ("thumb_media_id", Kind::Str, true),
    ("content", Kind::Str, true),
    ("content_source_url", Kind::Str, false),
    ("digest", Kind::Str, false),
    ("show_cover_pic", Kind::Int, false),
    ("need_open_comment", Kind::Int, false),
    ("only_fans_can_comment", Kind::Int, false),
];

/// `POST /cgi-bin/media/uploadnews`.
pub(super) fn upload_news() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), UPLOAD_NEWS, |c| {
        let articles = c
            .body
            .get("articles")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if !(1..=8).contains(&articles.len()) {
            return Err(reply::reject(
                47001,
                "data format error: 1 to 8 articles are allowed",
            ));
        }
        for a in articles {
            let map = a
                .as_object()
                .ok_or_else(|| reply::reject(47001, "data format error: article"))?;
            super::table::check_body(map, NEWS_ARTICLE)?;
        }
        Ok(reply::ok_with(json!({
            "type": "news",
            "media_id": c.state.id("NEWS"),
            "created_at": crate::state::unix_now(),
        })))
    })
}

const SEND_ONCE: &[Field] = &[
    ("touser", Kind::Str, true),
    ("template_id", Kind::Str, true),
    ("url", Kind::Str, false),
    ("miniprogram", Kind::Obj, false),
    ("scene", Kind::Str, true),
    ("title", Kind::Str, true),
    ("data", Kind::Obj, true),
];

/// `POST /cgi-bin/message/template/subscribe`.
pub(super) fn send_once() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), SEND_ONCE, |c| {
        let map = c.body;
        super::openid(map, "touser")?;
        let scene = map.get("scene").and_then(Value::as_str).unwrap_or_default();
        if !scene.parse::<u32>().is_ok_and(|n| n <= 10_000) {
            return Err(reply::reject(40129, "invalid scene"));
        }
        let title = map.get("title").and_then(Value::as_str).unwrap_or_default();
        let text = map
            .get("data")
            .and_then(|d| d.get("content"))
            .and_then(|c| c.get("value"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        if title.chars().count() > 15 || text.chars().count() > 200 {
            return Err(reply::reject(
                47003,
                "argument invalid! data.title or content too long",
            ));
        }
        Ok(reply::ok())
    })
}

const CHANGE_OPENID: &[Field] = &[
    ("from_appid", Kind::Str, true),
    ("openid_list", Kind::Arr, true),
];

/// `POST /cgi-bin/changeopenid`.
pub(super) fn change_openid() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), CHANGE_OPENID, |c| {
        let list = c
            .body
            .get("openid_list")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if !(1..=100).contains(&list.len()) {
            return Err(reply::reject(40032, "invalid openid list size"));
        }
        let results: Vec<Value> = list
            .iter()
            .map(|o| match o.as_str() {
                Some(old) if !old.is_empty() => {
                    json!({"ori_openid": old, "new_openid": format!("new_{old}"), "err_msg": "ok"})
                }
                _ => json!({"ori_openid": o, "new_openid": "", "err_msg": "invalid openid"}),
            })
            .collect();
        Ok(reply::ok_with(json!({ "result_list": results })))
    })
}
