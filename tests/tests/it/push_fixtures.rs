//! Every fixture under tests/fixtures/push parses; XML and JSON twins give the same
//! message; the parsed form is pinned by an insta snapshot per file.

use std::path::{Path, PathBuf};
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::msg_signature;
use wx_api::push::*;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/push");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("xml" | "json")))
        .collect();
    files.sort();
    files
}

fn format_of(p: &Path) -> PayloadFormat {
    match p.extension().and_then(|e| e.to_str()) {
        Some("json") => PayloadFormat::Json,
        _ => PayloadFormat::Xml,
    }
}

fn parse(p: &Path) -> Message {
    let text = std::fs::read_to_string(p).unwrap();
    parse_message(&text, format_of(p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn every_fixture_snapshot() {
    let files = fixtures();
    assert!(files.len() >= 60, "fixtures missing: {}", files.len());
    for p in &files {
        let name = p.file_name().unwrap().to_str().unwrap().replace('.', "_");
        let msg = parse(p);
        insta::assert_json_snapshot!(name, msg);
    }
}

#[test]
fn xml_and_json_twins_agree() {
    let mut pairs = 0;
    for p in fixtures()
        .iter()
        .filter(|p| format_of(p) == PayloadFormat::Xml)
    {
        let twin = p.with_extension("json");
        if twin.exists() {
            assert_eq!(parse(p), parse(&twin), "{}", p.display());
            pairs += 1;
        }
    }
    assert!(pairs >= 30);
}

#[test]
fn known_types_are_typed_and_unknown_ones_fall_back() {
    for p in fixtures() {
        let stem = p.file_stem().unwrap().to_str().unwrap().to_owned();
        let msg = parse(&p);
        let unknown = matches!(msg.body, Body::Unknown)
            || matches!(
                &msg.body,
                Body::Event(Event {
                    kind: EventKind::Unknown,
                    ..
                })
            );
        assert_eq!(unknown, stem.starts_with("unknown_"), "{stem}");
        // These fixtures carry fields on purpose that no typed variant consumes.
        let has_extra = [
            "text_from_article",
            "event_masssendjobfinish",
            "event_unsubscribe",
            // errcode/errmsg of the verdict push are kept, not typed.
            "event_wxa_media_check",
        ];
        if !unknown && !has_extra.contains(&stem.as_str()) {
            assert!(
                msg.extra.is_empty(),
                "{stem}: unexpected extra {:?}",
                msg.extra
            );
        }
    }
}

#[test]
fn specific_semantics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/push");
    let m = parse(&dir.join("event_subscribe_qrscene.xml"));
    match &m.event().unwrap().kind {
        EventKind::Subscribe(s) => {
            assert_eq!(s.scene.as_deref(), Some("123123"));
            assert_eq!(s.ticket.as_deref(), Some("TICKET_abc"));
        }
        k => panic!("{k:?}"),
    }
    let m = parse(&dir.join("event_subscribe.xml"));
    assert!(matches!(&m.event().unwrap().kind, EventKind::Subscribe(s) if s.scene.is_none()));
    let m = parse(&dir.join("text.xml"));
    assert!(matches!(&m.body, Body::Text(t) if t.content == "hello 你好 ]]> & <tag>"));
    let m = parse(&dir.join("text_from_article.json"));
    assert_eq!(
        m.extra.get("NewFutureField").and_then(Value::as_text),
        Some("kept")
    );
    assert_eq!(
        m.extra.get("BusinessId").and_then(Value::as_text),
        Some("biz_42")
    );
    // Unknown nested elements survive.
    let m = parse(&dir.join("unknown_msgtype.xml"));
    let depth = m.extra["Meta"].as_map().unwrap()["Depth"].as_map().unwrap();
    assert_eq!(depth["Unit"].as_text(), Some("cm"));
    // Case-insensitive event names keep the original spelling.
    let x = std::fs::read_to_string(dir.join("event_scan.xml"))
        .unwrap()
        .replace("SCAN", "scan");
    let m = parse_message(&x, PayloadFormat::Xml).unwrap();
    assert_eq!(m.event().unwrap().name, "scan");
    assert!(matches!(m.event().unwrap().kind, EventKind::Scan(_)));
    // Dedup keys: account, then MsgId for messages, From+CreateTime+Event (+EventKey,
    // +MsgID) for events.
    assert_eq!(
        parse(&dir.join("image.xml")).dedup_key(),
        "gh_97417a04a28d:id:1234567890123456"
    );
    assert_eq!(
        parse(&dir.join("event_click.json")).dedup_key(),
        "gh_97417a04a28d:ev:oUser_openid_123:1700000000:CLICK:key=V1001_TODAY_MUSIC"
    );
    assert_eq!(
        parse(&dir.join("event_templatesendjobfinish.xml")).dedup_key(),
        "gh_97417a04a28d:ev:oUser_openid_123:1700000000:TEMPLATESENDJOBFINISH:msgid=200163836"
    );
    assert_eq!(
        parse(&dir.join("event_subscribe_msg_sent_event.json")).dedup_key(),
        parse(&dir.join("event_subscribe_msg_sent_event.xml")).dedup_key(),
    );
    assert_eq!(
        parse(&dir.join("unknown_event.xml")).dedup_key(),
        "gh_97417a04a28d:ev:oUser_openid_123:1700000000:brand_new_event:key=k"
    );
}

/// Every fixture also goes through the full safe-mode path and comes out identical.
#[test]
fn every_fixture_through_safe_mode() {
    let eak = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    let key = AesKey::from_encoding_aes_key(eak).unwrap();
    for p in fixtures() {
        let format = format_of(&p);
        let server = PushServer::new(
            PushConfig::new("tok", "wxapp")
                .encoding_aes_key(eak)
                .unwrap()
                .format(format)
                .clock(|| 1), // agrees with the query's timestamp (window on by default)
        );
        let text = std::fs::read_to_string(&p).unwrap();
        let enc = crypto::encrypt(&key, text.as_bytes(), "wxapp").unwrap();
        let body = match format {
            PayloadFormat::Xml => format!("<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"),
            PayloadFormat::Json => format!(r#"{{"ToUserName":"gh","Encrypt":"{enc}"}}"#),
        };
        let q = PushQuery {
            timestamp: Some("1".into()),
            nonce: Some("2".into()),
            encrypt_type: Some("aes".into()),
            msg_signature: Some(msg_signature(&Token::new("tok"), "1", "2", &enc)),
            ..Default::default()
        };
        let inc = server.open(&q, body.as_bytes()).unwrap();
        assert_eq!(inc.message, parse(&p), "{}", p.display());
    }
}

const HEAD: &str = "<ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>";

fn xml_event(rest: &str) -> Message {
    parse_message(&format!("<xml>{HEAD}{rest}</xml>"), PayloadFormat::Xml).unwrap()
}

fn json_event(rest: &str) -> Message {
    parse_message(
        &format!(
            r#"{{"ToUserName":"gh","FromUserName":"o","CreateTime":1,"MsgType":"event",{rest}}}"#
        ),
        PayloadFormat::Json,
    )
    .unwrap()
}

fn text(v: &Value) -> Option<&str> {
    v.as_text()
}

/// Fields inside typed list items are kept, never dropped (on the item, or in `extra`).
#[test]
fn nested_leftovers_are_kept() {
    // PicList items: other fields stay under SendPicsInfo.PicList, one map per item.
    let m = xml_event("<Event>pic_weixin</Event><EventKey>6</EventKey><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum><Size>9</Size></item><Note>n</Note></PicList></SendPicsInfo>");
    let EventKind::PicWeixin(p) = &m.event().unwrap().kind else {
        panic!("{m:?}")
    };
    assert_eq!(p.pic_md5_sums, ["a", "b"]);
    let list = m.extra["SendPicsInfo"].as_map().unwrap()["PicList"]
        .as_map()
        .unwrap();
    assert_eq!(text(&list["Note"]), Some("n"));
    let Value::List(items) = &list["item"] else {
        panic!("{list:?}")
    };
    assert_eq!(items[0], Value::Map(Fields::new()));
    assert_eq!(text(&items[1].as_map().unwrap()["Size"]), Some("9"));
    // JSON, PicList as a bare array: the leftovers keep that shape.
    let m = json_event(
        r#""Event":"pic_sysphoto","EventKey":"6","SendPicsInfo":{"Count":1,"PicList":[{"PicMd5Sum":"a","Size":9}]}"#,
    );
    let Value::List(items) = &m.extra["SendPicsInfo"].as_map().unwrap()["PicList"] else {
        panic!("{:?}", m.extra)
    };
    assert_eq!(items.len(), 1);
    assert_eq!(text(&items[0].as_map().unwrap()["Size"]), Some("9"));
    // Nothing left over: nothing in extra.
    let m = xml_event("<Event>pic_weixin</Event><EventKey>6</EventKey><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item></PicList></SendPicsInfo>");
    assert!(m.extra.is_empty(), "{:?}", m.extra);

    // article_detail: count is typed, item leftovers are on the article, others stay.
    let m = xml_event("<Event>PUBLISHJOBFINISH</Event><PublishEventInfo><publish_id>1</publish_id><publish_status>0</publish_status><article_detail><count>2</count><item><idx>1</idx><article_url>u</article_url><is_deleted>false</is_deleted></item><item><idx>2</idx><article_url>v</article_url></item><note>n</note></article_detail></PublishEventInfo>");
    let EventKind::PublishJobFinish(p) = &m.event().unwrap().kind else {
        panic!("{m:?}")
    };
    assert_eq!(p.article_count, Some(2));
    assert_eq!(text(&p.articles[0].extra["is_deleted"]), Some("false"));
    assert!(p.articles[1].extra.is_empty());
    let detail = m.extra["PublishEventInfo"].as_map().unwrap()["article_detail"]
        .as_map()
        .unwrap();
    assert_eq!(detail.keys().collect::<Vec<_>>(), ["note"]);

    // subscribe_msg_* List items, XML (inside the wrapper) and JSON (top level).
    let m = xml_event("<Event>subscribe_msg_popup_event</Event><SubscribeMsgPopupEvent><List><TemplateId>t</TemplateId><SubscribeStatusString>accept</SubscribeStatusString><PopupScene>2</PopupScene><New>x</New></List></SubscribeMsgPopupEvent>");
    let EventKind::SubscribeMsgPopup(items) = &m.event().unwrap().kind else {
        panic!("{m:?}")
    };
    assert_eq!(text(&items[0].extra["New"]), Some("x"));
    assert!(m.extra.is_empty(), "{:?}", m.extra);
    let m = json_event(
        r#""Event":"subscribe_msg_change_event","List":[{"TemplateId":"t","SubscribeStatusString":"reject","New":"y"},{"TemplateId":"u","SubscribeStatusString":"accept"}]"#,
    );
    let EventKind::SubscribeMsgChange(items) = &m.event().unwrap().kind else {
        panic!("{m:?}")
    };
    assert_eq!(text(&items[0].extra["New"]), Some("y"));
    assert!(items[1].extra.is_empty());
    let m = xml_event("<Event>subscribe_msg_sent_event</Event><SubscribeMsgSentEvent><List><TemplateId>t</TemplateId><MsgID>1</MsgID><ErrorCode>0</ErrorCode><ErrorStatus>success</ErrorStatus><Nested><A>1</A></Nested></List></SubscribeMsgSentEvent>");
    let EventKind::SubscribeMsgSent(items) = &m.event().unwrap().kind else {
        panic!("{m:?}")
    };
    let nested = items[0].extra["Nested"].as_map().unwrap();
    assert_eq!(text(&nested["A"]), Some("1"));
}

/// Unknown fields that repeat keep their document order in `extra`; the typed fields
/// around them are read as usual; a repeated known field is an error, not a guess.
#[test]
fn repeated_fields_keep_their_order() {
    let m = parse_message(
        "<xml><Tag>1</Tag><ToUserName>gh</ToUserName><FromUserName>o</FromUserName>\
         <Tag>2</Tag><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content>\
         <Other>x</Other><Tag>3</Tag><MsgId>9</MsgId></xml>",
        PayloadFormat::Xml,
    )
    .unwrap();
    assert_eq!(m.from_user_name, "o");
    assert_eq!(m.msg_id.as_deref(), Some("9"));
    let Value::List(tags) = &m.extra["Tag"] else {
        panic!("{:?}", m.extra)
    };
    let tags: Vec<_> = tags.iter().filter_map(text).collect();
    assert_eq!(tags, ["1", "2", "3"]);
    assert_eq!(text(&m.extra["Other"]), Some("x"));
    assert_eq!(m.extra.len(), 2, "{:?}", m.extra);

    let twice = parse_message(
        "<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime>\
         <MsgType>text</MsgType><Content>a</Content><Content>b</Content></xml>",
        PayloadFormat::Xml,
    );
    assert!(
        matches!(twice, Err(PushError::MissingField("Content"))),
        "{twice:?}"
    );
}

#[test]
fn media_check_verdicts_are_typed_and_keyed_by_trace_id() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/push");
    for file in [
        "event_wxa_media_check.json",
        "event_wxa_media_check_label_text.json",
    ] {
        let m = parse(&dir.join(file));
        match &m.event().unwrap().kind {
            EventKind::WxaMediaCheck(c) => {
                assert_eq!(c.version, Some(2), "{file}");
                let verdict = c.result.as_ref().expect("result");
                // A number in one push, digits as text in the other: both read as 100.
                assert_eq!(
                    (verdict.suggest.as_str(), verdict.label),
                    ("pass", 100),
                    "{file}"
                );
                assert_eq!(c.detail.len(), 1);
                assert_eq!(c.detail[0].strategy.as_deref(), Some("content_model"));
                assert_eq!(c.detail[0].prob, Some(90));
            }
            k => panic!("{file}: {k:?}"),
        }
    }
    // errcode/errmsg stay in extra (lossless).
    let m = parse(&dir.join("event_wxa_media_check.json"));
    assert_eq!(m.extra.get("errmsg").and_then(Value::as_text), Some("ok"));
    // Two verdicts pushed in the same second by the platform account differ only by trace_id.
    let text = std::fs::read_to_string(dir.join("event_wxa_media_check.json")).unwrap();
    let other = text.replace("60f96f1d-3845297a-1976a3ae", "60f96f1d-3845297a-ffffffff");
    let a = parse_message(&text, PayloadFormat::Json).unwrap();
    let b = parse_message(&other, PayloadFormat::Json).unwrap();
    assert_ne!(
        a.dedup_key(),
        b.dedup_key(),
        "distinct verdicts must not be deduplicated"
    );
    // A v2 push without result still parses (lossless fallback), a push without trace_id does not type.
    let no_result = text.replace("\"result\"", "\"result_future\"");
    let m = parse_message(&no_result, PayloadFormat::Json).unwrap();
    assert!(matches!(&m.event().unwrap().kind, EventKind::WxaMediaCheck(c) if c.result.is_none()));
}
