//! The visitor's IP address, for rate limits and logs: the peer address, or,
//! when the peer is a trusted reverse proxy, the address it says it forwards for.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use super::AppState;
use crate::config::Networks;

/// The client's address as the site believes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Walks `X-Forwarded-For` from the right (the entry the nearest proxy added)
/// past the trusted proxies: the first address that is not one of them is the
/// client. Entries a client wrote itself sit further left and are never reached
/// unless every proxy in between is trusted.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &Networks) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect::<Vec<_>>();
    for entry in forwarded.iter().rev() {
        let Ok(ip) = entry.trim().parse::<IpAddr>() else {
            // A garbled entry: nothing left of it can be believed.
            return client;
        };
        client = ip.to_canonical();
        if !trusted.contains(&client) {
            return client;
        }
    }
    client
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        Ok(ClientIp(client_ip(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let trusted = Networks::default();
        assert_eq!(
            client_ip(ip("203.0.113.9"), &headers(&["198.51.100.1"]), &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_entry_is_the_client() {
        let trusted = crate::config::parse_networks("127.0.0.1,10.0.0.0/8").unwrap();
        // The client forged the first entry; the proxy appended the real one.
        let forwarded = headers(&["6.6.6.6, 198.51.100.7", "10.0.0.2"]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &forwarded, &trusted),
            ip("198.51.100.7")
        );
        // No header: the proxy itself.
        assert_eq!(
            client_ip(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
        // Garbage stops the walk at the last address believed.
        assert_eq!(
            client_ip(
                ip("127.0.0.1"),
                &headers(&["198.51.100.7, nonsense"]),
                &trusted
            ),
            ip("127.0.0.1")
        );
        // IPv4-mapped IPv6 peers count as their IPv4 address.
        assert_eq!(
            client_ip(ip("::ffff:127.0.0.1"), &headers(&["2001:db8::1"]), &trusted),
            ip("2001:db8::1")
        );
    }
}
