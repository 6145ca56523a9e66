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

async fn show_asset(Path(name): Path<String>, request: HeaderMap) -> Result<Response, AppError> {
    let i = ASSETS
        .iter()
        .position(|a| a.name == name)
        .ok_or(AppError::NotFound)?;
    let asset = &ASSETS[i];
    let etag = format!("\"{}\"", VERSIONS[i]);
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag.as_bytes() == etag.as_bytes());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], asset.body).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(response)
}
