//! Template messages (模板消息): the account's industry and its private templates. Sending
//! one is [`message::template::send`](super::message::template::send).
//!
//! Limits (official template-message pages); those marked "checked" are checked before
//! sending:
//!
//! | limit | value | WeChat's errcode |
//! |---|---|---|
//! | `industry_id1`, `industry_id2`, checked | industry codes 1..=41 ([`MAX_INDUSTRY_ID`], the table of the set-industry page; 41 is 其它) | 40102 (invalid industry id) |
//! | industry changes | once a month; changing it deletes the templates of the old industry | — |
//! | `template_id_short`, checked | not empty (`TM…`/`OPENTM…` of the industry library, or the number of a category template) | 40037 |
//! | `keyword_name_list`, checked when given | not empty, no empty name (category templates; absent for industry-library templates) | 40246 (keyword name invalid) |
//! | templates per account | 25 ([`MAX_TEMPLATES`]) | 45026 (template size out of limit) |
//! | `template_id` to delete, checked | not empty | 40037 (invalid template_id) |

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The highest industry code of the set-industry page's table (41, 其它 / 其它).
pub const MAX_INDUSTRY_ID: u32 = 41;
/// Most private templates an account may hold (45026 beyond).
pub const MAX_TEMPLATES: usize = 25;

fn check_industry(field: &'static str, id: &str) -> Result<(), ValidationError> {
    match id.parse::<u32>() {
        Ok(n) if (1..=MAX_INDUSTRY_ID).contains(&n) => Ok(()),
        _ => Err(ValidationError::new(
            "template::set_industry",
            field,
            format!(
                "{id:?}; an industry code is a number 1..={MAX_INDUSTRY_ID} (WeChat answers 40102)"
            ),
        )),
    }
}

/// Set the account's two industries (each a code 1..=41 of the page's table). Allowed once
/// a month; the templates of the previous industries are deleted.
///
/// Errors: 40102 (invalid industry id).
#[wx_endpoint(POST "/cgi-bin/template/api_set_industry", app = oa, new = false,
    validate = super::check_set_industry,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/template/api_setindustry")]
pub mod set_industry {
    pub struct Request {
        /// The primary industry's code, as a string (`"1"`).
        pub industry_id1: String,
        /// The secondary industry's code, as a string (`"4"`).
        pub industry_id2: String,
    }
    pub struct Response {}

    impl Request {
        /// Industries `primary` and `secondary` (codes 1..=41, sent as strings).
        pub fn new(primary: u32, secondary: u32) -> Self {
            Self {
                industry_id1: primary.to_string(),
                industry_id2: secondary.to_string(),
            }
        }
    }
}

fn check_set_industry(req: &set_industry::Request) -> Result<(), ValidationError> {
    check_industry("industry_id1", &req.industry_id1)?;
    check_industry("industry_id2", &req.industry_id2)
}

/// An industry as [`get_industry`] answers it: its class and sub-class names.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Industry {
    /// The main class (`IT科技`).
    #[serde(default)]
    pub first_class: String,
    /// The sub-class (`互联网|电子商务`).
    #[serde(default)]
    pub second_class: String,
}

/// The account's industries.
#[wx_endpoint(GET "/cgi-bin/template/get_industry", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/template/api_getindustry")]
pub mod get_industry {
    pub struct Request {}
    pub struct Response {
        /// The primary industry (absent before one is set).
        pub primary_industry: Option<super::Industry>,
        /// The secondary industry (absent before one is set).
        pub secondary_industry: Option<super::Industry>,
    }
}

/// Add a template from the industry or category library to the account (at most 25) and
/// get its `template_id`.
///
/// Errors: 40037 (invalid short id), 40246 (keyword names empty or not in the library),
/// 45026 (25 templates already).
#[wx_endpoint(POST "/cgi-bin/template/api_add_template", app = oa, validate = super::check_add,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/template/api_addtemplate")]
pub mod add {
    pub struct Request {
        /// The library template's number: `TM…`/`OPENTM…`, or digits for a category template.
        pub template_id_short: String,
        /// For a category template: the chosen keywords' names, in order.
        pub keyword_name_list: Option<Vec<String>>,
    }
    pub struct Response {
        /// The account's new template id.
        pub template_id: String,
    }

    impl Request {
        /// A category template with the keywords `names`, in order.
        #[must_use]
        pub fn keywords<I, S>(mut self, names: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.keyword_name_list = Some(names.into_iter().map(Into::into).collect());
            self
        }
    }
}

fn check_add(req: &add::Request) -> Result<(), ValidationError> {
    if req.template_id_short.is_empty() {
        return Err(ValidationError::new(
            "template::add",
            "template_id_short",
            "empty; the library template's number is required (WeChat answers 40037)",
        ));
    }
    if let Some(names) = &req.keyword_name_list {
        if names.is_empty() || names.iter().any(String::is_empty) {
            return Err(ValidationError::new(
                "template::add",
                "keyword_name_list",
                format!(
                    "{} names, {} empty; a category template needs its keyword names (WeChat answers 40246)",
                    names.len(),
                    names.iter().filter(|n| n.is_empty()).count()
                ),
            ));
        }
    }
    Ok(())
}

/// A private template of the account, as [`list`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Template {
    /// The template id.
    pub template_id: String,
    /// The title.
    #[serde(default)]
    pub title: String,
    /// The industry's main class.
    #[serde(default)]
    pub primary_industry: String,
    /// The industry's sub-class.
    #[serde(default)]
    pub deputy_industry: String,
    /// The content, with `{{name.DATA}}` placeholders.
    #[serde(default)]
    pub content: String,
    /// An example of the message.
    #[serde(default)]
    pub example: String,
}

/// The account's private templates.
#[wx_endpoint(GET "/cgi-bin/template/get_all_private_template", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/template/api_getalltemplates")]
pub mod list {
    pub struct Request {}
    pub struct Response {
        /// The templates.
        #[wx(default)]
        pub template_list: Vec<super::Template>,
    }
}

/// Delete a private template.
///
/// Errors: 40037 (invalid template_id).
#[wx_endpoint(POST "/cgi-bin/template/del_private_template", app = oa, validate = super::check_delete,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/template/api_deletetemplate")]
pub mod delete {
    pub struct Request {
        /// The template id.
        pub template_id: String,
    }
    pub struct Response {}
}

fn check_delete(req: &delete::Request) -> Result<(), ValidationError> {
    if req.template_id.is_empty() {
        return Err(ValidationError::new(
            "template::delete",
            "template_id",
            "empty; the template id is required (WeChat answers 40037)",
        ));
    }
    Ok(())
}
