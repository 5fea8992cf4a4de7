//! The fuzz targets' bodies, shared by the libFuzzer binaries (`fuzz_targets/`), the
//! `replay` timer (`src/replay.rs`) and the regression test that runs the committed corpus
//! through them in the normal suite (`tests/tests/it/fuzz_corpus.rs`, which includes this file
//! by path). Each function takes the raw fuzz input and panics only on a real defect: a
//! panic inside `wx-core`, or a broken property asserted here.
//!
//! The push targets use a fixed configuration that relies on no default that may change:
//! an explicit timestamp window around a fixed clock, and query timestamps that match it.
//! Signed targets compute the signature over the fuzzed input themselves, so fuzzing gets
//! past the signature check into decryption and parsing.

use std::sync::LazyLock;
use std::time::Duration;

use wx_core::endpoint::{DecodeResponse, Endpoint};
use wx_core::{Error, RawResponse};
use wx_push::component::ComponentPush;
use wx_push::crypto::{self, AesKey};
use wx_push::reply::{encrypted_json, encrypted_xml};
use wx_push::signature::{msg_signature, signature};
use wx_push::xml::parse_xml;
use wx_push::{
    parse_message, value::parse_json, Article, Fields, Incoming, MusicReply, PayloadFormat,
    PushConfig, PushQuery, PushServer, Reply, Token, Value,
};

/// A target: one fuzz input in, a panic on a defect.
pub type Target = fn(&[u8]);

/// Every target, by name, as the replay timer and the corpus test run them.
pub const TARGETS: &[(&str, Target)] = &[
    ("push_xml_plain", push_xml_plain),
    ("push_json_plain", push_json_plain),
    ("push_xml_encrypted", push_xml_encrypted),
    ("push_json_encrypted", push_json_encrypted),
    ("push_xml_decrypted", push_xml_decrypted),
    ("push_json_decrypted", push_json_decrypted),
    ("xml_reader", xml_reader),
    ("parse_message", parse_message_target),
    ("reply_roundtrip", reply_roundtrip),
    ("client_decode", client_decode),
    ("component_push", component_push),
];

const TOKEN: &str = "fuzztoken";
const APP_ID: &str = "wx0123456789abcdef";
const ENCODING_AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const NOW: i64 = 1_700_000_000;
const TIMESTAMP: &str = "1700000000";
const NONCE: &str = "fuzznonce";
const RANDOM: [u8; 16] = *b"0123456789abcdef";

fn fixed_clock() -> i64 {
    NOW
}

fn config(format: PayloadFormat) -> PushConfig {
    PushConfig::new(TOKEN, APP_ID)
        .format(format)
        .clock(fixed_clock)
        .timestamp_window(Duration::from_secs(300))
        .max_body_bytes(1024 * 1024)
}

fn key() -> AesKey {
    #[allow(clippy::expect_used)]
    AesKey::from_encoding_aes_key(ENCODING_AES_KEY).expect("the fixed key is valid")
}

fn encrypted_server(format: PayloadFormat) -> PushServer {
    #[allow(clippy::expect_used)]
    PushServer::new(
        config(format)
            .encoding_aes_key(ENCODING_AES_KEY)
            .expect("the fixed key is valid"),
    )
}

static PLAIN_XML: LazyLock<PushServer> =
    LazyLock::new(|| PushServer::new(config(PayloadFormat::Xml)));
static PLAIN_JSON: LazyLock<PushServer> =
    LazyLock::new(|| PushServer::new(config(PayloadFormat::Json)));
static AES_XML: LazyLock<PushServer> = LazyLock::new(|| encrypted_server(PayloadFormat::Xml));
static AES_JSON: LazyLock<PushServer> = LazyLock::new(|| encrypted_server(PayloadFormat::Json));
static AES_KEY: LazyLock<AesKey> = LazyLock::new(key);
static PLAIN_QUERY: LazyLock<PushQuery> = LazyLock::new(|| PushQuery {
    signature: Some(signature(&Token::new(TOKEN), TIMESTAMP, NONCE)),
    timestamp: Some(TIMESTAMP.to_owned()),
    nonce: Some(NONCE.to_owned()),
    ..PushQuery::default()
});

fn aes_query(encrypt: &str) -> PushQuery {
    PushQuery {
        signature: Some(signature(&Token::new(TOKEN), TIMESTAMP, NONCE)),
        timestamp: Some(TIMESTAMP.to_owned()),
        nonce: Some(NONCE.to_owned()),
        encrypt_type: Some("aes".to_owned()),
        msg_signature: Some(msg_signature(&Token::new(TOKEN), TIMESTAMP, NONCE, encrypt)),
        ..PushQuery::default()
    }
}

fn text<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields.get(name).and_then(Value::as_text)
}

/// Parses an encoded reply (XML or JSON) back into fields.
fn parse_reply(body: &str, format: PayloadFormat) -> Fields {
    let parsed = match format {
        PayloadFormat::Xml => parse_xml(body),
        PayloadFormat::Json => parse_json(body),
    };
    parsed.unwrap_or_else(|e| panic!("our own reply does not parse back ({e}): {body:?}"))
}

/// Answers an accepted push and checks the reply reaches the sender: it parses back (after
/// decryption when the push was encrypted) and names the push's sender and account.
fn check_reply(server: &PushServer, incoming: &Incoming) {
    let reply = Reply::text("fuzz");
    let encoded = server
        .reply_with(incoming, &reply, NOW, &RANDOM)
        .unwrap_or_else(|e| panic!("reply to an accepted push failed: {e}"));
    let mut fields = parse_reply(&encoded.body, incoming.format);
    if incoming.is_encrypted() {
        let encrypt = text(&fields, "Encrypt").unwrap_or_default();
        let plain = crypto::decrypt(&AES_KEY, encrypt, APP_ID)
            .unwrap_or_else(|e| panic!("our own encrypted reply does not decrypt: {e}"));
        fields = parse_reply(&plain, incoming.format);
    }
    let m = &incoming.message;
    assert_eq!(text(&fields, "ToUserName"), Some(m.from_user_name.as_str()));
    assert_eq!(text(&fields, "FromUserName"), Some(m.to_user_name.as_str()));
    assert_eq!(text(&fields, "Content"), Some("fuzz"));
}

fn open(server: &PushServer, query: &PushQuery, body: &[u8]) {
    if let Ok(incoming) = server.open(query, body) {
        check_reply(server, &incoming);
    }
}

/// A plaintext XML push: the body is the input; `signature` is valid.
pub fn push_xml_plain(data: &[u8]) {
    open(&PLAIN_XML, &PLAIN_QUERY, data);
}

/// A plaintext JSON push (Mini Program JSON format).
pub fn push_json_plain(data: &[u8]) {
    open(&PLAIN_JSON, &PLAIN_QUERY, data);
}

/// The `Encrypt` the server will see: read with the public reader of the same format,
/// then signed, so that a fuzzed envelope passes `msg_signature` and reaches decryption.
fn fuzzed_envelope(server: &PushServer, data: &[u8], format: PayloadFormat) {
    let encrypt = std::str::from_utf8(data)
        .ok()
        .and_then(|s| match format {
            PayloadFormat::Xml => parse_xml(s).ok(),
            PayloadFormat::Json => parse_json(s).ok(),
        })
        .and_then(|f| text(&f, "Encrypt").map(str::to_owned))
        .unwrap_or_default();
    open(server, &aes_query(&encrypt), data);
}

/// An encrypted (safe or compatible mode) XML envelope as the input, correctly signed.
pub fn push_xml_encrypted(data: &[u8]) {
    fuzzed_envelope(&AES_XML, data, PayloadFormat::Xml);
}

/// An encrypted JSON envelope as the input, correctly signed.
pub fn push_json_encrypted(data: &[u8]) {
    fuzzed_envelope(&AES_JSON, data, PayloadFormat::Json);
}

/// The input is the plaintext inside a valid, signed envelope encrypted with the fixed key
/// and app id: fuzzes the message parser behind decryption.
fn fuzzed_plaintext(server: &PushServer, data: &[u8], format: PayloadFormat) {
    let (encrypt, body) = seal(data, format);
    open(server, &aes_query(&encrypt), body.as_bytes());
}

/// `plain` encrypted with the fixed key and app id: its `Encrypt` and a signed envelope.
fn seal(plain: &[u8], format: PayloadFormat) -> (String, String) {
    #[allow(clippy::expect_used)]
    let encrypt = crypto::encrypt_with_random(&AES_KEY, &RANDOM, plain, APP_ID)
        .expect("encrypting any bytes succeeds");
    let sig = msg_signature(&Token::new(TOKEN), TIMESTAMP, NONCE, &encrypt);
    let body = match format {
        PayloadFormat::Xml => encrypted_xml(&encrypt, &sig, NOW, NONCE),
        PayloadFormat::Json => encrypted_json(&encrypt, &sig, NOW, NONCE),
    };
    (encrypt, body)
}

/// Seed inputs for every target from one push fixture (`format` is the fixture's), as
/// (target, input) pairs: the fixture itself, its envelope encrypted with the fixed key,
/// and the typed parser's selector-prefixed form.
pub fn seeds_from_fixture(fixture: &[u8], format: PayloadFormat) -> Vec<(&'static str, Vec<u8>)> {
    let (encrypt, _) = seal(fixture, format);
    let (plain, encrypted, decrypted, selector) = match format {
        PayloadFormat::Xml => (
            "push_xml_plain",
            "push_xml_encrypted",
            "push_xml_decrypted",
            0,
        ),
        PayloadFormat::Json => (
            "push_json_plain",
            "push_json_encrypted",
            "push_json_decrypted",
            1,
        ),
    };
    // A safe-mode envelope as WeChat sends it: ToUserName and Encrypt.
    let safe = match format {
        PayloadFormat::Xml => format!(
            "<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        ),
        PayloadFormat::Json => serde_json::json!({"ToUserName": "gh_0123456789ab", "Encrypt": encrypt}).to_string(),
    };
    let mut typed = vec![selector];
    typed.extend_from_slice(fixture);
    let mut seeds = vec![
        (plain, fixture.to_vec()),
        (encrypted, safe.into_bytes()),
        (decrypted, fixture.to_vec()),
        ("parse_message", typed),
    ];
    if format == PayloadFormat::Xml {
        seeds.push(("xml_reader", fixture.to_vec()));
    }
    seeds
}

static COMPONENT: LazyLock<ComponentPush> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    ComponentPush::new(
        config(PayloadFormat::Xml)
            .encoding_aes_key(ENCODING_AES_KEY)
            .expect("the fixed key is valid"),
    )
    .expect("the config has a key")
});

/// A third-party platform push (`wx_push::component`): the input is the decrypted XML,
/// sealed with the fixed key, token and app id as WeChat would, then opened. An accepted
/// event must serialize, keep a typed credential non-blank and have a bounded dedup key.
pub fn component_push(data: &[u8]) {
    let Ok(plain) = std::str::from_utf8(data) else {
        return;
    };
    #[allow(clippy::expect_used)]
    let sealed = COMPONENT
        .seal(plain, NOW, NONCE, &RANDOM)
        .expect("sealing any text succeeds");
    let Ok(incoming) = COMPONENT.open(&sealed.query, sealed.body.as_bytes()) else {
        return;
    };
    let event = incoming.event;
    if let Err(e) = serde_json::to_string(&event) {
        panic!("a parsed platform push does not serialize: {e}");
    }
    if let Some(t) = event.verify_ticket() {
        assert!(
            !t.expose().trim().is_empty(),
            "blank verify ticket accepted"
        );
    }
    assert!(event.dedup_key().len() <= wx_push::MAX_KEY_BYTES);
}

/// XML plaintext behind a valid encryption.
pub fn push_xml_decrypted(data: &[u8]) {
    fuzzed_plaintext(&AES_XML, data, PayloadFormat::Xml);
}

/// JSON plaintext behind a valid encryption.
pub fn push_json_decrypted(data: &[u8]) {
    fuzzed_plaintext(&AES_JSON, data, PayloadFormat::Json);
}

/// The XML reader alone.
pub fn xml_reader(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = parse_xml(s);
    }
}

/// The typed parser: first byte even for XML, odd for JSON. An accepted message must
/// serialize (it is forwarded and snapshotted as JSON).
pub fn parse_message_target(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if selector % 2 == 0 {
        PayloadFormat::Xml
    } else {
        PayloadFormat::Json
    };
    if let Ok(message) = parse_message(s, format) {
        if let Err(e) = serde_json::to_string(&message) {
            panic!("a parsed message does not serialize: {e}");
        }
    }
}

/// Whether XML 1.0 can carry `s` at all (`Char` production): a reply with other
/// characters cannot be read by any conforming parser, so the XML round trip is asserted
/// only for text without them. (`\r` is allowed but line-end normalisation turns `\r\n`
/// into `\n` in a reader, so it is left out too.)
fn xml_can_carry(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}') || c > '\u{FFFF}'
    })
}

/// The reply encoder: a `Reply` built from the input (first byte: variant; the rest: its
/// strings, separated by NUL), encoded as XML and JSON and parsed back; every string must
/// come back unchanged (XML only when XML can carry the text).
pub fn reply_roundtrip(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let rest = String::from_utf8_lossy(rest);
    let mut parts = rest.split('\0').map(str::to_owned);
    let mut next = || parts.next().unwrap_or_default();
    let (to, from) = (next(), next());
    let opt = |s: String| (!s.is_empty()).then_some(s);
    let reply = match selector % 9 {
        0 => Reply::Success,
        1 => Reply::Empty,
        2 => Reply::text(next()),
        3 => Reply::image(next()),
        4 => Reply::voice(next()),
        5 => {
            let (id, title, desc) = (next(), next(), next());
            match (opt(title), opt(desc)) {
                (Some(t), Some(d)) => Reply::video_with(id, t, d),
                _ => Reply::video(id),
            }
        }
        6 => Reply::music(MusicReply {
            title: opt(next()),
            description: opt(next()),
            music_url: opt(next()),
            hq_music_url: opt(next()),
            thumb_media_id: next(),
        }),
        7 => Reply::News(Article {
            title: next(),
            description: next(),
            pic_url: next(),
            url: next(),
        }),
        _ => match opt(next()) {
            Some(kf) => Reply::transfer_to(kf),
            None => Reply::transfer_customer_service(),
        },
    };
    let create_time = i64::from(selector) * 1_000_003 - 7;
    let xml = reply.to_xml(&to, &from, create_time);
    let json = reply.to_json(&to, &from, create_time);
    assert_eq!(xml.is_none(), reply.is_ack());
    assert_eq!(json.is_none(), reply.is_ack());
    let (Some(xml), Some(json)) = (xml, json) else {
        return;
    };
    let expected = expected_fields(&reply, &to, &from, create_time);
    let from_json = parse_reply(&json, PayloadFormat::Json);
    check_fields(&from_json, &expected, "JSON");
    if expected.iter().all(|(_, v)| xml_can_carry(v)) {
        let from_xml = parse_reply(&xml, PayloadFormat::Xml);
        check_fields(&from_xml, &expected, "XML");
    }
}

/// (path, text) pairs a reply must carry; a path is `Outer/Inner` for nested elements.
fn expected_fields(reply: &Reply, to: &str, from: &str, t: i64) -> Vec<(String, String)> {
    let mut e = vec![
        ("ToUserName".to_owned(), to.to_owned()),
        ("FromUserName".to_owned(), from.to_owned()),
        ("CreateTime".to_owned(), t.to_string()),
    ];
    let mut put = |k: &str, v: &str| e.push((k.to_owned(), v.to_owned()));
    match reply {
        Reply::Text(c) => put("Content", c),
        Reply::Image(id) => put("Image/MediaId", id),
        Reply::Voice(id) => put("Voice/MediaId", id),
        Reply::Video(v) => {
            put("Video/MediaId", &v.media_id);
            if let Some(t) = &v.title {
                put("Video/Title", t);
            }
            if let Some(d) = &v.description {
                put("Video/Description", d);
            }
        }
        Reply::Music(m) => {
            for (k, v) in [
                ("Music/Title", &m.title),
                ("Music/Description", &m.description),
                ("Music/MusicUrl", &m.music_url),
                ("Music/HQMusicUrl", &m.hq_music_url),
            ] {
                if let Some(v) = v {
                    put(k, v);
                }
            }
            put("Music/ThumbMediaId", &m.thumb_media_id);
        }
        Reply::News(a) => {
            put("ArticleCount", "1");
            put("Articles/item/Title", &a.title);
            put("Articles/item/Description", &a.description);
            put("Articles/item/PicUrl", &a.pic_url);
            put("Articles/item/Url", &a.url);
        }
        Reply::TransferCustomerService(Some(kf)) => put("TransInfo/KfAccount", kf),
        _ => {}
    }
    e
}

/// Follows `path` through maps; JSON's `Articles` is an array of one item, XML's an
/// `<Articles><item>`: both read as `Articles/item`.
fn lookup<'a>(fields: &'a Fields, path: &str) -> Option<&'a str> {
    let mut current = fields;
    let mut segments = path.split('/').peekable();
    while let Some(seg) = segments.next() {
        let mut value = current.get(seg)?;
        if let Value::List(items) = value {
            if let [only] = items.as_slice() {
                value = only;
                if seg == "Articles" && segments.peek() == Some(&"item") {
                    segments.next();
                }
            }
        }
        if segments.peek().is_none() {
            return value.as_text();
        }
        current = value.as_map()?;
    }
    None
}

fn check_fields(fields: &Fields, expected: &[(String, String)], format: &str) {
    for (path, want) in expected {
        assert_eq!(
            lookup(fields, path),
            Some(want.as_str()),
            "{format} reply field {path} does not round-trip"
        );
    }
}

fn decode<E: Endpoint>(raw: RawResponse) -> Result<E::Response, Error> {
    <E::Response as DecodeResponse>::decode(raw, E::META)
}

/// The client's reply decoding: byte 0 picks the endpoint, byte 1 the HTTP status, byte 2
/// the content type; the rest is the body. Whatever the decoder's fast paths, a reply that
/// a full JSON parse reads as an object with a non-zero integer `errcode` must not decode
/// as a success, and neither must a non-2xx status.
pub fn client_decode(data: &[u8]) {
    use wx_api::{oa, token, wxa};
    let [endpoint, status, content_type, body @ ..] = data else {
        return;
    };
    let status = [200, 200, 200, 204, 302, 400, 404, 500, 502, 503][usize::from(*status) % 10];
    let content_type = [
        None,
        Some("application/json; charset=utf-8"),
        Some("text/plain"),
        Some("image/jpeg"),
        Some("text/html"),
    ][usize::from(*content_type) % 5];
    let raw = RawResponse {
        status,
        content_type: content_type.map(str::to_owned),
        content_disposition: Some("attachment; filename=\"a.jpg\"".to_owned()),
        body: bytes::Bytes::copy_from_slice(body),
    };
    // (is_ok, whether the body was decoded as JSON whatever its content type)
    let (ok, json_endpoint) = match endpoint % 6 {
        0 => (decode::<token::get::Request>(raw).is_ok(), true),
        1 => (decode::<oa::user::get::Request>(raw).is_ok(), true),
        2 => (decode::<oa::qrcode::create::Request>(raw).is_ok(), true),
        3 => (decode::<oa::material::count::Request>(raw).is_ok(), true),
        4 => (decode::<oa::material::get::Request>(raw).is_ok(), false),
        _ => (decode::<wxa::code::get::Request>(raw).is_ok(), false),
    };
    if !ok {
        return;
    }
    assert!(
        (200..300).contains(&status),
        "status {status} decoded as a success"
    );
    let declared_json = content_type.is_some_and(|c| c.contains("json"));
    if json_endpoint || declared_json {
        if let Ok(serde_json::Value::Object(o)) = serde_json::from_slice(body) {
            let code = o.get("errcode").and_then(serde_json::Value::as_i64);
            assert!(
                code.is_none_or(|c| c == 0),
                "a reply with errcode {code:?} decoded as a success"
            );
        }
    }
}
