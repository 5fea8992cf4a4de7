//! An Official Account's audience: followers (with remarks), tags and the blacklist.
//!
//! Lists are ordered sets, so that a page "after openid X" is a range query: every page
//! costs O(log n + page size), however long the list.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

/// WeChat's page size of `user/get`, `user/tag/get` and `getblacklist` (10 000 openids).
pub(crate) const PAGE_SIZE: usize = 10_000;
/// Tags an account may create (45056 beyond); system tags do not count.
pub(crate) const MAX_TAGS: usize = 100;
/// Tags a user may carry (45059 beyond).
pub(crate) const MAX_TAGS_PER_USER: usize = 20;
/// Ids 0, 1, 2 are system tags: not editable (45058).
pub(crate) const MAX_SYSTEM_TAG: i64 = 2;
/// The system tag every account lists (`tags/get`): 2, 星标组 (starred).
pub(crate) const STARRED: (i64, &str) = (2, "星标组");
/// A tag with more followers than this cannot be deleted (45057).
pub(crate) const MAX_DELETABLE_MEMBERS: usize = 100_000;
/// The first id given to a created tag (WeChat's ids of user tags start above 100).
const FIRST_TAG_ID: i64 = 100;

#[derive(Debug)]
pub(crate) struct Audience {
    pub followers: BTreeSet<String>,
    pub remarks: HashMap<String, String>,
    /// Tag id → name; the starred system tag included.
    pub tags: BTreeMap<i64, String>,
    pub next_tag_id: i64,
    /// Openid → the ids of its tags.
    pub user_tags: HashMap<String, BTreeSet<i64>>,
    /// Tag id → its followers.
    pub members: HashMap<i64, BTreeSet<String>>,
    pub blacklist: BTreeSet<String>,
    /// Followers generated so far (`Sandbox::add_followers`), for their openids.
    pub generated: u64,
}

impl Default for Audience {
    fn default() -> Self {
        Self {
            followers: BTreeSet::new(),
            remarks: HashMap::new(),
            tags: BTreeMap::from([(STARRED.0, STARRED.1.to_owned())]),
            next_tag_id: FIRST_TAG_ID,
            user_tags: HashMap::new(),
            members: HashMap::new(),
            blacklist: BTreeSet::new(),
            generated: 0,
        }
    }
}

/// A page of `set` after the exclusive cursor `after` (`""`: from the start): the openids
/// and the cursor to return, which is the page's last openid (WeChat's habit: the call after
/// the last page then returns `count` 0), or `""` for an empty page. `None` when `after` is
/// not in the set (40003).
pub(crate) fn page(
    set: &BTreeSet<String>,
    after: &str,
    size: usize,
) -> Option<(Vec<String>, String)> {
    if !after.is_empty() && !set.contains(after) {
        return None;
    }
    let start = if after.is_empty() {
        Bound::Unbounded
    } else {
        Bound::Excluded(after)
    };
    let openids: Vec<String> = set
        .range::<str, _>((start, Bound::Unbounded))
        .take(size.max(1))
        .cloned()
        .collect();
    let next = openids.last().cloned().unwrap_or_default();
    Some((openids, next))
}

impl Audience {
    /// Adds a follower; false when already following.
    pub fn follow(&mut self, openid: &str) -> bool {
        self.followers.insert(openid.to_owned())
    }

    /// Creates `n` followers with fresh openids (28 characters, ordered as created).
    pub fn generate(&mut self, n: usize) -> Vec<String> {
        let mut created = Vec::with_capacity(n);
        for _ in 0..n {
            self.generated += 1;
            let openid = format!("oSBX-{:023}", self.generated);
            self.followers.insert(openid.clone());
            created.push(openid);
        }
        created
    }

    pub fn is_follower(&self, openid: &str) -> bool {
        self.followers.contains(openid)
    }

    /// Tags created by the account (system tags excluded).
    pub fn created_tags(&self) -> usize {
        self.tags.keys().filter(|&&id| id > MAX_SYSTEM_TAG).count()
    }

    pub fn tag_ids_of(&self, openid: &str) -> Vec<i64> {
        self.user_tags
            .get(openid)
            .map(|t| t.iter().copied().collect())
            .unwrap_or_default()
    }

    pub fn members_of(&self, tag: i64) -> usize {
        self.members.get(&tag).map_or(0, BTreeSet::len)
    }

    /// Removes a tag and takes it from its members.
    pub fn delete_tag(&mut self, tag: i64) {
        self.tags.remove(&tag);
        for openid in self.members.remove(&tag).unwrap_or_default() {
            if let Some(tags) = self.user_tags.get_mut(&openid) {
                tags.remove(&tag);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_the_exclusive_cursor_and_end_with_an_empty_page() {
        let mut a = Audience::default();
        let ids = a.generate(5);
        let (p1, c1) = page(&a.followers, "", 2).unwrap();
        assert_eq!(p1, ids[..2]);
        let (p2, c2) = page(&a.followers, &c1, 2).unwrap();
        assert_eq!(p2, ids[2..4]);
        let (p3, c3) = page(&a.followers, &c2, 2).unwrap();
        assert_eq!(p3, ids[4..]);
        assert_eq!(c3, ids[4]);
        let (p4, c4) = page(&a.followers, &c3, 2).unwrap();
        assert!(p4.is_empty());
        assert_eq!(c4, "");
        assert!(page(&a.followers, "oSBX-nobody", 2).is_none());
    }
}
