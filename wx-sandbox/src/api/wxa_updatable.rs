//! Mini Program updatable messages: activity ids kept with their state; a state change
//! checks its own request table (activity_id string, target_state 0/1, template_info
//! object with parameter_list array of {name, value} strings), the parameters each state
//! needs, that the id exists (40097 otherwise) and that state 1 does not go back to 0.

use super::table::{check_body, Kind};
use super::{Params, Shared};
use crate::reply::{self, either};
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{json, Value};

pub(super) async fn create(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let id = state.id("act-");
        let expires = crate::clock::unix_now() as i64 + 86_400;
        state.lock().mini.activities.insert(id.clone(), 0);
        Ok(reply::ok_with(
            json!({ "activity_id": id, "expiration_time": expires }),
        ))
    })())
}

pub(super) async fn send(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        check_body(
            &map,
            &[
                ("activity_id", Kind::Str, true),
                ("target_state", Kind::Int, true),
                ("template_info", Kind::Obj, true),
            ],
        )?;
        let info = map
            .get("template_info")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        check_body(&info, &[("parameter_list", Kind::Arr, true)])?;
        let mut names = Vec::new();
        for p in info
            .get("parameter_list")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = p.as_object().cloned().unwrap_or_default();
            check_body(&p, &[("name", Kind::Str, true), ("value", Kind::Str, true)])?;
            names.push(
                p.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        let target = map
            .get("target_state")
            .and_then(Value::as_i64)
            .unwrap_or(-1);
        let needed: &[&str] = match target {
            0 => &["member_count", "room_limit"],
            1 => &["path", "version_type"],
            _ => {
                return Err(reply::reject(
                    47001,
                    "data format error: target_state must be 0 or 1",
                ))
            }
        };
        if needed.iter().any(|n| !names.iter().any(|m| m == n)) {
            return Err(reply::reject(
                47001,
                "data format error: parameter missing for target_state",
            ));
        }
        let id = map
            .get("activity_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut inner = state.lock();
        let Some(current) = inner.mini.activities.get_mut(id) else {
            return Err(reply::reject(40097, "invalid activity_id"));
        };
        if *current == 1 && target == 0 {
            return Err(reply::reject(
                40097,
                "invalid target_state: a started message stays started",
            ));
        }
        *current = target;
        Ok(reply::ok())
    })())
}
