//! The test hooks of the sandbox: canned replies served before the emulation, a record of
//! the requests received, and a delay on token replies. A test reaches for a canned reply
//! only where it needs an answer the emulation would not give (a 502 page, an errcode the
//! sandbox never returns, a malformed body); everything else should go through the
//! emulated endpoints.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The largest body the sandbox reads (as its endpoints do).
pub(crate) const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// A reply served once, instead of the emulation, to the next request on its path
/// ([`crate::Sandbox::canned`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedReply {
    /// HTTP status (WeChat answers its errcodes with 200).
    pub status: u16,
    /// `Content-Type` of the reply.
    pub content_type: String,
    /// The body, sent as is.
    pub body: Vec<u8>,
}

impl CannedReply {
    /// Any reply: status, content type and body as given.
    pub fn new(status: u16, content_type: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            content_type: content_type.into(),
            body: body.into(),
        }
    }

    /// A JSON body with HTTP 200, as WeChat sends both results and errcodes. The text is
    /// sent as is, so it may be malformed on purpose.
    pub fn json(body: impl Into<String>) -> Self {
        Self::new(
            200,
            "application/json; charset=utf-8",
            body.into().into_bytes(),
        )
    }
}

/// A request the sandbox received, as recorded when recording is on
/// ([`crate::SandboxBuilder::record_requests`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The URL path, e.g. `/cgi-bin/qrcode/create`.
    pub path: String,
    /// The query parameters, decoded (the last value of a repeated name).
    pub query: HashMap<String, String>,
    /// The body as received.
    pub body: Vec<u8>,
}

/// What the hooks hold, inside the sandbox's state.
#[derive(Debug, Default)]
pub(crate) struct Hooks {
    pub record: bool,
    canned: Mutex<HashMap<String, VecDeque<CannedReply>>>,
    recorded: Mutex<Vec<RecordedRequest>>,
    token_delay: Mutex<Duration>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Hooks {
    pub fn new(record: bool) -> Self {
        Self {
            record,
            ..Self::default()
        }
    }

    pub fn push_canned(&self, path: &str, reply: CannedReply) {
        lock(&self.canned)
            .entry(path.to_owned())
            .or_default()
            .push_back(reply);
    }

    pub(crate) fn pop_canned(&self, path: &str) -> Option<CannedReply> {
        lock(&self.canned)
            .get_mut(path)
            .and_then(VecDeque::pop_front)
    }

    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        lock(&self.recorded)
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    pub fn set_token_delay(&self, delay: Duration) {
        *lock(&self.token_delay) = delay;
    }

    /// How long token replies are held back now.
    pub(crate) fn token_delay(&self) -> Duration {
        *lock(&self.token_delay)
    }

    /// Adds a request to the record.
    pub(crate) fn push_record(&self, request: RecordedRequest) {
        lock(&self.recorded).push(request);
    }
}

pub(crate) fn decode_query(query: Option<&str>) -> HashMap<String, String> {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::{CannedReply, Sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET};
    use std::time::{Duration, Instant};

    async fn token(http: &reqwest::Client, sandbox: &Sandbox) -> serde_json::Value {
        http.get(format!(
            "{}/cgi-bin/token?grant_type=client_credential&appid={DEFAULT_APP_ID}&secret={DEFAULT_APP_SECRET}",
            sandbox.url()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
    }

    async fn qrcode(
        http: &reqwest::Client,
        sandbox: &Sandbox,
        token: &str,
    ) -> (u16, String, String) {
        let r = http
            .post(format!(
                "{}/cgi-bin/qrcode/create?access_token={token}",
                sandbox.url()
            ))
            .body(
                r#"{"action_name":"QR_LIMIT_STR_SCENE","action_info":{"scene":{"scene_str":"a"}}}"#,
            )
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let ct = r.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        (status, ct, r.text().await.unwrap())
    }

    #[tokio::test]
    async fn canned_replies_come_first_in_order_once_then_the_emulation() {
        let sandbox = Sandbox::builder().record_requests().start().await.unwrap();
        let http = reqwest::Client::new();
        let t = token(&http, &sandbox).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        sandbox.canned(
            "/cgi-bin/qrcode/create",
            CannedReply::new(502, "text/html", "<html>bad gateway</html>"),
        );
        sandbox.canned(
            "/cgi-bin/qrcode/create",
            CannedReply::json(r#"{"errcode":45009}"#),
        );
        assert_eq!(
            qrcode(&http, &sandbox, &t).await,
            (502, "text/html".into(), "<html>bad gateway</html>".into())
        );
        let (status, ct, body) = qrcode(&http, &sandbox, &t).await;
        assert_eq!((status, body.as_str()), (200, r#"{"errcode":45009}"#));
        assert!(ct.starts_with("application/json"));
        // The queue is empty: the emulation answers with a ticket.
        let (_, _, body) = qrcode(&http, &sandbox, &t).await;
        assert!(body.contains("\"ticket\""), "{body}");

        let sent = sandbox.requests_to("/cgi-bin/qrcode/create");
        assert_eq!(sent.len(), 3, "canned or not, every request is recorded");
        assert_eq!(sent[0].method, "POST");
        assert_eq!(sent[0].query["access_token"], t);
        assert!(String::from_utf8_lossy(&sent[0].body).contains("QR_LIMIT_STR_SCENE"));
        assert_eq!(sandbox.requests_to("/cgi-bin/token").len(), 1);
        assert_eq!(sandbox.requests_received(), 4);
    }

    #[tokio::test]
    async fn nothing_is_recorded_unless_asked() {
        let sandbox = Sandbox::builder().start().await.unwrap();
        token(&reqwest::Client::new(), &sandbox).await;
        assert!(sandbox.requests_to("/cgi-bin/token").is_empty());
    }

    #[tokio::test]
    async fn token_knobs_revoke_reject_ttl_delay() {
        let sandbox = Sandbox::builder().start().await.unwrap();
        let http = reqwest::Client::new();
        let first = token(&http, &sandbox).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let second = token(&http, &sandbox).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            sandbox.issued_tokens(DEFAULT_APP_ID),
            vec![first.clone(), second.clone()]
        );
        // Both valid (the classic overlap), until the first is revoked.
        assert!(qrcode(&http, &sandbox, &first).await.2.contains("ticket"));
        sandbox.revoke_token(&first);
        assert!(qrcode(&http, &sandbox, &first).await.2.contains("40001"));
        assert!(qrcode(&http, &sandbox, &second).await.2.contains("ticket"));
        sandbox.reject_all_tokens(true);
        assert!(qrcode(&http, &sandbox, &second).await.2.contains("40001"));
        sandbox.reject_all_tokens(false);
        assert!(qrcode(&http, &sandbox, &second).await.2.contains("ticket"));

        sandbox.set_token_ttl(Duration::from_secs(5));
        assert_eq!(token(&http, &sandbox).await["expires_in"], 5);

        sandbox.set_token_delay(Duration::from_millis(300));
        let started = Instant::now();
        token(&http, &sandbox).await;
        assert!(started.elapsed() >= Duration::from_millis(300));
        sandbox.set_token_delay(Duration::ZERO);
        assert_eq!(sandbox.token_fetches(DEFAULT_APP_ID), 4);
    }
}
