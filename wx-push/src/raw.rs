//! The borrowed field tree the parsers produce first.
//!
//! Text and names borrow from the input where they can, and repeated names are not merged
//! until needed, so the hot path (verify + decrypt + parse) allocates only the strings that
//! end up in the typed message. Leftovers become the owned [`Fields`] of `Message::extra`.

use std::borrow::Cow;

/// Default cap on the fields of one push: XML elements, or JSON values (object members
/// and array items), counted over the whole tree, envelope and decrypted message alike.
///
/// The largest real pushes (a `pic_photo_or_album` event with 9 pictures, a
/// `publishjobfinish` with 8 articles, a subscribe-message event listing many templates)
/// carry well under 200; 10,000 leaves a 50x margin while bounding the typing and
/// de-duplication work a signed body can ask for (1 MiB of `<a/>` is ~250,000 elements).
pub const DEFAULT_MAX_FIELDS: usize = 10_000;

/// One borrowed value.
#[derive(Debug, Clone)]
pub(crate) enum Raw<'a> {
    Text(Cow<'a, str>),
    /// Children in document order; names may repeat.
    Map(RawFields<'a>),
    List(Vec<Raw<'a>>),
}

/// Children of an element or members of an object, in order, names possibly repeated.
pub(crate) type RawFields<'a> = Vec<(Cow<'a, str>, Raw<'a>)>;

impl<'a> Raw<'a> {
    pub(crate) fn into_items(self) -> Vec<Raw<'a>> {
        match self {
            Raw::List(items) => items,
            other => vec![other],
        }
    }
}

/// Name equality, with the cheap tests first: most names that differ differ in length or
/// at an end, and those never reach the byte comparison (a libc call per name on the hot
/// path otherwise).
#[inline]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    #[cfg(test)]
    work::count();
    let (x, y) = (a.as_bytes(), b.as_bytes());
    x.len() == y.len() && x.first() == y.first() && x.last() == y.last() && x == y
}

/// `true` if no two fields share a name. Linear: a few fields (every real push) are
/// compared pairwise, which beats hashing them; more go through a hash set (std's
/// randomly keyed SipHash, so chosen names cannot make it collide).
pub(crate) fn names_unique(fields: &RawFields<'_>) -> bool {
    /// Pairwise below this: at most 120 cheap comparisons.
    const PAIRWISE_MAX: usize = 16;
    if fields.len() <= PAIRWISE_MAX {
        return fields.iter().enumerate().all(|(i, (k, _))| {
            fields
                .get(..i)
                .is_some_and(|before| before.iter().all(|(b, _)| !same_name(b, k)))
        });
    }
    let mut seen = std::collections::HashSet::with_capacity(fields.len());
    fields.iter().all(|(k, _)| {
        #[cfg(test)]
        work::count();
        seen.insert(k.as_ref())
    })
}

/// Removes and returns every child called `name` (one value, or a list when repeated).
pub(crate) fn take<'a>(fields: &mut RawFields<'a>, name: &str) -> Option<Raw<'a>> {
    let first = fields.iter().position(|(k, _)| same_name(k, name))?;
    let (_, v) = fields.remove(first);
    if !fields
        .get(first..)
        .is_some_and(|rest| rest.iter().any(|(k, _)| same_name(k, name)))
    {
        return Some(v);
    }
    // Repeated: split in one pass (removing one by one would be quadratic on hostile input).
    let mut items = vec![v];
    let mut kept = Vec::with_capacity(fields.len());
    for (k, v) in fields.drain(..) {
        if same_name(&k, name) {
            items.push(v);
        } else {
            kept.push((k, v));
        }
    }
    *fields = kept;
    Some(Raw::List(items))
}

/// Counts name operations (comparisons and hash-set insertions) on this thread, so tests
/// can bound the work of parsing and typing a payload without timing it.
#[cfg(test)]
pub(crate) mod work {
    use std::cell::Cell;

    thread_local! {
        static NAME_OPS: Cell<u64> = const { Cell::new(0) };
    }

    pub(crate) fn count() {
        NAME_OPS.with(|c| c.set(c.get() + 1));
    }

    /// Name operations on this thread since the last call.
    pub(crate) fn take() -> u64 {
        NAME_OPS.with(|c| c.replace(0))
    }
}
