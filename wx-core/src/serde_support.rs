//! The shared pieces of the serde impls that `#[wx_endpoint]` writes itself.
//!
//! The macro writes `Serialize`/`Deserialize` for plain endpoint structs instead of deriving
//! them: the derived code (sequence visitors, a field enum with its own visitor) is mostly
//! never used for JSON, yet every endpoint paid its compile time. Key lookup lives here,
//! once, so a generated impl is a slot per field and a `match` on the key's position.
//!
//! Requests deserialize too, from one flat JSON object holding their query and body fields
//! (doc-example fixtures, the endpoint registry): [`request_fields`] and [`Fields`]; there
//! an unknown key is an error naming it, and a query field accepts its URL text.

use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor,
};
use std::fmt;

/// Reads the value of field `name` into its slot; a second value is a `duplicate field`
/// error, as with serde's derive.
#[inline]
pub fn fill<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(<A::Error as de::Error>::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field, or a `missing field` error naming it.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Deserializes a map key into its position in a list of accepted names (`None`: a key the
/// struct does not know, which is skipped as serde does by default).
#[derive(Clone, Copy)]
pub struct FieldIndex(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == v))
    }
}

/// A query-string field's value: its typed JSON form (`20`, `true`, `"image"`), or the text
/// it has in a URL (`"20"`, `"true"`), which is how documentation examples write query
/// parameters. A string is first taken as it is (a `String` field keeps `"20"`), and only
/// if the type refuses it read as JSON (`"20"` → `20u32`).
fn query_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, serde_json::Error> {
    match value {
        serde_json::Value::String(text) => {
            match T::deserialize(serde_json::Value::String(text.clone())) {
                Ok(v) => Ok(v),
                // Not a string type: the URL text of a number or boolean.
                Err(e) => serde_json::from_str(&text).map_err(|_| e),
            }
        }
        other => T::deserialize(other),
    }
}

/// `#[serde(deserialize_with)]` for the query fields of requests whose serde impls are
/// derived: typed JSON or URL text, as [`Fields::required_query`] takes them.
pub fn query_field<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    query_value(value).map_err(<D::Error as de::Error>::custom)
}

/// The fields of one flat JSON object, taken one by one by a generated request
/// `Deserialize` (`#[wx_endpoint]`): each of [`Fields::required`], [`Fields::optional`] and
/// their `_query` forms removes its key, and [`request_fields`] refuses any key left. Deserializing through a map and plain calls instead of a visitor
/// per request keeps what each endpoint adds to compile time small. A key given twice keeps
/// its last value (`serde_json::Map`).
pub struct Fields(serde_json::Map<String, serde_json::Value>);

impl Fields {
    fn take_value(&mut self, name: &str) -> Option<serde_json::Value> {
        self.0.remove(name)
    }

    fn typed<T: DeserializeOwned>(name: &str, value: serde_json::Value) -> Result<T, String> {
        T::deserialize(value).map_err(|e| format!("field `{name}`: {e}"))
    }

    /// A required field.
    pub fn required<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, String> {
        match self.take_value(name) {
            Some(v) => Self::typed(name, v),
            None => Err(format!("missing field `{name}`")),
        }
    }

    /// An `Option` or `#[wx(default)]` field: its default when absent.
    pub fn optional<T: DeserializeOwned + Default>(&mut self, name: &str) -> Result<T, String> {
        match self.take_value(name) {
            Some(v) => Self::typed(name, v),
            None => Ok(T::default()),
        }
    }

    /// A required query field: typed JSON, or its URL text (`"20"` for a number).
    pub fn required_query<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, String> {
        match self.take_value(name) {
            Some(v) => query_value(v).map_err(|e| format!("query field `{name}`: {e}")),
            None => Err(format!("missing field `{name}`")),
        }
    }

    /// An optional or defaulted query field.
    pub fn optional_query<T: DeserializeOwned + Default>(
        &mut self,
        name: &str,
    ) -> Result<T, String> {
        match self.take_value(name) {
            Some(v) => query_value(v).map_err(|e| format!("query field `{name}`: {e}")),
            None => Ok(T::default()),
        }
    }
}

/// Deserializes a request from one flat JSON object: a key outside `names` (the wire names
/// of its fields) is an `unknown field` error naming it, reported before anything else (a
/// typo is named as such, not as the required field it misses); then `build` takes the
/// fields from [`Fields`].
pub fn request_fields<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    names: &'static [&'static str],
    build: fn(&mut Fields) -> Result<T, String>,
) -> Result<T, D::Error> {
    let map = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
    if let Some(key) = map.keys().find(|k| !names.contains(&k.as_str())) {
        return Err(<D::Error as de::Error>::unknown_field(key, names));
    }
    let mut fields = Fields(map);
    let value = build(&mut fields).map_err(<D::Error as de::Error>::custom)?;
    match fields.0.keys().next() {
        Some(key) => Err(<D::Error as de::Error>::custom(format!(
            "unknown field `{key}`"
        ))),
        None => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::{query_value, request_fields, FieldIndex};
    use serde::de::DeserializeSeed;

    #[test]
    fn keys_map_to_their_position_and_unknown_keys_to_none() {
        let names: &'static [&'static str] = &["ticket", "url", "thumb_media_id"];
        let at = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            FieldIndex(names).deserialize(&mut de)
        };
        assert_eq!(at("\"url\"").ok(), Some(Some(1)));
        assert_eq!(at("\"thumb_media_id\"").ok(), Some(Some(2)));
        // An escaped key is still found (serde_json hands over an unescaped copy).
        assert_eq!(at("\"t\\u0069cket\"").ok(), Some(Some(0)));
        assert_eq!(at("\"other\"").ok(), Some(None));
        assert!(at("17").is_err());
    }

    /// A request of two body fields and two query fields, as the macro writes it.
    #[derive(Debug, PartialEq)]
    struct Probe {
        openid: String,
        note: Option<String>,
        count: u32,
        offset: u32,
    }

    fn probe(json: &str) -> Result<Probe, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        request_fields(&mut de, &["openid", "note", "count", "offset"], |f| {
            Ok(Probe {
                openid: f.required("openid")?,
                note: f.optional("note")?,
                count: f.required_query("count")?,
                offset: f.optional_query("offset")?,
            })
        })
        .map_err(|e| e.to_string())
    }

    #[test]
    fn request_fields_take_query_text_default_what_is_absent_and_refuse_strays() {
        let want = Probe {
            openid: "o1".into(),
            note: None,
            count: 20,
            offset: 0,
        };
        assert_eq!(probe(r#"{"openid":"o1","count":"20"}"#), Ok(want));
        let p = probe(r#"{"openid":"o1","count":20,"offset":"3","note":"n"}"#).unwrap();
        assert_eq!((p.count, p.offset, p.note.as_deref()), (20, 3, Some("n")));
        for (json, expected) in [
            (
                r#"{"openid":"o1","count":1,"cuont":2}"#,
                "unknown field `cuont`",
            ),
            (r#"{"count":1}"#, "missing field `openid`"),
            // A typo of a required field is named as the unknown key it is.
            (
                r#"{"opneid":"o1","count":1}"#,
                "unknown field `opneid`, expected one of `openid`",
            ),
            (r#"{"openid":"o1","count":"twenty"}"#, "query field `count`"),
            (r#"{"openid":7,"count":1}"#, "field `openid`: invalid type"),
            // A body field does not take URL text.
            (r#"{"openid":"o1","count":1,"note":5}"#, "field `note`"),
            ("[1]", "invalid type"),
        ] {
            let err = probe(json).unwrap_err();
            assert!(err.contains(expected), "{json}: {err}");
        }
    }

    #[test]
    fn a_string_field_keeps_digits_as_text() {
        assert_eq!(
            query_value::<String>(serde_json::json!("20"))
                .ok()
                .as_deref(),
            Some("20")
        );
        assert!(query_value::<String>(serde_json::json!(20)).is_err());
        assert_eq!(
            query_value::<bool>(serde_json::json!("true")).ok(),
            Some(true)
        );
    }
}
