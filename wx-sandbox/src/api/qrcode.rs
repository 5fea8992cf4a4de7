//! Parametric QR codes: tickets with scenes, and the image exchange (404 for unknown tickets).

use super::{Params, Shared};
use crate::reply;
use crate::state::{secs, Ticket};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use std::time::{Duration, Instant};

const MAX_EXPIRE: u64 = 2_592_000;

pub(super) async fn create(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    reply::either(create_inner(&state, &q, &body))
}

fn create_inner(state: &Shared, q: &Params, body: &Bytes) -> reply::Step<Response> {
    super::authorize(state, q, Some(crate::AppKind::OfficialAccount))?;
    let map = super::json_body(body)?;
    let action = super::string(&map, "action_name", 40052)?;
    let (permanent, string_scene) = match action {
        "QR_SCENE" => (false, false),
        "QR_STR_SCENE" => (false, true),
        "QR_LIMIT_SCENE" => (true, false),
        "QR_LIMIT_STR_SCENE" => (true, true),
        _ => return Err(reply::reject(40052, "invalid action name")),
    };
    let scene = map
        .get("action_info")
        .and_then(|a| a.get("scene"))
        .and_then(|s| s.as_object())
        .ok_or_else(|| reply::reject(40053, "invalid action info"))?;
    let scene_value = if string_scene {
        let s = scene
            .get("scene_str")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let len = s.chars().count();
        if !(1..=64).contains(&len) {
            return Err(reply::reject(
                40053,
                "invalid action info: scene_str length must be 1..=64",
            ));
        }
        s.to_owned()
    } else {
        let id = scene.get("scene_id").and_then(|v| v.as_u64()).unwrap_or(0);
        let max = if permanent {
            100_000
        } else {
            u64::from(u32::MAX)
        };
        if id == 0 || id > max {
            return Err(reply::reject(
                40053,
                &format!("invalid action info: scene_id must be 1..={max}"),
            ));
        }
        id.to_string()
    };
    let expire = if permanent {
        None
    } else {
        // Omitted: 60 s (current docs); capped at 30 days.
        Some(
            super::uint(&map, "expire_seconds")?
                .unwrap_or(60)
                .clamp(1, MAX_EXPIRE),
        )
    };
    let n = state.next();
    // Real tickets are base64 with `+ / =`, which clients must URL-encode.
    let ticket = format!("gQ{n:06}+sbx/{}==", state.id("T"));
    let url = format!("http://weixin.qq.com/q/sandbox{n:06}");
    state.lock().tickets.insert(
        ticket.clone(),
        Ticket {
            scene: scene_value,
            expires_at: expire.map(|s| Instant::now() + Duration::from_secs(s)),
            url: url.clone(),
        },
    );
    let mut out = serde_json::json!({"ticket": ticket, "url": url});
    if let Some(s) = expire {
        out["expire_seconds"] = s.into();
    }
    Ok(reply::json(out))
}

/// A tiny but valid 1x1 JPEG, with the ticket's URL appended in a comment segment.
fn qr_image(content: &str) -> Vec<u8> {
    let mut img: Vec<u8> = vec![0xFF, 0xD8];
    let comment = content.as_bytes();
    let len = (comment.len() + 2).min(0xFFFF) as u16;
    img.extend_from_slice(&[0xFF, 0xFE]);
    img.extend_from_slice(&len.to_be_bytes());
    img.extend_from_slice(&comment[..(len as usize - 2)]);
    img.extend_from_slice(&[0xFF, 0xD9]);
    img
}

pub(super) async fn show(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    let Some(ticket) = q.get("ticket") else {
        return reply::not_found();
    };
    let found = state.lock().tickets.get(ticket).cloned();
    match found {
        Some(t) if t.expires_at.is_none_or(|e| e > Instant::now()) => {
            let mut r = reply::bytes("image/jpg", qr_image(&t.url), None);
            if let Ok(v) = format!("max-age={}", secs(Duration::from_secs(604_800))).parse() {
                r.headers_mut().insert(axum::http::header::CACHE_CONTROL, v);
            }
            r
        }
        _ => reply::not_found(),
    }
}
