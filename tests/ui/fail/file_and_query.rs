use wx_api::wx_endpoint;

#[wx_endpoint(POST "/cgi-bin/media/upload", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod upload {
    pub struct Request {
        #[wx(file, query)]
        pub media: ::wx_core::Upload,
    }
    pub struct Response {}
}

fn main() {}
