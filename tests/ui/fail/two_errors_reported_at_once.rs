// Two mistakes in one declaration: both are reported by the same compile.
use wx_api::wx_endpoint;

#[wx_endpoint(GET "/cgi-bin/thing", app = oa, retries = 3, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_thing {
    pub struct Request {
        pub id: u32,
    }
    pub struct Response {}
}

fn main() {}
