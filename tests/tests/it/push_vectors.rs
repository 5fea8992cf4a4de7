//! Published WXBizMsgCrypt vectors (the official sample's key, token, app id and
//! messages, restated in this file), pinned exactly.

use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature, sorted_sha1};
use wx_api::push::*;

const A_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const A_APPID: &str = "wxba5fad812f8e6fb9";
const A2_ENCRYPT: &str = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";
const A2_MSG: &str = r#"{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}"#;

const B_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const B_APPID: &str = "wxb11529c136998cb6";
const B1_ENCRYPT: &str =
    "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
const B2_MSG: &str = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>";
const B2_ENCRYPT: &str = "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb";
const C1_ENCRYPT: &str = "rTNFcsut4LfGuAFKEUVVpwcaCOTJzOd9twZdIW910jb3k+iicx2uvhttIZ3Qg9Qgty3BEF2xbOrz6boTfb30dMomcgrkTqdFPwnhqbk+kIQ7rZiwny9D7NUrTgA5kpX3KsZvrXzUZyP2x9YOlxbgm572lmxKvM7HAQQhIQ/p6HBmoY30bGXFK0BtIu1pW9TjhOYrLQoU18nWYjWqDA1ynkmOytpv7QRI1P1+0NoxL0q2zO1DgeSvnE8CZGo/o5Ap/WHK5W2RAsinpzN4/LjPnmB6U01I5XCoJoC0GK/yMZycd2Oh8Nq6+wBkC1U85oy0ktOY4nLvsQMLrourmMGdZHuTbqpeJ8Ao/5PRYJ+WBvRUwPfGKBL2+2IKZF49vAJqkcGWSHGE76ZN2erXeuNazf/o9o3lIE3q739o4c8t9QGPe31GT2Go/rOz1BsrASwvauNulCh+++yz+CQzBIuikA==";
const D_KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const D2_ENCRYPT: &str = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
const E_KEY: &str = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
const E_APPID: &str = "wx49f0ab532d5d035a";
const E1_ECHOSTR: &str =
    "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==";
const E2_ENCRYPT: &str = "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=";
const E3_PLAIN: &str = "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>";
const E3_ENCRYPT: &str = "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3";
const F_KEY: &str = "CyjBvGm4tJNmcThkeL5Wajzom4jKlBygKtpTkYeqsnE";
const F1_ENCRYPT: &str = "ZBY4h9SD1Y/v+ighMGU4yHSVWyMuf2UdQQfFuB8S/SY5il9MynR1rtKIJDG871vOqaCs0FVje6bX0VyhvL02PG7FXjRR+rAyiwVv7T7nBGgamkPeOv4n/jXgFQnY6NEt3Zym09t4aI+21pDcE6uN6JzcC+hxw5sBfVyza3NHyuLiyhvalsFbasA4HNcnK+4/3eZLMo+e6yvHUsY4WhmZWW5u5mHcDZm1jtI2fUtzod6Sx7PrCOhm+zUO1I98OD0EmICxHHMjMkGmSFuGhG8vXRKaRavzvV/fkscZK1HjW+XJOV0c9wYDZT+/LTjDS/yx5KkM5lIksiw57DsCro9gvmE1WdvB3bw3m+5ie2x1ZRSuh6ik1rbMTiXgJXt0MnbV8VsyPe1zhkbug1cwdhT9zcOTieb0oyiIl3wSAEkNNBNBaWB+78V1hM/ngMoZgKaaasJUCGtPH/rN+YnxGicDOg==";

fn key(eak: &str) -> AesKey {
    AesKey::from_encoding_aes_key(eak).expect("valid key")
}

fn query(pairs: &[(&str, &str)]) -> PushQuery {
    let s: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    PushQuery::from_query_str(&s.join("&"))
}

/// The vectors carry the timestamps they were signed at; each server's clock is set to
/// agree, since the timestamp window is on by default.
fn a_server(clock: fn() -> i64) -> PushServer {
    PushServer::new(
        PushConfig::new("AAAAA", A_APPID)
            .encoding_aes_key(A_KEY)
            .unwrap()
            .format(PayloadFormat::Json)
            .clock(clock),
    )
}

fn xml_envelope(to: &str, encrypt: &str) -> String {
    format!("<xml><ToUserName><![CDATA[{to}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>")
}

#[test]
fn a0_url_verification() {
    let token = Token::new("AAAAA");
    assert_eq!(
        signature(&token, "1714036504", "1514711492"),
        "f464b24fc39322e44b38aa78f5edd27bd1441696"
    );
    let q = query(&[
        ("signature", "f464b24fc39322e44b38aa78f5edd27bd1441696"),
        ("timestamp", "1714036504"),
        ("nonce", "1514711492"),
        ("echostr", "4375120948345356249"),
    ]);
    assert_eq!(
        a_server(|| 1_714_036_504).verify_url(&q).unwrap(),
        "4375120948345356249"
    );
    let bad = query(&[
        ("signature", "f464b24fc39322e44b38aa78f5edd27bd1441697"),
        ("timestamp", "1714036504"),
        ("nonce", "1514711492"),
        ("echostr", "4375120948345356249"),
    ]);
    assert!(matches!(
        a_server(|| 1_714_036_504).verify_url(&bad),
        Err(PushError::SignatureMismatch)
    ));
}

#[test]
fn a1_plaintext_signature() {
    assert_eq!(
        signature(&Token::new("AAAAA"), "1714037059", "486452656"),
        "899cf89e464efb63f54ddac96b0a0a235f53aa78"
    );
}

#[test]
fn a2_safe_mode_json_decrypt() {
    let token = Token::new("AAAAA");
    assert_eq!(
        msg_signature(&token, "1714112445", "415670741", A2_ENCRYPT),
        "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"
    );
    assert_eq!(
        signature(&token, "1714112445", "415670741"),
        "6c5c811b55cc85e0e1b54100749188c20beb3f5d"
    );
    let d = crypto::decrypt_raw(&key(A_KEY), A2_ENCRYPT).unwrap();
    assert_eq!(&d.random, b"a8eedb185eb2fecf");
    assert_eq!(d.message.len(), 167);
    assert_eq!(d.message, A2_MSG.as_bytes());
    assert_eq!(d.receiver_id, A_APPID.as_bytes());
    // Re-encrypting with the published random reproduces the ciphertext.
    assert_eq!(
        crypto::encrypt_with_random(&key(A_KEY), b"a8eedb185eb2fecf", A2_MSG.as_bytes(), A_APPID)
            .unwrap(),
        A2_ENCRYPT
    );

    let body = format!(r#"{{"ToUserName":"gh_97417a04a28d","Encrypt":"{A2_ENCRYPT}"}}"#);
    let q = query(&[
        ("signature", "6c5c811b55cc85e0e1b54100749188c20beb3f5d"),
        ("timestamp", "1714112445"),
        ("nonce", "415670741"),
        ("openid", "o9AgO5Kd5ggOC-bXrbNODIiE3bGY"),
        ("encrypt_type", "aes"),
        ("msg_signature", "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"),
    ]);
    let inc = a_server(|| 1_714_112_445)
        .open(&q, body.as_bytes())
        .unwrap();
    assert_eq!(inc.mode, Mode::Safe);
    assert!(inc.is_encrypted());
    assert_eq!(inc.message.from_user_name, "o9AgO5Kd5ggOC-bXrbNODIiE3bGY");
    assert_eq!(inc.message.create_time, 1714112445);
    let ev = inc.message.event().unwrap();
    assert_eq!(ev.name, "debug_demo");
    assert_eq!(
        ev.kind,
        EventKind::DebugDemo(DebugDemo {
            debug_str: Some("hello world".into())
        })
    );
}

#[test]
fn a3_encrypted_json_reply_exact() {
    let enc = crypto::encrypt_with_random(
        &key(A_KEY),
        b"707722b803182950",
        br#"{"demo_resp":"good luck"}"#,
        A_APPID,
    )
    .unwrap();
    assert_eq!(
        enc,
        "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ=="
    );
    let out = a_server(|| 1_714_112_445)
        .encrypt_reply(
            r#"{"demo_resp":"good luck"}"#,
            1713424427,
            "415670741",
            b"707722b803182950",
            PayloadFormat::Json,
        )
        .unwrap();
    let got: serde_json::Value = serde_json::from_str(&out).unwrap();
    let want: serde_json::Value = serde_json::from_str(r#"{"Encrypt":"ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==","MsgSignature":"1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1","TimeStamp":1713424427,"Nonce":"415670741"}"#).unwrap();
    assert_eq!(got, want);
    assert!(got["TimeStamp"].is_number());
}

#[test]
fn b1_b2_encrypt_and_decrypt_both_ways() {
    let k = key(B_KEY);
    let b1 = "我是中文abcd123";
    assert_eq!(b1.len(), 19);
    assert_eq!(
        crypto::encrypt_with_random(&k, b"aaaabbbbccccdddd", b1.as_bytes(), B_APPID).unwrap(),
        B1_ENCRYPT
    );
    assert_eq!(crypto::decrypt(&k, B1_ENCRYPT, B_APPID).unwrap(), b1);
    assert_eq!(
        crypto::encrypt_with_random(&k, b"aaaabbbbccccdddd", B2_MSG.as_bytes(), B_APPID).unwrap(),
        B2_ENCRYPT
    );
    assert_eq!(crypto::decrypt(&k, B2_ENCRYPT, B_APPID).unwrap(), B2_MSG);
}

#[test]
fn b_negative_bad_msg_signature() {
    let server = PushServer::new(
        PushConfig::new("pamtest", B_APPID)
            .clock(|| 1_409_304_348)
            .encoding_aes_key(B_KEY)
            .unwrap(),
    );
    let q = query(&[
        ("timestamp", "1409304348"),
        ("nonce", "xxxxxx"),
        ("encrypt_type", "aes"),
        ("msg_signature", "12345"),
    ]);
    let body = xml_envelope("gh_7f083739789a", B2_ENCRYPT);
    assert!(matches!(
        server.open(&q, body.as_bytes()),
        Err(PushError::SignatureMismatch)
    ));
}

fn c_query(sig: &str) -> PushQuery {
    query(&[
        ("timestamp", "1458300676"),
        ("nonce", "260774613"),
        ("encrypt_type", "aes"),
        ("msg_signature", sig),
    ])
}

#[test]
fn c1_xml_safe_mode_decrypt_and_negatives() {
    let server = PushServer::new(
        PushConfig::new("pamtest", B_APPID)
            .clock(|| 1_458_300_676)
            .encoding_aes_key(B_KEY)
            .unwrap(),
    );
    let body = xml_envelope("asdasdasd", C1_ENCRYPT);
    let inc = server
        .open(
            &c_query("4f3ad57b6989f09f4eb392acce4f9e93942ed890"),
            body.as_bytes(),
        )
        .unwrap();
    let m = &inc.message;
    assert_eq!(m.to_user_name, "asdasdasd");
    assert_eq!(m.from_user_name, "asdasdasdsadasd");
    assert_eq!(m.create_time, 1234567898);
    assert_eq!(m.msg_id.as_deref(), Some("12345"));
    match &m.body {
        Body::Text(t) => assert_eq!(t.content, "hello"),
        other => panic!("expected text, got {other:?}"),
    }
    // The unknown <URL> element is kept, not dropped.
    assert_eq!(
        m.extra.get("URL").and_then(Value::as_text),
        Some("http://wechat.laravel.so/server")
    );
    let d = crypto::decrypt_raw(&key(B_KEY), C1_ENCRYPT).unwrap();
    assert_eq!(&d.random, b"d43123b161a4ba84");
    assert_eq!(d.receiver_id, B_APPID.as_bytes());

    assert!(matches!(
        server.open(&c_query("invalid-signature"), body.as_bytes()),
        Err(PushError::SignatureMismatch)
    ));
    let wrong_app = PushServer::new(
        PushConfig::new("pamtest", "invalid appid")
            .clock(|| 1_458_300_676)
            .encoding_aes_key(B_KEY)
            .unwrap(),
    );
    assert!(matches!(
        wrong_app.open(
            &c_query("4f3ad57b6989f09f4eb392acce4f9e93942ed890"),
            body.as_bytes()
        ),
        Err(PushError::KeyMismatch { reason }) if matches!(*reason, PushError::AppIdMismatch)
    ));
}

#[test]
fn d1_d2_wecom_receiver_id() {
    let token = Token::new("QDG6eK");
    let echostr =
        "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    assert_eq!(
        msg_signature(&token, "1409659589", "263014780", echostr),
        "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
    );
    assert_eq!(
        crypto::decrypt(&key(D_KEY), echostr, "wx5823bf96d3bd56c7").unwrap(),
        "1616140317555161061"
    );

    let server = PushServer::new(
        PushConfig::new("QDG6eK", "wx5823bf96d3bd56c7")
            .clock(|| 1_409_659_813)
            .encoding_aes_key(D_KEY)
            .unwrap(),
    );
    let body = format!(
        "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[{D2_ENCRYPT}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
    );
    let q = query(&[
        ("msg_signature", "477715d11cdb4164915debcba66cb864d751f3e6"),
        ("timestamp", "1409659813"),
        ("nonce", "1372623149"),
        ("encrypt_type", "aes"),
    ]);
    let inc = server.open(&q, body.as_bytes()).unwrap();
    assert_eq!(inc.mode, Mode::Safe);
    assert_eq!(inc.message.from_user_name, "mycreate");
    assert_eq!(inc.message.msg_id.as_deref(), Some("4561255354251345929"));
    assert!(matches!(&inc.message.body, Body::Text(t) if t.content == "hello"));
    assert_eq!(
        inc.message.extra.get("AgentID").and_then(Value::as_text),
        Some("218")
    );
    let d = crypto::decrypt_raw(&key(D_KEY), D2_ENCRYPT).unwrap();
    assert_eq!(&d.random, b"0960688932c47ef1");
}

#[test]
fn e1_signature_math_only() {
    let token = Token::new("123456");
    assert_eq!(
        msg_signature(&token, "1411443780", "437374425", E1_ECHOSTR),
        "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96"
    );
    assert_ne!(
        msg_signature(&token, "1411443780", "437374424", E1_ECHOSTR),
        "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96"
    );
    assert_eq!(
        crypto::decrypt(&key(E_KEY), E1_ECHOSTR, E_APPID).unwrap(),
        "5927782489442352469"
    );
}

fn e_server() -> PushServer {
    PushServer::new(
        PushConfig::new("123456", E_APPID)
            .clock(|| 1_411_525_903)
            .encoding_aes_key(E_KEY)
            .unwrap(),
    )
}

#[test]
fn e2_decrypt() {
    let q = query(&[
        ("msg_signature", "74d92dfeb87ba7c714f89d98870ae5eb62dff26d"),
        ("timestamp", "1411525903"),
        ("nonce", "461056294"),
        ("encrypt_type", "aes"),
    ]);
    let body = xml_envelope(E_APPID, E2_ENCRYPT);
    let inc = e_server().open(&q, body.as_bytes()).unwrap();
    assert_eq!(inc.message.from_user_name, "messense");
    assert!(matches!(&inc.message.body, Body::Text(t) if t.content == "test"));
}

#[test]
fn e3_encrypt_reply_exact() {
    let out = e_server()
        .encrypt_reply(
            E3_PLAIN,
            1411525903,
            "461056294",
            b"1234567890123456",
            PayloadFormat::Xml,
        )
        .unwrap();
    let f = wx_api::push::xml::parse_xml(&out).unwrap();
    assert_eq!(f.get("Encrypt").and_then(Value::as_text), Some(E3_ENCRYPT));
    assert_eq!(
        f.get("MsgSignature").and_then(Value::as_text),
        Some("407518b7649e86ef23978113f92d27afa9296533")
    );
    assert_eq!(
        f.get("TimeStamp").and_then(Value::as_text),
        Some("1411525903")
    );
    assert_eq!(f.get("Nonce").and_then(Value::as_text), Some("461056294"));
    assert!(out.contains("<TimeStamp>1411525903</TimeStamp>"));
}

#[test]
fn f1_receiver_id_is_checked() {
    let token = Token::new("pcoLldqMu2WQQtYBeDX5HiXPsBFlTnDM");
    assert_eq!(
        msg_signature(&token, "1623301925", "1624217036", F1_ENCRYPT),
        "d728d2bea7e28585ebd14eacbd330d84073fe7f1"
    );
    let q = query(&[
        ("msg_signature", "d728d2bea7e28585ebd14eacbd330d84073fe7f1"),
        ("timestamp", "1623301925"),
        ("nonce", "1624217036"),
        ("encrypt_type", "aes"),
    ]);
    let body = xml_envelope("wwedab3d5fc43636d8", F1_ENCRYPT);
    let cfg = |id: &str| {
        PushServer::new(
            PushConfig::new("pcoLldqMu2WQQtYBeDX5HiXPsBFlTnDM", id)
                .clock(|| 1_623_301_925)
                .encoding_aes_key(F_KEY)
                .unwrap(),
        )
    };
    assert!(matches!(
        cfg("1000005").open(&q, body.as_bytes()),
        Err(PushError::KeyMismatch { reason }) if matches!(*reason, PushError::AppIdMismatch)
    ));
    let inc = cfg("wwedab3d5fc43636d8").open(&q, body.as_bytes()).unwrap();
    assert!(matches!(&inc.message.body, Body::Text(t) if t.content == "密文测试"));
    assert_eq!(inc.message.msg_id.as_deref(), Some("6972028683187026694"));
}

#[test]
fn g_signature_helpers() {
    let g1 = "Q/jUxIL3/jRaFeTKesIr1QSq2SOEApDqlzcRrRM6Jlk4EbMBns3plPOR/W3gThOEq+zYI42fNSoIUb3cQwt9zyD1aLU/7D3WNLute7LQ9LSHjZEfVmx5zcIR9zvrUWGjhe1whTPH4e1WR6vbOYs8o/bDRF0vX/NcE4XK7P83Y6CzQiJoKbjVCne84s0zcw5eh+ZUDB55eaDHPSoS7kAC8kB00pfBoDF0jyfc8CUKLW97e72vJGyUWjZ0BvYN+R+tFjMgEzg/EN1imuuFnf40DMAcvB6y+C97TuaWjpgfRdowGWzn10JAFNukRfQqjdA0e2bfczJ7+t9w/t8/XSMADJOt1xbnP+I5cRX/r7ueBGmG/6ejP3myO9yTXHdujGvwrXHuWw+J7qD4VoUVjbm2vQ1qQKbrweKssr6O+3XSbanZ5R3n26EpN/gfgX+r6rcGViqsFop9Ai9xMnfJUubB6Q==";
    assert_eq!(
        msg_signature(&Token::new("ovAkP0Tb"), "1628737717", "1811081856", g1),
        "8128e41a38892d814e4aa67753425da9dc8ec2b3"
    );
    assert_eq!(
        sorted_sha1(&["a", "b", "c"]),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    assert_eq!(
        sorted_sha1(&["c", "a", "b"]),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    assert_eq!(
        sorted_sha1(&["123", "345"]),
        "9f537aeb751ec72605f57f94a2f6dc3e3958e1dd"
    );
}

#[test]
fn key_rotation_uses_previous_key_and_replies_with_it() {
    // The push was encrypted with key A; the server now has B as current, A as previous.
    let server = PushServer::new(
        PushConfig::new("AAAAA", A_APPID)
            .clock(|| 1_714_112_445)
            .encoding_aes_key(B_KEY)
            .unwrap()
            .previous_encoding_aes_key(A_KEY)
            .unwrap()
            .format(PayloadFormat::Json),
    );
    let body = format!(r#"{{"ToUserName":"gh_97417a04a28d","Encrypt":"{A2_ENCRYPT}"}}"#);
    let q = query(&[
        ("timestamp", "1714112445"),
        ("nonce", "415670741"),
        ("encrypt_type", "aes"),
        ("msg_signature", "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"),
    ]);
    let inc = server.open(&q, body.as_bytes()).unwrap();
    assert!(inc.used_previous_key());
    let r = server
        .reply(&inc, &Reply::transfer_customer_service())
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let enc = v["Encrypt"].as_str().unwrap();
    assert!(crypto::decrypt(&key(A_KEY), enc, A_APPID).is_ok());
    assert!(crypto::decrypt(&key(B_KEY), enc, A_APPID).is_err());

    // Without the previous key, the same push fails to decrypt (typed error).
    let only_b = PushServer::new(
        PushConfig::new("AAAAA", A_APPID)
            .clock(|| 1_714_112_445)
            .encoding_aes_key(B_KEY)
            .unwrap()
            .format(PayloadFormat::Json),
    );
    assert!(only_b.open(&q, body.as_bytes()).is_err());
}
