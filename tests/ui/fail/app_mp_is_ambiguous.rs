use wx_api::wx_endpoint;

// `mp` meant a Mini Program here, the Official Account module in `wx_api`, and the
// mp.weixin.qq.com host: the macro refuses it and names the two words to use instead.
#[wx_endpoint(POST "/wxa/thing", app = mp, doc = "https://developers.weixin.qq.com/miniprogram/dev/x")]
pub mod post_thing {
    pub struct Request {}
    pub struct Response {}
}

fn main() {}
