//! Mini Program plugin management, stateful. `/wxa/plugin` is the using app's side: `apply`
//! records an application (pending, status 1) to a plugin, `list` shows the caller's,
//! `unbind` removes one, `update` sets the version of an agreed one. `/wxa/devplugin` is the
//! plugin developer's side: the applications whose plugin is the caller's own appid,
//! `dev_agree` (one applicant, pending only), `dev_refuse` (the pending ones) and
//! `dev_delete` (the refused or timed-out ones). A plugin is any Mini Program app the sandbox
//! knows. Request tables are the sandbox's own (`action` required; each action's fields
//! required for it, 47001 otherwise), and the documented errcodes answer: 89236 applying
//! for oneself, 89237 already applied, 89239 no such plugin, 89240 agreeing to or refusing
//! what is not pending, 89241 nothing refused to delete, 89242 an appid not among the
//! applications, 89044 unbinding or updating a plugin not added.

use super::table::{post_checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};

/// One application: who applied, to which plugin, in which state.
#[derive(Debug, Clone)]
pub(crate) struct Application {
    pub applicant: String,
    pub plugin: String,
    /// 1 pending, 2 agreed, 3 refused, 4 timed out.
    pub status: i64,
    pub reason: String,
    pub version: Option<String>,
    pub created: u64,
}

/// Every application, in the order they were made.
#[derive(Debug, Default)]
pub(crate) struct Plugins {
    pub applications: Vec<Application>,
}

const MANAGE: &[Field] = &[
    ("action", Kind::Str, true),
    ("plugin_appid", Kind::Str, false),
    ("reason", Kind::Str, false),
    ("user_version", Kind::Str, false),
];

fn text<'a>(map: &'a Map<String, Value>, name: &str) -> Step<&'a str> {
    map.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| reply::reject(47001, &format!("data format error: `{name}` missing")))
}

/// `POST /wxa/plugin`.
pub(super) fn manage() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), MANAGE, |c| {
        let me = c.app_id;
        let action = text(c.body, "action")?;
        if action == "list" {
            let list: Vec<Value> = c
                .state
                .lock()
                .plugins
                .applications
                .iter()
                .filter(|a| a.applicant == me)
                .map(|a| json!({"appid": a.plugin, "status": a.status, "nickname": format!("plugin {}", a.plugin), "headimgurl": "http://plugin.qq.com"}))
                .collect();
            return Ok(reply::ok_with(json!({ "plugin_list": list })));
        }
        let plugin = text(c.body, "plugin_appid")?;
        let known_plugin = c
            .state
            .app(plugin)
            .is_some_and(|a| a.kind == AppKind::MiniProgram);
        let mut inner = c.state.lock();
        let apps = &mut inner.plugins.applications;
        let mine = apps
            .iter()
            .position(|a| a.applicant == me && a.plugin == plugin);
        match action {
            "apply" => {
                let reason = text(c.body, "reason")?;
                if plugin == me {
                    return Err(reply::reject(89236, "this plugin can not be applied"));
                }
                if !known_plugin {
                    return Err(reply::reject(89239, "plugin not exist"));
                }
                if mine.is_some_and(|i| matches!(apps[i].status, 1 | 2)) {
                    return Err(reply::reject(89237, "plugin has been added"));
                }
                if let Some(i) = mine {
                    apps.remove(i);
                }
                let created = crate::clock::unix_now();
                apps.push(Application {
                    applicant: me.to_owned(),
                    plugin: plugin.to_owned(),
                    status: 1,
                    reason: reason.to_owned(),
                    version: None,
                    created,
                });
            }
            "unbind" => {
                let i = mine.ok_or_else(|| reply::reject(89044, "plugin appid not exist"))?;
                apps.remove(i);
            }
            "update" => {
                let version = text(c.body, "user_version")?;
                let i = mine
                    .filter(|&i| apps[i].status == 2)
                    .ok_or_else(|| reply::reject(89044, "plugin appid not exist"))?;
                apps[i].version = Some(version.to_owned());
            }
            _ => return Err(reply::reject(47001, "data format error: unknown action")),
        }
        Ok(reply::ok())
    })
}

const DEV: &[Field] = &[
    ("action", Kind::Str, true),
    ("appid", Kind::Str, false),
    ("page", Kind::Int, false),
    ("num", Kind::Int, false),
    ("reason", Kind::Str, false),
];

/// `POST /wxa/devplugin`.
pub(super) fn manage_applications() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), DEV, |c| {
        let me = c.app_id;
        let action = text(c.body, "action")?;
        let mut inner = c.state.lock();
        let apps = &mut inner.plugins.applications;
        match action {
            "dev_apply_list" => {
                let number = |name: &str| {
                    c.body.get(name).and_then(Value::as_u64).ok_or_else(|| {
                        reply::reject(47001, &format!("data format error: `{name}` missing"))
                    })
                };
                let (page, num) = (number("page")?, number("num")?);
                // Pages count from 1; page 0 reads as the first page.
                let skip = page.saturating_sub(1).saturating_mul(num);
                let list: Vec<Value> = apps
                    .iter()
                    .filter(|a| a.plugin == me)
                    .skip(usize::try_from(skip).unwrap_or(usize::MAX))
                    .take(usize::try_from(num).unwrap_or(usize::MAX))
                    .map(|a| json!({"appid": a.applicant, "status": a.status, "nickname": format!("app {}", a.applicant),
                        "headimgurl": "http://wx.qlogo.cn/sandbox", "reason": a.reason, "apply_url": "http://mmbiz.qpic.cn/sandbox",
                        "create_time": a.created.to_string(), "categories": [{"first": "IT科技", "second": "硬件与设备"}]}))
                    .collect();
                return Ok(reply::ok_with(json!({ "apply_list": list })));
            }
            "dev_agree" => {
                let appid = text(c.body, "appid")?;
                let a = apps
                    .iter_mut()
                    .find(|a| a.plugin == me && a.applicant == appid)
                    .ok_or_else(|| reply::reject(89242, "appid not in the apply list"))?;
                if a.status != 1 {
                    return Err(reply::reject(
                        89240,
                        "only pending applications can be agreed",
                    ));
                }
                a.status = 2;
            }
            "dev_refuse" => {
                text(c.body, "reason")?;
                let mut refused = 0;
                for a in apps.iter_mut().filter(|a| a.plugin == me && a.status == 1) {
                    a.status = 3;
                    refused += 1;
                }
                if refused == 0 {
                    return Err(reply::reject(
                        89240,
                        "only pending applications can be refused",
                    ));
                }
            }
            "dev_delete" => {
                let before = apps.len();
                apps.retain(|a| !(a.plugin == me && matches!(a.status, 3 | 4)));
                if apps.len() == before {
                    return Err(reply::reject(
                        89241,
                        "only refused or timed-out applications can be deleted",
                    ));
                }
            }
            _ => return Err(reply::reject(47001, "data format error: unknown action")),
        }
        Ok(reply::ok())
    })
}
