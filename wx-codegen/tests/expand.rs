//! Snapshots of what `#[wx_endpoint]` generates, pretty-printed: any change to the
//! generated code shows up as a reviewable diff.

// Helpers of a test file: a failed expansion should stop the test at once.
#![allow(clippy::expect_used)]

use quote::quote;

fn expand(args: proc_macro2::TokenStream, item: proc_macro2::TokenStream) -> String {
    let tokens = wx_codegen::expand_endpoint(args, item);
    let file: syn::File = syn::parse2(tokens).expect("expansion parses as a file");
    prettyplease::unparse(&file)
}

#[test]
fn json_post_with_validation_and_optional_fields() {
    insta::assert_snapshot!(expand(
        quote!(POST "/cgi-bin/qrcode/create", app = oa, validate = super::check_create,
            doc = "https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html"),
        quote! {
            /// Create a ticket for a parametric QR code.
            pub mod create_qrcode {
                pub struct Request {
                    /// Seconds until a temporary code expires.
                    pub expire_seconds: Option<u32>,
                    pub action_name: super::QrActionName,
                    pub action_info: super::ActionInfo,
                }
                pub struct Response {
                    pub ticket: String,
                    pub expire_seconds: Option<u32>,
                    pub url: String,
                }
            }
        }
    ));
}

#[test]
fn get_with_query_fields_defaults_and_no_token() {
    insta::assert_snapshot!(expand(
        quote!(GET "/cgi-bin/token", app = both, auth = none,
            doc = "https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html"),
        quote! {
            pub mod get_access_token {
                pub struct Request {
                    #[wx(query, default)]
                    pub grant_type: super::GrantType,
                    #[wx(query)]
                    pub appid: String,
                    #[wx(query)]
                    pub secret: ::wx_core::Secret,
                }
                pub struct Response {
                    pub access_token: ::wx_core::AccessToken,
                    pub expires_in: u64,
                }
            }
        }
    ));
}

#[test]
fn post_with_query_field_renames_and_envelope_only_reply() {
    insta::assert_snapshot!(expand(
        quote!(POST "/cgi-bin/material/add_thing", app = oa,
            doc = "https://developers.weixin.qq.com/doc/example"),
        quote! {
            pub mod add_thing {
                pub struct Request {
                    #[wx(query, rename = "type")]
                    pub kind: String,
                    pub title: String,
                    pub note: Option<String>,
                }
                pub struct Response;
            }
        }
    ));
}

#[test]
fn binary_reply_on_another_host() {
    insta::assert_snapshot!(expand(
        quote!(GET "/cgi-bin/showqrcode", app = oa, host = "mp.weixin.qq.com", auth = none, response = bytes,
            doc = "https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html"),
        quote! {
            pub mod show_qrcode {
                pub struct Request {
                    #[wx(query)]
                    pub ticket: String,
                }
            }
        }
    ));
}

#[test]
fn json_or_bytes_reply_with_aliases_and_app_credentials() {
    insta::assert_snapshot!(expand(
        quote!(POST "/wxa/example", app = wxa, auth = app_credentials, response = json_or_bytes,
            doc = "https://developers.weixin.qq.com/miniprogram/dev/example"),
        quote! {
            pub mod example {
                pub struct Request {
                    pub media_id: String,
                }
                pub struct Response {
                    #[wx(alias = "thumb_media_id")]
                    pub media_id: String,
                    #[wx(default)]
                    pub created_at: u64,
                }
                impl Request {
                    pub fn hello() -> u8 { 1 }
                }
            }
        }
    ));
}

#[test]
fn user_token_endpoint_carries_its_own_token() {
    insta::assert_snapshot!(expand(
        quote!(GET "/sns/userinfo", app = oa, auth = user_token,
            doc = "https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsuserinfo.html"),
        quote! {
            pub mod get_user_info {
                pub struct Request {
                    #[wx(query)]
                    pub access_token: ::wx_core::UserToken,
                    #[wx(query)]
                    pub openid: String,
                }
                pub struct Response {
                    pub openid: String,
                }
            }
        }
    ));
}

#[test]
fn app_id_endpoint_with_a_refresh_token_reply() {
    insta::assert_snapshot!(expand(
        quote!(GET "/sns/oauth2/refresh_token", app = oa, auth = app_id,
            doc = "https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsrefreshtoken.html"),
        quote! {
            pub mod refresh {
                pub struct Request {
                    #[wx(query)]
                    pub refresh_token: ::wx_core::RefreshToken,
                }
                pub struct Response {
                    pub access_token: ::wx_core::UserToken,
                    pub refresh_token: ::wx_core::RefreshToken,
                }
            }
        }
    ));
}

#[test]
fn auth_misuse_is_reported_with_the_other_errors() {
    let tokens = wx_codegen::expand_endpoint(
        quote!(GET "/sns/userinfo", app = oa, auth = user_token, doc = "https://developers.weixin.qq.com/x"),
        quote! {
            pub mod get_user_info {
                pub struct Request {
                    #[wx(query)]
                    pub openid: String,
                    pub note: String,
                }
                pub struct Response {}
            }
        },
    )
    .to_string();
    assert!(
        tokens.contains("`auth = user_token` needs the user's token"),
        "{tokens}"
    );
    assert!(tokens.contains("`GET` requests have no body"), "{tokens}");
    assert_eq!(tokens.matches("compile_error").count(), 2, "{tokens}");

    let tokens = wx_codegen::expand_endpoint(
        quote!(GET "/sns/oauth2/refresh_token", app = oa, auth = app_id, doc = "https://developers.weixin.qq.com/x"),
        quote! {
            pub mod refresh {
                pub struct Request {
                    #[wx(query)]
                    pub appid: String,
                    #[wx(query)]
                    pub secret: String,
                    #[wx(query)]
                    pub token: ::wx_core::UserToken,
                }
                pub struct Response {}
            }
        },
    )
    .to_string();
    // `secret` is not what `app_id` adds: only `appid` and the misplaced `UserToken` are wrong.
    assert!(
        tokens.contains("`auth = app_id` already adds `appid`"),
        "{tokens}"
    );
    assert!(tokens.contains("declare `auth = user_token`"), "{tokens}");
    assert_eq!(tokens.matches("compile_error").count(), 2, "{tokens}");
}

#[test]
fn catalogue_reads_declarations_with_the_macro_parser() {
    let module: syn::ItemMod = syn::parse2(quote! {
        pub mod show_qrcode {
            pub struct Request { #[wx(query)] pub ticket: String }
        }
    })
    .expect("module");
    let decl = wx_codegen::EndpointDecl::parse(
        quote!(GET "/cgi-bin/showqrcode", app = oa, host = "mp.weixin.qq.com", auth = none, response = bytes, doc = "https://x.example/doc"),
        module,
    )
    .expect("decl");
    assert_eq!(
        decl.full_url(),
        "https://mp.weixin.qq.com/cgi-bin/showqrcode"
    );
    assert_eq!(decl.response_str(), "bytes");
    assert_eq!(decl.app_str(), "Official Account");
    assert_eq!(decl.request_fields.len(), 1);
    assert!(decl.request_fields[0].query);
}

#[test]
fn multipart_upload_with_typed_constructors_only() {
    insta::assert_snapshot!(expand(
        quote!(POST "/cgi-bin/material/add_material", app = oa, new = false,
            doc = "https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html"),
        quote! {
            pub mod add_material {
                pub struct Request {
                    #[wx(query, rename = "type")]
                    media_type: super::MediaType,
                    #[wx(file)]
                    media: ::wx_core::Upload,
                    description: Option<super::VideoDescription>,
                }
                pub struct Response {
                    pub media_id: String,
                    pub url: Option<String>,
                }
            }
        }
    ));
}

#[test]
fn enum_reply_with_field_options_in_variants() {
    insta::assert_snapshot!(expand(
        quote!(POST "/cgi-bin/material/get_material", app = oa, response = json_or_bytes,
            doc = "https://developers.weixin.qq.com/doc/example"),
        quote! {
            pub mod get_material {
                pub struct Request {
                    pub media_id: String,
                }
                #[serde(untagged)]
                pub enum Response {
                    Video {
                        /// Kept as a doc comment; the option becomes a serde rename.
                        #[wx(rename = "type")]
                        kind: String,
                        #[wx(alias = "down_url", default)]
                        url: String,
                    },
                    Empty,
                }
            }
        }
    ));
}

#[test]
fn declaration_errors_are_all_reported_and_the_module_kept_as_written() {
    // Three mistakes in the arguments and two in the module: all five are reported, and the
    // module follows as written (its `#[wx]`/`#[serde]` attributes taken off, no generated
    // items), so that code using it elsewhere still resolves.
    insta::assert_snapshot!(expand(
        quote!(GET "/cgi-bin/thing", app = desktop, retries = 3, auth = none),
        quote! {
            /// A thing.
            pub mod get_thing {
                pub struct Request {
                    #[wx(query)]
                    pub id: u32,
                    pub note: String,
                    #[wx(querry)]
                    pub page: u32,
                }
                #[serde(deny_unknown_fields)]
                pub struct Response {
                    #[wx(alias = "n")]
                    pub name: String,
                }
                impl Request {
                    pub fn describe(&self) -> u32 { self.id }
                }
            }
        }
    ));
}

#[test]
fn every_error_is_reported_once() {
    let tokens = wx_codegen::expand_endpoint(
        quote!(POST "/cgi-bin/thing", app = mp2, host = nowhere, auth = none, auth = token),
        quote! {
            pub mod post_thing {
                pub struct Request(u32);
            }
        },
    )
    .to_string();
    let errors = tokens.matches("compile_error").count();
    for expected in [
        "unknown app kind `mp2`",
        "`host` takes the API host as a string",
        "`auth` is given twice",
        "missing `doc",
        "must have named fields",
        "has no `pub struct Response`",
    ] {
        assert!(tokens.contains(expected), "no {expected:?} in {tokens}");
    }
    // `app` was named (wrongly), so it is not also reported missing.
    assert!(!tokens.contains("missing `app"), "{tokens}");
    assert_eq!(errors, 6, "{tokens}");
}

/// Public items of an expansion without a doc attribute, by name: what `missing_docs`
/// would report in the crate that holds the declaration.
fn undocumented(tokens: proc_macro2::TokenStream) -> Vec<String> {
    use syn::visit::Visit;
    struct Check(Vec<String>);
    fn documented(attrs: &[syn::Attribute]) -> bool {
        attrs.iter().any(|a| a.path().is_ident("doc"))
    }
    fn name(f: &syn::Field) -> String {
        f.ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    }
    fn public(vis: &syn::Visibility) -> bool {
        matches!(vis, syn::Visibility::Public(_))
    }
    impl<'ast> Visit<'ast> for Check {
        fn visit_item_mod(&mut self, i: &'ast syn::ItemMod) {
            if public(&i.vis) && !documented(&i.attrs) {
                self.0.push(format!("mod {}", i.ident));
            }
            syn::visit::visit_item_mod(self, i);
        }
        fn visit_item_struct(&mut self, i: &'ast syn::ItemStruct) {
            if public(&i.vis) && !documented(&i.attrs) {
                self.0.push(format!("struct {}", i.ident));
            }
            syn::visit::visit_item_struct(self, i);
        }
        fn visit_item_enum(&mut self, i: &'ast syn::ItemEnum) {
            if public(&i.vis) && !documented(&i.attrs) {
                self.0.push(format!("enum {}", i.ident));
            }
            for v in &i.variants {
                if !documented(&v.attrs) {
                    self.0.push(format!("variant {}", v.ident));
                }
                for f in &v.fields {
                    if !documented(&f.attrs) {
                        self.0.push(format!("variant field {}", name(f)));
                    }
                }
            }
        }
        fn visit_field(&mut self, f: &'ast syn::Field) {
            if public(&f.vis) && !documented(&f.attrs) {
                self.0.push(format!("field {}", name(f)));
            }
        }
        fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
            if i.trait_.is_some() {
                return; // trait items take the trait's docs
            }
            for item in &i.items {
                if let syn::ImplItem::Fn(f) = item {
                    if public(&f.vis) && !documented(&f.attrs) {
                        self.0.push(format!("fn {}", f.sig.ident));
                    }
                }
            }
        }
        fn visit_item_fn(&mut self, _: &'ast syn::ItemFn) {}
    }
    let file: syn::File = syn::parse2(tokens).expect("expansion parses as a file");
    let mut check = Check(Vec::new());
    check.visit_file(&file);
    check.0
}

#[test]
fn a_documented_declaration_expands_to_documented_items_only() {
    // `#![deny(missing_docs)]` in wx-api is met by documenting the declarations: every public
    // item the macro writes (new, setters, from_json) carries generated docs, and the
    // declared ones (fields and variants of an enum reply included) keep theirs.
    let structs = wx_codegen::expand_endpoint(
        quote!(POST "/cgi-bin/qrcode/create", app = oa, doc = "https://developers.weixin.qq.com/doc/x"),
        quote! {
            /// Create a QR code.
            pub mod create {
                /// Ignored by the check: the summary line is appended anyway.
                pub struct Request {
                    /// Seconds.
                    pub expire_seconds: Option<u32>,
                    /// Scene.
                    #[wx(rename = "scene")]
                    pub scene_id: u32,
                }
                pub struct Response {
                    /// Ticket.
                    pub ticket: String,
                }
            }
        },
    );
    assert_eq!(undocumented(structs), Vec::<String>::new());

    let enum_reply = wx_codegen::expand_endpoint(
        quote!(POST "/cgi-bin/material/get_material", app = oa, response = json_or_bytes,
            doc = "https://developers.weixin.qq.com/doc/x"),
        quote! {
            /// Get a material.
            pub mod get {
                /// The request.
                pub struct Request {
                    /// Id.
                    pub media_id: String,
                }
                /// The JSON kinds.
                #[serde(untagged)]
                pub enum Response {
                    /// A video.
                    Video {
                        /// Its title.
                        #[wx(alias = "name")]
                        title: String,
                        /// Its URL.
                        #[wx(rename = "down_url", default)]
                        url: String,
                    },
                }
            }
        },
    );
    let text = enum_reply.to_string();
    assert!(text.contains("alias = \"name\""), "{text}");
    assert!(text.contains("rename = \"down_url\""), "{text}");
    assert_eq!(undocumented(enum_reply), Vec::<String>::new());

    // The check itself notices a missing doc.
    let bare = wx_codegen::expand_endpoint(
        quote!(POST "/x", app = oa, doc = "https://developers.weixin.qq.com/doc/x"),
        quote! { pub mod x { pub struct Request { pub a: u8 } pub struct Response {} } },
    );
    // (The module always has the generated summary line.)
    assert_eq!(undocumented(bare), vec!["field a"]);
}
