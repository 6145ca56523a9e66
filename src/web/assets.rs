//! Static files, compiled into the binary so that `soutenir` runs from anywhere.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "soutenir.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../static/css/soutenir.css"),
    },
    Asset {
        name: "donate.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/js/donate.js"),
    },
    Asset {
        name: "embed.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../static/css/embed.css"),
    },
    Asset {
        name: "embed.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/js/embed.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../../static/favicon.svg"),
    },
];

/// Each asset compressed once, at its first request: (gzip, brotli), each
/// at its best level (they are compressed once per version, not per request).
static COMPRESSED: LazyLock<Vec<(Vec<u8>, Vec<u8>)>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            (
                crate::progress::gzip(asset.body),
                crate::progress::brotli(asset.body),
            )
        })
        .collect()
});

/// The encoding to answer in, from the request's `Accept-Encoding`:
/// brotli, else gzip, else none (an encoding refused with `q=0` is not used).
pub(crate) fn preferred_encoding(headers: &HeaderMap) -> Option<&'static str> {
    if accepts(headers, "br") {
        Some("br")
    } else if accepts(headers, "gzip") {
        Some("gzip")
    } else {
        None
    }
}

/// Whether the client takes the content coding `name` (listed, not `q=0`).
pub(crate) fn accepts(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            coding.eq_ignore_ascii_case(name) && !refused
        })
}

/// Each asset's strong ETag, also used as its version in URLs (`?v=`).
static VERSIONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| hex::encode(&Sha256::digest(asset.body)[..8]))
        .collect()
});

/// The versioned URL of an asset, for templates: `/static/soutenir.css?v=…`.
pub fn url(name: &str) -> String {
    match ASSETS.iter().position(|a| a.name == name) {
        Some(i) => format!("/static/{name}?v={}", VERSIONS[i]),
        None => format!("/static/{name}"),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{name}", get(show_asset))
        .route("/favicon.ico", get(show_favicon))
}

/// `GET /favicon.ico`, which browsers ask for whatever the page says: to the
/// icon, versioned.
async fn show_favicon() -> axum::response::Redirect {
    axum::response::Redirect::permanent(&url("favicon.svg"))
}

/// The version a versioned address names (`?v=`).
#[derive(serde::Deserialize)]
pub(crate) struct Version {
    pub v: Option<String>,
}

/// `GET /static/{name}[?v=…]`: compressed as the browser accepts; the current
/// version's address is cached for a year (a new version has a new address),
/// any other for a day.
async fn show_asset(
    Path(name): Path<String>,
    axum::extract::Query(version): axum::extract::Query<Version>,
    request: HeaderMap,
) -> Result<Response, AppError> {
    let i = ASSETS
        .iter()
        .position(|a| a.name == name)
        .ok_or(AppError::NotFound)?;
    let asset = &ASSETS[i];
    let encoding = preferred_encoding(&request);
    // One tag per representation: the compressed bytes are not the plain ones.
    let etag = format!(
        "\"{}{}\"",
        VERSIONS[i],
        match encoding {
            Some("br") => "-br",
            Some(_) => "-gz",
            None => "",
        }
    );
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag.as_bytes() == etag.as_bytes());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body: &'static [u8] = match encoding {
            Some("br") => &COMPRESSED[i].1,
            Some(_) => &COMPRESSED[i].0,
            None => asset.body,
        };
        ([(header::CONTENT_TYPE, asset.content_type)], body).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    if let (Some(coding), false) = (encoding, fresh) {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let current = version.v.as_deref() == Some(VERSIONS[i].as_str());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if current {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=86400"
        }),
    );
    Ok(response)
}
