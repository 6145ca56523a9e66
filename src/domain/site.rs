//! The organisation in front of its donors: its site, how it is reached, and
//! the identity every page and email shows.

use std::sync::{Arc, RwLock};

/// The organisation as every page's frame and every email show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteIdentity {
    pub name: String,
    /// Its own site, empty if none.
    pub website: String,
    /// Whether a logo is on file (served at `/organisation/logo.png`).
    pub has_logo: bool,
    /// The address its team reads, empty if none.
    pub contact_email: String,
}

impl SiteIdentity {
    /// How emails are signed: « L'équipe de Framasoft ».
    pub fn signature(&self) -> String {
        match self.name.trim() {
            "" => "L'équipe".to_owned(),
            name => format!("L'équipe de {name}"),
        }
    }
}

/// The identity as last read from the settings, shared by the pages and the
/// mailer: replaced whole when the settings change.
pub type SiteHandle = Arc<RwLock<Arc<SiteIdentity>>>;

pub fn handle(identity: SiteIdentity) -> SiteHandle {
    Arc::new(RwLock::new(Arc::new(identity)))
}

pub fn current(handle: &SiteHandle) -> Arc<SiteIdentity> {
    match handle.read() {
        Ok(site) => Arc::clone(&site),
        Err(poisoned) => Arc::clone(&poisoned.into_inner()),
    }
}

pub fn replace(handle: &SiteHandle, identity: SiteIdentity) {
    let fresh = Arc::new(identity);
    match handle.write() {
        Ok(mut site) => *site = fresh,
        Err(poisoned) => *poisoned.into_inner() = fresh,
    }
}

/// The organisation's site as typed: empty, or an `http(s)://` address
/// (kept without a trailing slash); otherwise a French message.
pub fn parse_website(typed: &str) -> Result<String, &'static str> {
    let url = typed.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(String::new());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    let ok = url.chars().count() <= 200
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
        && host.is_some_and(|h| h.contains('.') && !h.starts_with('.') && !h.ends_with('.'));
    if ok {
        Ok(url.to_owned())
    } else {
        Err("Indiquez l'adresse complète du site, par exemple https://association.fr.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_a_full_http_address() {
        assert_eq!(parse_website(""), Ok(String::new()));
        assert_eq!(
            parse_website(" https://framasoft.org/ "),
            Ok("https://framasoft.org".into())
        );
        assert_eq!(
            parse_website("http://exemple.fr/dons?x=1"),
            Ok("http://exemple.fr/dons?x=1".into())
        );
        for bad in [
            "framasoft.org",
            "javascript:alert(1)",
            "https://",
            "https://localhost",
            "https://a b.fr",
            "https://x.fr/\"><script>",
        ] {
            assert!(parse_website(bad).is_err(), "{bad}");
        }
    }
}
