//! The tour: wx end to end against the embedded sandbox, offline, one line per step.
//!
//! `cargo run --example tour` — or, with real credentials in `WX_APP_ID` / `WX_APP_SECRET`,
//! `cargo run --example tour -- --live` runs the read-only steps against the real API.

use std::sync::{Arc, Mutex};
use std::time::Instant;
use wx_api::mp::message::{custom, template};
use wx_api::mp::{draft, freepublish, material, qrcode};
use wx_api::push::{Body, EventKind, Incoming, PushConfig, PushEndpoint, PushServer, Reply};
use wx_api::token::Classic;
use wx_api::{AppCredentials, Client, JsonOrBytes, OfficialAccount, Upload};

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

struct Tour {
    started: Instant,
    step: u32,
}

impl Tour {
    fn say(&mut self, what: &str, detail: impl std::fmt::Display) {
        self.step += 1;
        println!(
            "{:>2}. [{:>5} ms] {what:<34} {detail}",
            self.step,
            self.started.elapsed().as_millis()
        );
    }
}

/// A small valid-looking JPEG for the uploads.
/// The push token and EncodingAESKey configured for the tour's webhook (safe mode).
const PUSH_TOKEN: &str = "tour-push-token";
const ENCODING_AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

/// One line describing a decrypted push.
fn describe(incoming: &Incoming) -> String {
    let m = &incoming.message;
    let what = match &m.body {
        Body::Event(e) => match &e.kind {
            EventKind::Subscribe(s) => format!(
                "subscribe from QR scene {:?} (ticket {:?})",
                s.scene, s.ticket
            ),
            EventKind::Scan(s) => format!("SCAN of scene {:?}", s.scene),
            _ => format!("event {}", e.name),
        },
        Body::Text(t) => format!("text {:?}", t.content),
        other => format!("{other:?}"),
    };
    format!(
        "{what}, from {}, {:?} mode",
        m.from_user_name, incoming.mode
    )
}

/// Starts the developer's webhook: the push adapter with a handler that greets new followers.
async fn start_webhook(app_id: &str, seen: Arc<Mutex<Vec<String>>>) -> Fallible<String> {
    let config = PushConfig::new(PUSH_TOKEN, app_id).encoding_aes_key(ENCODING_AES_KEY)?;
    let handler = move |incoming: Incoming| {
        let seen = Arc::clone(&seen);
        async move {
            seen.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(describe(&incoming));
            match &incoming.message.body {
                Body::Event(e) => match &e.kind {
                    EventKind::Subscribe(s) => Reply::text(format!(
                        "Welcome! You came from scene {}.",
                        s.scene.as_deref().unwrap_or("-")
                    )),
                    EventKind::Scan(s) => Reply::text(format!("Welcome back (scene {}).", s.scene)),
                    _ => Reply::Success,
                },
                Body::Text(t) => Reply::text(format!("You said: {}", t.content)),
                _ => Reply::Success,
            }
        }
    };
    let router = PushEndpoint::new(PushServer::new(config), handler).router_at("/wechat");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/wechat", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(url)
}

/// The `<Content>` of a passive text reply.
fn reply_text(xml: Option<&str>) -> &str {
    xml.and_then(|x| x.split("<Content><![CDATA[").nth(1))
        .and_then(|x| x.split("]]></Content>").next())
        .unwrap_or("-")
}

fn jpeg(len: usize) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
    v.resize(len.max(6) - 2, 0x42);
    v.extend_from_slice(&[0xFF, 0xD9]);
    v
}

async fn live() -> Fallible<()> {
    let (Ok(id), Ok(secret)) = (std::env::var("WX_APP_ID"), std::env::var("WX_APP_SECRET")) else {
        return Err("--live needs WX_APP_ID and WX_APP_SECRET in the environment".into());
    };
    let mut tour = Tour {
        started: Instant::now(),
        step: 0,
    };
    let wx: Client<OfficialAccount> =
        Client::official_account(AppCredentials::new(id, secret), Classic).build()?;
    let token = wx.access_token().await?;
    tour.say(
        "access token (live)",
        format!("{} characters", token.expose().len()),
    );
    let counts = wx.send(material::material_count::Request::new()).await?;
    tour.say(
        "material count (live)",
        format!(
            "{} images, {} videos, {} voices",
            counts.image_count, counts.video_count, counts.voice_count
        ),
    );
    let drafts = wx.send(draft::count::Request::new()).await?;
    tour.say("draft count (live)", drafts.total_count);
    Ok(())
}

#[tokio::main]
async fn main() -> Fallible<()> {
    if std::env::args().any(|a| a == "--live") {
        return live().await;
    }
    let sandbox = wx_sandbox::Sandbox::builder().start().await?;
    let mut tour = Tour {
        started: Instant::now(),
        step: 0,
    };
    tour.say("sandbox started", sandbox.url());

    let wx: Client<OfficialAccount> = Client::official_account(
        AppCredentials::new(wx_sandbox::DEFAULT_APP_ID, wx_sandbox::DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .build()?;

    let token = wx.access_token().await?;
    tour.say(
        "access token",
        format!(
            "{} chars, fetched {} time(s)",
            token.expose().len(),
            sandbox.token_fetches(wx.app_id())
        ),
    );

    let temp = wx
        .send(qrcode::create_qrcode::Request::temporary_id(42, 3600))
        .await?;
    tour.say(
        "temporary QR code (scene 42, 1 h)",
        format!("expires in {:?} s, {}", temp.expire_seconds, temp.url),
    );
    let perm = wx
        .send(qrcode::create_qrcode::Request::permanent_str(
            "spring-promo",
        ))
        .await?;
    tour.say("permanent QR code (\"spring-promo\")", &perm.url);
    let image = wx
        .send(qrcode::show_qrcode::Request::new(perm.ticket.clone()))
        .await?;
    tour.say(
        "QR image fetched",
        format!(
            "{} bytes, {}",
            image.bytes.len(),
            image.content_type.unwrap_or_default()
        ),
    );

    let cover = wx
        .send(material::add_material::Request::image(Upload::from_bytes(
            "cover.jpg",
            jpeg(20_000),
        )))
        .await?;
    tour.say(
        "image material uploaded",
        format!("media_id {}", cover.media_id),
    );
    let inline = wx
        .send(material::upload_article_image::Request::new(
            Upload::from_bytes("inline.png", jpeg(5_000)),
        ))
        .await?;
    tour.say("in-article image uploaded", &inline.url);

    let article = draft::DraftArticle::news(
        "wx tour",
        format!("<p>Hello from wx.</p><img src=\"{}\"/>", inline.url),
        cover.media_id.clone(),
    );
    let saved = wx.send(draft::add::Request::new(vec![article])).await?;
    tour.say(
        "news article added as a draft",
        format!("media_id {}", saved.media_id),
    );
    let job = wx
        .send(freepublish::submit::Request::new(saved.media_id))
        .await?;
    let status = wx
        .send(freepublish::get::Request::new(job.publish_id.clone()))
        .await?;
    tour.say(
        "draft published",
        format!(
            "publish_id {} -> {:?}",
            job.publish_id, status.publish_status
        ),
    );

    match wx
        .send(material::get_material::Request::new(cover.media_id))
        .await?
    {
        JsonOrBytes::Bytes(b) => tour.say(
            "image material read back",
            format!("{} bytes", b.bytes.len()),
        ),
        JsonOrBytes::Json(j) => tour.say("image material read back", format!("{j:?}")),
    }
    let too_big = wx
        .send(qrcode::create_qrcode::Request::permanent_str(
            "x".repeat(65),
        ))
        .await;
    tour.say(
        "65-char scene refused before sending",
        too_big
            .map(|_| "sent?!".to_owned())
            .unwrap_or_else(|e| e.to_string()),
    );

    // The developer's server: the push adapter, in safe (AES) mode.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let webhook = start_webhook(wx.app_id(), Arc::clone(&seen)).await?;
    sandbox.set_webhook(
        wx.app_id(),
        wx_sandbox::Webhook {
            url: webhook.clone(),
            token: PUSH_TOKEN.into(),
            encoding_aes_key: Some(ENCODING_AES_KEY.into()),
        },
    );
    tour.say("webhook listening (safe mode)", &webhook);
    let user = "oTour_user_0001";
    let delivery = sandbox.scan(wx.app_id(), user, &temp.ticket).await?;
    let event = seen
        .lock()
        .map(|s| s.last().cloned())
        .ok()
        .flatten()
        .unwrap_or_default();
    tour.say(
        "user scans the temporary QR code",
        format!("pushed {} encrypted bytes", delivery.body.len()),
    );
    tour.say("  webhook decrypted", event);
    tour.say(
        "  encrypted passive reply",
        format!(
            "{} bytes, decrypts to text {:?}",
            delivery.reply.len(),
            reply_text(delivery.reply_plain.as_deref())
        ),
    );
    let again = sandbox.scan(wx.app_id(), user, &temp.ticket).await?;
    let event = seen
        .lock()
        .map(|s| s.last().cloned())
        .ok()
        .flatten()
        .unwrap_or_default();
    tour.say(
        "the follower scans again",
        format!("{event}; reply {} bytes", again.reply.len()),
    );
    let (_, resent) = sandbox.redeliver(&again).await?;
    tour.say(
        "WeChat retries the same push",
        format!(
            "de-duplicated: reply {resent:?}, handler calls {}",
            seen.lock().map(|s| s.len()).unwrap_or(0)
        ),
    );

    wx.send(custom::send::Request::text(
        user,
        "Thanks for following! Reply 1 for the menu.",
    ))
    .await?;
    let notice = template::send::Request::with_values(
        user,
        "TPL_ORDER_SHIPPED",
        [("thing1", "wx tour mug"), ("time2", "2026-11-25 10:00")],
    )
    .url("https://example.com/orders/1");
    let sent = wx.send(notice).await?;
    let recorded = sandbox.sent_messages();
    tour.say(
        "customer-service text sent",
        recorded
            .first()
            .map(|m| m.body["text"]["content"].to_string())
            .unwrap_or_default(),
    );
    tour.say(
        "template message sent",
        format!(
            "msgid {}, {} message(s) recorded by the sandbox",
            sent.msgid,
            recorded.len()
        ),
    );

    sandbox.expire_tokens(wx.app_id());
    let again = wx
        .send(qrcode::create_qrcode::Request::temporary_id(7, 60))
        .await?;
    tour.say(
        "token expired -> refreshed once, retried",
        format!(
            "{} (token fetches: {})",
            again.url,
            sandbox.token_fetches(wx.app_id())
        ),
    );
    Ok(())
}
