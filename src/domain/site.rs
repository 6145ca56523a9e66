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
    /// Its colour (`#rrggbb`, dark enough for white text), empty for soutenir's.
    pub brand_colour: String,
    /// It gave the account donors' transfers go to: a transfer may be chosen.
    pub accepts_transfers: bool,
}

impl SiteIdentity {
    /// The address of the stylesheet giving pages its colour (the colour
    /// is its version), if it has one.
    pub fn theme_url(&self) -> Option<String> {
        self.brand_colour
            .strip_prefix('#')
            .map(|hex| format!("/organisation/theme.css?v={hex}"))
    }

    /// How emails are signed: « L'équipe de Framasoft ».
    pub fn signature(&self) -> String {
        let fr = crate::i18n::Lang::FR;
        match self.name.trim() {
            "" => fr.t("mail-team-anonymous"),
            name => fr.t1("mail-team", "org", name),
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
        Err(crate::i18n::fr("staff-site-website-invalid"))
    }
}

/// The organisation's colour as typed (`#6a3d9a`, `6A3D9A`, `#63a`): kept as
/// `#rrggbb` when white text on it is readable (a contrast of 4.5:1 at least,
/// WCAG AA: buttons and the header are white on it); empty keeps soutenir's.
pub fn parse_colour(typed: &str) -> Result<String, &'static str> {
    let hex = typed.trim().trim_start_matches('#').to_ascii_lowercase();
    if hex.is_empty() {
        return Ok(String::new());
    }
    let full = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex,
        _ => String::new(),
    };
    let Some(rgb) = rgb_of(&full) else {
        return Err(crate::i18n::fr("staff-site-colour-invalid"));
    };
    if contrast_with_white(rgb) < 4.5 {
        return Err(crate::i18n::fr("staff-site-colour-too-light"));
    }
    Ok(format!("#{full}"))
}

/// The darker shade of `colour` (`#rrggbb`), for hovers and large figures.
pub fn darker(colour: &str) -> String {
    match rgb_of(colour.trim_start_matches('#')) {
        Some([r, g, b]) => {
            let dim = |c: u8| (u16::from(c) * 3 / 4) as u8;
            format!("#{:02x}{:02x}{:02x}", dim(r), dim(g), dim(b))
        }
        None => colour.to_owned(),
    }
}

fn rgb_of(hex: &str) -> Option<[u8; 3]> {
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG's contrast ratio of white on `rgb`.
fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_is_kept_only_where_white_text_reads_on_it() {
        assert_eq!(parse_colour(""), Ok(String::new()));
        assert_eq!(parse_colour(" #6A3D9A "), Ok("#6a3d9a".into()));
        assert_eq!(parse_colour("63a"), Ok("#6633aa".into()));
        // Framasoft's orange is too light for white text (2.6:1), its dark blue is fine.
        assert!(parse_colour("#e8a100").is_err());
        assert!(parse_colour("#ffffff").is_err());
        assert_eq!(parse_colour("#1f3d6b"), Ok("#1f3d6b".into()));
        for bad in [
            "#12345",
            "purple",
            "#ggg",
            "#6a3d9a; } body { x",
            "#1234567",
        ] {
            assert!(parse_colour(bad).is_err(), "{bad}");
        }
        assert_eq!(darker("#6a3d9a"), "#4f2d73");
        assert!(contrast_with_white([0, 0, 0]) > 20.9);
    }

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
