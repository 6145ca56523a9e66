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
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            other => AppError::Internal(other.into()),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub demo: bool,
    pub title: &'static str,
    pub message: &'static str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, not_found_page()).into_response(),
            AppError::Forbidden => (StatusCode::FORBIDDEN, expired_form_page()).into_response(),
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "request failed");
                let page = ErrorPage {
                    demo: false,
                    title: "Une erreur est survenue",
                    message: "Le site n'a pas pu répondre. Réessayez dans un instant ; si cela dure, prévenez l'association.",
                };
                (StatusCode::INTERNAL_SERVER_ERROR, page).into_response()
            }
        }
    }
}

/// A form sent without its CSRF token, or with someone else's.
pub fn expired_form_page() -> ErrorPage {
    ErrorPage {
        demo: false,
        title: "Formulaire expiré",
        message: "Pour votre sécurité, ce formulaire n'est plus valable. Revenez à la page de la campagne, rechargez-la, puis envoyez votre don à nouveau.",
    }
}

pub fn not_found_page() -> ErrorPage {
    ErrorPage {
        demo: false,
        title: "Page introuvable",
        message: "Cette page n'existe pas ou plus. Vérifiez l'adresse, ou revenez à l'accueil.",
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
            StoreError::NotFound => ApiError::NotFound,
            other => ApiError::Internal(other.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "campagne introuvable"),
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "api request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "erreur interne")
            }
        };
        let mut response =
            (status, axum::Json(serde_json::json!({ "error": message }))).into_response();
        super::api::allow_any_origin(&mut response);
        response
    }
}
