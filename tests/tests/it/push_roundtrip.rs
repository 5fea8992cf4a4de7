//! Property tests: encrypt -> decrypt round-trips, and arbitrary input never panics.

use proptest::prelude::*;
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature};
use wx_api::push::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encrypt_then_decrypt(
        key in any::<[u8; 32]>(),
        random in any::<[u8; 16]>(),
        msg in ".{0,300}",
        app_id in "[a-z0-9]{0,40}",
    ) {
        let key = AesKey::from_bytes(key);
        let enc = crypto::encrypt_with_random(&key, &random, msg.as_bytes(), &app_id).unwrap();
        let d = crypto::decrypt_raw(&key, &enc).unwrap();
        prop_assert_eq!(d.random, random);
        prop_assert_eq!(d.message, msg.as_bytes());
        prop_assert_eq!(d.receiver_id, app_id.as_bytes());
        prop_assert_eq!(crypto::decrypt(&key, &enc, &app_id).unwrap(), msg);
    }

    #[test]
    fn output_is_32_aligned(msg in proptest::collection::vec(any::<u8>(), 0..200)) {
        use base64::Engine as _;
        let key = AesKey::from_bytes([9; 32]);
        let enc = crypto::encrypt(&key, &msg, "wxid").unwrap();
        let raw = base64::engine::general_purpose::STANDARD.decode(enc).unwrap();
        prop_assert_eq!(raw.len() % 32, 0);
    }

    #[test]
    fn encoding_aes_key_round_trip(key in any::<[u8; 32]>()) {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(key);
        let eak = b64.trim_end_matches('=');
        prop_assert_eq!(eak.len(), 43);
        prop_assert_eq!(AesKey::from_encoding_aes_key(eak).unwrap(), AesKey::from_bytes(key));
    }

    /// Correctly signed requests around arbitrary bodies, in plaintext and safe mode, so
    /// `open` gets past the signature (and the AES layer) to the parser every time: its
    /// outcome must be exactly that of parsing the body directly, and nothing panics.
    #[test]
    fn arbitrary_bodies_reach_the_parser_through_open(
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..400),
            // Well-formed pushes too, so the success path is exercised.
            ("[^\\p{Cc}<&\\]]{0,30}", any::<bool>(), any::<bool>()).prop_map(|(content, id, cdata)| {
                let c = if cdata { format!("<![CDATA[{content}]]>") } else { content };
                let id = if id { "<MsgId>9</MsgId>" } else { "" };
                format!("<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>{c}</Content>{id}</xml>").into_bytes()
            }),
            "\\{\"ToUserName\":\"gh\",\"FromUserName\":\"o\",\"CreateTime\":[0-9\"]{1,3},\"MsgType\":\"(text|event)\",\"Content\":\"[a-z]{0,5}\"\\}".prop_map(String::into_bytes),
        ],
    ) {
        let key = AesKey::from_encoding_aes_key(&"A".repeat(43)).unwrap();
        let token = Token::new("t");
        for format in [PayloadFormat::Xml, PayloadFormat::Json] {
            let s = PushServer::new(
                PushConfig::new("t", "wx").encoding_aes_key(&"A".repeat(43)).unwrap().format(format)
                    // Plaintext and safe mode must type alike; the clock agrees with "1".
                    .allow_plaintext().clock(|| 1),
            );
            let direct = match std::str::from_utf8(&body) {
                Ok(text) => parse_message(text, format).map_err(|e| e.to_string()),
                Err(_) => Err(PushError::NotUtf8.to_string()),
            };
            let plain = PushQuery {
                signature: Some(signature(&token, "1", "2")),
                timestamp: Some("1".into()),
                nonce: Some("2".into()),
                ..Default::default()
            };
            let got = s.open(&plain, &body).map(|i| i.message).map_err(|e| e.to_string());
            prop_assert_eq!(&got, &direct, "plaintext {:?}", format);

            let enc = crypto::encrypt(&key, &body, "wx").unwrap();
            let envelope = match format {
                PayloadFormat::Xml => format!("<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"),
                PayloadFormat::Json => format!(r#"{{"ToUserName":"gh","Encrypt":"{enc}"}}"#),
            };
            let safe = PushQuery {
                msg_signature: Some(msg_signature(&token, "1", "2", &enc)),
                timestamp: Some("1".into()),
                nonce: Some("2".into()),
                encrypt_type: Some("aes".into()),
                ..Default::default()
            };
            let got = s.open(&safe, envelope.as_bytes()).map(|i| i.message).map_err(|e| e.to_string());
            prop_assert_eq!(&got, &direct, "safe mode {:?}", format);
        }
        let _ = parse_message(&String::from_utf8_lossy(&body), PayloadFormat::Xml);
        let _ = parse_message(&String::from_utf8_lossy(&body), PayloadFormat::Json);
    }

    #[test]
    fn arbitrary_ciphertexts_never_panic(ct in proptest::collection::vec(any::<u8>(), 0..200)) {
        use base64::Engine as _;
        let enc = base64::engine::general_purpose::STANDARD.encode(&ct);
        let key = AesKey::from_bytes([1; 32]);
        let _ = crypto::decrypt(&key, &enc, "wx");
        let s = PushServer::new(PushConfig::new("t", "wx").encoding_aes_key(&"A".repeat(43)).unwrap().clock(|| 1));
        let q = PushQuery {
            timestamp: Some("1".into()), nonce: Some("2".into()), encrypt_type: Some("aes".into()),
            msg_signature: Some(msg_signature(&Token::new("t"), "1", "2", &enc)),
            ..Default::default()
        };
        let body = format!("<xml><Encrypt>{enc}</Encrypt></xml>");
        prop_assert!(s.open(&q, body.as_bytes()).is_err());
    }

    #[test]
    fn xml_text_round_trips_through_reply_cdata(
        // Control characters are not legal XML 1.0 (WeChat never sends them); `]]>` and
        // CDATA fragments are mixed in on purpose.
        parts in proptest::collection::vec(
            prop_oneof![
                Just("]]>".to_owned()),
                Just("<![CDATA[".to_owned()),
                Just("]]".to_owned()),
                "[^\\p{Cc}]{1,5}",
            ],
            0..20,
        )
    ) {
        let content = parts.concat();
        let xml = Reply::text(content.clone()).to_xml("u", "a", 1).unwrap();
        let f = wx_api::push::xml::parse_xml(&xml).unwrap();
        prop_assert_eq!(f["Content"].as_text(), Some(content.as_str()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// `Encrypt` goes through a SIMD decoder first and the lenient one when it refuses:
    /// together they accept exactly what the lenient decoder accepts, with the same bytes.
    #[test]
    fn encrypt_decoding_is_the_lenient_decoders(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        cut in 0usize..4,
        noise in prop_oneof![
            Just(""), Just("="), Just("=="), Just("A"), Just("!"), Just(" "), Just("\n"),
            Just("-"), Just("_"), Just("=A"), Just("/"),
        ],
        at in any::<prop::sample::Index>(),
        flip_last in any::<bool>(),
    ) {
        use base64::Engine as _;
        let mut text = base64::engine::general_purpose::STANDARD.encode(&bytes);
        // Non-canonical variants: padding cut off, a last character with trailing bits set,
        // and a stray character anywhere.
        for _ in 0..cut.min(text.len()) {
            if text.ends_with('=') {
                text.pop();
            }
        }
        if flip_last {
            if let Some(pos) = text.trim_end_matches('=').len().checked_sub(1) {
                let c = text.as_bytes()[pos];
                let swapped = match c { b'A'..=b'Y' => c + 1, b'Z' => b'a', b'a'..=b'y' => c + 1, _ => c };
                text.replace_range(pos..=pos, std::str::from_utf8(&[swapped]).unwrap());
            }
        }
        let pos = at.index(text.len() + 1);
        text.insert_str(pos, noise);
        let ours = wx_api::push::crypto::decode_encrypt(&text);
        let lenient = wx_api::push::crypto::decode_lenient(&text);
        prop_assert_eq!(ours.ok(), lenient.ok(), "{:?}", text);
    }
}
