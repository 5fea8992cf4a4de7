//! Push safe defaults (issue 11): plaintext refused when a key is configured, the timestamp
//! window on by default, a cap on fields, bounded dedup keys, and a wrong EncodingAESKey
//! named as such.

use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature};
use wx_api::push::*;

const TOKEN: &str = "pr0d-t0ken";
const EAK: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const OTHER_EAK: &str = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
const APPID: &str = "wxb11529c136998cb6";
const TS: &str = "1700000000";
const NONCE: &str = "777";
const TEXT: &str = "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[o_u]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId></xml>";

fn at_ts() -> i64 {
    1_700_000_000
}

fn now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string()
}

fn plain_query(ts: &str) -> PushQuery {
    PushQuery {
        signature: Some(signature(&Token::new(TOKEN), ts, NONCE)),
        timestamp: Some(ts.into()),
        nonce: Some(NONCE.into()),
        ..Default::default()
    }
}

/// A correctly signed safe-mode push of `plain`, encrypted with `eak` for `app_id`.
fn safe_push(plain: &str, eak: &str, app_id: &str, ts: &str) -> (PushQuery, String) {
    let key = AesKey::from_encoding_aes_key(eak).unwrap();
    let enc = crypto::encrypt(&key, plain.as_bytes(), app_id).unwrap();
    let q = PushQuery {
        msg_signature: Some(msg_signature(&Token::new(TOKEN), ts, NONCE, &enc)),
        timestamp: Some(ts.into()),
        nonce: Some(NONCE.into()),
        encrypt_type: Some("aes".into()),
        ..Default::default()
    };
    let body = format!(
        "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"
    );
    (q, body)
}

fn keyed() -> PushConfig {
    PushConfig::new(TOKEN, APPID)
        .encoding_aes_key(EAK)
        .unwrap()
        .clock(at_ts)
}

#[test]
fn plaintext_push_to_a_keyed_server_is_refused() {
    let s = PushServer::new(keyed());
    let e = s.open(&plain_query(TS), TEXT.as_bytes()).unwrap_err();
    assert!(matches!(e, PushError::PlaintextRefused), "{e:?}");
    assert_eq!(e.status_code(), 403);
    assert!(e.is_misconfiguration());
    let text = e.to_string();
    assert!(text.contains("encrypted"), "{text}");
    assert!(text.contains("allow_plaintext"), "{text}");
    assert!(!text.contains(TOKEN) && !text.contains(EAK), "{text}");
    // `encrypt_type=raw` is plaintext too.
    let raw = PushQuery {
        encrypt_type: Some("raw".into()),
        ..plain_query(TS)
    };
    assert!(matches!(
        s.open(&raw, TEXT.as_bytes()),
        Err(PushError::PlaintextRefused)
    ));
    // A forged body without the right signature is still a signature mismatch first.
    let forged = PushQuery {
        signature: Some("0".repeat(40)),
        ..plain_query(TS)
    };
    assert!(matches!(
        s.open(&forged, TEXT.as_bytes()),
        Err(PushError::SignatureMismatch)
    ));
    // Encrypted pushes are unaffected.
    let (q, body) = safe_push(TEXT, EAK, APPID, TS);
    assert_eq!(s.open(&q, body.as_bytes()).unwrap().mode, Mode::Safe);
}

#[test]
fn plaintext_is_accepted_with_the_migration_opt_in_or_without_a_key() {
    let s = PushServer::new(keyed().allow_plaintext());
    let inc = s.open(&plain_query(TS), TEXT.as_bytes()).unwrap();
    assert_eq!(inc.mode, Mode::Plaintext);
    assert!(!inc.is_encrypted());
    let plain_only = PushServer::new(PushConfig::new(TOKEN, APPID).clock(at_ts));
    assert!(plain_only.open(&plain_query(TS), TEXT.as_bytes()).is_ok());
}

#[test]
fn stale_timestamps_are_refused_by_default() {
    assert_eq!(
        PushConfig::DEFAULT_TIMESTAMP_WINDOW,
        Duration::from_secs(300)
    );
    // The system clock, no window configured: a 2023 signature is too old.
    let s = PushServer::new(PushConfig::new(TOKEN, APPID).encoding_aes_key(EAK).unwrap());
    let (q, body) = safe_push(TEXT, EAK, APPID, TS);
    assert!(matches!(
        s.open(&q, body.as_bytes()),
        Err(PushError::TimestampOutOfWindow)
    ));
    let plain = PushServer::new(PushConfig::new(TOKEN, APPID));
    assert!(matches!(
        plain.open(&plain_query(TS), TEXT.as_bytes()),
        Err(PushError::TimestampOutOfWindow)
    ));
    let verify = PushQuery {
        echostr: Some("e".into()),
        ..plain_query(TS)
    };
    assert!(matches!(
        plain.verify_url(&verify),
        Err(PushError::TimestampOutOfWindow)
    ));
    // A push signed now passes.
    let ts = now();
    let (q, body) = safe_push(TEXT, EAK, APPID, &ts);
    assert!(s.open(&q, body.as_bytes()).is_ok());
    assert!(plain.open(&plain_query(&ts), TEXT.as_bytes()).is_ok());
    // The explicit opt-out accepts any age.
    let anytime = PushServer::new(PushConfig::new(TOKEN, APPID).without_timestamp_window());
    assert!(anytime.open(&plain_query(TS), TEXT.as_bytes()).is_ok());
}

#[test]
fn a_wrong_encoding_aes_key_is_named_in_the_error() {
    // The console's key is OTHER_EAK; this server was configured with EAK.
    let s = PushServer::new(keyed());
    let (q, body) = safe_push(TEXT, OTHER_EAK, APPID, TS);
    let e = s.open(&q, body.as_bytes()).unwrap_err();
    let PushError::KeyMismatch { reason } = &e else {
        panic!("{e:?}");
    };
    // Almost always the padding; otherwise the length field or the app id.
    assert!(
        matches!(
            **reason,
            PushError::Padding | PushError::LengthOverflow | PushError::AppIdMismatch
        ),
        "{reason:?}"
    );
    assert!(matches!(
        e.reason(),
        PushError::Padding | PushError::LengthOverflow | PushError::AppIdMismatch
    ));
    let text = e.to_string();
    assert!(text.contains("EncodingAESKey"), "{text}");
    assert!(text.contains("msg_signature matched"), "{text}");
    assert!(!text.contains(EAK) && !text.contains(OTHER_EAK), "{text}");
    assert!(e.is_misconfiguration());
    assert_eq!(e.status_code(), 500);
    assert!(std::error::Error::source(&e).is_some());

    // The right key but another account's app id: also named.
    let (q, body) = safe_push(TEXT, EAK, "wx0000000000000000", TS);
    let e = s.open(&q, body.as_bytes()).unwrap_err();
    assert!(matches!(e.reason(), PushError::AppIdMismatch), "{e:?}");
    assert!(e.to_string().contains("app id"), "{e}");

    // A bad signature is not a key problem.
    let (mut q, body) = safe_push(TEXT, OTHER_EAK, APPID, TS);
    q.msg_signature = Some("0".repeat(40));
    let e = s.open(&q, body.as_bytes()).unwrap_err();
    assert!(matches!(e, PushError::SignatureMismatch));
    assert!(!e.is_misconfiguration());
}

/// A text message with `n` distinct empty sibling elements: ~8 bytes each, 80,000 of
/// them well under the 1 MiB body limit.
fn many_fields(n: usize) -> String {
    let mut extra = String::with_capacity(n * 9);
    for i in 0..n {
        extra.push_str(&format!("<f{i}/>"));
    }
    TEXT.replace("</xml>", &format!("{extra}</xml>"))
}

#[test]
fn eighty_thousand_fields_are_refused_by_the_cap() {
    let body = many_fields(80_000);
    assert!(body.len() < DEFAULT_MAX_BODY);
    let s = PushServer::new(PushConfig::new(TOKEN, APPID).clock(at_ts));
    let e = s.open(&plain_query(TS), body.as_bytes()).unwrap_err();
    assert!(
        matches!(
            e,
            PushError::TooManyFields {
                limit: DEFAULT_MAX_FIELDS
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.status_code(), 413);
    assert!(e.to_string().contains("10000"), "{e}");
    // Encrypted: the decrypted message is capped the same way.
    let s = PushServer::new(keyed());
    let (q, env) = safe_push(&body, EAK, APPID, TS);
    assert!(matches!(
        s.open(&q, env.as_bytes()),
        Err(PushError::TooManyFields { .. })
    ));
    // JSON values count too.
    let mut json = String::from(
        r#"{"ToUserName":"gh","FromUserName":"o","CreateTime":1,"MsgType":"text","Content":"hi""#,
    );
    for i in 0..20_000 {
        json.push_str(&format!(r#","f{i}":0"#));
    }
    json.push('}');
    assert!(matches!(
        parse_message(&json, PayloadFormat::Json),
        Err(PushError::TooManyFields { limit: 10_000 })
    ));
    // A configured cap applies, and real pushes are far below the default.
    let tight = PushServer::new(PushConfig::new(TOKEN, APPID).clock(at_ts).max_fields(7));
    assert!(tight.open(&plain_query(TS), TEXT.as_bytes()).is_ok());
    let tight = PushServer::new(PushConfig::new(TOKEN, APPID).clock(at_ts).max_fields(6));
    assert!(matches!(
        tight.open(&plain_query(TS), TEXT.as_bytes()),
        Err(PushError::TooManyFields { limit: 6 })
    ));
}

#[test]
fn with_the_cap_raised_many_fields_are_typed_into_extra() {
    let body = many_fields(80_000);
    let s = PushServer::new(
        PushConfig::new(TOKEN, APPID)
            .clock(at_ts)
            .max_fields(usize::MAX),
    );
    let inc = s.open(&plain_query(TS), body.as_bytes()).unwrap();
    assert_eq!(inc.message.extra.len(), 80_000);
}

#[test]
fn dedup_keys_are_bounded() {
    let with_id = |id: &str| {
        let xml = TEXT.replace("<MsgId>1</MsgId>", &format!("<MsgId>{id}</MsgId>"));
        parse_message(&xml, PayloadFormat::Xml).unwrap()
    };
    assert_eq!(with_id("42").dedup_key(), "gh_x:id:42");
    let a = with_id(&"9".repeat(1 << 20)).dedup_key();
    let b = with_id(&format!("{}8", "9".repeat(1 << 20))).dedup_key();
    assert!(a.len() <= MAX_KEY_BYTES && b.len() <= MAX_KEY_BYTES);
    assert!(a.starts_with("sha1:"), "{a}");
    assert_ne!(a, b);
    assert_eq!(a, with_id(&"9".repeat(1 << 20)).dedup_key());
    assert_eq!(bounded_key("short"), "short");
}
