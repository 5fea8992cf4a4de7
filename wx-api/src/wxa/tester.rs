//! Trial-version testers (体验者): the WeChat users who may open the trial version that
//! `wxa::version::commit` created, before it is submitted for review. A third-party
//! platform calls these with the merchant's authorizer access token (permission set 18).
//! The Mini Program's administrators are testers already and need no binding.
//!
//! Checked before sending: `wechatid` (or `userstr`) not empty, and [`unbind`] names
//! exactly one of them. WeChat's errcodes for [`bind`]: 85001 no such WeChat id (or it
//! cannot be searched for), 85002 the Mini Program has all the testers it may have, 85003
//! the user tests too many Mini Programs, 85004 already bound.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Make a WeChat user a tester (`bindTester`).
#[wx_endpoint(POST "/wxa/bind_tester", app = wxa, validate = super::check_bind,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/member-management/api_bindtester")]
pub mod bind {
    pub struct Request {
        /// The user's WeChat id (微信号).
        pub wechatid: String,
    }
    pub struct Response {
        /// The opaque string that stands for this tester (in [`super::list`], and for
        /// [`super::unbind`]).
        pub userstr: String,
    }
}

fn check_bind(req: &bind::Request) -> Result<(), ValidationError> {
    if req.wechatid.is_empty() {
        return Err(ValidationError::new(
            "wxa::tester::bind",
            "wechatid",
            "empty; the user's WeChat id is required (WeChat answers 85001)",
        ));
    }
    Ok(())
}

/// Remove a tester (`unbindTester`), named by WeChat id or by `userstr`.
#[wx_endpoint(POST "/wxa/unbind_tester", app = wxa, new = false, validate = super::check_unbind,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/miniprogram-management/member-management/unbindTester.html")]
pub mod unbind {
    pub struct Request {
        /// The user's WeChat id; give this or `userstr`.
        pub wechatid: Option<String>,
        /// The tester's string from [`super::bind`] or [`super::list`]; give this or
        /// `wechatid`.
        pub userstr: Option<String>,
    }
    pub struct Response {}

    impl Request {
        /// Remove the tester whose WeChat id is `wechatid`.
        pub fn by_wechatid(wechatid: impl Into<String>) -> Self {
            Self {
                wechatid: Some(wechatid.into()),
                userstr: None,
            }
        }
        /// Remove the tester `userstr` stands for.
        pub fn by_userstr(userstr: impl Into<String>) -> Self {
            Self {
                wechatid: None,
                userstr: Some(userstr.into()),
            }
        }
    }
}

fn check_unbind(req: &unbind::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::tester::unbind";
    match (&req.wechatid, &req.userstr) {
        (Some(id), None) if !id.is_empty() => Ok(()),
        (None, Some(s)) if !s.is_empty() => Ok(()),
        (Some(_), Some(_)) => Err(ValidationError::new(
            NAME,
            "userstr",
            "give wechatid or userstr, not both",
        )),
        (Some(_), None) => Err(ValidationError::new(NAME, "wechatid", "empty")),
        (None, Some(_)) => Err(ValidationError::new(NAME, "userstr", "empty")),
        (None, None) => Err(ValidationError::new(
            NAME,
            "wechatid",
            "give wechatid or userstr",
        )),
    }
}

/// `action: "get_experiencer"`, the only action of [`list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GetExperiencer;

impl Serialize for GetExperiencer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("get_experiencer")
    }
}

impl<'de> Deserialize<'de> for GetExperiencer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "get_experiencer" {
            Ok(Self)
        } else {
            Err(serde::de::Error::custom(format!(
                "action {s:?}; only get_experiencer exists"
            )))
        }
    }
}

/// One tester (`members[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The opaque string that stands for the tester.
    pub userstr: String,
}

/// The testers bound to the Mini Program (`getTester`).
#[wx_endpoint(POST "/wxa/memberauth", app = wxa, new = false,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/member-management/api_gettester")]
pub mod list {
    pub struct Request {
        /// Always `get_experiencer`.
        pub action: super::GetExperiencer,
    }
    pub struct Response {
        /// The testers.
        #[wx(default)]
        pub members: Vec<super::Member>,
    }

    impl Request {
        /// The testers.
        pub fn new() -> Self {
            Self {
                action: super::GetExperiencer,
            }
        }
    }

    impl Default for Request {
        fn default() -> Self {
            Self::new()
        }
    }
}
