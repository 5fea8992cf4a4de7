//! `#[wx_endpoint]` writes `Serialize`/`Deserialize` itself for plain structs (compile time);
//! this pins that they behave as serde's derive with the equivalent attributes would, on
//! the inputs a WeChat reply can hold and on the broken ones it should not.

use serde::{Deserialize, Serialize};
use wx_api::wire::{render, Query};
use wx_api::{wx_endpoint, Endpoint};

#[wx_endpoint(POST "/test/plain", app = oa, doc = "https://example.invalid/doc")]
pub mod plain {
    pub struct Request {
        pub id: u64,
        pub name: String,
        pub note: Option<String>,
        #[wx(rename = "type")]
        pub kind: Option<String>,
        #[wx(default)]
        pub flags: Vec<u8>,
    }
    pub struct Response {
        pub ticket: String,
        #[wx(alias = "thumb_media_id")]
        pub media_id: String,
        pub count: Option<u32>,
        #[wx(default)]
        pub total: u64,
        #[wx(rename = "type")]
        pub kind: Option<String>,
        pub nested: Option<Vec<super::Item>>,
    }
}

#[wx_endpoint(POST "/test/mixed", app = oa, doc = "https://example.invalid/doc")]
pub mod mixed {
    pub struct Request {
        #[wx(query, rename = "type")]
        pub kind: String,
        pub title: String,
        pub note: Option<String>,
    }
    pub struct Response {}
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub idx: u32,
}

/// What serde's derive makes of the same declaration.
#[derive(Serialize)]
struct TwinRequest {
    id: u64,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    flags: Vec<u8>,
}

mod twin {
    use super::{Deserialize, Item};

    /// Named `Response` like ours: serde's messages quote the type's name.
    #[derive(Debug, Deserialize)]
    pub struct Response {
        pub ticket: String,
        #[serde(alias = "thumb_media_id")]
        pub media_id: String,
        #[serde(default)]
        pub count: Option<u32>,
        #[serde(default)]
        pub total: u64,
        #[serde(rename = "type", default)]
        pub kind: Option<String>,
        #[serde(default)]
        pub nested: Option<Vec<Item>>,
    }
}

fn same_fields(ours: &plain::Response, twin: &twin::Response) -> bool {
    ours.ticket == twin.ticket
        && ours.media_id == twin.media_id
        && ours.count == twin.count
        && ours.total == twin.total
        && ours.kind == twin.kind
        && ours.nested == twin.nested
}

#[test]
fn requests_serialize_as_the_derive_would() {
    let cases = [
        (
            plain::Request::new(7, "a"),
            TwinRequest {
                id: 7,
                name: "a".into(),
                note: None,
                kind: None,
                flags: vec![],
            },
        ),
        (
            plain::Request::new(u64::MAX, "\u{4e2d}\"\\")
                .note("n")
                .kind("image"),
            TwinRequest {
                id: u64::MAX,
                name: "\u{4e2d}\"\\".into(),
                note: Some("n".into()),
                kind: Some("image".into()),
                flags: vec![],
            },
        ),
    ];
    for (ours, twin) in cases {
        let a = serde_json::to_string(&ours).expect("ours serializes");
        let b = serde_json::to_string(&twin).expect("twin serializes");
        assert_eq!(a, b);
    }
}

#[test]
fn a_body_beside_query_fields_holds_only_the_body_fields() {
    let req = mixed::Request::new("video", "t").note("n");
    let mut query = Query::default();
    req.query(&mut query).expect("query");
    let wire = render(&req).expect("render");
    assert!(wire.contains(r#"{"title":"t","note":"n"}"#), "{wire}");
    assert!(wire.contains("type=video"), "{wire}");
    let bare = render(&mixed::Request::new("video", "t")).expect("render");
    assert!(bare.contains(r#"{"title":"t"}"#), "{bare}");
}

#[test]
fn replies_deserialize_as_the_derive_would() {
    let inputs = [
        // Complete, and in another order.
        r#"{"ticket":"t","media_id":"m","count":3,"total":9,"type":"image","nested":[{"idx":1}]}"#,
        r#"{"type":"x","nested":[],"total":1,"count":0,"media_id":"m","ticket":"t"}"#,
        // Optional and default fields missing, or null.
        r#"{"ticket":"t","media_id":"m"}"#,
        r#"{"ticket":"t","media_id":"m","count":null,"type":null,"nested":null}"#,
        // The alias instead of the name.
        r#"{"ticket":"t","thumb_media_id":"m"}"#,
        // Unknown keys of every shape are skipped; errcode 0 travels beside the payload.
        r#"{"errcode":0,"errmsg":"ok","ticket":"t","x":{"y":[1,{"z":null}]},"media_id":"m","w":1.5}"#,
        // An escaped key names the same field.
        r#"{"t\u0069cket":"t","media_id":"m"}"#,
        // Required fields missing.
        r#"{"media_id":"m"}"#,
        r#"{"ticket":"t"}"#,
        r#"{}"#,
        // A field twice, or a name and its alias.
        r#"{"ticket":"t","ticket":"u","media_id":"m"}"#,
        r#"{"ticket":"t","media_id":"m","thumb_media_id":"n"}"#,
        r#"{"ticket":"t","media_id":"m","count":1,"count":2}"#,
        // Wrong types.
        r#"{"ticket":5,"media_id":"m"}"#,
        r#"{"ticket":"t","media_id":"m","count":-1}"#,
        r#"{"ticket":"t","media_id":"m","total":null}"#,
        r#"{"ticket":null,"media_id":"m"}"#,
        r#"{"ticket":"t","media_id":"m","nested":[{"idx":"1"}]}"#,
        // Not an object.
        r#""ticket""#,
        r#"17"#,
        r#"null"#,
        // Broken JSON.
        r#"{"ticket":"t","media_id":"m""#,
        r#"{"ticket":"t",}"#,
    ];
    for input in inputs {
        let ours = serde_json::from_str::<plain::Response>(input);
        let twin = serde_json::from_str::<twin::Response>(input);
        match (&ours, &twin) {
            (Ok(a), Ok(b)) => assert!(same_fields(a, b), "{input}: {a:?} vs {b:?}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{input}"),
            _ => panic!("{input}: ours {ours:?}, derive {twin:?}"),
        }
    }
}

#[test]
fn a_json_array_is_not_a_reply() {
    // The one deliberate difference: serde's derive also reads a struct from an array of
    // its fields in order; WeChat replies are objects, so the written-out impl does not.
    let err = serde_json::from_str::<plain::Response>(r#"["t","m"]"#).expect_err("array");
    assert!(
        err.to_string().contains("expected struct Response"),
        "{err}"
    );
}

#[wx_endpoint(POST "/test/either", app = oa, doc = "https://example.invalid/doc")]
pub mod either {
    pub struct Request {}
    /// Field options inside enum variants mean what they mean on a struct.
    #[serde(untagged)]
    pub enum Response {
        Video {
            /// The documented name is `type`.
            #[wx(rename = "type")]
            kind: String,
            #[wx(alias = "down_url")]
            url: String,
            #[wx(default)]
            size: u64,
        },
        Other {},
    }
}

#[test]
fn enum_reply_variants_keep_their_field_options() {
    let video: either::Response =
        serde_json::from_str(r#"{"type":"mp4","down_url":"http://v"}"#).expect("decodes");
    match video {
        either::Response::Video { kind, url, size } => {
            assert_eq!((kind.as_str(), url.as_str(), size), ("mp4", "http://v", 0));
        }
        other => panic!("expected the video variant, got {other:?}"),
    }
    // Without the renamed key the first variant does not match.
    let other: either::Response =
        serde_json::from_str(r#"{"kind":"mp4","url":"http://v"}"#).expect("decodes");
    assert!(matches!(other, either::Response::Other {}), "{other:?}");
}

/// `Response::from_json` decodes as the client does: the same result, error or not, as
/// the reply's `DecodeResponse` on a `200 OK` JSON body.
#[test]
fn from_json_decodes_as_the_client_does() {
    use wx_api::{DecodeResponse, Error, RawResponse};

    let ok = plain::Response::from_json(r#"{"ticket":"t","thumb_media_id":"m","count":2}"#)
        .expect("a reply");
    assert_eq!(
        (ok.ticket.as_str(), ok.media_id.as_str(), ok.count, ok.total),
        ("t", "m", Some(2), 0)
    );
    match plain::Response::from_json(r#"{"errcode":40001,"errmsg":"invalid credential"}"#) {
        Err(Error::Api { endpoint, code, .. }) => {
            assert_eq!(code.code(), 40001);
            assert_eq!(endpoint, <plain::Request as Endpoint>::META.name);
        }
        other => panic!("expected the API error, got {other:?}"),
    }
    for body in [
        r#"{"ticket":"t","media_id":"m"}"#,
        r#"{"errcode":0,"errmsg":"ok","ticket":"t","media_id":"m","total":3}"#,
        r#"{"errcode":45009,"errmsg":"reach max api daily quota limit rid: 1-2"}"#,
        r#"{"ticket":"t"}"#,
        r#"{"ticket":"t","media_id":"m","ticket":"u"}"#,
        r#"{"errcode":"1"}"#,
        "[1]",
        "<html>bad gateway</html>",
        "",
    ] {
        let client = <plain::Response as DecodeResponse>::decode(
            RawResponse {
                status: 200,
                content_type: Some("application/json".into()),
                content_disposition: None,
                body: body.as_bytes().to_vec().into(),
            },
            <plain::Request as Endpoint>::META,
        );
        let ours = plain::Response::from_json(body);
        assert_eq!(format!("{ours:?}"), format!("{client:?}"), "{body}");
    }
}

/// Query fields of every kind, for the request side of deserialization.
#[wx_endpoint(GET "/test/query", app = oa, doc = "https://example.invalid/doc")]
pub mod query_only {
    pub struct Request {
        #[wx(query)]
        pub count: u32,
        #[wx(query, rename = "type")]
        pub kind: Option<String>,
        #[wx(query, default)]
        pub offset: u32,
        #[wx(query)]
        pub flag: Option<bool>,
    }
    pub struct Response {}
}

fn request_from<R: serde::de::DeserializeOwned>(json: &str) -> Result<R, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn requests_deserialize_from_one_flat_object_of_their_wire_names() {
    // Optional fields absent, `default` fields defaulted; serializing gives the input back.
    let r: plain::Request = request_from(r#"{"id":7,"name":"n","type":"t"}"#).unwrap();
    assert_eq!((r.id, r.name.as_str(), r.note.as_deref()), (7, "n", None));
    assert_eq!((r.kind.as_deref(), r.flags.len()), (Some("t"), 0));
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({"id": 7, "name": "n", "type": "t", "flags": []})
    );
    // Query and body fields side by side.
    let m: mixed::Request = request_from(r#"{"type":"image","title":"T"}"#).unwrap();
    assert_eq!(
        (m.kind.as_str(), m.title.as_str(), m.note.as_deref()),
        ("image", "T", None)
    );
    let mut query = Query::default();
    m.query(&mut query).unwrap();
    assert_eq!(query.pairs(), &[("type", "image".to_owned())]);
}

#[test]
fn request_keys_outside_the_declaration_are_refused_by_name() {
    for (json, expected) in [
        (r#"{"id":7,"name":"n","nmae":"x"}"#, "unknown field `nmae`"),
        // The Rust name of a renamed field is not its wire name.
        (r#"{"id":7,"name":"n","kind":"t"}"#, "unknown field `kind`"),
        (r#"{"name":"n"}"#, "missing field `id`"),
        (r#"{"id":"7","name":"n"}"#, "invalid type"),
    ] {
        let err = request_from::<plain::Request>(json).unwrap_err();
        assert!(err.contains(expected), "{json}: {err}");
    }
    // A key given twice keeps its last value (documented: requests read a JSON map).
    let r: plain::Request = request_from(r#"{"id":7,"name":"n","id":8}"#).unwrap();
    assert_eq!(r.id, 8);
}

#[test]
fn query_fields_take_their_url_text_or_json() {
    let q: query_only::Request =
        request_from(r#"{"count":"20","type":"20","flag":"true"}"#).unwrap();
    assert_eq!(
        (q.count, q.kind.as_deref(), q.offset, q.flag),
        (20, Some("20"), 0, Some(true))
    );
    let q: query_only::Request = request_from(r#"{"count":20,"offset":3}"#).unwrap();
    assert_eq!((q.count, q.kind, q.offset, q.flag), (20, None, 3, None));
    let err = request_from::<query_only::Request>(r#"{"count":"twenty"}"#).unwrap_err();
    assert!(err.contains("query field `count`"), "{err}");
    let err = request_from::<query_only::Request>(r#"{"count":1,"cuont":2}"#).unwrap_err();
    assert!(err.contains("unknown field `cuont`"), "{err}");
}

#[test]
fn secret_typed_fields_deserialize_and_stay_hidden() {
    fn deserializable<T: serde::de::DeserializeOwned>() {}
    deserializable::<wx_api::AccessToken>();
    deserializable::<wx_api::Secret>();
    deserializable::<wx_api::UserToken>();
    deserializable::<wx_api::RefreshToken>();
    deserializable::<wx_api::Ticket>();

    let r: wx_api::token::get::Request =
        request_from(r#"{"grant_type":"client_credential","appid":"wx1","secret":"s3cr3t-value"}"#)
            .unwrap();
    assert!(!format!("{r:?}").contains("s3cr3t-value"));
    assert!(render(&r).unwrap().contains("secret=APPSECRET"));
    let u: wx_api::oa::oauth::get_user_info::Request =
        request_from(r#"{"access_token":"user-t0ken-value","openid":"o1"}"#).unwrap();
    assert!(!format!("{u:?}").contains("user-t0ken-value"));
    assert!(render(&u)
        .unwrap()
        .contains("access_token=ACCESS_TOKEN&openid=o1"));
}

#[test]
fn a_request_with_derived_serde_deserializes_too() {
    // `wxa::customer::send` flattens its message (`#[serde(flatten)]`): serde's derive.
    let json = serde_json::json!({"touser": "OPENID", "msgtype": "text", "text": {"content": "Hello World"}});
    let r: wx_api::wxa::customer::send::Request = serde_json::from_value(json.clone()).unwrap();
    let wire = render(&r).unwrap();
    let body: serde_json::Value = serde_json::from_str(wire.split_once("\n\n").unwrap().1).unwrap();
    assert_eq!(body, json);
}

#[test]
fn every_registered_request_refuses_a_key_it_does_not_have() {
    // These flatten a message into the request: alone, the stray key reads as a message
    // without `msgtype`; they are checked with a valid message below.
    const FLATTENING: &[&str] = &[
        "oa::message::custom::send",
        "oa::message::mass::preview",
        "oa::message::mass::send",
        "oa::message::mass::send_all",
        "wxa::customer::send",
        "wxa::plugin::manage",
        "wxa::plugin::manage_applications",
    ];
    let mut refused = 0;
    for entry in wx_api::registry::all() {
        let Some(build) = entry.request_from_json else {
            continue;
        };
        if FLATTENING.contains(&entry.name) {
            continue;
        }
        let err = build(serde_json::json!({"zz_not_a_field": 1}))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown field `zz_not_a_field`"),
            "{}: {err}",
            entry.name
        );
        refused += 1;
    }
    assert!(refused >= 50, "{refused}");
    // Requests that flatten a message (`#[serde(flatten)]`) refuse a stray key beside a
    // valid message too: the message's own `Deserialize` sees the keys nobody took.
    for name in ["wxa::customer::send", "oa::message::custom::send"] {
        let build = wx_api::registry::find(name)
            .unwrap()
            .request_from_json
            .unwrap();
        let ok = serde_json::json!({"touser": "O", "msgtype": "text", "text": {"content": "c"}});
        refuses_a_stray_key(name, build, ok);
    }
    // Requests that flatten an action enum (`/wxa/plugin`, `/wxa/devplugin`) likewise.
    for (name, ok) in [
        ("wxa::plugin::manage", serde_json::json!({"action": "list"})),
        (
            "wxa::plugin::manage_applications",
            serde_json::json!({"action": "dev_agree", "appid": "a"}),
        ),
    ] {
        let build = wx_api::registry::find(name)
            .unwrap()
            .request_from_json
            .unwrap();
        refuses_a_stray_key(name, build, ok);
    }
}

fn refuses_a_stray_key(
    name: &str,
    build: wx_api::registry::RequestFromJson,
    ok: serde_json::Value,
) {
    {
        assert!(build(ok.clone()).is_ok(), "{name}");
        let mut stray = ok;
        stray["zz_not_a_field"] = 1.into();
        let err = build(stray).unwrap_err().to_string();
        assert!(
            err.contains("unknown field `zz_not_a_field`"),
            "{name}: {err}"
        );
    }
}
