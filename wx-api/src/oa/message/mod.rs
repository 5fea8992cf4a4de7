//! Outbound messages of an Official Account: customer service, templates, mass sends.

pub mod custom;
pub mod mass;
pub mod template;
