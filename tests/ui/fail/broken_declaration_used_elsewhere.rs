// A declaration with one mistake, used elsewhere in the file: the module is still emitted
// as written, so the one real error is all the user sees (no "cannot find" at use sites).
use wx_api::wx_endpoint;

#[wx_endpoint(GET "/cgi-bin/thing", app = oa, doc = "https://developers.weixin.qq.com/doc/x")]
pub mod get_thing {
    pub struct Request {
        #[wx(query)]
        pub id: u32,
        #[wx(query, querry)]
        pub page: u32,
    }
    #[serde(deny_unknown_fields)]
    pub struct Response {
        #[wx(alias = "title")]
        pub name: String,
    }
    impl Request {
        pub fn first_page(id: u32) -> Self {
            Self { id, page: 0 }
        }
        pub fn is_first_page(&self) -> bool {
            self.page == 0
        }
    }
}

fn name_of(reply: &get_thing::Response) -> &str {
    &reply.name
}

fn main() {
    let request = get_thing::Request::first_page(7);
    assert!(request.is_first_page());
    let other = get_thing::Request { id: 1, page: 2 };
    let _ = (other.id, name_of as fn(&get_thing::Response) -> &str);
}
