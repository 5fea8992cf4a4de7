//! Wire format of the OAuth endpoints: the parameter order of WeChat's pages, credentials
//! shown as placeholders (`APPID`, `APPSECRET`, the user's `ACCESS_TOKEN`, `REFRESH_TOKEN`).

use wx_api::oa::oauth;
use wx_api::oa::user::Lang;
use wx_api::wire::render;

#[test]
fn exchange_code() {
    insta::assert_snapshot!(
        "oauth_exchange_code",
        render(&oauth::exchange_code::Request::new("0a1B2c3D")).unwrap()
    );
}

#[test]
fn refresh() {
    let rendered = render(&oauth::refresh::Request::new("the-real-refresh-token")).unwrap();
    assert!(!rendered.contains("the-real-refresh-token"), "{rendered}");
    insta::assert_snapshot!("oauth_refresh", rendered);
}

#[test]
fn get_user_info() {
    let rendered = render(
        &oauth::get_user_info::Request::new("the-real-user-token", "o-user-1").lang(Lang::En),
    )
    .unwrap();
    assert!(!rendered.contains("the-real-user-token"), "{rendered}");
    insta::assert_snapshot!("oauth_get_user_info", rendered);
}

#[test]
fn check_token() {
    insta::assert_snapshot!(
        "oauth_check_token",
        render(&oauth::check_token::Request::new(
            "the-real-user-token",
            "o-user-1"
        ))
        .unwrap()
    );
}

#[test]
fn an_empty_code_is_refused_before_sending() {
    let err = render(&oauth::exchange_code::Request::new("")).unwrap_err();
    match err {
        wx_api::Error::Invalid(e) => {
            assert_eq!(e.field, "code");
            assert_eq!(e.endpoint, "oa::oauth::exchange_code");
        }
        other => panic!("{other:?}"),
    }
}
