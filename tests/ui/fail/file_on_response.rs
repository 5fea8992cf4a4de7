use wx_api::wx_endpoint;

#[wx_endpoint(POST "/cgi-bin/media/get", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get {
    pub struct Request {}
    pub struct Response {
        #[wx(file)]
        pub media: String,
    }
}

fn main() {}
