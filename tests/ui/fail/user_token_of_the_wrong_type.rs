use wx_api::wx_endpoint;

// A plain `String` token would show in Debug output and logs; the app's `AccessToken`
// is not the user's.
#[wx_endpoint(GET "/sns/userinfo", app = oa, auth = user_token, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_user_info {
    pub struct Request {
        #[wx(query)]
        pub access_token: String,
        #[wx(query)]
        pub openid: String,
    }
    pub struct Response {}
}

#[wx_endpoint(GET "/sns/auth", app = oa, auth = user_token, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod check_token {
    pub struct Request {
        #[wx(query)]
        pub access_token: Option<::wx_core::UserToken>,
    }
    pub struct Response {}
}

// A user's token under the app-token mode: the mode was forgotten.
#[wx_endpoint(GET "/sns/auth", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod check_again {
    pub struct Request {
        #[wx(query, rename = "user_token")]
        pub token: ::wx_core::UserToken,
    }
    pub struct Response {}
}

fn main() {}
