//! `Serialize` / `Deserialize` written out for plain endpoint structs.
//!
//! serde's derives emit a sequence visitor, a field enum with a visitor of its own and
//! per-field bookkeeping for every struct, and type-checking all of it was most of an
//! endpoint's compile time. Endpoints only ever meet JSON objects, so for a struct whose
//! fields carry no `#[serde]` attribute the macro writes the few lines that JSON needs:
//! fields in order (optional ones skipped when `None`) out, and one slot per field filled
//! from a map in. Behaviour matches the derive: unknown keys are skipped, a key given twice
//! is a `duplicate field` error, a missing required field a `missing field` error, a
//! missing `Option` or `#[wx(default)]` field its default. Anything with `#[serde]`
//! attributes still goes through the derive.
//!
//! Requests deserialize too ([`deserialize_request`]), from one flat object of their query
//! and body fields, more cheaply still: a struct literal of `Fields` look-ups, no visitor.

use crate::decl::FieldDecl;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Attribute;

const SERDE: &str = "::wx_core::__private::serde";

fn serde_path() -> TokenStream {
    quote!(::wx_core::__private::serde)
}

/// True when the struct and its fields carry no `#[serde]` attribute: the written-out
/// impls then mean exactly what the derive would.
pub(crate) fn is_plain(struct_attrs: &[Attribute], fields: &[FieldDecl]) -> bool {
    let serde = |attrs: &[Attribute]| attrs.iter().any(|a| a.path().is_ident("serde"));
    !serde(struct_attrs) && !fields.iter().any(|f| serde(&f.attrs))
}

/// `impl Serialize for #ty`, reading the fields through `#this` (`self` or `self.0`).
pub(crate) fn serialize(
    ty: TokenStream,
    type_name: &str,
    this: TokenStream,
    fields: &[&FieldDecl],
) -> TokenStream {
    let serde = serde_path();
    let required = fields.iter().filter(|f| f.option_of.is_none()).count();
    let optional = fields.iter().filter(|f| f.option_of.is_some()).map(|f| {
        let ident = &f.ident;
        quote!(+ usize::from(::core::option::Option::is_some(&#this.#ident)))
    });
    let calls = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = f.wire_name();
        let call = quote! {
            #serde::ser::SerializeStruct::serialize_field(&mut state, #wire, &#this.#ident)?;
        };
        if f.option_of.is_some() {
            quote!(if ::core::option::Option::is_some(&#this.#ident) { #call })
        } else {
            call
        }
    });
    quote! {
        impl #serde::Serialize for #ty {
            fn serialize<S: #serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let mut state = #serde::Serializer::serialize_struct(
                    serializer,
                    #type_name,
                    #required #(#optional)*,
                )?;
                #(#calls)*
                #serde::ser::SerializeStruct::end(state)
            }
        }
    }
}

/// `impl Deserialize for Request`, from one flat object of its query and body fields:
/// a struct literal whose fields are taken from `__private::Fields` by name (query fields
/// through `*_query`, which also take URL text), then any key left is refused. Plain calls
/// and no visitor: about what a struct literal costs to compile.
pub(crate) fn deserialize_request(fields: &[FieldDecl]) -> TokenStream {
    let serde = serde_path();
    let names: Vec<String> = fields.iter().map(FieldDecl::wire_name).collect();
    let inits = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = f.wire_name();
        let take = match (f.query, f.option_of.is_some() || f.default) {
            (false, false) => quote!(required),
            (false, true) => quote!(optional),
            (true, false) => quote!(required_query),
            (true, true) => quote!(optional_query),
        };
        quote!(#ident: f.#take(#wire)?)
    });
    quote! {
        impl<'de> #serde::Deserialize<'de> for Request {
            fn deserialize<D: #serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wx_core::__private::request_fields(deserializer, &[#(#names),*], |f| {
                    ::core::result::Result::Ok(Request { #(#inits),* })
                })
            }
        }
    }
}

/// `impl Deserialize for Response` (a struct with named fields).
pub(crate) fn deserialize(type_name: &str, fields: &[FieldDecl]) -> TokenStream {
    let serde = serde_path();
    // Accepted names: each field's wire name at its own position, aliases after them.
    let mut names: Vec<String> = fields.iter().map(FieldDecl::wire_name).collect();
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let ident = &f.ident;
        let ty = &f.ty;
        let wire = f.wire_name();
        let slot = format_ident!("__field{}", i);
        let mut positions = vec![i];
        for alias in &f.aliases {
            positions.push(names.len());
            names.push(alias.value());
        }
        slots.push(
            quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;),
        );
        arms.push(quote! {
            #(::core::option::Option::Some(#positions))|* => {
                ::wx_core::__private::fill(&mut map, &mut #slot, #wire)?
            }
        });
        inits.push(if f.option_of.is_some() || f.default {
            quote!(#ident: ::core::option::Option::unwrap_or_default(#slot))
        } else {
            quote!(#ident: ::wx_core::__private::required(#slot, #wire)?)
        });
    }
    let expecting = format!("struct {type_name}");
    let ident = format_ident!("{}", type_name);
    quote! {
        impl<'de> #serde::Deserialize<'de> for #ident {
            fn deserialize<D: #serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                const NAMES: &[&str] = &[#(#names),*];
                struct Visitor;
                impl<'de> #serde::de::Visitor<'de> for Visitor {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: #serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<#ident, A::Error> {
                        #(#slots)*
                        while let ::core::option::Option::Some(key) =
                            #serde::de::MapAccess::next_key_seed(&mut map, ::wx_core::__private::FieldIndex(NAMES))?
                        {
                            match key {
                                #(#arms)*
                                _ => {
                                    #serde::de::MapAccess::next_value::<#serde::de::IgnoredAny>(&mut map)?;
                                }
                            }
                        }
                        ::core::result::Result::Ok(#ident { #(#inits),* })
                    }
                }
                #serde::Deserializer::deserialize_struct(deserializer, #type_name, NAMES, Visitor)
            }
        }
    }
}

/// The derive attributes for the fallback path (structs with `#[serde]` attributes).
pub(crate) fn derive_crate_attr() -> TokenStream {
    quote!(#[serde(crate = #SERDE)])
}
