//! Mini Program content security (v2) and risk rank against the sandbox, and their limits
//! refused before sending.

use crate::wxa_user::mini_program;
use wx_api::wxa::security::{self, MediaType, RiskScene, Scene};
use wx_api::Error;
use wx_sandbox::Sandbox;

#[tokio::test]
async fn text_media_and_risk_rank() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let ok = wx
        .send(security::check_text::Request::new(
            "你好",
            Scene::Comment,
            "o1",
        ))
        .await
        .expect("text");
    assert_eq!(
        (ok.result.suggest.as_str(), ok.result.label.0),
        ("pass", 100)
    );
    let risky = wx
        .send(security::check_text::Request::new("a risky text", Scene::Forum, "o1").title("t"))
        .await
        .expect("risky text");
    assert_eq!(
        (risky.result.suggest.as_str(), risky.result.label.0),
        ("risky", 20001)
    );
    assert_eq!(risky.detail.len(), 1);
    let media = wx
        .send(security::check_media::Request::new(
            "https://example.com/a.png",
            MediaType::Image,
            Scene::SocialLog,
            "o1",
        ))
        .await
        .expect("media");
    assert!(!media.trace_id.is_empty());
    let rank = wx
        .send(
            security::get_risk_rank::Request::new(
                "wxapp",
                "risky-user",
                RiskScene::Register,
                "10.0.0.1",
            )
            .is_test(true),
        )
        .await
        .expect("rank");
    assert_eq!(rank.risk_rank, 4);
}

#[tokio::test]
async fn security_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::security::check_text",
            "content",
            wx.send(security::check_text::Request::new("", Scene::Profile, "o"))
                .await
                .map(drop),
        ),
        (
            "wxa::security::check_text",
            "content",
            wx.send(security::check_text::Request::new(
                "字".repeat(2501),
                Scene::Profile,
                "o",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::security::check_text",
            "openid",
            wx.send(security::check_text::Request::new("x", Scene::Profile, ""))
                .await
                .map(drop),
        ),
        (
            "wxa::security::check_text",
            "signature",
            wx.send(security::check_text::Request::new("x", Scene::Comment, "o").signature("s"))
                .await
                .map(drop),
        ),
        (
            "wxa::security::check_media",
            "media_url",
            wx.send(security::check_media::Request::new(
                "ftp://x/a.png",
                MediaType::Image,
                Scene::Profile,
                "o",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::security::check_media",
            "openid",
            wx.send(security::check_media::Request::new(
                "https://x/a.png",
                MediaType::Audio,
                Scene::Profile,
                "",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::security::get_risk_rank",
            "client_ip",
            wx.send(security::get_risk_rank::Request::new(
                "wx",
                "o",
                RiskScene::Ugc,
                "",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::security::get_risk_rank",
            "appid",
            wx.send(security::get_risk_rank::Request::new(
                "",
                "o",
                RiskScene::Ugc,
                "1.2.3.4",
            ))
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
    wx.send(
        security::check_text::Request::new("字".repeat(2500), Scene::Profile, "o").signature("s"),
    )
    .await
    .expect("2500 characters, signature with the profile scene");
}

#[test]
fn enumerations_are_closed_on_the_wire() {
    // Scene 0 or 5, media type 3, version 1: not representable, and not decodable.
    assert!(serde_json::from_str::<Scene>("5").is_err());
    assert!(serde_json::from_str::<Scene>("0").is_err());
    assert!(serde_json::from_str::<MediaType>("3").is_err());
    assert!(serde_json::from_str::<security::Version2>("1").is_err());
    assert_eq!(serde_json::to_string(&Scene::SocialLog).unwrap(), "4");
}
