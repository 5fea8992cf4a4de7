//! Wire form of every passive reply kind, plain and encrypted, pinned by snapshots.

use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature};
use wx_api::push::*;

const EAK: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wxb11529c136998cb6";
const TEXT: &str = "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId></xml>";

fn all_replies() -> Vec<(&'static str, Reply)> {
    vec![
        ("text", Reply::text("hello ]]> world <&>")),
        ("image", Reply::image("media_img")),
        ("voice", Reply::voice("media_voice")),
        ("video", Reply::video("media_video")),
        (
            "video_titled",
            Reply::video_with("media_video", "Title", "Desc"),
        ),
        (
            "music",
            Reply::music(MusicReply {
                title: Some("Song".into()),
                description: Some("Desc".into()),
                music_url: Some("http://m/u.mp3".into()),
                hq_music_url: Some("http://m/hq.mp3".into()),
                thumb_media_id: "thumb".into(),
            }),
        ),
        (
            "news",
            Reply::news("Title", "Desc", "http://p/pic.jpg", "http://p/a"),
        ),
        ("transfer", Reply::transfer_customer_service()),
        ("transfer_to", Reply::transfer_to("kf2001@gh_account")),
    ]
}

fn server(format: PayloadFormat) -> PushServer {
    PushServer::new(
        PushConfig::new("tok", APPID)
            .encoding_aes_key(EAK)
            .unwrap()
            .format(format)
            // Replies to plaintext and encrypted pushes are both tested on this server.
            .allow_plaintext()
            // Agrees with the queries' timestamp (the window is on by default).
            .clock(|| 1),
    )
}

fn plain_incoming(format: PayloadFormat) -> Incoming {
    let body = match format {
        PayloadFormat::Xml => TEXT.to_owned(),
        PayloadFormat::Json => r#"{"ToUserName":"gh_account","FromUserName":"o_user","CreateTime":1700000000,"MsgType":"text","Content":"hi","MsgId":1}"#.to_owned(),
    };
    let q = PushQuery {
        signature: Some(signature(&Token::new("tok"), "1", "n1")),
        timestamp: Some("1".into()),
        nonce: Some("n1".into()),
        ..Default::default()
    };
    server(format).open(&q, body.as_bytes()).unwrap()
}

fn encrypted_incoming(format: PayloadFormat) -> Incoming {
    let plain = match format {
        PayloadFormat::Xml => TEXT.to_owned(),
        PayloadFormat::Json => r#"{"ToUserName":"gh_account","FromUserName":"o_user","CreateTime":"1700000000","MsgType":"text","Content":"hi","MsgId":"1"}"#.to_owned(),
    };
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let enc = crypto::encrypt(&key, plain.as_bytes(), APPID).unwrap();
    let body = match format {
        PayloadFormat::Xml => format!("<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"),
        PayloadFormat::Json => format!(r#"{{"ToUserName":"gh_account","Encrypt":"{enc}"}}"#),
    };
    let q = PushQuery {
        timestamp: Some("1".into()),
        nonce: Some("n1".into()),
        encrypt_type: Some("aes".into()),
        msg_signature: Some(msg_signature(&Token::new("tok"), "1", "n1", &enc)),
        ..Default::default()
    };
    server(format).open(&q, body.as_bytes()).unwrap()
}

#[test]
fn plain_xml_replies() {
    let inc = plain_incoming(PayloadFormat::Xml);
    for (name, r) in all_replies() {
        let out = server(PayloadFormat::Xml)
            .reply_with(&inc, &r, 1700000001, &[0; 16])
            .unwrap();
        assert!(out.content_type.starts_with("application/xml"));
        // The reply is well-formed and swaps To/From.
        let f = wx_api::push::xml::parse_xml(&out.body).unwrap();
        assert_eq!(f["ToUserName"].as_text(), Some("o_user"));
        assert_eq!(f["FromUserName"].as_text(), Some("gh_account"));
        insta::assert_snapshot!(format!("xml_{name}"), out.body);
    }
}

#[test]
fn plain_json_replies() {
    let inc = plain_incoming(PayloadFormat::Json);
    for (name, r) in all_replies() {
        let out = server(PayloadFormat::Json)
            .reply_with(&inc, &r, 1700000001, &[0; 16])
            .unwrap();
        assert_eq!(out.content_type, "application/json");
        let v: serde_json::Value = serde_json::from_str(&out.body).unwrap();
        insta::assert_json_snapshot!(format!("json_{name}"), v);
    }
}

#[test]
fn cdata_split_round_trips() {
    let inc = plain_incoming(PayloadFormat::Xml);
    let tricky = "a]]>b]]]]>c<![CDATA[d";
    let out = server(PayloadFormat::Xml)
        .reply_with(&inc, &Reply::text(tricky), 1, &[0; 16])
        .unwrap();
    let f = wx_api::push::xml::parse_xml(&out.body).unwrap();
    assert_eq!(f["Content"].as_text(), Some(tricky));
}

#[test]
fn acks_are_never_encrypted() {
    for format in [PayloadFormat::Xml, PayloadFormat::Json] {
        let inc = encrypted_incoming(format);
        let s = server(format).reply(&inc, &Reply::Success).unwrap();
        assert_eq!(s.body, "success");
        let e = server(format).reply(&inc, &Reply::Empty).unwrap();
        assert_eq!(e.body, "");
    }
}

#[test]
fn encrypted_xml_reply() {
    let inc = encrypted_incoming(PayloadFormat::Xml);
    assert!(inc.is_encrypted());
    let srv = server(PayloadFormat::Xml);
    let out = srv
        .reply_with(
            &inc,
            &Reply::text("secret answer"),
            1700000001,
            b"0123456789abcdef",
        )
        .unwrap();
    insta::assert_snapshot!("encrypted_xml_text", out.body);
    let f = wx_api::push::xml::parse_xml(&out.body).unwrap();
    let enc = f["Encrypt"].as_text().unwrap();
    assert_eq!(f["Nonce"].as_text(), Some("n1"), "request nonce is reused");
    assert_eq!(
        f["MsgSignature"].as_text().unwrap(),
        msg_signature(&Token::new("tok"), "1700000001", "n1", enc)
    );
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let plain = crypto::decrypt(&key, enc, APPID).unwrap();
    let expected = Reply::text("secret answer")
        .to_xml("o_user", "gh_account", 1700000001)
        .unwrap();
    assert_eq!(plain, expected);
    // Random replies differ from each other but all decrypt.
    let a = srv.reply(&inc, &Reply::text("x")).unwrap();
    let b = srv.reply(&inc, &Reply::text("x")).unwrap();
    assert_ne!(a.body, b.body);
}

#[test]
fn encrypted_json_reply() {
    let inc = encrypted_incoming(PayloadFormat::Json);
    let out = server(PayloadFormat::Json)
        .reply_with(
            &inc,
            &Reply::transfer_customer_service(),
            1700000001,
            b"0123456789abcdef",
        )
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&out.body).unwrap();
    assert!(v["TimeStamp"].is_number());
    assert!(v["Nonce"].is_string());
    insta::assert_json_snapshot!("encrypted_json_transfer", v);
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let plain = crypto::decrypt(&key, v["Encrypt"].as_str().unwrap(), APPID).unwrap();
    let inner: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(inner["MsgType"], "transfer_customer_service");
    assert_eq!(inner["ToUserName"], "o_user");
}

#[test]
fn compatible_mode_is_detected_and_answered_encrypted() {
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    let enc = crypto::encrypt(&key, TEXT.as_bytes(), APPID).unwrap();
    // Compatible mode: the plaintext fields travel beside Encrypt.
    let body = TEXT.replace(
        "</xml>",
        &format!("<Encrypt><![CDATA[{enc}]]></Encrypt></xml>"),
    );
    let q = PushQuery {
        signature: Some(signature(&Token::new("tok"), "1", "n1")),
        timestamp: Some("1".into()),
        nonce: Some("n1".into()),
        encrypt_type: Some("aes".into()),
        msg_signature: Some(msg_signature(&Token::new("tok"), "1", "n1", &enc)),
        ..Default::default()
    };
    let srv = server(PayloadFormat::Xml);
    let inc = srv.open(&q, body.as_bytes()).unwrap();
    assert_eq!(inc.mode, Mode::Compatible);
    let out = srv.reply(&inc, &Reply::text("ok")).unwrap();
    assert!(out.body.contains("<Encrypt>"));
    assert!(out.body.contains("<MsgSignature>"));
}
