//! Code generation for a checked [`EndpointDecl`].

use crate::args::{AppDecl, AuthDecl, BodyDecl, HostDecl, MethodDecl, ResponseDecl};
use crate::decl::{EndpointDecl, FieldDecl};
use crate::serde_impl;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Fields, Item, Type};

fn last_segment_is(ty: &Type, names: &[&str]) -> bool {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| names.iter().any(|n| s.ident == n)),
        _ => false,
    }
}

/// Types built from strings (`From<&str>`, `From<String>`).
const STRING_LIKE: &[&str] = &[
    "String",
    "Secret",
    "AccessToken",
    "UserToken",
    "RefreshToken",
];

/// Constructor and setter parameters take `impl Into<T>` for string-like types only:
/// for numbers it would break literal inference (`new(5)` for a `u32`).
fn param_type(ty: &Type) -> TokenStream {
    if last_segment_is(ty, STRING_LIKE) {
        quote!(impl ::core::convert::Into<#ty>)
    } else {
        quote!(#ty)
    }
}

fn param_value(ident: &syn::Ident, ty: &Type) -> TokenStream {
    if last_segment_is(ty, STRING_LIKE) {
        quote!(::core::convert::Into::into(#ident))
    } else {
        quote!(#ident)
    }
}

/// Which way a struct goes through serde.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// The body view of a request: serialized only.
    Out,
    /// Replies: deserialized only.
    In,
    /// Requests: serialized, and deserialized from one flat object of query and body
    /// fields (query fields through `__private::query_field`).
    Both,
}

/// serde attributes for a field, for the direction its struct goes.
fn serde_attrs(f: &FieldDecl, direction: Direction) -> TokenStream {
    let mut parts = Vec::new();
    if let Some(rename) = &f.rename {
        parts.push(quote!(rename = #rename));
    }
    if direction != Direction::Out {
        for alias in &f.aliases {
            parts.push(quote!(alias = #alias));
        }
        if f.option_of.is_some() || f.default {
            parts.push(quote!(default));
        }
    }
    if direction != Direction::In && f.option_of.is_some() {
        parts.push(quote!(
            skip_serializing_if = "::core::option::Option::is_none"
        ));
    }
    if direction == Direction::Both && f.query {
        parts.push(quote!(
            deserialize_with = "::wx_core::__private::query_field"
        ));
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// Field definitions as declared (doc comments kept), with the serde attributes for
/// `direction` when the struct's serde impls are derived (`None`: written out, or none).
fn field_defs(fields: &[FieldDecl], direction: Option<Direction>) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let FieldDecl {
                ident,
                ty,
                attrs,
                vis,
                ..
            } = f;
            let serde = direction.map(|d| serde_attrs(f, d));
            quote!(#(#attrs)* #serde #vis #ident: #ty)
        })
        .collect()
}

/// How a struct goes through serde.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SerdeMode {
    /// No serde at all (multipart requests hold `Upload`s, which have no serde form).
    None,
    /// `Serialize`/`Deserialize` written out by [`serde_impl`] (no `#[serde]` attributes).
    Written,
    /// Derived, for structs that carry `#[serde]` attributes of their own.
    Derived,
}

/// The derives of a generated struct (`serde_traits`: the serde derives when derived).
/// Replies only deserialize; requests serialize, and deserialize from one flat object
/// (doc-example fixtures, `wx_api::registry`). Replies never serialize: that would add
/// serde code to every endpoint (compile time) for a use the SDK does not have.
fn derive_header(mode: SerdeMode, serde_traits: &[&str]) -> TokenStream {
    match mode {
        SerdeMode::None | SerdeMode::Written => {
            quote!(#[derive(::core::fmt::Debug, ::core::clone::Clone)])
        }
        SerdeMode::Derived => {
            let krate = serde_impl::derive_crate_attr();
            let traits = serde_traits.iter().map(|t| format_ident!("{}", t));
            quote! {
                #[derive(::core::fmt::Debug, ::core::clone::Clone, #(::wx_core::__private::serde::#traits),*)]
                #krate
            }
        }
    }
}

fn summary_doc(d: &EndpointDecl) -> String {
    let auth = match d.auth {
        AuthDecl::Token => "access token in the query",
        AuthDecl::None => "no access token",
        AuthDecl::AppCredentials => "appid and secret in the query (sent once: never retried)",
        AuthDecl::AppId => "appid in the query",
        AuthDecl::UserToken => "the user's access token (`access_token` field) in the query",
    };
    format!(
        "`{} {}` — {}; body: {}; reply: {}; for: {}.\n\nOfficial documentation: <{}>",
        d.method_str(),
        d.full_url(),
        auth,
        d.body_str(),
        d.response_str(),
        d.app_str(),
        d.doc_url,
    )
}

fn constructor(d: &EndpointDecl) -> TokenStream {
    let required: Vec<&FieldDecl> = d
        .request_fields
        .iter()
        .filter(|f| f.option_of.is_none() && !f.default)
        .collect();
    let params = required.iter().map(|f| {
        let ident = &f.ident;
        let ty = param_type(&f.ty);
        quote!(#ident: #ty)
    });
    let inits = d.request_fields.iter().map(|f| {
        let ident = &f.ident;
        if f.option_of.is_some() {
            quote!(#ident: ::core::option::Option::None)
        } else if f.default {
            quote!(#ident: ::core::default::Default::default())
        } else {
            let value = param_value(ident, &f.ty);
            quote!(#ident: #value)
        }
    });
    let setters = d.request_fields.iter().filter_map(|f| {
        let inner = f.option_of.as_ref()?;
        let ident = &f.ident;
        let ty = param_type(inner);
        let value = param_value(&format_ident!("value"), inner);
        // The field's own doc text, then what the setter does.
        let field_docs = f.attrs.iter().filter(|a| a.path().is_ident("doc"));
        let blank = f
            .attrs
            .iter()
            .any(|a| a.path().is_ident("doc"))
            .then(|| quote!(#[doc = ""]));
        let doc = format!("Sets the optional `{}`.", f.wire_name());
        // A setter is as visible as its field: a private field (one that only the module's
        // typed constructors may set) must not gain a public way in.
        let vis = &f.vis;
        let allow_unused =
            matches!(vis, syn::Visibility::Inherited).then(|| quote!(#[allow(dead_code)]));
        Some(quote! {
            #(#field_docs)*
            #blank
            #[doc = #doc]
            #[must_use]
            #[inline]
            #allow_unused
            #vis fn #ident(mut self, value: #ty) -> Self {
                self.#ident = ::core::option::Option::Some(#value);
                self
            }
        })
    });
    let new_fn = d.generate_new.then(|| {
        quote! {
            /// Creates the request from its required fields; optional fields have setters.
            #[allow(clippy::too_many_arguments, clippy::new_without_default)]
            #[inline]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    });
    quote! {
        impl Request {
            #new_fn
            #(#setters)*
        }
    }
}

fn body_fn(d: &EndpointDecl, mode: SerdeMode) -> TokenStream {
    let body_fields: Vec<&FieldDecl> = d.request_fields.iter().filter(|f| !f.query).collect();
    match d.body {
        BodyDecl::None => quote!(::core::result::Result::Ok(
            ::wx_core::wire::RequestBody::Empty
        )),
        BodyDecl::Multipart => {
            let parts = body_fields.iter().map(|f| {
                let ident = &f.ident;
                let wire = f.wire_name();
                match (f.file, &f.option_of) {
                    (true, Some(_)) => quote! {
                        if let ::core::option::Option::Some(upload) = &self.#ident {
                            form.file(#wire, upload);
                        }
                    },
                    (true, None) => quote!(form.file(#wire, &self.#ident);),
                    (false, _) => quote!(form.text(#wire, &self.#ident)?;),
                }
            });
            quote! {
                let mut form = ::wx_core::upload::Multipart::new(<Self as ::wx_core::Endpoint>::META.name);
                #(#parts)*
                ::core::result::Result::Ok(::wx_core::wire::RequestBody::Multipart(form))
            }
        }
        BodyDecl::Json if body_fields.len() == d.request_fields.len() => {
            quote!(::wx_core::wire::RequestBody::json(
                <Self as ::wx_core::Endpoint>::META.name,
                self
            ))
        }
        BodyDecl::Json if mode == SerdeMode::Written => {
            // Some fields go to the query: serialize the others through a borrowing wrapper.
            let body_impl =
                serde_impl::serialize(quote!(Body<'_>), "Body", quote!(self.0), &body_fields);
            quote! {
                struct Body<'a>(&'a Request);
                #body_impl
                ::wx_core::wire::RequestBody::json(<Self as ::wx_core::Endpoint>::META.name, &Body(self))
            }
        }
        BodyDecl::Json => {
            // Some fields go to the query: serialize a borrowed view of the others.
            let defs = body_fields.iter().map(|f| {
                let ident = &f.ident;
                let serde = serde_attrs(f, Direction::Out);
                match &f.option_of {
                    Some(inner) => quote!(#serde #ident: ::core::option::Option<&'a #inner>),
                    None => {
                        let ty = &f.ty;
                        quote!(#serde #ident: &'a #ty)
                    }
                }
            });
            let inits = body_fields.iter().map(|f| {
                let ident = &f.ident;
                if f.option_of.is_some() {
                    quote!(#ident: self.#ident.as_ref())
                } else {
                    quote!(#ident: &self.#ident)
                }
            });
            let krate = serde_impl::derive_crate_attr();
            quote! {
                #[derive(::wx_core::__private::serde::Serialize)]
                #krate
                struct Body<'a> { #(#defs),* }
                ::wx_core::wire::RequestBody::json(<Self as ::wx_core::Endpoint>::META.name, &Body { #(#inits),* })
            }
        }
    }
}

pub(crate) fn expand(d: &EndpointDecl) -> TokenStream {
    let module = &d.module;
    let vis = &d.vis;
    let mod_attrs = &d.attrs;
    let other_items = &d.other_items;
    let path = &d.path;
    let doc_url = &d.doc_url;
    let summary = summary_doc(d);

    let request_attrs = &d.request_attrs;
    let request_mode = if d.body == BodyDecl::Multipart {
        SerdeMode::None
    } else if serde_impl::is_plain(&d.request_attrs, &d.request_fields) {
        SerdeMode::Written
    } else {
        SerdeMode::Derived
    };
    let mut request_derives = derive_header(request_mode, &["Serialize", "Deserialize"]);
    let request_fields = if request_mode == SerdeMode::Derived {
        // An unknown key is an error, as in the written-out impl; serde cannot combine
        // that with `flatten` (the flattened part takes the keys it does not know).
        let flatten = d.request_fields.iter().any(|f| {
            f.attrs
                .iter()
                .any(|a| a.path().is_ident("serde") && quote!(#a).to_string().contains("flatten"))
        });
        if !flatten {
            request_derives.extend(quote!(#[serde(deny_unknown_fields)]));
        }
        field_defs(&d.request_fields, Some(Direction::Both))
    } else {
        field_defs(&d.request_fields, None)
    };
    // Written-out serde: the request deserializes from one flat object of all its fields.
    let request_deserialize = (request_mode == SerdeMode::Written)
        .then(|| serde_impl::deserialize_request(&d.request_fields));
    // Written-out serde: only a JSON body whose fields all go to the body serializes the
    // request itself (GET requests and query fields go through `Endpoint::query`).
    let request_serialize = (request_mode == SerdeMode::Written
        && d.body == BodyDecl::Json
        && d.request_fields.iter().all(|f| !f.query))
    .then(|| {
        let fields: Vec<&FieldDecl> = d.request_fields.iter().collect();
        serde_impl::serialize(quote!(Request), "Request", quote!(self), &fields)
    });
    let constructor = constructor(d);

    // A reply the user left undocumented still says what it is.
    let response_doc = |attrs: &[syn::Attribute]| {
        let documented = attrs.iter().any(|a| a.path().is_ident("doc"));
        (!documented).then(|| {
            let doc = format!("The reply of `{} {}`.", d.method_str(), d.full_url());
            quote!(#[doc = #doc])
        })
    };
    // `#[non_exhaustive]`: WeChat adds reply fields all the time, and adding one to a
    // declaration must not break code that uses the reply (`Response::from_json` is how
    // code outside the crate makes one).
    let response_item = d.response_item.as_ref().map(|item| match item {
        Item::Struct(s) if serde_impl::is_plain(&s.attrs, &d.response_fields) => {
            let attrs = &s.attrs;
            let doc = response_doc(attrs);
            let vis = &s.vis;
            let derives = derive_header(SerdeMode::Written, &["Deserialize"]);
            let fields = field_defs(&d.response_fields, None);
            let deserialize = serde_impl::deserialize("Response", &d.response_fields);
            quote! {
                #(#attrs)*
                #doc
                #derives
                #[non_exhaustive]
                #vis struct Response { #(#fields),* }
                #deserialize
            }
        }
        Item::Struct(s) => {
            let attrs = &s.attrs;
            let doc = response_doc(attrs);
            let vis = &s.vis;
            let derives = derive_header(SerdeMode::Derived, &["Deserialize"]);
            let fields = field_defs(&d.response_fields, Some(Direction::In));
            quote! {
                #(#attrs)*
                #doc
                #derives
                #[non_exhaustive]
                #vis struct Response { #(#fields),* }
            }
        }
        Item::Enum(e) => {
            // Variant fields get their `#[wx(...)]` options back as serde attributes, and
            // keep their other attributes (doc comments) as declared. A variant may gain
            // fields and the enum variants, so both are `#[non_exhaustive]`.
            let mut e = e.clone();
            for (variant, fields) in e.variants.iter_mut().zip(&d.response_variant_fields) {
                if let Fields::Named(named) = &mut variant.fields {
                    let defs = field_defs(fields, Some(Direction::In));
                    *named = syn::parse_quote!({ #(#defs),* });
                }
                variant.attrs.push(syn::parse_quote!(#[non_exhaustive]));
            }
            if let Some(doc) = response_doc(&e.attrs) {
                e.attrs.insert(0, syn::parse_quote!(#doc));
            }
            e.attrs.push(syn::parse_quote!(#[non_exhaustive]));
            let derives = derive_header(SerdeMode::Derived, &["Deserialize"]);
            quote!(#derives #e)
        }
        other => {
            let derives = derive_header(SerdeMode::Derived, &["Deserialize"]);
            quote!(#derives #other)
        }
    });
    let from_json_doc = format!(
        "Decodes `json` as the reply of `{} {}`, exactly as the client decodes it: an \
         envelope with a non-zero `errcode` is `Error::Api`, JSON that does not fit this type \
         is `Error::Decode`.\n\n\
         `Response` is `#[non_exhaustive]` (WeChat adds reply fields): this is how code \
         outside the crate that declares it makes one, e.g. a test's canned reply.",
        d.method_str(),
        d.full_url()
    );
    let decode_impl = d.response_item.as_ref().map(|_| {
        quote! {
            impl Response {
                #[doc = #from_json_doc]
                #[inline]
                pub fn from_json(json: &str) -> ::core::result::Result<Self, ::wx_core::Error> {
                    ::wx_core::__private::decode_json_text(json, <Request as ::wx_core::Endpoint>::META)
                }
            }

            impl ::wx_core::DecodeResponse for Response {
                const KIND: ::wx_core::ResponseKind = ::wx_core::ResponseKind::Json;
                #[inline]
                fn decode(
                    raw: ::wx_core::RawResponse,
                    meta: &'static ::wx_core::EndpointMeta,
                ) -> ::core::result::Result<Self, ::wx_core::Error> {
                    ::wx_core::__private::decode_json(raw, meta)
                }
            }
        }
    });
    let response_type = match d.response {
        ResponseDecl::Json => quote!(Response),
        ResponseDecl::Bytes => quote!(::wx_core::Binary),
        ResponseDecl::JsonOrBytes => quote!(::wx_core::JsonOrBytes<Response>),
    };
    let secret_response = d.response_fields.iter().any(|f| {
        last_segment_is(
            f.option_of.as_ref().unwrap_or(&f.ty),
            &["AccessToken", "Secret", "UserToken", "RefreshToken"],
        )
    });

    let method = match d.method {
        MethodDecl::Get => quote!(Get),
        MethodDecl::Post => quote!(Post),
    };
    let host = match d.host {
        HostDecl::Api => quote!(Api),
        HostDecl::Mp => quote!(Mp),
    };
    let auth = match d.auth {
        AuthDecl::Token => quote!(AccessToken),
        AuthDecl::None => quote!(None),
        AuthDecl::AppCredentials => quote!(AppCredentials),
        AuthDecl::AppId => quote!(AppId),
        AuthDecl::UserToken => quote!(UserToken),
    };
    let body_kind = match d.body {
        BodyDecl::None => quote!(None),
        BodyDecl::Json => quote!(Json),
        BodyDecl::Multipart => quote!(Multipart),
    };
    let response_kind = match d.response {
        ResponseDecl::Json => quote!(Json),
        ResponseDecl::Bytes => quote!(Bytes),
        ResponseDecl::JsonOrBytes => quote!(JsonOrBytes),
    };
    let (scope, app) = match d.app {
        AppDecl::OfficialAccount => (quote!(OfficialAccountOnly), quote!(OfficialAccount)),
        AppDecl::MiniProgram => (quote!(MiniProgramOnly), quote!(MiniProgram)),
        AppDecl::Both => (quote!(AnyApp), quote!(Both)),
    };
    let validate = d.validate.as_ref().map(|path| {
        quote! {
            #[inline]
            fn validate(&self) -> ::core::result::Result<(), ::wx_core::ValidationError> {
                // Whatever name the check used, the error names this endpoint as META does.
                #path(self).map_err(|e| e.for_endpoint(<Self as ::wx_core::Endpoint>::META.name))
            }
        }
    });
    let query_pushes = d.request_fields.iter().filter(|f| f.query).map(|f| {
        let ident = &f.ident;
        let wire = f.wire_name();
        quote!(query.push(<Self as ::wx_core::Endpoint>::META.name, #wire, &self.#ident)?;)
    });
    let body = body_fn(d, request_mode);

    quote! {
        #(#mod_attrs)*
        #[doc = ""]
        #[doc = #summary]
        #vis mod #module {
            #(#other_items)*

            #(#request_attrs)*
            #[doc = ""]
            #[doc = #summary]
            #request_derives
            pub struct Request { #(#request_fields),* }

            #request_serialize

            #request_deserialize

            #constructor

            #response_item

            #decode_impl

            impl ::wx_core::Endpoint for Request {
                type Response = #response_type;
                type Scope = ::wx_core::app::#scope;
                const META: &'static ::wx_core::EndpointMeta = &::wx_core::EndpointMeta {
                    // `module_path!()` is this endpoint's own module, e.g.
                    // `wx_api::oa::qrcode::create`.
                    name: ::wx_core::__private::qualified_name(::core::module_path!()),
                    method: ::wx_core::Method::#method,
                    host: ::wx_core::Host::#host,
                    path: #path,
                    auth: ::wx_core::Auth::#auth,
                    body: ::wx_core::BodyKind::#body_kind,
                    response: ::wx_core::ResponseKind::#response_kind,
                    app: ::wx_core::AppScope::#app,
                    doc_url: #doc_url,
                    secret_response: #secret_response,
                };
                #validate
                #[inline]
                #[allow(unused_variables)]
                fn query(
                    &self,
                    query: &mut ::wx_core::wire::Query,
                ) -> ::core::result::Result<(), ::wx_core::Error> {
                    #(#query_pushes)*
                    ::core::result::Result::Ok(())
                }
                #[inline]
                fn body(&self) -> ::core::result::Result<::wx_core::wire::RequestBody, ::wx_core::Error> {
                    #body
                }
            }
        }
    }
}
