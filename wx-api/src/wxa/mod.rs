//! Mini Program (小程序) endpoints: login and login-state checks, user information (phone
//! number, paid UnionID, encrypted data, encryption keys, plugin openpid), mini-program
//! codes, links (URL Scheme, URL Link, Short Link), content security and risk rank,
//! logistics (the logistics helper `express` and the logistics service `logistics`),
//! subscribe, customer-service and updatable messages, the WeChat Search data import,
//! data analytics (`datacube`), the operations centre (`operation`), plugin management
//! (`plugin`), immediate delivery, red-packet covers, the service market, SOTER
//! signatures, live broadcasting (rooms, goods, roles, subscribers: [`live`]), and OCR and
//! image processing ([`ocr`], [`image`]; shared with the Official Account, `app = both`,
//! declared here because the Mini Program index is their primary source), and the code
//! management a third-party platform performs on behalf of an authorised Mini Program
//! ([`version`]: commit, trial QR code, review, release, rollback; [`tester`]; the server
//! domains, [`server_domain`]).
//!
//! Shared with the Official Account (declared once, `app = both`, under `oa::`): temporary
//! media (`oa::media::{upload, get}`). The Mini Program's typing indicator has its own path
//! (`wxa::customer::set_typing`); the Official Account's (`oa::message::custom::set_typing`)
//! is declared for both app kinds as before.

pub mod code;
pub mod customer;
pub mod datacube;
pub mod express;
pub mod image;
pub mod live;
pub mod local_delivery;
pub mod login;
pub mod logistics;
pub mod ocr;
pub mod operation;
pub mod plugin;
pub mod redpacket;
pub mod scheme;
pub mod search;
pub mod security;
pub mod server_domain;
pub mod service_market;
pub mod shortlink;
pub mod soter;
pub mod subscribe;
pub mod tester;
pub mod updatable;
pub mod urllink;
pub mod user;
pub mod version;
