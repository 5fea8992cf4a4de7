//! The errcode envelope check decides exactly as a full JSON parse would: a differential
//! test of `decode_json` against a decision derived from `serde_json::Value`, over reply
//! bodies with escaped keys, duplicated keys, nesting, odd whitespace, strings that mention
//! `errcode`, numbers spelled as strings or floats, and broken JSON.
//!
//! The decision a full parse makes (documented on `wx_core::response::decode_json`):
//! - not JSON: a decode error;
//! - JSON that is not an object, or an object without a top-level `errcode` key: no envelope,
//!   the payload is decoded;
//! - a top-level `errcode` or `errmsg` key that appears twice: a decode error (WeChat never
//!   sends duplicates; the reply is never taken for a success);
//! - `errcode` an integer: `0` is a success, anything else that API error;
//! - `errcode` anything else (string, float, null...): a decode error.
//!
//! Keys compare after unescaping (`"\u0065rrcode"` is `errcode`), as in `serde_json::Value`.

use proptest::prelude::*;
use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};
use wx_core::endpoint::{Auth, BodyKind, EndpointMeta, Host, Method, ResponseKind};
use wx_core::response::{decode_json, RawResponse};
use wx_core::{AppScope, Error};

static META: EndpointMeta = EndpointMeta {
    name: "probe",
    method: Method::Get,
    host: Host::Api,
    path: "/cgi-bin/probe",
    auth: Auth::AccessToken,
    body: BodyKind::None,
    response: ResponseKind::Json,
    app: AppScope::Both,
    doc_url: "https://example.invalid",
    secret_response: false,
};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    Success,
    Api(i64),
    Decode,
}

fn client_decision(body: &[u8]) -> Decision {
    let raw = RawResponse {
        status: 200,
        content_type: Some("application/json".into()),
        content_disposition: None,
        body: bytes::Bytes::copy_from_slice(body),
    };
    match decode_json::<serde_json::Value>(raw, &META) {
        Ok(_) => Decision::Success,
        Err(Error::Api { code, .. }) => Decision::Api(code.code()),
        Err(Error::Decode { .. }) => Decision::Decode,
        Err(other) => panic!("unexpected error kind: {other}"),
    }
}

/// How many times each top-level key occurs (after unescaping), by serde_json.
fn top_level_key_counts(body: &[u8]) -> Option<std::collections::HashMap<String, usize>> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Option<std::collections::HashMap<String, usize>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut counts = std::collections::HashMap::new();
            while let Some((k, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                *counts.entry(k).or_insert(0) += 1;
            }
            Ok(Some(counts))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut s: A,
        ) -> Result<Self::Value, A::Error> {
            while s.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let counts = de.deserialize_any(Keys).ok()?;
    de.end().ok()?;
    counts
}

fn reference_decision(body: &[u8]) -> Decision {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Decision::Decode;
    };
    let Some(object) = value.as_object() else {
        return Decision::Success;
    };
    let counts = top_level_key_counts(body).expect("an object has key counts");
    if counts.get("errcode").copied().unwrap_or(0) > 1
        || (object.contains_key("errcode") && counts.get("errmsg").copied().unwrap_or(0) > 1)
    {
        return Decision::Decode;
    }
    match object.get("errcode") {
        None => Decision::Success,
        Some(code) => match code.as_i64() {
            Some(0) => Decision::Success,
            Some(code) => Decision::Api(code),
            None => Decision::Decode,
        },
    }
}

#[test]
fn known_slips_are_error_replies() {
    let cases: &[(&str, Decision)] = &[
        (
            r#"{"\u0065rrcode":40001,"errmsg":"invalid credential"}"#,
            Decision::Api(40001),
        ),
        (
            r#"{"err\u0063ode":40001,"errmsg":"x","ticket":"t"}"#,
            Decision::Api(40001),
        ),
        (
            r#"{"\u0065\u0072\u0072\u0063\u006F\u0064\u0065":-1}"#,
            Decision::Api(-1),
        ),
        (
            r#"{"errcode":40001,"errcode":40001,"errmsg":"x"}"#,
            Decision::Decode,
        ),
        (r#"{"errcode":0,"errcode":40001}"#, Decision::Decode),
        (
            r#"{"errcode":40001,"errmsg":"a","errmsg":"b"}"#,
            Decision::Decode,
        ),
        (r#"{"errcode":40001,"errmsg":5}"#, Decision::Api(40001)),
        (r#"{"errcode":"40001","errmsg":"x"}"#, Decision::Decode),
        (r#"{"errcode":40001.0,"errmsg":"x"}"#, Decision::Decode),
        (r#"{"errcode":null,"errmsg":"x"}"#, Decision::Decode),
        (
            r#"{"errcode":0,"errmsg":"ok","ticket":"t"}"#,
            Decision::Success,
        ),
        (
            r#"{"ticket":"t","note":"the \"errcode\" field"}"#,
            Decision::Success,
        ),
        (r#"{"a":{"errcode":40001}}"#, Decision::Success),
        (r#"{"errmsg":"a","errmsg":"b"}"#, Decision::Success),
        (r#"[40001,"x"]"#, Decision::Success),
        (r#"{"errcode":40001"#, Decision::Decode),
    ];
    for (body, expected) in cases {
        assert_eq!(
            reference_decision(body.as_bytes()),
            *expected,
            "reference on {body}"
        );
        assert_eq!(
            client_decision(body.as_bytes()),
            *expected,
            "client on {body}"
        );
    }
}

/// A JSON value to render, with the spelling choices (escapes, whitespace) made up front.
#[derive(Debug, Clone)]
enum J {
    Int(i64),
    Big(u64),
    Float(f64),
    /// A number spelled as a string.
    NumStr(i64),
    Str(String, u8),
    Null,
    Bool(bool),
    Arr(Vec<J>),
    Obj(Vec<(Key, J)>),
}

#[derive(Debug, Clone)]
struct Key {
    name: String,
    /// Bit i set: character i is written as `\u00XX`.
    escapes: u32,
    upper_hex: bool,
    ws: u8,
}

fn ws(n: u8) -> &'static str {
    ["", " ", "\n", "\t ", "  \r\n"][usize::from(n % 5)]
}

fn escaped(out: &mut String, text: &str, escapes: u32, upper_hex: bool) {
    for (i, c) in text.chars().enumerate() {
        let escape = i < 32 && escapes & (1 << i) != 0;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if escape || (c as u32) < 0x20 => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    if upper_hex {
                        out.push_str(&format!("\\u{:04X}", unit));
                    } else {
                        out.push_str(&format!("\\u{:04x}", unit));
                    }
                }
            }
            c => out.push(c),
        }
    }
}

fn render(j: &J, out: &mut String) {
    match j {
        J::Int(n) => out.push_str(&n.to_string()),
        J::Big(n) => out.push_str(&n.to_string()),
        J::Float(f) => out.push_str(&format!("{f:?}")),
        J::NumStr(n) => out.push_str(&format!("\"{n}\"")),
        J::Str(s, esc) => {
            out.push('"');
            escaped(out, s, u32::from(*esc), esc % 2 == 0);
            out.push('"');
        }
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                render(item, out);
            }
            out.push(']');
        }
        J::Obj(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(ws(key.ws));
                out.push('"');
                escaped(out, &key.name, key.escapes, key.upper_hex);
                out.push('"');
                out.push_str(ws(key.ws / 5));
                out.push(':');
                out.push_str(ws(key.ws / 25));
                render(value, out);
                out.push_str(ws(key.ws / 3));
            }
            out.push('}');
        }
    }
}

fn key() -> impl Strategy<Value = Key> {
    let name = prop_oneof![
        6 => Just("errcode".to_owned()),
        4 => Just("errmsg".to_owned()),
        1 => Just("Errcode".to_owned()),
        1 => Just("errcode ".to_owned()),
        1 => Just("errcod".to_owned()),
        1 => Just("errcodes".to_owned()),
        2 => Just("ticket".to_owned()),
        2 => "[a-z_]{0,8}",
        1 => "\\PC{0,4}",
    ];
    (name, any::<u32>(), any::<bool>(), any::<u8>()).prop_map(|(name, escapes, upper_hex, ws)| {
        // Escape no character in half of the keys.
        let escapes = if escapes % 2 == 0 { 0 } else { escapes };
        Key {
            name,
            escapes,
            upper_hex,
            ws,
        }
    })
}

fn leaf() -> impl Strategy<Value = J> {
    prop_oneof![
        3 => prop_oneof![Just(0i64), Just(40001), Just(-1), any::<i64>()].prop_map(J::Int),
        1 => any::<u64>().prop_map(J::Big),
        1 => prop_oneof![Just(0.0f64), Just(40001.0), Just(-0.0), Just(1e3)].prop_map(J::Float),
        1 => prop_oneof![Just(0i64), Just(40001)].prop_map(J::NumStr),
        2 => (
            prop_oneof![
                Just("errcode".to_owned()),
                Just("\"errcode\":40001".to_owned()),
                Just("\\u0065rrcode".to_owned()),
                Just("ok".to_owned()),
                "\\PC{0,6}",
            ],
            any::<u8>()
        )
            .prop_map(|(s, e)| J::Str(s, e)),
        1 => Just(J::Null),
        1 => any::<bool>().prop_map(J::Bool),
    ]
}

fn value() -> impl Strategy<Value = J> {
    leaf().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            1 => prop::collection::vec(inner.clone(), 0..4).prop_map(J::Arr),
            3 => prop::collection::vec((key(), inner), 0..5).prop_map(J::Obj),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let top = prop_oneof![
        8 => prop::collection::vec((key(), value()), 0..6).prop_map(J::Obj),
        1 => value(),
    ];
    // Mostly well-formed; sometimes cut short or followed by garbage.
    (top, any::<u8>(), any::<u16>(), any::<u8>()).prop_map(|(j, damage, at, ws_n)| {
        let mut text = String::new();
        text.push_str(ws(ws_n));
        render(&j, &mut text);
        text.push_str(ws(ws_n / 5));
        let mut bytes = text.into_bytes();
        match damage % 16 {
            0 => bytes.truncate(usize::from(at) % (bytes.len() + 1)),
            1 => bytes.extend_from_slice(b" x"),
            2 => bytes.extend_from_slice(br#"{"errcode":1}"#),
            _ => {}
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn the_client_decides_as_a_full_parse(body in body()) {
        prop_assert_eq!(
            client_decision(&body),
            reference_decision(&body),
            "body: {}",
            String::from_utf8_lossy(&body)
        );
    }
}
