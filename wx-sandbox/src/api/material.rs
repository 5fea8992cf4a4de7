//! Permanent materials, in-article images and temporary media: multipart uploads checked
//! against the documented formats and sizes, stored, and served back.

use super::{Params, Shared};
use crate::reply::{self, Step};
use crate::state::{unix_now, Material};
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Query, State};
use axum::response::Response;

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;

/// (type, max bytes, extensions, size errcode): the values of the current official pages,
/// as WeChat applies them: image 10 MB (bmp/png/jpeg/jpg/gif), voice 2 MB (mp3/wma/wav/amr;
/// temporary media amr/mp3), video 10 MB (mp4), thumb 64 KB (jpg), answered with 40009,
/// 40010, 40011 and 40012. Where older pages differ (image 2 MB, voice 5 MB) the client's
/// own check (`wx_api::oa::limits`) takes the more permissive value, so a voice of 2..=5 MiB
/// passes the client and is refused here with 40010, as WeChat would.
fn rule(media_type: &str, temporary: bool) -> Option<(usize, &'static [&'static str], i64)> {
    Some(match media_type {
        "image" => (10 * MIB, &["bmp", "png", "jpeg", "jpg", "gif"][..], 40009),
        "voice" if temporary => (2 * MIB, &["amr", "mp3"][..], 40010),
        "voice" => (2 * MIB, &["mp3", "wma", "wav", "amr"][..], 40010),
        "video" => (10 * MIB, &["mp4"][..], 40011),
        "thumb" => (64 * KIB, &["jpg", "jpeg"][..], 40012),
        _ => return None,
    })
}

struct Uploaded {
    filename: String,
    content_type: String,
    bytes: Vec<u8>,
    description: Option<serde_json::Value>,
}

async fn read_form(form: Result<Multipart, MultipartRejection>) -> Step<Uploaded> {
    let mut form = form.map_err(|_| reply::reject(41005, "media data missing"))?;
    let mut media = None;
    let mut description = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return Err(reply::reject(
                    47001,
                    "data format error: bad multipart body",
                ))
            }
        };
        match field.name() {
            Some("media") => {
                let filename = field.file_name().unwrap_or_default().to_owned();
                let content_type = field.content_type().unwrap_or_default().to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| reply::reject(47001, "data format error: bad media part"))?;
                media = Some((filename, content_type, bytes.to_vec()));
            }
            Some("description") => {
                let text = field.text().await.unwrap_or_default();
                description = Some(serde_json::from_str(&text).map_err(|_| {
                    reply::reject(40035, "invalid parameter: description must be JSON")
                })?);
            }
            _ => {}
        }
    }
    let (filename, content_type, bytes) =
        media.ok_or_else(|| reply::reject(41005, "media data missing"))?;
    if filename.is_empty() {
        return Err(reply::reject(
            41005,
            "media data missing: the media part needs a filename",
        ));
    }
    Ok(Uploaded {
        filename,
        content_type,
        bytes,
        description,
    })
}

fn extension(filename: &str) -> String {
    filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn check_file(media_type: &str, temporary: bool, file: &Uploaded) -> Step<()> {
    let (max, formats, size_code) =
        rule(media_type, temporary).ok_or_else(|| reply::reject(40004, "invalid media type"))?;
    if file.bytes.is_empty() {
        return Err(reply::reject(41005, "media data missing"));
    }
    if !formats.contains(&extension(&file.filename).as_str()) {
        return Err(reply::reject(40005, "invalid file type"));
    }
    if file.bytes.len() > max {
        return Err(reply::reject(size_code, "invalid file size"));
    }
    Ok(())
}

fn store(
    state: &Shared,
    app_id: &str,
    media_type: &str,
    permanent: bool,
    file: Uploaded,
) -> Material {
    let (title, introduction) = match &file.description {
        Some(d) => (
            d.get("title").and_then(|v| v.as_str()).map(str::to_owned),
            d.get("introduction")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
        ),
        None => (None, None),
    };
    let material = Material {
        media_id: state.id(if permanent { "MAT" } else { "TMP" }),
        app_id: app_id.to_owned(),
        media_type: media_type.to_owned(),
        permanent,
        filename: file.filename,
        content_type: file.content_type,
        bytes: file.bytes,
        title,
        introduction,
        created_at: unix_now(),
    };
    state
        .lock()
        .materials
        .insert(material.media_id.clone(), material.clone());
    material
}

use crate::reply::either;

pub(super) async fn add(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    either(async {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let media_type = q.get("type").cloned().unwrap_or_default();
        let file = read_form(form).await?;
        check_file(&media_type, false, &file)?;
        if media_type == "video" {
            let ok = file.description.as_ref().is_some_and(|d| {
                d.get("title").and_then(|v| v.as_str()).is_some_and(|t| !t.is_empty())
                    && d.get("introduction").and_then(|v| v.as_str()).is_some()
            });
            if !ok {
                return Err(reply::reject(40035, "invalid parameter: a video needs a description part with title and introduction"));
            }
        }
        let m = store(&state, &app_id, &media_type, true, file);
        let mut out = serde_json::json!({"media_id": m.media_id});
        if media_type == "image" {
            out["url"] = format!("http://mmbiz.qpic.cn/sandbox/{}/0", m.media_id).into();
        }
        Ok(reply::json(out))
    }
    .await)
}

pub(super) async fn upload_image(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    either(async {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let file = read_form(form).await?;
        if !["jpg", "jpeg", "png"].contains(&extension(&file.filename).as_str()) {
            return Err(reply::reject(40005, "invalid file type"));
        }
        if file.bytes.len() > MIB {
            return Err(reply::reject(40009, "invalid image size"));
        }
        // Not a material: no media_id, only a URL.
        let m = store(&state, &app_id, "article_image", false, file);
        Ok(reply::json(serde_json::json!({"url": format!("http://mmbiz.qpic.cn/sandbox_article/{}/0", m.media_id)})))
    }
    .await)
}

fn find(state: &Shared, app_id: &str, body: &Bytes, permanent: bool) -> Step<Material> {
    let map = super::json_body(body)?;
    let media_id = super::string(&map, "media_id", 40007)?;
    lookup(state, app_id, media_id, permanent)
}

fn lookup(state: &Shared, app_id: &str, media_id: &str, permanent: bool) -> Step<Material> {
    state
        .material(media_id)
        .filter(|m| m.app_id == app_id && m.permanent == permanent)
        .ok_or_else(|| reply::reject(40007, "invalid media_id"))
}

pub(super) async fn get(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let m = find(&state, &app_id, &body, true)?;
        Ok(if m.media_type == "video" {
            reply::json(serde_json::json!({
                "title": m.title.unwrap_or_default(),
                "description": m.introduction.unwrap_or_default(),
                "down_url": format!("http://sandbox.video.qq.com/{}.mp4", m.media_id),
            }))
        } else {
            reply::bytes(&m.content_type, m.bytes, Some(&m.filename))
        })
    })())
}

pub(super) async fn delete(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let m = find(&state, &app_id, &body, true)?;
        state.lock().materials.remove(&m.media_id);
        Ok(reply::ok())
    })())
}

pub(super) async fn count(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let inner = state.lock();
        let n = |t: &str| {
            inner
                .materials
                .values()
                .filter(|m| m.permanent && m.app_id == app_id && m.media_type == t)
                .count()
        };
        Ok(reply::json(serde_json::json!({
            "voice_count": n("voice"), "video_count": n("video"), "image_count": n("image"), "news_count": 0,
        })))
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
        let kind = super::string(&map, "type", 40004)?;
        if !["image", "video", "voice", "news"].contains(&kind) {
            return Err(reply::reject(40004, "invalid media type"));
        }
        let (offset, count) = super::page(&map)?;
        let inner = state.lock();
        let mut all: Vec<&Material> = inner
            .materials
            .values()
            .filter(|m| m.permanent && m.app_id == app_id && m.media_type == kind)
            .collect();
        all.sort_by(|a, b| a.media_id.cmp(&b.media_id));
        let items: Vec<serde_json::Value> = all
            .iter()
            .skip(offset)
            .take(count)
            .map(|m| serde_json::json!({"media_id": m.media_id, "name": m.filename, "update_time": m.created_at, "url": ""}))
            .collect();
        Ok(reply::json(
            serde_json::json!({"total_count": all.len(), "item_count": items.len(), "item": items}),
        ))
    })())
}

/// `add_news` / `update_news` were switched off in 2022; WeChat answers 45103.
pub(super) async fn legacy_news(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        Err(reply::reject(45103, "This API has been unsupported"))
    })())
}

pub(super) async fn upload_temporary(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    either(async {
        let app_id = super::authorize(&state, &q, None)?;
        let media_type = q.get("type").cloned().unwrap_or_default();
        let file = read_form(form).await?;
        check_file(&media_type, true, &file)?;
        let m = store(&state, &app_id, &media_type, false, file);
        // The real API names the id `thumb_media_id` for thumbs (the official page shows
        // only `media_id`; peer SDKs record the real replies).
        let id_field = if media_type == "thumb" { "thumb_media_id" } else { "media_id" };
        Ok(reply::json(serde_json::json!({"type": media_type, id_field: m.media_id, "created_at": m.created_at})))
    }
    .await)
}

pub(super) async fn get_temporary(
    State(state): State<Shared>,
    Query(q): Query<Params>,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, None)?;
        let media_id = q.get("media_id").map(String::as_str).unwrap_or_default();
        let m = lookup(&state, &app_id, media_id, false)?;
        Ok(if m.media_type == "video" {
            reply::json(
                serde_json::json!({"video_url": format!("http://sandbox.video.qq.com/{}.mp4", m.media_id)}),
            )
        } else {
            reply::bytes(&m.content_type, m.bytes, Some(&m.filename))
        })
    })())
}

pub(super) async fn upload_mass_video(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let media_id = super::string(&map, "media_id", 40007)?;
        let m = lookup(&state, &app_id, media_id, false)?;
        if m.media_type != "video" {
            return Err(reply::reject(40007, "invalid media_id: not a video"));
        }
        Ok(reply::json(
            serde_json::json!({"type": "video", "media_id": state.id("MASSVIDEO"), "created_at": unix_now()}),
        ))
    })())
}

/// `GET /cgi-bin/media/get/jssdk`: the high-definition voice of a temporary voice media, as
/// `voice/speex` bytes; 40007 for an unknown id or a media that is not a voice.
pub(super) fn get_hd_voice() -> axum::routing::MethodRouter<Shared> {
    super::table::get_checked(Some(crate::AppKind::OfficialAccount), &["media_id"], |c| {
        let media_id = c
            .query
            .get("media_id")
            .map(String::as_str)
            .unwrap_or_default();
        let m = lookup(c.state, c.app_id, media_id, false)?;
        if m.media_type != "voice" {
            return Err(reply::reject(40007, "invalid media_id: not a voice"));
        }
        let name = format!("{}.speex", m.media_id);
        Ok(reply::bytes("voice/speex", m.bytes, Some(&name)))
    })
}
