//! Decoding replies: the errcode envelope first, then JSON or bytes.

use crate::endpoint::{DecodeResponse, EndpointMeta, ResponseKind};
use crate::errcode::ErrCode;
use crate::error::Error;
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::fmt;

/// An HTTP reply as received, before decoding.
#[derive(Clone)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub content_disposition: Option<String>,
    pub body: Bytes,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A binary reply (an image, a media file).
#[derive(Clone, PartialEq, Eq)]
pub struct Binary {
    pub content_type: Option<String>,
    /// From `Content-Disposition: attachment; filename="..."`, when given.
    pub filename: Option<String>,
    pub bytes: Bytes,
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("content_type", &self.content_type)
            .field("filename", &self.filename)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A reply that is JSON for some inputs and bytes for others (e.g. `get_material`).
#[derive(Debug, Clone, PartialEq)]
pub enum JsonOrBytes<T> {
    Json(T),
    Bytes(Binary),
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    errcode: Option<i64>,
    #[serde(default, borrow)]
    errmsg: Option<std::borrow::Cow<'a, str>>,
}

/// Looks for a non-zero `errcode`. `Ok(true)` when the body is an envelope (errcode present).
fn check_envelope(body: &[u8], meta: &'static EndpointMeta) -> Result<Option<bool>, Error> {
    let Ok(env) = serde_json::from_slice::<Envelope<'_>>(body) else {
        return Ok(None);
    };
    match env.errcode {
        Some(code) if code != 0 => {
            let message = env.errmsg.map(|m| m.into_owned()).unwrap_or_default();
            Err(Error::Api {
                endpoint: meta.name,
                code: ErrCode::from_code(code),
                rid: request_id(&message),
                message,
            })
        }
        Some(_) => Ok(Some(true)),
        None => Ok(Some(false)),
    }
}

/// Extracts the request id WeChat appends to `errmsg`: `... rid: 6612f3a1-0b7c...` or
/// `... hint: [AbC123]`.
pub fn request_id(errmsg: &str) -> Option<String> {
    if let Some(pos) = errmsg.find("rid:") {
        let rest = errmsg[pos + 4..].trim_start();
        let id: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
        return (!id.is_empty()).then_some(id);
    }
    if let Some(pos) = errmsg.find("hint: [") {
        let rest = &errmsg[pos + 7..];
        let id: String = rest.chars().take_while(|&c| c != ']').collect();
        return (!id.is_empty()).then_some(id);
    }
    None
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(160)]);
    text.chars().filter(|c| !c.is_control()).collect()
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

fn unexpected_status(raw: &RawResponse, meta: &'static EndpointMeta) -> Error {
    Error::Http {
        endpoint: meta.name,
        status: raw.status,
        body_snippet: if meta.secret_response {
            String::new()
        } else {
            snippet(&raw.body)
        },
    }
}

/// Whether a body has an `"errcode"` key. A success reply usually has none, and then the
/// envelope need not be parsed separately (one JSON parse per call instead of two). The
/// pattern cannot match inside a JSON string, where the quotes would be escaped.
fn mentions_errcode(body: &[u8]) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"errcode\""));
    FINDER.find(body).is_some()
}

/// Decodes a JSON reply: envelope first (a non-zero errcode wins over any payload), then `T`.
pub fn decode_json<T: DeserializeOwned>(
    raw: RawResponse,
    meta: &'static EndpointMeta,
) -> Result<T, Error> {
    if mentions_errcode(&raw.body) {
        check_envelope(&raw.body, meta)?;
    }
    if !is_success(raw.status) {
        return Err(unexpected_status(&raw, meta));
    }
    serde_json::from_slice::<T>(&raw.body).map_err(|e| Error::Decode {
        endpoint: meta.name,
        detail: match e.classify() {
            // Not even JSON (an HTML error page from a proxy, a cut-off body).
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("reply is not JSON ({e}); {} bytes", raw.body.len())
            }
            // serde quotes offending values, and this reply carries a token.
            _ if meta.secret_response => {
                format!(
                    "{:?} error at line {} column {}",
                    e.classify(),
                    e.line(),
                    e.column()
                )
            }
            _ => e.to_string(),
        },
    })
}

fn looks_like_json(raw: &RawResponse) -> bool {
    if let Some(ct) = &raw.content_type {
        let ct = ct.to_ascii_lowercase();
        if ct.contains("json") || ct.starts_with("text/plain") {
            return true;
        }
    }
    // Some servers label JSON errors as images; sniff small bodies that open an object.
    raw.body.len() <= 4096
        && raw
            .body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{')
        && serde_json::from_slice::<serde_json::Value>(&raw.body).is_ok()
}

fn filename_of(disposition: Option<&str>) -> Option<String> {
    let d = disposition?;
    let pos = d.find("filename=")?;
    let name = d[pos + 9..].trim().trim_start_matches('"');
    let name = name.split(['"', ';']).next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_owned())
}

fn into_binary(raw: RawResponse) -> Binary {
    Binary {
        filename: filename_of(raw.content_disposition.as_deref()),
        content_type: raw.content_type,
        bytes: raw.body,
    }
}

impl DecodeResponse for Binary {
    const KIND: ResponseKind = ResponseKind::Bytes;
    fn decode(raw: RawResponse, meta: &'static EndpointMeta) -> Result<Self, Error> {
        if looks_like_json(&raw) {
            check_envelope(&raw.body, meta)?;
            if !is_success(raw.status) {
                return Err(unexpected_status(&raw, meta));
            }
            return Err(Error::Decode {
                endpoint: meta.name,
                detail: format!(
                    "expected binary content, got a JSON reply without errcode ({} bytes)",
                    raw.body.len()
                ),
            });
        }
        if !is_success(raw.status) {
            return Err(unexpected_status(&raw, meta));
        }
        Ok(into_binary(raw))
    }
}

impl<T: DeserializeOwned + Send + 'static> DecodeResponse for JsonOrBytes<T> {
    const KIND: ResponseKind = ResponseKind::JsonOrBytes;
    fn decode(raw: RawResponse, meta: &'static EndpointMeta) -> Result<Self, Error> {
        if looks_like_json(&raw) {
            decode_json(raw, meta).map(JsonOrBytes::Json)
        } else if is_success(raw.status) {
            Ok(JsonOrBytes::Bytes(into_binary(raw)))
        } else {
            Err(unexpected_status(&raw, meta))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errcode_key_is_found_only_as_a_key() {
        assert!(mentions_errcode(br#"{"errcode":40001,"errmsg":"x"}"#));
        assert!(mentions_errcode(br#"{"a":1, "errcode" : 0}"#));
        assert!(!mentions_errcode(br#"{"ticket":"t","url":"u"}"#));
        assert!(!mentions_errcode(br#"{"note":"the \"errcode\" field"}"#));
    }

    #[test]
    fn request_ids_are_found_in_both_spellings() {
        assert_eq!(
            request_id("invalid credential rid: 6612f3a1-0b7c0d1e-2f3a4b5c").as_deref(),
            Some("6612f3a1-0b7c0d1e-2f3a4b5c")
        );
        assert_eq!(
            request_id("invalid media_id hint: [Xy12ab]").as_deref(),
            Some("Xy12ab")
        );
        assert_eq!(request_id("ok"), None);
    }

    #[test]
    fn filename_from_content_disposition() {
        assert_eq!(
            filename_of(Some(r#"attachment; filename="a b.jpg""#)).as_deref(),
            Some("a b.jpg")
        );
        assert_eq!(
            filename_of(Some("attachment; filename=x.amr")).as_deref(),
            Some("x.amr")
        );
        assert_eq!(filename_of(Some("attachment")), None);
    }
}
