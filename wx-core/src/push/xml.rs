//! A small, strict XML reader for WeChat's flat payloads, and CDATA writing helpers.
//!
//! WeChat XML is a root `<xml>` with text or nested elements and no meaningful attributes.
//! We read it into a borrowed field tree, reject DOCTYPEs and unknown entities (so no
//! entity expansion can happen), and cap the nesting depth.

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

/// Parses into the borrowed tree (children of the root element, in order).
///
/// A strict reader for the subset of XML that WeChat sends: elements, text, CDATA, the five
/// predefined entities and character references, comments, the declaration and processing
/// instructions. A DOCTYPE, any other entity, mismatched or unclosed tags, stray text or a
/// second root are errors. Hand-written because it is the hot path of every push (see
/// docs/BENCHMARKS.md); a differential test checks it against quick-xml.
pub(crate) fn parse_xml_raw(input: &str) -> Result<RawFields<'_>> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let bytes = input.as_bytes();
    let slice = |a: usize, b: usize| input.get(a..b).ok_or_else(|| xml_err("bad offsets"));
    let mut stack: Vec<Frame<'_>> = Vec::with_capacity(4);
    let mut root: Option<RawFields<'_>> = None;
    let mut i = 0usize;
    while i < bytes.len() {
        // Short text runs between tags: a plain loop beats a memchr call's setup.
        let lt = match bytes
            .get(i..)
            .and_then(|b| b.iter().position(|&c| c == b'<'))
        {
            Some(p) => i + p,
            None => {
                text_piece(&mut stack, slice(i, bytes.len())?)?;
                break;
            }
        };
        if lt > i {
            text_piece(&mut stack, slice(i, lt)?)?;
        }
        let tag = slice(lt, bytes.len())?;
        // Dispatch on the byte after `<` so ordinary tags cost no prefix comparisons.
        let kind = bytes.get(lt + 1).copied();
        if kind == Some(b'!') {
            if let Some(body) = tag.strip_prefix("<![CDATA[") {
                let end =
                    find_seq(body, ']', "]]>").ok_or_else(|| xml_err("unterminated CDATA"))?;
                let frame = stack
                    .last_mut()
                    .ok_or_else(|| xml_err("CDATA outside the root element"))?;
                frame.push_text(normalize_eol(slice(lt + 9, lt + 9 + end)?));
                i = lt + 9 + end + 3;
            } else if let Some(body) = tag.strip_prefix("<!--") {
                let end =
                    find_seq(body, '-', "-->").ok_or_else(|| xml_err("unterminated comment"))?;
                i = lt + 4 + end + 3;
            } else if tag
                .get(2..9)
                .is_some_and(|d| d.eq_ignore_ascii_case("DOCTYPE"))
            {
                return Err(PushError::XmlDoctype);
            } else {
                return Err(xml_err("unexpected markup declaration"));
            }
        } else if kind == Some(b'?') {
            let body = tag.get(2..).unwrap_or_default();
            if !body.bytes().next().is_some_and(is_name_start) {
                return Err(xml_err("processing instruction without a target"));
            }
            let end = find_seq(body, '?', "?>")
                .ok_or_else(|| xml_err("unterminated processing instruction"))?;
            i = lt + 2 + end + 2;
        } else if kind == Some(b'/') {
            let gt = bytes
                .get(lt + 2..)
                .and_then(|b| b.iter().position(|&c| c == b'>'))
                .ok_or_else(|| xml_err("unterminated end tag"))?;
            let name = slice(lt + 2, lt + 2 + gt)?.trim_end();
            let frame = stack.pop().ok_or_else(|| xml_err("unmatched end tag"))?;
            if frame.name != name {
                return Err(xml_err("mismatched end tag"));
            }
            match stack.last_mut() {
                Some(parent) => {
                    let name = frame.name.clone();
                    parent.children.push((name, frame.into_raw()));
                }
                None => root = Some(frame.children),
            }
            i = lt + 2 + gt + 1;
        } else {
            let (name_len, len, empty) = start_tag(bytes.get(lt + 1..).unwrap_or_default())?;
            let name = slice(lt + 1, lt + 1 + name_len)?;
            if root.is_some() {
                return Err(xml_err("content after the root element"));
            }
            if empty {
                match stack.last_mut() {
                    Some(parent) => parent
                        .children
                        .push((Cow::Borrowed(name), Raw::Text(Cow::Borrowed("")))),
                    None => root = Some(Vec::new()),
                }
            } else {
                if stack.len() >= MAX_DEPTH {
                    return Err(PushError::XmlTooDeep);
                }
                let mut frame = Frame::new(Cow::Borrowed(name));
                if stack.is_empty() {
                    // The root's children: one allocation for any usual payload.
                    frame.children.reserve(16);
                }
                stack.push(frame);
            }
            i = lt + 1 + len;
        }
    }
    if !stack.is_empty() {
        return Err(xml_err("unexpected end of document"));
    }
    root.ok_or_else(|| xml_err("no root element"))
}

/// `haystack.find(needle)` for short needles: jumps between occurrences of the first byte
/// with the (memchr-backed) char search, avoiding the per-call setup of a substring
/// searcher, which dominated small payloads.
fn find_seq(haystack: &str, first: char, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = haystack.get(from..).and_then(|h| h.find(first)) {
        let at = from + p;
        if haystack.get(at..).is_some_and(|h| h.starts_with(needle)) {
            return Some(at);
        }
        from = at + first.len_utf8();
    }
    None
}

fn xml_err(what: &str) -> PushError {
    PushError::Xml(what.to_owned())
}

/// Text between tags: entity-decoded into the current element, or whitespace outside it.
fn text_piece<'a>(stack: &mut [Frame<'a>], raw: &'a str) -> Result<()> {
    match stack.last_mut() {
        Some(frame) => {
            frame.push_text(unescape(raw)?);
            Ok(())
        }
        None if raw.trim().is_empty() => Ok(()),
        None => Err(xml_err("text outside the root element")),
    }
}

/// XML 1.0 line-end normalisation (`\r\n` and lone `\r` become `\n`).
fn normalize_eol(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Resolves the five predefined entities and character references; anything else is an
/// error, so no user-defined entity can ever expand.
fn unescape(raw: &str) -> Result<Cow<'_, str>> {
    let raw_n = normalize_eol(raw);
    if !raw_n.contains('&') {
        return Ok(raw_n);
    }
    let mut out = String::with_capacity(raw_n.len());
    let mut rest: &str = &raw_n;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').ok_or(PushError::XmlEntity)?;
        let name = &after[..semi];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .filter(|&c| c != '\0')
                    .ok_or(PushError::XmlEntity)?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Name bytes: ASCII letters, `_`, `:`, and any byte of a non-ASCII character; digits,
/// `-` and `.` after the first.
fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

fn is_name_byte(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'-' || b == b'.'
}

/// Parses `name attrs... >` or `name attrs... />` after the `<`. Returns the name length,
/// the number of bytes consumed (through `>`), and whether the element is empty.
fn start_tag(s: &[u8]) -> Result<(usize, usize, bool)> {
    if !s.first().copied().is_some_and(is_name_start) {
        return Err(xml_err("invalid element name"));
    }
    let name_len = s
        .iter()
        .position(|&b| !is_name_byte(b))
        .ok_or_else(|| xml_err("unterminated start tag"))?;
    if !matches!(
        s.get(name_len),
        Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
    ) {
        return Err(xml_err("invalid element name"));
    }
    // Attributes are not used by WeChat; accept well-quoted ones and skip them.
    let mut quote: Option<u8> = None;
    let mut prev = b' ';
    for (i, &c) in s.iter().enumerate().skip(name_len) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'<' => return Err(xml_err("`<` inside a tag")),
                b'/' if s.get(i + 1) != Some(&b'>') => return Err(xml_err("stray `/` in a tag")),
                b'>' => return Ok((name_len, i + 1, prev == b'/')),
                _ => {}
            },
        }
        if !c.is_ascii_whitespace() || quote.is_some() {
            prev = c;
        }
    }
    Err(xml_err("unterminated start tag"))
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
