//! Drafts and publishing: stored drafts, publish jobs that succeed at once.

use super::{Params, Shared};
use crate::reply::{self, Step};
use crate::state::{unix_now, Draft, Published};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;

use crate::reply::either;

fn check_article(state: &Shared, app_id: &str, a: &serde_json::Value) -> Step<()> {
    let s = |k: &str| a.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    let title_len = s("title").chars().count();
    if title_len == 0 || title_len > 32 {
        return Err(reply::reject(
            45002,
            "title length must be 1..=32 characters",
        ));
    }
    let content = s("content");
    if content.is_empty() || content.chars().count() > 20_000 || content.len() > 1024 * 1024 {
        return Err(reply::reject(45002, "content size out of limit"));
    }
    let newspic = a.get("article_type").and_then(|v| v.as_str()) == Some("newspic");
    if !newspic {
        let thumb = s("thumb_media_id");
        let known = state
            .material(thumb)
            .is_some_and(|m| m.permanent && m.app_id == app_id);
        if !known {
            return Err(reply::reject(
                40007,
                "invalid media_id: thumb_media_id must be a permanent material",
            ));
        }
    }
    Ok(())
}

fn articles(state: &Shared, app_id: &str, body: &Bytes) -> Step<Vec<serde_json::Value>> {
    let map = super::json_body(body)?;
    let list = map
        .get("articles")
        .and_then(|v| v.as_array())
        .filter(|l| !l.is_empty())
        .ok_or_else(|| reply::reject(40035, "invalid parameter: articles"))?;
    for a in list {
        check_article(state, app_id, a)?;
    }
    Ok(list.clone())
}

fn news_items(d: &Draft) -> Vec<serde_json::Value> {
    d.articles
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a["url"] = "http://mp.weixin.qq.com/s/sandbox".into();
            a
        })
        .collect()
}

pub(super) async fn add(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let list = articles(&state, &app_id, &body)?;
        let media_id = state.id("DRAFT");
        state.lock().drafts.insert(
            media_id.clone(),
            Draft {
                app_id,
                articles: list,
                update_time: unix_now(),
            },
        );
        Ok(reply::json(serde_json::json!({"media_id": media_id})))
    })())
}

fn draft_of(
    state: &Shared,
    app_id: &str,
    body: &Bytes,
) -> Step<(String, Draft, serde_json::Map<String, serde_json::Value>)> {
    let map = super::json_body(body)?;
    let media_id = super::string(&map, "media_id", 40007)?.to_owned();
    let draft = state
        .lock()
        .drafts
        .get(&media_id)
        .filter(|d| d.app_id == app_id)
        .cloned()
        .ok_or_else(|| reply::reject(40007, "invalid media_id"))?;
    Ok((media_id, draft, map))
}

pub(super) async fn get(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let (_, draft, _) = draft_of(&state, &app_id, &body)?;
        Ok(reply::json(
            serde_json::json!({"news_item": news_items(&draft)}),
        ))
    })())
}

pub(super) async fn delete(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let (media_id, _, _) = draft_of(&state, &app_id, &body)?;
        state.lock().drafts.remove(&media_id);
        Ok(reply::ok())
    })())
}

pub(super) async fn update(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let (media_id, mut draft, map) = draft_of(&state, &app_id, &body)?;
        let index = super::uint(&map, "index")?.unwrap_or(0) as usize;
        let article = map
            .get("articles")
            .cloned()
            .ok_or_else(|| reply::reject(40035, "invalid parameter: articles"))?;
        check_article(&state, &app_id, &article)?;
        let slot = draft
            .articles
            .get_mut(index)
            .ok_or_else(|| reply::reject(40035, "invalid parameter: index"))?;
        *slot = article;
        draft.update_time = unix_now();
        state.lock().drafts.insert(media_id, draft);
        Ok(reply::ok())
    })())
}

pub(super) async fn list(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let inner = state.lock();
        let all = inner
            .drafts
            .iter()
            .filter(|(_, d)| d.app_id == app_id)
            .map(|(id, d)| (id, news_items(d), d.update_time))
            .collect();
        listing(all, "media_id", &map)
    })())
}

/// One page of a `batchget` (drafts or published articles of one app, ordered by id):
/// `{total_count, item_count, item: [{<id_key>, content: {news_item}, update_time}]}`.
fn listing(
    mut all: Vec<(&String, Vec<serde_json::Value>, u64)>,
    id_key: &str,
    map: &serde_json::Map<String, serde_json::Value>,
) -> Step<Response> {
    let (offset, count) = super::page(map)?;
    let bare = no_content(map)?;
    all.sort_by(|a, b| a.0.cmp(b.0));
    let items: Vec<serde_json::Value> = all
        .iter()
        .skip(offset)
        .take(count)
        .map(|(id, news, update_time)| {
            let news: Vec<serde_json::Value> = news
                .iter()
                .cloned()
                .map(|a| strip_content(a, bare))
                .collect();
            let mut item = serde_json::Map::new();
            item.insert(id_key.to_owned(), serde_json::json!(id));
            item.insert("content".into(), serde_json::json!({ "news_item": news }));
            item.insert("update_time".into(), serde_json::json!(update_time));
            serde_json::Value::Object(item)
        })
        .collect();
    Ok(reply::json(
        serde_json::json!({"total_count": all.len(), "item_count": items.len(), "item": items}),
    ))
}

pub(super) async fn count(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let n = state
            .lock()
            .drafts
            .values()
            .filter(|d| d.app_id == app_id)
            .count();
        Ok(reply::json(serde_json::json!({"total_count": n})))
    })())
}

pub(super) async fn publish(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let (media_id, draft, _) = draft_of(&state, &app_id, &body)?;
        let publish_id = 2_247_483_000 + state.next();
        let article_id = state.id("ART");
        let mut inner = state.lock();
        inner
            .publishes
            .insert(publish_id, (media_id, article_id.clone()));
        // Publishing succeeds at once: the article is there to read, list and delete.
        inner.published.insert(
            article_id,
            Published {
                app_id,
                articles: news_items(&draft),
                update_time: unix_now(),
            },
        );
        drop(inner);
        // Real replies carry the ids as numbers although the docs say strings.
        Ok(reply::ok_with(
            serde_json::json!({"publish_id": publish_id, "msg_data_id": publish_id + 1}),
        ))
    })())
}

pub(super) async fn publish_status(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let id = match map.get("publish_id") {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.parse().ok(),
            _ => None,
        }
        .ok_or_else(|| reply::reject(40035, "invalid parameter: publish_id"))?;
        let (_, article_id) = state
            .lock()
            .publishes
            .get(&id)
            .cloned()
            .ok_or_else(|| reply::reject(40035, "invalid parameter: unknown publish_id"))?;
        Ok(reply::json(serde_json::json!({
            "publish_id": id.to_string(),
            "publish_status": 0,
            "article_id": article_id,
            "article_detail": {"count": 1, "item": [{"idx": 1, "article_url": format!("http://mp.weixin.qq.com/s/{article_id}")}]},
            "fail_idx": [],
        })))
    })())
}

/// The published article an `article_id` names; 53600 (the freepublish pages' "invalid
/// article id", a code of those pages only, not of the global error-code list) when
/// unknown, deleted or another app's.
fn published_of(
    state: &Shared,
    app_id: &str,
    map: &serde_json::Map<String, serde_json::Value>,
) -> Step<(String, Published)> {
    let article_id = super::string(map, "article_id", 40035)?.to_owned();
    let article = state
        .lock()
        .published
        .get(&article_id)
        .filter(|p| p.app_id == app_id)
        .cloned()
        .ok_or_else(|| reply::reject(53600, "invalid article_id"))?;
    Ok((article_id, article))
}

/// An article without its `content` when `bare` (`no_content: 1`).
fn strip_content(mut article: serde_json::Value, bare: bool) -> serde_json::Value {
    if let (true, Some(a)) = (bare, article.as_object_mut()) {
        a.remove("content");
    }
    article
}

/// `no_content`: 0 or 1 (40035 otherwise).
fn no_content(map: &serde_json::Map<String, serde_json::Value>) -> Step<bool> {
    match super::uint(map, "no_content")? {
        None | Some(0) => Ok(false),
        Some(1) => Ok(true),
        Some(_) => Err(reply::reject(
            40035,
            "invalid parameter: no_content must be 0 or 1",
        )),
    }
}

pub(super) async fn published_article(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let (_, article) = published_of(&state, &app_id, &map)?;
        Ok(reply::json(
            serde_json::json!({"news_item": article.articles}),
        ))
    })())
}

/// `index` 1-based; absent or 0 deletes the whole article.
pub(super) async fn delete_published(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let (article_id, mut article) = published_of(&state, &app_id, &map)?;
        let index = super::uint(&map, "index")?.unwrap_or(0) as usize;
        if index > article.articles.len() {
            return Err(reply::reject(
                40035,
                "invalid parameter: index beyond the article's items",
            ));
        }
        let mut inner = state.lock();
        if index == 0 || article.articles.len() == 1 {
            inner.published.remove(&article_id);
        } else {
            article.articles.remove(index - 1);
            inner.published.insert(article_id, article);
        }
        Ok(reply::ok())
    })())
}

pub(super) async fn list_published(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let inner = state.lock();
        let all = inner
            .published
            .iter()
            .filter(|(_, p)| p.app_id == app_id)
            .map(|(id, p)| (id, p.articles.clone(), p.update_time))
            .collect();
        listing(all, "article_id", &map)
    })())
}
