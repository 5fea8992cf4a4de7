//! Wire format of the Official Account odds and ends (draft switch, news upload, HD voice,
//! one-time subscription message, openid conversion, 发表内容 daily analytics), built from
//! the doc-example fixtures (tests/fixtures/doc-examples/).

use wx_api::oa::datacube::article;
use wx_api::oa::message::mass::{self, NewsArticle};
use wx_api::oa::message::template::MiniProgramJump;
use wx_api::oa::subscribe::{self, OnceContent, OnceData};
use wx_api::oa::{draft, media, user};
use wx_api::wire::render;

#[test]
fn oa_misc_requests() {
    insta::assert_snapshot!(
        "draft_set_switch_check_only",
        render(&draft::set_switch::Request::check_only()).unwrap()
    );
    insta::assert_snapshot!(
        "draft_set_switch_open",
        render(&draft::set_switch::Request::open()).unwrap()
    );
    let article = |show| NewsArticle {
        author: Some("xxx".into()),
        content_source_url: Some("www.qq.com".into()),
        digest: Some("digest".into()),
        show_cover_pic: Some(show),
        need_open_comment: Some(1),
        only_fans_can_comment: Some(1),
        ..NewsArticle::new(
            "Happy Day",
            "qI6_Ze_6PtV7svjolgs-rN6stStuHIjs9_DidOHaj0Q-mwvBelOXCFZiq2OsIU-p",
            "content",
        )
    };
    insta::assert_snapshot!(
        "mass_upload_news",
        render(&mass::upload_news::Request::new(vec![
            article(1),
            article(0)
        ]))
        .unwrap()
    );
    insta::assert_snapshot!(
        "media_get_hd_voice",
        render(&media::get_hd_voice::Request::new("MEDIA_ID")).unwrap()
    );
    let once = subscribe::send_once::Request::new(
        "OPENID",
        "TEMPLATE_ID",
        "1000",
        "订阅通知",
        OnceData {
            content: Some(OnceContent {
                value: Some("您好!".into()),
                color: Some("#FF0000".into()),
            }),
        },
    )
    .url("https://example.com")
    .miniprogram(MiniProgramJump {
        appid: "xiaochengxuappid12345".into(),
        pagepath: Some("index?foo=bar".into()),
    });
    insta::assert_snapshot!("subscribe_send_once", render(&once).unwrap());
    insta::assert_snapshot!(
        "user_exchange_openid",
        render(&user::exchange_openid::Request::new(
            "gh_91ae50dfeb1c",
            vec![
                "oEmYbwN-n24jxvk4Sox81qedINkQ".into(),
                "oEmYbwH9uVd4RKJk7ZZg6SzL6tTo".into()
            ],
        ))
        .unwrap()
    );
    let d = "2025-11-01";
    insta::assert_snapshot!(
        "datacube_article_get_daily_read",
        render(&article::get_daily_read::Request::new(d, d)).unwrap()
    );
    insta::assert_snapshot!(
        "datacube_article_get_daily_share",
        render(&article::get_daily_share::Request::new(d, d)).unwrap()
    );
}

#[test]
fn publisher_stat_requests() {
    use wx_api::oa::publisher::{get_stat, Action, AdSlot};
    insta::assert_snapshot!(
        "publisher_get_stat_adpos",
        render(
            &get_stat::Request::dated(Action::AdposGeneral, 1, 10, "2020-04-13", "2020-04-13")
                .ad_slot(AdSlot::WeappInterstitial)
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "publisher_get_stat_settlement",
        render(&get_stat::Request::dated(
            Action::Settlement,
            1,
            10,
            "2020-02-11",
            "2020-03-26"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "publisher_get_stat_adunit_list",
        render(
            &get_stat::Request::new(Action::AdunitList, 1, 20).ad_unit_id("adunit-e9418ee19XXXXX")
        )
        .unwrap()
    );
}
