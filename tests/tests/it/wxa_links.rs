//! Mini Program links against the sandbox: a generated URL Scheme, NFC scheme or URL Link
//! can be queried back (with a `cq` parameter appended too), an unknown one is 85403, the
//! daily quota answers; limits (path, query, expiry, model id, page_url) are refused before
//! sending.

use crate::wxa_user::{code_of, mini_program};
use wx_api::wxa::scheme::{self, EnvVersion, ExpireType, JumpWxa, QueryType};
use wx_api::wxa::{shortlink, urllink};
use wx_api::Error;
use wx_sandbox::{Sandbox, DEFAULT_MINI_PROGRAM_ID};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn generated_links_are_queried_back() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let made = wx
        .send(
            scheme::generate::Request::new()
                .jump_wxa(
                    JumpWxa::page("pages/index")
                        .with_query("a=1")
                        .with_env_version(EnvVersion::Trial),
                )
                .expire_type(ExpireType::AfterDays)
                .expire_interval(7),
        )
        .await
        .expect("scheme");
    assert!(made.openlink.starts_with("weixin://dl/business/?t="));
    let info = wx
        .send(scheme::query::Request::new().scheme(format!("{}&cq=x%3D1", made.openlink)))
        .await
        .expect("query")
        .scheme_info
        .expect("info");
    assert_eq!(info.appid, DEFAULT_MINI_PROGRAM_ID);
    assert_eq!(
        (
            info.path.as_str(),
            info.query.as_str(),
            info.env_version.as_str()
        ),
        ("pages/index", "a=1", "trial")
    );
    assert_eq!(info.expire_time - info.create_time, 7 * 86_400);
    let unknown = wx
        .send(scheme::query::Request::new().scheme("weixin://dl/business/?t=nope"))
        .await
        .expect_err("unknown");
    assert_eq!(code_of(&unknown), Some(85403));
    let quota = wx
        .send(scheme::query::Request::new().query_type(QueryType::Quota))
        .await
        .expect("quota");
    assert!(quota.quota_info.expect("quota_info").remain_visit_quota > 0);

    let nfc = wx
        .send(scheme::generate_nfc::Request::new("model-1").sn("sn-1"))
        .await
        .expect("nfc");
    wx.send(scheme::query::Request::new().scheme(nfc.openlink))
        .await
        .expect("nfc query");
    let twice = wx
        .send(scheme::generate_nfc::Request::new("model-1").sn("sn-1"))
        .await
        .expect_err("one per device");
    assert_eq!(code_of(&twice), Some(9_800_010));

    let at = now() + 86_400;
    let link = wx
        .send(
            urllink::generate::Request::new()
                .path("pages/shop")
                .expire_time(at)
                .cloud_base(urllink::CloudBase::new("env-1").with_path("/jump.html")),
        )
        .await
        .expect("url link");
    assert!(link.url_link.starts_with("https://wxaurl.cn/"));
    let linfo = wx
        .send(urllink::query::Request::new().url_link(format!("{}?cq=a%3D1", link.url_link)))
        .await
        .expect("query link")
        .url_link_info
        .expect("info");
    assert_eq!(linfo.link.expire_time, at);
    assert_eq!(linfo.cloud_base.expect("cloud_base").env, "env-1");

    let short = wx
        .send(shortlink::generate::Request::new("pages/index?x=1").page_title("标题"))
        .await
        .expect("short link");
    assert!(short.link.starts_with("#小程序://"));
}

#[tokio::test]
async fn link_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let long_query = "a".repeat(1025);
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::scheme::generate",
            "jump_wxa.path",
            wx.send(scheme::generate::Request::new().jump_wxa(JumpWxa::page("p?x=1")))
                .await
                .map(drop),
        ),
        (
            "wxa::scheme::generate",
            "jump_wxa.query",
            wx.send(
                scheme::generate::Request::new()
                    .jump_wxa(JumpWxa::page("p").with_query(long_query.clone())),
            )
            .await
            .map(drop),
        ),
        (
            "wxa::scheme::generate",
            "jump_wxa.query",
            wx.send(
                scheme::generate::Request::new().jump_wxa(JumpWxa::page("p").with_query("a=<b>")),
            )
            .await
            .map(drop),
        ),
        (
            "wxa::scheme::generate",
            "expire_interval",
            wx.send(
                scheme::generate::Request::new()
                    .expire_type(ExpireType::AfterDays)
                    .expire_interval(31),
            )
            .await
            .map(drop),
        ),
        (
            "wxa::scheme::generate",
            "expire_interval",
            wx.send(
                scheme::generate::Request::new()
                    .expire_type(ExpireType::AfterDays)
                    .expire_interval(0),
            )
            .await
            .map(drop),
        ),
        (
            "wxa::scheme::generate",
            "expire_interval",
            wx.send(scheme::generate::Request::new().expire_type(ExpireType::AfterDays))
                .await
                .map(drop),
        ),
        (
            "wxa::scheme::generate",
            "expire_time",
            wx.send(scheme::generate::Request::new().expire_time(now() + 31 * 86_400))
                .await
                .map(drop),
        ),
        (
            "wxa::scheme::generate",
            "expire_time",
            wx.send(scheme::generate::Request::new().expire_time(now() - 1))
                .await
                .map(drop),
        ),
        (
            "wxa::scheme::generate_nfc",
            "model_id",
            wx.send(scheme::generate_nfc::Request::new(""))
                .await
                .map(drop),
        ),
        (
            "wxa::scheme::generate_nfc",
            "jump_wxa.query",
            wx.send(
                scheme::generate_nfc::Request::new("m")
                    .jump_wxa(JumpWxa::page("p").with_query("中")),
            )
            .await
            .map(drop),
        ),
        (
            "wxa::urllink::generate",
            "path",
            wx.send(urllink::generate::Request::new().path("p?x"))
                .await
                .map(drop),
        ),
        (
            "wxa::urllink::generate",
            "query",
            wx.send(urllink::generate::Request::new().query(long_query.clone()))
                .await
                .map(drop),
        ),
        (
            "wxa::urllink::generate",
            "expire_interval",
            wx.send(
                urllink::generate::Request::new()
                    .expire_type(ExpireType::AfterDays)
                    .expire_interval(45),
            )
            .await
            .map(drop),
        ),
        (
            "wxa::urllink::generate",
            "cloud_base.env",
            wx.send(urllink::generate::Request::new().cloud_base(urllink::CloudBase::new("")))
                .await
                .map(drop),
        ),
        (
            "wxa::urllink::generate",
            "cloud_base.query",
            wx.send(
                urllink::generate::Request::new()
                    .cloud_base(urllink::CloudBase::new("e").with_query(long_query.clone())),
            )
            .await
            .map(drop),
        ),
        (
            "wxa::shortlink::generate",
            "page_url",
            wx.send(shortlink::generate::Request::new(""))
                .await
                .map(drop),
        ),
        (
            "wxa::shortlink::generate",
            "page_url",
            wx.send(shortlink::generate::Request::new("p".repeat(1025)))
                .await
                .map(drop),
        ),
    ];
    for (endpoint, field, result) in cases {
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, endpoint);
                assert_eq!(v.field, field, "{endpoint}");
            }
            other => panic!("{endpoint}.{field}: expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");
    // At the limits: accepted and sent.
    wx.send(
        scheme::generate::Request::new()
            .jump_wxa(JumpWxa::page("p").with_query("q".repeat(1024)))
            .expire_type(ExpireType::AfterDays)
            .expire_interval(30),
    )
    .await
    .expect("1024 characters and 30 days");
    wx.send(shortlink::generate::Request::new("p".repeat(1024)))
        .await
        .expect("1024 characters");
}
