//! The official pages' request and reply examples of the Mini Program endpoints
//! (`tests/fixtures/doc-examples/wxa.*.json`), checked against the declarations: the
//! reply example decodes into `Response`, and the `Request` built here as the example
//! describes it renders exactly the example's query (less the credentials the client adds)
//! and body. (Requests are not `Deserialize`, so each is built by hand from the example.)

use serde_json::Value;
use std::collections::BTreeMap;
use wx_api::wire::render;

fn fixture(name: &str) -> Value {
    wx_tests::doc_example(name)
}

/// Checks one fixture: `decode` decodes the reply example; `req` renders the example's
/// query and body.
pub fn check<E: wx_core::Endpoint>(
    name: &str,
    req: &E,
    decode: impl Fn(&str) -> Result<(), wx_api::Error>,
) {
    let fx = fixture(name);
    assert_eq!(
        fx["endpoint"].as_str(),
        Some(name.replace('.', "::").as_str()),
        "{name}: endpoint"
    );
    assert!(
        fx["doc_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://developers.weixin.qq.com/")),
        "{name}: doc_url"
    );
    if !fx["reply"].is_null() {
        decode(&fx["reply"].to_string()).unwrap_or_else(|e| panic!("{name}: reply: {e}"));
    }
    let request = &fx["request"];
    if request.is_null() {
        return;
    }
    let query = request["query"].as_object().cloned().unwrap_or_default();
    let body = request.get("body").cloned();
    let wire = render(req).unwrap_or_else(|e| panic!("{name}: render: {e}"));
    let first = wire.lines().next().unwrap_or_default();
    let url = first.split_once(' ').map(|(_, u)| u).unwrap_or_default();
    let url = url::Url::parse(url).unwrap_or_else(|e| panic!("{name}: url {url}: {e}"));
    let sent: BTreeMap<String, String> = url
        .query_pairs()
        .filter(|(k, _)| !matches!(k.as_ref(), "access_token" | "appid" | "secret"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected: BTreeMap<String, String> = query
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), v)
        })
        .collect();
    assert_eq!(sent, expected, "{name}: query");
    let sent_body = wire.split_once("\n\n").map(|(_, b)| {
        serde_json::from_str::<Value>(b.trim()).unwrap_or_else(|e| panic!("{name}: body: {e}"))
    });
    assert_eq!(sent_body, body, "{name}: body");
}

macro_rules! doc_example {
    ($name:literal, $($endpoint:ident)::+, $req:expr) => {
        check::<$($endpoint)::+::Request>($name, &$req, |json| {
            $($endpoint)::+::Response::from_json(json).map(drop)
        })
    };
}

const SIG: &str = "fefce01bfba4670c85b228e6ca2b493c90971e7c442f54fc448662eb7cd72509";
const OPENID: &str = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";

#[test]
fn login_and_user_info_examples() {
    use wx_api::wxa::{login, user};
    doc_example!(
        "wxa.login.check_session",
        login::check_session,
        login::check_session::Request::new(OPENID, SIG)
    );
    doc_example!(
        "wxa.login.reset_session_key",
        login::reset_session_key,
        login::reset_session_key::Request::new("OPENID", SIG)
    );
    doc_example!(
        "wxa.user.get_phone_number",
        user::get_phone_number,
        user::get_phone_number::Request::new(
            "e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144"
        )
    );
    doc_example!(
        "wxa.user.get_paid_unionid",
        user::get_paid_unionid,
        user::get_paid_unionid::Request::by_transaction("OPENID", "TRANSACTION_ID")
    );
    doc_example!(
        "wxa.user.check_encrypted_data",
        user::check_encrypted_data,
        user::check_encrypted_data::Request::new(
            "657edd868c9715a9bebe42b833269a557a48498785397a796f1568c29a200b2c"
        )
    );
    doc_example!(
        "wxa.user.get_encrypt_key",
        user::get_encrypt_key,
        user::get_encrypt_key::Request::new(OPENID, SIG)
    );
    doc_example!(
        "wxa.user.get_plugin_openpid",
        user::get_plugin_openpid,
        user::get_plugin_openpid::Request::new(
            "0c2b206443ce0c23338f6cb4d1ec15a1af0b8bcddbff26510dda4b23a433c391"
        )
    );
}

fn homework() -> wx_api::wxa::scheme::JumpWxa {
    wx_api::wxa::scheme::JumpWxa::page("/pages/publishHomework/publishHomework").with_query("")
}

#[test]
fn link_examples() {
    use wx_api::wxa::scheme::{self, EnvVersion, ExpireType, QueryType};
    use wx_api::wxa::{shortlink, urllink};
    doc_example!(
        "wxa.scheme.generate",
        scheme::generate,
        scheme::generate::Request::new()
            .jump_wxa(homework().with_env_version(EnvVersion::Release))
            .expire_type(ExpireType::AfterDays)
            .expire_interval(1)
    );
    doc_example!(
        "wxa.scheme.query",
        scheme::query,
        scheme::query::Request::new()
            .scheme("weixin://dl/business/?t=XTSkBZlzqmn&cq=a%3Dhello")
            .query_type(QueryType::Info)
    );
    doc_example!(
        "wxa.scheme.generate_nfc",
        scheme::generate_nfc,
        scheme::generate_nfc::Request::new("xxx")
            .jump_wxa(homework())
            .sn("xxx")
    );
    doc_example!(
        "wxa.urllink.generate",
        urllink::generate,
        urllink::generate::Request::new()
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
    );
    doc_example!(
        "wxa.urllink.query",
        urllink::query,
        urllink::query::Request::new()
            .url_link("https://wxaurl.cn/BQZRrcFCPvg?cq=a%3Dhello")
            .query_type(QueryType::Info)
    );
    doc_example!(
        "wxa.shortlink.generate",
        shortlink::generate,
        shortlink::generate::Request::new("pages/publishHomework/publishHomework?query1=q1")
            .page_title("Homework title")
            .is_permanent(false)
    );
}

#[test]
fn security_examples() {
    use wx_api::wxa::security::{self, MediaType, RiskScene, Scene};
    doc_example!(
        "wxa.security.check_text",
        security::check_text,
        security::check_text::Request::new("hello world!", Scene::Profile, "OPENID")
    );
    doc_example!(
        "wxa.security.check_media",
        security::check_media,
        security::check_media::Request::new(
            "https://developers.weixin.qq.com/miniprogram/assets/images/head_global_z_@all.png",
            MediaType::Image,
            Scene::Profile,
            "OPENID"
        )
    );
    doc_example!(
        "wxa.security.get_risk_rank",
        security::get_risk_rank,
        security::get_risk_rank::Request::new("wx*******", "*****", RiskScene::Marketing, "******")
            .mobile_no("12345678")
            .email_address("***@qq.com")
            .extended_info("")
    );
}

#[test]
fn updatable_message_examples() {
    use wx_api::wxa::updatable;
    doc_example!(
        "wxa.updatable.create_activity_id",
        updatable::create_activity_id,
        updatable::create_activity_id::Request::new()
            .unionid("oHAUs6LSuwgHq-mlnFrffKXw3QYM")
            .openid("OPENID")
    );
    doc_example!(
        "wxa.updatable.send",
        updatable::send,
        updatable::send::Request::not_started("966_NGiqxxxxxxxxxxxxxxxxxxxxxxx", 2, 5)
    );
}
