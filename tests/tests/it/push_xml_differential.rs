//! Differential test of wx's hand-written push XML reader against quick-xml.
//!
//! A reference tree is built from quick-xml's events with the same shaping rules (leaf text,
//! child maps, repeated names as lists, layout whitespace ignored). Well-formed generated
//! documents must parse identically; on mutated documents wx may be stricter than quick-xml
//! but never more lenient, and whenever both accept they must agree. Attributes (which wx
//! checks and ignores) are generated too; the reference checks them with quick-xml's
//! attribute parser.

use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use wx_api::push::xml::parse_xml;
use wx_api::push::{Fields, Value};

fn insert(map: &mut Fields, name: String, v: Value) {
    match map.get_mut(&name) {
        None => {
            map.insert(name, v);
        }
        Some(Value::List(items)) => items.push(v),
        Some(existing) => {
            let first = std::mem::replace(existing, Value::List(Vec::new()));
            *existing = Value::List(vec![first, v]);
        }
    }
}

/// quick-xml's attribute checks (syntax, duplicates, entities in values); `None` on error.
fn attributes_ok(s: &quick_xml::events::BytesStart<'_>) -> Option<()> {
    for a in s.attributes() {
        a.ok()?
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?;
    }
    Some(())
}

/// Reference reader on quick-xml; `None` when quick-xml (or our shaping rules) reject.
fn reference(input: &str) -> Option<Fields> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut r = Reader::from_str(input);
    r.config_mut().check_end_names = true;
    let mut stack: Vec<(String, Option<String>, Fields)> = Vec::new();
    let mut root = None;
    loop {
        match r.read_event().ok()? {
            Event::DocType(_) => return None,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Start(s) => {
                attributes_ok(&s)?;
                if root.is_some() || stack.len() >= 16 {
                    return None;
                }
                stack.push((s.name().as_ref().to_owned(), None, Fields::new()));
            }
            Event::Empty(s) => match attributes_ok(&s).and(stack.last_mut()) {
                Some((_, _, ch)) => {
                    insert(ch, s.name().as_ref().to_owned(), Value::Text(String::new()))
                }
                None if root.is_none() && attributes_ok(&s).is_some() => root = Some(Fields::new()),
                None => return None,
            },
            Event::End(_) => {
                let (name, text, children) = stack.pop()?;
                let v = if children.is_empty() {
                    Value::Text(text.unwrap_or_default())
                } else {
                    Value::Map(children)
                };
                match stack.last_mut() {
                    Some((_, _, ch)) => insert(ch, name, v),
                    None => {
                        root = Some(match v {
                            Value::Map(m) => m,
                            _ => Fields::new(),
                        })
                    }
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                match stack.last_mut() {
                    Some((_, txt, ch)) => {
                        if ch.is_empty() || !text.trim().is_empty() {
                            txt.get_or_insert_with(String::new).push_str(&text);
                        }
                    }
                    None if text.trim().is_empty() => {}
                    None => return None,
                }
            }
            Event::CData(c) => {
                let (_, txt, _) = stack.last_mut()?;
                txt.get_or_insert_with(String::new)
                    .push_str(&c.xml10_content());
            }
            Event::GeneralRef(g) => {
                let s = quick_xml::escape::unescape(&format!("&{};", &*g))
                    .ok()?
                    .into_owned();
                if s == "\0" {
                    return None;
                }
                let (_, txt, _) = stack.last_mut()?;
                txt.get_or_insert_with(String::new).push_str(&s);
            }
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return None;
    }
    root
}

const NAMES: &[&str] = &[
    "xml",
    "ToUserName",
    "Content",
    "item",
    "List",
    "a",
    "中文",
    "x-y.z",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        Just("a &lt; b &amp; c &gt; d &quot;&apos;".to_owned()),
        Just("&#x4e2d;&#25991;".to_owned()),
        Just("<![CDATA[x ]] > <y> & z]]>".to_owned()),
        Just("<![CDATA[a]]]]><![CDATA[>b]]>".to_owned()),
        Just("line\r\nbreak".to_owned()),
        Just("".to_owned()),
    ]
}

/// Attribute lists, written right after the element name (WeChat sends none, but they are
/// legal XML and must neither break nor change the tree).
const ATTRS: &[&str] = &[
    "",
    "",
    "",
    " id=\"1\"",
    " a='x &amp; \"y\"' b=\"2\"",
    "\n  c = \"&#x4e2d; > &lt;\"\n",
    " xmlns:w=\"urn:x\" w:k=''",
];

#[derive(Debug, Clone)]
enum Node {
    Leaf(usize, usize, String),
    Empty(usize, usize),
    Branch(usize, usize, Vec<Node>),
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        (0..NAMES.len(), 0..ATTRS.len(), text()).prop_map(|(n, a, t)| Node::Leaf(n, a, t)),
        (0..NAMES.len(), 0..ATTRS.len()).prop_map(|(n, a)| Node::Empty(n, a)),
    ];
    leaf.prop_recursive(4, 24, 5, |inner| {
        (
            0..NAMES.len(),
            0..ATTRS.len(),
            proptest::collection::vec(inner, 1..5),
        )
            .prop_map(|(n, a, c)| Node::Branch(n, a, c))
    })
}

fn render(n: &Node, ws: &str, out: &mut String) {
    match n {
        Node::Leaf(i, a, t) => out.push_str(&format!("<{0}{1}>{t}</{0}>", NAMES[*i], ATTRS[*a])),
        Node::Empty(i, a) => out.push_str(&format!("<{}{} />", NAMES[*i], ATTRS[*a])),
        Node::Branch(i, a, c) => {
            out.push_str(&format!("<{}{}>", NAMES[*i], ATTRS[*a]));
            for ch in c {
                out.push_str(ws);
                render(ch, ws, out);
            }
            out.push_str(ws);
            out.push_str(&format!("</{}>", NAMES[*i]));
        }
    }
}

fn document() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(node(), 0..6),
        prop_oneof![Just(""), Just("\n"), Just("\n  ")],
        any::<bool>(),
        any::<bool>(),
        0..ATTRS.len(),
    )
        .prop_map(|(children, ws, decl, comment, root_attrs)| {
            let mut s = String::new();
            if decl {
                s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
            }
            if comment {
                s.push_str("<!-- c -->");
            }
            render(&Node::Branch(0, root_attrs, children), ws, &mut s);
            s.push_str(ws);
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn well_formed_documents_agree(doc in document()) {
        let want = reference(&doc);
        prop_assert!(want.is_some(), "reference rejected {doc:?}");
        let got = parse_xml(&doc);
        prop_assert_eq!(got.ok(), want, "{:?}", doc);
    }

    #[test]
    fn mutated_documents_never_more_lenient(
        doc in document(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), prop_oneof![
            Just(""), Just("<"), Just(">"), Just("&"), Just("/"), Just("]]>"), Just("<!"), Just("\""), Just("<a>"), Just("</a>"), Just("&x;"),
            Just(" x"), Just("="), Just("'"), Just(" x=y"), Just(" id=\"2\""), Just("--"), Just("&#1;"),
        ]), 1..4),
    ) {
        let mut s = doc.clone();
        for (idx, ins) in &edits {
            let mut at = idx.index(s.len() + 1);
            while !s.is_char_boundary(at) { at -= 1; }
            if ins.is_empty() {
                // delete one char
                if let Some(c) = s[at..].chars().next() {
                    s.replace_range(at..at + c.len_utf8(), "");
                }
            } else {
                s.insert_str(at, ins);
            }
        }
        let got = parse_xml(&s);
        if let Ok(fields) = got {
            let want = reference(&s);
            prop_assert_eq!(Some(fields), want, "{:?}", s);
        }
    }
}

#[test]
fn fixtures_agree_with_reference() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/push");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "xml") {
            let s = std::fs::read_to_string(&p).unwrap();
            assert_eq!(parse_xml(&s).ok(), reference(&s), "{}", p.display());
        }
    }
}
