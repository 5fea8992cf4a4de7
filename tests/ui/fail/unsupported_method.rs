use wx_api::wx_endpoint;

#[wx_endpoint(PUT "/cgi-bin/thing", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod put_thing {
    pub struct Request {}
    pub struct Response {}
}

fn main() {}
