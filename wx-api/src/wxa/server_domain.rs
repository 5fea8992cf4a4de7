//! The Mini Program's server domains (服务器域名) as a third-party platform sets them on
//! behalf of a merchant ([`modify`], `/wxa/modify_domain`, with the authorizer access
//! token, permission set 18). A Mini Program authorised to a platform may only use the
//! domains registered among the **platform's** Mini Program server domains
//! (`/cgi-bin/component/modify_wxa_server_domain`, with the component token), and when the
//! platform releases its code the Mini Program's own domains are replaced by the platform's:
//! set them before releasing.
//!
//! Limits checked before sending ([`modify`]): at most 200 domains of each kind
//! ([`MAX_DOMAINS_PER_KIND`]); a domain, not an IP address; never `api.weixin.qq.com`;
//! `get` carries no list and the other actions at least one. Documented but not checkable
//! here: 50 change requests a month, ICP filing (备案) required, a port is allowed but then
//! binds (`https://myserver.com:8080` only). 85017 (`no domain to modify after filtered`)
//! means nothing was left to change: the domains are already set or not registered on the
//! platform.

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most domains of one kind.
pub const MAX_DOMAINS_PER_KIND: usize = 200;
/// The one domain that can never be a server domain.
pub const FORBIDDEN_DOMAIN: &str = "api.weixin.qq.com";

/// What [`modify`] does (`action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DomainAction {
    /// `add`: add the domains given.
    Add,
    /// `delete`: remove the domains given.
    Delete,
    /// `set`: replace the domains with those given.
    Set,
    /// `get`: read the domains (no list is sent).
    Get,
}

/// Change or read the Mini Program's server domains (`modifyServerDomain`).
#[wx_endpoint(POST "/wxa/modify_domain", app = wxa, validate = super::check_modify,
    doc = "https://developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/domain-management/api_modifyserverdomain")]
pub mod modify {
    pub struct Request {
        /// What to do.
        pub action: super::DomainAction,
        /// `request` domains (`https://...`), ≤ 200.
        pub requestdomain: Option<Vec<String>>,
        /// `socket` domains (`wss://...`), ≤ 200.
        pub wsrequestdomain: Option<Vec<String>>,
        /// `uploadFile` domains, ≤ 200.
        pub uploaddomain: Option<Vec<String>>,
        /// `downloadFile` domains, ≤ 200.
        pub downloaddomain: Option<Vec<String>>,
        /// `udp` domains, ≤ 200.
        pub udpdomain: Option<Vec<String>>,
        /// `tcp` domains, ≤ 200.
        pub tcpdomain: Option<Vec<String>>,
    }
    pub struct Response {
        /// `request` domains now.
        #[wx(default)]
        pub requestdomain: Vec<String>,
        /// `socket` domains now.
        #[wx(default)]
        pub wsrequestdomain: Vec<String>,
        /// `uploadFile` domains now.
        #[wx(default)]
        pub uploaddomain: Vec<String>,
        /// `downloadFile` domains now.
        #[wx(default)]
        pub downloaddomain: Vec<String>,
        /// `udp` domains now.
        #[wx(default)]
        pub udpdomain: Vec<String>,
        /// `tcp` domains now.
        #[wx(default)]
        pub tcpdomain: Vec<String>,
    }

    impl Request {
        /// Read the current domains.
        pub fn get() -> Self {
            Self::new(super::DomainAction::Get)
        }
    }
}

/// The host of `domain` (`https://a.com:8080/x` → `a.com`; `[::1]:80` → `::1`).
fn host(domain: &str) -> &str {
    let rest = domain.split_once("://").map_or(domain, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or_default();
    }
    authority.split(':').next().unwrap_or_default()
}

fn check_modify(req: &modify::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::server_domain::modify";
    let lists = [
        ("requestdomain", &req.requestdomain),
        ("wsrequestdomain", &req.wsrequestdomain),
        ("uploaddomain", &req.uploaddomain),
        ("downloaddomain", &req.downloaddomain),
        ("udpdomain", &req.udpdomain),
        ("tcpdomain", &req.tcpdomain),
    ];
    let given = lists.iter().filter(|(_, l)| l.is_some()).count();
    if req.action == DomainAction::Get {
        if let Some(&(field, _)) = lists.iter().find(|(_, l)| l.is_some()) {
            return Err(ValidationError::new(
                NAME,
                field,
                "`get` takes no domain list",
            ));
        }
        return Ok(());
    }
    if given == 0 {
        return Err(ValidationError::new(
            NAME,
            "requestdomain",
            "add, delete and set need at least one domain list",
        ));
    }
    for (field, list) in lists {
        let Some(list) = list else { continue };
        if list.len() > MAX_DOMAINS_PER_KIND {
            return Err(ValidationError::new(
                NAME,
                field,
                format!("{} domains, more than {MAX_DOMAINS_PER_KIND}", list.len()),
            ));
        }
        for domain in list {
            let h = host(domain);
            if h.is_empty() {
                return Err(ValidationError::new(
                    NAME,
                    field,
                    format!("{domain:?} names no host"),
                ));
            }
            if h.parse::<std::net::IpAddr>().is_ok() {
                return Err(ValidationError::new(
                    NAME,
                    field,
                    format!("{domain:?} is an IP address; a domain is required"),
                ));
            }
            if h.eq_ignore_ascii_case(FORBIDDEN_DOMAIN) {
                return Err(ValidationError::new(
                    NAME,
                    field,
                    format!("{FORBIDDEN_DOMAIN} cannot be a server domain"),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn host_strips_scheme_port_and_path() {
        assert_eq!(host("https://www.qq.com"), "www.qq.com");
        assert_eq!(host("wss://a.com:8080/x?y"), "a.com");
        assert_eq!(host("udp://[::1]:80"), "::1");
        assert_eq!(host("b.com"), "b.com");
        assert_eq!(host("https://"), "");
    }
}
