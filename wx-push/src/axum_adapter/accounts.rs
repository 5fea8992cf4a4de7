//! One router for several accounts.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, Request, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tokio::time::Instant;

use super::super::error::PushError;
use super::super::raw::Raw;
use super::super::server::{DEFAULT_MAX_BODY, DEFAULT_MAX_FIELDS};
use super::super::value::parse_json_raw;
use super::super::xml::parse_xml_raw;
use super::{
    error_response, read_body, Inner, PushEndpoint, BLOCKING_THRESHOLD, DEFAULT_BODY_READ_TIMEOUT,
};

/// Several accounts on one endpoint, each with its own [`PushEndpoint`] (server with its
/// token, EncodingAESKey and app id; handler; dedup store; limits).
///
/// Two ways to tell the accounts apart:
/// - [`router_by_path`](Self::router_by_path): each account's URL in the console ends in
///   its key (e.g. its app id: `https://example.com/wechat/wx0123456789abcdef`).
/// - [`router_by_to_user_name`](Self::router_by_to_user_name): all accounts share one URL
///   and the key is the account's original id (`gh_...`, shown in the console), which every
///   push carries in clear as `ToUserName`, encrypted or not. URL verification (GET, no
///   body) is answered for the account whose token signed it.
///
/// A request for no configured account is answered `404` ([`PushError::UnknownAccount`]).
pub struct PushAccounts<S = ()> {
    accounts: HashMap<String, PushEndpoint<S>>,
    max_body: usize,
    body_read_timeout: Duration,
}

impl<S> Default for PushAccounts<S> {
    fn default() -> Self {
        PushAccounts {
            accounts: HashMap::new(),
            max_body: DEFAULT_MAX_BODY,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
        }
    }
}

impl<S> PushAccounts<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// No accounts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the account `key`: a path segment for
    /// [`router_by_path`](Self::router_by_path), the original id `gh_...` for
    /// [`router_by_to_user_name`](Self::router_by_to_user_name).
    pub fn account(mut self, key: impl Into<String>, endpoint: PushEndpoint<S>) -> Self {
        self.accounts.insert(key.into(), endpoint);
        self
    }

    /// Body limit and read timeout of [`router_by_to_user_name`](Self::router_by_to_user_name),
    /// which reads the body before it knows the account (default 1 MiB and 5 s; each
    /// account's own limit applies afterwards). [`router_by_path`](Self::router_by_path)
    /// uses each account's own.
    pub fn envelope_limits(mut self, max_body: usize, body_read_timeout: Duration) -> Self {
        self.max_body = max_body;
        self.body_read_timeout = body_read_timeout;
        self
    }

    fn into_inners(self) -> Arc<HashMap<String, Arc<Inner<S>>>> {
        Arc::new(
            self.accounts
                .into_iter()
                .map(|(k, e)| (k, e.into_inner()))
                .collect(),
        )
    }

    /// GET and POST on `{prefix}/{key}` (`prefix` empty or starting with `/`, e.g.
    /// `"/wechat"`), dispatched to the account `key`.
    pub fn router_by_path(self, prefix: &str) -> Router<S> {
        let accounts = self.into_inners();
        let for_get = Arc::clone(&accounts);
        let path = format!("{}/{{account}}", prefix.trim_end_matches('/'));
        Router::new().route(
            &path,
            get(move |Path(key): Path<String>, RawQuery(q): RawQuery| {
                let accounts = Arc::clone(&for_get);
                async move {
                    match accounts.get(&key) {
                        Some(inner) => inner.verify(q.as_deref()),
                        None => error_response(&PushError::UnknownAccount),
                    }
                }
            })
            .post(
                move |Path(key): Path<String>,
                      State(state): State<S>,
                      RawQuery(q): RawQuery,
                      req: Request| {
                    let accounts = Arc::clone(&accounts);
                    async move {
                        match accounts.get(&key) {
                            Some(inner) => {
                                Arc::clone(inner).receive(state, q.as_deref(), req).await
                            }
                            None => error_response(&PushError::UnknownAccount),
                        }
                    }
                },
            ),
        )
    }

    /// GET and POST on `path`, dispatched by the envelope's `ToUserName` (the key given to
    /// [`account`](Self::account) is the account's original id `gh_...`).
    pub fn router_by_to_user_name(self, path: &str) -> Router<S> {
        let (max_body, timeout) = (self.max_body, self.body_read_timeout);
        let accounts = self.into_inners();
        let for_get = Arc::clone(&accounts);
        Router::new().route(
            path,
            get(move |RawQuery(q): RawQuery| {
                let accounts = Arc::clone(&for_get);
                async move { verify_any(&accounts, q.as_deref()) }
            })
            .post(
                move |State(state): State<S>, RawQuery(q): RawQuery, req: Request| {
                    let accounts = Arc::clone(&accounts);
                    async move {
                        let arrival = Instant::now();
                        let body = match read_body(req, max_body, timeout).await {
                            Ok(b) => b,
                            Err(e) => return error_response(&e),
                        };
                        let to = match to_user_name(body.clone()).await {
                            Ok(to) => to,
                            Err(e) => return error_response(&e),
                        };
                        match accounts.get(&to) {
                            Some(inner) => {
                                Arc::clone(inner)
                                    .handle_body(state, q.as_deref(), body, arrival)
                                    .await
                            }
                            None => error_response(&PushError::UnknownAccount),
                        }
                    }
                },
            ),
        )
    }
}

/// URL verification for whichever account's token signed it.
fn verify_any<S: Send + Sync + 'static>(
    accounts: &HashMap<String, Arc<Inner<S>>>,
    raw_query: Option<&str>,
) -> Response {
    let query = super::super::server::PushQuery::from_query_str(raw_query.unwrap_or(""));
    let mut first_err = None;
    for inner in accounts.values() {
        match inner.server().verify_url(&query) {
            Ok(_) => return inner.verify(raw_query),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    error_response(&first_err.unwrap_or(PushError::UnknownAccount))
}

/// The envelope's `ToUserName` (XML when the body starts with `<`, JSON otherwise), parsed
/// on the blocking pool above [`BLOCKING_THRESHOLD`], with the default field cap.
async fn to_user_name(body: Bytes) -> Result<String, PushError> {
    if body.len() <= BLOCKING_THRESHOLD {
        return envelope_to_user_name(&body);
    }
    match tokio::task::spawn_blocking(move || envelope_to_user_name(&body)).await {
        Ok(r) => r,
        Err(_) => Err(PushError::HandlerFailed),
    }
}

fn envelope_to_user_name(body: &[u8]) -> Result<String, PushError> {
    let text = std::str::from_utf8(body).map_err(|_| PushError::NotUtf8)?;
    let fields = if text.trim_start().starts_with('<') {
        parse_xml_raw(text, DEFAULT_MAX_FIELDS)?
    } else {
        parse_json_raw(text, DEFAULT_MAX_FIELDS)?
    };
    let mut found = fields.iter().filter(|(k, _)| k == "ToUserName");
    match (found.next(), found.next()) {
        (Some((_, Raw::Text(t))), None) => Ok(t.to_string()),
        // Missing, not text, or repeated (ambiguous): no account can be chosen.
        _ => Err(PushError::MissingField("ToUserName")),
    }
}
