//! Official Account (公众号 / 服务号) endpoints, one module per domain.

pub mod qrcode;
