//! Wire format of every endpoint: method, URL with query (credentials as placeholders),
//! content type and body, exactly as the client sends them.

use wx_api::oa::qrcode::{self, show_qrcode_url};
use wx_api::token;
use wx_api::wire::render;

#[test]
fn token_get_access_token() {
    insta::assert_snapshot!(
        render(&token::get::Request::new("wx0123456789abcdef", "APPSECRET")).unwrap()
    );
}

#[test]
fn token_get_stable_token() {
    insta::assert_snapshot!(
        "token_get_stable_token",
        render(&token::get_stable::Request::new(
            "wx0123456789abcdef",
            "APPSECRET"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "token_get_stable_token_forced",
        render(
            &token::get_stable::Request::new("wx0123456789abcdef", "APPSECRET").force_refresh(true)
        )
        .unwrap()
    );
}

#[test]
fn qrcode_create_all_four_action_names() {
    insta::assert_snapshot!(
        "qrcode_create_temporary_id",
        render(&qrcode::create::Request::temporary_id(123, 604_800)).unwrap()
    );
    insta::assert_snapshot!(
        "qrcode_create_temporary_str",
        render(&qrcode::create::Request::temporary_str(
            "促销-spring",
            2_592_000
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "qrcode_create_permanent_id",
        render(&qrcode::create::Request::permanent_id(100_000)).unwrap()
    );
    insta::assert_snapshot!(
        "qrcode_create_permanent_str",
        render(&qrcode::create::Request::permanent_str("test")).unwrap()
    );
}

#[test]
fn qrcode_show_encodes_the_ticket() {
    let ticket = "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw+/==";
    insta::assert_snapshot!(render(&qrcode::show::Request::new(ticket)).unwrap());
    assert_eq!(
        show_qrcode_url(ticket).unwrap(),
        "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw%2B%2F%3D%3D"
    );
}
