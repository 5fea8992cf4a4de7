//! The axum adapter, driven through `tower::ServiceExt::oneshot`.

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature};
use wx_api::push::{
    Body as MsgBody, DedupFuture, DedupStore, Incoming, PayloadFormat, PushConfig, PushEndpoint,
    PushError, PushServer, Reply, Token, DEFAULT_MAX_BODY, DEFAULT_REPLY_DEADLINE,
};

const TOKEN: &str = "AAAAA";
const EAK: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const APPID: &str = "wxba5fad812f8e6fb9";
const TEXT: &str = "<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ping]]></Content><MsgId>777</MsgId></xml>";

/// The requests below are signed at 1700000000; the server's clock agrees (the timestamp
/// window is on by default). These tests post plaintext as well as encrypted pushes to
/// the same keyed server, so plaintext is opted in (push_production.rs tests the refusal).
fn config(format: PayloadFormat) -> PushConfig {
    PushConfig::new(TOKEN, APPID)
        .encoding_aes_key(EAK)
        .unwrap()
        .format(format)
        .allow_plaintext()
        .clock(|| 1_700_000_000)
}

/// A router whose handler counts calls and echoes text messages.
fn app(format: PayloadFormat, calls: Arc<AtomicUsize>) -> Router {
    PushEndpoint::new(PushServer::new(config(format)), move |inc: Incoming| {
        let calls = calls.clone();
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            match &inc.message.body {
                MsgBody::Text(t) => Reply::text(format!("pong: {}", t.content)),
                _ => Reply::Success,
            }
        }
    })
    .router_at("/wechat")
}

async fn send(app: Router, req: Request<Body>) -> (StatusCode, String) {
    let resp = app.oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn plain_post(body: &str) -> Request<Body> {
    let sig = signature(&Token::new(TOKEN), "1700000000", "n1");
    Request::post(format!(
        "/wechat?signature={sig}&timestamp=1700000000&nonce=n1&openid=o_user"
    ))
    .body(Body::from(body.to_owned()))
    .unwrap()
}

#[tokio::test]
async fn get_verification() {
    let calls = Arc::new(AtomicUsize::new(0));
    // A published vector, signed at 1714036504.
    let app = |_: PayloadFormat, _: Arc<AtomicUsize>| {
        PushEndpoint::new(
            PushServer::new(config(PayloadFormat::Xml).clock(|| 1_714_036_504)),
            |_inc: Incoming| async { Reply::Success },
        )
        .router_at("/wechat")
    };
    let ok = Request::get("/wechat?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492")
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(app(PayloadFormat::Xml, calls.clone()), ok).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "4375120948345356249");

    let bad = Request::get(
        "/wechat?signature=0000&echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492",
    )
    .body(Body::empty())
    .unwrap();
    let (status, body) = send(app(PayloadFormat::Xml, calls.clone()), bad).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!body.contains(TOKEN));
    let missing = Request::get("/wechat").body(Body::empty()).unwrap();
    let (status, _) = send(app(PayloadFormat::Xml, calls), missing).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn plaintext_post() {
    let calls = Arc::new(AtomicUsize::new(0));
    let (status, body) = send(app(PayloadFormat::Xml, calls.clone()), plain_post(TEXT)).await;
    assert_eq!(status, StatusCode::OK);
    let f = wx_api::push::xml::parse_xml(&body).unwrap();
    assert_eq!(f["Content"].as_text(), Some("pong: ping"));
    assert_eq!(f["ToUserName"].as_text(), Some("o_user"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn safe_mode_post_gets_encrypted_reply() {
    let calls = Arc::new(AtomicUsize::new(0));
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let json = r#"{"ToUserName":"gh_acc","FromUserName":"o_user","CreateTime":"1700000000","MsgType":"text","Content":"ping","MsgId":"778"}"#;
    let enc = crypto::encrypt(&key, json.as_bytes(), APPID).unwrap();
    let ms = msg_signature(&Token::new(TOKEN), "1700000000", "n2", &enc);
    let req = Request::post(format!(
        "/wechat?signature=x&timestamp=1700000000&nonce=n2&encrypt_type=aes&msg_signature={ms}"
    ))
    .header(header::CONTENT_TYPE, "application/json")
    .body(Body::from(format!(
        r#"{{"ToUserName":"gh_acc","Encrypt":"{enc}"}}"#
    )))
    .unwrap();
    let (status, body) = send(app(PayloadFormat::Json, calls.clone()), req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let renc = v["Encrypt"].as_str().unwrap();
    let ts = v["TimeStamp"].as_i64().unwrap().to_string();
    assert_eq!(v["Nonce"], "n2");
    assert_eq!(
        v["MsgSignature"].as_str().unwrap(),
        msg_signature(&Token::new(TOKEN), &ts, "n2", renc)
    );
    let plain = crypto::decrypt(&key, renc, APPID).unwrap();
    let inner: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(inner["Content"], "pong: ping");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn bad_signature_is_401_and_handler_not_called() {
    let calls = Arc::new(AtomicUsize::new(0));
    let req = Request::post("/wechat?signature=deadbeef&timestamp=1700000000&nonce=n1")
        .body(Body::from(TEXT))
        .unwrap();
    let (status, body) = send(app(PayloadFormat::Xml, calls.clone()), req).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, "signature mismatch");
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn malformed_body_is_400() {
    let calls = Arc::new(AtomicUsize::new(0));
    let (status, _) = send(
        app(PayloadFormat::Xml, calls.clone()),
        plain_post("<!DOCTYPE x><xml/>"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn oversized_is_413() {
    let calls = Arc::new(AtomicUsize::new(0));
    let small = |calls: Arc<AtomicUsize>| {
        PushEndpoint::new(
            PushServer::new(config(PayloadFormat::Xml)),
            move |_inc: Incoming| {
                let calls = calls.clone();
                async move {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Reply::Success
                }
            },
        )
        .max_body_bytes(100)
        .router()
    };
    // Declared by Content-Length.
    let big = "x".repeat(1000);
    let sig = signature(&Token::new(TOKEN), "1", "n");
    let req = Request::post(format!("/?signature={sig}&timestamp=1&nonce=n"))
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big.clone()))
        .unwrap();
    let (status, _) = send(small(calls.clone()), req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Not declared: the limit is enforced while reading.
    let req = Request::post(format!("/?signature={sig}&timestamp=1&nonce=n"))
        .body(Body::from(big))
        .unwrap();
    let (status, _) = send(small(calls.clone()), req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Default limit is 1 MiB.
    let huge = vec![b' '; DEFAULT_MAX_BODY + 1];
    let req = Request::post(format!("/wechat?signature={sig}&timestamp=1&nonce=n"))
        .body(Body::from(huge))
        .unwrap();
    let (status, _) = send(app(PayloadFormat::Xml, calls.clone()), req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn duplicate_delivery_calls_handler_once() {
    let calls = Arc::new(AtomicUsize::new(0));
    let router = app(PayloadFormat::Xml, calls.clone());
    let (s1, b1) = send(router.clone(), plain_post(TEXT)).await;
    let (s2, b2) = send(router.clone(), plain_post(TEXT)).await;
    let (s3, b3) = send(router.clone(), plain_post(TEXT)).await;
    assert_eq!(
        (s1, s2, s3),
        (StatusCode::OK, StatusCode::OK, StatusCode::OK)
    );
    assert!(b1.contains("pong: ping"));
    assert_eq!(b2, "success");
    assert_eq!(b3, "success");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // A different message is handled.
    let other = TEXT.replace("<MsgId>777</MsgId>", "<MsgId>779</MsgId>");
    let (_, b4) = send(router, plain_post(&other)).await;
    assert!(b4.contains("pong"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn real_loopback_listener() {
    let calls = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(PayloadFormat::Xml, calls.clone());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let sig = signature(&Token::new(TOKEN), "1700000000", "n1");
    let path = format!("/wechat?signature={sig}&timestamp=1700000000&nonce=n1");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{TEXT}",
        TEXT.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).await.unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("pong: ping"));
    server.abort();
}

/// A store that is down: the adapter must still handle the push (fail open).
struct BrokenStore;

impl DedupStore for BrokenStore {
    fn first_seen<'a>(&'a self, _key: &'a str) -> DedupFuture<'a> {
        Box::pin(async { Err(PushError::DedupStore("connection refused".into())) })
    }

    fn forget<'a>(&'a self, _key: &'a str) -> DedupFuture<'a, ()> {
        Box::pin(async { Err(PushError::DedupStore("connection refused".into())) })
    }
}

#[tokio::test]
async fn failing_dedup_store_fails_open() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let router = PushEndpoint::new(
        PushServer::new(config(PayloadFormat::Xml)),
        move |_i: Incoming| {
            let c = c.clone();
            async move {
                c.fetch_add(1, Ordering::SeqCst);
                Reply::Success
            }
        },
    )
    .dedup(Arc::new(BrokenStore))
    .router_at("/wechat");
    let (s1, b1) = send(router.clone(), plain_post(TEXT)).await;
    let (s2, _) = send(router, plain_post(TEXT)).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(b1, "success");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// A router whose handler takes `sleep` before answering and counts finished runs in `done`.
fn slow_app(
    sleep: Duration,
    done: Arc<AtomicUsize>,
    deadline: Option<Duration>,
    store: Option<Arc<dyn DedupStore>>,
) -> Router {
    let mut endpoint = PushEndpoint::new(
        PushServer::new(config(PayloadFormat::Xml)),
        move |_inc: Incoming| {
            let done = done.clone();
            async move {
                tokio::time::sleep(sleep).await;
                done.fetch_add(1, Ordering::SeqCst);
                Reply::text("too late")
            }
        },
    );
    if let Some(d) = deadline {
        endpoint = endpoint.reply_deadline(d);
    }
    if let Some(s) = store {
        endpoint = endpoint.dedup(s);
    }
    endpoint.router_at("/wechat")
}

async fn eventually(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for: {what}");
}

#[tokio::test(start_paused = true)]
async fn slow_handler_is_answered_success_at_the_deadline_and_still_completes() {
    assert!(DEFAULT_REPLY_DEADLINE < Duration::from_secs(5));
    let done = Arc::new(AtomicUsize::new(0));
    let router = slow_app(Duration::from_secs(8), done.clone(), None, None);
    let start = tokio::time::Instant::now();
    let (status, body) = send(router.clone(), plain_post(TEXT)).await;
    let waited = start.elapsed();
    assert_eq!((status, body.as_str()), (StatusCode::OK, "success"));
    assert_eq!(waited, DEFAULT_REPLY_DEADLINE);
    assert_eq!(done.load(Ordering::SeqCst), 0);
    eventually("the handler to finish", || done.load(Ordering::SeqCst) == 1).await;
    // The push counts as handled: a retry is acknowledged, not handled again.
    let (_, body) = send(router, plain_post(TEXT)).await;
    assert_eq!(body, "success");
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(done.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn reply_deadline_is_configurable() {
    let done = Arc::new(AtomicUsize::new(0));
    let router = slow_app(
        Duration::from_secs(2),
        done.clone(),
        Some(Duration::from_secs(1)),
        None,
    );
    let start = tokio::time::Instant::now();
    let (_, body) = send(router.clone(), plain_post(TEXT)).await;
    assert_eq!(body, "success");
    assert_eq!(start.elapsed(), Duration::from_secs(1));
    // A handler inside the deadline is answered with its reply.
    let other = TEXT.replace("<MsgId>777</MsgId>", "<MsgId>780</MsgId>");
    let router = slow_app(
        Duration::from_millis(500),
        done.clone(),
        Some(Duration::from_secs(1)),
        None,
    );
    let (_, body) = send(router, plain_post(&other)).await;
    assert!(body.contains("too late"), "{body}");
}

// Paused clock: a failed push is answered after the 5 s error hold.
#[tokio::test(start_paused = true)]
async fn panicking_handler_is_500_and_the_retry_is_handled() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let router = PushEndpoint::new(
        PushServer::new(config(PayloadFormat::Xml)),
        move |_i: Incoming| {
            let c = c.clone();
            async move {
                if c.fetch_add(1, Ordering::SeqCst) == 0 {
                    panic!("handler bug (expected by this test)");
                }
                Reply::text("recovered")
            }
        },
    )
    .router_at("/wechat");
    let (status, body) = send(router.clone(), plain_post(TEXT)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body, "push handler did not complete");
    // WeChat's retry of the same push reaches the handler instead of the dedup window.
    let (status, body) = send(router.clone(), plain_post(TEXT)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("recovered"), "{body}");
    // Once handled, further retries are duplicates.
    let (_, body) = send(router, plain_post(TEXT)).await;
    assert_eq!(body, "success");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn client_hanging_up_does_not_cancel_the_handler() {
    let started = Arc::new(tokio::sync::Notify::new());
    let release = Arc::new(tokio::sync::Notify::new());
    let done = Arc::new(AtomicUsize::new(0));
    let (s, r, d) = (started.clone(), release.clone(), done.clone());
    let router = PushEndpoint::new(
        PushServer::new(config(PayloadFormat::Xml)),
        move |_i: Incoming| {
            let (s, r, d) = (s.clone(), r.clone(), d.clone());
            async move {
                s.notify_one();
                r.notified().await;
                d.fetch_add(1, Ordering::SeqCst);
                Reply::Success
            }
        },
    )
    .router_at("/wechat");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let sig = signature(&Token::new(TOKEN), "1700000000", "n1");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    use tokio::io::AsyncWriteExt;
    let req = format!(
        "POST /wechat?signature={sig}&timestamp=1700000000&nonce=n1 HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{TEXT}",
        TEXT.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), started.notified())
        .await
        .expect("handler started");
    // WeChat gives up: the connection closes while the handler is still working.
    drop(stream);
    // Long enough for hyper to see the hang-up (and, before the fix, drop the handler).
    tokio::time::sleep(Duration::from_millis(300)).await;
    release.notify_one();
    eventually("the handler to finish", || done.load(Ordering::SeqCst) == 1).await;
    server.abort();
}

/// A store recording what the adapter asks of it.
#[derive(Default)]
struct RecordingStore {
    inner: wx_api::push::MemoryDedup,
    log: std::sync::Mutex<Vec<String>>,
}

impl RecordingStore {
    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl DedupStore for RecordingStore {
    fn first_seen<'a>(&'a self, key: &'a str) -> DedupFuture<'a> {
        self.log.lock().unwrap().push(format!("first_seen {key}"));
        let r = self.inner.check(key);
        Box::pin(async move { Ok(r) })
    }

    fn forget<'a>(&'a self, key: &'a str) -> DedupFuture<'a, ()> {
        self.log.lock().unwrap().push(format!("forget {key}"));
        self.inner.remove(key);
        Box::pin(async { Ok(()) })
    }
}

// Paused clock: a failed push is answered after the 5 s error hold.
#[tokio::test(start_paused = true)]
async fn custom_dedup_store_is_used_and_released_on_failure() {
    let store = Arc::new(RecordingStore::default());
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let router = PushEndpoint::new(
        PushServer::new(config(PayloadFormat::Xml)),
        move |i: Incoming| {
            let c = c.clone();
            async move {
                c.fetch_add(1, Ordering::SeqCst);
                if matches!(&i.message.body, MsgBody::Text(t) if t.content == "boom") {
                    panic!("handler bug (expected by this test)");
                }
                Reply::Success
            }
        },
    )
    .dedup(store.clone())
    .router_at("/wechat");
    let key = wx_api::push::parse_message(TEXT, PayloadFormat::Xml)
        .unwrap()
        .dedup_key();
    let (_, b1) = send(router.clone(), plain_post(TEXT)).await;
    let (_, b2) = send(router.clone(), plain_post(TEXT)).await;
    assert_eq!((b1.as_str(), b2.as_str()), ("success", "success"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(
        store.log(),
        [format!("first_seen {key}"), format!("first_seen {key}")]
    );
    let boom = TEXT
        .replace("ping", "boom")
        .replace("<MsgId>777</MsgId>", "<MsgId>781</MsgId>");
    let boom_key = wx_api::push::parse_message(&boom, PayloadFormat::Xml)
        .unwrap()
        .dedup_key();
    let (status, _) = send(router, plain_post(&boom)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        store.log()[2..],
        [
            format!("first_seen {boom_key}"),
            format!("forget {boom_key}")
        ]
    );
}

/// A store that never answers: the adapter must not wait past the deadline for it.
struct HangingStore;

impl DedupStore for HangingStore {
    fn first_seen<'a>(&'a self, _key: &'a str) -> DedupFuture<'a> {
        Box::pin(std::future::pending())
    }

    fn forget<'a>(&'a self, _key: &'a str) -> DedupFuture<'a, ()> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test(start_paused = true)]
async fn hanging_dedup_store_is_bounded_by_the_deadline() {
    let done = Arc::new(AtomicUsize::new(0));
    let router = slow_app(
        Duration::ZERO,
        done.clone(),
        None,
        Some(Arc::new(HangingStore)),
    );
    let start = tokio::time::Instant::now();
    let (status, body) = send(router, plain_post(TEXT)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "success"));
    assert_eq!(start.elapsed(), DEFAULT_REPLY_DEADLINE);
    // Failing open: the push is handled all the same.
    eventually("the handler to run", || done.load(Ordering::SeqCst) == 1).await;
}

#[tokio::test]
async fn safe_mode_xml_post_gets_encrypted_xml_reply() {
    let calls = Arc::new(AtomicUsize::new(0));
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let enc = crypto::encrypt(&key, TEXT.as_bytes(), APPID).unwrap();
    let ms = msg_signature(&Token::new(TOKEN), "1700000000", "n3", &enc);
    let req = Request::post(format!(
        "/wechat?signature=x&timestamp=1700000000&nonce=n3&openid=o_user&encrypt_type=aes&msg_signature={ms}"
    ))
    .header(header::CONTENT_TYPE, "text/xml")
    .body(Body::from(format!(
        "<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"
    )))
    .unwrap();
    let (status, body) = send(app(PayloadFormat::Xml, calls.clone()), req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let f = wx_api::push::xml::parse_xml(&body).unwrap();
    assert_eq!(f["Nonce"].as_text(), Some("n3"));
    let renc = f["Encrypt"].as_text().unwrap();
    let ts = f["TimeStamp"].as_text().unwrap();
    assert_eq!(
        f["MsgSignature"].as_text().unwrap(),
        msg_signature(&Token::new(TOKEN), ts, "n3", renc)
    );
    assert!(!body.contains("pong"), "the reply is encrypted");
    let inner = wx_api::push::xml::parse_xml(&crypto::decrypt(&key, renc, APPID).unwrap()).unwrap();
    assert_eq!(inner["Content"].as_text(), Some("pong: ping"));
    assert_eq!(inner["ToUserName"].as_text(), Some("o_user"));
    assert_eq!(inner["FromUserName"].as_text(), Some("gh_acc"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // A tampered envelope is refused before the handler.
    let req = Request::post(format!(
        "/wechat?timestamp=1700000000&nonce=n3&encrypt_type=aes&msg_signature={ms}"
    ))
    .body(Body::from(format!(
        "<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><Encrypt><![CDATA[A{enc}]]></Encrypt></xml>"
    )))
    .unwrap();
    let (status, _) = send(app(PayloadFormat::Xml, calls.clone()), req).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
