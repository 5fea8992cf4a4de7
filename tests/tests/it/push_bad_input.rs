//! Every kind of bad input maps to its own typed error, never a panic or a partial parse.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use std::time::Duration;
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature};
use wx_api::push::*;

const TOKEN: &str = "s3cr3t-t0ken";
const EAK: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wxb11529c136998cb6";
const TS: &str = "1700000000";
const NONCE: &str = "12345";

/// A config whose clock agrees with `TS` (the timestamp window is on by default).
fn cfg() -> PushConfig {
    PushConfig::new(TOKEN, APPID).clock(|| 1_700_000_000)
}

/// A keyed server; the bad-input tests send both plaintext and encrypted bodies to it,
/// so plaintext is opted in (push_production.rs tests the refusal without it).
fn server() -> PushServer {
    PushServer::new(cfg().encoding_aes_key(EAK).unwrap().allow_plaintext())
}

fn key() -> AesKey {
    AesKey::from_encoding_aes_key(EAK).unwrap()
}

fn plain_query() -> PushQuery {
    PushQuery {
        signature: Some(signature(&Token::new(TOKEN), TS, NONCE)),
        timestamp: Some(TS.into()),
        nonce: Some(NONCE.into()),
        ..Default::default()
    }
}

/// A correctly signed safe-mode request around an arbitrary `Encrypt` value.
fn open_encrypt(encrypt: &str) -> Result<Incoming> {
    let q = PushQuery {
        msg_signature: Some(msg_signature(&Token::new(TOKEN), TS, NONCE, encrypt)),
        timestamp: Some(TS.into()),
        nonce: Some(NONCE.into()),
        encrypt_type: Some("aes".into()),
        ..Default::default()
    };
    let body = format!("<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>");
    server().open(&q, body.as_bytes())
}

/// After `msg_signature` matched, a decryption failure is reported as a key mismatch
/// whose reason is the failed check.
fn key_mismatch(r: &Result<Incoming>, reason: impl Fn(&PushError) -> bool) -> bool {
    match r {
        Err(e @ PushError::KeyMismatch { reason: inner }) => {
            e.is_misconfiguration() && e.to_string().contains("EncodingAESKey") && reason(inner)
        }
        _ => false,
    }
}

/// Ciphertext of `msg`, cut to its first 32 bytes: the last decrypted byte is then
/// `msg[11]`, which lets a test choose the "pad byte".
fn truncated(msg: &[u8]) -> String {
    let full = crypto::encrypt_with_random(&key(), &[7; 16], msg, APPID).unwrap();
    let bytes = STANDARD.decode(full).unwrap();
    STANDARD.encode(&bytes[..32])
}

fn msg_with_byte11(b: u8, prev: u8, len: usize) -> Vec<u8> {
    let mut m = vec![b'A'; len];
    m[10] = prev;
    m[11] = b;
    m
}

const TEXT: &str = "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[o_u]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId></xml>";

#[test]
fn valid_baseline_opens() {
    assert!(server().open(&plain_query(), TEXT.as_bytes()).is_ok());
    let enc = crypto::encrypt(&key(), TEXT.as_bytes(), APPID).unwrap();
    assert!(open_encrypt(&enc).is_ok());
}

#[test]
fn malformed_xml() {
    for bad in [
        "<xml><ToUserName>a</xml>",
        "<xml><ToUserName>a</ToUserName>",
        "not xml at all",
        "",
        "<xml></xml><xml></xml>",
        "<xml><a></b></xml>",
    ] {
        let r = server().open(&plain_query(), bad.as_bytes());
        assert!(matches!(r, Err(PushError::Xml(_))), "{bad:?}: {r:?}");
    }
}

#[test]
fn xml_doctype_and_entities() {
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><ToUserName>&b;</ToUserName></xml>"#;
    assert!(matches!(
        server().open(&plain_query(), bomb.as_bytes()),
        Err(PushError::XmlDoctype)
    ));
    let ext = "<xml><ToUserName>&xxe;</ToUserName></xml>";
    assert!(matches!(
        server().open(&plain_query(), ext.as_bytes()),
        Err(PushError::XmlEntity)
    ));
    // The five predefined entities and char references are fine.
    let ok = TEXT.replace("<![CDATA[hi]]>", "a&lt;b&amp;c&#x4e2d;&#25991;");
    let inc = server().open(&plain_query(), ok.as_bytes()).unwrap();
    assert!(matches!(&inc.message.body, Body::Text(t) if t.content == "a<b&c中文"));
}

fn xml_error(doc: &str) -> PushError {
    match wx_api::push::xml::parse_xml(doc) {
        Ok(f) => panic!("{doc:?} was accepted: {f:?}"),
        Err(e) => e,
    }
}

fn assert_xml_error(doc: &str, want: &str) {
    match xml_error(doc) {
        PushError::Xml(m) => assert_eq!(m, want, "{doc:?}"),
        e => panic!("{doc:?}: {e:?}"),
    }
}

#[test]
fn xml_mixed_content_is_an_error() {
    for doc in [
        "<xml>junk<ToUserName>a</ToUserName></xml>",
        "<xml><ToUserName>a</ToUserName>junk</xml>",
        "<xml><a>1<b/></a></xml>",
        "<xml><![CDATA[x]]><a/></xml>",
        "<xml><a/>\u{3000}</xml>",
    ] {
        assert_xml_error(doc, "text mixed with child elements");
    }
    // Layout whitespace is not content.
    let f = wx_api::push::xml::parse_xml("<xml>\n\t<a>x</a>\r\n  <b/> </xml>").unwrap();
    assert_eq!(f["a"].as_text(), Some("x"));
    // Through open(): the whole push is refused, not parsed without the junk.
    let junk = TEXT.replacen("<ToUserName>", "junk<ToUserName>", 1);
    assert!(matches!(
        server().open(&plain_query(), junk.as_bytes()),
        Err(PushError::Xml(_))
    ));
}

#[test]
fn xml_malformed_attributes() {
    for (doc, want) in [
        ("<xml foo></xml>", "attribute without a value"),
        ("<xml><a x=y>1</a></xml>", "unquoted attribute value"),
        ("<xml x=\"1\"y=\"2\"></xml>", "malformed attribute"),
        ("<xml x=\"1\" x='2'></xml>", "duplicate attribute"),
        ("<xml x=\"a<b\"></xml>", "`<` in an attribute value"),
        ("<xml x=\"1></xml>", "unterminated attribute value"),
        ("<xml x=></xml>", "unquoted attribute value"),
        ("<xml =\"1\"></xml>", "malformed attribute"),
        ("<xml x=\"1\"=\"2\"></xml>", "malformed attribute"),
        ("<xml/ >", "stray `/` in a tag"),
    ] {
        assert_xml_error(doc, want);
    }
    let many: String = (0..17).map(|i| format!(" a{i}=\"\"")).collect();
    assert_xml_error(&format!("<xml{many}/>"), "too many attributes");
    assert!(matches!(
        xml_error("<xml x=\"&bogus;\"></xml>"),
        PushError::XmlEntity
    ));
    // Well-formed attributes are tolerated and ignored.
    let f = wx_api::push::xml::parse_xml(
        "<xml id=\"1\" a='x &amp; \"y\"'><b\n  c = \"&#x4e2d;\"/><d e=\">\">t</d></xml>",
    )
    .unwrap();
    assert_eq!(f["b"].as_text(), Some(""));
    assert_eq!(f["d"].as_text(), Some("t"));
}

#[test]
fn xml_char_references_must_be_xml_chars() {
    for bad in [
        "&#+65;",
        "&#x+41;",
        "&#-1;",
        "&#;",
        "&#x;",
        "&#X41;",
        "&#0;",
        "&#1;",
        "&#x1F;",
        "&#xB;",
        "&#xD800;",
        "&#xFFFE;",
        "&#xFFFF;",
        "&#x110000;",
        "&#99999999999;",
    ] {
        let doc = format!("<xml><a>{bad}</a></xml>");
        assert!(matches!(xml_error(&doc), PushError::XmlEntity), "{bad}");
    }
    let f = wx_api::push::xml::parse_xml(
        "<xml><a>&#9;&#xA;&#13;&#32;&#x41;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;</a></xml>",
    )
    .unwrap();
    assert_eq!(
        f["a"].as_text(),
        Some("\t\n\r A\u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}")
    );
}

#[test]
fn xml_comments_must_not_contain_double_dash() {
    for doc in [
        "<xml><!-- a -- b --><a>1</a></xml>",
        "<xml><a>1</a><!-- a ---></xml>",
        "<!----><!-- x --- y --><xml/>",
    ] {
        assert_xml_error(doc, "`--` inside a comment");
    }
    assert_xml_error("<xml><!-- a -></xml>", "unterminated comment");
    let f = wx_api::push::xml::parse_xml("<!----><xml><!-- a - b --><a>1</a></xml>").unwrap();
    assert_eq!(f["a"].as_text(), Some("1"));
}

#[test]
fn xml_raw_cdata_end_in_text_is_an_error() {
    assert_xml_error("<xml><a>x]]>y</a></xml>", "`]]>` in text");
    assert_xml_error("<xml><a>]]></a></xml>", "`]]>` in text");
    // Escaped, or not quite the sequence, it is ordinary text.
    let f = wx_api::push::xml::parse_xml("<xml><a>x]]&gt;y</a><b>]] > ]></b></xml>").unwrap();
    assert_eq!(f["a"].as_text(), Some("x]]>y"));
    assert_eq!(f["b"].as_text(), Some("]] > ]>"));
}

#[test]
fn xml_too_deep() {
    let deep = format!("<xml>{}{}</xml>", "<a>".repeat(100), "</a>".repeat(100));
    assert!(matches!(
        server().open(&plain_query(), deep.as_bytes()),
        Err(PushError::XmlTooDeep)
    ));
}

#[test]
fn malformed_json() {
    let s = PushServer::new(cfg().format(PayloadFormat::Json));
    for bad in ["{", "[1,2]", "\"x\"", "{\"a\":}"] {
        assert!(matches!(
            s.open(&plain_query(), bad.as_bytes()),
            Err(PushError::Json(_))
        ));
    }
}

#[test]
fn missing_required_field() {
    let r = server().open(&plain_query(), b"<xml><ToUserName>a</ToUserName></xml>");
    assert!(matches!(r, Err(PushError::MissingField("FromUserName"))));
    let no_content = TEXT.replace("<Content><![CDATA[hi]]></Content>", "");
    let r = server().open(&plain_query(), no_content.as_bytes());
    assert!(matches!(r, Err(PushError::MissingField("Content"))));
    let bad_time = TEXT.replace("1700000000</CreateTime>", "soon</CreateTime>");
    let r = server().open(&plain_query(), bad_time.as_bytes());
    assert!(matches!(r, Err(PushError::MissingField("CreateTime"))));
}

#[test]
fn invalid_base64() {
    assert!(matches!(
        open_encrypt("!!!not*base64!!!"),
        Err(PushError::Base64)
    ));
    assert!(matches!(open_encrypt("QUJD=QUJD"), Err(PushError::Base64)));
}

#[test]
fn ciphertext_length() {
    // Not a multiple of 16.
    let r = open_encrypt(&STANDARD.encode([0u8; 40]));
    assert!(matches!(r, Err(PushError::CiphertextLength(40))));
    // Shorter than 32.
    let r = open_encrypt(&STANDARD.encode([0u8; 16]));
    assert!(matches!(r, Err(PushError::CiphertextLength(16))));
    let r = open_encrypt("");
    assert!(matches!(r, Err(PushError::CiphertextLength(0))));
}

#[test]
fn wrong_padding() {
    // pad byte 0
    let r = open_encrypt(&truncated(&msg_with_byte11(0, b'A', 40)));
    assert!(
        key_mismatch(&r, |e| matches!(e, PushError::Padding)),
        "{r:?}"
    );
    // pad byte > 32
    let r = open_encrypt(&truncated(&msg_with_byte11(33, b'A', 40)));
    assert!(
        key_mismatch(&r, |e| matches!(e, PushError::Padding)),
        "{r:?}"
    );
    // pad 2 but the byte before is not 2
    let r = open_encrypt(&truncated(&msg_with_byte11(2, b'A', 40)));
    assert!(
        key_mismatch(&r, |e| matches!(e, PushError::Padding)),
        "{r:?}"
    );
    // A2-style: flip bits in the second-to-last block. CBC XORs them into the last
    // plaintext byte, turning any valid pad p (1..=32) into p ^ 0x5a >= 0x3a: never valid.
    let full = crypto::encrypt(&key(), TEXT.as_bytes(), APPID).unwrap();
    let mut bytes = STANDARD.decode(full).unwrap();
    let n = bytes.len();
    bytes[n - 17] ^= 0x5a;
    let r = open_encrypt(&STANDARD.encode(&bytes));
    assert!(
        key_mismatch(&r, |e| matches!(e, PushError::Padding)),
        "{r:?}"
    );
}

#[test]
fn length_field_larger_than_buffer() {
    // pad 1 is valid, but the length field says 100 while only 11 bytes follow.
    let r = open_encrypt(&truncated(&msg_with_byte11(1, b'A', 100)));
    assert!(
        key_mismatch(&r, |e| matches!(e, PushError::LengthOverflow)),
        "{r:?}"
    );
    // Valid padding that leaves fewer than 20 bytes (no room for the length field): a
    // 13-byte message of 13s, cut to 32 bytes, decrypts to random(16) ‖ 00 00 00 0d ‖
    // 0d x 12, i.e. pad 13 over bytes 19..32, leaving 19.
    let r = open_encrypt(&truncated(&[13; 13]));
    assert!(
        key_mismatch(&r, |e| matches!(e, PushError::LengthOverflow)),
        "{r:?}"
    );
    let d = crypto::decrypt_raw(&key(), &truncated(&[13; 13]));
    assert!(matches!(d, Err(PushError::LengthOverflow)), "{d:?}");
}

#[test]
fn wrong_app_id() {
    let enc = crypto::encrypt(&key(), TEXT.as_bytes(), "wxb11529c136998cb7").unwrap();
    let r = open_encrypt(&enc);
    assert!(
        key_mismatch(&r, |e| matches!(e, PushError::AppIdMismatch)),
        "{r:?}"
    );
}

#[test]
fn bad_signature() {
    let mut q = plain_query();
    q.signature = Some("0".repeat(40));
    assert!(matches!(
        server().open(&q, TEXT.as_bytes()),
        Err(PushError::SignatureMismatch)
    ));
    q.signature = Some("short".into());
    assert!(matches!(
        server().open(&q, TEXT.as_bytes()),
        Err(PushError::SignatureMismatch)
    ));
    // Encrypted pushes must be checked with msg_signature, not signature.
    let enc = crypto::encrypt(&key(), TEXT.as_bytes(), APPID).unwrap();
    let q = PushQuery {
        signature: Some(signature(&Token::new(TOKEN), TS, NONCE)),
        msg_signature: Some(signature(&Token::new(TOKEN), TS, NONCE)),
        timestamp: Some(TS.into()),
        nonce: Some(NONCE.into()),
        encrypt_type: Some("aes".into()),
        ..Default::default()
    };
    let body = format!("<xml><Encrypt><![CDATA[{enc}]]></Encrypt></xml>");
    assert!(matches!(
        server().open(&q, body.as_bytes()),
        Err(PushError::SignatureMismatch)
    ));
}

#[test]
fn bad_encoding_aes_key() {
    let k42 = &EAK[..42];
    let k44 = format!("{EAK}A");
    assert!(matches!(
        AesKey::from_encoding_aes_key(k42),
        Err(PushError::AesKeyLength(42))
    ));
    assert!(matches!(
        AesKey::from_encoding_aes_key(&k44),
        Err(PushError::AesKeyLength(44))
    ));
    let dash = format!("-{}", &EAK[1..]);
    let under = format!("{}_", &EAK[..42]);
    assert!(matches!(
        AesKey::from_encoding_aes_key(&dash),
        Err(PushError::AesKeyAlphabet)
    ));
    assert!(matches!(
        AesKey::from_encoding_aes_key(&under),
        Err(PushError::AesKeyAlphabet)
    ));
    assert!(matches!(
        PushConfig::new(TOKEN, APPID).encoding_aes_key(k42),
        Err(PushError::AesKeyLength(42))
    ));
    // Non-canonical trailing bits are accepted (real keys have them).
    assert!(AesKey::from_encoding_aes_key("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C").is_ok());
}

#[test]
fn oversized_body() {
    let s = PushServer::new(cfg().max_body_bytes(64));
    let r = s.open(&plain_query(), TEXT.as_bytes());
    assert!(matches!(r, Err(PushError::BodyTooLarge { limit: 64 })));
    let big = vec![b' '; DEFAULT_MAX_BODY + 1];
    assert!(matches!(
        server().open(&plain_query(), &big),
        Err(PushError::BodyTooLarge { .. })
    ));
}

#[test]
fn non_utf8() {
    assert!(matches!(
        server().open(&plain_query(), b"<xml>\xff\xfe</xml>"),
        Err(PushError::NotUtf8)
    ));
    let enc = crypto::encrypt(&key(), b"<xml>\xff\xfe</xml>", APPID).unwrap();
    // The right key and app id: not a key mismatch.
    assert!(matches!(open_encrypt(&enc), Err(PushError::NotUtf8)));
}

#[test]
fn query_problems() {
    let mut q = plain_query();
    q.nonce = None;
    assert!(matches!(
        server().open(&q, TEXT.as_bytes()),
        Err(PushError::MissingParam("nonce"))
    ));
    let mut q = plain_query();
    q.encrypt_type = Some("rot13".into());
    assert!(matches!(
        server().open(&q, TEXT.as_bytes()),
        Err(PushError::UnsupportedEncryptType)
    ));
    let q = PushQuery {
        timestamp: Some(TS.into()),
        nonce: Some(NONCE.into()),
        encrypt_type: Some("aes".into()),
        ..Default::default()
    };
    assert!(matches!(
        server().open(&q, TEXT.as_bytes()),
        Err(PushError::MissingParam("msg_signature"))
    ));
    let q = PushQuery::default();
    assert!(matches!(
        server().verify_url(&q),
        Err(PushError::MissingParam(_))
    ));
}

#[test]
fn encrypted_push_without_key() {
    let s = PushServer::new(cfg());
    let enc = crypto::encrypt(&key(), TEXT.as_bytes(), APPID).unwrap();
    let q = PushQuery {
        msg_signature: Some(msg_signature(&Token::new(TOKEN), TS, NONCE, &enc)),
        timestamp: Some(TS.into()),
        nonce: Some(NONCE.into()),
        encrypt_type: Some("aes".into()),
        ..Default::default()
    };
    let body = format!("<xml><Encrypt><![CDATA[{enc}]]></Encrypt></xml>");
    assert!(matches!(
        s.open(&q, body.as_bytes()),
        Err(PushError::NoAesKey)
    ));
    let r = s.open(&q, b"<xml><ToUserName>x</ToUserName></xml>");
    assert!(matches!(r, Err(PushError::MissingField("Encrypt"))));
}

#[test]
fn timestamp_window() {
    let s = PushServer::new(
        PushConfig::new(TOKEN, APPID)
            .timestamp_window(Duration::from_secs(300))
            .clock(|| 1_700_000_100),
    );
    assert!(s.open(&plain_query(), TEXT.as_bytes()).is_ok());
    let late = PushServer::new(
        PushConfig::new(TOKEN, APPID)
            .timestamp_window(Duration::from_secs(300))
            .clock(|| 1_700_000_301),
    );
    assert!(matches!(
        late.open(&plain_query(), TEXT.as_bytes()),
        Err(PushError::TimestampOutOfWindow)
    ));
    let q = PushQuery {
        signature: Some(signature(&Token::new(TOKEN), "yesterday", NONCE)),
        timestamp: Some("yesterday".into()),
        nonce: Some(NONCE.into()),
        ..Default::default()
    };
    assert!(matches!(
        late.open(&q, TEXT.as_bytes()),
        Err(PushError::InvalidTimestamp)
    ));
}

#[test]
fn timestamp_window_rejects_the_future_too() {
    let at = |clock: fn() -> i64| {
        PushServer::new(
            PushConfig::new(TOKEN, APPID)
                .timestamp_window(Duration::from_secs(300))
                .clock(clock),
        )
    };
    // TS is 1_700_000_000: 300 s ahead of the clock is accepted, 301 s is not.
    assert!(at(|| 1_699_999_700)
        .open(&plain_query(), TEXT.as_bytes())
        .is_ok());
    assert!(matches!(
        at(|| 1_699_999_699).open(&plain_query(), TEXT.as_bytes()),
        Err(PushError::TimestampOutOfWindow)
    ));
    // Encrypted pushes are held to the same window.
    let enc = crypto::encrypt(&key(), TEXT.as_bytes(), APPID).unwrap();
    let q = PushQuery {
        msg_signature: Some(msg_signature(&Token::new(TOKEN), TS, NONCE, &enc)),
        timestamp: Some(TS.into()),
        nonce: Some(NONCE.into()),
        encrypt_type: Some("aes".into()),
        ..Default::default()
    };
    let body = format!("<xml><Encrypt><![CDATA[{enc}]]></Encrypt></xml>");
    let s = |clock: fn() -> i64| {
        PushServer::new(
            PushConfig::new(TOKEN, APPID)
                .encoding_aes_key(EAK)
                .unwrap()
                .timestamp_window(Duration::from_secs(300))
                .clock(clock),
        )
    };
    assert!(s(|| 1_700_000_000).open(&q, body.as_bytes()).is_ok());
    assert!(matches!(
        s(|| 1_699_999_000).open(&q, body.as_bytes()),
        Err(PushError::TimestampOutOfWindow)
    ));
    assert!(matches!(
        s(|| 1_700_001_000).open(&q, body.as_bytes()),
        Err(PushError::TimestampOutOfWindow)
    ));
}

#[test]
fn verify_url_honours_the_timestamp_window() {
    let q = PushQuery {
        signature: Some(signature(&Token::new(TOKEN), TS, NONCE)),
        timestamp: Some(TS.into()),
        nonce: Some(NONCE.into()),
        echostr: Some("echo-123".into()),
        ..Default::default()
    };
    let at = |clock: fn() -> i64| {
        PushServer::new(
            PushConfig::new(TOKEN, APPID)
                .timestamp_window(Duration::from_secs(60))
                .clock(clock),
        )
    };
    assert_eq!(at(|| 1_700_000_060).verify_url(&q).unwrap(), "echo-123");
    assert!(matches!(
        at(|| 1_700_000_061).verify_url(&q),
        Err(PushError::TimestampOutOfWindow)
    ));
    assert!(matches!(
        at(|| 1_699_999_939).verify_url(&q),
        Err(PushError::TimestampOutOfWindow)
    ));
    // Without a window (the default) an old signed URL still verifies.
    assert!(server().verify_url(&q).is_ok());
    // The signature is checked first: a stale, forged request is a signature error.
    let mut forged = q.clone();
    forged.signature = Some("0".repeat(40));
    assert!(matches!(
        at(|| 1_800_000_000).verify_url(&forged),
        Err(PushError::SignatureMismatch)
    ));
}

#[test]
fn errors_never_leak_secrets_and_map_to_statuses() {
    let errs = [
        open_encrypt("!!!").unwrap_err(),
        open_encrypt(&STANDARD.encode([0u8; 40])).unwrap_err(),
        AesKey::from_encoding_aes_key("-").unwrap_err(),
        server()
            .open(&plain_query(), b"<!DOCTYPE x><xml/>")
            .unwrap_err(),
    ];
    for e in &errs {
        let text = format!("{e} {e:?}");
        assert!(!text.contains(TOKEN) && !text.contains(EAK), "{text}");
    }
    assert_eq!(PushError::SignatureMismatch.status_code(), 401);
    assert_eq!(PushError::BodyTooLarge { limit: 1 }.status_code(), 413);
    assert_eq!(PushError::Padding.status_code(), 400);
}

#[test]
fn many_repeated_elements_stay_linear() {
    // ~1 MiB of repeated <Content/> elements must not trigger quadratic work.
    let many = "<Content>x</Content>".repeat(50_000);
    let body = TEXT.replace("<Content><![CDATA[hi]]></Content>", &many);
    // The field cap (which would refuse this first) is raised to reach the typed parser.
    let s = PushServer::new(cfg().max_body_bytes(2 << 20).max_fields(usize::MAX));
    let t = std::time::Instant::now();
    let r = s.open(&plain_query(), body.as_bytes());
    // Content repeated is a list, not text: a typed error, quickly.
    assert!(
        matches!(r, Err(PushError::MissingField("Content"))),
        "{r:?}"
    );
    assert!(t.elapsed() < std::time::Duration::from_secs(2));
}
