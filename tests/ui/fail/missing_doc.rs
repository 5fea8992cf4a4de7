use wx_api::wx_endpoint;

#[wx_endpoint(POST "/cgi-bin/thing", app = both)]
pub mod post_thing {
    pub struct Request {}
    pub struct Response {}
}

fn main() {}
