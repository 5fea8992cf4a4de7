use wx_api::wx_endpoint;

// Each mode adds its own query parameters; a field of the same name would send it twice.
#[wx_endpoint(GET "/sns/oauth2/access_token", app = oa, auth = app_credentials, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod exchange_code {
    pub struct Request {
        #[wx(query)]
        pub appid: String,
        #[wx(query, rename = "secret")]
        pub app_secret: ::wx_core::Secret,
        #[wx(query)]
        pub code: String,
    }
    pub struct Response {}
}

#[wx_endpoint(GET "/sns/oauth2/refresh_token", app = oa, auth = app_id, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod refresh {
    pub struct Request {
        #[wx(query)]
        pub appid: String,
        #[wx(query)]
        pub refresh_token: ::wx_core::RefreshToken,
    }
    pub struct Response {}
}

#[wx_endpoint(GET "/cgi-bin/user/info", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_info {
    pub struct Request {
        #[wx(query)]
        pub access_token: String,
    }
    pub struct Response {}
}

fn main() {}
