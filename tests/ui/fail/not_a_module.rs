use wx_api::wx_endpoint;

#[wx_endpoint(POST "/cgi-bin/thing", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub struct Request {}

fn main() {}
