//! Per-endpoint request tables and the handler shape most emulated endpoints share.
//!
//! The sandbox checks each request against its OWN table (field names, JSON types, which are
//! required), never against `wx-api`'s types, so that a wrong declaration in `wx-api` is
//! caught by the sandbox instead of agreeing with itself. [`post_checked`] and
//! [`get_checked`] build a route from such a table and an answer function: the token is
//! checked (and the app kind, when one is needed), the body parsed and checked, and only then
//! is the answer function called. A new read-out endpoint is one route line, one table and
//! one closure.

use super::{Params, Shared};
use crate::reply::{self, either, Step};
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post, MethodRouter};
use serde_json::{Map, Value};

/// The JSON type a field must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Str,
    Int,
    /// Any JSON number (integer or fraction).
    Num,
    Bool,
    Obj,
    Arr,
}

/// One row of an endpoint's request table: name, type, required.
pub(crate) type Field = (&'static str, Kind, bool);

/// Checks `map` against `table`: a required field missing, or any field of the wrong JSON
/// type, is 47001 (WeChat's "data format error"), naming the field.
pub(crate) fn check_body(map: &Map<String, Value>, table: &[Field]) -> Step<()> {
    for &(name, kind, required) in table {
        match map.get(name) {
            None | Some(Value::Null) if required => {
                return Err(reply::reject(
                    47001,
                    &format!("data format error: `{name}` missing"),
                ))
            }
            None | Some(Value::Null) => {}
            Some(v) => {
                let ok = match kind {
                    Kind::Str => v.is_string(),
                    Kind::Int => v.is_i64() || v.is_u64(),
                    Kind::Num => v.is_number(),
                    Kind::Bool => v.is_boolean(),
                    Kind::Obj => v.is_object(),
                    Kind::Arr => v.is_array(),
                };
                if !ok {
                    return Err(reply::reject(
                        47001,
                        &format!("data format error: `{name}` must be {kind:?}"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The query parameters every row of `names` requires (40097 when missing or empty).
pub(crate) fn check_query(q: &Params, names: &[&str]) -> Step<()> {
    for name in names {
        if q.get(*name).is_none_or(|v| v.is_empty()) {
            return Err(reply::reject(
                40097,
                &format!("invalid args: `{name}` missing"),
            ));
        }
    }
    Ok(())
}

/// What an answer function sees of a checked request.
pub(crate) struct Checked<'a> {
    /// The sandbox state.
    pub state: &'a Shared,
    /// The app whose token the request carried.
    pub app_id: &'a str,
    /// The query parameters.
    pub query: &'a Params,
    /// The JSON body (empty for GET).
    pub body: &'a Map<String, Value>,
}

/// A POST route: token (and app kind, when `needs` is set) → JSON object body → `table` →
/// `answer`. Errors at any step answer WeChat's errcode.
pub(crate) fn post_checked<F>(
    needs: Option<AppKind>,
    table: &'static [Field],
    answer: F,
) -> MethodRouter<Shared>
where
    F: Fn(Checked<'_>) -> Step<Response> + Clone + Send + Sync + 'static,
{
    post(
        move |State(state): State<Shared>, Query(q): Query<Params>, body: Bytes| async move {
            either((|| {
                let app_id = super::authorize(&state, &q, needs)?;
                let map = super::json_body(&body)?;
                check_body(&map, table)?;
                answer(Checked {
                    state: &state,
                    app_id: &app_id,
                    query: &q,
                    body: &map,
                })
            })())
        },
    )
}

/// A GET route: token (and app kind) → the required query parameters `required` → `answer`.
pub(crate) fn get_checked<F>(
    needs: Option<AppKind>,
    required: &'static [&'static str],
    answer: F,
) -> MethodRouter<Shared>
where
    F: Fn(Checked<'_>) -> Step<Response> + Clone + Send + Sync + 'static,
{
    get(
        move |State(state): State<Shared>, Query(q): Query<Params>| async move {
            either((|| {
                let app_id = super::authorize(&state, &q, needs)?;
                check_query(&q, required)?;
                let empty = Map::new();
                answer(Checked {
                    state: &state,
                    app_id: &app_id,
                    query: &q,
                    body: &empty,
                })
            })())
        },
    )
}
