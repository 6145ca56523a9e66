//! One error type for pages: visitors see a short French page, the detail goes to
//! the log once.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// A form without a valid CSRF token.
    #[error("forbidden")]
    Forbidden,
    /// A request holding what no page can use (a NUL character in a field).
    #[error("unreadable request")]
    Unreadable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::InvalidText => AppError::Unreadable,
            other => AppError::Internal(other.into()),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub demo: crate::web::Chrome,
    /// The message keys (`locales/*.ftl`) of its title and text.
    pub title: &'static str,
    pub message: &'static str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => unframed(StatusCode::NOT_FOUND, not_found_page()),
            AppError::Forbidden => unframed(StatusCode::FORBIDDEN, expired_form_page()),
            // A receipt past its retention period: its donor details are gone.
            AppError::Internal(err) if err.is::<crate::receipts::Purged>() => {
                let page = ErrorPage {
                    demo: crate::web::Chrome::bare(),
                    title: "error-archived-title",
                    message: "error-archived",
                };
                unframed(StatusCode::GONE, page)
            }
            AppError::Unreadable => unframed(StatusCode::BAD_REQUEST, unreadable_page()),
            AppError::Internal(err)
                if matches!(store_cause(&err), Some(StoreError::InvalidText)) =>
            {
                unframed(StatusCode::BAD_REQUEST, unreadable_page())
            }
            AppError::Internal(err) if database_unavailable(&err) => {
                tracing::warn!(error = %err, "request failed: database unavailable");
                let page = ErrorPage {
                    demo: crate::web::Chrome::bare(),
                    title: "error-unavailable-title",
                    message: "error-unavailable",
                };
                unavailable(unframed(StatusCode::SERVICE_UNAVAILABLE, page))
            }
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "request failed");
                let page = ErrorPage {
                    demo: crate::web::Chrome::bare(),
                    title: "error-internal-title",
                    message: "error-internal",
                };
                unframed(StatusCode::INTERNAL_SERVER_ERROR, page)
            }
        }
    }
}

/// An error page answered without the application's state: its frame (the
/// organisation's name, the demo banner) is filled in by
/// [`french_rejections`], which has the state.
#[derive(Debug, Clone, Copy)]
pub struct Unframed {
    pub title: &'static str,
    pub message: &'static str,
}

/// `page` with `status`, marked so that its frame is filled in on the way out.
pub fn unframed(status: StatusCode, page: ErrorPage) -> Response {
    let marker = Unframed {
        title: page.title,
        message: page.message,
    };
    let mut response = (status, page).into_response();
    response.extensions_mut().insert(marker);
    response
}

/// The store error behind `err`, when a handler wrapped one.
fn store_cause(err: &anyhow::Error) -> Option<&StoreError> {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<StoreError>())
}

/// Whether the cause of `err` is a database that cannot be reached for now.
pub fn database_unavailable(err: &anyhow::Error) -> bool {
    matches!(store_cause(err), Some(StoreError::Unavailable(_)))
        || err.chain().any(|cause| {
            cause
                .downcast_ref::<sqlx::Error>()
                .is_some_and(crate::store::is_unavailable)
        })
}

/// 503 with a short `Retry-After`.
fn unavailable(mut response: Response) -> Response {
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    response.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from_static("5"),
    );
    response
}

/// A form sent without its CSRF token, or with someone else's.
pub fn expired_form_page() -> ErrorPage {
    ErrorPage {
        demo: crate::web::Chrome::bare(),
        title: "error-expired-title",
        message: "error-expired",
    }
}

/// A request the site cannot read: nothing was done with it.
pub fn unreadable_page() -> ErrorPage {
    ErrorPage {
        demo: crate::web::Chrome::bare(),
        title: "error-unreadable-title",
        message: "error-unreadable",
    }
}

pub fn not_found_page() -> ErrorPage {
    ErrorPage {
        demo: crate::web::Chrome::bare(),
        title: "error-not-found-title",
        message: "error-not-found",
    }
}

/// Errors of the JSON API: `{"error": "…"}` with the matching status.
#[derive(Debug)]
pub enum ApiError {
    NotFound,
    Internal(anyhow::Error),
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound | StoreError::InvalidText => ApiError::NotFound,
            other => ApiError::Internal(other.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "api-not-found"),
            ApiError::Internal(err) if database_unavailable(&err) => {
                tracing::warn!(error = %err, "api request failed: database unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, "api-unavailable")
            }
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "api request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "api-internal")
            }
        };
        let mut response = (
            status,
            axum::Json(serde_json::json!({ "error": crate::i18n::Lang::FR.t(message) })),
        )
            .into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response = unavailable(response);
        }
        super::api::allow_any_origin(&mut response);
        response
    }
}

/// Replaces the plain-text answers of axum's extractors (a body too large, a
/// form or query it cannot read) with a French page, on pages people see; the
/// API and webhooks keep them.
pub async fn french_rejections(
    axum::extract::State(state): axum::extract::State<crate::web::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let for_programs = path.starts_with("/api/") || path.starts_with("/webhooks/");
    let mut response = next.run(request).await;
    // An error page from code without the state: framed as every page is.
    if let Some(Unframed { title, message }) = response.extensions_mut().remove::<Unframed>() {
        let page = ErrorPage {
            demo: state.chrome(),
            title,
            message,
        };
        let mut framed = (response.status(), page).into_response();
        for (name, value) in response.headers() {
            if name != axum::http::header::CONTENT_TYPE
                && name != axum::http::header::CONTENT_LENGTH
            {
                framed.headers_mut().insert(name.clone(), value.clone());
            }
        }
        return framed;
    }
    let plain_text = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/plain"));
    if for_programs || !plain_text {
        return response;
    }
    let page = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ErrorPage {
            demo: state.chrome(),
            title: "error-too-large-title",
            message: "error-too-large",
        },
        StatusCode::BAD_REQUEST
        | StatusCode::UNPROCESSABLE_ENTITY
        | StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorPage {
            demo: state.chrome(),
            ..unreadable_page()
        },
        _ => return response,
    };
    (response.status(), page).into_response()
}
