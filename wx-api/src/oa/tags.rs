//! User tags (用户标签): the account's tags, and which followers carry them.
//!
//! Limits (official user-tag pages), those marked "checked" are checked before sending:
//!
//! | limit | value | WeChat's errcode |
//! |---|---|---|
//! | tag name, checked | 1..=30 bytes of UTF-8 ([`MAX_NAME_BYTES`]) | 45158 (name too long) |
//! | tag name unique in the account | — | 45157 (name invalid or already used) |
//! | tags per account | 100 ([`MAX_TAGS`]) | 45056 (too many tags) |
//! | system tags 0, 1, 2 (`2` = 星标组, starred), checked for update and delete | not editable | 45058 |
//! | tag id, checked | not negative | 45159 (invalid tag id) |
//! | openids per tagging / untagging call, checked | 1..=50 ([`MAX_BATCH`]) | 40032 (invalid openid list size) |
//! | tags per user | 20 ([`MAX_TAGS_PER_USER`]) | 45059 (user has too many tags) |
//! | deleting a tag with more than 100 000 followers | refused: untag them in batches first | 45057 |
//!
//! The name's limit: the create page says "within 30 characters", while error 45158 says
//! "longer than 30 bytes", and WeChat does refuse names of more than 30 bytes (a Chinese
//! character counts 3), so bytes are checked. Other errcodes of the tagging calls: 40003
//! (invalid openid), 49003 (openid not of this account); `getidlist` may answer 45009
//! (daily quota) under heavy use.
//!
//! The members of a tag are paginated like the follower list: read them with [`members`].

use serde::{Deserialize, Serialize};
use wx_core::{Client, OfficialAccount, ValidationError};
use wx_macros::wx_endpoint;

/// Longest tag name, in UTF-8 bytes.
pub const MAX_NAME_BYTES: usize = 30;
/// Most tags an account can create (45056 beyond).
pub const MAX_TAGS: usize = 100;
/// Most tags one user can carry (45059 beyond).
pub const MAX_TAGS_PER_USER: usize = 20;
/// Most openids in one tagging or untagging call (40032 beyond).
pub const MAX_BATCH: usize = 50;
/// The highest system-reserved tag id: ids 0, 1 and 2 cannot be updated or deleted (45058).
pub const MAX_SYSTEM_TAG_ID: i64 = 2;

/// A tag's name and id, as `create` sends and answers it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TagName {
    /// The tag id (absent in a create request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The name, 1..=30 bytes of UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A tag of the account, as `tags/get` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tag {
    /// The tag id.
    pub id: i64,
    /// The name.
    pub name: String,
    /// How many followers carry it.
    #[serde(default)]
    pub count: u64,
}

/// A tag created: its id and name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedTag {
    /// The new tag's id.
    pub id: i64,
    /// Its name.
    pub name: String,
}

fn check_name(endpoint: &'static str, name: Option<&str>) -> Result<(), ValidationError> {
    let name = name.unwrap_or_default();
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return Err(ValidationError::new(
            endpoint,
            "tag.name",
            format!(
                "{} bytes; a tag name is 1..={MAX_NAME_BYTES} bytes of UTF-8 (WeChat answers 45158)",
                name.len()
            ),
        ));
    }
    Ok(())
}

fn check_id(endpoint: &'static str, field: &'static str, id: i64) -> Result<(), ValidationError> {
    if id < 0 {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!("{id}; tag ids are not negative (WeChat answers 45159)"),
        ));
    }
    Ok(())
}

fn check_editable(endpoint: &'static str, id: Option<i64>) -> Result<(), ValidationError> {
    let Some(id) = id else {
        return Err(ValidationError::new(
            endpoint,
            "tag.id",
            "missing; the tag id is required",
        ));
    };
    check_id(endpoint, "tag.id", id)?;
    if id <= MAX_SYSTEM_TAG_ID {
        return Err(ValidationError::new(
            endpoint,
            "tag.id",
            format!("{id} is a system tag (0..={MAX_SYSTEM_TAG_ID}), which cannot be changed (WeChat answers 45058)"),
        ));
    }
    Ok(())
}

/// 1..=`max` non-empty openids (shared with the blacklist).
pub(crate) fn check_openids(
    endpoint: &'static str,
    openids: &[String],
    max: usize,
    code: i64,
) -> Result<(), ValidationError> {
    let n = openids.len();
    if n == 0 || n > max {
        return Err(ValidationError::new(
            endpoint,
            "openid_list",
            format!("{n} openids; one call takes 1..={max} (WeChat answers {code})"),
        ));
    }
    if openids.iter().any(String::is_empty) {
        return Err(ValidationError::new(
            endpoint,
            "openid_list",
            "holds an empty openid (WeChat answers 40003)",
        ));
    }
    Ok(())
}

/// Create a tag (at most 100 per account; the name 1..=30 bytes of UTF-8, unique).
///
/// Errors: 45157 (name invalid or already used), 45158 (name too long), 45056 (too many tags).
#[wx_endpoint(POST "/cgi-bin/tags/create", app = oa, new = false, validate = super::check_create,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html")]
pub mod create {
    pub struct Request {
        /// The tag: only its `name`.
        pub tag: super::TagName,
    }
    pub struct Response {
        /// The tag created.
        pub tag: super::CreatedTag,
    }

    impl Request {
        /// A tag named `name` (1..=30 bytes of UTF-8, checked before sending).
        pub fn new(name: impl Into<String>) -> Self {
            Self {
                tag: super::TagName {
                    id: None,
                    name: Some(name.into()),
                },
            }
        }
    }
}

fn check_create(req: &create::Request) -> Result<(), ValidationError> {
    check_name("tags::create", req.tag.name.as_deref())
}

/// The account's tags, with how many followers carry each (system tags included).
#[wx_endpoint(GET "/cgi-bin/tags/get", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html")]
pub mod list {
    pub struct Request {}
    pub struct Response {
        /// The tags.
        #[wx(default)]
        pub tags: Vec<super::Tag>,
    }
}

/// Rename a tag (not a system tag 0..=2; the new name 1..=30 bytes, unique).
///
/// Errors: 45157, 45158 (as for create), 45058 (system tag), 45159 (invalid tag id).
#[wx_endpoint(POST "/cgi-bin/tags/update", app = oa, new = false, validate = super::check_update,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html")]
pub mod update {
    pub struct Request {
        /// The tag: its `id` and new `name`.
        pub tag: super::TagName,
    }
    pub struct Response {}

    impl Request {
        /// Renames tag `id` to `name`.
        pub fn new(id: i64, name: impl Into<String>) -> Self {
            Self {
                tag: super::TagName {
                    id: Some(id),
                    name: Some(name.into()),
                },
            }
        }
    }
}

fn check_update(req: &update::Request) -> Result<(), ValidationError> {
    check_editable("tags::update", req.tag.id)?;
    check_name("tags::update", req.tag.name.as_deref())
}

/// Delete a tag (not a system tag 0..=2); its followers lose it.
///
/// Errors: 45058 (system tag), 45057 (more than 100 000 followers carry it: untag them in
/// batches first), 45159 (invalid tag id).
#[wx_endpoint(POST "/cgi-bin/tags/delete", app = oa, new = false, validate = super::check_delete,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html")]
pub mod delete {
    pub struct Request {
        /// The tag: only its `id`.
        pub tag: super::TagName,
    }
    pub struct Response {}

    impl Request {
        /// Deletes tag `id`.
        pub fn new(id: i64) -> Self {
            Self {
                tag: super::TagName {
                    id: Some(id),
                    name: None,
                },
            }
        }
    }
}

fn check_delete(req: &delete::Request) -> Result<(), ValidationError> {
    check_editable("tags::delete", req.tag.id)
}

/// Tag up to 50 followers at once (1..=50 openids, checked before sending).
///
/// Errors: 40032 (list size), 40003 (invalid openid), 49003 (openid not of this account),
/// 45159 (invalid tag id), 45059 (a user would carry more than 20 tags).
#[wx_endpoint(POST "/cgi-bin/tags/members/batchtagging", app = oa, validate = super::check_batch_tag,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html")]
pub mod batch_tag {
    pub struct Request {
        /// The followers, 1..=50 openids.
        pub openid_list: Vec<String>,
        /// The tag to give them.
        pub tagid: i64,
    }
    pub struct Response {}
}

fn check_batch_tag(req: &batch_tag::Request) -> Result<(), ValidationError> {
    check_openids("tags::batch_tag", &req.openid_list, MAX_BATCH, 40032)?;
    check_id("tags::batch_tag", "tagid", req.tagid)
}

/// Remove a tag from up to 50 followers at once (1..=50 openids, checked before sending).
///
/// Errors: as for [`batch_tag`] (40032, 40003, 49003, 45159).
#[wx_endpoint(POST "/cgi-bin/tags/members/batchuntagging", app = oa, validate = super::check_batch_untag,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html")]
pub mod batch_untag {
    pub struct Request {
        /// The followers, 1..=50 openids.
        pub openid_list: Vec<String>,
        /// The tag to take from them.
        pub tagid: i64,
    }
    pub struct Response {}
}

fn check_batch_untag(req: &batch_untag::Request) -> Result<(), ValidationError> {
    check_openids("tags::batch_untag", &req.openid_list, MAX_BATCH, 40032)?;
    check_id("tags::batch_untag", "tagid", req.tagid)
}

/// A page of the followers carrying a tag: up to 10 000 openids after `next_openid`.
///
/// Read them all with [`members`]. Same cursor scheme as the follower list
/// ([`user::list`](super::user::list)), but no `total`: `tags/get` has each tag's count.
/// Errors: 45159 (invalid tag id), 40003 (invalid `next_openid`).
#[wx_endpoint(POST "/cgi-bin/user/tag/get", app = oa, validate = super::check_list_users,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html")]
pub mod list_users {
    pub struct Request {
        /// The tag.
        pub tagid: i64,
        /// The cursor: the `next_openid` of the previous page; empty (the default) for the
        /// first page, sent as `""` as the documentation's example does.
        #[wx(default)]
        pub next_openid: String,
    }
    pub struct Response {
        /// Openids in this page.
        #[wx(default)]
        pub count: u64,
        /// This page's openids (absent when the page is empty).
        pub data: Option<crate::paging::OpenIdList>,
        /// The cursor of the next page; empty at the end.
        #[wx(default)]
        pub next_openid: String,
    }

    impl Request {
        /// The page after `openid` (a previous page's `next_openid`).
        #[must_use]
        pub fn next_openid(mut self, openid: impl Into<String>) -> Self {
            self.next_openid = openid.into();
            self
        }
    }
}

fn check_list_users(req: &list_users::Request) -> Result<(), ValidationError> {
    check_id("tags::list_users", "tagid", req.tagid)
}

/// The ids of the tags a follower carries (at most 20).
///
/// Errors: 40003 (invalid openid), 49003 (openid not of this account), 45009 (quota).
#[wx_endpoint(POST "/cgi-bin/tags/getidlist", app = oa, validate = super::check_list_for_user,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html")]
pub mod list_for_user {
    pub struct Request {
        /// The follower's openid.
        pub openid: String,
    }
    pub struct Response {
        /// The ids of the follower's tags.
        #[wx(default)]
        pub tagid_list: Vec<i64>,
    }
}

fn check_list_for_user(req: &list_for_user::Request) -> Result<(), ValidationError> {
    if req.openid.is_empty() {
        return Err(ValidationError::new(
            "tags::list_for_user",
            "openid",
            "empty; the follower's openid is required",
        ));
    }
    Ok(())
}

/// The followers carrying tag `tag_id`, as a stream of openids that fetches the pages of
/// [`list_users`] as it is read (see [`crate::paging`] for where it ends and how a repeated
/// cursor is refused). [`OpenIds::total`](crate::paging::OpenIds::total) stays `None`:
/// the endpoint does not say.
pub fn members(client: &Client<OfficialAccount>, tag_id: i64) -> crate::paging::OpenIds {
    crate::paging::OpenIds::new(
        client,
        "oa::tags::list_users",
        move |client, cursor| async move {
            let mut request = list_users::Request::new(tag_id);
            if !cursor.is_empty() {
                request = request.next_openid(cursor);
            }
            let page = client.send(request).await?;
            Ok(crate::paging::Page {
                total: None,
                openids: page.data.map(|d| d.openid).unwrap_or_default(),
                next: page.next_openid,
            })
        },
    )
}
