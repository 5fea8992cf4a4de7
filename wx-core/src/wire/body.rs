//! The parts of a request an endpoint produces: query-string fields and the body.
//!
//! They name no endpoint, so [`crate::endpoint`] can use them while [`super`] renders
//! endpoints into requests.

use crate::error::Error;
use bytes::Bytes;
use serde::Serialize;
use std::fmt;

/// Query-string fields of a request, in declaration order.
///
/// `Debug` hides the value of a field that came from a [`crate::Secret`] or
/// [`crate::AccessToken`], or whose name is a credential's
/// ([`crate::secret::is_credential_name`]).
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Query {
    pub(crate) pairs: Vec<(&'static str, String)>,
    /// Parallel to `pairs`: the value was serialized from a secret type.
    pub(crate) secret: Vec<bool>,
}

impl fmt::Debug for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (i, (name, value)) in self.pairs.iter().enumerate() {
            if self.is_secret(i) {
                map.entry(name, &format_args!("{}", crate::secret::REDACTED));
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

impl Query {
    /// Adds a field; `None`/`null` values are left out. Strings go as they are,
    /// numbers and booleans in their JSON spelling, enums by their serde name.
    pub fn push<T: Serialize + ?Sized>(
        &mut self,
        endpoint: &'static str,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let encode_err = |detail: String| Error::Encode { endpoint, detail };
        let (value, secret) = crate::secret::serializes_secret(|| serde_json::to_value(value));
        let value = value.map_err(|e| encode_err(e.to_string()))?;
        let text = match value {
            serde_json::Value::Null => return Ok(()),
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            other => {
                return Err(encode_err(format!(
                    "query field `{name}` must be a string, number or boolean, not {}",
                    json_kind(&other)
                )))
            }
        };
        self.pairs.push((name, text));
        self.secret.push(secret);
        Ok(())
    }

    /// The fields as (name, value) pairs, in the order they were pushed (the order they
    /// appear in the URL), values not yet URL-encoded. Credentials are included: check
    /// [`is_secret`](Self::is_secret) before showing a value.
    pub fn pairs(&self) -> &[(&'static str, String)] {
        &self.pairs
    }

    /// Whether the value of the `index`-th field is a credential: it came from a
    /// [`crate::Secret`] or [`crate::AccessToken`], or the field's name is a credential's.
    pub fn is_secret(&self, index: usize) -> bool {
        self.secret.get(index).copied().unwrap_or(false)
            || self
                .pairs
                .get(index)
                .is_some_and(|(name, _)| crate::secret::is_credential_name(name))
    }

    /// The values of the fields that are credentials ([`Query::is_secret`]).
    pub(crate) fn secret_values(&self) -> impl Iterator<Item = &str> {
        (0..self.pairs.len())
            .filter(|&i| self.is_secret(i))
            .map(|i| self.pairs[i].1.as_str())
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
        _ => "a scalar",
    }
}

/// The body of a request. `Debug` shows the kind and length, never the content (a JSON
/// body may carry a secret, e.g. the AppSecret of `/cgi-bin/stable_token`).
#[derive(Clone)]
pub enum RequestBody {
    /// No body (GET endpoints, and POST endpoints whose fields all travel in the query).
    Empty,
    /// UTF-8 JSON, sent with `Content-Type: application/json`.
    Json(Bytes),
    /// `multipart/form-data` (uploads).
    Multipart(crate::upload::Multipart),
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestBody::Empty => f.write_str("Empty"),
            RequestBody::Json(bytes) => f.debug_struct("Json").field("len", &bytes.len()).finish(),
            RequestBody::Multipart(form) => f.debug_tuple("Multipart").field(form).finish(),
        }
    }
}

impl RequestBody {
    /// Serializes `value` as a JSON body (raw UTF-8, never `\uXXXX` escapes: WeChat stores
    /// escaped text as it is, so a `\u4e2d` would show as those six characters).
    pub fn json<T: Serialize + ?Sized>(endpoint: &'static str, value: &T) -> Result<Self, Error> {
        serde_json::to_vec(value)
            .map(|v| RequestBody::Json(Bytes::from(v)))
            .map_err(|e| Error::Encode {
                endpoint,
                detail: e.to_string(),
            })
    }

    /// The body's media type, without the multipart boundary (which the HTTP client
    /// adds); `None` for [`RequestBody::Empty`] and for a form without parts, which is sent
    /// as no body at all (an image endpoint given a URL instead of a file: the pages' call
    /// is then a plain POST, and an empty multipart body is not one).
    pub fn content_type(&self) -> Option<&'static str> {
        match self {
            RequestBody::Empty => None,
            RequestBody::Json(_) => Some("application/json"),
            RequestBody::Multipart(m) if m.parts().is_empty() => None,
            RequestBody::Multipart(_) => Some("multipart/form-data"),
        }
    }

    /// Whether the body can be sent again (a streamed reader cannot).
    pub fn is_replayable(&self) -> bool {
        match self {
            RequestBody::Multipart(m) => m.is_replayable(),
            _ => true,
        }
    }
}

#[cfg(test)]
mod empty_form_tests {
    use super::RequestBody;
    use crate::upload::{Multipart, Upload};

    #[test]
    fn a_form_without_parts_has_no_content_type_and_one_with_a_file_has_multipart() {
        let empty = RequestBody::Multipart(Multipart::new("wxa::ocr::read_bank_card"));
        assert_eq!(empty.content_type(), None);
        let mut form = Multipart::new("wxa::ocr::read_bank_card");
        form.file("img", &Upload::from_bytes("a.jpg", vec![1u8]));
        assert_eq!(
            RequestBody::Multipart(form).content_type(),
            Some("multipart/form-data")
        );
    }
}
