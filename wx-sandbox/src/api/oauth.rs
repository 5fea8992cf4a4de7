//! OAuth2 web authorization: the browser side (`/connect/oauth2/authorize`,
//! `/connect/qrconnect`, answered with the 302 WeChat sends after consent) and the server
//! side (`/sns/oauth2/access_token`, `/sns/oauth2/refresh_token`, `/sns/userinfo`,
//! `/sns/auth`).
//!
//! As WeChat documents it: a code works once (40163 after that) and for 5 minutes (42003),
//! an unknown code or another app's is 40029; a user access token lives 7200 s (42001
//! after, 40001 once a refresh replaced it), a refresh token 30 days (42002 after, 40030 when
//! unknown); each refresh issues a new access token and keeps the refresh token;
//! `/sns/userinfo` needs `snsapi_userinfo` (or `snsapi_login`), 48001 otherwise; 40003 when
//! the openid is not the token's. The UnionID (`union-<openid>`, as `/cgi-bin/user/info`
//! gives it) comes only for apps bound to an Open Platform account
//! ([`crate::Sandbox::bind_open_platform`]), and from the exchange only with
//! `snsapi_userinfo`/`snsapi_login`. Lifetimes go by the sandbox's movable clock
//! ([`crate::Sandbox::advance_clock`]).

use super::{Params, Shared};
use crate::oauth::{
    AccessToken, Grant, OAuth, RefreshToken, CODE_TTL_MS, REFRESH_TOKEN_TTL_MS, USER_TOKEN_TTL_MS,
};
use crate::reply::{self, Step};
use crate::state::State as SandboxState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// A new user access token for `grant`, valid 7200 s from `now`.
fn issue_user_token(state: &SandboxState, oauth: &mut OAuth, grant: &Grant, now: u64) -> String {
    let token = state.id("SBXUSER_");
    oauth.access.insert(
        token.clone(),
        AccessToken {
            grant: grant.clone(),
            expires_ms: now.saturating_add(USER_TOKEN_TTL_MS),
            replaced: false,
        },
    );
    token
}

fn unionid(oauth: &OAuth, grant: &Grant) -> Option<String> {
    oauth
        .bound
        .contains(&grant.app_id)
        .then(|| format!("union-{}", grant.openid))
}

fn param<'a>(q: &'a Params, name: &str) -> Option<&'a str> {
    q.get(name).map(String::as_str).filter(|v| !v.is_empty())
}

/// `GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code`.
pub(super) async fn exchange_code(
    State(state): State<Shared>,
    Query(q): Query<Params>,
) -> Response {
    reply::either((|| {
        let appid = param(&q, "appid").ok_or_else(|| reply::reject(41002, "appid missing"))?;
        let app = state
            .app(appid)
            .ok_or_else(|| reply::reject(40013, "invalid appid"))?;
        match param(&q, "secret") {
            None => return Err(reply::reject(41004, "appsecret missing")),
            Some(secret) if secret != app.secret => {
                return Err(reply::reject(40125, "invalid appsecret"))
            }
            Some(_) => {}
        }
        if param(&q, "grant_type") != Some("authorization_code") {
            return Err(reply::reject(40002, "invalid grant_type"));
        }
        let code = param(&q, "code").ok_or_else(|| reply::reject(41008, "missing code"))?;
        let now = state.clock.now_ms();
        let mut oauth = state.lock_oauth();
        let entry = oauth
            .codes
            .get_mut(code)
            .filter(|c| c.grant.app_id == appid)
            .ok_or_else(|| reply::reject(40029, "invalid code"))?;
        if entry.used {
            return Err(reply::reject(40163, "code been used"));
        }
        if now.saturating_sub(entry.issued_ms) >= CODE_TTL_MS {
            return Err(reply::reject(42003, "code expired"));
        }
        entry.used = true;
        let grant = entry.grant.clone();
        let access_token = issue_user_token(&state, &mut oauth, &grant, now);
        let refresh_token = state.id("SBXREFRESH_");
        oauth.refresh.insert(
            refresh_token.clone(),
            RefreshToken {
                grant: grant.clone(),
                expires_ms: now.saturating_add(REFRESH_TOKEN_TTL_MS),
                current: access_token.clone(),
            },
        );
        let mut body = serde_json::json!({
            "access_token": access_token,
            "expires_in": USER_TOKEN_TTL_MS / 1000,
            "refresh_token": refresh_token,
            "openid": grant.openid,
            "scope": grant.scope,
        });
        if grant.scope != "snsapi_base" {
            if let Some(unionid) = unionid(&oauth, &grant) {
                body["unionid"] = unionid.into();
            }
        }
        Ok(reply::json(body))
    })())
}

/// `GET /sns/oauth2/refresh_token?appid&grant_type=refresh_token&refresh_token`.
pub(super) async fn refresh(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    reply::either((|| {
        let appid = param(&q, "appid").ok_or_else(|| reply::reject(41002, "appid missing"))?;
        if state.app(appid).is_none() {
            return Err(reply::reject(40013, "invalid appid"));
        }
        if param(&q, "grant_type") != Some("refresh_token") {
            return Err(reply::reject(40002, "invalid grant_type"));
        }
        let refresh_token = param(&q, "refresh_token")
            .ok_or_else(|| reply::reject(41003, "refresh_token missing"))?;
        let now = state.clock.now_ms();
        let mut oauth = state.lock_oauth();
        let (grant, previous) = match oauth.refresh.get(refresh_token) {
            Some(r) if r.grant.app_id == appid => {
                if now >= r.expires_ms {
                    return Err(reply::reject(42002, "refresh_token expired"));
                }
                (r.grant.clone(), r.current.clone())
            }
            _ => return Err(reply::reject(40030, "invalid refresh_token")),
        };
        if let Some(old) = oauth.access.get_mut(&previous) {
            old.replaced = true;
        }
        let access_token = issue_user_token(&state, &mut oauth, &grant, now);
        if let Some(r) = oauth.refresh.get_mut(refresh_token) {
            r.current = access_token.clone();
        }
        let mut body = serde_json::json!({
            "access_token": access_token,
            "expires_in": USER_TOKEN_TTL_MS / 1000,
            "refresh_token": refresh_token,
            "openid": grant.openid,
            "scope": grant.scope,
        });
        if grant.scope != "snsapi_base" {
            if let Some(unionid) = unionid(&oauth, &grant) {
                body["unionid"] = unionid.into();
            }
        }
        Ok(reply::json(body))
    })())
}

/// The grant behind a valid user access token whose openid is `openid`.
fn user_grant(state: &Shared, q: &Params) -> Step<Grant> {
    let token =
        param(q, "access_token").ok_or_else(|| reply::reject(41001, "access_token missing"))?;
    let now = state.clock.now_ms();
    let oauth = state.lock_oauth();
    let entry = oauth.access.get(token).ok_or_else(|| {
        reply::reject(
            40001,
            "invalid credential, access_token is invalid or not latest",
        )
    })?;
    if entry.replaced {
        return Err(reply::reject(
            40001,
            "invalid credential, access_token is invalid or not latest",
        ));
    }
    if now >= entry.expires_ms {
        return Err(reply::reject(42001, "access_token expired"));
    }
    if param(q, "openid") != Some(entry.grant.openid.as_str()) {
        return Err(reply::reject(40003, "invalid openid"));
    }
    Ok(entry.grant.clone())
}

/// `GET /sns/userinfo?access_token&openid[&lang]`.
pub(super) async fn user_info(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    reply::either((|| {
        let grant = user_grant(&state, &q)?;
        if !grant
            .scope
            .split(',')
            .any(|s| s == "snsapi_userinfo" || s == "snsapi_login")
        {
            return Err(reply::reject(48001, "api unauthorized"));
        }
        let lang = param(&q, "lang").unwrap_or("zh_CN");
        if !matches!(lang, "zh_CN" | "zh_TW" | "en") {
            return Err(reply::reject(40035, "invalid parameter: lang"));
        }
        let mut body = serde_json::json!({
            "openid": grant.openid,
            "nickname": "Sandbox User",
            "sex": 0,
            "province": "",
            "city": "",
            "country": "",
            "headimgurl": "",
            "privilege": ["sandbox"],
        });
        if let Some(unionid) = unionid(&state.lock_oauth(), &grant) {
            body["unionid"] = unionid.into();
        }
        Ok(reply::json(body))
    })())
}

/// `GET /sns/auth?access_token&openid`.
pub(super) async fn check(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    reply::either(user_grant(&state, &q).map(|_| reply::ok()))
}

/// What WeChat's authorize page shows instead of redirecting (the link is broken): a page,
/// not a redirect, so that no code reaches the app.
fn broken_link(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("<html><body>该链接无法访问 (sandbox: {why})</body></html>"),
    )
        .into_response()
}

/// The browser side of both flows: check the link as WeChat would, then redirect the signed-in
/// user to `redirect_uri?code=CODE&state=STATE`.
fn redirect(state: &Shared, q: &Params, scopes: &[&str]) -> Response {
    let Some(appid) = param(q, "appid") else {
        return broken_link("appid missing");
    };
    if state.app(appid).is_none() {
        return broken_link("unknown appid");
    }
    if param(q, "response_type") != Some("code") {
        return broken_link("response_type must be code");
    }
    let scope = param(q, "scope").unwrap_or_default();
    if !scopes.contains(&scope) {
        return broken_link("scope not allowed here");
    }
    let Some(redirect_uri) = param(q, "redirect_uri") else {
        return broken_link("redirect_uri missing");
    };
    let absolute = redirect_uri
        .split_once("://")
        .is_some_and(|(scheme, rest)| {
            matches!(scheme, "http" | "https") && !rest.is_empty() && !rest.starts_with('/')
        });
    if !absolute || redirect_uri.contains('#') || redirect_uri.chars().any(char::is_control) {
        return broken_link("redirect_uri must be an absolute http(s) URL without a fragment");
    }
    let given_state = q.get("state").map(String::as_str).unwrap_or_default();
    if given_state.len() > 128 || !given_state.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return broken_link("state must be A-Z a-z 0-9, at most 128 bytes");
    }
    let Some(openid) = state.lock_oauth().user.clone() else {
        return broken_link("no user signed in (Sandbox::set_oauth_user)");
    };
    let code = state.oauth_code(appid, &openid, scope);
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let mut location = format!("{redirect_uri}{separator}code={code}");
    if !given_state.is_empty() {
        location.push_str("&state=");
        location.push_str(given_state);
    }
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

/// `GET /connect/oauth2/authorize` (Official Account web authorization).
pub(super) async fn authorize(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    redirect(&state, &q, &["snsapi_base", "snsapi_userinfo"])
}

/// `GET /connect/qrconnect` (website QR login; the user "scans" at once).
pub(super) async fn qrconnect(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    redirect(&state, &q, &["snsapi_login"])
}
