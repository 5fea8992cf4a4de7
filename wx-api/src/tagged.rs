//! Messages whose JSON is `{"msgtype": "T", "T": {...payload...}}`: one enum variant per
//! type, so a payload can only travel with its own `msgtype`.

/// Declares such an enum with its `Serialize` (two entries, for use with
/// `#[serde(flatten)]`) and `Deserialize` (reads `msgtype`, then the payload it names; any
/// other key is an error, so a request that flattens the message still refuses unknown keys).
///
/// `Variant(T) = "tag"` puts the payload under `"tag"`; `Variant(T) = "tag" in "key"` under
/// `"key"` (mass-send images: `"msgtype":"image"` with the payload in `"images"`).
macro_rules! tagged_message {
    (@key $tag:literal) => { $tag };
    (@key $tag:literal $key:literal) => { $key };
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $tag:literal $(in $key:literal)?, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )*
        }

        impl $name {
            /// The `msgtype` on the wire.
            pub fn msgtype(&self) -> &'static str {
                match self {
                    $( Self::$variant(_) => $tag, )*
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("msgtype", self.msgtype())?;
                match self {
                    $( Self::$variant(payload) => {
                        map.serialize_entry($crate::tagged::tagged_message!(@key $tag $($key)?), payload)?
                    } )*
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
                let tag = map
                    .get("msgtype")
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| D::Error::missing_field("msgtype"))?
                    .to_owned();
                let mut payload = |key: &str| {
                    map.remove(key).ok_or_else(|| {
                        D::Error::custom(format!("`msgtype` is {tag:?} but there is no `{key}` object"))
                    })
                };
                let message = match tag.as_str() {
                    $( $tag => serde_json::from_value(payload($crate::tagged::tagged_message!(@key $tag $($key)?))?)
                        .map(Self::$variant)
                        .map_err(D::Error::custom), )*
                    other => Err(D::Error::unknown_variant(other, &[$($tag),*])),
                }?;
                // Flattened into a request, this sees the keys the request's own fields did
                // not take: any besides `msgtype` and the payload is a key nobody reads.
                match map.keys().find(|k| k.as_str() != "msgtype") {
                    Some(extra) => Err(D::Error::custom(format!(
                        "unknown field `{extra}`: a `{tag}` message holds only `msgtype` and its payload"
                    ))),
                    None => Ok(message),
                }
            }
        }
    };
}

pub(crate) use tagged_message;
