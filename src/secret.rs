//! The site secret and what it signs with: a value kept out of logs, and the
//! keyed hash (HMAC-SHA256) behind donor links, CSRF tokens and receipt
//! checks. Signing code depends on this, not on the configuration.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A value that must not appear in logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The keyed hash under this secret, started with `domain` (which keeps
    /// one use's signatures from passing for another's): feed it the data,
    /// then finalise or verify.
    pub fn keyed(&self, domain: &[u8]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(domain);
        mac
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shown_and_signing_depends_on_key_and_domain() {
        let secret = Secret::from("k".repeat(40));
        assert_eq!(format!("{secret:?}"), "[redacted]");
        let sign = |s: &Secret, domain: &[u8]| {
            let mut mac = s.keyed(domain);
            mac.update(b"data");
            mac.finalize().into_bytes()
        };
        assert_eq!(sign(&secret, b"a:"), sign(&secret, b"a:"));
        assert_ne!(sign(&secret, b"a:"), sign(&secret, b"b:"));
        assert_ne!(
            sign(&secret, b"a:"),
            sign(&Secret::from("j".repeat(40)), b"a:")
        );
    }
}
