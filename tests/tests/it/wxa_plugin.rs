//! Mini Program plugin management against the stateful sandbox: an app applies for another
//! app's plugin, the plugin's developer lists, agrees, refuses and deletes applications,
//! the user updates and unbinds, with the documented errcodes for unknown or wrong-state
//! applications; the actions' typed wire form; limits refused before sending.

use crate::wxa_user::code_of;
use wx_api::token::Classic;
use wx_api::wxa::plugin::{manage, manage_applications, ApplyStatus, DevAction, PluginAction};
use wx_api::{AppCredentials, Client, Error, MiniProgram};
use wx_sandbox::{Sandbox, SandboxApp};

fn err<T: std::fmt::Debug>(r: Result<T, Error>) -> Option<i64> {
    code_of(&r.expect_err("an errcode"))
}

fn client(sandbox: &Sandbox, id: &str) -> Client<MiniProgram> {
    Client::mini_program(AppCredentials::new(id, "secret"), Classic)
        .base_url(sandbox.url())
        .build()
        .expect("client")
}

#[tokio::test]
async fn apply_agree_update_refuse_delete_unbind() {
    let sandbox = Sandbox::builder()
        .app(SandboxApp::mini_program("wxuser1", "secret"))
        .app(SandboxApp::mini_program("wxuser2", "secret"))
        .app(SandboxApp::mini_program("wxplugin", "secret"))
        .start()
        .await
        .expect("sandbox");
    let (user1, user2, dev) = (
        client(&sandbox, "wxuser1"),
        client(&sandbox, "wxuser2"),
        client(&sandbox, "wxplugin"),
    );

    assert_eq!(
        err(user1
            .send(manage::Request::apply("wxnoplugin", "hello"))
            .await),
        Some(89239)
    );
    assert_eq!(
        err(user1.send(manage::Request::apply("wxuser1", "me")).await),
        Some(89236)
    );
    user1
        .send(manage::Request::apply("wxplugin", "hello"))
        .await
        .expect("apply");
    assert_eq!(
        err(user1
            .send(manage::Request::apply("wxplugin", "again"))
            .await),
        Some(89237)
    );
    user2
        .send(manage::Request::apply("wxplugin", "me too"))
        .await
        .expect("apply 2");

    let mine = user1.send(manage::Request::list()).await.expect("list");
    assert_eq!(mine.plugin_list.len(), 1);
    assert_eq!(
        (
            mine.plugin_list[0].appid.as_str(),
            mine.plugin_list[0].status
        ),
        ("wxplugin", ApplyStatus::Pending)
    );

    let applications = dev
        .send(manage_applications::Request::apply_list(1, 10))
        .await
        .expect("applications");
    assert_eq!(applications.apply_list.len(), 2);
    assert_eq!(applications.apply_list[0].reason, "hello");
    let page2 = dev
        .send(manage_applications::Request::apply_list(2, 1))
        .await
        .expect("page 2");
    assert_eq!(page2.apply_list[0].appid, "wxuser2");

    // Updating before the plugin is agreed: not added yet.
    assert_eq!(
        err(user1
            .send(manage::Request::update("wxplugin", "2.2.46"))
            .await),
        Some(89044)
    );
    assert_eq!(
        err(dev
            .send(manage_applications::Request::agree("wxnobody"))
            .await),
        Some(89242)
    );
    dev.send(manage_applications::Request::agree("wxuser1"))
        .await
        .expect("agree");
    assert_eq!(
        err(dev
            .send(manage_applications::Request::agree("wxuser1"))
            .await),
        Some(89240)
    );
    user1
        .send(manage::Request::update("wxplugin", "2.2.46"))
        .await
        .expect("update");

    // Nothing refused yet: nothing to delete.
    assert_eq!(
        err(dev.send(manage_applications::Request::delete()).await),
        Some(89241)
    );
    dev.send(manage_applications::Request::refuse("not now"))
        .await
        .expect("refuse");
    assert_eq!(
        err(dev
            .send(manage_applications::Request::refuse("again"))
            .await),
        Some(89240)
    );
    let statuses: Vec<ApplyStatus> = dev
        .send(manage_applications::Request::apply_list(1, 10))
        .await
        .expect("after refusal")
        .apply_list
        .iter()
        .map(|a| a.status)
        .collect();
    assert_eq!(statuses, [ApplyStatus::Agreed, ApplyStatus::Refused]);
    dev.send(manage_applications::Request::delete())
        .await
        .expect("delete");
    let left = dev
        .send(manage_applications::Request::apply_list(1, 10))
        .await
        .expect("after delete");
    assert_eq!(left.apply_list.len(), 1);

    user1
        .send(manage::Request::unbind("wxplugin"))
        .await
        .expect("unbind");
    assert_eq!(
        err(user1.send(manage::Request::unbind("wxplugin")).await),
        Some(89044)
    );
    assert!(user1
        .send(manage::Request::list())
        .await
        .expect("list")
        .plugin_list
        .is_empty());
}

#[tokio::test]
async fn plugin_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = crate::wxa_user::mini_program(&sandbox);
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::plugin::manage",
            "plugin_appid",
            wx.send(manage::Request::apply("", "r")).await.map(drop),
        ),
        (
            "wxa::plugin::manage",
            "reason",
            wx.send(manage::Request::apply("wxp", "")).await.map(drop),
        ),
        (
            "wxa::plugin::manage",
            "plugin_appid",
            wx.send(manage::Request::unbind("")).await.map(drop),
        ),
        (
            "wxa::plugin::manage",
            "user_version",
            wx.send(manage::Request::update("wxp", "")).await.map(drop),
        ),
        (
            "wxa::plugin::manage_applications",
            "appid",
            wx.send(manage_applications::Request::agree(""))
                .await
                .map(drop),
        ),
        (
            "wxa::plugin::manage_applications",
            "reason",
            wx.send(manage_applications::Request::refuse(""))
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
}

#[test]
fn an_action_carries_only_its_own_fields() {
    let list: PluginAction = serde_json::from_str(r#"{"action":"list"}"#).unwrap();
    assert_eq!(list, PluginAction::List);
    assert!(serde_json::from_str::<PluginAction>(r#"{"action":"list","reason":"x"}"#).is_err());
    assert!(
        serde_json::from_str::<PluginAction>(r#"{"action":"apply","plugin_appid":"a"}"#).is_err()
    );
    assert!(serde_json::from_str::<PluginAction>(r#"{"action":"bind"}"#).is_err());
    assert!(serde_json::from_str::<DevAction>(r#"{"action":"dev_delete","appid":"a"}"#).is_err());
    assert!(
        serde_json::from_str::<DevAction>(r#"{"action":"dev_agree","appid":"a","x":1}"#).is_err()
    );
    assert_eq!(
        serde_json::to_string(&DevAction::Refuse {
            reason: "no".into()
        })
        .unwrap(),
        r#"{"action":"dev_refuse","reason":"no"}"#
    );
    assert_eq!(
        serde_json::from_str::<ApplyStatus>("9").unwrap(),
        ApplyStatus::Other(9)
    );
}
