//! Updatable messages against the sandbox: an activity id is created, moved to state 0
//! then 1, not back; unknown ids are refused; missing state parameters are refused before
//! sending.

use crate::wxa_user::{code_of, mini_program};
use wx_api::wxa::code::EnvVersion;
use wx_api::wxa::updatable::{self, Param, ParamName};
use wx_api::Error;
use wx_sandbox::Sandbox;

#[tokio::test]
async fn activity_lifecycle() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let act = wx
        .send(updatable::create_activity_id::Request::new().openid("o1"))
        .await
        .expect("create");
    assert!(act.expiration_time > 0);
    wx.send(updatable::send::Request::not_started(
        &act.activity_id,
        1,
        4,
    ))
    .await
    .expect("state 0");
    wx.send(updatable::send::Request::started(
        &act.activity_id,
        "pages/room",
        EnvVersion::Release,
    ))
    .await
    .expect("state 1");
    let back = wx
        .send(updatable::send::Request::not_started(
            &act.activity_id,
            2,
            4,
        ))
        .await
        .expect_err("no way back");
    assert_eq!(code_of(&back), Some(40097));
    let unknown = wx
        .send(updatable::send::Request::not_started("nope", 1, 2))
        .await
        .expect_err("unknown id");
    assert_eq!(code_of(&unknown), Some(40097));
}

#[tokio::test]
async fn updatable_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let mut missing = updatable::send::Request::not_started("a", 1, 2);
    missing.template_info.parameter_list.pop();
    let mut wrong_state = updatable::send::Request::started("a", "p", EnvVersion::Trial);
    wrong_state.target_state = updatable::TargetState::NotStarted;
    let mut bad_version = updatable::send::Request::started("a", "p", EnvVersion::Trial);
    bad_version.template_info.parameter_list[1] = Param {
        name: ParamName::VersionType,
        value: "beta".into(),
    };
    let cases: Vec<(&str, Result<(), Error>)> = vec![
        (
            "activity_id",
            wx.send(updatable::send::Request::not_started("", 1, 2))
                .await
                .map(drop),
        ),
        (
            "template_info.parameter_list",
            wx.send(missing).await.map(drop),
        ),
        (
            "template_info.parameter_list",
            wx.send(wrong_state).await.map(drop),
        ),
        (
            "template_info.parameter_list",
            wx.send(bad_version).await.map(drop),
        ),
    ];
    for (field, result) in cases {
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, "wxa::updatable::send");
                assert_eq!(v.field, field);
            }
            other => panic!("{field}: expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");
}
