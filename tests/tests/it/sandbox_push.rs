//! The sandbox pushes as WeChat does, to a webhook served by wx's own push adapter:
//! plaintext and safe mode, subscribe-with-qrscene then SCAN, retries de-duplicated,
//! a webhook with the wrong token refusing the push.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wx_api::oa::qrcode;
use wx_api::push::{Body, EventKind, Incoming, PushConfig, PushEndpoint, PushServer, Reply};
use wx_api::token::Classic;
use wx_api::{AppCredentials, Client, OfficialAccount};
use wx_sandbox::{Sandbox, Webhook, DEFAULT_APP_ID, DEFAULT_APP_SECRET};

const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

async fn webhook(token: &str, aes: Option<&str>, calls: Arc<AtomicUsize>) -> String {
    let mut config = PushConfig::new(token, DEFAULT_APP_ID);
    if let Some(key) = aes {
        config = config.encoding_aes_key(key).expect("key");
    }
    let handler = move |incoming: Incoming| {
        let calls = Arc::clone(&calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            match incoming.message.body {
                Body::Event(e) => match e.kind {
                    EventKind::Subscribe(s) => {
                        Reply::text(format!("sub:{}", s.scene.unwrap_or_default()))
                    }
                    EventKind::Scan(s) => Reply::text(format!("scan:{}", s.scene)),
                    _ => Reply::Success,
                },
                Body::Text(t) => Reply::text(format!("echo:{}", t.content)),
                _ => Reply::Success,
            }
        }
    };
    let router = PushEndpoint::new(PushServer::new(config), handler).router_at("/hook");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

async fn ticket(sandbox: &Sandbox, scene: &str) -> String {
    let wx: Client<OfficialAccount> = Client::official_account(
        AppCredentials::new(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .build()
    .expect("client");
    wx.send(qrcode::create::Request::permanent_str(scene))
        .await
        .expect("qr")
        .ticket
}

#[tokio::test]
async fn safe_mode_scan_subscribes_then_scans_and_retries_are_deduplicated() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let calls = Arc::new(AtomicUsize::new(0));
    let url = webhook("hook-token", Some(KEY), Arc::clone(&calls)).await;
    sandbox.set_webhook(
        DEFAULT_APP_ID,
        Webhook {
            url,
            token: "hook-token".into(),
            encoding_aes_key: Some(KEY.into()),
        },
    );
    let t = ticket(&sandbox, "promo-7").await;

    let first = sandbox
        .scan(DEFAULT_APP_ID, "o-user", &t)
        .await
        .expect("scan");
    assert_eq!(first.status, 200);
    assert!(
        first.body.contains("<Encrypt>") && !first.body.contains("promo-7"),
        "the body is encrypted"
    );
    assert!(first
        .message
        .contains("<Event><![CDATA[subscribe]]></Event>"));
    assert!(first.message.contains("qrscene_promo-7"));
    assert!(
        first.reply.contains("<MsgSignature>"),
        "the reply is encrypted: {}",
        first.reply
    );
    assert!(first
        .reply_plain
        .as_deref()
        .unwrap_or_default()
        .contains("sub:promo-7"));

    let second = sandbox
        .scan(DEFAULT_APP_ID, "o-user", &t)
        .await
        .expect("scan again");
    assert!(second.message.contains("<Event><![CDATA[SCAN]]></Event>"));
    assert!(second
        .reply_plain
        .as_deref()
        .unwrap_or_default()
        .contains("scan:promo-7"));

    let (status, reply) = sandbox.redeliver(&second).await.expect("retry");
    assert_eq!(
        (status, reply.as_str()),
        (200, "success"),
        "a retry is answered without the handler"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let text = sandbox
        .send_text(DEFAULT_APP_ID, "o-user", "你好 ]]> <b>")
        .await
        .expect("text");
    assert!(
        text.reply_plain
            .as_deref()
            .unwrap_or_default()
            .contains("echo:你好 ]]"),
        "{:?}",
        text.reply_plain
    );
}

#[tokio::test]
async fn plaintext_mode_and_a_wrong_token_webhook() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let calls = Arc::new(AtomicUsize::new(0));
    let url = webhook("plain-token", None, Arc::clone(&calls)).await;
    sandbox.set_webhook(
        DEFAULT_APP_ID,
        Webhook {
            url: url.clone(),
            token: "plain-token".into(),
            encoding_aes_key: None,
        },
    );
    let t = ticket(&sandbox, "42").await;
    let d = sandbox
        .scan(DEFAULT_APP_ID, "o-plain", &t)
        .await
        .expect("scan");
    assert_eq!(d.body, d.message, "plaintext mode sends the message as is");
    assert!(d
        .reply_plain
        .as_deref()
        .unwrap_or_default()
        .contains("sub:42"));

    // The console's token differs from the server's: the webhook refuses the signature.
    sandbox.set_webhook(
        DEFAULT_APP_ID,
        Webhook {
            url,
            token: "other-token".into(),
            encoding_aes_key: None,
        },
    );
    let refused = sandbox
        .scan(DEFAULT_APP_ID, "o-plain", &t)
        .await
        .expect("delivered");
    assert_eq!(refused.status, 401);
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let unknown = sandbox
        .scan(DEFAULT_APP_ID, "o-plain", "no-such-ticket")
        .await;
    assert!(matches!(
        unknown,
        Err(wx_sandbox::PushFailure::UnknownTicket)
    ));
}
