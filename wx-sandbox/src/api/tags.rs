//! Followers (list, remark), tags and the blacklist of an Official Account, with WeChat's
//! limits and errcodes: 100 created tags (45056), system tags 0..=2 not editable (45058),
//! names of 1..=30 bytes (45158) and unique (45157), unknown tag ids (45159), 20 tags a user
//! (45059), 1..=50 openids a tagging call and 1..=20 a blacklist call (40032), remarks
//! shorter than 30 bytes (40092), openids that are not followers (40003). The three lists
//! come in pages of 10 000 (`Sandbox::set_page_size`) after an exclusive cursor.

use super::{Params, Shared};
use crate::audience::{self, Audience};
use crate::reply::{self, either, Step};
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{json, Map, Value};

type Body = Map<String, Value>;

/// The Official Account of the token, and the JSON body.
fn begin(state: &Shared, q: &Params, body: &Bytes) -> Step<(String, Body)> {
    let app_id = super::authorize(state, q, Some(AppKind::OfficialAccount))?;
    let map = super::json_body(body)?;
    Ok((app_id, map))
}

/// `openid_list`: 1..=`max` openids, each a follower (or, for unblocking, a blocked user).
fn openid_list(map: &Body, max: usize, known: impl Fn(&str) -> bool) -> Step<Vec<String>> {
    let list = map
        .get("openid_list")
        .and_then(Value::as_array)
        .ok_or_else(|| reply::reject(40032, "invalid openid list size"))?;
    if list.is_empty() || list.len() > max {
        return Err(reply::reject(
            40032,
            &format!("invalid openid list size: {} (1..={max})", list.len()),
        ));
    }
    let mut openids = Vec::with_capacity(list.len());
    for v in list {
        let openid = v.as_str().unwrap_or("");
        if super::known_openid(openid).is_err() || !known(openid) {
            return Err(reply::reject(40003, "invalid openid"));
        }
        openids.push(openid.to_owned());
    }
    Ok(openids)
}

fn tag_id(map: &Body, key: &str) -> Step<i64> {
    map.get(key)
        .and_then(Value::as_i64)
        .ok_or_else(|| reply::reject(45159, "invalid tag id"))
}

/// A page of `set` after `after`, as the three list endpoints answer it.
fn page_reply(
    set: &std::collections::BTreeSet<String>,
    after: &str,
    size: usize,
    total: Option<usize>,
) -> Step<Response> {
    let (openids, next) = audience::page(set, after, size)
        .ok_or_else(|| reply::reject(40003, "invalid next_openid"))?;
    let mut out = json!({"count": openids.len(), "next_openid": next});
    if let Some(total) = total {
        out["total"] = total.into();
    }
    if !openids.is_empty() {
        out["data"] = json!({ "openid": openids });
    }
    Ok(reply::json(out))
}

/// `GET /cgi-bin/user/get?next_openid=`: the followers.
pub(super) async fn followers(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let after = q.get("next_openid").map_or("", String::as_str);
        let mut inner = state.lock();
        let size = inner.page_size();
        let a = inner.audience(&app_id);
        page_reply(&a.followers, after, size, Some(a.followers.len()))
    })())
}

/// `POST /cgi-bin/user/info/updateremark`.
pub(super) async fn set_remark(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let openid = super::openid(&map, "openid")?;
        let remark = map
            .get("remark")
            .and_then(Value::as_str)
            .ok_or_else(|| reply::reject(40092, "invalid remark name"))?;
        if remark.len() >= 30 {
            return Err(reply::reject(40092, "invalid remark name"));
        }
        let mut inner = state.lock();
        let a = inner.audience(&app_id);
        if !a.is_follower(openid) {
            return Err(reply::reject(40003, "invalid openid"));
        }
        a.remarks.insert(openid.to_owned(), remark.to_owned());
        Ok(reply::ok())
    })())
}

fn check_name(a: &Audience, name: &str, except: Option<i64>) -> Step<()> {
    if name.len() > 30 {
        return Err(reply::reject(45158, "tag name too long"));
    }
    if name.is_empty()
        || a.tags
            .iter()
            .any(|(id, n)| n == name && Some(*id) != except)
    {
        return Err(reply::reject(45157, "invalid tag name"));
    }
    Ok(())
}

fn tag_object(map: &Body) -> Step<&Body> {
    map.get("tag")
        .and_then(Value::as_object)
        .ok_or_else(|| reply::reject(40035, "invalid parameter: tag"))
}

/// A tag the account has that it may change: 45058 for a system tag, 45159 when unknown.
fn editable(a: &Audience, id: i64) -> Step<()> {
    if (0..=audience::MAX_SYSTEM_TAG).contains(&id) {
        return Err(reply::reject(45058, "can't modify sys tag"));
    }
    if !a.tags.contains_key(&id) {
        return Err(reply::reject(45159, "invalid tag id"));
    }
    Ok(())
}

pub(super) async fn create(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let name = tag_object(&map)?
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("");
        let mut inner = state.lock();
        let a = inner.audience(&app_id);
        check_name(a, name, None)?;
        if a.created_tags() >= audience::MAX_TAGS {
            return Err(reply::reject(
                45056,
                "too many tags now, no need to add new",
            ));
        }
        let id = a.next_tag_id;
        a.next_tag_id += 1;
        a.tags.insert(id, name.to_owned());
        Ok(reply::json(json!({"tag": {"id": id, "name": name}})))
    })())
}

pub(super) async fn list(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let mut inner = state.lock();
        let a = inner.audience(&app_id);
        let tags: Vec<Value> = a
            .tags
            .iter()
            .map(|(id, name)| json!({"id": id, "name": name, "count": a.members_of(*id)}))
            .collect();
        Ok(reply::json(json!({ "tags": tags })))
    })())
}

pub(super) async fn update(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let tag = tag_object(&map)?;
        let id = tag_id(tag, "id")?;
        let name = tag.get("name").and_then(Value::as_str).unwrap_or("");
        let mut inner = state.lock();
        let a = inner.audience(&app_id);
        editable(a, id)?;
        check_name(a, name, Some(id))?;
        a.tags.insert(id, name.to_owned());
        Ok(reply::ok())
    })())
}

pub(super) async fn delete(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let id = tag_id(tag_object(&map)?, "id")?;
        let mut inner = state.lock();
        let a = inner.audience(&app_id);
        editable(a, id)?;
        if a.members_of(id) > audience::MAX_DELETABLE_MEMBERS {
            return Err(reply::reject(
                45057,
                "can't delete the tag that has too many fans",
            ));
        }
        a.delete_tag(id);
        Ok(reply::ok())
    })())
}

/// `batchtagging` (`tag`) and `batchuntagging`.
fn tagging(state: &Shared, q: &Params, body: &Bytes, tag: bool) -> Step<Response> {
    let (app_id, map) = begin(state, q, body)?;
    let id = tag_id(&map, "tagid")?;
    let mut inner = state.lock();
    let a = inner.audience(&app_id);
    let openids = openid_list(&map, 50, |o| a.is_follower(o))?;
    if !a.tags.contains_key(&id) {
        return Err(reply::reject(45159, "invalid tag id"));
    }
    if tag {
        // All or nothing: nobody is tagged when one would pass 20 tags.
        let over = openids.iter().any(|o| {
            a.user_tags
                .get(o)
                .is_some_and(|t| !t.contains(&id) && t.len() >= audience::MAX_TAGS_PER_USER)
        });
        if over {
            return Err(reply::reject(45059, "has too many tags"));
        }
        for o in openids {
            a.user_tags.entry(o.clone()).or_default().insert(id);
            a.members.entry(id).or_default().insert(o);
        }
    } else {
        for o in openids {
            if let Some(t) = a.user_tags.get_mut(&o) {
                t.remove(&id);
            }
            if let Some(m) = a.members.get_mut(&id) {
                m.remove(&o);
            }
        }
    }
    Ok(reply::ok())
}

pub(super) async fn batch_tag(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either(tagging(&state, &q, &body, true))
}

pub(super) async fn batch_untag(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either(tagging(&state, &q, &body, false))
}

/// `POST /cgi-bin/user/tag/get`: a tag's followers (no `total`).
pub(super) async fn members(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let id = tag_id(&map, "tagid")?;
        let after = map.get("next_openid").and_then(Value::as_str).unwrap_or("");
        let mut inner = state.lock();
        let size = inner.page_size();
        let a = inner.audience(&app_id);
        if !a.tags.contains_key(&id) {
            return Err(reply::reject(45159, "invalid tag id"));
        }
        let empty = std::collections::BTreeSet::new();
        page_reply(a.members.get(&id).unwrap_or(&empty), after, size, None)
    })())
}

/// `POST /cgi-bin/tags/getidlist`: a follower's tag ids.
pub(super) async fn of_user(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let openid = super::openid(&map, "openid")?;
        let mut inner = state.lock();
        let a = inner.audience(&app_id);
        if !a.is_follower(openid) {
            return Err(reply::reject(40003, "invalid openid"));
        }
        Ok(reply::json(json!({"tagid_list": a.tag_ids_of(openid)})))
    })())
}

/// `POST /cgi-bin/tags/members/getblacklist` (`begin_openid`).
pub(super) async fn blacklist(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let after = map
            .get("begin_openid")
            .and_then(Value::as_str)
            .unwrap_or("");
        let mut inner = state.lock();
        let size = inner.page_size();
        let a = inner.audience(&app_id);
        page_reply(&a.blacklist, after, size, Some(a.blacklist.len()))
    })())
}

pub(super) async fn block(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let mut inner = state.lock();
        let a = inner.audience(&app_id);
        let openids = openid_list(&map, 20, |o| a.is_follower(o) || a.blacklist.contains(o))?;
        a.blacklist.extend(openids);
        Ok(reply::ok())
    })())
}

pub(super) async fn unblock(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let mut inner = state.lock();
        let a = inner.audience(&app_id);
        let openids = openid_list(&map, 20, |o| a.is_follower(o) || a.blacklist.contains(o))?;
        for o in openids {
            a.blacklist.remove(&o);
        }
        Ok(reply::ok())
    })())
}
