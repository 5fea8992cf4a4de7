//! Several accounts on one endpoint, routed by path or by the envelope's ToUserName; each
//! push is verified and decrypted with its own account's token and key.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature};
use wx_api::push::{
    Body as MsgBody, Incoming, PushAccounts, PushConfig, PushEndpoint, PushServer, Reply, Token,
};

/// An account: app id, original id, token, EncodingAESKey.
struct Account {
    app_id: &'static str,
    gh: &'static str,
    token: &'static str,
    eak: &'static str,
}

const A: Account = Account {
    app_id: "wxaaaaaaaaaaaaaaaa",
    gh: "gh_aaaaaaaaaaaa",
    token: "token-a",
    eak: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
};
const B: Account = Account {
    app_id: "wxbbbbbbbbbbbbbbbb",
    gh: "gh_bbbbbbbbbbbb",
    token: "token-b",
    eak: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

impl Account {
    fn key(&self) -> AesKey {
        AesKey::from_encoding_aes_key(self.eak).unwrap()
    }

    /// An endpoint answering `"{name}: {content}"` and counting its calls.
    fn endpoint(&self, name: &'static str, calls: Arc<AtomicUsize>) -> PushEndpoint {
        let server = PushServer::new(
            PushConfig::new(self.token, self.app_id)
                .encoding_aes_key(self.eak)
                .unwrap()
                .clock(|| 1_700_000_000),
        );
        PushEndpoint::new(server, move |i: Incoming| {
            let calls = calls.clone();
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                match &i.message.body {
                    MsgBody::Text(t) => Reply::text(format!("{name}: {}", t.content)),
                    _ => Reply::Success,
                }
            }
        })
    }

    /// A safe-mode push to this account (envelope ToUserName = its original id), posted
    /// to `path`.
    fn post(&self, path: &str, content: &str) -> Request<Body> {
        let plain = format!(
            "<xml><ToUserName><![CDATA[{}]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>42</MsgId></xml>",
            self.gh
        );
        let enc = crypto::encrypt(&self.key(), plain.as_bytes(), self.app_id).unwrap();
        let token = Token::new(self.token);
        let sig = signature(&token, "1700000000", "n1");
        let ms = msg_signature(&token, "1700000000", "n1", &enc);
        Request::post(format!(
            "{path}?signature={sig}&timestamp=1700000000&nonce=n1&encrypt_type=aes&msg_signature={ms}"
        ))
        .body(Body::from(format!(
            "<xml><ToUserName><![CDATA[{}]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>",
            self.gh
        )))
        .unwrap()
    }

    fn verify(&self, path: &str) -> Request<Body> {
        let sig = signature(&Token::new(self.token), "1700000000", "n1");
        Request::get(format!(
            "{path}?signature={sig}&timestamp=1700000000&nonce=n1&echostr={}",
            self.gh
        ))
        .body(Body::empty())
        .unwrap()
    }

    /// The reply's content, decrypted with this account's key (fails with another key).
    fn open_reply(&self, body: &str) -> String {
        let f = wx_api::push::xml::parse_xml(body).unwrap();
        let plain =
            crypto::decrypt(&self.key(), f["Encrypt"].as_text().unwrap(), self.app_id).unwrap();
        let inner = wx_api::push::xml::parse_xml(&plain).unwrap();
        assert_eq!(inner["FromUserName"].as_text(), Some(self.gh));
        inner["Content"].as_text().unwrap().to_owned()
    }
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn counters() -> (Arc<AtomicUsize>, Arc<AtomicUsize>) {
    (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)))
}

#[tokio::test]
async fn two_accounts_with_different_keys_routed_by_path() {
    assert_ne!(A.eak, B.eak);
    let (ca, cb) = counters();
    let app: Router = PushAccounts::new()
        .account(A.app_id, A.endpoint("a", ca.clone()))
        .account(B.app_id, B.endpoint("b", cb.clone()))
        .router_by_path("/wechat");
    let (status, body) = send(&app, A.post(&format!("/wechat/{}", A.app_id), "one")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(A.open_reply(&body), "a: one");
    let (status, body) = send(&app, B.post(&format!("/wechat/{}", B.app_id), "two")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(B.open_reply(&body), "b: two");
    assert_eq!(
        (ca.load(Ordering::SeqCst), cb.load(Ordering::SeqCst)),
        (1, 1)
    );
    // URL verification with each account's token.
    let (status, body) = send(&app, B.verify(&format!("/wechat/{}", B.app_id))).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, B.gh));
    // A's push on B's URL: B's token does not sign it.
    let (status, _) = send(&app, A.post(&format!("/wechat/{}", B.app_id), "x")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // No such account.
    let (status, body) = send(&app, A.post("/wechat/wxunknown", "x")).await;
    assert_eq!(
        (status, body.as_str()),
        (
            StatusCode::NOT_FOUND,
            "no push account configured for this request"
        )
    );
    let (status, _) = send(&app, A.verify("/wechat/wxunknown")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        (ca.load(Ordering::SeqCst), cb.load(Ordering::SeqCst)),
        (1, 1)
    );
}

#[tokio::test]
async fn two_accounts_with_different_keys_routed_by_to_user_name() {
    let (ca, cb) = counters();
    let app: Router = PushAccounts::new()
        .account(A.gh, A.endpoint("a", ca.clone()))
        .account(B.gh, B.endpoint("b", cb.clone()))
        .router_by_to_user_name("/wechat");
    let (status, body) = send(&app, A.post("/wechat", "one")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(A.open_reply(&body), "a: one");
    let (status, body) = send(&app, B.post("/wechat", "two")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(B.open_reply(&body), "b: two");
    // Verification: answered for whichever account's token signed it; none: 401.
    for acc in [&A, &B] {
        let (status, body) = send(&app, acc.verify("/wechat")).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, acc.gh));
    }
    let bad = Request::get("/wechat?signature=00&timestamp=1700000000&nonce=n1&echostr=e")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, bad).await.0, StatusCode::UNAUTHORIZED);
    // An envelope naming an unknown account.
    let other = Account {
        gh: "gh_cccccccccccc",
        ..A
    };
    let (status, body) = send(&app, other.post("/wechat", "x")).await;
    assert_eq!(
        (status, body.as_str()),
        (
            StatusCode::NOT_FOUND,
            "no push account configured for this request"
        )
    );
    // No ToUserName at all.
    let req = Request::post("/wechat?timestamp=1&nonce=n")
        .body(Body::from("<xml><Encrypt>x</Encrypt></xml>"))
        .unwrap();
    let (status, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        (ca.load(Ordering::SeqCst), cb.load(Ordering::SeqCst)),
        (1, 1)
    );
}
