//! Wire format of the message, user, menu and mini-program endpoints, and of every
//! customer-service msgtype.

use wx_api::oa::menu::{self, Action, Button, ButtonKind};
use wx_api::oa::message::custom::{self, Message};
use wx_api::oa::message::{mass, template};
use wx_api::oa::user;
use wx_api::wire::render;
use wx_api::wxa::{code, customer, login, search, subscribe};

fn custom(message: Message) -> String {
    render(&custom::send::Request::new("OPENID", message)).unwrap()
}

#[test]
fn customer_service_every_msgtype() {
    use custom::*;
    let media = || Media {
        media_id: "MEDIA_ID".into(),
    };
    let cases: Vec<(&str, Message)> = vec![
        (
            "text",
            Message::Text(Text {
                content: "你好 <a href=\"https://x\">link</a>".into(),
            }),
        ),
        ("image", Message::Image(media())),
        ("voice", Message::Voice(media())),
        (
            "video",
            Message::Video(Video {
                media_id: "M".into(),
                thumb_media_id: "T".into(),
                title: Some("t".into()),
                description: None,
            }),
        ),
        (
            "music",
            Message::Music(Music {
                title: Some("song".into()),
                description: None,
                musicurl: "http://m".into(),
                hqmusicurl: "http://hq".into(),
                thumb_media_id: "T".into(),
            }),
        ),
        (
            "news",
            Message::News(News {
                articles: vec![NewsArticle {
                    title: "t".into(),
                    description: "d".into(),
                    url: "http://u".into(),
                    picurl: "http://p".into(),
                }],
            }),
        ),
        ("mpnews", Message::MpNews(media())),
        (
            "mpnewsarticle",
            Message::MpNewsArticle(ArticleRef {
                article_id: "ARTICLE".into(),
            }),
        ),
        (
            "msgmenu",
            Message::MsgMenu(MsgMenu {
                head_content: "Rate us".into(),
                list: vec![
                    MenuChoice {
                        id: "101".into(),
                        content: "good".into(),
                    },
                    MenuChoice {
                        id: "102".into(),
                        content: "bad".into(),
                    },
                ],
                tail_content: "thanks".into(),
            }),
        ),
        (
            "wxcard",
            Message::WxCard(WxCard {
                card_id: "CARD".into(),
            }),
        ),
        (
            "miniprogrampage",
            Message::MiniProgramPage(MiniProgramPage {
                title: "t".into(),
                appid: "wxmini".into(),
                pagepath: "pages/index?x=1".into(),
                thumb_media_id: "T".into(),
            }),
        ),
    ];
    for (name, message) in cases {
        assert_eq!(message.msgtype(), name);
        insta::assert_snapshot!(format!("custom_{name}"), custom(message));
    }
    insta::assert_snapshot!(
        "custom_text_as_kf_account",
        render(
            &custom::send::Request::text("OPENID", "hi").customservice(custom::CustomService {
                kf_account: "test1@kftest".into()
            })
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "custom_typing",
        render(&custom::set_typing::Request::new(
            "OPENID",
            custom::TypingCommand::Typing
        ))
        .unwrap()
    );
}

#[test]
fn customer_service_from_a_mini_program() {
    let link = customer::Message::Link(customer::Link {
        title: "t".into(),
        description: "d".into(),
        url: "https://u".into(),
        thumb_url: "https://t".into(),
    });
    insta::assert_snapshot!(
        "mp_custom_link",
        render(&customer::send::Request::new("OPENID", link)).unwrap()
    );
    let page = customer::Message::MiniProgramPage(customer::MiniProgramPage {
        title: "t".into(),
        pagepath: "pages/a".into(),
        thumb_media_id: "T".into(),
    });
    insta::assert_snapshot!(
        "mp_custom_page",
        render(&customer::send::Request::new("OPENID", page)).unwrap()
    );
    insta::assert_snapshot!(
        "mp_custom_text",
        render(&customer::send::Request::text("OPENID", "hi")).unwrap()
    );
    let image = customer::Message::Image(customer::Media {
        media_id: "MEDIA_ID".into(),
    });
    assert_eq!(image.msgtype(), "image");
    insta::assert_snapshot!(
        "mp_custom_image",
        render(&customer::send::Request::new("OPENID", image)).unwrap()
    );
}

#[test]
fn template_and_subscribe_messages() {
    let t = template::send::Request::with_values(
        "OPENID",
        "TEMPLATE_ID",
        [("thing1", "订单已发货"), ("time2", "2026-11-25 10:00")],
    )
    .url("https://example.com/order/1")
    .miniprogram(template::MiniProgramJump {
        appid: "wxmini".into(),
        pagepath: Some("pages/order?id=1".into()),
    })
    .client_msg_id("order-1-shipped");
    insta::assert_snapshot!("template_send", render(&t).unwrap());
    let s = subscribe::send::Request::new(
        "OPENID",
        "TEMPLATE_ID",
        [
            ("thing1".to_owned(), "已发货".into()),
            ("number2".to_owned(), "3".into()),
        ]
        .into_iter()
        .collect(),
    )
    .page("pages/order?id=1")
    .miniprogram_state(subscribe::MiniProgramState::Trial)
    .lang(subscribe::Lang::EnUs);
    insta::assert_snapshot!("subscribe_send", render(&s).unwrap());
}

fn images_message() -> mass::MassMessage {
    mass::MassMessage::Images(mass::Images {
        media_ids: vec!["a".into(), "b".into()],
        recommend: Some("r".into()),
        need_open_comment: Some(1),
        only_fans_can_comment: None,
    })
}

#[test]
fn mass_sends() {
    let text = || {
        mass::MassMessage::Text(custom::Text {
            content: "hello all".into(),
        })
    };
    insta::assert_snapshot!(
        "mass_sendall_everyone",
        render(
            &mass::send_all::Request::new(
                mass::Filter::everyone(),
                mass::MassMessage::MpNews(custom::Media {
                    media_id: "NEWS".into()
                })
            )
            .send_ignore_reprint(0)
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "mass_sendall_tag",
        render(&mass::send_all::Request::new(mass::Filter::tag(2), text()).clientmsgid("batch-7"))
            .unwrap()
    );
    insta::assert_snapshot!(
        "mass_send_openids",
        render(&mass::send::Request::new(
            vec!["o1".into(), "o2".into()],
            text()
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "mass_send_images",
        render(&mass::send::Request::new(
            vec!["o1".into(), "o2".into()],
            images_message()
        ))
        .unwrap()
    );
    // The images payload travels under "images" with msgtype "image"; it reads back.
    let back: mass::MassMessage = serde_json::from_value(serde_json::json!({
        "msgtype": "image",
        "images": {"media_ids": ["a", "b"], "recommend": "r", "need_open_comment": 1},
    }))
    .unwrap();
    assert_eq!(back, images_message());
    insta::assert_snapshot!(
        "mass_preview",
        render(
            &mass::preview::Request::new(mass::PreviewMessage::Text(custom::Text {
                content: "hello all".into(),
            }))
            .touser("o1")
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "mass_preview_image",
        render(
            &mass::preview::Request::new(mass::PreviewMessage::Image(custom::Media {
                media_id: "IMAGE".into(),
            }))
            .towxname("wxid_tester")
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "mass_delete",
        render(&mass::delete::Request::new(1000000001).article_idx(0)).unwrap()
    );
    insta::assert_snapshot!(
        "mass_status",
        render(&mass::get::Request::new(1000000001)).unwrap()
    );
}

#[test]
fn users_and_menus() {
    insta::assert_snapshot!(
        "user_info",
        render(&user::get::Request::new("OPENID").lang(user::Lang::En)).unwrap()
    );
    insta::assert_snapshot!(
        "user_batch_info",
        render(&user::batch_get::Request::openids(["o1", "o2"])).unwrap()
    );
    let menu = menu::create::Request::new(vec![
        Button::click("今日歌曲", "V1001_TODAY_MUSIC"),
        Button::parent(
            "菜单",
            vec![
                Button::view("搜索", "http://www.soso.com/"),
                Button {
                    name: "小程序".into(),
                    kind: ButtonKind::Action(Action::MiniProgram {
                        url: "http://mp.weixin.qq.com".into(),
                        appid: "wx286b93c14bbf93aa".into(),
                        pagepath: "pages/lunar/index".into(),
                    }),
                },
                Button {
                    name: "扫码".into(),
                    kind: ButtonKind::Action(Action::ScancodeWaitmsg {
                        key: "rselfmenu_0_0".into(),
                    }),
                },
            ],
        ),
        Button {
            name: "文章".into(),
            kind: ButtonKind::Action(Action::ArticleId {
                article_id: "ARTICLE".into(),
            }),
        },
    ]);
    insta::assert_snapshot!("menu_create", render(&menu).unwrap());
    insta::assert_snapshot!("menu_get", render(&menu::get::Request::new()).unwrap());
    insta::assert_snapshot!(
        "menu_delete",
        render(&menu::delete::Request::new()).unwrap()
    );
}

#[test]
fn mini_program_login_codes_and_search() {
    insta::assert_snapshot!(
        "wxa_login",
        render(&login::exchange_code::Request::new("JSCODE")).unwrap()
    );
    let a = code::get::Request::new("pages/index?from=poster")
        .width(430)
        .line_color(code::LineColor { r: 0, g: 0, b: 0 })
        .env_version(code::EnvVersion::Trial);
    insta::assert_snapshot!("wxa_get_code", render(&a).unwrap());
    let b = code::get_unlimited::Request::new("id=42&c=x")
        .page("pages/item")
        .check_path(false)
        .is_hyaline(true);
    insta::assert_snapshot!("wxa_get_unlimited_code", render(&b).unwrap());
    insta::assert_snapshot!(
        "wxa_create_qrcode",
        render(&code::create_qrcode::Request::new("pages/index").width(280)).unwrap()
    );
    let items = vec![
        serde_json::json!({"from": {"city_name_cn": "广州市"}, "to": {"city_name_cn": "北京市"}}),
    ];
    let pushes = search::DynamicData::new(100005, "1")
        .pushes(&items)
        .unwrap();
    assert_eq!(pushes.len(), 1);
    insta::assert_snapshot!("wxa_set_dynamic_data", render(&pushes[0]).unwrap());
}
