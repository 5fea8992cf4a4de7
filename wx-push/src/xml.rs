//! A small, strict XML reader for WeChat's flat payloads, and CDATA writing helpers.
//!
//! WeChat XML is a root `<xml>` with text or nested elements and no attributes. We read it
//! into a borrowed field tree, reject DOCTYPEs and unknown entities (so no entity expansion
//! can happen), and cap the nesting depth.

use std::borrow::Cow;

use super::error::{PushError, Result};
use super::raw::{same_name, Raw, RawFields, DEFAULT_MAX_FIELDS};
use super::value::{fields_into_owned, Fields};

/// No WeChat payload nests more than a few levels; this only protects the stack.
const MAX_DEPTH: usize = 16;

/// WeChat sends no attributes; well-formed ones are tolerated, a few per element.
const MAX_ATTRIBUTES: usize = 16;

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
        if !self.children.is_empty() && is_layout(&piece) {
            return;
        }
        match &mut self.text {
            None => self.text = Some(piece),
            Some(t) => t.to_mut().push_str(&piece),
        }
    }

    /// Text beside child elements (`<xml>junk<a/></xml>`) would be lost: an error.
    fn check_mixed(&self) -> Result<()> {
        match &self.text {
            Some(t) if !self.children.is_empty() && !is_layout(t) => {
                Err(xml_err("text mixed with child elements"))
            }
            _ => Ok(()),
        }
    }

    /// The element as its parent's child: its name and value.
    fn into_child(self) -> (Cow<'a, str>, Raw<'a>) {
        let value = if self.children.is_empty() {
            Raw::Text(self.text.unwrap_or(Cow::Borrowed("")))
        } else {
            Raw::Map(self.children)
        };
        (self.name, value)
    }
}

/// Parses into the borrowed tree (children of the root element, in order).
///
/// A strict reader for the subset of XML that WeChat sends: elements, text, CDATA, the five
/// predefined entities and character references, comments, the declaration and processing
/// instructions. A DOCTYPE, any other entity, mismatched or unclosed tags, stray or mixed
/// text, a raw `]]>`, `--` in a comment, a malformed attribute or a second root are errors. Hand-written because it is the hot path of every push (see
/// docs/BENCHMARKS.md); a differential test checks it against quick-xml.
///
/// More than `max_fields` elements (the root included) is [`PushError::TooManyFields`].
/// Every step is linear in the input: each byte is scanned a bounded number of times.
pub(crate) fn parse_xml_raw(input: &str, max_fields: usize) -> Result<RawFields<'_>> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let bytes = input.as_bytes();
    check_raw_chars(bytes)?;
    let slice = |a: usize, b: usize| input.get(a..b).ok_or_else(|| xml_err("bad offsets"));
    let mut stack: Vec<Frame<'_>> = Vec::with_capacity(4);
    let mut root: Option<RawFields<'_>> = None;
    let mut i = 0usize;
    let mut elements = 0usize;
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
                    find_seq(body, b']', "]]>").ok_or_else(|| xml_err("unterminated CDATA"))?;
                let frame = stack
                    .last_mut()
                    .ok_or_else(|| xml_err("CDATA outside the root element"))?;
                frame.push_text(normalize_eol(slice(lt + 9, lt + 9 + end)?));
                i = lt + 9 + end + 3;
            } else if let Some(body) = tag.strip_prefix("<!--") {
                // The first `--` must be the end: XML forbids it inside a comment.
                let end =
                    find_seq(body, b'-', "--").ok_or_else(|| xml_err("unterminated comment"))?;
                if body.as_bytes().get(end + 2) != Some(&b'>') {
                    return Err(xml_err("`--` inside a comment"));
                }
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
            let end = find_seq(body, b'?', "?>")
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
            frame.check_mixed()?;
            match stack.last_mut() {
                Some(parent) => parent.children.push(frame.into_child()),
                None => root = Some(frame.children),
            }
            i = lt + 2 + gt + 1;
        } else {
            let (name_len, len, empty) = start_tag(bytes.get(lt + 1..).unwrap_or_default())?;
            let name = slice(lt + 1, lt + 1 + name_len)?;
            if root.is_some() {
                return Err(xml_err("content after the root element"));
            }
            elements += 1;
            if elements > max_fields {
                return Err(PushError::TooManyFields { limit: max_fields });
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
                if let Some(parent) = stack.last_mut() {
                    if let Some((value, next)) = leaf(input, lt + 1 + len, name)? {
                        parent
                            .children
                            .push((Cow::Borrowed(name), Raw::Text(value)));
                        i = next;
                        continue;
                    }
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

/// `haystack.find(needle)` for short needles starting with the ASCII byte `first`: jumps
/// between occurrences of that byte with memchr (SIMD), without the per-call setup of a
/// substring searcher, which dominated small payloads.
fn find_seq(haystack: &str, first: u8, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let mut from = 0;
    while let Some(p) = bytes.get(from..).and_then(|h| memchr::memchr(first, h)) {
        let at = from + p;
        if bytes
            .get(at..)
            .is_some_and(|h| h.starts_with(needle.as_bytes()))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn xml_err(what: &str) -> PushError {
    PushError::Xml(what.to_owned())
}

/// The value of a run of text: a raw `]]>` is an error, entities are resolved, line ends
/// normalised.
fn text_value(raw: &str) -> Result<Cow<'_, str>> {
    // One pass for the three bytes that need work; usual text has none of them.
    if memchr::memchr3(b']', b'&', b'\r', raw.as_bytes()).is_none() {
        return Ok(Cow::Borrowed(raw));
    }
    if find_seq(raw, b']', "]]>").is_some() {
        return Err(xml_err("`]]>` in text"));
    }
    unescape(raw)
}

/// Text between tags: entity-decoded into the current element, or whitespace outside it.
fn text_piece<'a>(stack: &mut [Frame<'a>], raw: &'a str) -> Result<()> {
    match stack.last_mut() {
        Some(frame) => {
            frame.push_text(text_value(raw)?);
            Ok(())
        }
        None if find_seq(raw, b']', "]]>").is_some() => Err(xml_err("`]]>` in text")),
        None if is_layout(raw) => Ok(()),
        None => Err(xml_err("text outside the root element")),
    }
}

/// The fast path for an element that holds one run of text or one CDATA section, which is
/// nearly every WeChat field: its value and the offset just past its end tag. `None` sends
/// the element down the general path, which then yields the same value or the same error
/// (anything else inside, a missing or different end tag).
fn leaf<'a>(input: &'a str, start: usize, name: &str) -> Result<Option<(Cow<'a, str>, usize)>> {
    let Some(rest) = input.get(start..) else {
        return Ok(None);
    };
    if let Some(body) = rest.strip_prefix("<![CDATA[") {
        let Some(end) = find_seq(body, b']', "]]>") else {
            return Ok(None);
        };
        let (Some(content), Some(next)) = (
            body.get(..end),
            end_tag_of(input, start + 9 + end + 3, name),
        ) else {
            return Ok(None);
        };
        return Ok(Some((normalize_eol(content), next)));
    }
    let Some(lt) = rest.bytes().position(|c| c == b'<') else {
        return Ok(None);
    };
    let (Some(raw), Some(next)) = (rest.get(..lt), end_tag_of(input, start + lt, name)) else {
        return Ok(None);
    };
    Ok(Some((text_value(raw)?, next)))
}

/// If `input[at..]` is the end tag of `name` (`</name>`, whitespace allowed before `>`, as
/// the general path reads end tags), the offset just past it.
fn end_tag_of(input: &str, at: usize, name: &str) -> Option<usize> {
    let rest = input.get(at..)?.strip_prefix("</")?;
    // Usually exactly `</name>`.
    if rest.as_bytes().get(name.len()) == Some(&b'>')
        && rest.get(..name.len()).is_some_and(|n| same_name(n, name))
    {
        return Some(at + 2 + name.len() + 1);
    }
    let gt = rest.bytes().position(|c| c == b'>')?;
    rest.get(..gt)
        .is_some_and(|n| same_name(n.trim_end(), name))
        .then_some(at + 2 + gt + 1)
}

/// Only XML whitespace (space, tab, CR, LF): indentation between elements.
fn is_layout(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// XML 1.0 line-end normalisation (`\r\n` and lone `\r` become `\n`).
fn normalize_eol(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', s.as_bytes()).is_some() {
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
                    char_ref_code(hex, 16)
                } else if let Some(dec) = name.strip_prefix('#') {
                    char_ref_code(dec, 10)
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .filter(|&c| is_xml_char(c))
                    .ok_or(PushError::XmlEntity)?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Digits only: `from_str_radix` alone would also take a leading `+`.
fn char_ref_code(digits: &str, radix: u32) -> Option<u32> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok()
}

/// Refuses raw characters outside XML 1.0 `Char`: C0 controls other than tab, LF and CR
/// (a NUL, say), and U+FFFE / U+FFFF; character references are checked where they are
/// decoded ([`is_xml_char`]). One pass, written as a fold so it vectorises; the position is
/// looked up only for the error.
fn check_raw_chars(bytes: &[u8]) -> Result<()> {
    let bad_control = |b: u8| b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r';
    let suspect = bytes
        .iter()
        .fold(false, |acc, &b| acc | bad_control(b) | (b == 0xEF));
    if !suspect {
        return Ok(());
    }
    if let Some(at) = bytes.iter().position(|&b| bad_control(b)) {
        return Err(xml_err(&format!(
            "control character U+{:04X} at byte {at} is not allowed in XML",
            bytes.get(at).copied().unwrap_or(0)
        )));
    }
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
    if let Some(at) = bytes
        .windows(3)
        .position(|w| w[0] == 0xEF && w[1] == 0xBF && (w[2] == 0xBE || w[2] == 0xBF))
    {
        return Err(xml_err(&format!(
            "noncharacter U+FFFE/U+FFFF at byte {at} is not allowed in XML"
        )));
    }
    Ok(())
}

/// XML 1.0 `Char`: what a character reference may produce (no NUL, other C0 controls,
/// surrogates or U+FFFE/U+FFFF).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
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
///
/// Attributes are checked (`name="value"` or `'value'`, whitespace before each, no `<`,
/// only known entities, no duplicates) and then ignored: WeChat sends none.
fn start_tag(s: &[u8]) -> Result<(usize, usize, bool)> {
    if !s.first().copied().is_some_and(is_name_start) {
        return Err(xml_err("invalid element name"));
    }
    let name_len = s
        .iter()
        .position(|&b| !is_name_byte(b))
        .ok_or_else(|| xml_err("unterminated start tag"))?;
    let is_ws = |i: usize| {
        s.get(i)
            .is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    };
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut i = name_len;
    loop {
        let before_ws = i;
        while is_ws(i) {
            i += 1;
        }
        match s.get(i).copied() {
            None => return Err(xml_err("unterminated start tag")),
            Some(b'>') => return Ok((name_len, i + 1, false)),
            Some(b'/') if s.get(i + 1) == Some(&b'>') => return Ok((name_len, i + 2, true)),
            Some(b'/') => return Err(xml_err("stray `/` in a tag")),
            Some(b'<') => return Err(xml_err("`<` inside a tag")),
            Some(b) if is_name_start(b) && i > before_ws => {
                let start = i;
                while s.get(i).copied().is_some_and(is_name_byte) {
                    i += 1;
                }
                let name = s.get(start..i).unwrap_or_default();
                while is_ws(i) {
                    i += 1;
                }
                if s.get(i) != Some(&b'=') {
                    return Err(xml_err("attribute without a value"));
                }
                i += 1;
                while is_ws(i) {
                    i += 1;
                }
                let quote = match s.get(i).copied() {
                    Some(q @ (b'"' | b'\'')) => q,
                    _ => return Err(xml_err("unquoted attribute value")),
                };
                i += 1;
                let len = s
                    .get(i..)
                    .and_then(|v| v.iter().position(|&c| c == quote))
                    .ok_or_else(|| xml_err("unterminated attribute value"))?;
                let value = s.get(i..i + len).unwrap_or_default();
                if value.contains(&b'<') {
                    return Err(xml_err("`<` in an attribute value"));
                }
                // Valid UTF-8: the quotes around it are ASCII boundaries of a `str`.
                unescape(std::str::from_utf8(value).map_err(|_| PushError::NotUtf8)?)?;
                if seen.contains(&name) {
                    return Err(xml_err("duplicate attribute"));
                }
                if seen.len() >= MAX_ATTRIBUTES {
                    return Err(xml_err("too many attributes"));
                }
                seen.push(name);
                i += len + 1;
            }
            Some(_) if i == name_len => return Err(xml_err("invalid element name")),
            Some(_) => return Err(xml_err("malformed attribute")),
        }
    }
}

/// Parses a WeChat XML document into the (owned) fields of its root element.
pub fn parse_xml(input: &str) -> Result<Fields> {
    parse_xml_raw(input, DEFAULT_MAX_FIELDS).map(fields_into_owned)
}

/// Appends `<name><![CDATA[value]]></name>`, splitting any `]]>` inside the value across
/// two CDATA sections so the reader sees the original text.
pub fn push_cdata(out: &mut String, name: &str, value: &str) {
    out.push('<');
    out.push_str(name);
    out.push_str("><![CDATA[");
    // A reader turns a raw CR (and CR LF) into LF, inside CDATA too (XML end-of-line
    // handling), so a CR leaves the section as a character reference; `]]>` would end it.
    for (i, piece) in value.split('\r').enumerate() {
        if i > 0 {
            out.push_str("]]>&#13;<![CDATA[");
        }
        if piece.contains("]]>") {
            out.push_str(&piece.replace("]]>", "]]]]><![CDATA[>"));
        } else {
            out.push_str(piece);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    // Found by fuzzing (fuzz/regressions/push_xml_plain, push_xml_decrypted): a push whose
    // ToUserName carried raw NULs and a `&#13;` was accepted, and the reply, addressed with
    // a raw CR inside CDATA, read back with LF: addressed to someone else.
    #[test]
    fn raw_control_characters_and_noncharacters_are_refused() {
        for doc in [
            "<xml><A>a\u{0}b</A></xml>",
            "<xml><A><![CDATA[a\u{b}b]]></A></xml>",
            "<xml><A>\u{fffe}</A></xml>",
            "<xml><A>\u{ffff}</A></xml>",
        ] {
            assert!(
                matches!(parse_xml(doc), Err(PushError::Xml(_))),
                "{doc:?} was accepted"
            );
        }
        let ok = parse_xml("<xml><A>\ta\r\nb\u{fffd}\u{ef}</A></xml>");
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn a_carriage_return_survives_cdata() {
        for value in ["a\rb", "\r", "x]]>\r]]>y\r\n", "plain"] {
            let mut out = String::from("<xml>");
            push_cdata(&mut out, "A", value);
            out.push_str("</xml>");
            let fields = parse_xml(&out).unwrap();
            assert_eq!(
                fields.get("A").and_then(Value::as_text),
                Some(value),
                "{out}"
            );
        }
    }
}
