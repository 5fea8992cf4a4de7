//! Wire format of the Mini Program endpoints of issue 14, each built from its official
//! page's example (tests/fixtures/doc-examples).

use wx_api::wire::render;
use wx_api::wxa::{login, user};

const SIG: &str = "fefce01bfba4670c85b228e6ca2b493c90971e7c442f54fc448662eb7cd72509";
const OPENID: &str = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";

#[test]
fn login_and_user_info() {
    insta::assert_snapshot!(
        "wxa_login_check_session",
        render(&login::check_session::Request::new(OPENID, SIG)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_login_reset_session_key",
        render(&login::reset_session_key::Request::new("OPENID", SIG)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_user_get_phone_number",
        render(&user::get_phone_number::Request::new(
            "e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_user_get_paid_unionid",
        render(&user::get_paid_unionid::Request::by_transaction(
            "OPENID",
            "TRANSACTION_ID"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_user_get_paid_unionid_by_order",
        render(&user::get_paid_unionid::Request::by_merchant_order(
            "OPENID",
            "MCH_ID",
            "OUT_TRADE_NO"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_user_check_encrypted_data",
        render(&user::check_encrypted_data::Request::new(
            "657edd868c9715a9bebe42b833269a557a48498785397a796f1568c29a200b2c"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_user_get_encrypt_key",
        render(&user::get_encrypt_key::Request::new(OPENID, SIG)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_user_get_plugin_openpid",
        render(&user::get_plugin_openpid::Request::new(
            "0c2b206443ce0c23338f6cb4d1ec15a1af0b8bcddbff26510dda4b23a433c391"
        ))
        .unwrap()
    );
}

#[test]
fn links() {
    use wx_api::wxa::scheme::{self, EnvVersion, ExpireType, JumpWxa, QueryType};
    use wx_api::wxa::{shortlink, urllink};
    let homework = || JumpWxa::page("/pages/publishHomework/publishHomework").with_query("");
    insta::assert_snapshot!(
        "wxa_scheme_generate",
        render(
            &scheme::generate::Request::new()
                .jump_wxa(homework().with_env_version(EnvVersion::Release))
                .expire_type(ExpireType::AfterDays)
                .expire_interval(1)
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_scheme_query",
        render(
            &scheme::query::Request::new()
                .scheme("weixin://dl/business/?t=XTSkBZlzqmn&cq=a%3Dhello")
                .query_type(QueryType::Info)
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_scheme_generate_nfc",
        render(
            &scheme::generate_nfc::Request::new("xxx")
                .jump_wxa(homework())
                .sn("xxx")
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_urllink_generate",
        render(
            &urllink::generate::Request::new()
                .path("/pages/publishHomework/publishHomework")
                .query("")
                .expire_type(ExpireType::AfterDays)
                .expire_interval(1)
                .env_version(EnvVersion::Release)
                .cloud_base(
                    urllink::CloudBase::new("xxx")
                        .with_domain("xxx.xx")
                        .with_path("/jump-wxa.html")
                        .with_query("a=1&b=2")
                )
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_urllink_query",
        render(
            &urllink::query::Request::new()
                .url_link("https://wxaurl.cn/BQZRrcFCPvg?cq=a%3Dhello")
                .query_type(QueryType::Info)
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_shortlink_generate",
        render(
            &shortlink::generate::Request::new("pages/publishHomework/publishHomework?query1=q1")
                .page_title("Homework title")
                .is_permanent(false)
        )
        .unwrap()
    );
}

#[test]
fn security() {
    use wx_api::wxa::security::{self, MediaType, RiskScene, Scene};
    insta::assert_snapshot!(
        "wxa_security_check_text",
        render(&security::check_text::Request::new(
            "hello world!",
            Scene::Profile,
            "OPENID"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_security_check_media",
        render(&security::check_media::Request::new(
            "https://developers.weixin.qq.com/miniprogram/assets/images/head_global_z_@all.png",
            MediaType::Image,
            Scene::Profile,
            "OPENID"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_security_get_risk_rank",
        render(
            &security::get_risk_rank::Request::new(
                "wx*******",
                "*****",
                RiskScene::Marketing,
                "******"
            )
            .mobile_no("12345678")
            .email_address("***@qq.com")
            .extended_info("")
        )
        .unwrap()
    );
}

#[test]
fn updatable_messages() {
    use wx_api::wxa::code::EnvVersion;
    use wx_api::wxa::updatable;
    insta::assert_snapshot!(
        "wxa_updatable_create_activity_id",
        render(
            &updatable::create_activity_id::Request::new()
                .unionid("oHAUs6LSuwgHq-mlnFrffKXw3QYM")
                .openid("OPENID")
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_updatable_send",
        render(&updatable::send::Request::not_started(
            "966_NGiqxxxxxxxxxxxxxxxxxxxxxxx",
            2,
            5
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_updatable_send_started",
        render(&updatable::send::Request::started(
            "966_NGiqxxxxxxxxxxxxxxxxxxxxxxx",
            "pages/room?id=1",
            EnvVersion::Trial
        ))
        .unwrap()
    );
}
