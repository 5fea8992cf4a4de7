//! Handlers that fail (Result) and carry application state (State<S>, Router<S>).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use wx_api::push::axum_adapter::DEFAULT_ERROR_HOLD;
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature};
use wx_api::push::{Body as MsgBody, Incoming, PushConfig, PushEndpoint, PushServer, Reply, Token};

const TOKEN: &str = "AAAAA";
const EAK: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const APPID: &str = "wxba5fad812f8e6fb9";
const TEXT: &str = "<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ping]]></Content><MsgId>777</MsgId></xml>";

fn server() -> PushServer {
    // A clock at the pushes' timestamp, whatever timestamp window is the default.
    PushServer::new(
        PushConfig::new(TOKEN, APPID)
            .encoding_aes_key(EAK)
            .unwrap()
            .clock(|| 1_700_000_000),
    )
}

/// The push `TEXT` (with `content`) in safe mode, as WeChat posts it.
fn post(content: &str, msg_id: u32) -> Request<Body> {
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let plain = TEXT
        .replace("ping", content)
        .replace("<MsgId>777", &format!("<MsgId>{msg_id}"));
    let enc = crypto::encrypt(&key, plain.as_bytes(), APPID).unwrap();
    let sig = signature(&Token::new(TOKEN), "1700000000", "n1");
    let ms = msg_signature(&Token::new(TOKEN), "1700000000", "n1", &enc);
    Request::post(format!(
        "/wechat?signature={sig}&timestamp=1700000000&nonce=n1&encrypt_type=aes&msg_signature={ms}"
    ))
    .body(Body::from(format!(
        "<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"
    )))
    .unwrap()
}

async fn send(app: Router, req: Request<Body>) -> (StatusCode, String) {
    let resp = app.oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn reply_content(body: &str) -> String {
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let f = wx_api::push::xml::parse_xml(body).unwrap();
    let plain = crypto::decrypt(&key, f["Encrypt"].as_text().unwrap(), APPID).unwrap();
    let inner = wx_api::push::xml::parse_xml(&plain).unwrap();
    inner["Content"].as_text().unwrap().to_owned()
}

#[derive(Debug)]
struct DbDown;

impl std::fmt::Display for DbDown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("database unavailable")
    }
}

impl std::error::Error for DbDown {}

/// An `Err` releases the push and withholds the answer past WeChat's 5 s, so WeChat
/// re-sends it; the retry reaches the handler, and once handled further retries are
/// duplicates.
#[tokio::test(start_paused = true)]
async fn handler_error_is_answered_after_the_hold_and_the_retry_is_handled() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let app = PushEndpoint::new(server(), move |_i: Incoming| {
        let c = c.clone();
        async move {
            if c.fetch_add(1, Ordering::SeqCst) == 0 {
                return Err(DbDown);
            }
            Ok(Reply::text("stored"))
        }
    })
    .router_at("/wechat");
    let start = tokio::time::Instant::now();
    let (status, body) = send(app.clone(), post("ping", 1)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body, "push handler returned an error");
    assert!(
        !body.contains("database"),
        "the handler's error is logged, not sent"
    );
    assert_eq!(start.elapsed(), DEFAULT_ERROR_HOLD);
    assert!(DEFAULT_ERROR_HOLD >= Duration::from_secs(5));
    let (status, body) = send(app.clone(), post("ping", 1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply_content(&body), "stored");
    let (status, body) = send(app, post("ping", 1)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "success"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn error_hold_zero_answers_at_once_and_string_errors_work() {
    let app = PushEndpoint::new(server(), |i: Incoming| async move {
        match &i.message.body {
            MsgBody::Text(t) if t.content == "fail" => Err(format!("cannot handle {}", 1)),
            _ => Ok(Reply::Success),
        }
    })
    .error_hold(Duration::ZERO)
    .router_at("/wechat");
    let start = tokio::time::Instant::now();
    let (status, _) = send(app.clone(), post("fail", 2)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(start.elapsed(), Duration::ZERO);
    let (status, body) = send(app, post("fine", 3)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "success"));
}

#[derive(Clone)]
struct AppState {
    greeting: Arc<str>,
    seen: Arc<AtomicUsize>,
}

/// The push router is a `Router<AppState>` merged into the application's own router,
/// whose other routes share the same state.
#[tokio::test]
async fn handler_takes_the_application_state_and_merges_into_its_router() {
    let push = PushEndpoint::new_with_state(
        server(),
        |State(app): State<AppState>, i: Incoming| async move {
            app.seen.fetch_add(1, Ordering::SeqCst);
            let MsgBody::Text(t) = &i.message.body else {
                return Ok::<_, DbDown>(Reply::Success);
            };
            Ok(Reply::text(format!("{} {}", app.greeting, t.content)))
        },
    );
    let state = AppState {
        greeting: "hello".into(),
        seen: Arc::new(AtomicUsize::new(0)),
    };
    let app: Router =
        Router::new()
            .route(
                "/seen",
                get(|State(s): State<AppState>| async move {
                    s.seen.load(Ordering::SeqCst).to_string()
                }),
            )
            .merge(push.router_at("/wechat"))
            .with_state(state.clone());
    let (status, body) = send(app.clone(), post("ping", 4)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(reply_content(&body), "hello ping");
    let (_, seen) = send(app, Request::get("/seen").body(Body::empty()).unwrap()).await;
    assert_eq!(seen, "1");
    assert_eq!(state.seen.load(Ordering::SeqCst), 1);
}

/// A part of the state (`FromRef`), and a stateless endpoint made to fit a stateful app.
#[tokio::test]
async fn substate_and_stateless_endpoint_in_a_stateful_app() {
    #[derive(Clone)]
    struct Greeting(&'static str);
    #[derive(Clone)]
    struct Big {
        greeting: Greeting,
    }
    impl axum::extract::FromRef<Big> for Greeting {
        fn from_ref(b: &Big) -> Greeting {
            b.greeting.clone()
        }
    }
    let push = PushEndpoint::new_with_state(
        server(),
        |State(Greeting(g)): State<Greeting>, _i: Incoming| async move { Reply::text(g) },
    );
    let plain = PushEndpoint::new(server(), |_i: Incoming| async { Reply::text("plain") })
        .for_state::<Big>();
    let app: Router = Router::new()
        .merge(push.router_at("/wechat"))
        .merge(plain.router_at("/other"))
        .with_state(Big {
            greeting: Greeting("hi"),
        });
    let (_, body) = send(app.clone(), post("ping", 5)).await;
    assert_eq!(reply_content(&body), "hi");
    let req = post("ping", 6);
    let uri = req.uri().to_string().replace("/wechat", "/other");
    let (parts, b) = req.into_parts();
    let mut req = Request::from_parts(parts, b);
    *req.uri_mut() = uri.parse().unwrap();
    let (_, body) = send(app, req).await;
    assert_eq!(reply_content(&body), "plain");
}

/// A body above the blocking threshold (decoded on the blocking pool) is handled alike.
#[tokio::test]
async fn large_push_is_decoded_and_handled() {
    let big = "x".repeat(40 * 1024);
    let app = PushEndpoint::new(server(), |i: Incoming| async move {
        match &i.message.body {
            MsgBody::Text(t) => Reply::text(format!("len {}", t.content.len())),
            _ => Reply::Success,
        }
    })
    .router_at("/wechat");
    let req = post(&big, 7);
    let (status, body) = send(app, req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(reply_content(&body), format!("len {}", big.len()));
}

/// The original form, `PushEndpoint::new(server, |incoming| async { .. })` with the
/// parameter's type inferred and the router served by `axum::serve`, keeps compiling.
#[tokio::test]
async fn unannotated_closure_and_axum_serve_still_work() {
    let app = PushEndpoint::new(server(), |incoming| async move {
        match incoming.message.body {
            MsgBody::Text(_) => Reply::text("inferred"),
            _ => Reply::Success,
        }
    })
    .router_at("/wechat");
    let (_, body) = send(app.clone(), post("ping", 8)).await;
    assert_eq!(reply_content(&body), "inferred");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    server.abort();
}
