//! The third-party platform's authorisation-event push (`wx_push::component`): the
//! official examples (`tests/fixtures/push/component/`), encrypt → decrypt → parse round
//! trips with a platform config, every refusal, the lossless fallback, redaction, and the
//! axum `ComponentEndpoint`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use wx_api::push::component::{
    parse_component_event, parse_component_event_limited, Authorization, ComponentEvent,
    ComponentEventKind, ComponentIncoming, ComponentPush, Credential, SealedPush, SUCCESS,
};
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::msg_signature;
use wx_api::push::ComponentEndpoint;
use wx_api::push::{PushConfig, PushError, PushQuery, Token, Value};

const TOKEN: &str = "platform-token-7f3a";
const EAK: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const OLD_EAK: &str = "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj";
const COMPONENT: &str = "wx_component_appid";
const NOW: i64 = 1_700_000_000;
const RANDOM: [u8; 16] = *b"0123456789abcdef";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/push/component")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap()
}

fn config() -> PushConfig {
    PushConfig::new(TOKEN, COMPONENT)
        .encoding_aes_key(EAK)
        .unwrap()
        .clock(|| NOW)
}

fn push() -> ComponentPush {
    ComponentPush::new(config()).unwrap()
}

fn seal(p: &ComponentPush, plain: &str) -> SealedPush {
    p.seal(plain, NOW, "nonce-1", &RANDOM).unwrap()
}

fn open(p: &ComponentPush, sealed: &SealedPush) -> Result<ComponentIncoming, PushError> {
    p.open(&sealed.query, sealed.body.as_bytes())
}

/// A push encrypted independently of `ComponentPush::seal`: `crypto::encrypt` for
/// `receiver`, the envelope written by hand, `msg_signature` over `Encrypt`.
fn hand_sealed(plain: &str, receiver: &str, envelope_app_id: bool) -> SealedPush {
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let enc = crypto::encrypt(&key, plain.as_bytes(), receiver).unwrap();
    let body = if envelope_app_id {
        format!(
            "<xml><AppId><![CDATA[{COMPONENT}]]></AppId><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"
        )
    } else {
        format!("<xml><Encrypt>{enc}</Encrypt></xml>")
    };
    SealedPush {
        query: PushQuery {
            timestamp: Some(NOW.to_string()),
            nonce: Some("n".into()),
            encrypt_type: Some("aes".into()),
            msg_signature: Some(msg_signature(
                &Token::new(TOKEN),
                &NOW.to_string(),
                "n",
                &enc,
            )),
            ..Default::default()
        },
        body,
    }
}

#[test]
fn every_fixture_snapshot() {
    let files = fixtures();
    assert_eq!(files.len(), 5, "{files:?}");
    for p in &files {
        let name = p.file_name().unwrap().to_str().unwrap().replace('.', "_");
        let event = parse_component_event(&std::fs::read_to_string(p).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        insta::assert_json_snapshot!(format!("component_{name}"), event);
    }
}

#[test]
fn official_examples_are_typed() {
    let e = parse_component_event(&read("component_verify_ticket.xml")).unwrap();
    assert_eq!(
        (e.app_id.as_str(), e.create_time, e.info_type.as_str()),
        ("some_appid", 1_413_192_605, "component_verify_ticket")
    );
    assert_eq!(
        e.verify_ticket().map(Credential::expose),
        Some("some_verify_ticket")
    );
    assert!(e.extra.is_empty(), "{:?}", e.extra);

    for (file, update) in [("authorized.xml", false), ("updateauthorized.xml", true)] {
        let e = parse_component_event(&read(file)).unwrap();
        let a: &Authorization = match (&e.kind, update) {
            (ComponentEventKind::Authorized(a), false) => a,
            (ComponentEventKind::UpdateAuthorized(a), true) => a,
            (k, _) => panic!("{file}: {k:?}"),
        };
        assert_eq!(e.app_id, "第三方平台appid");
        assert_eq!(e.create_time, 1_413_192_760);
        assert_eq!(a.authorizer_appid, "公众号appid");
        assert_eq!(a.authorization_code.expose(), "授权码");
        assert_eq!(a.authorization_code_expired_time, Some(1_413_193_360));
        assert_eq!(
            a.pre_auth_code.as_ref().map(Credential::expose),
            Some("预授权码")
        );
        assert_eq!(e.authorizer_appid(), Some("公众号appid"));
        assert!(e.extra.is_empty(), "{file}: {:?}", e.extra);
    }

    let e = parse_component_event(&read("unauthorized.xml")).unwrap();
    assert!(
        matches!(&e.kind, ComponentEventKind::Unauthorized(u) if u.authorizer_appid == "公众号appid")
    );
    assert!(e.extra.is_empty());
}

/// An InfoType without a typed variant keeps every field, nested ones included.
#[test]
fn unknown_info_type_is_kept_losslessly() {
    let e = parse_component_event(&read("unknown_notify_third_fasteregister.xml")).unwrap();
    assert!(matches!(e.kind, ComponentEventKind::Unknown));
    assert_eq!(e.info_type, "notify_third_fasteregister");
    assert_eq!(e.app_id, "wx_component_appid");
    let text = |k: &str| e.extra.get(k).and_then(Value::as_text);
    assert_eq!(text("status"), Some("0"));
    assert_eq!(text("msg"), Some("OK"));
    assert_eq!(text("appid"), Some("wx_new_mini_program"));
    assert_eq!(text("auth_code"), Some("queryauthcode@@@fake"));
    let info = e.extra["info"].as_map().unwrap();
    assert_eq!(info["legal_persona_name"].as_text(), Some("姓名"));
    assert_eq!(info["code_type"].as_text(), Some("1"));
    assert_eq!(info.len(), 6);
    assert_eq!(e.extra.len(), 5, "{:?}", e.extra);
    // Known types keep unknown fields too.
    let x = read("unauthorized.xml").replace(
        "</xml>",
        "<NewField>n</NewField><Nested><A>1</A></Nested></xml>",
    );
    let e = parse_component_event(&x).unwrap();
    assert!(matches!(e.kind, ComponentEventKind::Unauthorized(_)));
    assert_eq!(e.extra["NewField"].as_text(), Some("n"));
    assert_eq!(
        e.extra["Nested"].as_map().unwrap()["A"].as_text(),
        Some("1")
    );
}

#[test]
fn info_type_matches_case_insensitively_and_keeps_its_spelling() {
    let x = read("component_verify_ticket.xml").replace(
        ">component_verify_ticket<",
        "><![CDATA[Component_Verify_Ticket]]><",
    );
    let e = parse_component_event(&x).unwrap();
    assert_eq!(e.info_type, "Component_Verify_Ticket");
    assert!(e.verify_ticket().is_some());
}

/// Every fixture: sealed (by `seal`, and by hand with and without `AppId` in the
/// envelope), opened with the platform config, and equal to the direct parse.
#[test]
fn round_trip_through_encryption() {
    let p = push();
    for f in fixtures() {
        let plain = std::fs::read_to_string(&f).unwrap();
        let expected = parse_component_event(&plain).unwrap();
        let sealed = seal(&p, &plain);
        assert!(sealed
            .body
            .contains(&format!("<AppId><![CDATA[{COMPONENT}]]></AppId>")));
        assert!(!sealed.body.contains("ToUserName"));
        let inc = open(&p, &sealed).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert_eq!(inc.event, expected, "{}", f.display());
        assert!(!inc.used_previous_key());
        for with_app_id in [true, false] {
            let inc = open(&p, &hand_sealed(&plain, COMPONENT, with_app_id)).unwrap();
            assert_eq!(inc.event, expected, "{}", f.display());
        }
        // Through the query string as it travels.
        let q = PushQuery::from_query_str(&sealed.query_string());
        assert_eq!(q, sealed.query);
        // A missing encrypt_type is read as encrypted (the platform has no plaintext mode).
        let mut no_type = sealed.query.clone();
        no_type.encrypt_type = None;
        assert_eq!(
            p.open(&no_type, sealed.body.as_bytes()).unwrap().event,
            expected
        );
    }
}

/// Key rotation: a push sealed with the previous key opens with current + previous.
#[test]
fn previous_key_still_opens() {
    let old = ComponentPush::new(
        PushConfig::new(TOKEN, COMPONENT)
            .encoding_aes_key(OLD_EAK)
            .unwrap()
            .clock(|| NOW),
    )
    .unwrap();
    let rotated = ComponentPush::new(config().previous_encoding_aes_key(OLD_EAK).unwrap()).unwrap();
    let plain = read("component_verify_ticket.xml");
    let sealed = seal(&old, &plain);
    let inc = open(&rotated, &sealed).unwrap();
    assert!(inc.used_previous_key());
    assert_eq!(inc.event, parse_component_event(&plain).unwrap());
    // Without the previous key: a key mismatch, named as such.
    let e = open(&push(), &sealed).unwrap_err();
    assert!(matches!(e, PushError::KeyMismatch { .. }), "{e:?}");
    assert!(e.is_misconfiguration());
}

#[test]
fn refusals_are_typed() {
    let p = push();
    let plain = read("component_verify_ticket.xml");
    let good = seal(&p, &plain);

    // Bad signature.
    let mut bad = good.clone();
    bad.query.msg_signature = Some("0".repeat(40));
    let e = open(&p, &bad).unwrap_err();
    assert!(matches!(e, PushError::SignatureMismatch), "{e:?}");
    assert_eq!(e.status_code(), 401);
    // Signed with another token.
    let other = ComponentPush::new(
        PushConfig::new("other-token", COMPONENT)
            .encoding_aes_key(EAK)
            .unwrap()
            .clock(|| NOW),
    )
    .unwrap();
    assert!(matches!(
        open(&p, &seal(&other, &plain)),
        Err(PushError::SignatureMismatch)
    ));
    // Missing msg_signature / timestamp / nonce.
    for strip in ["msg_signature", "timestamp", "nonce"] {
        let mut q = good.query.clone();
        match strip {
            "msg_signature" => q.msg_signature = None,
            "timestamp" => q.timestamp = None,
            _ => q.nonce = None,
        }
        let e = p.open(&q, good.body.as_bytes()).unwrap_err();
        assert!(
            matches!(e, PushError::MissingParam(n) if n == strip),
            "{e:?}"
        );
    }
    // Out of the timestamp window.
    let late = ComponentPush::new(config().clock(|| NOW + 3600)).unwrap();
    assert!(matches!(
        open(&late, &good),
        Err(PushError::TimestampOutOfWindow)
    ));

    // Wrong app id in the decrypted tail (a push for another platform).
    let e = open(&p, &hand_sealed(&plain, "wx_other_component", true)).unwrap_err();
    assert!(
        matches!(&e, PushError::KeyMismatch { reason } if matches!(**reason, PushError::AppIdMismatch)),
        "{e:?}"
    );
    // A push sealed by a platform configured with another app id.
    let other_app = ComponentPush::new(
        PushConfig::new(TOKEN, "wx_other_component")
            .encoding_aes_key(EAK)
            .unwrap()
            .clock(|| NOW),
    )
    .unwrap();
    assert!(matches!(
        open(&p, &seal(&other_app, &plain)),
        Err(PushError::KeyMismatch { .. })
    ));

    // Plaintext refused, unknown encrypt_type refused.
    let mut raw = good.clone();
    raw.query.encrypt_type = Some("raw".into());
    assert!(matches!(open(&p, &raw), Err(PushError::PlaintextRefused)));
    raw.query.encrypt_type = Some("des".into());
    assert!(matches!(
        open(&p, &raw),
        Err(PushError::UnsupportedEncryptType)
    ));

    // Oversized body.
    let small = ComponentPush::new(config().max_body_bytes(256)).unwrap();
    let e = open(&small, &good).unwrap_err();
    assert!(matches!(e, PushError::BodyTooLarge { limit: 256 }), "{e:?}");
    assert_eq!(e.status_code(), 413);
    // Too many fields, inside the encryption.
    let many = plain.replace("</xml>", &format!("{}</xml>", "<f/>".repeat(50)));
    let limited = ComponentPush::new(config().max_fields(20)).unwrap();
    assert!(matches!(
        open(&limited, &seal(&limited, &many)),
        Err(PushError::TooManyFields { limit: 20 })
    ));

    // Garbage bodies.
    for body in [
        &b"not xml at all"[..],
        b"<xml><Encrypt>",
        b"\xff\xfe",
        b"",
        b"<xml/>",
    ] {
        let e = p.open(&good.query, body).unwrap_err();
        assert!(
            matches!(
                e,
                PushError::Xml(_) | PushError::NotUtf8 | PushError::MissingField("Encrypt")
            ),
            "{body:?}: {e:?}"
        );
    }
    // Garbage in Encrypt, correctly signed.
    let mut q = good.query.clone();
    q.msg_signature = Some(msg_signature(
        &Token::new(TOKEN),
        &NOW.to_string(),
        "nonce-1",
        "%%%",
    ));
    assert!(matches!(
        p.open(&q, b"<xml><Encrypt>%%%</Encrypt></xml>"),
        Err(PushError::Base64)
    ));
    // Decrypted garbage.
    for plain in ["garbage", "<xml><AppId>a</AppId>", "{\"AppId\":\"a\"}"] {
        let e = open(&p, &seal(&p, plain)).unwrap_err();
        assert!(matches!(e, PushError::Xml(_)), "{plain}: {e:?}");
        assert_eq!(e.status_code(), 400);
    }
}

#[test]
fn missing_or_malformed_fields_are_refused() {
    let ticket = read("component_verify_ticket.xml");
    let authorized = read("authorized.xml");
    let cases: Vec<(String, &str)> = vec![
        (ticket.replace("<AppId>some_appid</AppId>", ""), "AppId"),
        (
            ticket.replace("<CreateTime>1413192605</CreateTime>", ""),
            "CreateTime",
        ),
        (ticket.replace("1413192605", "yesterday"), "CreateTime"),
        (
            ticket.replace("<InfoType>component_verify_ticket</InfoType>", ""),
            "InfoType",
        ),
        (
            ticket.replace(
                "<ComponentVerifyTicket>some_verify_ticket</ComponentVerifyTicket>",
                "",
            ),
            "ComponentVerifyTicket",
        ),
        // An empty ticket must never overwrite a stored one.
        (
            ticket.replace("some_verify_ticket", ""),
            "ComponentVerifyTicket",
        ),
        (
            ticket.replace("some_verify_ticket", "  "),
            "ComponentVerifyTicket",
        ),
        (
            ticket.replace(
                "<ComponentVerifyTicket>some_verify_ticket",
                "<ComponentVerifyTicket><a>1</a>",
            ),
            "ComponentVerifyTicket",
        ),
        (
            authorized.replace("<AuthorizationCode>授权码</AuthorizationCode>", ""),
            "AuthorizationCode",
        ),
        (
            authorized.replace("<AuthorizerAppid>公众号appid</AuthorizerAppid>", ""),
            "AuthorizerAppid",
        ),
        (
            authorized.replace("1413193360", "过期时间"),
            "AuthorizationCodeExpiredTime",
        ),
        (
            read("unauthorized.xml").replace("公众号appid", ""),
            "AuthorizerAppid",
        ),
        // A typed field sent twice is an error, not a guess.
        (
            ticket.replace(
                "</xml>",
                "<ComponentVerifyTicket>second</ComponentVerifyTicket></xml>",
            ),
            "ComponentVerifyTicket",
        ),
    ];
    for (xml, field) in cases {
        let e = parse_component_event(&xml).unwrap_err();
        assert!(
            matches!(e, PushError::MissingField(f) if f == field),
            "{field}: {e:?}\n{xml}"
        );
    }
    // Optional fields may be absent or empty.
    let e = parse_component_event(
        &authorized
            .replace("<PreAuthCode>预授权码</PreAuthCode>", "")
            .replace("1413193360", ""),
    )
    .unwrap();
    let ComponentEventKind::Authorized(a) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(a.pre_auth_code, None);
    assert_eq!(a.authorization_code_expired_time, None);
    // The page's text as printed (`<xml>` closing it) is malformed XML: a typed error.
    let printed = read("page_authorized_as_printed.txt");
    assert!(matches!(
        parse_component_event(&printed),
        Err(PushError::Xml(_))
    ));
    assert!(matches!(
        parse_component_event_limited(&ticket, 3),
        Err(PushError::TooManyFields { limit: 3 })
    ));
}

/// Secrets never show in Debug output or error text.
#[test]
fn secrets_are_redacted() {
    const TICKET: &str = "ticket@@@SECRET-TICKET-VALUE";
    const CODE: &str = "queryauthcode@@@SECRET-CODE";
    const PRE: &str = "preauthcode@@@SECRET-PRE";
    let p = ComponentPush::new(config().previous_encoding_aes_key(OLD_EAK).unwrap()).unwrap();
    let ticket = read("component_verify_ticket.xml").replace("some_verify_ticket", TICKET);
    let auth = read("authorized.xml")
        .replace("预授权码", PRE)
        .replace("授权码", CODE);
    let mut texts = vec![format!("{p:?}"), format!("{:?}", p.config())];
    for plain in [&ticket, &auth] {
        let inc = open(&p, &seal(&p, plain)).unwrap();
        texts.push(format!("{inc:?}"));
        texts.push(format!("{inc:#?}"));
        texts.push(format!("{:?}", inc.event.kind));
        texts.push(inc.event.dedup_key());
    }
    // Errors of pushes that carry them.
    let errors = [
        p.open(&PushQuery::default(), ticket.as_bytes())
            .unwrap_err(),
        parse_component_event(&ticket.replace(
            "</xml>",
            "<ComponentVerifyTicket>x</ComponentVerifyTicket></xml>",
        ))
        .unwrap_err(),
        parse_component_event(&auth.replace("1413193360", CODE)).unwrap_err(),
    ];
    for e in &errors {
        texts.push(format!("{e}"));
        texts.push(format!("{e:?}"));
    }
    for t in &texts {
        for secret in [TICKET, CODE, PRE, TOKEN, EAK, OLD_EAK, "SECRET"] {
            assert!(!t.contains(secret), "{secret} in {t}");
        }
    }
    assert!(texts[2].contains("redacted"), "{}", texts[2]);
    assert!(
        texts[0].contains(COMPONENT),
        "the app id stays visible: {}",
        texts[0]
    );
    // The value itself is reachable, and serializes for forwarding.
    let inc = open(&p, &seal(&p, &ticket)).unwrap();
    assert_eq!(inc.event.verify_ticket().unwrap().expose(), TICKET);
    assert!(serde_json::to_string(&inc.event).unwrap().contains(TICKET));
}

#[test]
fn config_without_key_is_refused() {
    let e = ComponentPush::new(PushConfig::new(TOKEN, COMPONENT)).unwrap_err();
    assert!(matches!(e, PushError::NoAesKey), "{e:?}");
}

#[test]
fn dedup_keys() {
    let p = push();
    let plain = read("component_verify_ticket.xml");
    let a = open(&p, &seal(&p, &plain)).unwrap().event;
    // A retry (same plaintext, new random prefix and nonce) shares the key.
    let again = p
        .seal(&plain, NOW, "other-nonce", b"fedcba9876543210")
        .unwrap();
    assert_eq!(open(&p, &again).unwrap().event.dedup_key(), a.dedup_key());
    // Two tickets in the same second do not.
    let b = parse_component_event(&plain.replace("some_verify_ticket", "another")).unwrap();
    assert_ne!(a.dedup_key(), b.dedup_key());
    assert!(a
        .dedup_key()
        .starts_with("component:some_appid:component_verify_ticket:1413192605:"));
    assert!(!a.dedup_key().contains("some_verify_ticket"));
    let u = parse_component_event(&read("unauthorized.xml")).unwrap();
    assert!(u.dedup_key().contains(":公众号appid:"), "{}", u.dedup_key());
    // Two unknown pushes of one second differ by their content.
    let f = read("unknown_notify_third_fasteregister.xml");
    let g = f.replace("wx_new_mini_program", "wx_second_program");
    assert_ne!(
        parse_component_event(&f).unwrap().dedup_key(),
        parse_component_event(&g).unwrap().dedup_key()
    );
    // Bounded.
    let long = parse_component_event(&plain.replace("some_appid", &"a".repeat(10_000))).unwrap();
    assert!(long.dedup_key().len() <= wx_api::push::MAX_KEY_BYTES);
}

// ---- axum ----

type Seen = Arc<Mutex<Vec<ComponentEvent>>>;

fn endpoint(seen: Seen, fail_first: usize) -> ComponentEndpoint {
    let calls = Arc::new(AtomicUsize::new(0));
    ComponentEndpoint::new(push(), move |inc: ComponentIncoming| {
        let seen = seen.clone();
        let n = calls.fetch_add(1, Ordering::SeqCst);
        async move {
            if n < fail_first {
                return Err(std::io::Error::other("store down"));
            }
            seen.lock().unwrap().push(inc.event);
            Ok(())
        }
    })
    .error_hold(Duration::ZERO)
}

fn post(sealed: &SealedPush) -> Request<Body> {
    Request::post(format!("/component?{}", sealed.query_string()))
        .body(Body::from(sealed.body.clone()))
        .unwrap()
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn endpoint_answers_success_after_the_handler_and_dedups() {
    let seen: Seen = Arc::default();
    let app: Router = endpoint(seen.clone(), 0).router_at("/component");
    let p = push();
    let sealed = seal(&p, &read("component_verify_ticket.xml"));
    assert_eq!(
        send(&app, post(&sealed)).await,
        (StatusCode::OK, SUCCESS.to_owned())
    );
    // WeChat's retry: acknowledged, handler not called again.
    let retry = p
        .seal(
            &read("component_verify_ticket.xml"),
            NOW,
            "n2",
            b"fedcba9876543210",
        )
        .unwrap();
    assert_eq!(
        send(&app, post(&retry)).await,
        (StatusCode::OK, SUCCESS.to_owned())
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].verify_ticket().unwrap().expose(),
        "some_verify_ticket"
    );
}

#[tokio::test]
async fn endpoint_failing_handler_gets_the_retry() {
    let seen: Seen = Arc::default();
    let app: Router = endpoint(seen.clone(), 1).router_at("/component");
    let sealed = seal(&push(), &read("authorized.xml"));
    let (status, body) = send(&app, post(&sealed)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        !body.contains("store down"),
        "the handler's error is logged, not sent"
    );
    // Released from the dedup store: the retry is handled.
    assert_eq!(
        send(&app, post(&sealed)).await,
        (StatusCode::OK, SUCCESS.to_owned())
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn endpoint_refuses_bad_pushes() {
    let seen: Seen = Arc::default();
    let app: Router = endpoint(seen.clone(), 0).router_at("/component");
    let mut bad = seal(&push(), &read("unauthorized.xml"));
    bad.query.msg_signature = Some("0".repeat(40));
    assert_eq!(send(&app, post(&bad)).await.0, StatusCode::UNAUTHORIZED);
    let big = Request::post("/component?timestamp=1&nonce=2")
        .body(Body::from(vec![b'a'; 2 * 1024 * 1024]))
        .unwrap();
    assert_eq!(send(&app, big).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let get = Request::get("/component").body(Body::empty()).unwrap();
    assert_eq!(send(&app, get).await.0, StatusCode::METHOD_NOT_ALLOWED);
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn endpoint_slow_handler_is_not_acknowledged() {
    let app: Router = ComponentEndpoint::new(push(), |_inc: ComponentIncoming| async {
        tokio::time::sleep(Duration::from_secs(60)).await;
        Ok::<(), std::io::Error>(())
    })
    .router_at("/component");
    let sealed = seal(&push(), &read("component_verify_ticket.xml"));
    let (status, body) = send(&app, post(&sealed)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_ne!(body, SUCCESS);
}

/// What the credential store of the next part looks like: a type implementing
/// `ComponentHandler` (beside the closures' blanket implementation), shared with the
/// endpoint through `with_handler`, keeping the latest ticket.
#[derive(Default)]
struct TicketStore {
    latest: Mutex<Option<Credential>>,
}

impl wx_api::push::ComponentHandler for TicketStore {
    fn on_event(&self, incoming: ComponentIncoming) -> wx_api::push::component::ComponentFuture {
        if let Some(t) = incoming.event.verify_ticket() {
            *self.latest.lock().unwrap() = Some(t.clone());
        }
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn a_store_type_is_a_handler() {
    let store = Arc::new(TicketStore::default());
    let app: Router = ComponentEndpoint::with_handler(push(), store.clone()).router();
    let p = push();
    for (i, ticket) in ["first", "second"].into_iter().enumerate() {
        let plain = read("component_verify_ticket.xml")
            .replace("some_verify_ticket", ticket)
            .replace("1413192605", &(1_413_192_605 + 600 * i).to_string());
        let req = Request::post(format!("/?{}", seal(&p, &plain).query_string()))
            .body(Body::from(seal(&p, &plain).body))
            .unwrap();
        assert_eq!(send(&app, req).await, (StatusCode::OK, SUCCESS.to_owned()));
    }
    let latest = store.latest.lock().unwrap().clone();
    assert_eq!(latest.as_ref().map(Credential::expose), Some("second"));
}

proptest::proptest! {
    /// Any non-blank ticket (any printable text, CDATA-escaped as WeChat's XML would carry
    /// it) survives seal → open unchanged.
    #[test]
    fn any_ticket_round_trips(ticket in "\\PC{1,80}", ts in 0i64..4_000_000_000) {
        proptest::prop_assume!(!ticket.trim().is_empty());
        let mut plain = String::from("<xml>");
        wx_api::push::xml::push_cdata(&mut plain, "AppId", COMPONENT);
        plain.push_str(&format!("<CreateTime>{ts}</CreateTime>"));
        wx_api::push::xml::push_cdata(&mut plain, "InfoType", "component_verify_ticket");
        wx_api::push::xml::push_cdata(&mut plain, "ComponentVerifyTicket", &ticket);
        plain.push_str("</xml>");
        let p = push();
        let event = open(&p, &seal(&p, &plain)).unwrap().event;
        proptest::prop_assert_eq!(event.create_time, ts);
        proptest::prop_assert_eq!(event.verify_ticket().map(Credential::expose), Some(ticket.as_str()));
        proptest::prop_assert!(event.extra.is_empty());
    }
}
