//! Wire format of the API-management, network, short-key and analytics endpoints, built from
//! the official pages' request examples (tests/fixtures/doc-examples/).

use wx_api::oa::datacube::{article, interface, message, user};
use wx_api::oa::network::{self, CheckAction, CheckOperator};
use wx_api::oa::{openapi, shorten};
use wx_api::wire::render;
use wx_api::Secret;

#[test]
fn openapi_quota_rid() {
    let path = "/cgi-bin/message/custom/send";
    insta::assert_snapshot!(
        "openapi_get_quota",
        render(&openapi::get_quota::Request::new(path)).unwrap()
    );
    insta::assert_snapshot!(
        "openapi_clear_quota",
        render(&openapi::clear_quota::Request::new(path)).unwrap()
    );
    insta::assert_snapshot!(
        "openapi_clear_all",
        render(&openapi::clear_all::Request::new("wx448f04719cd48f69")).unwrap()
    );
    insta::assert_snapshot!(
        "openapi_clear_all_with_secret",
        render(&openapi::clear_all_with_secret::Request::new(
            "wx888888888888",
            Secret::new("xxxxxxxxxxxxxxxxxxxxxxxx")
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "openapi_get_rid",
        render(&openapi::get_rid::Request::new(
            "61725984-6126f6f9-040f19c4"
        ))
        .unwrap()
    );
}

#[test]
fn network_check_and_ip_lists() {
    insta::assert_snapshot!(
        "network_check_callback",
        render(&network::check_callback::Request::new(
            CheckAction::All,
            CheckOperator::Default
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "network_get_api_ips",
        render(&network::get_api_ips::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "network_get_callback_ips",
        render(&network::get_callback_ips::Request::new()).unwrap()
    );
}

#[test]
fn shorten_gen_fetch() {
    insta::assert_snapshot!(
        "shorten_gen",
        render(&shorten::gen::Request::new("loooooong data", 86400)).unwrap()
    );
    insta::assert_snapshot!(
        "shorten_fetch",
        render(&shorten::fetch::Request::new("iTqRJFSEqk9RvPk")).unwrap()
    );
}

#[test]
fn datacube_all() {
    let (b, e) = ("2014-12-02", "2014-12-07");
    insta::assert_snapshot!(
        "datacube_user_get_summary",
        render(&user::get_summary::Request::new(b, e)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_user_get_cumulate",
        render(&user::get_cumulate::Request::new(b, e)).unwrap()
    );
    let d = "2014-12-08";
    insta::assert_snapshot!(
        "datacube_article_get_summary",
        render(&article::get_summary::Request::new(d, d)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_article_get_total",
        render(&article::get_total::Request::new(d, d)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_article_get_read",
        render(&article::get_read::Request::new(d, d)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_article_get_read_hour",
        render(&article::get_read_hour::Request::new(d, d)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_article_get_share",
        render(&article::get_share::Request::new(d, d)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_article_get_share_hour",
        render(&article::get_share_hour::Request::new(d, d)).unwrap()
    );
    let (b, e) = ("2014-12-07", "2014-12-08");
    insta::assert_snapshot!(
        "datacube_message_get_upstream",
        render(&message::get_upstream::Request::new(b, e)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_message_get_upstream_hour",
        render(&message::get_upstream_hour::Request::new(b, b)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_message_get_upstream_week",
        render(&message::get_upstream_week::Request::new(b, e)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_message_get_upstream_month",
        render(&message::get_upstream_month::Request::new(b, e)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_message_get_dist",
        render(&message::get_dist::Request::new(b, e)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_message_get_dist_week",
        render(&message::get_dist_week::Request::new(b, e)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_message_get_dist_month",
        render(&message::get_dist_month::Request::new(b, e)).unwrap()
    );
    let d = "2014-12-07";
    insta::assert_snapshot!(
        "datacube_interface_get_summary",
        render(&interface::get_summary::Request::new(d, d)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_interface_get_summary_hour",
        render(&interface::get_summary_hour::Request::new(d, d)).unwrap()
    );
}

#[test]
fn comments() {
    use wx_api::oa::comment::{self, CommentType};
    let open = comment::open::Request::new(123456).index(0);
    insta::assert_snapshot!("comment_open", render(&open).unwrap());
    insta::assert_snapshot!(
        "comment_close",
        render(&comment::close::Request::new(123456).index(0)).unwrap()
    );
    insta::assert_snapshot!(
        "comment_list",
        render(&comment::list::Request::new(123456, 0, 50, CommentType::All).index(0)).unwrap()
    );
    insta::assert_snapshot!(
        "comment_mark_elect",
        render(&comment::mark_elect::Request::new(123456, 1).index(0)).unwrap()
    );
    insta::assert_snapshot!(
        "comment_unmark_elect",
        render(&comment::unmark_elect::Request::new(123456, 1).index(0)).unwrap()
    );
    insta::assert_snapshot!(
        "comment_delete",
        render(&comment::delete::Request::new(123456, 1).index(0)).unwrap()
    );
    insta::assert_snapshot!(
        "comment_add_reply",
        render(&comment::add_reply::Request::new(123456, 1, "谢谢").index(0)).unwrap()
    );
    insta::assert_snapshot!(
        "comment_delete_reply",
        render(&comment::delete_reply::Request::new(123456, 1).index(0)).unwrap()
    );
}

#[test]
fn menus_autoreply_speed() {
    use wx_api::oa::autoreply;
    use wx_api::oa::menu::{self, Button, MatchRule};
    use wx_api::oa::message::mass;
    let buttons = vec![Button::click("今日歌曲", "V1001_TODAY_MUSIC")];
    insta::assert_snapshot!(
        "menu_add_conditional",
        render(&menu::add_conditional::Request::new(
            buttons,
            MatchRule::tag(2).with_client_platform_type(2)
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "menu_delete_conditional",
        render(&menu::delete_conditional::Request::new("208379533")).unwrap()
    );
    insta::assert_snapshot!(
        "menu_try_match",
        render(&menu::try_match::Request::new("weixin")).unwrap()
    );
    insta::assert_snapshot!(
        "menu_get_current",
        render(&menu::get_current::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "autoreply_get_current",
        render(&autoreply::get_current::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "mass_get_speed",
        render(&mass::get_speed::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "mass_set_speed",
        render(&mass::set_speed::Request::new(1)).unwrap()
    );
}
