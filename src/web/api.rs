//! The public JSON API, health check.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/campaigns/{slug}/progress", get(show_progress))
        .route("/healthz", get(show_health))
}

pub(super) fn allow_any_origin(response: &mut Response) {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
}

/// `GET /api/v1/campaigns/{slug}/progress`: served from memory, with a strong ETag.
async fn show_progress(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let snapshot = state
        .progress
        .get_or_load(&*state.store, &slug)
        .await?
        .ok_or(ApiError::NotFound)?;
    let not_modified = request_headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tags| etag_matches(tags.as_bytes(), snapshot.etag.as_bytes()));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            snapshot.json.clone(),
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, snapshot.etag.clone());
    headers.insert(header::CACHE_CONTROL, state.progress_cache_control.clone());
    allow_any_origin(&mut response);
    Ok(response)
}

/// `Cache-Control` of the progress JSON.
pub fn progress_cache_control(max_age: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("public, max-age={max_age}"))
        .unwrap_or(HeaderValue::from_static("no-cache"))
}

/// `If-None-Match` holds `*` or a comma-separated list of tags.
fn etag_matches(if_none_match: &[u8], etag: &[u8]) -> bool {
    if_none_match
        .split(|&b| b == b',')
        .map(|tag| tag.trim_ascii())
        .any(|tag| tag == b"*" || tag == etag || tag.strip_prefix(b"W/") == Some(etag))
}

/// `GET /healthz`: 200 when the database answers.
async fn show_health(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            tracing::error!(error = ?err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::etag_matches;

    #[test]
    fn if_none_match_lists_are_understood() {
        assert!(etag_matches(br#""abc""#, br#""abc""#));
        assert!(etag_matches(br#""x", "abc""#, br#""abc""#));
        assert!(etag_matches(br#"W/"abc""#, br#""abc""#));
        assert!(etag_matches(b"*", br#""abc""#));
        assert!(!etag_matches(br#""abd""#, br#""abc""#));
    }
}
