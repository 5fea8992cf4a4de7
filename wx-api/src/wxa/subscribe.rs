//! Subscribe messages (订阅消息): one send per subscription the user granted (43101 when
//! none is left). Values follow rules by keyword type, checked before sending.
//!
//! A keyword's key is its type followed by a number (`thing1`, `time2`). The documented
//! rules by type:
//!
//! | type | value |
//! |---|---|
//! | `thing` | at most 20 characters, any |
//! | `number` | at most 32 digits, a decimal point allowed |
//! | `letter` | at most 32 letters |
//! | `symbol` | at most 5 symbols |
//! | `character_string` | at most 32 digits, letters and symbols |
//! | `time` | a 24-hour time, optionally with a date; a range joined with `~` |
//! | `date` | a date, optionally with a time; a range joined with `~` |
//! | `amount` | one currency sign and at most 10 digits, decimals allowed; may end with 元 |
//! | `phone_number` | at most 17 digits and symbols |
//! | `car_number` | at most 8 characters; the first and last may be Chinese, the rest letters and digits |
//! | `name` | at most 10 Chinese characters or 20 letters and symbols (mixed counts as Chinese) |
//! | `phrase` | at most 5 Chinese characters only |
//! | `enum` | one of the template's enumerated values |
//!
//! Checked before sending: the lengths of [`max_chars`] (`name` against the permissive 20),
//! digits for `number` and ASCII letters for `letter`; the rest is left to WeChat, which
//! answers 47003 naming the field (`argument invalid! data.phrase16.value invalid`).
//! Other codes: 40003 (bad `touser`), 40037 (bad `template_id`), 43101 (the user refused,
//! or the one-time subscription was already used), 41030 (`page` not in the released
//! mini program).
//!
//! Service cards (服务卡片, the activated one-time subscriptions) are in [`notify`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

pub mod notify;

/// One keyword's value: its length and characters follow the keyword type ([`max_chars`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    /// The keyword's text.
    pub value: String,
}

impl<S: Into<String>> From<S> for Value {
    fn from(value: S) -> Self {
        Value {
            value: value.into(),
        }
    }
}

/// Which version of the mini program a tap opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MiniProgramState {
    /// `developer`: the development version.
    Developer,
    /// `trial`: the trial version.
    Trial,
    /// `formal`: the published version (the default).
    Formal,
}

/// Language of the message; `zh_CN` when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// `zh_CN`: simplified Chinese.
    #[serde(rename = "zh_CN")]
    ZhCn,
    /// `en_US`: English.
    #[serde(rename = "en_US")]
    EnUs,
    /// `zh_HK`: traditional Chinese (Hong Kong).
    #[serde(rename = "zh_HK")]
    ZhHk,
    /// `zh_TW`: traditional Chinese (Taiwan).
    #[serde(rename = "zh_TW")]
    ZhTw,
}

/// Send a subscribe message.
#[wx_endpoint(POST "/cgi-bin/message/subscribe/send", app = wxa, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html")]
pub mod send {
    pub struct Request {
        /// The user's openid (40003 when wrong).
        pub touser: String,
        /// The template's id (40037 when wrong).
        pub template_id: String,
        /// Page opened on tap, may carry `?query`.
        pub page: Option<String>,
        /// Keyword (`thing1`, `time2`, ...) → value.
        pub data: ::std::collections::BTreeMap<String, super::Value>,
        /// Which version a tap opens; `formal` when absent.
        pub miniprogram_state: Option<super::MiniProgramState>,
        /// Language of the message; `zh_CN` when absent.
        pub lang: Option<super::Lang>,
    }
    pub struct Response {
        /// The message's id (present in newer replies).
        pub msgid: Option<i64>,
    }
}

/// The documented length limit of a keyword type (the table above): characters, except for
/// `number`, whose limit counts digits (a decimal point is allowed on top).
pub fn max_chars(keyword_type: &str) -> Option<usize> {
    Some(match keyword_type {
        "thing" => 20,
        "number" | "letter" | "character_string" => 32,
        "symbol" | "phrase" => 5,
        "phone_number" => 17,
        "car_number" => 8,
        // ≤ 10 Chinese characters or ≤ 20 letters: the permissive bound.
        "name" => 20,
        _ => return None,
    })
}

fn check_send(req: &send::Request) -> Result<(), ValidationError> {
    check_data("subscribe::send", &req.data)
}

/// The keyword values of a subscribe message against the rules by keyword type (the table
/// above); shared with the Official Account's `bizsend`.
pub(crate) fn check_data(
    endpoint: &'static str,
    data: &BTreeMap<String, Value>,
) -> Result<(), ValidationError> {
    for (key, value) in data {
        let kind = key.trim_end_matches(|c: char| c.is_ascii_digit());
        let (len, unit) = if kind == "number" {
            let digits = value.value.chars().filter(char::is_ascii_digit).count();
            (digits, "digits")
        } else {
            (value.value.chars().count(), "characters")
        };
        if let Some(max) = max_chars(kind) {
            if len > max {
                return Err(ValidationError::new(
                    endpoint,
                    "data",
                    format!("{key}: {len} {unit}, over the {max} a `{kind}` value may have"),
                ));
            }
        }
        let ok = match kind {
            "number" => value.value.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "letter" => value.value.chars().all(|c| c.is_ascii_alphabetic()),
            _ => true,
        };
        if !ok {
            return Err(ValidationError::new(
                endpoint,
                "data",
                format!("{key}: {:?} is not a valid `{kind}` value", value.value),
            ));
        }
    }
    Ok(())
}

/// Most keywords a private template combines ([`add_template`]); at least
/// [`MIN_KEYWORDS`].
pub const MAX_KEYWORDS: usize = 5;
/// Fewest keywords a private template combines (except the new one-time templates, see
/// [`add_template`]).
pub const MIN_KEYWORDS: usize = 2;
/// Longest service-scene description of [`add_template`], in characters.
pub const MAX_SCENE_CHARS: usize = 15;
/// Most public template titles one [`list_titles`] page returns.
pub const MAX_TITLES_PAGE: u32 = 30;
/// The template ids of the new one-time subscribe templates: their `kidList` is empty.
pub const ONE_TIME_TIDS: std::ops::Range<u64> = 10_000_001..20_000_000;

/// Add a public template (title `tid`, keywords `kidList` in the chosen order) to the
/// account's private templates; callable by a Mini Program and an Official Account.
///
/// Limits, checked before sending: 2..=5 keywords (none for the new one-time templates,
/// `tid` in 10000001..20000000), a scene description of at most 15 characters. The Mini
/// Program page recommends a form-encoded body; WeChat accepts the JSON body sent here, as
/// every other endpoint of the group.
#[wx_endpoint(POST "/wxaapi/newtmpl/addtemplate", app = both, validate = super::check_add_template,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/api-backend/open-api/subscribe-message/subscribeMessage.addTemplate.html")]
pub mod add_template {
    pub struct Request {
        /// The public template's title id.
        pub tid: String,
        /// The chosen keyword ids, in order (2..=5; empty for a new one-time template).
        #[serde(rename = "kidList")]
        pub kid_list: Vec<u32>,
        /// The service scene, at most 15 characters.
        #[serde(rename = "sceneDesc")]
        pub scene_desc: Option<String>,
    }
    pub struct Response {
        /// The new private template's id (used to send).
        #[serde(rename = "priTmplId")]
        pub pri_tmpl_id: String,
    }
}

fn check_add_template(req: &add_template::Request) -> Result<(), ValidationError> {
    const ENDPOINT: &str = "subscribe::add_template";
    let one_time = req
        .tid
        .parse::<u64>()
        .is_ok_and(|t| ONE_TIME_TIDS.contains(&t));
    let n = req.kid_list.len();
    if one_time && n != 0 {
        return Err(ValidationError::new(
            ENDPOINT,
            "kidList",
            format!("{n} keywords; a new one-time template (tid 10000001..20000000) takes none"),
        ));
    }
    if !one_time && !(MIN_KEYWORDS..=MAX_KEYWORDS).contains(&n) {
        return Err(ValidationError::new(
            ENDPOINT,
            "kidList",
            format!("{n} keywords; a template combines {MIN_KEYWORDS}..={MAX_KEYWORDS}"),
        ));
    }
    if req.tid.is_empty() {
        return Err(ValidationError::new(
            ENDPOINT,
            "tid",
            "empty; the title id is required",
        ));
    }
    if let Some(scene) = &req.scene_desc {
        let chars = scene.chars().count();
        if chars > MAX_SCENE_CHARS {
            return Err(ValidationError::new(
                ENDPOINT,
                "sceneDesc",
                format!("{chars} characters; a scene description has at most {MAX_SCENE_CHARS}"),
            ));
        }
    }
    Ok(())
}

/// Delete a private template.
#[wx_endpoint(POST "/wxaapi/newtmpl/deltemplate", app = both, validate = super::check_delete_template,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/api-backend/open-api/subscribe-message/subscribeMessage.deleteTemplate.html")]
pub mod delete_template {
    pub struct Request {
        /// The private template's id.
        #[serde(rename = "priTmplId")]
        pub pri_tmpl_id: String,
    }
    pub struct Response {}
}

fn check_delete_template(req: &delete_template::Request) -> Result<(), ValidationError> {
    if req.pri_tmpl_id.is_empty() {
        return Err(ValidationError::new(
            "subscribe::delete_template",
            "priTmplId",
            "empty; the private template id is required",
        ));
    }
    Ok(())
}

/// A category of the account, as [`list_categories`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Category {
    /// The category id.
    pub id: u64,
    /// Its name.
    #[serde(default)]
    pub name: String,
}

/// The account's categories (the public templates are chosen from them).
#[wx_endpoint(GET "/wxaapi/newtmpl/getcategory", app = both,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/api-backend/open-api/subscribe-message/subscribeMessage.getCategory.html")]
pub mod list_categories {
    pub struct Request {}
    pub struct Response {
        /// The categories.
        #[wx(default)]
        pub data: Vec<super::Category>,
    }
}

/// A keyword of a public template, as [`list_keywords`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Keyword {
    /// The keyword id (for `kidList`).
    pub kid: u32,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// An example value.
    #[serde(default)]
    pub example: String,
    /// Its type (`thing`, `time`, ...: the rules of the table above).
    #[serde(default)]
    pub rule: String,
}

/// The keywords of public template title `tid`.
#[wx_endpoint(GET "/wxaapi/newtmpl/getpubtemplatekeywords", app = both, validate = super::check_keywords,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/api-backend/open-api/subscribe-message/subscribeMessage.getPubTemplateKeyWordsById.html")]
pub mod list_keywords {
    pub struct Request {
        /// The title id.
        #[wx(query)]
        pub tid: String,
    }
    pub struct Response {
        /// How many keywords.
        #[wx(default)]
        pub count: u64,
        /// The keywords.
        #[wx(default)]
        pub data: Vec<super::Keyword>,
    }
}

fn check_keywords(req: &list_keywords::Request) -> Result<(), ValidationError> {
    if req.tid.is_empty() {
        return Err(ValidationError::new(
            "subscribe::list_keywords",
            "tid",
            "empty; the title id is required",
        ));
    }
    Ok(())
}

/// A public template title, as [`list_titles`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Title {
    /// The title id (`tid`).
    pub tid: u64,
    /// The title.
    #[serde(default)]
    pub title: String,
    /// 2: one-time subscription; 3: long-term subscription.
    #[serde(default, rename = "type")]
    pub kind: u32,
    /// The category id; a string in the documented example, a number in the field table:
    /// kept as it came.
    #[serde(default, rename = "categoryId")]
    pub category_id: serde_json::Value,
}

/// A page of the public template titles of categories `ids` (comma-separated), `limit`
/// (1..=30) from `start` (from 0).
///
/// Errors: 200016 (start), 200017 (limit), 200018 (ids missing), 200019 (ids invalid).
#[wx_endpoint(GET "/wxaapi/newtmpl/getpubtemplatetitles", app = both, validate = super::check_titles,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/subscribe-message/api_getpubnewtemplatetitles.html")]
pub mod list_titles {
    pub struct Request {
        /// Category ids, comma-separated (`"2,616"`).
        #[wx(query)]
        pub ids: String,
        /// The first title, from 0.
        #[wx(query)]
        pub start: u32,
        /// How many titles, 1..=30.
        #[wx(query)]
        pub limit: u32,
    }
    pub struct Response {
        /// How many titles in all.
        #[wx(default)]
        pub count: u64,
        /// This page's titles.
        #[wx(default)]
        pub data: Vec<super::Title>,
    }
}

fn check_titles(req: &list_titles::Request) -> Result<(), ValidationError> {
    const ENDPOINT: &str = "subscribe::list_titles";
    if req
        .ids
        .split(',')
        .any(|id| id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(ValidationError::new(
            ENDPOINT,
            "ids",
            format!(
                "{:?}; category ids are numbers separated by commas (WeChat answers 200018/200019)",
                req.ids
            ),
        ));
    }
    if req.limit == 0 || req.limit > MAX_TITLES_PAGE {
        return Err(ValidationError::new(
            ENDPOINT,
            "limit",
            format!(
                "{}; a page holds 1..={MAX_TITLES_PAGE} titles (WeChat answers 200017)",
                req.limit
            ),
        ));
    }
    Ok(())
}

/// A private template of the account, as [`list_templates`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PrivateTemplate {
    /// The private template id.
    #[serde(rename = "priTmplId")]
    pub pri_tmpl_id: String,
    /// The title.
    #[serde(default)]
    pub title: String,
    /// The content, with `{{thing1.DATA}}` placeholders.
    #[serde(default)]
    pub content: String,
    /// An example.
    #[serde(default)]
    pub example: String,
    /// 2: one-time subscription; 3: long-term subscription.
    #[serde(default, rename = "type")]
    pub kind: u32,
    /// For templates with enumerated keywords (`enum_string` placeholders): the values each
    /// such keyword may take. Absent for templates without one.
    #[serde(
        default,
        rename = "keywordEnumValueList",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub keyword_enum_values: Vec<KeywordEnumValues>,
}

/// The values an enumerated keyword of a private template may take.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeywordEnumValues {
    /// The keyword's placeholder name, such as `enum_string2`.
    #[serde(default, rename = "keywordCode")]
    pub keyword_code: String,
    /// The values it may take.
    #[serde(default, rename = "enumValueList")]
    pub values: Vec<String>,
}

/// The account's private templates.
#[wx_endpoint(GET "/wxaapi/newtmpl/gettemplate", app = both,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/api-backend/open-api/subscribe-message/subscribeMessage.getTemplateList.html")]
pub mod list_templates {
    pub struct Request {}
    pub struct Response {
        /// The templates.
        #[wx(default)]
        pub data: Vec<super::PrivateTemplate>,
    }
}
