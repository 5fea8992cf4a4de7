//! The declaring module: `Request`, `Response`, field options, and everything else kept as is.

use crate::args::{AppDecl, AuthDecl, BodyDecl, HostDecl, MethodDecl, ParsedArgs, ResponseDecl};
use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, Fields, Ident, Item, ItemMod, LitStr, Type, Visibility};

/// One field of `Request` or `Response`, with its `#[wx(...)]` options taken off.
#[derive(Debug, Clone)]
pub struct FieldDecl {
    pub ident: Ident,
    pub ty: Type,
    /// `T` when the field is `Option<T>`.
    pub option_of: Option<Type>,
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub query: bool,
    /// A `::wx_core::Upload` sent as a multipart file part.
    pub file: bool,
    pub default: bool,
    pub rename: Option<LitStr>,
    pub aliases: Vec<LitStr>,
}

impl FieldDecl {
    /// The name on the wire.
    pub fn wire_name(&self) -> String {
        self.rename
            .as_ref()
            .map(LitStr::value)
            .unwrap_or_else(|| self.ident.unraw().to_string())
    }
}

/// A checked endpoint declaration.
#[derive(Debug, Clone)]
pub struct EndpointDecl {
    pub module: Ident,
    pub vis: Visibility,
    pub attrs: Vec<Attribute>,
    pub method: MethodDecl,
    pub path: String,
    pub host: HostDecl,
    pub auth: AuthDecl,
    pub body: BodyDecl,
    pub response: ResponseDecl,
    pub app: AppDecl,
    pub doc_url: String,
    pub validate: Option<syn::Path>,
    pub generate_new: bool,
    pub request_attrs: Vec<Attribute>,
    pub request_fields: Vec<FieldDecl>,
    /// The `Response` struct or enum with field options taken off (absent for bytes replies).
    pub response_item: Option<Item>,
    pub response_fields: Vec<FieldDecl>,
    /// For an enum `Response`: each variant's fields with options taken off (empty for
    /// unit variants), in variant order.
    pub response_variant_fields: Vec<Vec<FieldDecl>>,
    /// Everything else in the module (impl blocks, helper types, `use`s), kept verbatim.
    pub other_items: Vec<Item>,
}

/// Derives `#[wx_endpoint]` writes itself; a user writing them would get a conflict.
const GENERATED_DERIVES: &[&str] = &["Debug", "Clone", "Serialize", "Deserialize"];

fn check_derives(attrs: &[Attribute], errors: &mut Errors) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let checked = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                let name = last.ident.to_string();
                if GENERATED_DERIVES.contains(&name.as_str()) {
                    return Err(syn::Error::new(
                        meta.path.span(),
                        format!(
                            "`{name}` is derived by #[wx_endpoint]; remove it from this derive"
                        ),
                    ));
                }
            }
            Ok(())
        });
        errors.add(checked);
    }
}

fn option_inner(ty: &Type) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(syn::GenericArgument::Type(t)) if args.args.len() == 1 => Some(t.clone()),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// Every error of a declaration, combined into one `syn::Error` so that the compiler shows
/// them all at once.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    fn add(&mut self, result: syn::Result<()>) {
        if let Err(e) = result {
            self.push(e);
        }
    }
}

fn parse_fields(
    fields: &mut Fields,
    side: Side,
    owner: &Ident,
    errors: &mut Errors,
) -> Vec<FieldDecl> {
    let named = match fields {
        Fields::Named(named) => named,
        Fields::Unit => return Vec::new(),
        Fields::Unnamed(u) => {
            errors.push(syn::Error::new(
                u.span(),
                format!("`{owner}` must have named fields (or none: `pub struct {owner} {{}}`)"),
            ));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for field in named.named.iter_mut() {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let mut decl = FieldDecl {
            option_of: option_inner(&field.ty),
            ty: field.ty.clone(),
            ident,
            attrs: Vec::new(),
            vis: field.vis.clone(),
            query: false,
            file: false,
            default: false,
            rename: None,
            aliases: Vec::new(),
        };
        for attr in std::mem::take(&mut field.attrs) {
            if !attr.path().is_ident("wx") {
                decl.attrs.push(attr);
                continue;
            }
            let parsed = attr.parse_nested_meta(|meta| {
                let key = meta
                    .path
                    .get_ident()
                    .map(|i| i.to_string())
                    .unwrap_or_default();
                match key.as_str() {
                    "query" if side == Side::Request => decl.query = true,
                    "file" if side == Side::Request => decl.file = true,
                    "file" => {
                        return Err(meta.error(
                            "`file` applies to `Request` fields only; binary replies use `response = bytes`",
                        ))
                    }
                    "query" => {
                        return Err(meta.error(
                            "`query` applies to `Request` fields only; a reply has no query string",
                        ))
                    }
                    "default" => {
                        if decl.option_of.is_some() {
                            return Err(meta
                                .error("an `Option` field is already optional; remove `default`"));
                        }
                        decl.default = true;
                    }
                    "rename" => decl.rename = Some(meta.value()?.parse()?),
                    "alias" if side == Side::Response => decl.aliases.push(meta.value()?.parse()?),
                    "alias" => return Err(meta.error(
                        "`alias` applies to `Response` fields only (names accepted when decoding)",
                    )),
                    _ => {
                        let allowed = match side {
                            Side::Request => "`query`, `file`, `rename = \"...\"`, `default`",
                            Side::Response => "`rename = \"...\"`, `alias = \"...\"`, `default`",
                        };
                        return Err(meta.error(format!(
                            "unknown field option `{}`; expected one of {allowed}",
                            meta.path
                                .get_ident()
                                .map(|i| i.to_string())
                                .unwrap_or_else(|| "?".into())
                        )));
                    }
                }
                Ok(())
            });
            errors.add(parsed);
        }
        out.push(decl);
    }
    out
}

/// What the auth mode asks of the request's fields: none of the parameters the client
/// adds (they would go out twice), and for `user_token` the user's token itself, as
/// `#[wx(query)] access_token: ::wx_core::UserToken`; a `UserToken` field anywhere else
/// means the mode was forgotten.
fn check_auth_fields(
    auth: AuthDecl,
    method: MethodDecl,
    fields: &[FieldDecl],
    request_span: proc_macro2::Span,
    errors: &mut Errors,
) {
    const USER_TOKEN: &str = "UserToken";
    for f in fields {
        let wire = f.wire_name();
        if auth.added_params().contains(&wire.as_str()) {
            errors.push(syn::Error::new(
                f.ident.span(),
                format!(
                    "`auth = {}` already adds `{wire}` to the query; remove this field (or choose another `auth`)",
                    auth.keyword()
                ),
            ));
        }
        let ty = f.option_of.as_ref().unwrap_or(&f.ty);
        if auth != AuthDecl::UserToken && last_segment_is(ty, USER_TOKEN) {
            errors.push(syn::Error::new(
                f.ty.span(),
                format!(
                    "a `UserToken` field authenticates the request as a user: declare `auth = user_token` (not `auth = {}`)",
                    auth.keyword()
                ),
            ));
        }
    }
    if auth != AuthDecl::UserToken {
        return;
    }
    match fields.iter().find(|f| f.wire_name() == "access_token") {
        None => errors.push(syn::Error::new(
            request_span,
            "`auth = user_token` needs the user's token as a field of `Request`: `#[wx(query)] pub access_token: ::wx_core::UserToken`",
        )),
        Some(f) => {
            if f.option_of.is_some() || !last_segment_is(&f.ty, USER_TOKEN) {
                let ty = &f.ty;
                errors.push(syn::Error::new(
                    f.ty.span(),
                    format!(
                        "the `access_token` of an `auth = user_token` endpoint is a required `::wx_core::UserToken` (redacted in Debug, logs and errors), not `{}`",
                        quote::quote!(#ty).to_string().replace(' ', "")
                    ),
                ));
            }
            // A GET already reports every field that is not in the query.
            if !f.query && method == MethodDecl::Post {
                errors.push(syn::Error::new(
                    f.ident.span(),
                    "the user's `access_token` travels in the query: mark it #[wx(query)]",
                ));
            }
        }
    }
}

/// Whether the last segment of a path type is one of `names` (`::wx_core::UserToken`).
pub(crate) fn last_segment_is(ty: &Type, name: &str) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == name),
        _ => false,
    }
}

fn no_generics(generics: &syn::Generics, owner: &Ident) -> syn::Result<()> {
    if generics.params.is_empty() && generics.where_clause.is_none() {
        Ok(())
    } else {
        Err(syn::Error::new(
            generics.span(),
            format!("`{owner}` cannot be generic: an endpoint has one wire format"),
        ))
    }
}

impl EndpointDecl {
    /// Parses and checks a declaration. The same function serves the macro and the catalogue.
    ///
    /// Every error found is reported, combined into the one `syn::Error` returned
    /// ([`syn::Error::combine`]): a declaration with three mistakes shows all three.
    pub fn parse(args: TokenStream, module: ItemMod) -> syn::Result<Self> {
        let ParsedArgs {
            args,
            errors: arg_errors,
            response_known,
        } = syn::parse2(args)?;
        let mut errors = Errors(arg_errors);
        let module_ident = module.ident.clone();
        let Some((_, items)) = module.content else {
            let mut e = syn::Error::new(
                module.ident.span(),
                "#[wx_endpoint] needs an inline module body: `mod name { pub struct Request {..} pub struct Response {..} }`",
            );
            if let Some(mut all) = errors.0 {
                all.combine(e);
                e = all;
            }
            return Err(e);
        };

        let mut request = None;
        let mut request_span = None;
        let mut response_item = None;
        let mut response_fields = Vec::new();
        let mut response_variant_fields = Vec::new();
        let mut other_items = Vec::new();
        for item in items {
            match item {
                Item::Struct(mut s) if s.ident == "Request" => {
                    errors.add(no_generics(&s.generics, &s.ident));
                    check_derives(&s.attrs, &mut errors);
                    let fields = parse_fields(&mut s.fields, Side::Request, &s.ident, &mut errors);
                    request_span = Some(s.ident.span());
                    request = Some((s.attrs, fields));
                }
                Item::Struct(mut s) if s.ident == "Response" => {
                    if args.response == ResponseDecl::Bytes {
                        errors.push(syn::Error::new(
                            s.ident.span(),
                            "`response = bytes` replies are `::wx_core::Binary`; remove this `Response` or use `response = json_or_bytes`",
                        ));
                    }
                    errors.add(no_generics(&s.generics, &s.ident));
                    check_derives(&s.attrs, &mut errors);
                    response_fields =
                        parse_fields(&mut s.fields, Side::Response, &s.ident, &mut errors);
                    if matches!(s.fields, Fields::Unit) {
                        // Envelope-only replies: `{}` decodes from `{"errcode":0,...}`, `;` would not.
                        s.fields = Fields::Named(syn::parse_quote!({}));
                        s.semi_token = None;
                    }
                    response_item = Some(Item::Struct(s));
                }
                Item::Enum(mut e) if e.ident == "Response" => {
                    if args.response == ResponseDecl::Bytes {
                        errors.push(syn::Error::new(
                            e.ident.span(),
                            "`response = bytes` replies are `::wx_core::Binary`; remove this `Response`",
                        ));
                    }
                    errors.add(no_generics(&e.generics, &e.ident));
                    check_derives(&e.attrs, &mut errors);
                    for variant in e.variants.iter_mut() {
                        response_variant_fields.push(parse_fields(
                            &mut variant.fields,
                            Side::Response,
                            &e.ident,
                            &mut errors,
                        ));
                    }
                    response_item = Some(Item::Enum(e));
                }
                Item::Enum(e) if e.ident == "Request" => errors.push(syn::Error::new(
                    e.ident.span(),
                    "`Request` must be a struct (put the variants in a field's type)",
                )),
                other => other_items.push(other),
            }
        }

        let (request_attrs, request_fields) = match request {
            Some(request) => request,
            None => {
                errors.push(syn::Error::new(
                    module_ident.span(),
                    format!("endpoint module `{module_ident}` has no `pub struct Request`; add one (`pub struct Request {{}}` when there are no fields)"),
                ));
                (Vec::new(), Vec::new())
            }
        };
        if response_item.is_none() && args.response != ResponseDecl::Bytes && response_known {
            errors.push(syn::Error::new(
                module_ident.span(),
                format!("endpoint module `{module_ident}` has no `pub struct Response`; add one (`pub struct Response {{}}` for replies with only errcode/errmsg) or set `response = bytes`"),
            ));
        }
        let body = match args.method {
            MethodDecl::Get => {
                for f in request_fields.iter().filter(|f| !f.query) {
                    errors.push(syn::Error::new(
                        f.ident.span(),
                        format!(
                            "`GET` requests have no body: mark `{}` with #[wx(query)]",
                            f.ident
                        ),
                    ));
                }
                BodyDecl::None
            }
            MethodDecl::Post => {
                for f in request_fields.iter().filter(|f| f.file && f.query) {
                    errors.push(syn::Error::new(
                        f.ident.span(),
                        format!("`{}` cannot be both `file` and `query`", f.ident),
                    ));
                }
                if request_fields.iter().any(|f| f.file) {
                    BodyDecl::Multipart
                } else {
                    BodyDecl::Json
                }
            }
        };
        if let Some(span) = request_span {
            check_auth_fields(args.auth, args.method, &request_fields, span, &mut errors);
        }
        if let Some(e) = errors.0 {
            return Err(e);
        }

        Ok(EndpointDecl {
            module: module_ident,
            vis: module.vis,
            attrs: module.attrs,
            method: args.method,
            path: args.path.value(),
            host: args.host,
            auth: args.auth,
            body,
            response: args.response,
            app: args.app,
            doc_url: args.doc.value(),
            validate: args.validate,
            generate_new: args.generate_new,
            request_attrs,
            request_fields,
            response_item,
            response_fields,
            response_variant_fields,
            other_items,
        })
    }

    /// `https://api.weixin.qq.com/cgi-bin/...` as documented.
    pub fn full_url(&self) -> String {
        let host = match self.host {
            HostDecl::Api => "https://api.weixin.qq.com",
            HostDecl::Mp => "https://mp.weixin.qq.com",
        };
        format!("{host}{}", self.path)
    }

    pub fn method_str(&self) -> &'static str {
        match self.method {
            MethodDecl::Get => "GET",
            MethodDecl::Post => "POST",
        }
    }

    pub fn auth_str(&self) -> &'static str {
        match self.auth {
            AuthDecl::Token => "access token",
            AuthDecl::None => "none",
            AuthDecl::AppCredentials => "appid + secret",
            AuthDecl::AppId => "appid",
            AuthDecl::UserToken => "user access token",
        }
    }

    pub fn body_str(&self) -> &'static str {
        match self.body {
            BodyDecl::None => "none",
            BodyDecl::Json => "JSON",
            BodyDecl::Multipart => "multipart",
        }
    }

    pub fn response_str(&self) -> &'static str {
        match self.response {
            ResponseDecl::Json => "JSON",
            ResponseDecl::Bytes => "bytes",
            ResponseDecl::JsonOrBytes => "JSON or bytes",
        }
    }

    pub fn app_str(&self) -> &'static str {
        match self.app {
            AppDecl::OfficialAccount => "Official Account",
            AppDecl::MiniProgram => "Mini Program",
            AppDecl::Both => "both",
        }
    }
}

/// The module of a declaration that has errors, as the user wrote it, minus the attributes
/// only the expansion understands (`#[wx(...)]` on fields; `#[serde(...)]` on `Request` and
/// `Response`, whose serde impls are not generated then), so that they add no errors of
/// their own. Lints about unused or undocumented items are off in it: the declaration's
/// errors are the ones to read.
pub(crate) fn as_written(mut module: ItemMod) -> TokenStream {
    fn strip(attrs: &mut Vec<Attribute>) {
        attrs.retain(|a| !a.path().is_ident("wx") && !a.path().is_ident("serde"));
    }
    fn strip_fields(fields: &mut Fields) {
        for field in fields.iter_mut() {
            strip(&mut field.attrs);
        }
    }
    if let Some((_, items)) = &mut module.content {
        for item in items.iter_mut() {
            match item {
                Item::Struct(s) if s.ident == "Request" || s.ident == "Response" => {
                    strip(&mut s.attrs);
                    strip_fields(&mut s.fields);
                }
                Item::Enum(e) if e.ident == "Request" || e.ident == "Response" => {
                    strip(&mut e.attrs);
                    for variant in e.variants.iter_mut() {
                        strip(&mut variant.attrs);
                        strip_fields(&mut variant.fields);
                    }
                }
                _ => {}
            }
        }
    }
    module
        .attrs
        .push(syn::parse_quote!(#[allow(dead_code, missing_docs)]));
    quote::quote!(#module)
}
