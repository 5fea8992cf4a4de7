//! The logic behind `#[wx_endpoint]`: parse the attribute and the module, validate them,
//! expand them into request/response types and an `impl ::wx_core::Endpoint`.
//!
//! It lives in an ordinary library (not the proc-macro crate) so that `cargo xtask codegen`
//! can read every declaration with the very same parser to write `docs/ENDPOINTS.md`, and so
//! that tests can snapshot the expansion.

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
