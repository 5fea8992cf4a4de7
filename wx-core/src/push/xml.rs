//! A small, strict XML reader for WeChat's flat payloads, and CDATA writing helpers.
//!
//! WeChat XML is a root `<xml>` with text or nested elements, no attributes that matter.
//! We read it into a [`Fields`] tree (shared with the JSON path), reject DOCTYPEs and
//! unknown entities (no entity expansion at all), and cap the nesting depth.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;

use super::error::{PushError, Result};
use super::value::{Fields, Value};

/// No WeChat payload nests more than a few levels; this only protects the stack.
const MAX_DEPTH: usize = 16;

struct Frame {
    name: String,
    text: String,
    children: Fields,
}

impl Frame {
    fn new(name: String) -> Self {
        Frame {
            name,
            text: String::new(),
            children: BTreeMap::new(),
        }
    }

    fn into_value(self) -> Value {
        if self.children.is_empty() {
            Value::Text(self.text)
        } else {
            // Whitespace between child elements is layout, not content.
            Value::Map(self.children)
        }
    }
}

/// Adds a child; a repeated name turns into a list, which is how `<item>` and `<List>`
/// repetitions arrive.
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

/// Parses a WeChat XML document into the fields of its root element.
pub fn parse_xml(input: &str) -> Result<Fields> {
    let mut reader = Reader::from_str(input);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Fields> = None;
    loop {
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
                let name = start.name().as_ref().to_owned();
                stack.push(Frame::new(name));
            }
            Event::Empty(start) => {
                let name = start.name().as_ref().to_owned();
                match stack.last_mut() {
                    Some(parent) => {
                        insert_child(&mut parent.children, name, Value::Text(String::new()))
                    }
                    None if root.is_none() => root = Some(BTreeMap::new()),
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
                        insert_child(&mut parent.children, name, frame.into_value());
                    }
                    None => root = Some(frame.children),
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last_mut() {
                    Some(frame) => frame.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(PushError::Xml("text outside the root element".into())),
                }
            }
            Event::CData(c) => {
                let text = c.xml10_content();
                let frame = stack
                    .last_mut()
                    .ok_or_else(|| PushError::Xml("CDATA outside the root element".into()))?;
                frame.text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let reference = format!("&{name};");
                let resolved =
                    quick_xml::escape::unescape(&reference).map_err(|_| PushError::XmlEntity)?;
                let frame = stack
                    .last_mut()
                    .ok_or_else(|| PushError::Xml("reference outside the root element".into()))?;
                frame.text.push_str(&resolved);
            }
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(PushError::Xml("unexpected end of document".into()));
    }
    root.ok_or_else(|| PushError::Xml("no root element".into()))
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
