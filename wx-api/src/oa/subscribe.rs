//! Subscribe notifications (订阅通知) of an Official Account: sending one to a user who
//! subscribed. The private templates it uses are managed with the endpoints shared with the
//! Mini Program ([`crate::wxa::subscribe`]: `add_template`, `list_templates`, ...).
//!
//! The keyword values follow the rules by keyword type of [`crate::wxa::subscribe`]
//! (`thing` at most 20 characters, ...), checked before sending. Other codes: 40003
//! (`touser`), 40037 (`template_id`), 43101 (the user did not subscribe), 47003 (a value
//! breaks its rule).

use std::collections::BTreeMap;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Send a subscribe notification.
#[wx_endpoint(POST "/cgi-bin/message/subscribe/bizsend", app = oa, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/notify/api_sendnewsubscribemsg.html")]
pub mod send {
    pub struct Request {
        /// The user's openid.
        pub touser: String,
        /// The subscribe template's id.
        pub template_id: String,
        /// Mini-program page opened on tap, may carry `?query`; no jump when absent.
        pub page: Option<String>,
        /// Keyword (`thing1`, `time2`, ...) → value.
        pub data: ::std::collections::BTreeMap<String, crate::wxa::subscribe::Value>,
        /// Which mini-program version a tap opens; `formal` when absent.
        pub miniprogram_state: Option<crate::wxa::subscribe::MiniProgramState>,
        /// Language; `zh_CN` when absent.
        pub lang: Option<crate::wxa::subscribe::Lang>,
    }
    pub struct Response {}
}

fn check_send(req: &send::Request) -> Result<(), ValidationError> {
    if req.touser.is_empty() || req.template_id.is_empty() {
        let field = if req.touser.is_empty() {
            "touser"
        } else {
            "template_id"
        };
        return Err(ValidationError::new(
            "subscribe::send",
            field,
            "empty; the recipient and the template are required",
        ));
    }
    let data: &BTreeMap<String, crate::wxa::subscribe::Value> = &req.data;
    crate::wxa::subscribe::check_data("subscribe::send", data)
}
