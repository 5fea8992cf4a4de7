use wx_api::wx_endpoint;

#[wx_endpoint(GET "/cgi-bin/user/info", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod user_info {
    pub struct Request {
        #[wx(query)]
        pub openid: String,
        pub lang: String,
    }
    pub struct Response {}
}

fn main() {}
