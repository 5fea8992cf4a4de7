//! The attribute's arguments: `METHOD "/path", option = value, ...`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodDecl {
    Get,
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostDecl {
    Api,
    Mp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthDecl {
    Token,
    None,
    AppCredentials,
    /// The request carries a user's OAuth token as its `access_token` query field.
    UserToken,
    /// Only `appid` added (the OAuth refresh).
    AppId,
}

impl AuthDecl {
    /// The query parameters the client adds in this mode: a request field of the same wire
    /// name would send it twice.
    pub fn added_params(self) -> &'static [&'static str] {
        match self {
            AuthDecl::Token => &["access_token"],
            AuthDecl::AppCredentials => &["appid", "secret"],
            AuthDecl::AppId => &["appid"],
            AuthDecl::None | AuthDecl::UserToken => &[],
        }
    }

    /// The spelling in `auth = ...`.
    pub fn keyword(self) -> &'static str {
        match self {
            AuthDecl::Token => "token",
            AuthDecl::None => "none",
            AuthDecl::AppCredentials => "app_credentials",
            AuthDecl::UserToken => "user_token",
            AuthDecl::AppId => "app_id",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyDecl {
    None,
    Json,
    /// Some field is `#[wx(file)]`: `multipart/form-data`, other body fields as text parts.
    Multipart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseDecl {
    Json,
    Bytes,
    JsonOrBytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppDecl {
    OfficialAccount,
    MiniProgram,
    Both,
}

/// Parsed and checked attribute arguments.
#[derive(Debug, Clone)]
pub struct Args {
    pub method: MethodDecl,
    pub path: LitStr,
    pub host: HostDecl,
    pub auth: AuthDecl,
    pub response: ResponseDecl,
    pub app: AppDecl,
    pub doc: LitStr,
    pub validate: Option<syn::Path>,
    /// `new = false`: no generated `new`; the module's own constructors are the only way in.
    pub generate_new: bool,
}

/// What `host = ...` accepts.
const HOST_EXPECTED: &str =
    "`host` takes the API host as a string: \"api.weixin.qq.com\" (the default) or \"mp.weixin.qq.com\"";
const OPTIONS: &str = "`app`, `doc`, `auth`, `host`, `response`, `validate`, `new`";
const USAGE: &str = "e.g. #[wx_endpoint(POST \"/cgi-bin/qrcode/create\", app = oa, doc = \"https://developers.weixin.qq.com/...\")]";

fn choice<T: Copy>(value: &Ident, what: &str, choices: &[(&str, T)]) -> syn::Result<T> {
    let text = value.to_string();
    choices
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("`{n}`")).collect();
            syn::Error::new(
                value.span(),
                format!(
                    "unknown {what} `{text}`; expected one of {}",
                    names.join(", ")
                ),
            )
        })
}

/// What [`Args`] parsing found: the arguments (with a stand-in for any that were wrong or
/// missing) and every error, so that one compile shows all of them at once.
pub(crate) struct ParsedArgs {
    pub args: Args,
    /// Every error in the arguments, combined; `None` when they are all right.
    pub errors: Option<syn::Error>,
    /// False when `response` was given but wrong: checks that depend on it are skipped.
    pub response_known: bool,
}

fn push_error(errors: &mut Option<syn::Error>, e: syn::Error) {
    match errors {
        Some(all) => all.combine(e),
        None => *errors = Some(e),
    }
}

/// Skips to just past the next top-level `,` (or the end), so that parsing resumes with
/// the next option after an error in this one.
fn skip_option(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tt, next)) = rest.token_tree() {
            rest = next;
            if matches!(&tt, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
        }
        Ok(((), rest))
    });
}

impl Parse for ParsedArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut errors = None;
        if input.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                format!("#[wx_endpoint] needs the method and path first; {USAGE}"),
            ));
        }
        let head = (|| -> syn::Result<(MethodDecl, LitStr)> {
            let method_ident: Ident = input.parse().map_err(|e| {
                syn::Error::new(e.span(), format!("expected `GET` or `POST` first; {USAGE}"))
            })?;
            let method = match method_ident.to_string().as_str() {
                "GET" => MethodDecl::Get,
                "POST" => MethodDecl::Post,
                other => {
                    return Err(syn::Error::new(
                        method_ident.span(),
                        format!(
                            "unsupported method `{other}`: WeChat endpoints are `GET` or `POST`"
                        ),
                    ))
                }
            };
            let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("expected the path as a string literal after `{method_ident}`, e.g. `{method_ident} \"/cgi-bin/token\"`"),
            )
        })?;
            let path_text = path.value();
            if !path_text.starts_with('/') || path_text.contains(['?', '#', ' ']) {
                return Err(syn::Error::new(
                path.span(),
                "the path must start with `/` and carry no query string (declare query fields with #[wx(query)])",
            ));
            }
            Ok((method, path))
        })();
        let (method, path) = match head {
            Ok(head) => head,
            Err(e) => {
                push_error(&mut errors, e);
                // Stand-ins: no check below depends on a method that was not given.
                skip_option(input);
                (MethodDecl::Post, LitStr::new("/", Span::call_site()))
            }
        };
        // After an error, `skip_option` has taken the comma that ends the wrong option.
        let mut comma_taken = errors.is_some();
        // Options named, even with a wrong value: those are not reported missing too.
        let mut named: Vec<String> = Vec::new();

        let mut host = None;
        let mut auth = None;
        let mut response = None;
        let mut app = None;
        let mut doc = None;
        let mut validate = None;
        let mut generate_new = None;
        while !input.is_empty() {
            let result = (|| -> syn::Result<()> {
                if !comma_taken {
                    input.parse::<Token![,]>()?;
                }
                comma_taken = false;
                if input.is_empty() {
                    return Ok(());
                }
                let key: Ident = input.parse()?;
                named.push(key.to_string());
                input.parse::<Token![=]>().map_err(|e| {
                    syn::Error::new(e.span(), format!("expected `=` after `{key}`"))
                })?;
                let dup = |seen: bool| -> syn::Result<()> {
                    if seen {
                        Err(syn::Error::new(
                            key.span(),
                            format!("`{key}` is given twice"),
                        ))
                    } else {
                        Ok(())
                    }
                };
                match key.to_string().as_str() {
                    "host" => {
                        dup(host.is_some())?;
                        let v: LitStr = input
                            .parse()
                            .map_err(|e| syn::Error::new(e.span(), HOST_EXPECTED))?;
                        host = Some(match v.value().as_str() {
                            "api.weixin.qq.com" => HostDecl::Api,
                            "mp.weixin.qq.com" => HostDecl::Mp,
                            other => {
                                return Err(syn::Error::new(
                                    v.span(),
                                    format!("unknown host \"{other}\"; {HOST_EXPECTED}"),
                                ))
                            }
                        });
                    }
                    "auth" => {
                        dup(auth.is_some())?;
                        let v: Ident = input.parse()?;
                        auth = Some(choice(
                            &v,
                            "auth",
                            &[
                                ("token", AuthDecl::Token),
                                ("none", AuthDecl::None),
                                ("app_credentials", AuthDecl::AppCredentials),
                                ("app_id", AuthDecl::AppId),
                                ("user_token", AuthDecl::UserToken),
                            ],
                        )?);
                    }
                    "response" => {
                        dup(response.is_some())?;
                        let v: Ident = input.parse()?;
                        response = Some(choice(
                            &v,
                            "response kind",
                            &[
                                ("json", ResponseDecl::Json),
                                ("bytes", ResponseDecl::Bytes),
                                ("json_or_bytes", ResponseDecl::JsonOrBytes),
                            ],
                        )?);
                    }
                    "app" => {
                        dup(app.is_some())?;
                        let v: Ident = input.parse()?;
                        if v == "mp" {
                            return Err(syn::Error::new(
                                v.span(),
                                "`app = mp` is ambiguous (Mini Program? mp.weixin.qq.com?); write `app = wxa` for a Mini Program or `app = oa` for an Official Account",
                            ));
                        }
                        app = Some(choice(
                            &v,
                            "app kind",
                            &[
                                ("oa", AppDecl::OfficialAccount),
                                ("wxa", AppDecl::MiniProgram),
                                ("both", AppDecl::Both),
                            ],
                        )?);
                    }
                    "doc" => {
                        dup(doc.is_some())?;
                        let v: LitStr = input.parse().map_err(|e| {
                            syn::Error::new(
                                e.span(),
                                "`doc` takes the official page's URL as a string literal",
                            )
                        })?;
                        if !v.value().starts_with("https://") {
                            return Err(syn::Error::new(
                                v.span(),
                                "`doc` must be an https:// URL of the official documentation page",
                            ));
                        }
                        doc = Some(v);
                    }
                    "validate" => {
                        dup(validate.is_some())?;
                        validate = Some(input.parse::<syn::Path>().map_err(|e| {
                        syn::Error::new(e.span(), "`validate` takes the path of a `fn(&Request) -> Result<(), ValidationError>`")
                    })?);
                    }
                    "new" => {
                        dup(generate_new.is_some())?;
                        let v: syn::LitBool = input.parse().map_err(|e| {
                            syn::Error::new(e.span(), "`new` takes `true` or `false`")
                        })?;
                        generate_new = Some(v.value);
                    }
                    _ => {
                        return Err(syn::Error::new(
                            key.span(),
                            format!("unknown option `{key}`; expected one of {OPTIONS}"),
                        ))
                    }
                }
                Ok(())
            })();
            if let Err(e) = result {
                push_error(&mut errors, e);
                skip_option(input);
                comma_taken = true;
            }
        }
        let was_named = |key: &str| named.iter().any(|n| n == key);
        let response_known = response.is_some() || !was_named("response");
        let app = app.unwrap_or_else(|| {
            if !was_named("app") {
                push_error(&mut errors, syn::Error::new(
                Span::call_site(),
                "missing `app = oa | wxa | both`: say which kind of app may call this endpoint (Official Account, Mini Program, or either)",
            ));
            }
            AppDecl::Both
        });
        let doc = doc.unwrap_or_else(|| {
            if !was_named("doc") {
                push_error(&mut errors, syn::Error::new(
                Span::call_site(),
                "missing `doc = \"https://developers.weixin.qq.com/...\"`: link the official page",
            ));
            }
            LitStr::new("https://", Span::call_site())
        });
        Ok(ParsedArgs {
            args: Args {
                method,
                path,
                host: host.unwrap_or(HostDecl::Api),
                auth: auth.unwrap_or(AuthDecl::Token),
                response: response.unwrap_or(ResponseDecl::Json),
                app,
                doc,
                validate,
                generate_new: generate_new.unwrap_or(true),
            },
            errors,
            response_known,
        })
    }
}
