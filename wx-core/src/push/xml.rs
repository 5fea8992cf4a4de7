//! A small, strict XML reader for WeChat's flat payloads, and CDATA writing helpers.
//!
//! WeChat XML is a root `<xml>` with text or nested elements and no meaningful attributes.
//! We read it (with quick-xml's reader) into a borrowed field tree, reject DOCTYPEs and
//! unknown entities (so no entity expansion can happen), and cap the nesting depth.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::borrow::Cow;

use super::error::{PushError, Result};
use super::raw::{fields_into_owned, Raw, RawFields};
use super::value::{Fields, Value};

/// No WeChat payload nests more than a few levels; this only protects the stack.
const MAX_DEPTH: usize = 16;

struct Frame<'a> {
    name: Cow<'a, str>,
    text: Option<Cow<'a, str>>,
    children: RawFields<'a>,
}

impl<'a> Frame<'a> {
    fn new(name: Cow<'a, str>) -> Self {
        Frame {
            name,
            text: None,
            children: Vec::new(),
        }
    }

    fn push_text(&mut self, piece: Cow<'a, str>) {
        // Whitespace between child elements is layout, not content.
        if !self.children.is_empty() && piece.trim().is_empty() {
            return;
        }
        match &mut self.text {
            None => self.text = Some(piece),
            Some(t) => t.to_mut().push_str(&piece),
        }
    }

    fn into_raw(self) -> Raw<'a> {
        if self.children.is_empty() {
            Raw::Text(self.text.unwrap_or(Cow::Borrowed("")))
        } else {
            Raw::Map(self.children)
        }
    }
}

/// Adds a child to an owned map; a repeated name turns into a list, which is how `<item>`
/// and `<List>` repetitions arrive.
pub(crate) fn insert_child(map: &mut Fields, name: String, value: Value) {
    match map.get_mut(&name) {
        None => {
            map.insert(name, value);
        }
        Some(Value::List(items)) => items.push(value),
        Some(existing) => {
            let first = std::mem::replace(existing, Value::List(Vec::new()));
            *existing = Value::List(vec![first, value]);
        }
    }
}

/// The element name, borrowed from the input when it can be located there.
fn element_name<'a>(input: &'a str, pos: usize, name: &str) -> Cow<'a, str> {
    // The reader stood on the `<` of this tag, so the name follows it; checked, not assumed.
    let start = pos.saturating_add(1);
    match input.get(start..start.saturating_add(name.len())) {
        Some(s) if s == name => Cow::Borrowed(s),
        _ => Cow::Owned(name.to_owned()),
    }
}

/// Parses into the borrowed tree (children of the root element, in order).
pub(crate) fn parse_xml_raw(input: &str) -> Result<RawFields<'_>> {
    let mut reader = Reader::from_str(input);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Frame<'_>> = Vec::with_capacity(4);
    let mut root: Option<RawFields<'_>> = None;
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let ev = reader
            .read_event()
            .map_err(|e| PushError::Xml(e.to_string()))?;
        match ev {
            Event::DocType(_) => return Err(PushError::XmlDoctype),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Start(start) => {
                if root.is_some() {
                    return Err(PushError::Xml("content after the root element".into()));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(PushError::XmlTooDeep);
                }
                let name = element_name(input, pos, start.name().as_ref());
                stack.push(Frame::new(name));
            }
            Event::Empty(start) => {
                let name = element_name(input, pos, start.name().as_ref());
                match stack.last_mut() {
                    Some(parent) => parent.children.push((name, Raw::Text(Cow::Borrowed("")))),
                    None if root.is_none() => root = Some(Vec::new()),
                    None => return Err(PushError::Xml("content after the root element".into())),
                }
            }
            Event::End(_) => {
                let frame = stack
                    .pop()
                    .ok_or_else(|| PushError::Xml("unmatched end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => {
                        let name = frame.name.clone();
                        parent.children.push((name, frame.into_raw()));
                    }
                    None => root = Some(frame.children),
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last_mut() {
                    Some(frame) => frame.push_text(text),
                    None if text.trim().is_empty() => {}
                    None => return Err(PushError::Xml("text outside the root element".into())),
                }
            }
            Event::CData(c) => {
                let frame = stack
                    .last_mut()
                    .ok_or_else(|| PushError::Xml("CDATA outside the root element".into()))?;
                frame.push_text(c.xml10_content());
            }
            Event::GeneralRef(r) => {
                let reference = format!("&{};", &*r);
                let resolved = quick_xml::escape::unescape(&reference)
                    .map_err(|_| PushError::XmlEntity)?
                    .into_owned();
                let frame = stack
                    .last_mut()
                    .ok_or_else(|| PushError::Xml("reference outside the root element".into()))?;
                frame.push_text(Cow::Owned(resolved));
            }
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(PushError::Xml("unexpected end of document".into()));
    }
    root.ok_or_else(|| PushError::Xml("no root element".into()))
}

/// Parses a WeChat XML document into the (owned) fields of its root element.
pub fn parse_xml(input: &str) -> Result<Fields> {
    parse_xml_raw(input).map(fields_into_owned)
}

/// Appends `<name><![CDATA[value]]></name>`, splitting any `]]>` inside the value across
/// two CDATA sections so the reader sees the original text.
pub fn push_cdata(out: &mut String, name: &str, value: &str) {
    out.push('<');
    out.push_str(name);
    out.push_str("><![CDATA[");
    out.push_str(&value.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]></");
    out.push_str(name);
    out.push('>');
}

/// Appends `<name>value</name>` for numbers.
pub fn push_number(out: &mut String, name: &str, value: impl std::fmt::Display) {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    let _ = write!(out, "<{name}>{value}</{name}>");
}
