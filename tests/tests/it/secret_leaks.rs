//! No secret reaches `{}` or `{:?}` output: every public type of wx-core and wx-api that can
//! hold a credential, and every error built while credentials are around (replies and
//! gateway pages echoing them, a transport failure on a URL carrying them), is formatted
//! and searched for the known secret values.

use wx_api::oa::oauth::{self, UserAccessToken};
use wx_api::oa::qrcode;
use wx_api::push::{AesKey, PushConfig, PushServer, Token};
use wx_api::token::{self, CachedToken, Classic, FreshToken};
use wx_api::token::{MemoryStore, Stable};
use wx_api::wxa::login;
use wx_api::{
    AccessToken, AppCredentials, Client, Error, OfficialAccount, RefreshToken, Secret, UserToken,
};
use wx_core::response::RawResponse;
use wx_core::upload::Multipart;
use wx_core::wire::{self, Query, RequestBody};
use wx_tests::{CannedReply, APP_ID, APP_SECRET};

/// The token the sandbox (`wx_tests::sandbox`) issues first for [`APP_ID`].
const ISSUED_TOKEN: &str = "tok-wx-test-app-1";
const OTHER_SECRET: &str = "other-S3CRET-value-9f8e7d";
const OTHER_TOKEN: &str = "other-T0KEN-value-1a2b3c";
const PUSH_TOKEN: &str = "push-T0KEN-value-4d5e6f";
const EAK: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const SESSION_KEY: &str = "session-KEY-value-7a8b9c";
const USER_TOKEN: &str = "user-T0KEN-value-2b3c4d";
const REFRESH_TOKEN: &str = "refresh-T0KEN-value-5e6f7a";
const OTHER_TICKET: &str = "other-T1CKET-value-5e6f7a";

const SECRETS: &[&str] = &[
    APP_SECRET,
    ISSUED_TOKEN,
    OTHER_SECRET,
    OTHER_TOKEN,
    PUSH_TOKEN,
    EAK,
    SESSION_KEY,
    USER_TOKEN,
    REFRESH_TOKEN,
    OTHER_TICKET,
];

/// Both formats of `value`, and of every error in its source chain.
fn assert_no_secret_in_error(what: &str, error: &(dyn std::error::Error + 'static)) {
    let mut next = Some(error);
    while let Some(e) = next {
        assert_no_secret(what, &format!("{e}"));
        assert_no_secret(what, &format!("{e:?}"));
        assert_no_secret(what, &format!("{e:#?}"));
        next = e.source();
    }
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} leaks {secret:?}:\n{text}");
    }
}

fn debug<T: std::fmt::Debug>(what: &str, value: &T) {
    assert_no_secret(what, &format!("{value:?}"));
    assert_no_secret(what, &format!("{value:#?}"));
}

fn client(base: &str) -> Client<OfficialAccount> {
    Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
        .base_url(base)
        .build()
        .expect("client")
}

#[test]
fn credentials_tokens_and_stores_do_not_show_secrets() {
    debug("AppCredentials", &AppCredentials::new(APP_ID, OTHER_SECRET));
    debug("Secret", &Secret::new(OTHER_SECRET));
    debug("AccessToken", &AccessToken::new(OTHER_TOKEN));
    debug(
        "FreshToken",
        &FreshToken::new(OTHER_TOKEN, std::time::Duration::from_secs(7200)),
    );
    debug(
        "CachedToken",
        &CachedToken {
            token: AccessToken::new(OTHER_TOKEN),
            refresh_at_ms: 1,
            expires_at_ms: 2,
            fetch_id: "f".into(),
        },
    );
    let wx = client("http://127.0.0.1:9");
    debug("Client", &wx);
    debug("Config", wx.config());
    debug(
        "login::exchange_code::Response",
        // `Response` is `#[non_exhaustive]`: built as the client builds it, from the reply.
        &login::exchange_code::Response::from_json(&format!(
            r#"{{"openid":"o","session_key":"{SESSION_KEY}"}}"#
        ))
        .expect("a jscode2session reply"),
    );
}

#[test]
fn push_configuration_does_not_show_secrets() {
    let cfg = PushConfig::new(PUSH_TOKEN, APP_ID)
        .encoding_aes_key(EAK)
        .expect("key");
    debug("PushConfig", &cfg);
    debug("PushServer", &PushServer::new(cfg));
    debug("AesKey", &AesKey::from_encoding_aes_key(EAK).expect("key"));
    debug("push Token", &Token::new(PUSH_TOKEN));
}

#[test]
fn requests_show_placeholders_not_credentials() {
    let classic = token::get::Request::new(APP_ID, Secret::new(OTHER_SECRET));
    let stable = token::get_stable::Request::new(APP_ID, Secret::new(OTHER_SECRET));
    debug("token::get::Request", &classic);
    debug("token::get_stable::Request", &stable);
    for text in [
        wire::render(&classic).expect("render"),
        wire::render(&stable).expect("render"),
    ] {
        assert_no_secret("wire::render", &text);
        assert!(text.contains(wire::SECRET_PLACEHOLDER), "{text}");
    }

    let mut query = Query::default();
    query
        .push("probe", "secret", &Secret::new(OTHER_SECRET))
        .expect("push");
    query
        .push("probe", "access_token", OTHER_TOKEN)
        .expect("push");
    query
        .push("probe", "password_field", &AccessToken::new(OTHER_TOKEN))
        .expect("push");
    query
        .push("probe", "openid", "visible-openid")
        .expect("push");
    debug("Query", &query);
    assert!(format!("{query:?}").contains("visible-openid"));
    assert_eq!(
        query.pairs()[0].1,
        OTHER_SECRET,
        "the wire still gets the value"
    );

    debug(
        "RequestBody::Json",
        &RequestBody::json("probe", &stable).expect("json"),
    );
    let mut form = Multipart::new("probe");
    form.text("secret", &Secret::new(OTHER_SECRET))
        .expect("text");
    debug("Multipart", &form);
    debug("RequestBody::Multipart", &RequestBody::Multipart(form));

    debug(
        "RawResponse",
        &RawResponse {
            status: 200,
            content_type: Some("application/json".into()),
            content_disposition: None,
            body: format!(r#"{{"access_token":"{OTHER_TOKEN}","expires_in":7200}}"#).into(),
        },
    );
}

/// A gateway page that echoes the request line, with and without the parameter's name.
fn echo_page(status: u16, echoed: &str) -> CannedReply {
    CannedReply::new(
        status,
        "text/html",
        format!("<html><h1>{status} Bad Gateway</h1><p>upstream failed for {echoed}</p></html>"),
    )
}

#[tokio::test]
async fn errors_that_echo_the_request_do_not_show_secrets() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox.url());
    let send = || wx.send(qrcode::create::Request::temporary_id(1, 60));

    // Non-2xx gateway pages: by name (query and JSON), then the bare value.
    let path = "/cgi-bin/qrcode/create";
    for echoed in [
        format!("POST {path}?access_token={ISSUED_TOKEN} HTTP/1.1"),
        format!("POST {path}?ACCESS_TOKEN={ISSUED_TOKEN}&x=1"),
        format!(r#"{{"access_token": "{ISSUED_TOKEN}"}}"#),
        format!("token {ISSUED_TOKEN} refused"),
    ] {
        sandbox.canned(path, echo_page(502, &echoed));
        let err = send().await.expect_err("502");
        assert!(matches!(err, Error::Http { status: 502, .. }), "{err:?}");
        assert_no_secret_in_error("Error::Http", &err);
    }

    // An errmsg that echoes the token, by name and bare.
    for errmsg in [
        format!("api unauthorized access_token={ISSUED_TOKEN} rid: 1-2-3"),
        format!("api unauthorized for {ISSUED_TOKEN} rid: 1-2-3"),
    ] {
        let reply = serde_json::json!({"errcode": 48001, "errmsg": errmsg}).to_string();
        sandbox.canned(path, CannedReply::json(&reply));
        let err = send().await.expect_err("48001");
        assert!(matches!(err, Error::Api { .. }), "{err:?}");
        assert_eq!(err.code().map(|c| c.code()), Some(48001));
        assert_no_secret_in_error("Error::Api", &err);
        if let Error::Api { rid, .. } = &err {
            assert_eq!(rid.as_deref(), Some("1-2-3"));
        }
    }

    // A decode error quoting a value that is the token.
    let reply = format!(r#"{{"ticket":"t","expire_seconds":"{ISSUED_TOKEN}","url":"u"}}"#);
    sandbox.canned(path, CannedReply::json(&reply));
    let err = send().await.expect_err("decode");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_no_secret_in_error("Error::Decode", &err);
}

#[tokio::test]
async fn token_fetch_errors_do_not_show_the_app_secret() {
    let sandbox = wx_tests::sandbox().await;
    // The classic endpoint puts the AppSecret in the query, the stable one in the body.
    for (path, stable) in [("/cgi-bin/token", false), ("/cgi-bin/stable_token", true)] {
        for echoed in [
            format!("GET {path}?grant_type=client_credential&appid={APP_ID}&secret={APP_SECRET}"),
            format!(r#"{{"appid":"{APP_ID}","secret":"{APP_SECRET}"}}"#),
            format!("bad credentials {APP_SECRET}"),
        ] {
            sandbox.canned(path, echo_page(503, &echoed));
            let creds = AppCredentials::new(APP_ID, APP_SECRET);
            let builder = if stable {
                Client::official_account(creds, Stable)
            } else {
                Client::official_account(creds, Classic)
            };
            let wx = builder.base_url(sandbox.url()).build().expect("client");
            let err = wx.access_token().await.expect_err("503");
            assert_no_secret_in_error("token fetch", &err);
            let err = wx
                .send(qrcode::create::Request::temporary_id(1, 60))
                .await
                .expect_err("no token");
            assert_no_secret_in_error("send without a token", &err);
        }
        let reply = serde_json::json!({
            "errcode": 40125,
            "errmsg": format!("invalid appsecret {APP_SECRET} rid: 9")
        });
        sandbox.canned(path, CannedReply::json(reply.to_string()));
        let wx = client(&sandbox.url());
        let err = if stable {
            Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Stable)
                .base_url(sandbox.url())
                .build()
                .expect("client")
                .access_token()
                .await
        } else {
            wx.access_token().await
        }
        .expect_err("40125");
        assert_eq!(err.code().map(|c| c.code()), Some(40125));
        assert_no_secret_in_error("token errmsg", &err);
    }
}

#[tokio::test]
async fn transport_errors_do_not_show_the_url() {
    // Nothing listens there: the token fetch (AppSecret in the URL) fails to connect.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let wx = client(&base);
    let err = wx.access_token().await.expect_err("no server");
    assert_no_secret_in_error("transport", &err);
    // And with a token already cached (the access token in the URL).
    let sandbox = wx_tests::sandbox().await;
    let store = std::sync::Arc::new(MemoryStore::new());
    let build = |base: &str| {
        Client::official_account(AppCredentials::new(APP_ID, APP_SECRET), Classic)
            .base_url(base)
            .token_store(store.clone())
            .build()
            .expect("client")
    };
    let token = build(&sandbox.url()).access_token().await.expect("token");
    assert_eq!(token.expose(), ISSUED_TOKEN);
    debug("MemoryStore", &store);
    let moved = build(&base);
    debug("Client", &moved);
    let err = moved
        .send(qrcode::create::Request::temporary_id(1, 60))
        .await
        .expect_err("no server");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_no_secret_in_error("transport", &err);
}

#[tokio::test]
async fn oauth_user_tokens_do_not_show() {
    debug("UserToken", &UserToken::new(USER_TOKEN));
    debug("RefreshToken", &RefreshToken::new(REFRESH_TOKEN));
    let login: UserAccessToken = serde_json::from_value(serde_json::json!({
        "access_token": USER_TOKEN, "refresh_token": REFRESH_TOKEN,
        "openid": "o1", "scope": "snsapi_userinfo", "expires_at_ms": 0,
    }))
    .expect("login");
    debug("UserAccessToken", &login);
    let info = oauth::get_user_info::Request::new(USER_TOKEN, "o1");
    let refresh = oauth::refresh::Request::new(REFRESH_TOKEN);
    debug("get_user_info::Request", &info);
    debug("refresh::Request", &refresh);
    let rendered = wire::render(&info).expect("render");
    assert_no_secret("wire::render", &rendered);
    assert!(rendered.contains("access_token=ACCESS_TOKEN"), "{rendered}");
    let rendered = wire::render(&refresh).expect("render");
    assert_no_secret("wire::render", &rendered);
    assert!(
        rendered.contains("refresh_token=REFRESH_TOKEN"),
        "{rendered}"
    );
    let reply = format!(
        r#"{{"access_token":"{USER_TOKEN}","expires_in":7200,"refresh_token":"{REFRESH_TOKEN}","openid":"o1","scope":"snsapi_base"}}"#
    );
    debug(
        "exchange_code::Response",
        &oauth::exchange_code::Response::from_json(&reply).expect("reply"),
    );
    debug(
        "refresh::Response",
        &oauth::refresh::Response::from_json(&reply).expect("reply"),
    );

    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox.url());
    // A rejection that echoes the user's token, bare.
    sandbox.canned(
        "/sns/userinfo",
        CannedReply::json(format!(
            r#"{{"errcode":40001,"errmsg":"invalid credential {USER_TOKEN} rid: 1-2"}}"#
        )),
    );
    let err = wx.send(info.clone()).await.expect_err("40001");
    assert!(err.is_user_token_invalid(), "{err:?}");
    assert_no_secret_in_error("Error::UserTokenInvalid", &err);
    // A decode error quoting the user's token.
    sandbox.canned(
        "/sns/userinfo",
        CannedReply::json(format!(r#"{{"openid":"o1","sex":"{USER_TOKEN}"}}"#)),
    );
    let err = wx.send(info).await.expect_err("decode");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_no_secret_in_error("Error::Decode", &err);
    // The refresh token echoed, bare, by its endpoint.
    sandbox.canned(
        "/sns/oauth2/refresh_token",
        CannedReply::json(format!(
            r#"{{"errcode":40030,"errmsg":"invalid refresh_token {REFRESH_TOKEN}"}}"#
        )),
    );
    let err = wx.send(refresh).await.expect_err("40030");
    assert!(err.is_refresh_token_invalid(), "{err:?}");
    assert_no_secret_in_error("Error::Api", &err);
    // A malformed exchange reply quoting a fresh token the request never held (where the
    // value is a token, the decode error must not show it: `secret_response`).
    sandbox.canned(
        "/sns/oauth2/access_token",
        CannedReply::json(format!(
            r#"{{"access_token":"a","expires_in":"{USER_TOKEN}","refresh_token":"{REFRESH_TOKEN}","openid":"o1"}}"#
        )),
    );
    let err = wx
        .send(oauth::exchange_code::Request::new("c0de"))
        .await
        .expect_err("decode");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_no_secret_in_error("Error::Decode", &err);
}

#[tokio::test]
async fn tickets_and_ticket_errors_do_not_show_secrets() {
    use wx_api::oa::ticket;
    debug("Ticket", &wx_api::Ticket::new(OTHER_TICKET));
    debug(
        "ticket::get::Response",
        &ticket::get::Response::from_json(&format!(
            r#"{{"errcode":0,"errmsg":"ok","ticket":"{OTHER_TICKET}","expires_in":7200}}"#
        ))
        .expect("a getticket reply"),
    );
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox.url());
    let cached = ticket::jsapi(&wx).await.expect("ticket");
    debug("Ticket from the cache", &cached);
    assert!(!format!("{cached:?}").contains(cached.expose()));
    // Replies that carry the ticket but fail to decode, or echo it in errmsg: the ticket
    // error, its source and the whole chain stay clean.
    for body in [
        format!(r#"{{"errcode":0,"errmsg":"ok","ticket":"{OTHER_TICKET}","expires_in":"soon"}}"#),
        format!(r#"{{"errcode":0,"errmsg":"ok","ticket":"{OTHER_TICKET}","expires_in":0}}"#),
        format!(r#"{{"errcode":40097,"errmsg":"invalid args jsapi_ticket={OTHER_TICKET}"}}"#),
    ] {
        let sandbox = wx_tests::sandbox().await;
        let wx = client(&sandbox.url());
        sandbox.canned("/cgi-bin/ticket/getticket", CannedReply::json(&body));
        let err = ticket::wx_card(&wx).await.expect_err("fails");
        assert!(matches!(err, Error::Token { .. }), "{err:?}");
        assert_no_secret_in_error("ticket Error::Token", &err);
    }
}
