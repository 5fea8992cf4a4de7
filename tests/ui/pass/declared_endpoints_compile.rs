//! Declarations exercising every option compile and behave as declared.
use wx_api::wx_endpoint;
use wx_api::{Endpoint, ResponseKind};

#[wx_endpoint(POST "/cgi-bin/material/add_thing", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod add_thing {
    pub struct Request {
        #[wx(query, rename = "type")]
        pub kind: String,
        pub title: String,
        pub note: Option<String>,
        #[wx(default)]
        pub count: u32,
    }
    pub struct Response;
}

#[wx_endpoint(POST "/wxa/thing", app = wxa, auth = app_credentials, response = json_or_bytes, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_thing {
    pub struct Request {
        pub media_id: String,
    }
    pub struct Response {
        #[wx(alias = "thumb_media_id")]
        pub media_id: String,
    }
}

#[wx_endpoint(GET "/cgi-bin/img", app = both, host = "mp.weixin.qq.com", auth = none, response = bytes, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_img {
    pub struct Request {
        #[wx(query)]
        pub id: Option<u64>,
    }
}

fn main() {
    let r = add_thing::Request::new("image", "t").note("n");
    assert_eq!(r.count, 0);
    let rendered = wx_api::wire::render(&r).unwrap();
    assert!(rendered.contains("type=image"), "{rendered}");
    assert!(rendered.contains(r#"{"title":"t","note":"n","count":0}"#), "{rendered}");
    assert_eq!(<get_thing::Request as Endpoint>::META.response, ResponseKind::JsonOrBytes);
    let reply: get_thing::Response = serde_json::from_str(r#"{"thumb_media_id":"m"}"#).unwrap();
    assert_eq!(reply.media_id, "m");
    let img = get_img::Request::new();
    assert_eq!(wx_api::wire::render(&img).unwrap(), "GET https://mp.weixin.qq.com/cgi-bin/img\n");
    let img = img.id(7);
    assert_eq!(wx_api::wire::render(&img).unwrap(), "GET https://mp.weixin.qq.com/cgi-bin/img?id=7\n");
}
