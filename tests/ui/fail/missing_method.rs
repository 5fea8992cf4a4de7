use wx_api::wx_endpoint;

#[wx_endpoint]
pub mod get_thing {
    pub struct Request {}
    pub struct Response {}
}

fn main() {}
