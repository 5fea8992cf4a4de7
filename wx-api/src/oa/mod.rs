//! Official Account (公众号 / 服务号) endpoints, one module per domain.

pub mod autoreply;
pub mod blacklist;
pub mod comment;
pub mod datacube;
pub mod draft;
pub mod freepublish;
pub mod jssdk;
pub mod kf;
pub mod limits;
pub mod material;
pub mod media;
pub mod menu;
pub mod message;
pub mod network;
pub mod oauth;
pub mod openapi;
pub mod publisher;
pub mod qrcode;
pub mod shorten;
pub mod subscribe;
pub mod tags;
pub mod template;
pub mod ticket;
pub mod user;
