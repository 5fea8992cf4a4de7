//! Mini Program code management as a third-party platform drives it on behalf of a merchant
//! (any Mini Program's access token stands for the authorizer's), stateful per app:
//!
//! - `commit` makes the trial version (template [`crate::MISSING_TEMPLATE_ID`] does not
//!   exist: 85014; `ext_json` that is not a JSON object's text: 85013; `template_id` is read
//!   as a number or a string of digits, as the pages disagree);
//! - `get_qrcode` answers the trial version's QR code as a JPEG (86001 before any commit);
//! - `submit_audit` starts a review of the trial version (85086 before any commit, 85009
//!   while one is under review, 85023 for an `item_list` not of 1..=5 items, 85011 a title
//!   over 32 characters, 85006 more than 10 tags or one over 20 characters);
//! - the review completes on its first status read (`get_auditstatus`,
//!   `get_latest_auditstatus`): approved, or rejected when the version's `user_desc` or
//!   `version_desc` contains `违规` (with a reason and screenshots); 85012 an unknown audit id
//!   or no review at all;
//! - `undocodeaudit` withdraws the review under way (87012 when none is), at most 5 a day
//!   (Beijing time, reset at 00:00) and 10 a calendar month by the sandbox's clock (87013);
//! - `release` publishes the approved version (44002 without a body; 85019 when no version
//!   is under review or it was withdrawn, 85020 when its review is not approved, 85052 when
//!   it is already released); the last 5 releases are kept;
//! - `revertcoderelease` rolls back to the previous release or to `app_version` (87012: no
//!   previous release, a version not among the kept ones, or the current version is itself a
//!   rollback); `action=get_history_version` lists the releases it can go back to;
//! - `modify_domain` keeps the six domain lists (`add`, `delete`, `set`, `get`; 85017 when an
//!   `add` adds nothing new);
//! - `bind_tester` (85001 for WeChat ids starting with [`crate::UNKNOWN_OPENID_PREFIX`],
//!   85004 already bound), `unbind_tester` (by `wechatid` or `userstr`; 85001 not bound),
//!   `memberauth` (`action` must be `get_experiencer`).
//!
//! Request tables are the sandbox's own; a required field missing or of the wrong JSON
//! type is 47001.

use super::table::{check_body, get_checked, post_checked, Checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};

/// One committed version.
#[derive(Debug, Clone)]
pub(crate) struct Version {
    pub app_version: i64,
    pub user_version: String,
    pub user_desc: String,
    pub commit_time: u64,
}

/// One review.
#[derive(Debug, Clone)]
pub(crate) struct Audit {
    pub auditid: i64,
    pub version: Version,
    pub version_desc: String,
    /// 0 approved, 1 rejected, 2 in review, 3 withdrawn, 4 delayed.
    pub status: i64,
    pub submitted: u64,
    pub released: bool,
}

/// One Mini Program's code, reviews, releases, testers and domains.
#[derive(Debug, Default)]
pub(crate) struct Code {
    pub trial: Option<Version>,
    /// Every review, oldest first.
    pub audits: Vec<Audit>,
    /// The kept releases, oldest first (at most [`KEPT_RELEASES`]).
    pub releases: Vec<Version>,
    /// The `app_version` online now.
    pub current: Option<i64>,
    /// The version online now came from a rollback.
    pub reverted: bool,
    /// When each withdrawal happened (sandbox-clock seconds).
    pub undos: Vec<u64>,
    /// (wechatid, userstr) of each tester.
    pub testers: Vec<(String, String)>,
    /// The domain lists, in the order of [`DOMAIN_KINDS`].
    pub domains: [Vec<String>; 6],
}

const KEPT_RELEASES: usize = 5;
const UNDO_PER_DAY: usize = 5;
const UNDO_PER_MONTH: usize = 10;
const DOMAIN_KINDS: [&str; 6] = [
    "requestdomain",
    "wsrequestdomain",
    "uploaddomain",
    "downloaddomain",
    "udpdomain",
    "tcpdomain",
];

fn with_code<T>(c: &Checked<'_>, f: impl FnOnce(&mut Code) -> Step<T>) -> Step<T> {
    let mut inner = c.state.lock();
    f(inner.code.entry(c.app_id.to_owned()).or_default())
}

fn now(c: &Checked<'_>) -> u64 {
    c.state.clock.now_ms() / 1000
}

const COMMIT: &[Field] = &[
    ("ext_json", Kind::Str, true),
    ("user_version", Kind::Str, true),
    ("user_desc", Kind::Str, true),
];

/// `POST /wxa/commit`.
pub(super) fn commit() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), COMMIT, |c| {
        let template_id = match c.body.get("template_id") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse().ok()
            }
            _ => None,
        }
        .ok_or_else(|| {
            reply::reject(
                47001,
                "data format error: `template_id` missing or not a number",
            )
        })?;
        if template_id == crate::MISSING_TEMPLATE_ID {
            return Err(reply::reject(85014, "template not exist"));
        }
        let ext = c.body.get("ext_json").and_then(Value::as_str).unwrap_or("");
        if !matches!(serde_json::from_str::<Value>(ext), Ok(Value::Object(_))) {
            return Err(reply::reject(
                85013,
                "invalid ext_json, parse fail or containing invalid path",
            ));
        }
        let text = |name: &str| {
            c.body
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let version = Version {
            app_version: i64::try_from(c.state.next()).unwrap_or(i64::MAX),
            user_version: text("user_version"),
            user_desc: text("user_desc"),
            commit_time: now(&c),
        };
        with_code(&c, |code| {
            code.trial = Some(version);
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

/// `GET /wxa/get_qrcode`: the trial version's QR code.
pub(super) fn trial_qrcode() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::MiniProgram), &[], |c| {
        let trial = with_code(&c, |code| {
            code.trial
                .clone()
                .ok_or_else(|| reply::reject(86001, "component experience version not exists"))
        })?;
        let path = c.query.get("path").map(String::as_str).unwrap_or("");
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
        bytes.extend_from_slice(format!("trial {} {path}", trial.user_version).as_bytes());
        Ok(reply::bytes("image/jpeg", bytes, Some("QRCode.jpg")))
    })
}

const SUBMIT: &[Field] = &[
    ("item_list", Kind::Arr, true),
    ("feedback_info", Kind::Str, false),
    ("feedback_stuff", Kind::Str, false),
    ("version_desc", Kind::Str, false),
    ("preview_info", Kind::Obj, false),
    ("ugc_declare", Kind::Obj, false),
    ("privacy_api_not_use", Kind::Bool, false),
    ("order_path", Kind::Str, false),
];

const ITEM: &[Field] = &[
    ("address", Kind::Str, false),
    ("tag", Kind::Str, false),
    ("first_class", Kind::Str, true),
    ("second_class", Kind::Str, true),
    ("third_class", Kind::Str, false),
    ("title", Kind::Str, false),
    ("first_id", Kind::Int, true),
    ("second_id", Kind::Int, true),
    ("third_id", Kind::Int, false),
];

fn check_item(item: &Value) -> Step<()> {
    let map = item
        .as_object()
        .ok_or_else(|| reply::reject(47001, "data format error: an item is not an object"))?;
    check_body(map, ITEM)?;
    if let Some(title) = map.get("title").and_then(Value::as_str) {
        if title.chars().count() > 32 {
            return Err(reply::reject(85011, "title is invalid"));
        }
    }
    if let Some(tag) = map.get("tag").and_then(Value::as_str) {
        let tags: Vec<&str> = tag.split(' ').filter(|t| !t.is_empty()).collect();
        if tags.len() > 10 || tags.iter().any(|t| t.chars().count() > 20) {
            return Err(reply::reject(85006, "tag is in invalid format"));
        }
    }
    Ok(())
}

/// `POST /wxa/submit_audit`.
pub(super) fn submit_audit() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), SUBMIT, |c| {
        let items = c
            .body
            .get("item_list")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if items.is_empty() || items.len() > 5 {
            return Err(reply::reject(85023, "item size is not in valid range"));
        }
        for item in items {
            check_item(item)?;
        }
        let version_desc = c
            .body
            .get("version_desc")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let auditid = 400_000_000 + i64::try_from(c.state.next()).unwrap_or(0);
        let submitted = now(&c);
        with_code(&c, |code| {
            let trial = code
                .trial
                .clone()
                .ok_or_else(|| reply::reject(85086, "must commit before submit audit"))?;
            if code
                .audits
                .last()
                .is_some_and(|a| matches!(a.status, 2 | 4))
            {
                return Err(reply::reject(
                    85009,
                    "already submit a version under auditing",
                ));
            }
            code.audits.push(Audit {
                auditid,
                version: trial,
                version_desc,
                status: 2,
                submitted,
                released: false,
            });
            Ok(())
        })?;
        Ok(reply::ok_with(json!({ "auditid": auditid })))
    })
}

/// Completes the reviews under way: approved, or rejected when the version says `违规`.
fn settle(code: &mut Code) {
    for a in code.audits.iter_mut().filter(|a| a.status == 2) {
        let bad = a.version.user_desc.contains("违规") || a.version_desc.contains("违规");
        a.status = if bad { 1 } else { 0 };
    }
}

fn status_fields(a: &Audit) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("status".into(), a.status.into());
    if a.status == 1 {
        map.insert("reason".into(), "帐号信息不合规范".into());
        map.insert("screenshot".into(), "sbx_shot_1|sbx_shot_2".into());
    }
    map
}

const AUDIT_ID: &[Field] = &[("auditid", Kind::Int, true)];

/// `POST /wxa/get_auditstatus`.
pub(super) fn audit_status() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), AUDIT_ID, |c| {
        let id = c.body.get("auditid").and_then(Value::as_i64);
        let fields = with_code(&c, |code| {
            settle(code);
            code.audits
                .iter()
                .find(|a| Some(a.auditid) == id)
                .map(status_fields)
                .ok_or_else(|| reply::reject(85012, "invalid audit id"))
        })?;
        Ok(reply::ok_with(Value::Object(fields)))
    })
}

/// `GET /wxa/get_latest_auditstatus` (the screenshot under the example's `ScreenShot`).
pub(super) fn latest_audit_status() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::MiniProgram), &[], |c| {
        let fields = with_code(&c, |code| {
            settle(code);
            let a = code
                .audits
                .last()
                .ok_or_else(|| reply::reject(85012, "invalid audit id"))?;
            let mut map = status_fields(a);
            if let Some(shot) = map.remove("screenshot") {
                map.insert("ScreenShot".into(), shot);
            }
            map.insert("auditid".into(), a.auditid.into());
            map.insert("user_version".into(), a.version.user_version.clone().into());
            map.insert("user_desc".into(), a.version.user_desc.clone().into());
            map.insert("submit_audit_time".into(), a.submitted.into());
            Ok(map)
        })?;
        Ok(reply::ok_with(Value::Object(fields)))
    })
}

/// Days since 1970-01-01 → (year, month) of the proleptic Gregorian calendar.
fn year_month(days: i64) -> (i64, u32) {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, u32::try_from(month).unwrap_or(1))
}

/// The Beijing-time (UTC+8) day number of Unix second `t`.
fn beijing_day(t: u64) -> i64 {
    i64::try_from((t + 8 * 3600) / 86_400).unwrap_or(i64::MAX)
}

/// `GET /wxa/undocodeaudit`.
pub(super) fn undo_audit() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::MiniProgram), &[], |c| {
        let t = now(&c);
        with_code(&c, |code| {
            let audit = code
                .audits
                .last_mut()
                .filter(|a| matches!(a.status, 2 | 4))
                .ok_or_else(|| reply::reject(87012, "no audit under way to undo"))?;
            let today = beijing_day(t);
            let month = year_month(today);
            let same_day = code.undos.iter().filter(|u| beijing_day(**u) == today);
            let same_month = code
                .undos
                .iter()
                .filter(|u| year_month(beijing_day(**u)) == month);
            if same_day.count() >= UNDO_PER_DAY || same_month.count() >= UNDO_PER_MONTH {
                return Err(reply::reject(87013, "no quota to undo code"));
            }
            audit.status = 3;
            code.undos.push(t);
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

/// `POST /wxa/release`: the body must be a JSON object (`{}`).
pub(super) fn release() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), &[], |c| {
        with_code(&c, |code| {
            let audit = code
                .audits
                .last_mut()
                .ok_or_else(|| reply::reject(85019, "no version is under auditing"))?;
            match (audit.status, audit.released) {
                (0, true) => return Err(reply::reject(85052, "app is already released")),
                (0, false) => {}
                (3, _) => return Err(reply::reject(85019, "no version is under auditing")),
                _ => return Err(reply::reject(85020, "status not allowed")),
            }
            audit.released = true;
            let version = audit.version.clone();
            code.current = Some(version.app_version);
            code.releases.push(version);
            let extra = code.releases.len().saturating_sub(KEPT_RELEASES);
            code.releases.drain(..extra);
            code.reverted = false;
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

/// `GET /wxa/revertcoderelease`.
pub(super) fn revert() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::MiniProgram), &[], |c| {
        let history = c.query.get("action").map(String::as_str);
        let wanted = match c.query.get("app_version") {
            None => None,
            Some(v) => Some(
                v.parse::<i64>()
                    .map_err(|_| reply::reject(40097, "invalid args: app_version"))?,
            ),
        };
        with_code(&c, |code| {
            let current = code.current;
            let others = code
                .releases
                .iter()
                .filter(|v| Some(v.app_version) != current);
            match history {
                Some("get_history_version") => {
                    let list: Vec<Value> = others
                        .rev()
                        .map(|v| {
                            json!({"app_version": v.app_version, "user_version": v.user_version,
                                "user_desc": v.user_desc, "commit_time": v.commit_time})
                        })
                        .collect();
                    return Ok(reply::ok_with(json!({ "version_list": list })));
                }
                Some(_) => return Err(reply::reject(40097, "invalid args: action")),
                None => {}
            }
            if code.reverted {
                return Err(reply::reject(87012, "this version can not be reverted"));
            }
            let at = code
                .releases
                .iter()
                .position(|v| Some(v.app_version) == current);
            let target = match wanted {
                Some(v) => others.clone().find(|r| r.app_version == v),
                None => at
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| code.releases.get(i)),
            }
            .map(|v| v.app_version)
            .ok_or_else(|| reply::reject(87012, "this version can not be reverted"))?;
            code.current = Some(target);
            code.reverted = true;
            Ok(reply::ok())
        })
    })
}

const DOMAIN: &[Field] = &[
    ("action", Kind::Str, true),
    ("requestdomain", Kind::Arr, false),
    ("wsrequestdomain", Kind::Arr, false),
    ("uploaddomain", Kind::Arr, false),
    ("downloaddomain", Kind::Arr, false),
    ("udpdomain", Kind::Arr, false),
    ("tcpdomain", Kind::Arr, false),
];

/// `POST /wxa/modify_domain`.
pub(super) fn modify_domain() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), DOMAIN, |c| {
        let action = c.body.get("action").and_then(Value::as_str).unwrap_or("");
        let mut given: [Option<Vec<String>>; 6] = Default::default();
        for (slot, kind) in given.iter_mut().zip(DOMAIN_KINDS) {
            if let Some(list) = c.body.get(kind).and_then(Value::as_array) {
                let mut out = Vec::with_capacity(list.len());
                for d in list {
                    let d = d.as_str().ok_or_else(|| {
                        reply::reject(
                            47001,
                            &format!("data format error: `{kind}` holds a non-string"),
                        )
                    })?;
                    out.push(d.to_owned());
                }
                *slot = Some(out);
            }
        }
        let domains = with_code(&c, |code| {
            match action {
                "get" => {}
                "add" => {
                    let mut added = 0;
                    for (have, new) in code.domains.iter_mut().zip(&given) {
                        for d in new.iter().flatten() {
                            if !have.contains(d) {
                                have.push(d.clone());
                                added += 1;
                            }
                        }
                    }
                    if added == 0 {
                        return Err(reply::reject(85017, "no domain to modify after filtered"));
                    }
                }
                "delete" => {
                    for (have, gone) in code.domains.iter_mut().zip(&given) {
                        if let Some(gone) = gone {
                            have.retain(|d| !gone.contains(d));
                        }
                    }
                }
                "set" => {
                    for (have, new) in code.domains.iter_mut().zip(&given) {
                        *have = new.clone().unwrap_or_default();
                    }
                }
                _ => return Err(reply::reject(47001, "data format error: unknown action")),
            }
            Ok(code.domains.clone())
        })?;
        let mut map = Map::new();
        for (kind, list) in DOMAIN_KINDS.iter().zip(domains) {
            map.insert((*kind).to_owned(), json!(list));
        }
        Ok(reply::ok_with(Value::Object(map)))
    })
}

const BIND: &[Field] = &[("wechatid", Kind::Str, true)];

/// `POST /wxa/bind_tester`.
pub(super) fn bind_tester() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), BIND, |c| {
        let wechatid = c.body.get("wechatid").and_then(Value::as_str).unwrap_or("");
        if wechatid.is_empty() || wechatid.starts_with(crate::UNKNOWN_OPENID_PREFIX) {
            return Err(reply::reject(
                85001,
                "user not exist or user cannot be searched",
            ));
        }
        let fresh = c.state.id("sbxtester");
        let userstr = with_code(&c, |code| {
            if code.testers.iter().any(|(w, _)| w == wechatid) {
                return Err(reply::reject(85004, "user already bind"));
            }
            code.testers.push((wechatid.to_owned(), fresh.clone()));
            Ok(fresh)
        })?;
        Ok(reply::ok_with(json!({ "userstr": userstr })))
    })
}

const UNBIND: &[Field] = &[
    ("wechatid", Kind::Str, false),
    ("userstr", Kind::Str, false),
];

/// `POST /wxa/unbind_tester`.
pub(super) fn unbind_tester() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), UNBIND, |c| {
        let wechatid = c.body.get("wechatid").and_then(Value::as_str);
        let userstr = c.body.get("userstr").and_then(Value::as_str);
        if wechatid.is_none() && userstr.is_none() {
            return Err(reply::reject(
                47001,
                "data format error: `wechatid` or `userstr` missing",
            ));
        }
        with_code(&c, |code| {
            let i = code
                .testers
                .iter()
                .position(|(w, u)| Some(w.as_str()) == wechatid || Some(u.as_str()) == userstr)
                .ok_or_else(|| reply::reject(85001, "user not exist or user cannot be searched"))?;
            code.testers.remove(i);
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const MEMBERAUTH: &[Field] = &[("action", Kind::Str, true)];

/// `POST /wxa/memberauth`.
pub(super) fn testers() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), MEMBERAUTH, |c| {
        if c.body.get("action").and_then(Value::as_str) != Some("get_experiencer") {
            return Err(reply::reject(47001, "data format error: unknown action"));
        }
        let members = with_code(&c, |code| {
            Ok(code
                .testers
                .iter()
                .map(|(_, u)| json!({ "userstr": u }))
                .collect::<Vec<Value>>())
        })?;
        Ok(reply::ok_with(json!({ "members": members })))
    })
}

#[cfg(test)]
mod tests {
    use super::{beijing_day, year_month};

    #[test]
    fn calendar_months_and_beijing_days() {
        assert_eq!(year_month(0), (1970, 1));
        // 2024-02-29 is day 19782; 2024-03-01 is 19783.
        assert_eq!(year_month(19_782), (2024, 2));
        assert_eq!(year_month(19_783), (2024, 3));
        // 2024-01-01T16:00:00Z is already 2024-01-02 in Beijing.
        assert_eq!(beijing_day(1_704_124_800), 19_724);
        assert_eq!(beijing_day(1_704_124_799), 19_723);
    }
}
