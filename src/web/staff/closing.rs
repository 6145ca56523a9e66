//! Closing a year (admins): the page shows what is still open in it (gifts
//! without their receipt, summaries waiting, movements not booked), then the
//! year is closed for good: nothing dated in it is booked any more, money
//! recorded later for it goes to the open period (`domain::journal`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{AdminOnly, Staff, StaffForm};
use crate::domain::dates::in_paris;
use crate::store::YearOpenings;
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};

#[derive(Template, WebTemplate)]
#[template(path = "admin/closing.html")]
struct ClosingPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    year: i32,
    years: Vec<i32>,
    closed: bool,
    /// The year is over: it may be closed.
    closable: bool,
    open: YearOpenings,
    /// A refusal of the form, beside its box.
    error: Option<&'static str>,
    /// Just closed.
    done: bool,
}

#[derive(Deserialize)]
pub(super) struct ClosingQuery {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

fn last_year() -> i32 {
    in_paris(OffsetDateTime::now_utc()).year() - 1
}

async fn page(
    state: &AppState,
    headers: &HeaderMap,
    year: i32,
    error: Option<&'static str>,
    done: bool,
) -> Result<Response, AppError> {
    let closed_years = state.store.closed_years().await?;
    let current = last_year() + 1;
    let years = (current - 10..current).rev().collect();
    let token = csrf::issue(&state.secret, headers, state.secure_cookies());
    let view = ClosingPage {
        demo: state.chrome(),
        csrf_token: token.token,
        year,
        years,
        closed: closed_years.contains(&year),
        closable: year < current,
        open: state.store.year_openings(year).await?,
        error,
        done,
    };
    Ok(crate::web::forms::form_page(
        view,
        error.is_some(),
        token.set_cookie,
    ))
}

/// `GET /admin/closing?year=Y`
pub(super) async fn show_closing(
    State(state): State<AppState>,
    _staff: Staff<AdminOnly>,
    headers: HeaderMap,
    Query(query): Query<ClosingQuery>,
) -> Result<Response, AppError> {
    let year = query
        .year
        .as_deref()
        .and_then(|y| y.trim().parse().ok())
        .filter(|y| (2000..=9999).contains(y))
        .unwrap_or_else(last_year);
    page(&state, &headers, year, None, query.done.is_some()).await
}

#[derive(Deserialize)]
pub(super) struct CloseForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    confirm: Option<String>,
}

/// `POST /admin/closing`: closes `year` (over, and confirmed), for good.
pub(super) async fn close_year(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm { user, form, .. }: StaffForm<AdminOnly, CloseForm>,
) -> Result<Response, AppError> {
    let Some(year) = form
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=9999).contains(y))
    else {
        return Err(AppError::NotFound);
    };
    if year > last_year() {
        return page(
            &state,
            &headers,
            year,
            Some(crate::i18n::fr(
                "staff-closing-annee-se-cloture-fois-terminee",
            )),
            false,
        )
        .await;
    }
    if !crate::web::checked(&form.confirm) {
        return page(
            &state,
            &headers,
            year,
            Some(crate::i18n::fr(
                "staff-closing-cochez-case-confirmer-annee-cloturee",
            )),
            false,
        )
        .await;
    }
    let now = OffsetDateTime::now_utc();
    // What the year holds so far is booked in it before it closes.
    crate::journal::book_pending(&*state.store, now)
        .await
        .map_err(AppError::Internal)?;
    if state.store.close_year(year, &user.email, now).await? {
        state
            .store
            .audit(
                Some(user.id),
                &user.email,
                "year.closed",
                &year.to_string(),
                now,
            )
            .await?;
        tracing::info!(year, staff.id = user.id, "year closed");
    }
    Ok(private_page(
        Redirect::to(&format!("/admin/closing?year={year}&done")).into_response(),
        None,
    ))
}

super::with_csrf!(CloseForm);
