//! The one non-generic piece of the serde impls that `#[wx_endpoint]` writes itself.
//!
//! The macro writes `Serialize`/`Deserialize` for plain endpoint structs instead of deriving
//! them: the derived code (sequence visitors, a field enum with its own visitor) is mostly
//! never used for JSON, yet every endpoint paid its compile time. Key lookup lives here,
//! once, so a generated impl is a slot per field and a `match` on the key's position.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
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

#[cfg(test)]
mod tests {
    use super::FieldIndex;
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
}
