//! Mini Program (小程序) endpoints: login and login-state checks, user information (phone
//! number, paid UnionID, encrypted data, encryption keys, plugin openpid), mini-program
//! codes, links (URL Scheme, URL Link, Short Link), content security and risk rank,
//! subscribe, customer-service and updatable messages, the WeChat Search data import, data
//! analytics (`datacube`), the operations centre (`operation`) and plugin management
//! (`plugin`).
//!
//! Shared with the Official Account (declared once, `app = both`, under `oa::`): temporary
//! media (`oa::media::{upload, get}`) and the typing indicator
//! (`oa::message::custom::set_typing`).

pub mod code;
pub mod customer;
pub mod datacube;
pub mod login;
pub mod operation;
pub mod plugin;
pub mod scheme;
pub mod search;
pub mod security;
pub mod shortlink;
pub mod subscribe;
pub mod updatable;
pub mod urllink;
pub mod user;
