use wx_api::wx_endpoint;

// `auth = user_token`: the request must carry the user's token itself.
#[wx_endpoint(GET "/sns/userinfo", app = oa, auth = user_token, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_user_info {
    pub struct Request {
        #[wx(query)]
        pub openid: String,
    }
    pub struct Response {}
}

fn main() {}
