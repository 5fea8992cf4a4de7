use wx_api::wx_endpoint;

#[wx_endpoint(GET "/cgi-bin/thing", app = oa, host = mp, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_thing {
    pub struct Request {}
    pub struct Response {}
}

#[wx_endpoint(GET "/cgi-bin/thing", app = oa, host = "open.weixin.qq.com", doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_other {
    pub struct Request {}
    pub struct Response {}
}

fn main() {}
