//! The blacklist (黑名单): followers blocked from messaging the account. Messages to a
//! blocked user fail with 43019 until they are unblocked. Verified accounts only.
//!
//! Limits (official blacklist pages): at most 20 openids per block or unblock call
//! ([`MAX_BATCH`], checked before sending; WeChat answers 40032, "一次只能拉黑20个用户"). The
//! list comes in pages of up to 10 000 openids (the current page and its example say
//! 1 000; [`blocked`] follows the cursor whatever the size). Errcodes: -1 (system busy),
//! 40003 (invalid openid), 49003 (openid not of this account), 40013 (invalid appid).

use wx_core::{Client, OfficialAccount, ValidationError};
use wx_macros::wx_endpoint;

/// Most openids in one block or unblock call (40032 beyond).
pub const MAX_BATCH: usize = 20;

/// A page of the blacklist: openids after `begin_openid`.
///
/// The request's cursor is `begin_openid`, the reply's `next_openid` (an exclusive cursor,
/// as for the follower list). Read the whole list with [`blocked`].
#[wx_endpoint(POST "/cgi-bin/tags/members/getblacklist", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html")]
pub mod list {
    pub struct Request {
        /// The cursor: the `next_openid` of the previous page; empty (the default) for the
        /// first page, sent as `""` as the documentation's example does.
        #[wx(default)]
        pub begin_openid: String,
    }
    pub struct Response {
        /// Openids on the blacklist.
        #[wx(default)]
        pub total: u64,
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
        pub fn begin_openid(mut self, openid: impl Into<String>) -> Self {
            self.begin_openid = openid.into();
            self
        }
    }
}

/// Block up to 20 followers (1..=20 openids, checked before sending).
///
/// Errors: 40032 (more than 20), 40003 (invalid openid), 49003 (openid not of this account).
#[wx_endpoint(POST "/cgi-bin/tags/members/batchblacklist", app = oa, validate = super::check_block,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html")]
pub mod block {
    pub struct Request {
        /// The followers to block, 1..=20 openids.
        pub openid_list: Vec<String>,
    }
    pub struct Response {}
}

fn check_block(req: &block::Request) -> Result<(), ValidationError> {
    super::tags::check_openids("blacklist::block", &req.openid_list, MAX_BATCH, 40032)
}

/// Unblock up to 20 users (1..=20 openids, checked before sending).
///
/// Errors: as for [`block`] (40032, 40003, 49003).
#[wx_endpoint(POST "/cgi-bin/tags/members/batchunblacklist", app = oa, validate = super::check_unblock,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html")]
pub mod unblock {
    pub struct Request {
        /// The users to unblock, 1..=20 openids.
        pub openid_list: Vec<String>,
    }
    pub struct Response {}
}

fn check_unblock(req: &unblock::Request) -> Result<(), ValidationError> {
    super::tags::check_openids("blacklist::unblock", &req.openid_list, MAX_BATCH, 40032)
}

/// Every blocked user, as a stream of openids that fetches the pages of [`list`] as it is
/// read (see [`crate::paging`] for where it ends and how a repeated cursor is refused).
pub fn blocked(client: &Client<OfficialAccount>) -> crate::paging::OpenIds {
    crate::paging::OpenIds::new(client, "oa::blacklist::list", |client, cursor| async move {
        let page = client
            .send(list::Request::new().begin_openid(cursor))
            .await?;
        Ok(crate::paging::Page {
            total: Some(page.total),
            openids: page.data.map(|d| d.openid).unwrap_or_default(),
            next: page.next_openid,
        })
    })
}
