use wx_api::wx_endpoint;

#[wx_endpoint(GET "/cgi-bin/thing?type=image", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_thing {
    pub struct Request {}
    pub struct Response {}
}

fn main() {}
