//! The in-memory dedup window, the object safety of the store trait, and dedup keys.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wx_api::push::*;

#[test]
fn memory_window_remembers_within_ttl() {
    let d = MemoryDedup::new(10, Duration::from_secs(60));
    assert!(d.check("a"));
    assert!(!d.check("a"));
    assert!(!d.check("a"));
    assert!(d.check("b"));
    assert_eq!(d.len(), 2);
}

#[test]
fn memory_window_expires_after_ttl() {
    let d = MemoryDedup::new(10, Duration::from_millis(40));
    assert!(d.check("a"));
    std::thread::sleep(Duration::from_millis(60));
    assert!(d.check("a"), "expired keys are new again");
    assert!(!d.check("a"));
}

#[test]
fn memory_window_is_bounded() {
    let d = MemoryDedup::new(3, Duration::from_secs(60));
    for k in ["a", "b", "c", "d"] {
        assert!(d.check(k));
    }
    assert_eq!(d.len(), 3);
    assert!(d.check("a"), "oldest key was evicted");
    assert!(!d.check("d"));
}

#[test]
fn forgotten_keys_are_new_again() {
    let d = MemoryDedup::new(10, Duration::from_secs(60));
    assert!(d.check("a"));
    assert!(d.check("b"));
    d.remove("a");
    assert_eq!(d.len(), 1);
    assert!(d.check("a"), "a forgotten key is handled again");
    assert!(!d.check("a"));
    assert!(!d.check("b"), "other keys are untouched");
    d.remove("never-seen");
    assert_eq!(d.len(), 2);
}

#[test]
fn stale_queue_entry_of_a_forgotten_key_does_not_evict_it_again() {
    // Capacity counts insertions: "a" is queued twice (forgotten, then seen again).
    let d = MemoryDedup::new(2, Duration::from_secs(60));
    assert!(d.check("a"));
    d.remove("a");
    assert!(d.check("a"));
    // Inserting "b" pushes out the stale first entry of "a", not its live one.
    assert!(d.check("b"));
    assert!(!d.check("a"), "the re-inserted key is still remembered");
    assert!(!d.check("b"));
}

#[test]
fn default_ttl_covers_retries() {
    assert!(MemoryDedup::DEFAULT_TTL >= Duration::from_secs(20));
}

/// A custom store, used through `Arc<dyn DedupStore>` (object safety).
struct CountingStore {
    inner: MemoryDedup,
    calls: AtomicUsize,
}

impl DedupStore for CountingStore {
    fn first_seen<'a>(&'a self, key: &'a str) -> DedupFuture<'a> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Ok(self.inner.check(key))
        })
    }

    fn forget<'a>(&'a self, key: &'a str) -> DedupFuture<'a, ()> {
        self.inner.remove(key);
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn custom_store_is_object_safe() {
    let store: Arc<dyn DedupStore> = Arc::new(CountingStore {
        inner: MemoryDedup::default(),
        calls: AtomicUsize::new(0),
    });
    assert!(store.first_seen("k").await.unwrap());
    assert!(!store.first_seen("k").await.unwrap());
    store.forget("k").await.unwrap();
    assert!(store.first_seen("k").await.unwrap());
    let mem: Arc<dyn DedupStore> = Arc::new(MemoryDedup::default());
    assert!(mem.first_seen("k").await.unwrap());
    assert!(!mem.first_seen("k").await.unwrap());
    mem.forget("k").await.unwrap();
    assert!(mem.first_seen("k").await.unwrap());
}

fn event(to: &str, from: &str, time: i64, event: &str, rest: &str) -> Message {
    let xml = format!(
        "<xml><ToUserName>{to}</ToUserName><FromUserName>{from}</FromUserName><CreateTime>{time}</CreateTime><MsgType>event</MsgType><Event>{event}</Event>{rest}</xml>"
    );
    parse_message(&xml, PayloadFormat::Xml).unwrap()
}

fn key(m: &Message) -> String {
    m.dedup_key()
}

#[test]
fn dedup_key_separates_menu_clicks_in_the_same_second() {
    let a = event("gh", "o", 1, "CLICK", "<EventKey>BTN_A</EventKey>");
    let b = event("gh", "o", 1, "CLICK", "<EventKey>BTN_B</EventKey>");
    assert_ne!(key(&a), key(&b));
    // A retry of the same click shares the key.
    assert_eq!(
        key(&a),
        key(&event("gh", "o", 1, "CLICK", "<EventKey>BTN_A</EventKey>"))
    );
    // Also for events the parser does not type: EventKey is read from `extra`.
    let c = event("gh", "o", 1, "new_event", "<EventKey>1</EventKey>");
    let d = event("gh", "o", 1, "new_event", "<EventKey>2</EventKey>");
    assert_ne!(key(&c), key(&d));
}

#[test]
fn dedup_key_separates_job_results_by_msg_id() {
    let t = |id: &str| {
        event(
            "gh",
            "o",
            1,
            "TEMPLATESENDJOBFINISH",
            &format!("<MsgID>{id}</MsgID><Status>success</Status>"),
        )
    };
    assert_ne!(key(&t("1")), key(&t("2")));
    assert_eq!(key(&t("1")), key(&t("1")));
    let sent = |id: &str| {
        event("gh", "o", 1, "subscribe_msg_sent_event", &format!(
            "<SubscribeMsgSentEvent><List><TemplateId>T</TemplateId><MsgID>{id}</MsgID><ErrorCode>0</ErrorCode><ErrorStatus>success</ErrorStatus></List></SubscribeMsgSentEvent>"
        ))
    };
    assert_ne!(key(&sent("1")), key(&sent("2")));
    let unknown = |id: &str| event("gh", "o", 1, "new_job", &format!("<MsgID>{id}</MsgID>"));
    assert_ne!(key(&unknown("1")), key(&unknown("2")));
}

#[test]
fn dedup_key_treats_empty_msg_id_as_absent() {
    let text = |msg_id: &str, time: i64| {
        let xml = format!("<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>{time}</CreateTime><MsgType>text</MsgType><Content>hi</Content>{msg_id}</xml>");
        parse_message(&xml, PayloadFormat::Xml).unwrap()
    };
    for empty in ["<MsgId/>", "<MsgId></MsgId>", "<MsgId><![CDATA[]]></MsgId>"] {
        let (a, b) = (text(empty, 1), text(empty, 2));
        assert_eq!(a.msg_id, None, "{empty}");
        assert!(!key(&a).contains(":id:"), "{}", key(&a));
        assert_ne!(
            key(&a),
            key(&b),
            "{empty}: different pushes, different keys"
        );
    }
    let json = |time: i64| {
        parse_message(
            &format!(r#"{{"ToUserName":"gh","FromUserName":"o","CreateTime":{time},"MsgType":"text","Content":"hi","MsgId":""}}"#),
            PayloadFormat::Json,
        )
        .unwrap()
    };
    assert_eq!(json(1).msg_id, None);
    assert_ne!(key(&json(1)), key(&json(2)));
    // A message built by hand with an empty id is keyed the same way.
    let mut m = text("", 1);
    m.msg_id = Some(String::new());
    assert_eq!(key(&m), key(&text("", 1)));
}

#[test]
fn dedup_key_separates_accounts() {
    let text = |to: &str| {
        let xml = format!("<xml><ToUserName>{to}</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>42</MsgId></xml>");
        parse_message(&xml, PayloadFormat::Xml).unwrap()
    };
    assert_ne!(key(&text("gh_one")), key(&text("gh_two")));
    let click = |to: &str| event(to, "o", 1, "CLICK", "<EventKey>K</EventKey>");
    assert_ne!(key(&click("gh_one")), key(&click("gh_two")));
}

#[test]
fn dedup_key_parts_cannot_run_into_each_other() {
    // Unescaped, both would read `...:CLICK:key=x:msgid=5`.
    let a = event("gh", "o", 1, "CLICK", "<EventKey>x:msgid=5</EventKey>");
    let b = event(
        "gh",
        "o",
        1,
        "CLICK",
        "<EventKey>x</EventKey><MsgID>5</MsgID>",
    );
    assert_ne!(key(&a), key(&b));
    // Unescaped, both would read `gh:id:1:id:2`.
    let text = |to: &str, id: &str| {
        let xml = format!("<xml><ToUserName>{to}</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>{id}</MsgId></xml>");
        parse_message(&xml, PayloadFormat::Xml).unwrap()
    };
    assert_ne!(key(&text("gh", "1:id:2")), key(&text("gh:id:1", "2")));
    assert_eq!(key(&text("g%h", "1")), "g%25h:id:1");
}
