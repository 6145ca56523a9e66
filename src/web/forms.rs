//! What staff forms share: one-line fields with their hint and message, and
//! the messages of a failed check by field.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::domain::donation::FieldErrors;

/// French messages by form field, in the order the form shows them.
pub type Errors = Vec<(&'static str, String)>;

/// The message beside `field`, if any.
pub fn message<'a>(errors: &'a [(&'static str, String)], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, m)| m.as_str())
}

/// A domain check's messages, by field, for a staff page (French).
pub fn error_list(errors: &FieldErrors) -> Errors {
    errors
        .fields()
        .filter_map(|f| {
            errors
                .message(f)
                .map(|m| (f, crate::i18n::Lang::FR.message(m)))
        })
        .collect()
}

/// A one-line field (`partials/admin_field.html`).
pub struct TextField {
    pub name: &'static str,
    pub label: &'static str,
    /// The input's `type`: `text`, `date`, `email`.
    pub kind: &'static str,
    pub value: String,
    pub hint: &'static str,
    pub error: Option<String>,
}

impl TextField {
    pub fn new(
        name: &'static str,
        label: &'static str,
        kind: &'static str,
        value: &str,
        hint: &'static str,
        errors: &[(&'static str, String)],
    ) -> TextField {
        TextField {
            name,
            label,
            kind,
            value: value.to_owned(),
            hint,
            error: message(errors, name).map(str::to_owned),
        }
    }
}

/// A form page: 422 when it shows errors (nothing was changed), 200 otherwise;
/// private, with the form token's cookie if one was issued.
pub fn form_page(
    page: impl IntoResponse,
    has_errors: bool,
    cookie: Option<HeaderValue>,
) -> Response {
    let status = if has_errors {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    super::private_page((status, page).into_response(), cookie)
}
