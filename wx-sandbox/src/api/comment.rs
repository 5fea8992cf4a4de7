//! Comments on mass-sent articles (`/cgi-bin/comment/*`), Official Accounts only. Articles
//! and comments exist once a test seeds them ([`crate::Sandbox::add_comment`]); an unseeded
//! `(msg_data_id, index)` is 88001. Errcodes: 88001 (no such article), 88008 (no such
//! comment), 88004 (deleted), 88005 (already replied), 88007 (empty reply), 88009 (no reply
//! to delete), 88010 (`count` outside 1..=50), 40035 (`type` not 0..=2); 88000 when
//! commenting on a closed article is attempted is not emulated (no API writes comments).

use super::{Params, Shared};
use crate::reply::{self, either, Step};
use crate::state::{ArticleComments, Inner};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{json, Map, Value};

type Body = Map<String, Value>;

fn begin(state: &Shared, q: &Params, body: &Bytes) -> Step<(String, Body)> {
    let app_id = super::authorize(state, q, Some(crate::AppKind::OfficialAccount))?;
    let map = super::json_body(body)?;
    Ok((app_id, map))
}

/// `(msg_data_id, index)`: required unsigned `msg_data_id`, optional `index` (0).
fn key(app_id: &str, map: &Body) -> Step<(String, u64, u32)> {
    let id = super::uint(map, "msg_data_id")?
        .ok_or_else(|| reply::reject(47001, "data format error: msg_data_id missing"))?;
    let index = super::uint(map, "index")?.unwrap_or(0);
    let index = u32::try_from(index).map_err(|_| reply::reject(40035, "invalid index"))?;
    Ok((app_id.to_owned(), id, index))
}

fn article<'a>(inner: &'a mut Inner, key: &(String, u64, u32)) -> Step<&'a mut ArticleComments> {
    inner
        .comments
        .get_mut(key)
        .ok_or_else(|| reply::reject(88001, "msg_data is not exists"))
}

/// The comment `user_comment_id` of the article (not deleted).
fn with_comment(
    state: &Shared,
    q: &Params,
    body: &Bytes,
    act: impl FnOnce(&mut crate::state::StoredComment, &Body, u64) -> Step<()>,
) -> Response {
    either((|| {
        let (app_id, map) = begin(state, q, body)?;
        let key = key(&app_id, &map)?;
        let id = super::uint(&map, "user_comment_id")?
            .ok_or_else(|| reply::reject(88008, "comment is not exists"))?;
        let now = state.clock.now_ms() / 1000;
        let mut inner = state.lock();
        let article = article(&mut inner, &key)?;
        let comment = usize::try_from(id)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| article.comments.get_mut(i))
            .ok_or_else(|| reply::reject(88008, "comment is not exists"))?;
        if comment.deleted {
            return Err(reply::reject(88004, "comment was deleted by user"));
        }
        act(comment, &map, now)?;
        Ok(reply::ok())
    })())
}

fn set_open(state: &Shared, q: &Params, body: &Bytes, open: bool) -> Response {
    either((|| {
        let (app_id, map) = begin(state, q, body)?;
        let key = key(&app_id, &map)?;
        let mut inner = state.lock();
        article(&mut inner, &key)?.open = open;
        Ok(reply::ok())
    })())
}

/// `POST /cgi-bin/comment/open`.
pub(super) async fn open(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    set_open(&state, &q, &body, true)
}

/// `POST /cgi-bin/comment/close`.
pub(super) async fn close(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    set_open(&state, &q, &body, false)
}

/// `POST /cgi-bin/comment/list`.
pub(super) async fn list(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let key = key(&app_id, &map)?;
        let begin = super::uint(&map, "begin")?
            .ok_or_else(|| reply::reject(47001, "data format error: begin missing"))?
            as usize;
        let count = match super::uint(&map, "count")? {
            Some(c @ 1..=50) => c as usize,
            _ => {
                return Err(reply::reject(
                    88010,
                    "count range error. cout <= 0 or count > 50",
                ))
            }
        };
        let kind = match super::uint(&map, "type")? {
            Some(k @ 0..=2) => k,
            _ => {
                return Err(reply::reject(
                    40035,
                    "invalid parameter: type must be 0, 1 or 2",
                ))
            }
        };
        let mut inner = state.lock();
        let article = article(&mut inner, &key)?;
        let matching: Vec<(usize, &crate::state::StoredComment)> = article
            .comments
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.deleted)
            .filter(|(_, c)| match kind {
                1 => !c.elected,
                2 => c.elected,
                _ => true,
            })
            .collect();
        let page: Vec<Value> = matching
            .iter()
            .skip(begin)
            .take(count)
            .map(|(i, c)| {
                let mut v = json!({
                    "user_comment_id": i + 1,
                    "openid": c.openid,
                    "create_time": c.create_time,
                    "content": c.content,
                    "comment_type": u8::from(c.elected),
                });
                if let Some((content, at)) = &c.reply {
                    v["reply"] = json!({"content": content, "create_time": at});
                }
                v
            })
            .collect();
        Ok(reply::ok_with(
            json!({"total": matching.len(), "comment": page}),
        ))
    })())
}

/// `POST /cgi-bin/comment/markelect`.
pub(super) async fn mark_elect(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    with_comment(&state, &q, &body, |c, _, _| {
        c.elected = true;
        Ok(())
    })
}

/// `POST /cgi-bin/comment/unmarkelect`.
pub(super) async fn unmark_elect(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    with_comment(&state, &q, &body, |c, _, _| {
        c.elected = false;
        Ok(())
    })
}

/// `POST /cgi-bin/comment/delete`.
pub(super) async fn delete(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    with_comment(&state, &q, &body, |c, _, _| {
        c.deleted = true;
        Ok(())
    })
}

/// `POST /cgi-bin/comment/reply/add`.
pub(super) async fn add_reply(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    with_comment(&state, &q, &body, |c, map, now| {
        let content = match map.get("content").and_then(Value::as_str) {
            Some(s) if !s.is_empty() => s,
            _ => {
                return Err(reply::reject(
                    88007,
                    "reply content beyond max len or content len is zero",
                ))
            }
        };
        if c.reply.is_some() {
            return Err(reply::reject(88005, "already reply"));
        }
        c.reply = Some((content.to_owned(), now));
        Ok(())
    })
}

/// `POST /cgi-bin/comment/reply/delete`.
pub(super) async fn delete_reply(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    with_comment(&state, &q, &body, |c, _, _| {
        c.reply
            .take()
            .map(|_| ())
            .ok_or_else(|| reply::reject(88009, "reply is not exists"))
    })
}
