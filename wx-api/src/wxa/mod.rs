//! Mini Program (小程序) endpoints: login, mini-program codes, subscribe messages,
//! customer-service messages, and the WeChat Search data import.

pub mod code;
pub mod customer;
pub mod login;
pub mod scheme;
pub mod search;
pub mod security;
pub mod shortlink;
pub mod subscribe;
pub mod updatable;
pub mod urllink;
pub mod user;
