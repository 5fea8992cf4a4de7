//! `/cgi-bin/ticket/getticket`: JS-SDK (`jsapi`) and card (`wx_card`) tickets. Needs a valid
//! access token of an Official Account (40001/42001/41001 otherwise, 48001 for a Mini
//! Program); `type` other than `jsapi` or `wx_card` (or none) is 40097, "invalid args" (the
//! code WeChat documents for a bad `type`). Each fetch issues a new ticket with the
//! configured lifetime; the previous one stays valid for the token overlap.

use super::{Params, Shared};
use crate::reply;
use axum::extract::{Query, State};
use axum::response::Response;

pub(super) async fn get(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    let issued = (|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let kind = match q.get("type").map(String::as_str) {
            Some(kind @ ("jsapi" | "wx_card")) => kind,
            _ => {
                return Err(reply::reject(
                    40097,
                    "invalid args: type must be jsapi or wx_card",
                ))
            }
        };
        Ok(state.issue_js_ticket(&app_id, kind))
    })();
    match issued {
        Ok((ticket, expires_in)) => {
            let delay = state.lock().js_tickets.delay;
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            reply::ok_with(serde_json::json!({"ticket": ticket, "expires_in": expires_in}))
        }
        Err(rejected) => reply::either(Err(rejected)),
    }
}
