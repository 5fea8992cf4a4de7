//! Official Account odds and ends: the draft-box switch, news uploads for mass sends,
//! one-time subscription messages, the openid conversion after an account migration and the
//! ad analytics (`/publisher/stat`, for both kinds of app).
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

/// A report failure as the ad analytics answer it: `base_resp.ret`, not `errcode`.
fn base_fail(ret: i64, msg: &str) -> axum::response::Response {
    reply::json(json!({ "base_resp": { "ret": ret, "err_msg": msg } }))
}

/// `GET /publisher/stat`: `action`, `page` and `page_size` required (40097 when missing);
/// an unknown action is `ret` 45010, `page` 0, `page_size` outside 1..=90 or a dated action
/// without `start_date`/`end_date` `ret` 1701. Each action answers its documented example.
pub(super) fn publisher_stat() -> MethodRouter<Shared> {
    super::table::get_checked(None, &["action", "page", "page_size"], |c| {
        let q = c.query;
        let num = |k: &str| q.get(k).and_then(|v| v.parse::<u32>().ok());
        if num("page").is_none_or(|p| p == 0)
            || num("page_size").is_none_or(|s| !(1..=90).contains(&s))
        {
            return Ok(base_fail(1701, "invalid parameter: page or page_size"));
        }
        let action = q.get("action").map(String::as_str).unwrap_or_default();
        let dated = action != "get_adunit_list";
        if dated && (!q.contains_key("start_date") || !q.contains_key("end_date")) {
            return Ok(base_fail(1701, "invalid parameter: start_date/end_date"));
        }
        let ok = json!({ "err_msg": "ok", "ret": 0 });
        let body = match action {
            "publisher_adpos_general" => json!({
                "base_resp": ok,
                "list": [{"slot_id": 3030046789020061_i64, "ad_slot": "SLOT_ID_BIZ_BOTTOM", "date": q.get("start_date"), "req_succ_count": 443610, "exposure_count": 181814, "exposure_rate": 0.409850995, "click_count": 10095, "click_rate": 0.055523777, "income": 52175, "ecpm": 286.969100289}],
                "summary": {"req_succ_count": 443610, "exposure_count": 181814, "exposure_rate": 0.409850995, "click_count": 10095, "click_rate": 0.055523777, "income": 52175, "ecpm": 286.969100289},
                "total_num": 1
            }),
            "publisher_cps_general" => json!({
                "base_resp": ok,
                "list": [{"date": q.get("start_date"), "exposure_count": 6, "click_count": 2, "click_rate": 0.333, "order_count": 1, "order_rate": 0.5, "total_fee": 9900, "total_commission": 990}],
                "summary": {"exposure_count": 6, "click_count": 2, "click_rate": 0.333, "order_count": 1, "order_rate": 0.5, "total_fee": 9900, "total_commission": 990},
                "total_num": 1
            }),
            "publisher_settlement" => json!({
                "base_resp": ok,
                "body": "深圳市腾讯计算机系统有限公司", "penalty_all": 0, "revenue_all": 5178368698_i64, "settled_revenue_all": 2613696765_i64,
                "settlement_list": [{"date": "2020-03-25", "zone": "2020年3月1日至15日", "month": "202003", "order": 1, "sett_status": 1, "settled_revenue": 718926045, "sett_no": "XXX", "mail_send_cnt": "0",
                    "slot_revenue": [{"slot_id": "SLOT_ID_WEAPP_BANNER", "slot_settled_revenue": 34139443}]}],
                "total_num": 1
            }),
            "publisher_adunit_general" => json!({
                "base_resp": ok,
                "list": [{"ad_unit_id": "adunit-9cedd8514XXXX", "ad_unit_name": "激励视频长广告", "stat_item": {"ad_slot": "SLOT_ID_WEAPP_REWARD_VIDEO", "date": q.get("start_date"), "req_succ_count": 138250, "exposure_count": 74771, "exposure_rate": 0.54083906, "click_count": 2242, "click_rate": 0.029984887, "income": 93883, "ecpm": 6.790813743}}],
                "total_num": 1
            }),
            "get_adunit_list" => json!({
                "base_resp": ok,
                "ad_unit": [{"ad_slot": "SLOT_ID_WEAPP_REWARD_VIDEO", "ad_unit_id": "adunit-e9418ee19XXXXX", "ad_unit_name": "rewaXXXX", "ad_unit_size": [{"height": 166, "width": 582}], "ad_unit_status": "AD_UNIT_STATUS_ON", "ad_unit_type": "AD_UNIT_TYPE_REWARED_VIDEO", "appid": c.app_id, "video_duration_max": 30, "video_duration_min": 6}],
                "total_num": 1
            }),
            _ => return Ok(base_fail(45010, "invalid action")),
        };
        Ok(reply::json(body))
    })
}
