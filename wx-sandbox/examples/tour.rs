//! The tour: wx end to end against the embedded sandbox, offline, one line per step.
//!
//! `cargo run --example tour` — or, with real credentials in `WX_APP_ID` / `WX_APP_SECRET`,
//! `cargo run --example tour -- --live` runs read-only calls against the real API. Live
//! mode takes its token from `/cgi-bin/stable_token` in normal mode, which hands out the
//! account's current stable token: `/cgi-bin/token` would issue a new token and cut off
//! the account's own servers five minutes later.
//!
//! Every step checks what it got; anything unexpected ends the tour with an error (and a
//! non-zero exit). `wx-sandbox/tests/tour.rs` runs it.

use std::io::Write;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use wx_api::oa::freepublish::PublishStatus;
use wx_api::oa::jssdk::{self, PageConfig};
use wx_api::oa::message::{custom, template};
use wx_api::oa::oauth::{self, AuthorizeUrl, Scope, UserAccessToken};
use wx_api::oa::{draft, freepublish, material, qrcode, tags, user as users};
use wx_api::push::{Body, EventKind, Incoming, PushConfig, PushEndpoint, PushServer, Reply};
use wx_api::token::{Classic, Stable};
use wx_api::{AppCredentials, Client, Error, JsonOrBytes, OfficialAccount, Upload};

pub type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// Ends the tour: a step did not get what it should have.
fn unexpected<T>(what: impl Into<String>) -> Fallible<T> {
    Err(what.into().into())
}

struct Tour<'a, W: Write> {
    out: &'a mut W,
    started: Instant,
    step: u32,
}

impl<'a, W: Write> Tour<'a, W> {
    fn new(out: &'a mut W) -> Self {
        Self {
            out,
            started: Instant::now(),
            step: 0,
        }
    }

    fn say(&mut self, what: &str, detail: impl std::fmt::Display) -> std::io::Result<()> {
        self.step += 1;
        writeln!(
            self.out,
            "{:>2}. [{:>5} ms] {what:<40} {detail}",
            self.step,
            self.started.elapsed().as_millis()
        )
    }
}

/// The push token and EncodingAESKey configured for the tour's webhook (safe mode).
const PUSH_TOKEN: &str = "tour-push-token";
const ENCODING_AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

/// One line describing a decrypted push.
fn describe(incoming: &Incoming) -> String {
    let m = &incoming.message;
    let what = match &m.body {
        Body::Event(e) => match &e.kind {
            EventKind::Subscribe(s) => match (&s.scene, &s.ticket) {
                (Some(scene), Some(ticket)) => {
                    format!("subscribe from QR scene \"{scene}\" (ticket {ticket})")
                }
                (Some(scene), None) => format!("subscribe from QR scene \"{scene}\""),
                _ => "subscribe".to_owned(),
            },
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

type Seen = Arc<Mutex<Vec<String>>>;

/// What the webhook's handler has seen so far.
fn seen_so_far(seen: &Seen) -> Vec<String> {
    seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Starts the developer's webhook: the push adapter with a handler that greets new followers.
async fn start_webhook(app_id: &str, seen: Seen) -> Fallible<String> {
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
fn reply_text(xml: Option<&str>) -> Fallible<&str> {
    match xml
        .and_then(|x| x.split("<Content><![CDATA[").nth(1))
        .and_then(|x| x.split("]]></Content>").next())
    {
        Some(text) => Ok(text),
        None => unexpected(format!("the webhook's reply is not a text reply: {xml:?}")),
    }
}

fn jpeg(len: usize) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
    v.resize(len.max(6) - 2, 0x42);
    v.extend_from_slice(&[0xFF, 0xD9]);
    v
}

/// The OAuth login of `user` as its browser would do it: the authorize URL, the sandbox's
/// redirect back with a code and the state, the state check, the code exchange.
async fn web_login(
    sandbox: &wx_sandbox::Sandbox,
    wx: &Client<OfficialAccount>,
    user: &str,
) -> Fallible<UserAccessToken> {
    sandbox.set_oauth_user(user);
    // The account is bound to an Open Platform account: logins carry the UnionID.
    sandbox.bind_open_platform(wx.app_id());
    let state = oauth::State::generate()?;
    let authorize = AuthorizeUrl::new(
        wx.app_id(),
        "https://tour.example.com/login",
        Scope::UserInfo,
    )
    .base(sandbox.url())
    .state(state.as_str())
    .build()?;
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let reply = browser.get(&authorize).send().await?;
    let Some(location) = reply
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
    else {
        return unexpected(format!("the authorize page answered {}", reply.status()));
    };
    let back = url::Url::parse(location)?;
    let param = |name: &str| {
        back.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    oauth::State::verify(state.as_str(), param("state").as_deref())?;
    let Some(code) = param("code") else {
        return unexpected(format!("no code in the redirect to {location}"));
    };
    let mut login = UserAccessToken::exchange(wx, &code).await?;
    let profile = login.user_info(wx, None).await?;
    if profile.openid != user || login.openid() != user {
        return unexpected(format!("logged in as {}, not {user}", profile.openid));
    }
    Ok(login)
}

/// The live credentials, from the values of `WX_APP_ID` and `WX_APP_SECRET`.
pub fn live_credentials(id: Option<String>, secret: Option<String>) -> Fallible<AppCredentials> {
    match (id, secret) {
        (Some(id), Some(secret)) if !id.trim().is_empty() && !secret.trim().is_empty() => {
            Ok(AppCredentials::new(id.trim(), secret.trim()))
        }
        _ => unexpected(
            "--live needs WX_APP_ID and WX_APP_SECRET (an Official Account's AppID and AppSecret) \
             in the environment, both non-empty",
        ),
    }
}

/// The live client: stable tokens in normal mode, never `/cgi-bin/token`. `base_url` is for
/// tests; live runs use WeChat's hosts.
pub fn live_client(
    credentials: AppCredentials,
    base_url: Option<&str>,
) -> Fallible<Client<OfficialAccount>> {
    let builder = Client::official_account(credentials, Stable);
    Ok(match base_url {
        Some(url) => builder.base_url(url),
        None => builder,
    }
    .build()?)
}

/// Read-only calls: the token, material and draft counts.
pub async fn run_live(out: &mut impl Write, wx: Client<OfficialAccount>) -> Fallible<()> {
    let mut tour = Tour::new(out);
    let token = wx.access_token().await?;
    tour.say(
        "access token (live, stable, normal mode)",
        format!(
            "{} characters; the account's current token, not rotated",
            token.expose().len()
        ),
    )?;
    let counts = wx.send(material::count::Request::new()).await?;
    tour.say(
        "material count (live)",
        format!(
            "{} images, {} videos, {} voices",
            counts.image_count, counts.video_count, counts.voice_count
        ),
    )?;
    let drafts = wx.send(draft::count::Request::new()).await?;
    tour.say("draft count (live)", drafts.total_count)?;
    Ok(())
}

/// The whole offline tour against a sandbox of its own.
pub async fn run(out: &mut impl Write) -> Fallible<()> {
    let sandbox = wx_sandbox::Sandbox::builder().start().await?;
    let mut tour = Tour::new(out);
    tour.say("sandbox started", sandbox.url())?;

    let wx: Client<OfficialAccount> = Client::official_account(
        AppCredentials::new(wx_sandbox::DEFAULT_APP_ID, wx_sandbox::DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .build()?;

    let token = wx.access_token().await?;
    let fetches = sandbox.token_fetches(wx.app_id());
    if fetches != 1 {
        return unexpected(format!(
            "one token fetch expected, the sandbox saw {fetches}"
        ));
    }
    tour.say(
        "access token",
        format!("{} chars, fetched once", token.expose().len()),
    )?;

    let temp = wx
        .send(qrcode::create::Request::temporary_id(42, 3600))
        .await?;
    if temp.expire_seconds != Some(3600) {
        return unexpected(format!(
            "a temporary code for 3600 s came back with expire_seconds {:?}",
            temp.expire_seconds
        ));
    }
    tour.say(
        "temporary QR code (scene 42, 1 h)",
        format!("expires in 3600 s, {}", temp.url),
    )?;
    let perm = wx
        .send(qrcode::create::Request::permanent_str("spring-promo"))
        .await?;
    tour.say("permanent QR code (\"spring-promo\")", &perm.url)?;
    let image = wx
        .send(qrcode::show::Request::new(perm.ticket.clone()))
        .await?;
    let Some(content_type) = image.content_type.filter(|t| t.starts_with("image/")) else {
        return unexpected("the QR image came back without an image content type");
    };
    tour.say(
        "QR image fetched",
        format!("{} bytes, {content_type}", image.bytes.len()),
    )?;

    let cover_bytes = jpeg(20_000);
    let cover = wx
        .send(material::add::Request::image(Upload::from_bytes(
            "cover.jpg",
            cover_bytes.clone(),
        )))
        .await?;
    tour.say(
        "image material uploaded",
        format!("media_id {}", cover.media_id),
    )?;
    let inline = wx
        .send(material::upload_image::Request::new(Upload::from_bytes(
            "inline.png",
            jpeg(5_000),
        )))
        .await?;
    tour.say("in-article image uploaded", &inline.url)?;

    let article = draft::DraftArticle::news(
        "wx tour",
        format!("<p>Hello from wx.</p><img src=\"{}\"/>", inline.url),
        cover.media_id.clone(),
    );
    let saved = wx.send(draft::add::Request::new(vec![article])).await?;
    tour.say(
        "news article added as a draft",
        format!("media_id {}", saved.media_id),
    )?;
    let job = wx
        .send(freepublish::submit::Request::new(saved.media_id))
        .await?;
    let status = wx
        .send(freepublish::get::Request::new(job.publish_id.clone()))
        .await?;
    if status.publish_status != PublishStatus::Success {
        return unexpected(format!("publishing ended {:?}", status.publish_status));
    }
    tour.say(
        "draft published",
        format!("publish_id {} -> Success", job.publish_id),
    )?;

    match wx.send(material::get::Request::new(cover.media_id)).await? {
        JsonOrBytes::Bytes(b) if b.bytes.as_ref() == cover_bytes.as_slice() => tour.say(
            "image material read back",
            format!("{} bytes, as uploaded", b.bytes.len()),
        )?,
        JsonOrBytes::Bytes(b) => {
            return unexpected(format!(
                "the image came back as {} bytes, not the {} uploaded",
                b.bytes.len(),
                cover_bytes.len()
            ))
        }
        JsonOrBytes::Json(j) => return unexpected(format!("the image came back as JSON: {j:?}")),
    }
    match wx
        .send(qrcode::create::Request::permanent_str("x".repeat(65)))
        .await
    {
        Err(Error::Invalid(e)) => tour.say("65-char scene refused before sending", e)?,
        Err(other) => return Err(other.into()),
        Ok(_) => return unexpected("a 65-character scene was sent and accepted"),
    }

    // The developer's server: the push adapter, in safe (AES) mode.
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let webhook = start_webhook(wx.app_id(), Arc::clone(&seen)).await?;
    sandbox.set_webhook(
        wx.app_id(),
        wx_sandbox::Webhook {
            url: webhook.clone(),
            token: PUSH_TOKEN.into(),
            encoding_aes_key: Some(ENCODING_AES_KEY.into()),
        },
    );
    tour.say("webhook listening (safe mode)", &webhook)?;
    let user = "oTour_user_0001";
    let delivery = sandbox.scan(wx.app_id(), user, &temp.ticket).await?;
    let event = match seen_so_far(&seen).as_slice() {
        [one] if one.starts_with("subscribe from QR scene \"42\" (ticket ") => one.clone(),
        other => return unexpected(format!("one subscribe push expected, saw {other:?}")),
    };
    tour.say(
        "user scans the temporary QR code",
        format!("pushed {} encrypted bytes", delivery.body.len()),
    )?;
    tour.say("  webhook decrypted", event)?;
    tour.say(
        "  encrypted passive reply",
        format!(
            "{} bytes, decrypts to text {:?}",
            delivery.reply.len(),
            reply_text(delivery.reply_plain.as_deref())?
        ),
    )?;
    let again = sandbox.scan(wx.app_id(), user, &temp.ticket).await?;
    let event = match seen_so_far(&seen).as_slice() {
        [_, scan] if scan.starts_with("SCAN of scene \"42\"") => scan.clone(),
        other => return unexpected(format!("a SCAN push expected second, saw {other:?}")),
    };
    tour.say(
        "the follower scans again",
        format!("{event}; reply {} bytes", again.reply.len()),
    )?;
    let (_, resent) = sandbox.redeliver(&again).await?;
    let calls = seen_so_far(&seen).len();
    if resent != "success" || calls != 2 {
        return unexpected(format!(
            "a repeated push should be answered `success` without calling the handler; \
             reply {resent:?}, handler calls {calls}"
        ));
    }
    tour.say(
        "WeChat retries the same push",
        "de-duplicated: reply \"success\", handler not called again",
    )?;

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
    let endpoints: Vec<&str> = recorded.iter().map(|m| m.endpoint.as_str()).collect();
    if endpoints
        != [
            "/cgi-bin/message/custom/send",
            "/cgi-bin/message/template/send",
        ]
    {
        return unexpected(format!("the sandbox recorded {endpoints:?}"));
    }
    let Some(text) = recorded[0].body["text"]["content"].as_str() else {
        return unexpected("the customer-service message carries no text content");
    };
    tour.say("customer-service text sent", format!("{text:?}"))?;
    tour.say(
        "template message sent",
        format!("msgid {}, 2 messages recorded by the sandbox", sent.msgid),
    )?;

    // The follower opens a page of the account's website inside WeChat: OAuth login, then
    // the page's JS-SDK configuration.
    let login = web_login(&sandbox, &wx, user).await?;
    tour.say(
        "user logs in on a web page (OAuth)",
        format!(
            "302 back with code + state; openid {}, unionid {}, scope {}",
            login.openid(),
            login.unionid().unwrap_or("-"),
            login.scope()
        ),
    )?;
    let page = "https://tour.example.com/shop?from=menu#top";
    let config = PageConfig::for_url(&wx, page).await?;
    let again = PageConfig::for_url(&wx, "https://tour.example.com/cart").await?;
    let Some(ticket) = sandbox.valid_ticket(wx.app_id(), "jsapi") else {
        return unexpected("the sandbox has no valid jsapi_ticket");
    };
    let expected = jssdk::signature(&ticket, &config.nonce_str, config.timestamp, page);
    let fetches = sandbox.ticket_fetches(wx.app_id(), "jsapi");
    if config.signature != expected || again.signature == config.signature || fetches != 1 {
        return unexpected(format!(
            "wx.config signature {} (expected {expected}), ticket fetches {fetches}",
            config.signature
        ));
    }
    tour.say(
        "  the page gets its JS-SDK config",
        format!(
            "signature {}.. verifies; 2 pages, 1 jsapi_ticket fetch",
            &config.signature[..12]
        ),
    )?;

    // 24 999 more followers: with the scanning user, three pages of 10 000.
    sandbox.add_followers(wx.app_id(), 24_999);
    let vip = wx.send(tags::create::Request::new("tour-vip")).await?.tag;
    wx.send(tags::batch_tag::Request::new(vec![user.to_owned()], vip.id))
        .await?;
    let members = tags::members(&wx, vip.id).collect_all().await?;
    let mut followers = users::followers(&wx);
    let mut count = 0_u64;
    let mut found = false;
    while let Some(openid) = followers.next_openid().await {
        let openid = openid?;
        count += 1;
        found |= openid == user;
    }
    if members != [user] || !found || Some(count) != followers.total() {
        return unexpected(format!(
            "tag members {members:?}; {count} followers streamed (user found: {found}), \
             total {:?}",
            followers.total()
        ));
    }
    tour.say(
        "follower tagged, all streamed",
        format!(
            "tag {:?} (id {}): 1 member; {count} followers, 10 000 a page",
            vip.name, vip.id
        ),
    )?;

    sandbox.expire_tokens(wx.app_id());
    let refreshed = wx
        .send(qrcode::create::Request::temporary_id(7, 60))
        .await?;
    let fetches = sandbox.token_fetches(wx.app_id());
    if fetches != 2 {
        return unexpected(format!(
            "one more token fetch expected, the sandbox saw {fetches} in all"
        ));
    }
    tour.say(
        "token expired -> refreshed once, retried",
        format!("{} (token fetches: 2)", refreshed.url),
    )?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut out = std::io::stdout();
    let result = if std::env::args().any(|a| a == "--live") {
        match live_credentials(
            std::env::var("WX_APP_ID").ok(),
            std::env::var("WX_APP_SECRET").ok(),
        ) {
            Ok(credentials) => {
                println!(
                    "live mode: token from /cgi-bin/stable_token in normal mode \
                     (the account's token is not rotated)"
                );
                match live_client(credentials, None) {
                    Ok(wx) => run_live(&mut out, wx).await,
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    } else {
        run(&mut out).await
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tour: {e}");
            ExitCode::FAILURE
        }
    }
}
