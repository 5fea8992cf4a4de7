use std::hint::black_box;
use std::time::Instant;
use wx_core::push::crypto::{self, AesKey};
use wx_core::push::signature::{msg_signature, Token};
use wx_core::push::*;
const EVENT: &str = "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[oUser_openid_1234567890]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2tqb0VxRWZsSTFVRWZXaVVWV29SAAIEAAAAAAMEAAAAAA==]]></Ticket></xml>";
fn t(name: &str, mut f: impl FnMut()) {
    for _ in 0..10000 {
        f();
    }
    let n = 200000;
    let s = Instant::now();
    for _ in 0..n {
        f();
    }
    println!(
        "{name}: {:.3} µs",
        s.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
fn main() {
    let key = AesKey::from_encoding_aes_key("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").unwrap();
    let enc =
        crypto::encrypt_with_random(&key, b"0123456789abcdef", EVENT.as_bytes(), "wx").unwrap();
    let env = format!("<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>");
    let tok = Token::new("pamtest");
    t("msg_signature", || {
        black_box(msg_signature(
            &tok,
            "1700000000",
            "1320562132",
            black_box(&enc),
        ));
    });
    t("decrypt", || {
        black_box(crypto::decrypt(&key, black_box(&enc), "wx").unwrap());
    });
    t("parse_xml envelope", || {
        black_box(wx_core::push::xml::parse_xml(black_box(&env)).unwrap());
    });
    t("parse_message", || {
        black_box(parse_message(black_box(EVENT), PayloadFormat::Xml).unwrap());
    });
    raw();
    t("sum bytes env", || {
        black_box(black_box(&env).bytes().map(u32::from).sum::<u32>());
    });
    t("vec alloc 288", || {
        black_box(Vec::<u8>::with_capacity(black_box(288)));
    });
    t("raw scan tiny", || {
        black_box(wx_core::push::xml::__bench_raw(black_box(
            "<xml><a>b</a></xml>",
        )));
    });
    t("raw scan tiny cdata", || {
        black_box(wx_core::push::xml::__bench_raw(black_box(
            "<xml><a><![CDATA[b]]></a></xml>",
        )));
    });
    t("raw scan event", || {
        black_box(wx_core::push::xml::__bench_raw(black_box(EVENT)));
    });
    t("raw scan envelope", || {
        black_box(wx_core::push::xml::__bench_raw(black_box(&env)));
    });
    t("find ]]> in env", || {
        black_box(black_box(&env).find("]]>"));
    });
    t("alloc 7 strings", || {
        let v: Vec<String> = (0..7).map(|i| "abcdefghijk"[i..].to_owned()).collect();
        black_box(v);
    });
    t("parse_xml event", || {
        black_box(wx_core::push::xml::parse_xml(black_box(EVENT)).unwrap());
    });
}
#[allow(dead_code)]
fn raw() {
    t("quick-xml raw events", || {
        let mut r = quick_xml::Reader::from_str(black_box(EVENT));
        loop {
            match r.read_event().unwrap() {
                quick_xml::events::Event::Eof => break,
                e => {
                    black_box(e);
                }
            }
        }
    });
    t("btreemap 8 inserts", || {
        let mut m = std::collections::BTreeMap::new();
        for k in [
            "ToUserName",
            "FromUserName",
            "CreateTime",
            "MsgType",
            "Event",
            "EventKey",
            "Ticket",
            "X",
        ] {
            m.insert(k.to_owned(), k.to_owned());
        }
        black_box(m);
    });
}
