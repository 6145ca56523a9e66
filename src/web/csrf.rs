//! CSRF protection for public forms, without a server-side session: a random
//! cookie, and in the form an HMAC of it under the site secret. A forged
//! cross-site post has neither the cookie's value nor the key.

use axum::http::{HeaderMap, HeaderValue, header};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::Secret;
use crate::tokens;

pub const COOKIE: &str = "soutenir_csrf";

/// The visitor's CSRF cookie value, if it is well-formed.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    read_cookie(headers, COOKIE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A cookie from the request's `Cookie` headers.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The token for a form, and the `Set-Cookie` to send when the visitor had no
/// cookie yet.
pub struct FormToken {
    pub token: String,
    pub set_cookie: Option<HeaderValue>,
}

pub fn issue(secret: &Secret, headers: &HeaderMap, secure: bool) -> FormToken {
    let (cookie, set_cookie) = match cookie_value(headers) {
        Some(existing) => (existing, None),
        None => {
            let (fresh, header) = fresh_cookie(secure);
            (fresh, Some(header))
        }
    };
    FormToken {
        token: sign(secret, &cookie),
        set_cookie,
    }
}

/// A new random cookie value and the `Set-Cookie` that gives it to the browser
/// (a staff sign-in replaces the visitor's, and binds it to the session).
pub fn fresh_cookie(secure: bool) -> (String, HeaderValue) {
    let fresh = tokens::random_hex(32).unwrap_or_default();
    let attributes = if secure { "; Secure" } else { "" };
    let header = HeaderValue::from_str(&format!(
        "{COOKIE}={fresh}; Path=/; HttpOnly; SameSite=Lax{attributes}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("soutenir_csrf=; Path=/"));
    (fresh, header)
}

/// The form token that goes with the cookie value `cookie`.
pub fn token_for(secret: &Secret, cookie: &str) -> String {
    sign(secret, cookie)
}

/// Whether `token` from the form matches the visitor's cookie.
pub fn verify(secret: &Secret, headers: &HeaderMap, token: &str) -> bool {
    let Some(cookie) = cookie_value(headers) else {
        return false;
    };
    let Ok(given) = hex::decode(token) else {
        return false;
    };
    mac(secret, &cookie).verify_slice(&given).is_ok()
}

fn mac(secret: &Secret, cookie: &str) -> Hmac<Sha256> {
    let mut mac = secret.keyed(b"csrf:");
    mac.update(cookie.as_bytes());
    mac
}

fn sign(secret: &Secret, cookie: &str) -> String {
    hex::encode(mac(secret, cookie).finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_only_their_cookie_and_secret() {
        let secret = Secret::from("k".to_owned());
        let issued = issue(&secret, &HeaderMap::new(), false);
        let set_cookie = issued.set_cookie.expect("new visitors get a cookie");
        let cookie = set_cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {cookie}")).unwrap(),
        );
        assert!(verify(&secret, &headers, &issued.token));
        assert!(!verify(
            &Secret::from("other".to_owned()),
            &headers,
            &issued.token
        ));
        assert!(!verify(&secret, &headers, "00"));
        assert!(!verify(&secret, &HeaderMap::new(), &issued.token));
        let again = issue(&secret, &headers, false);
        assert!(again.set_cookie.is_none());
        assert_eq!(again.token, issued.token);
    }
}
