//! The shared pieces of the serde impls that `#[wx_endpoint]` writes itself.
//!
//! The macro writes `Serialize`/`Deserialize` for plain endpoint structs instead of deriving
//! them: the derived code (sequence visitors, a field enum with its own visitor) is mostly
//! never used for JSON, yet every endpoint paid its compile time. Key lookup lives here,
//! once, so a generated impl is a slot per field and a `match` on the key's position.
//!
//! Requests deserialize too, from one flat JSON object holding their query and body fields
//! (doc-example fixtures, the endpoint registry): there an unknown key is an error naming it
//! ([`KnownField`]), and a query field accepts its value as URL text ([`QueryValue`]).

use serde::de::{self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

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

/// Like [`FieldIndex`], but a key outside the list is an `unknown field` error naming it
/// and the accepted names (requests: a typo in a fixture must not pass silently). Never
/// yields `None`.
#[derive(Clone, Copy)]
pub struct KnownField(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KnownField {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KnownField {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match self.0.iter().position(|name| *name == v) {
            Some(i) => Ok(Some(i)),
            None => Err(E::unknown_field(v, self.0)),
        }
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        self.visit_str(&String::from_utf8_lossy(v))
    }
}

/// Reads the value of query field `name` into its slot through [`QueryValue`]; a second
/// value is a `duplicate field` error.
#[inline]
pub fn fill_query<'de, A: MapAccess<'de>, T: DeserializeOwned>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(<A::Error as de::Error>::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(QueryValue(name, PhantomData))?);
    Ok(())
}

/// A query-string field's value: its typed JSON form (`20`, `true`, `"image"`), or the text
/// it has in a URL (`"20"`, `"true"`), which is how documentation examples write query
/// parameters. A string is first taken as it is (a `String` field keeps `"20"`), and only
/// if the type refuses it read as JSON (`"20"` → `20u32`). Errors name the field.
pub struct QueryValue<T>(pub &'static str, pub PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for QueryValue<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        query_value(value).map_err(|e| <D::Error as de::Error>::custom(format!("query field `{}`: {e}", self.0)))
    }
}

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
/// derived: [`QueryValue`] without the field name (serde adds it).
pub fn query_field<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    query_value(value).map_err(<D::Error as de::Error>::custom)
}

#[cfg(test)]
mod tests {
    use super::{FieldIndex, KnownField, QueryValue};
    use std::marker::PhantomData;
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

    #[test]
    fn known_fields_refuse_an_unknown_key_by_name() {
        let names: &'static [&'static str] = &["openid", "lang"];
        let at = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            KnownField(names).deserialize(&mut de)
        };
        assert_eq!(at("\"lang\"").ok(), Some(Some(1)));
        let err = at("\"langg\"").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("unknown field `langg`"), "{err}");
        assert!(err.contains("`openid`"), "{err}");
    }

    #[test]
    fn query_values_take_url_text_or_json() {
        let num = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            QueryValue::<u32>("count", PhantomData).deserialize(&mut de)
        };
        assert_eq!(num("20").ok(), Some(20));
        assert_eq!(num("\"20\"").ok(), Some(20));
        let err = num("\"twenty\"").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("query field `count`"), "{err}");
        let text = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            QueryValue::<String>("next_openid", PhantomData).deserialize(&mut de)
        };
        // A string field keeps digits as text.
        assert_eq!(text("\"20\"").ok().as_deref(), Some("20"));
        assert!(text("20").is_err());
    }
}
