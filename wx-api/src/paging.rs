//! Lists of openids that WeChat hands out a page at a time, as one async stream.
//!
//! Three lists share one cursor scheme: the followers (`user/get`, [`oa::user::followers`]),
//! the members of a tag (`user/tag/get`, [`oa::tags::members`]) and the blacklist
//! (`tags/members/getblacklist`, [`oa::blacklist::blocked`]). A page holds at most 10 000
//! openids (the blacklist's current page says 1 000; the stream does not depend on the size)
//! and a `next_openid` cursor: passed back, it continues *after* that openid.
//!
//! [`OpenIds`] follows the cursor to the end, fetching each page only when the openids of
//! the previous one have all been read. The list ends at a page with no openids (`count`
//! 0, or no `data`) or with an empty `next_openid`. WeChat's last page often carries the
//! last openid as its cursor, so a complete walk usually ends with one request that
//! returns nothing: that request is expected, not an error.
//!
//! **A cursor seen twice**: if a page returns a cursor the stream has already followed
//! (the one it was requested with, or any earlier one), following it would loop forever.
//! The stream then yields the page's openids, then one [`Error::Decode`] naming the
//! endpoint and the repeated cursor, then ends. The cursors followed are kept in a hash
//! set, so the check costs O(1) a page.
//!
//! **Errors end the stream**: an error from WeChat or the transport is yielded once, and
//! the stream ends after it (a list read again starts from the beginning or from
//! [`OpenIds::starting_after`] the last openid received).
//!
//! [`oa::user::followers`]: crate::oa::user::followers
//! [`oa::tags::members`]: crate::oa::tags::members
//! [`oa::blacklist::blocked`]: crate::oa::blacklist::blocked

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::{Deserialize, Serialize};
use wx_core::{Client, Error, OfficialAccount};

/// The asynchronous iterator trait [`OpenIds`] implements (from `futures-core`, the crate
/// that `futures`, `tokio-stream` and friends all build on), re-exported so that it can be
/// named without another dependency.
pub use futures_core::Stream;

/// The `data` object of a page: `{"openid": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OpenIdList {
    /// The openids of the page, in WeChat's order.
    #[serde(default)]
    pub openid: Vec<String>,
}

/// One page of a list, whatever the endpoint.
pub(crate) struct Page {
    /// How many openids the whole list holds, when the endpoint says.
    pub total: Option<u64>,
    pub openids: Vec<String>,
    /// The cursor to continue after; empty at the end.
    pub next: String,
}

type PageFuture = Pin<Box<dyn Future<Output = Result<Page, Error>> + Send>>;
type Fetch = Box<dyn Fn(Client<OfficialAccount>, String) -> PageFuture + Send + Sync>;

/// The openids of a paginated list, as a [`Stream`] of `Result<String, Error>` that fetches
/// the next page when the current one has been read (see the [module docs](self) for where
/// it ends, and what it does with a repeated cursor or an error).
///
/// Made by [`oa::user::followers`](crate::oa::user::followers),
/// [`oa::tags::members`](crate::oa::tags::members) and
/// [`oa::blacklist::blocked`](crate::oa::blacklist::blocked). Without a stream library, read
/// it with [`next_openid`](Self::next_openid) or [`collect_all`](Self::collect_all).
///
/// ```no_run
/// # async fn demo(wx: wx_api::Client) -> Result<(), wx_api::Error> {
/// let mut followers = wx_api::oa::user::followers(&wx);
/// while let Some(openid) = followers.next_openid().await {
///     println!("{}", openid?);
/// }
/// # Ok(()) }
/// ```
pub struct OpenIds {
    client: Client<OfficialAccount>,
    endpoint: &'static str,
    fetch: Fetch,
    /// The openids of the current page not yet yielded.
    buffer: std::vec::IntoIter<String>,
    /// The page being fetched.
    in_flight: Option<PageFuture>,
    /// The cursor of the next page to fetch; `None` once the list has ended.
    cursor: Option<String>,
    /// Every cursor followed so far (the start, `""` or the `starting_after` openid, included).
    seen: HashSet<String>,
    /// A repeated cursor, reported once the page's openids have been yielded.
    repeated: Option<Error>,
    total: Option<u64>,
    done: bool,
}

impl fmt::Debug for OpenIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenIds")
            .field("endpoint", &self.endpoint)
            .field("app_id", &self.client.app_id())
            .field("total", &self.total)
            .field("buffered", &self.buffer.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl OpenIds {
    /// A stream over `endpoint`, whose pages `fetch` gets from a cursor (`""` for the first).
    pub(crate) fn new<F, Fut>(
        client: &Client<OfficialAccount>,
        endpoint: &'static str,
        fetch: F,
    ) -> Self
    where
        F: Fn(Client<OfficialAccount>, String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Page, Error>> + Send + 'static,
    {
        let fetch: Fetch = Box::new(move |client, cursor| Box::pin(fetch(client, cursor)));
        let mut stream = Self {
            client: client.clone(),
            endpoint,
            fetch,
            buffer: Vec::new().into_iter(),
            in_flight: None,
            cursor: None,
            seen: HashSet::new(),
            repeated: None,
            total: None,
            done: false,
        };
        stream.restart(String::new());
        stream
    }

    fn restart(&mut self, cursor: String) {
        self.buffer = Vec::new().into_iter();
        self.in_flight = None;
        self.seen.clear();
        self.seen.insert(cursor.clone());
        self.cursor = Some(cursor);
        self.repeated = None;
        self.done = false;
    }

    /// The same list, (re)started after `openid` (an exclusive cursor: `openid` itself is
    /// not returned), e.g. to resume a walk that failed after that openid. Anything read or
    /// fetched before is dropped.
    #[must_use]
    pub fn starting_after(mut self, openid: impl Into<String>) -> Self {
        self.restart(openid.into());
        self
    }

    /// How many openids the whole list holds, as the last page fetched said; `None` before
    /// the first page, and always for tag members (`user/tag/get` has no `total`).
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// The qualified name of the endpoint the pages come from (`oa::user::list`).
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The next openid: `None` at the end of the list, after an error, or after a repeated
    /// cursor (each reported as one `Some(Err(..))` first).
    pub async fn next_openid(&mut self) -> Option<Result<String, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining openid, in order; the first error instead, if any.
    pub async fn collect_all(mut self) -> Result<Vec<String>, Error> {
        let mut all = Vec::with_capacity(self.buffer.len());
        while let Some(openid) = self.next_openid().await {
            all.push(openid?);
        }
        Ok(all)
    }

    /// What to do with a page that arrived.
    fn take_page(&mut self, page: Page) {
        if page.total.is_some() {
            self.total = page.total;
        }
        let ended = page.openids.is_empty() || page.next.is_empty();
        self.buffer = page.openids.into_iter();
        if ended {
            self.cursor = None;
        } else if self.seen.contains(&page.next) {
            self.cursor = None;
            self.repeated = Some(Error::Decode {
                endpoint: self.endpoint,
                detail: format!(
                    "the reply's next_openid `{}` is a cursor already followed: the list \
                     would repeat forever, so it ends here",
                    page.next
                ),
            });
        } else {
            self.seen.insert(page.next.clone());
            self.cursor = Some(page.next);
        }
    }
}

impl Stream for OpenIds {
    type Item = Result<String, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(openid) = this.buffer.next() {
                return Poll::Ready(Some(Ok(openid)));
            }
            if let Some(fetch) = this.in_flight.as_mut() {
                let page = match fetch.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(page) => page,
                };
                this.in_flight = None;
                match page {
                    Ok(page) => {
                        this.take_page(page);
                        continue;
                    }
                    Err(e) => {
                        this.cursor = None;
                        this.done = true;
                        return Poll::Ready(Some(Err(e)));
                    }
                }
            }
            if this.done {
                return Poll::Ready(None);
            }
            if let Some(e) = this.repeated.take() {
                this.done = true;
                return Poll::Ready(Some(Err(e)));
            }
            match this.cursor.take() {
                Some(cursor) => {
                    this.in_flight = Some((this.fetch)(this.client.clone(), cursor));
                }
                None => {
                    this.done = true;
                    return Poll::Ready(None);
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let known = self.buffer.len() + usize::from(self.repeated.is_some());
        let upper = if self.done || (self.cursor.is_none() && self.in_flight.is_none()) {
            Some(known)
        } else {
            None
        };
        (known, upper)
    }
}
