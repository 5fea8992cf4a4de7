//! The shape shared by the enumerations whose wire form is one of a few documented numbers
//! (`scene`, `add_source`, `coordinate_type`...): a Rust enum that serializes as its number
//! and refuses, when decoding, a number the documentation does not list. Written once here,
//! used by the endpoint modules through [`closed_enum!`].

/// `closed_enum!(u8; /// docs\n Name { /// docs\n Variant = 1, ... })`: the enum, its
/// `code()` (the number on the wire, of the given integer type), `Serialize` as that number,
/// and `Deserialize` that refuses an undocumented number with an error naming the type.
macro_rules! closed_enum {
    ($int:ty; $(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// The number on the wire.
            pub fn code(self) -> $int {
                match self { $(Self::$variant => $value),+ }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.code(), s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                match <$int as ::serde::Deserialize>::deserialize(d)? {
                    $($value => Ok(Self::$variant),)+
                    n => Err(::serde::de::Error::custom(format!(
                        concat!(stringify!($name), " {} is not a documented value"),
                        n
                    ))),
                }
            }
        }
    };
}

pub(crate) use closed_enum;
