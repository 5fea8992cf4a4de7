//! The format-neutral field tree both XML and JSON payloads are read into.
//!
//! Reading both formats into one tree lets one typed parser serve both, and makes JSON's
//! "number or string" and "object or array" variations disappear before typing.

use serde::Serialize;
use std::collections::BTreeMap;

use std::borrow::Cow;

use super::error::{PushError, Result};
use super::raw::{Raw, RawFields, DEFAULT_MAX_FIELDS};

/// Element name -> value, sorted so snapshots and debug output are stable.
pub type Fields = BTreeMap<String, Value>;

/// One field of a push payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Text, CDATA, or a JSON scalar (numbers and booleans as written).
    Text(String),
    /// A nested element or JSON object.
    Map(Fields),
    /// A repeated element or a JSON array.
    List(Vec<Value>),
}

impl Value {
    /// The text, if this is a scalar.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The nested fields, if this is a map.
    pub fn as_map(&self) -> Option<&Fields> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value as a list: a list's items, or the value itself as a single item
    /// (JSON `List` arrives as an object or an array; XML repeats or not).
    pub fn into_items(self) -> Vec<Value> {
        match self {
            Value::List(items) => items,
            other => vec![other],
        }
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        use serde_json::Value as J;
        match v {
            J::Null => Value::Text(String::new()),
            J::Bool(b) => Value::Text(b.to_string()),
            J::Number(n) => Value::Text(n.to_string()),
            J::String(s) => Value::Text(s),
            J::Array(a) => Value::List(a.into_iter().map(Value::from).collect()),
            J::Object(o) => Value::Map(o.into_iter().map(|(k, v)| (k, Value::from(v))).collect()),
        }
    }
}

/// Parses a JSON object into fields.
pub fn parse_json(input: &str) -> Result<Fields> {
    parse_json_raw(input, DEFAULT_MAX_FIELDS).map(fields_into_owned)
}

/// Parses a JSON object into the raw tree the typed parser consumes.
///
/// More than `max_fields` values (the top-level object included; every object member and
/// array item counts) is [`PushError::TooManyFields`]. serde_json parses in linear time
/// (objects into a `BTreeMap`: O(n log n) in the members of one object); the conversion
/// below is one pass.
pub(crate) fn parse_json_raw(input: &str, max_fields: usize) -> Result<RawFields<'static>> {
    let v: serde_json::Value =
        serde_json::from_str(input).map_err(|e| PushError::Json(e.to_string()))?;
    let mut budget = Budget {
        left: max_fields,
        limit: max_fields,
    };
    budget.spend()?;
    match v {
        serde_json::Value::Object(o) => members_to_raw(o, &mut budget),
        _ => Err(PushError::Json("top level is not an object".into())),
    }
}

/// What is left of the field limit.
struct Budget {
    left: usize,
    limit: usize,
}

impl Budget {
    fn spend(&mut self) -> Result<()> {
        self.left = self
            .left
            .checked_sub(1)
            .ok_or(PushError::TooManyFields { limit: self.limit })?;
        Ok(())
    }
}

fn members_to_raw(
    o: serde_json::Map<String, serde_json::Value>,
    budget: &mut Budget,
) -> Result<RawFields<'static>> {
    let mut out = Vec::with_capacity(o.len().min(budget.left));
    for (k, v) in o {
        out.push((Cow::Owned(k), json_to_raw(v, budget)?));
    }
    Ok(out)
}

/// serde_json bounds the nesting (128 levels), so the recursion is bounded too.
fn json_to_raw(v: serde_json::Value, budget: &mut Budget) -> Result<Raw<'static>> {
    use serde_json::Value as J;
    budget.spend()?;
    Ok(match v {
        J::Null => Raw::Text(Cow::Borrowed("")),
        J::Bool(b) => Raw::Text(Cow::Owned(b.to_string())),
        J::Number(n) => Raw::Text(Cow::Owned(n.to_string())),
        J::String(s) => Raw::Text(Cow::Owned(s)),
        J::Array(a) => {
            let mut items = Vec::with_capacity(a.len().min(budget.left));
            for item in a {
                items.push(json_to_raw(item, budget)?);
            }
            Raw::List(items)
        }
        J::Object(o) => Raw::Map(members_to_raw(o, budget)?),
    })
}

impl Raw<'_> {
    pub(crate) fn into_value(self) -> Value {
        match self {
            Raw::Text(t) => Value::Text(t.into_owned()),
            Raw::Map(m) => Value::Map(fields_into_owned(m)),
            Raw::List(items) => Value::List(items.into_iter().map(Raw::into_value).collect()),
        }
    }
}

impl Raw<'static> {
    pub(crate) fn from_value(v: Value) -> Self {
        match v {
            Value::Text(t) => Raw::Text(Cow::Owned(t)),
            Value::Map(m) => Raw::Map(
                m.into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Raw::from_value(v)))
                    .collect(),
            ),
            Value::List(items) => Raw::List(items.into_iter().map(Raw::from_value).collect()),
        }
    }
}

/// Owned, sorted fields; repeated names become lists (XML repetition = JSON array).
pub(crate) fn fields_into_owned(raw: RawFields<'_>) -> Fields {
    let mut out = Fields::new();
    for (k, v) in raw {
        insert_child(&mut out, k.into_owned(), v.into_value());
    }
    out
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
