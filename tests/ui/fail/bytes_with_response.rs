use wx_api::wx_endpoint;

#[wx_endpoint(POST "/cgi-bin/image", app = oa, response = bytes, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_image {
    pub struct Request {}
    pub struct Response {
        pub url: String,
    }
}

fn main() {}
