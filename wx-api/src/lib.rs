//! Typed WeChat server API endpoints for Official Accounts and Mini Programs.
//!
//! Every endpoint is declared once with [`wx_endpoint`] and sent with [`Client::send`].
//! This crate re-exports `wx-core`, so it is the only dependency a user needs.
//!
//! The example uses the stable token ([`token::Stable`]): fetching a classic token
//! ([`token::Classic`]) rotates the account's token, which cuts off every other server of
//! the account still using the old one five minutes later.
//!
//! ```no_run
//! use wx_api::{oa::qrcode, token, AppCredentials, Client};
//! # async fn demo() -> Result<(), wx_api::Error> {
//! let wx = Client::official_account(AppCredentials::new("wx0123", "secret"), token::Stable).build()?;
//! let qr = wx.send(qrcode::create::Request::temporary_id(123, 604_800)).await?;
//! println!("{}", qr.url);
//! # Ok(()) }
//! ```
//!
//! Modules follow WeChat's products: [`token`] (credentials, both kinds of app), [`oa`]
//! (Official Account domains), [`wxa`] (Mini Program domains). `docs/ENDPOINTS.md` lists every endpoint.
//! Lists that WeChat pages with a cursor (followers, a tag's members, the blacklist) are
//! also async streams of openids: [`paging`].

#![deny(missing_docs)]

pub use wx_core::*;
pub use wx_macros::wx_endpoint;
/// The receiving side of WeChat's message push: the `wx-push` crate, re-exported. A
/// webhook-only service can depend on `wx-push` alone (no HTTP client, no token runtime).
pub use wx_push as push;

mod enums;
pub mod oa;
pub mod paging;
pub mod registry;
mod tagged;
pub mod token;
pub mod wxa;
