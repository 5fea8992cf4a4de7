//! Users (UnionID) and the custom menu.

use super::{Params, Shared};
use crate::reply;
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;

use crate::reply::either;

/// A follower the sandbox invents for any openid: following, with a UnionID, and the
/// remark and tags the account gave it (`updateremark`, `batchtagging`).
fn user(state: &Shared, app_id: &str, openid: &str, lang: &str) -> serde_json::Value {
    let (remark, tags) = {
        let mut inner = state.lock();
        let a = inner.audience(app_id);
        (
            a.remarks.get(openid).cloned().unwrap_or_default(),
            a.tag_ids_of(openid),
        )
    };
    serde_json::json!({
        "subscribe": 1, "openid": openid, "unionid": format!("union-{openid}"), "language": lang,
        "nickname": "", "sex": 0, "city": "", "province": "", "country": "", "headimgurl": "",
        "subscribe_time": 1_700_000_000, "remark": remark, "groupid": 0, "tagid_list": tags,
        "subscribe_scene": "ADD_SCENE_QR_CODE", "qr_scene": 0, "qr_scene_str": "",
    })
}

pub(super) async fn get(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let openid = super::known_openid(q.get("openid").map_or("", String::as_str))?;
        Ok(reply::json(user(
            &state,
            &app_id,
            openid,
            q.get("lang").map_or("zh_CN", String::as_str),
        )))
    })())
}

pub(super) async fn batch_get(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let list = map
            .get("user_list")
            .and_then(|l| l.as_array())
            .ok_or_else(|| reply::reject(40035, "invalid parameter: user_list"))?;
        if list.is_empty() || list.len() > 100 {
            return Err(reply::reject(
                40035,
                "invalid parameter: user_list must hold 1..=100 users",
            ));
        }
        let mut users = Vec::new();
        for u in list {
            let openid =
                super::known_openid(u.get("openid").and_then(|v| v.as_str()).unwrap_or(""))?;
            users.push(user(
                &state,
                &app_id,
                openid,
                u.get("lang").and_then(|v| v.as_str()).unwrap_or("zh_CN"),
            ));
        }
        Ok(reply::json(serde_json::json!({"user_info_list": users})))
    })())
}

pub(super) async fn menu_create(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let buttons = map
            .get("button")
            .and_then(|b| b.as_array())
            .ok_or_else(|| reply::reject(40035, "invalid parameter: button"))?;
        if buttons.is_empty() || buttons.len() > 3 {
            return Err(reply::reject(40016, "invalid button size"));
        }
        for b in buttons {
            if b.get("sub_button")
                .and_then(|s| s.as_array())
                .is_some_and(|s| s.len() > 5)
            {
                return Err(reply::reject(40023, "invalid sub button size"));
            }
        }
        state.lock().sent.push(crate::SentMessage {
            app_id,
            endpoint: "/cgi-bin/menu/create".into(),
            body: serde_json::Value::Object(map),
        });
        Ok(reply::ok())
    })())
}

pub(super) async fn menu_get(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let menu = state
            .lock()
            .sent
            .iter()
            .rev()
            .find(|m| m.endpoint == "/cgi-bin/menu/create")
            .map(|m| m.body.clone());
        match menu {
            Some(menu) => Ok(reply::json(serde_json::json!({"menu": menu}))),
            None => Err(reply::reject(46003, "menu no exist")),
        }
    })())
}

pub(super) async fn menu_delete(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        state
            .lock()
            .sent
            .retain(|m| m.endpoint != "/cgi-bin/menu/create");
        Ok(reply::ok())
    })())
}
