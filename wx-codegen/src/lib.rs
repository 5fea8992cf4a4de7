//! The logic behind `#[wx_endpoint]`: parse the attribute and the module, validate them,
//! expand them into request/response types and an `impl ::wx_core::Endpoint`.
//!
//! It lives in an ordinary library (not the proc-macro crate) so that `cargo xtask codegen`
//! can read every declaration with the very same parser to write `docs/ENDPOINTS.md`, and so
//! that tests can snapshot the expansion.
//!
//! ## The contract
//!
//! `#[wx_endpoint(METHOD "/path", app = oa|wxa|both, doc = "https://...", [auth = token|none|app_credentials|app_id|user_token], [host = "api.weixin.qq.com"|"mp.weixin.qq.com"], [response = json|bytes|json_or_bytes], [validate = path])]`
//! goes on a module that holds `pub struct Request` and (unless `response = bytes`)
//! `pub struct Response`. Anything else in the module (impl blocks with convenience
//! constructors, helper types) is kept verbatim. Field options: `#[wx(query)]`,
//! `#[wx(rename = "..")]`, `#[wx(default)]`, `#[wx(file)]` (a `::wx_core::Upload`; makes the
//! body `multipart/form-data`, other body fields become text parts), and `#[wx(alias = "..")]`
//! on replies. `new = false` suppresses the generated `new` so that a module's own typed
//! constructors are the only way to build the request (`material::add::Request::video(file,
//! title, intro)`: a video cannot lack its description).
//!
//! The macro generates, inside the module:
//! - `Request` / `Response` with `Debug, Clone`; requests serialize and replies deserialize
//!   (serde reached through `::wx_core::__private::serde`, so declaring crates need not depend
//!   on serde); `Option` fields omitted when `None`, defaulted when missing. Requests also
//!   deserialize, from ONE flat JSON object holding their query fields and body fields under
//!   their wire names (`rename` honoured; `Option` and `#[wx(default)]` fields, query or body,
//!   may be absent; a query field also takes its URL text, `"20"` for a number): what an
//!   official page's example shows, for the doc-example test and `wx_api::registry`. A key
//!   the request does not have is an `unknown field` error naming it, so a typo cannot pass.
//!   Multipart (upload) requests do not: they hold files. A request's typed constructors and
//!   `new = false` do not bind deserialization; `validate()` still runs before sending.
//!   For requests with no `#[serde]` attribute the impl is a struct literal whose fields
//!   are taken by name from `__private::Fields` (no visitor; a key given twice keeps its last
//!   value); requests with `#[serde]` attributes derive it (`deny_unknown_fields` unless a
//!   field is `flatten`ed, where the flattened type must refuse stray keys itself, as
//!   `wx_api`'s tagged messages do). For structs with
//!   no `#[serde]` attribute the macro writes these impls itself (`wx-codegen/src/serde_impl.rs`):
//!   fields in order out; one slot per field in, keys looked up by one shared helper
//!   (`__private::FieldIndex`). That is most of what an endpoint costs to compile, and
//!   serde_derive's output for it (sequence visitor, field enum) was several times larger.
//!   Behaviour is the derive's (unknown keys skipped, duplicate and missing fields are errors
//!   with serde's messages; the test `tests/tests/it/macro_serde.rs` compares the two on 23 inputs), except
//!   that a JSON array is not accepted as a struct. Structs with `#[serde]` attributes (e.g.
//!   `flatten`) and enum replies still derive; `#[wx(...)]` options inside enum variants become
//!   serde attributes;
//! - `Request::new(required fields)` and a setter per optional field (`impl Into<String>` for
//!   string-like types only, so integer literals keep inferring); a setter is as visible as its
//!   field, so a private field stays reachable only through the module's own constructors;
//! - `impl ::wx_core::Endpoint for Request`: `META` (name — the module path without the crate, e.g. `oa::qrcode::create`, which errors and logs show, and which the generated `validate()` stamps on its errors —, method, host, path, auth, body kind,
//!   response kind, app scope, doc URL), `query()` (query-string fields), `body()` (JSON of the
//!   non-query fields, through a borrowed view struct when some fields go to the query),
//!   `validate()` when `validate = f` is given; `type Scope` (which kinds of app may call it);
//! - `impl ::wx_core::DecodeResponse for Response` (envelope first, then JSON);
//! - rustdoc naming method, full URL, auth, body/reply kinds, app kind and the official page.
//!
//! `auth = user_token` requires `#[wx(query)] access_token: ::wx_core::UserToken` (the user's
//! OAuth token, which the request carries itself); no mode may have a field that duplicates
//! the parameters it adds (`access_token`; `appid`, `secret`; `appid`).
//!
//! Misuse is a `compile_error!` spanned on the offending token (26 macro-misuse cases in
//! `tests/ui/fail`, beside 3 type-level ones: app kinds both ways, a private setter).

mod args;
mod decl;
mod expand;
mod serde_impl;

pub use args::{AppDecl, AuthDecl, BodyDecl, HostDecl, MethodDecl, ResponseDecl};
pub use decl::{EndpointDecl, FieldDecl};

use proc_macro2::TokenStream;

/// Expands `#[wx_endpoint(args)] item`; misuse becomes `compile_error!` with a span.
pub fn expand_endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    match syn::parse2::<syn::ItemMod>(item.clone()) {
        Ok(module) => match EndpointDecl::parse(args, module.clone()) {
            Ok(decl) => expand::expand(&decl),
            Err(e) => {
                // Every error at once, then the module as written (without the generated
                // items): code elsewhere that uses it still resolves, so the user sees the
                // declaration's errors instead of a cascade of "cannot find" at use sites.
                let mut out = e.to_compile_error();
                out.extend(decl::as_written(module));
                out
            }
        },
        Err(_) => {
            let mut out = syn::Error::new(
                proc_macro2::Span::call_site(),
                "#[wx_endpoint] goes on a module holding `pub struct Request` and `pub struct Response`, \
                 e.g. `#[wx_endpoint(POST \"/cgi-bin/qrcode/create\", app = oa, doc = \"...\")] pub mod create_qrcode { ... }`",
            )
            .to_compile_error();
            out.extend(item);
            out
        }
    }
}
