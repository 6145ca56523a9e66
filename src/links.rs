//! Signed, expiring links: the donor space (`/me/{token}`). The token names the
//! donor and an expiry, and carries an HMAC of both under the site secret, so
//! nothing is stored and nothing can be guessed or extended.

use hmac::Mac;

use crate::secret::Secret;

/// How long a donor-space link sent on request stays valid.
pub const DONOR_LINK_DAYS: i64 = 7;
/// How long the link in a thank-you email stays valid.
pub const THANK_YOU_LINK_DAYS: i64 = 90;

fn signature(secret: &Secret, donor_id: i64, expires: i64) -> String {
    let mut mac = secret.keyed(b"donor:");
    mac.update(format!("{donor_id}:{expires}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..20])
}

/// A token for the donor's space, valid until `expires` (unix seconds).
pub fn donor_token(secret: &Secret, donor_id: i64, expires: i64) -> String {
    format!(
        "{donor_id}.{expires}.{}",
        signature(secret, donor_id, expires)
    )
}

/// The donor a token names, if it is genuine and not expired at `now`.
/// Only the token as [`donor_token`] writes it is accepted: numbers without
/// sign or leading zero, the signature in lower-case hex — one link per
/// donor and expiry, never variants of it.
pub fn verify_donor_token(secret: &Secret, token: &str, now: i64) -> Option<i64> {
    let mut parts = token.split('.');
    let (id_text, expires_text, signature_text) = (parts.next()?, parts.next()?, parts.next()?);
    let donor_id: i64 = canonical_number(id_text)?;
    let expires: i64 = canonical_number(expires_text)?;
    if signature_text.len() != 40
        || !signature_text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    let given = hex::decode(signature_text).ok()?;
    if parts.next().is_some() || expires < now {
        return None;
    }
    let mut mac = secret.keyed(b"donor:");
    mac.update(format!("{donor_id}:{expires}").as_bytes());
    mac.verify_truncated_left(&given).ok()?;
    (given.len() == 20).then_some(donor_id)
}

/// A number written the one way `format!` writes it: digits only, no sign,
/// no leading zero.
fn canonical_number(text: &str) -> Option<i64> {
    let value: i64 = text.parse().ok()?;
    (value >= 0 && value.to_string() == text).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_until_they_expire_and_cannot_be_altered() {
        let secret = Secret::from("s".to_owned());
        let token = donor_token(&secret, 42, 1_000);
        assert_eq!(verify_donor_token(&secret, &token, 999), Some(42));
        assert_eq!(verify_donor_token(&secret, &token, 1_001), None);
        assert_eq!(
            verify_donor_token(&Secret::from("t".to_owned()), &token, 999),
            None
        );
        let forged = token.replacen("42.", "43.", 1);
        assert_eq!(verify_donor_token(&secret, &forged, 999), None);
        let extended = token.replacen(".1000.", ".9000.", 1);
        assert_eq!(verify_donor_token(&secret, &extended, 999), None);
        assert_eq!(verify_donor_token(&secret, "garbage", 0), None);
        let short = &token[..token.len() - 2];
        assert_eq!(verify_donor_token(&secret, short, 999), None);
    }

    #[test]
    fn only_the_token_as_written_is_accepted() {
        let secret = Secret::from("s".to_owned());
        let token = donor_token(&secret, 21, 1_000);
        let signature = token.rsplit('.').next().unwrap();
        for variant in [
            format!("+21.1000.{signature}"),
            format!("021.1000.{signature}"),
            format!("21.+1000.{signature}"),
            format!("21.01000.{signature}"),
            format!("21.1000.{}", signature.to_uppercase()),
            format!("21.1000.{signature}."),
        ] {
            assert_eq!(
                verify_donor_token(&secret, &variant, 999),
                None,
                "{variant}"
            );
        }
        assert_eq!(verify_donor_token(&secret, &token, 999), Some(21));
    }
}
