//! Pushes from the sandbox to a developer's webhook, as WeChat sends them: signed, and in
//! safe mode encrypted; the webhook's passive reply is checked and decrypted.

use crate::clock::unix_now;
use crate::Sandbox;
use wx_push::crypto::{self, AesKey};
use wx_push::signature::{msg_signature, signature, Token};

/// Where and how an app's pushes are delivered (the "server configuration" of the console).
#[derive(Clone)]
pub struct Webhook {
    /// The webhook's URL (the console's "URL").
    pub url: String,
    /// The shared Token both sides sign with (3..=32 letters and digits in the console).
    pub token: String,
    /// Safe mode when set (43 characters); plaintext mode otherwise.
    pub encoding_aes_key: Option<String>,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("url", &self.url)
            .field("safe_mode", &self.encoding_aes_key.is_some())
            .finish_non_exhaustive()
    }
}

/// Why a push could not be delivered or its reply not read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushFailure {
    /// The app (named) has no [`Webhook`] configured.
    #[error("no webhook is configured for app {0}")]
    NoWebhook(String),
    /// The sandbox has no app with this id.
    #[error("unknown app {0}")]
    UnknownApp(String),
    /// The QR ticket of a scan was never issued, or has expired.
    #[error("unknown or expired QR ticket")]
    UnknownTicket,
    /// Encrypting the push or decrypting the safe-mode reply failed (e.g. a malformed
    /// EncodingAESKey, or a reply encrypted with another key or for another app).
    #[error("push crypto failed")]
    Crypto(#[from] wx_push::PushError),
    /// The POST to the webhook failed (connection, timeout, reading the reply).
    #[error("delivering to the webhook failed")]
    Http(#[from] reqwest::Error),
    /// In safe mode, the webhook's reply is neither `success`, nor empty, nor an encrypted
    /// envelope with all its fields and a matching `MsgSignature`; the text says which.
    #[error("the webhook's reply is not a valid passive reply: {0}")]
    BadReply(String),
}

/// One delivery and what came back.
#[derive(Debug, Clone)]
pub struct PushDelivery {
    /// Where it went, with the signed query.
    pub url: String,
    /// The query parameters sent: `signature`, `timestamp`, `nonce`, `openid`, and in safe
    /// mode `encrypt_type=aes` and `msg_signature`.
    pub query: Vec<(String, String)>,
    /// The message as WeChat built it, before encryption.
    pub message: String,
    /// The body actually POSTed (the encrypted envelope in safe mode).
    pub body: String,
    /// The webhook's HTTP status.
    pub status: u16,
    /// The reply body as received.
    pub reply: String,
    /// The reply in clear (decrypted and signature-checked in safe mode); `None` for
    /// `success` or an empty reply.
    pub reply_plain: Option<String>,
}

fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

/// The text of the first `<tag>` in `xml`, CDATA or not (the reply envelope's fields).
fn element(xml: &str, tag: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    let inner = xml[start..end].trim();
    Some(
        inner
            .strip_prefix("<![CDATA[")
            .and_then(|s| s.strip_suffix("]]>"))
            .unwrap_or(inner)
            .to_owned(),
    )
}

/// POSTs a push the way WeChat does (5-second wait, then WeChat gives up and retries).
async fn post(
    url: &str,
    query: &[(String, String)],
    body: &str,
) -> Result<(u16, String), PushFailure> {
    let response = reqwest::Client::new()
        .post(url)
        .query(query)
        .header(reqwest::header::CONTENT_TYPE, "text/xml")
        .body(body.to_owned())
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.text().await?))
}

impl Sandbox {
    /// Sends an earlier delivery again, byte for byte, as WeChat's retries do; returns the
    /// new status and raw reply (a de-duplicating webhook answers `success`).
    pub async fn redeliver(&self, delivery: &PushDelivery) -> Result<(u16, String), PushFailure> {
        post(&delivery.url, &delivery.query, &delivery.body).await
    }

    /// Sets where the pushes of `app_id` go.
    pub fn set_webhook(&self, app_id: &str, webhook: Webhook) {
        self.state
            .lock()
            .webhooks
            .insert(app_id.to_owned(), webhook);
    }

    /// Marks `openid` as a follower of `app_id` (a scan then gives `SCAN`, not `subscribe`).
    pub fn follow(&self, app_id: &str, openid: &str) {
        self.state.lock().audience(app_id).follow(openid);
    }

    /// User `openid` scans the QR code of `ticket`: a follower produces `SCAN` with the bare
    /// scene; anyone else follows the account, producing `subscribe` with `qrscene_` + scene.
    pub async fn scan(
        &self,
        app_id: &str,
        openid: &str,
        ticket: &str,
    ) -> Result<PushDelivery, PushFailure> {
        let scene = self
            .ticket_scene(ticket)
            .ok_or(PushFailure::UnknownTicket)?;
        let newly = self.state.lock().audience(app_id).follow(openid);
        let (event, key) = if newly {
            ("subscribe", format!("qrscene_{scene}"))
        } else {
            ("SCAN", scene)
        };
        let fields = format!(
            "<MsgType>{}</MsgType><Event>{}</Event><EventKey>{}</EventKey><Ticket>{}</Ticket>",
            cdata("event"),
            cdata(event),
            cdata(&key),
            cdata(ticket)
        );
        self.push(app_id, openid, &fields).await
    }

    /// User `openid` sends a text message.
    pub async fn send_text(
        &self,
        app_id: &str,
        openid: &str,
        content: &str,
    ) -> Result<PushDelivery, PushFailure> {
        let msg_id = 24_000_000_000_000_000 + self.state.next();
        let fields = format!(
            "<MsgType>{}</MsgType><Content>{}</Content><MsgId>{msg_id}</MsgId>",
            cdata("text"),
            cdata(content)
        );
        self.push(app_id, openid, &fields).await
    }

    /// Delivers a message with the given body fields (after the common header) to the
    /// app's webhook, as WeChat does, and reads the passive reply.
    pub async fn push(
        &self,
        app_id: &str,
        openid: &str,
        fields: &str,
    ) -> Result<PushDelivery, PushFailure> {
        let app = self
            .state
            .app(app_id)
            .ok_or_else(|| PushFailure::UnknownApp(app_id.to_owned()))?
            .clone();
        let hook = self
            .state
            .lock()
            .webhooks
            .get(app_id)
            .cloned()
            .ok_or_else(|| PushFailure::NoWebhook(app_id.to_owned()))?;
        let now = unix_now().to_string();
        let nonce = (self.state.next() * 7_919 % 1_000_000_007).to_string();
        let message = format!(
            "<xml><ToUserName>{}</ToUserName><FromUserName>{}</FromUserName><CreateTime>{now}</CreateTime>{fields}</xml>",
            cdata(&app.original_id),
            cdata(openid)
        );
        let token = Token::new(hook.token.clone());
        let mut query = vec![
            ("signature", signature(&token, &now, &nonce)),
            ("timestamp", now.clone()),
            ("nonce", nonce.clone()),
            ("openid", openid.to_owned()),
        ];
        let key = hook
            .encoding_aes_key
            .as_deref()
            .map(AesKey::from_encoding_aes_key)
            .transpose()?;
        let body = match &key {
            Some(key) => {
                let encrypted = crypto::encrypt(key, message.as_bytes(), app_id)?;
                query.push(("encrypt_type", "aes".to_owned()));
                query.push((
                    "msg_signature",
                    msg_signature(&token, &now, &nonce, &encrypted),
                ));
                format!(
                    "<xml><ToUserName>{}</ToUserName><Encrypt>{}</Encrypt></xml>",
                    cdata(&app.original_id),
                    cdata(&encrypted)
                )
            }
            None => message.clone(),
        };
        let query: Vec<(String, String)> =
            query.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let (status, reply) = post(&hook.url, &query, &body).await?;
        let trimmed = reply.trim();
        let reply_plain = if trimmed.is_empty() || trimmed == "success" {
            None
        } else if let Some(key) = &key {
            let field = |t: &str| {
                element(trimmed, t).ok_or_else(|| PushFailure::BadReply(format!("no <{t}>")))
            };
            let (encrypt, sig, ts, n) = (
                field("Encrypt")?,
                field("MsgSignature")?,
                field("TimeStamp")?,
                field("Nonce")?,
            );
            if msg_signature(&token, &ts, &n, &encrypt) != sig {
                return Err(PushFailure::BadReply("MsgSignature does not match".into()));
            }
            Some(crypto::decrypt(key, &encrypt, app_id)?)
        } else {
            Some(trimmed.to_owned())
        };
        Ok(PushDelivery {
            url: hook.url,
            query,
            message,
            body,
            status,
            reply,
            reply_plain,
        })
    }
}
