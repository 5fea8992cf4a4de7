//! JS-SDK tickets: the `jsapi_ticket` that signs pages for `wx.config`
//! ([`jssdk`](super::jssdk)) and the card (卡券) `wx_card` api_ticket.
//!
//! Both come from `GET /cgi-bin/ticket/getticket?type=jsapi|wx_card` ([`get`]), authenticated by
//! the access token, and both live **7200 s** (`expires_in`). WeChat rations the fetches
//! (its docs call the quota "very limited" and say the ticket **must be cached globally**; the
//! JS-SDK FAQ speaks of 10 000 fetches for testing, after which the service stops; 45009 past
//! the daily quota), so a service must not fetch one per page view, nor one per process: every
//! process of an account has to share one cached ticket and one refresh. That is what
//! [`jsapi`] and [`wx_card`] do, through [`Client::credential`]: the ticket is cached in the
//! client's token store per app and kind (in memory, or in Redis for a fleet: one fetch for
//! all processes, fenced like the access token), one fetch runs at a time however many
//! callers find the cache cold, it is refreshed in the background ahead of expiry (per the
//! client's [`TokenPolicy`](wx_core::token::TokenPolicy)), and a failed fetch is backed off.
//!
//! A ticket fetch goes through [`Client::send`], so one that meets an invalid access token
//! (40001, 40014, 42001) refreshes the token and is resent once. Other errors of the endpoint:
//! 40097 (invalid `type`), 45009 (daily quota), 48001 (the account lacks the API), `-1`
//! (busy). A failed ticket fetch is [`Error::Token`] naming the ticket kind, with the
//! endpoint's error as its source. `expires_in` 0 is refused ([`Error::Decode`]): cached, the
//! ticket would be expired on arrival and every call would fetch again.
//!
//! A ticket is checked only by the browser (an invalid one makes `wx.config` fail with
//! `invalid signature`), so no API call ever rejects it; if a page reports that, drop the
//! cached ticket with [`Client::invalidate_credential`] and the next call fetches a new one.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use wx_core::token::{CredentialKind, FreshToken};
use wx_core::{Client, Endpoint, Error, OfficialAccount, Ticket};
use wx_macros::wx_endpoint;

/// Which ticket: `type` of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketType {
    /// `jsapi`: the JS-SDK ticket that signs `wx.config`.
    #[serde(rename = "jsapi")]
    Jsapi,
    /// `wx_card`: the card (卡券) api_ticket.
    #[serde(rename = "wx_card")]
    WxCard,
}

impl TicketType {
    /// The credential kind the ticket is cached under: [`CredentialKind::JSAPI_TICKET`] or
    /// [`CredentialKind::WX_CARD_TICKET`].
    pub fn kind(self) -> CredentialKind {
        match self {
            TicketType::Jsapi => CredentialKind::JSAPI_TICKET,
            TicketType::WxCard => CredentialKind::WX_CARD_TICKET,
        }
    }
}

/// Fetch a ticket. Every call counts against a small daily quota: use [`jsapi`] or
/// [`wx_card`], which cache it, rather than sending this yourself.
#[wx_endpoint(GET "/cgi-bin/ticket/getticket", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/webdev/jssdk/api_getticket.html")]
pub mod get {
    pub struct Request {
        /// Which ticket (`jsapi` or `wx_card`).
        #[wx(query)]
        pub r#type: super::TicketType,
    }
    pub struct Response {
        /// The ticket (redacted in `Debug`).
        pub ticket: ::wx_core::Ticket,
        /// Lifetime in seconds, normally 7200.
        pub expires_in: u64,
    }
}

/// The account's JS-SDK `jsapi_ticket`, from the shared cache (fetched when needed).
pub async fn jsapi(client: &Client<OfficialAccount>) -> Result<Ticket, Error> {
    cached(client, TicketType::Jsapi).await
}

/// The account's card (`wx_card`) api_ticket, from the shared cache (fetched when needed).
pub async fn wx_card(client: &Client<OfficialAccount>) -> Result<Ticket, Error> {
    cached(client, TicketType::WxCard).await
}

async fn cached(client: &Client<OfficialAccount>, ty: TicketType) -> Result<Ticket, Error> {
    let fetcher = client.clone();
    let entry = client
        .credential(ty.kind(), move || {
            let client = fetcher.clone();
            Box::pin(async move { fetch(&client, ty).await })
        })
        .await?;
    Ok(Ticket::new(entry.token.expose()))
}

/// One fetch through the client: the access token is added, and refreshed and the request
/// resent once if WeChat rejects it.
async fn fetch(client: &Client<OfficialAccount>, ty: TicketType) -> Result<FreshToken, Error> {
    let reply = client.send(get::Request::new(ty)).await?;
    if reply.expires_in == 0 {
        return Err(Error::Decode {
            endpoint: <get::Request as Endpoint>::META.name,
            detail: "expires_in is 0: the ticket would be expired on arrival".into(),
        });
    }
    if reply.ticket.expose().is_empty() {
        return Err(Error::Decode {
            endpoint: <get::Request as Endpoint>::META.name,
            detail: "the ticket is empty".into(),
        });
    }
    Ok(FreshToken::new(
        reply.ticket.expose(),
        Duration::from_secs(reply.expires_in),
    ))
}
