//! Conditional menus (`menu/addconditional`, `delconditional`, `trymatch`), the current
//! self-menu and auto-reply settings (read-outs of the documented shape), and the mass-send
//! speed; Official Accounts only.
//!
//! A conditional menu needs the default menu (`menu/create`) first (65303); its rule must
//! name `tag_id` or `client_platform_type` (65304), never privacy fields (65320), a tag the
//! account has (65305), a platform 1..=3 (65308). `trymatch` answers the newest conditional
//! menu whose tag the follower carries, else the default menu (40003 for a non-follower,
//! 46003 without any menu). The speed level is 0..=4 (45083; 45084 when absent).

use super::{Params, Shared};
use crate::reply::{self, either};
use crate::state::ConditionalMenu;
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{json, Value};

const DEFAULT_MENU: &str = "/cgi-bin/menu/create";

/// `POST /cgi-bin/menu/addconditional`.
pub(super) async fn add_conditional(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let buttons = map
            .get("button")
            .and_then(Value::as_array)
            .ok_or_else(|| reply::reject(40035, "invalid parameter: button"))?;
        if buttons.is_empty() || buttons.len() > 3 {
            return Err(reply::reject(40016, "invalid button size"));
        }
        let rule = map
            .get("matchrule")
            .and_then(Value::as_object)
            .ok_or_else(|| reply::reject(65304, "match rule empty"))?;
        if ["sex", "country", "province", "city", "language"]
            .iter()
            .any(|k| rule.contains_key(*k))
        {
            return Err(reply::reject(65320, "match rule contains privacy info"));
        }
        let text = |k: &str| match rule.get(k) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let (tag, platform) = (text("tag_id"), text("client_platform_type"));
        if tag.is_none() && platform.is_none() {
            return Err(reply::reject(65304, "match rule empty"));
        }
        let mut inner = state.lock();
        let tag_id = match tag {
            Some(t) => {
                let id = t
                    .parse::<i64>()
                    .ok()
                    .filter(|id| inner.audience(&app_id).tags.contains_key(id));
                Some(id.ok_or_else(|| reply::reject(65305, "invalid tag_id"))?)
            }
            None => None,
        };
        if platform.is_some_and(|p| !matches!(p.as_str(), "1" | "2" | "3")) {
            return Err(reply::reject(65308, "invalid client_platform_type"));
        }
        if !inner
            .sent
            .iter()
            .any(|m| m.app_id == app_id && m.endpoint == DEFAULT_MENU)
        {
            return Err(reply::reject(
                65303,
                "there is no selfmenu, please create selfmenu first",
            ));
        }
        let menuid = (400_000_000 + state.next()).to_string();
        inner
            .conditional_menus
            .entry(app_id)
            .or_default()
            .push(ConditionalMenu {
                menuid: menuid.clone(),
                tag_id,
                body: Value::Object(map.clone()),
            });
        Ok(reply::ok_with(json!({ "menuid": menuid })))
    })())
}

/// `POST /cgi-bin/menu/delconditional`.
pub(super) async fn delete_conditional(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let id = match map.get("menuid") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(reply::reject(65301, "menuid not exist")),
        };
        let mut inner = state.lock();
        let menus = inner.conditional_menus.entry(app_id).or_default();
        let before = menus.len();
        menus.retain(|m| m.menuid != id);
        if menus.len() == before {
            return Err(reply::reject(65301, "menuid not exist"));
        }
        Ok(reply::ok())
    })())
}

/// `POST /cgi-bin/menu/trymatch`.
pub(super) async fn try_match(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let user = super::string(&map, "user_id", 40003)?;
        let mut inner = state.lock();
        if !inner.audience(&app_id).is_follower(user) {
            return Err(reply::reject(40003, "invalid openid"));
        }
        let tags = inner.audience(&app_id).tag_ids_of(user);
        let conditional = inner.conditional_menus.get(&app_id).and_then(|menus| {
            menus
                .iter()
                .rev()
                .find(|m| m.tag_id.is_none_or(|t| tags.contains(&t)))
                .map(|m| m.body["button"].clone())
        });
        let button = match conditional {
            Some(b) => b,
            None => inner
                .sent
                .iter()
                .rev()
                .find(|m| m.app_id == app_id && m.endpoint == DEFAULT_MENU)
                .map(|m| m.body["button"].clone())
                .ok_or_else(|| reply::reject(46003, "menu no exist"))?,
        };
        Ok(reply::json(json!({ "button": button })))
    })())
}

/// `GET /cgi-bin/get_current_selfmenu_info`: the default menu in the self-menu shape
/// (sub-buttons under `{"list": [...]}`), or `is_menu_open: 0`.
pub(super) async fn selfmenu(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let inner = state.lock();
        let menu = inner
            .sent
            .iter()
            .rev()
            .find(|m| m.app_id == app_id && m.endpoint == DEFAULT_MENU);
        let Some(menu) = menu else {
            return Ok(reply::json(json!({"is_menu_open": 0})));
        };
        let buttons: Vec<Value> = menu.body["button"]
            .as_array()
            .map(|bs| {
                bs.iter()
                    .map(|b| {
                        let mut b = b.clone();
                        if let Some(subs) = b.get("sub_button").cloned() {
                            b["sub_button"] = json!({ "list": subs });
                        }
                        b
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(reply::json(
            json!({"is_menu_open": 1, "selfmenu_info": {"button": buttons}}),
        ))
    })())
}

/// `GET /cgi-bin/get_current_autoreply_info`: the documented example's shape.
pub(super) async fn autoreply(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        Ok(reply::json(json!({
            "is_add_friend_reply_open": 1,
            "is_autoreply_open": 1,
            "add_friend_autoreply_info": {"type": "text", "content": "Thanks for your attention!"},
            "message_default_autoreply_info": {"type": "text", "content": "Hello, this is autoreply!"},
            "keyword_autoreply_info": {"list": [{
                "rule_name": "autoreply-news",
                "create_time": 1423028166,
                "reply_mode": "reply_all",
                "keyword_list_info": [{"type": "text", "match_mode": "contain", "content": "news测试"}],
                "reply_list_info": [{"type": "text", "content": "hello"}]
            }]}
        })))
    })())
}

const REAL_SPEED: [u64; 5] = [80, 60, 45, 30, 10];

/// `POST /cgi-bin/message/mass/speed/get`.
pub(super) async fn speed_get(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let speed = state.lock().mass_speed.get(&app_id).copied().unwrap_or(0);
        Ok(reply::json(
            json!({"speed": speed, "realspeed": REAL_SPEED[speed as usize]}),
        ))
    })())
}

/// `POST /cgi-bin/message/mass/speed/set`.
pub(super) async fn speed_set(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let speed = match map.get("speed") {
            None | Some(Value::Null) => return Err(reply::reject(45084, "no speed")),
            Some(v) => v.as_u64().filter(|s| *s <= 4),
        }
        .ok_or_else(|| reply::reject(45083, "speed out of range"))?;
        state.lock().mass_speed.insert(app_id, speed);
        Ok(reply::ok())
    })())
}
