//! Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret,
//! "<t>.<raw body>")>` (several `v1` during a secret rotation). Checked on the raw
//! bytes, in constant time, within a tolerance window.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Stripe's documented default tolerance.
pub const TOLERANCE_SECONDS: i64 = 300;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no Stripe-Signature header")]
    Missing,
    #[error("malformed Stripe-Signature header")]
    Malformed,
    #[error("timestamp outside the tolerance window")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// Verifies `header` for `body` at time `now` (unix seconds).
pub fn verify(
    secret: &str,
    header: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", sig)) => signatures.extend(hex::decode(sig).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - timestamp).abs() > TOLERANCE_SECONDS {
        return Err(SignatureError::Stale);
    }
    let matches = signatures
        .iter()
        .any(|sig| mac(secret, timestamp, body).verify_slice(sig).is_ok());
    if matches {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The header Stripe would send for `body` at `timestamp` (for tests and tools).
pub fn sign(secret: &str, body: &[u8], timestamp: i64) -> String {
    let sig = hex::encode(mac(secret, timestamp, body).finalize().into_bytes());
    format!("t={timestamp},v1={sig}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_bodies_verify_and_tampering_does_not() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign("whsec_test", body, 1_000_000);
        assert_eq!(verify("whsec_test", Some(&header), body, 1_000_100), Ok(()));
        assert_eq!(
            verify("whsec_other", Some(&header), body, 1_000_100),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify("whsec_test", Some(&header), br#"{"id":"evt_2"}"#, 1_000_100),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify("whsec_test", Some(&header), body, 1_000_301),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify("whsec_test", Some(&header), body, 999_699),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify("whsec_test", None, body, 1_000_000),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify("whsec_test", Some("t=1000000"), body, 1_000_000),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify("whsec_test", Some("v1=00"), body, 1_000_000),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn any_of_several_signatures_may_match() {
        let body = b"{}";
        let good = sign("whsec_new", body, 50);
        let good_sig = good.split("v1=").nth(1).unwrap();
        let header = format!("t=50,v1={},v1={good_sig}", "ab".repeat(32));
        assert_eq!(verify("whsec_new", Some(&header), body, 60), Ok(()));
    }
}
