use wx_api::wx_endpoint;

#[wx_endpoint(POST "/cgi-bin/thing", app = oa, app = wxa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod post_thing {
    pub struct Request {}
    pub struct Response {}
}

fn main() {}
