//! Customer service (客服): accounts, their workers and invitations, sessions, the waiting
//! queue and the chat records, per app, with WeChat's limits and errcodes.
//!
//! Accounts: `prefix@wxid` with a prefix of 1..=10 ASCII letters, digits or `_` and a
//! WeChat id of 1..=30 characters (65404), nicknames of 1..=16 characters (65403), 100
//! accounts an app (65405), unique (65406), unknown ones 65401. An invitation stays
//! `waiting` until the test accepts it (`Sandbox::accept_kf_invite`), which binds the
//! worker and puts the account online; inviting again answers 65411 (pending) or 65412
//! (bound). Sessions: a user is in at most one session (65414 for another account, 0 for
//! the same one); the account needs a bound worker (65402); closing a missing session
//! answers 65413. Users enter the waiting queue through `Sandbox::add_kf_waiting`; a
//! session takes them out. Every session opened or closed is a chat record (opercode
//! 1000 / 1001) that `msgrecord/getmsglist` pages by `msgid` within at most 24 hours.
//!
//! Each request body is checked against this module's own table of required fields and
//! JSON types ([`SPEC`]), not against the client's types, so that a wrong declaration in
//! `wx-api` is answered with an error here: 44002 (empty body), 47001 (not JSON, a
//! required field missing or of another type).

use super::table::{get_checked, post_checked, Field, Kind};
use super::{Params, Shared};
use crate::clock::unix_now;
use crate::reply::{self, either, Step};
use crate::AppKind;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

type Body = Map<String, Value>;

/// Request tables (all fields required), by endpoint.
const ADD: &[Field] = &[
    ("kf_account", Kind::Str, true),
    ("nickname", Kind::Str, true),
];
const UPDATE: &[Field] = ADD;
const DELETE: &[Field] = &[("kf_account", Kind::Str, true)];
const INVITE: &[Field] = &[
    ("kf_account", Kind::Str, true),
    ("invite_wx", Kind::Str, true),
];
const SESSION: &[Field] = &[("kf_account", Kind::Str, true), ("openid", Kind::Str, true)];
const RECORDS: &[Field] = &[
    ("starttime", Kind::Int, true),
    ("endtime", Kind::Int, true),
    ("msgid", Kind::Int, true),
    ("number", Kind::Int, true),
];

/// Most accounts an app may have.
const MAX_ACCOUNTS: usize = 100;
/// Seconds an invitation stays valid (as WeChat shows: 7 days).
const INVITE_TTL: u64 = 7 * 24 * 3600;

/// One customer-service account.
#[derive(Debug, Clone, Default)]
pub(crate) struct Account {
    pub kf_id: u64,
    pub nickname: String,
    pub headimgurl: String,
    pub worker: Option<String>,
    pub invite: Option<(String, u64)>,
}

/// One chat record.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub openid: String,
    pub opercode: i64,
    pub text: String,
    pub time: u64,
    pub worker: String,
}

/// The customer service of one app.
#[derive(Debug, Default)]
pub(crate) struct Desk {
    pub accounts: BTreeMap<String, Account>,
    pub next_kf_id: u64,
    /// openid → (account, since).
    pub sessions: BTreeMap<String, (String, u64)>,
    /// Users waiting, in order of arrival, with the time of their last message.
    pub waiting: Vec<(String, u64)>,
    /// Chat records; a record's msgid is its index + 1.
    pub records: Vec<Record>,
}

impl Desk {
    /// The test accepted the invitation of `account`: the worker is bound (and online).
    pub fn accept_invite(&mut self, account: &str) -> bool {
        let Some(a) = self.accounts.get_mut(account) else {
            return false;
        };
        match a.invite.take() {
            Some((wx, _)) => {
                a.worker = Some(wx);
                true
            }
            None => false,
        }
    }

    /// `openid` writes to the account and waits to be served.
    pub fn add_waiting(&mut self, openid: &str) {
        if !self.waiting.iter().any(|(o, _)| o == openid) {
            self.waiting.push((openid.to_owned(), unix_now()));
        }
    }

    fn record(&mut self, openid: &str, opercode: i64, text: &str, worker: &str) {
        self.records.push(Record {
            openid: openid.to_owned(),
            opercode,
            text: text.to_owned(),
            time: unix_now(),
            worker: worker.to_owned(),
        });
    }
}

fn str_field<'a>(map: &'a Body, name: &str) -> &'a str {
    map.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn valid_account(account: &str) -> Step<()> {
    let ok = account.split_once('@').is_some_and(|(prefix, wxid)| {
        let p = prefix.chars().count();
        let w = wxid.chars().count();
        (1..=10).contains(&p)
            && prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && (1..=30).contains(&w)
            && !wxid.contains('@')
    });
    if ok {
        Ok(())
    } else {
        Err(reply::reject(65404, "illegal custom service account"))
    }
}

fn valid_nickname(nickname: &str) -> Step<()> {
    if (1..=16).contains(&nickname.chars().count()) {
        Ok(())
    } else {
        Err(reply::reject(65403, "illegal nickname"))
    }
}

fn no_account() -> reply::Reject {
    reply::reject(65401, "invalid custom service account")
}

/// `POST /customservice/kfaccount/add`.
pub(super) fn add() -> MethodRouter<Shared> {
    post_checked(None, ADD, |c| {
        let (state, app_id, map) = (c.state, c.app_id.to_owned(), c.body);
        let account = str_field(map, "kf_account");
        valid_account(account)?;
        let nickname = str_field(map, "nickname");
        valid_nickname(nickname)?;
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        if desk.accounts.contains_key(account) {
            return Err(reply::reject(65406, "custom service account exists"));
        }
        if desk.accounts.len() >= MAX_ACCOUNTS {
            return Err(reply::reject(
                65405,
                "custom service account number reach limit",
            ));
        }
        desk.next_kf_id += 1;
        let kf_id = 1000 + desk.next_kf_id;
        desk.accounts.insert(
            account.to_owned(),
            Account {
                kf_id,
                nickname: nickname.to_owned(),
                ..Account::default()
            },
        );
        Ok(reply::ok())
    })
}

/// `POST /customservice/kfaccount/update`.
pub(super) fn update() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), UPDATE, |c| {
        let (state, app_id, map) = (c.state, c.app_id.to_owned(), c.body);
        let account = str_field(map, "kf_account");
        valid_account(account)?;
        let nickname = str_field(map, "nickname");
        valid_nickname(nickname)?;
        let mut inner = state.lock();
        let a = inner
            .kf
            .entry(app_id)
            .or_default()
            .accounts
            .get_mut(account)
            .ok_or_else(no_account)?;
        a.nickname = nickname.to_owned();
        Ok(reply::ok())
    })
}

/// `POST /customservice/kfaccount/del`: the account's sessions end with it.
pub(super) fn delete() -> MethodRouter<Shared> {
    post_checked(None, DELETE, |c| {
        let (state, app_id, map) = (c.state, c.app_id.to_owned(), c.body);
        let account = str_field(map, "kf_account");
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        desk.accounts.remove(account).ok_or_else(no_account)?;
        desk.sessions.retain(|_, (a, _)| a != account);
        Ok(reply::ok())
    })
}

/// `POST /customservice/kfaccount/uploadheadimg?kf_account=`: a jpg `media` part.
pub(super) async fn upload_avatar(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    either(
        async {
            let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
            let account = q.get("kf_account").cloned().unwrap_or_default();
            let mut form = form.map_err(|_| reply::reject(41005, "media data missing"))?;
            let mut media: Option<(String, usize)> = None;
            while let Ok(Some(field)) = form.next_field().await {
                if field.name() == Some("media") {
                    let name = field.file_name().unwrap_or_default().to_owned();
                    let bytes = field
                        .bytes()
                        .await
                        .map_err(|_| reply::reject(47001, "data format error: bad media part"))?;
                    media = Some((name, bytes.len()));
                }
            }
            let (name, len) = media.ok_or_else(|| reply::reject(41005, "media data missing"))?;
            let ext = name
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            if ext != "jpg" && ext != "jpeg" {
                return Err(reply::reject(40005, "invalid file type"));
            }
            if len == 0 {
                return Err(reply::reject(40009, "invalid image size"));
            }
            let mut inner = state.lock();
            let a = inner
                .kf
                .entry(app_id)
                .or_default()
                .accounts
                .get_mut(&account)
                .ok_or_else(no_account)?;
            a.headimgurl = format!("http://mmbiz.qpic.cn/sandbox/kf/{}/0", a.kf_id);
            Ok(reply::ok())
        }
        .await,
    )
}

/// `POST /customservice/kfaccount/inviteworker`.
pub(super) fn invite() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), INVITE, |c| {
        let (state, app_id, map) = (c.state, c.app_id.to_owned(), c.body);
        let account = str_field(map, "kf_account");
        let invite_wx = str_field(map, "invite_wx");
        if invite_wx.is_empty() {
            return Err(reply::reject(65409, "wechat account invalid"));
        }
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        if desk
            .accounts
            .values()
            .any(|a| a.worker.as_deref() == Some(invite_wx))
        {
            return Err(reply::reject(
                65407,
                "the wechat user have been one of your workers",
            ));
        }
        let a = desk.accounts.get_mut(account).ok_or_else(no_account)?;
        if a.worker.is_some() {
            return Err(reply::reject(
                65412,
                "the custom service account have been bound by a wechat user",
            ));
        }
        if let Some((wx, _)) = &a.invite {
            let (code, msg) = if wx == invite_wx {
                (65408, "you have already invited the wechat user")
            } else {
                (
                    65411,
                    "a effective invitation to bind the custom service account exists",
                )
            };
            return Err(reply::reject(code, msg));
        }
        a.invite = Some((invite_wx.to_owned(), unix_now() + INVITE_TTL));
        Ok(reply::ok())
    })
}

/// `GET /cgi-bin/customservice/getkflist`.
pub(super) fn list() -> MethodRouter<Shared> {
    get_checked(None, &[], |c| {
        let (state, app_id) = (c.state, c.app_id.to_owned());
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        let list: Vec<Value> = desk
            .accounts
            .iter()
            .map(|(name, a)| {
                let mut v = json!({
                    "kf_account": name,
                    "kf_nick": a.nickname,
                    "kf_id": a.kf_id.to_string(),
                    "kf_headimgurl": a.headimgurl,
                });
                if let Some(wx) = &a.worker {
                    v["kf_wx"] = wx.clone().into();
                }
                if let Some((wx, expires)) = &a.invite {
                    v["invite_wx"] = wx.clone().into();
                    v["invite_expire_time"] = (*expires).into();
                    v["invite_status"] = "waiting".into();
                }
                v
            })
            .collect();
        Ok(reply::json(json!({ "kf_list": list })))
    })
}

/// `GET /cgi-bin/customservice/getonlinekflist`: the accounts with a bound worker.
pub(super) fn online() -> MethodRouter<Shared> {
    get_checked(None, &[], |c| {
        let (state, app_id) = (c.state, c.app_id.to_owned());
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        let list: Vec<Value> = desk
            .accounts
            .iter()
            .filter(|(_, a)| a.worker.is_some())
            .map(|(name, a)| {
                let cases = desk.sessions.values().filter(|(s, _)| s == name).count();
                json!({
                    "kf_account": name,
                    "status": 1,
                    "kf_id": a.kf_id.to_string(),
                    "accepted_case": cases,
                })
            })
            .collect();
        Ok(reply::json(json!({ "kf_online_list": list })))
    })
}

/// The account (existing, with a bound worker) and the openid of a session request.
fn session_pair(desk: &Desk, map: &Body) -> Step<(String, String)> {
    let account = str_field(map, "kf_account");
    let a = desk.accounts.get(account).ok_or_else(no_account)?;
    if a.worker.is_none() {
        return Err(reply::reject(
            65402,
            "the custom service account need to bind a wechat user",
        ));
    }
    let openid = super::known_openid(str_field(map, "openid"))?;
    Ok((account.to_owned(), openid.to_owned()))
}

/// `POST /customservice/kfsession/create`.
pub(super) fn session_create() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), SESSION, |c| {
        let (state, app_id, map) = (c.state, c.app_id.to_owned(), c.body);
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        let (account, openid) = session_pair(desk, map)?;
        match desk.sessions.get(&openid) {
            Some((a, _)) if *a == account => return Ok(reply::ok()),
            Some(_) => {
                return Err(reply::reject(
                    65414,
                    "the customer is being served by another worker",
                ))
            }
            None => {}
        }
        desk.sessions
            .insert(openid.clone(), (account.clone(), unix_now()));
        desk.waiting.retain(|(o, _)| *o != openid);
        desk.record(&openid, 1000, "session created", &account);
        Ok(reply::ok())
    })
}

/// `POST /customservice/kfsession/close`.
pub(super) fn session_close() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), SESSION, |c| {
        let (state, app_id, map) = (c.state, c.app_id.to_owned(), c.body);
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        let (account, openid) = session_pair(desk, map)?;
        match desk.sessions.get(&openid) {
            None => return Err(reply::reject(65413, "no session of the customer")),
            Some((a, _)) if *a != account => {
                return Err(reply::reject(
                    65414,
                    "the customer is being served by another worker",
                ))
            }
            Some(_) => {}
        }
        desk.sessions.remove(&openid);
        desk.record(&openid, 1001, "session closed", &account);
        Ok(reply::ok())
    })
}

/// `GET /customservice/kfsession/getsession?openid=`.
pub(super) fn session_get() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::OfficialAccount), &[], |c| {
        let (state, q, app_id) = (c.state, c.query, c.app_id.to_owned());
        let openid = super::known_openid(q.get("openid").map_or("", String::as_str))?;
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        let (account, since) = desk
            .sessions
            .get(openid)
            .map_or((String::new(), 0), |(a, t)| (a.clone(), *t));
        Ok(reply::json(
            json!({ "kf_account": account, "createtime": since }),
        ))
    })
}

/// `GET /customservice/kfsession/getsessionlist?kf_account=`.
pub(super) fn session_list() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::OfficialAccount), &[], |c| {
        let (state, q, app_id) = (c.state, c.query, c.app_id.to_owned());
        let account = q.get("kf_account").map_or("", String::as_str);
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        if !desk.accounts.contains_key(account) {
            return Err(no_account());
        }
        let list: Vec<Value> = desk
            .sessions
            .iter()
            .filter(|(_, (a, _))| a == account)
            .map(|(openid, (_, t))| json!({ "openid": openid, "createtime": t }))
            .collect();
        Ok(reply::json(json!({ "sessionlist": list })))
    })
}

/// `GET /customservice/kfsession/getwaitcase`: how many wait, the first 100 listed.
pub(super) fn waiting() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::OfficialAccount), &[], |c| {
        let (state, app_id) = (c.state, c.app_id.to_owned());
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        let list: Vec<Value> = desk
            .waiting
            .iter()
            .take(100)
            .map(|(openid, t)| json!({ "openid": openid, "latest_time": t }))
            .collect();
        Ok(reply::json(
            json!({ "count": desk.waiting.len(), "waitcaselist": list }),
        ))
    })
}

/// `POST /customservice/msgrecord/getmsglist`: records in `[starttime, endtime]` (at most
/// 24 h), from `msgid` on, at most `number` (1..=10 000).
pub(super) fn records() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::OfficialAccount), RECORDS, |c| {
        let (state, app_id, map) = (c.state, c.app_id.to_owned(), c.body);
        let num = |name: &str| map.get(name).and_then(Value::as_u64).unwrap_or_default();
        let (start, end, msgid, number) = (
            num("starttime"),
            num("endtime"),
            num("msgid"),
            num("number"),
        );
        if end < start || end - start > 24 * 3600 {
            return Err(reply::reject(
                40035,
                "invalid parameter: the time span is at most 24 hours",
            ));
        }
        if msgid == 0 || !(1..=10_000).contains(&number) {
            return Err(reply::reject(
                40035,
                "invalid parameter: msgid from 1, number 1..=10000",
            ));
        }
        let mut inner = state.lock();
        let desk = inner.kf.entry(app_id).or_default();
        let mut list = Vec::new();
        let mut next = msgid;
        for (i, r) in desk.records.iter().enumerate().skip((msgid - 1) as usize) {
            if list.len() as u64 == number {
                break;
            }
            next = i as u64 + 2;
            if (start..=end).contains(&r.time) {
                list.push(json!({
                    "openid": r.openid,
                    "opercode": r.opercode,
                    "text": r.text,
                    "time": r.time,
                    "worker": r.worker,
                }));
            }
        }
        Ok(reply::json(
            json!({ "recordlist": list, "number": list.len(), "msgid": next }),
        ))
    })
}
