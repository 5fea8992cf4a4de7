//! Wire format of the ticket endpoint (`oa::ticket::get`), both ticket types.

use wx_api::oa::ticket::{self, TicketType};
use wx_api::wire::render;

#[test]
fn ticket_get_both_types() {
    insta::assert_snapshot!(
        "ticket_get_jsapi",
        render(&ticket::get::Request::new(TicketType::Jsapi)).unwrap()
    );
    insta::assert_snapshot!(
        "ticket_get_wx_card",
        render(&ticket::get::Request::new(TicketType::WxCard)).unwrap()
    );
}
