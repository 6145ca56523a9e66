//! Bank statements (finance): importing a CAMT.053 file confirms the gifts
//! pledged by transfer whose money it shows; the other credits wait in a list.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{FinanceTeam, Staff};
use crate::domain::money::Cents;
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};

/// Largest statement accepted.
pub(super) const MAX_STATEMENT_BYTES: usize = 5 * 1024 * 1024;

struct LineView {
    date: String,
    amount: String,
    counterparty: String,
    text: String,
    cheques: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/bank.html")]
struct BankPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    lines: Vec<LineView>,
    /// What the import just did, or why the file was refused.
    report: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct BankQuery {
    #[serde(default)]
    report: Option<String>,
}

async fn page(
    state: &AppState,
    headers: &HeaderMap,
    report: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let lines = state
        .store
        .unmatched_bank_credits(500)
        .await?
        .into_iter()
        .map(|l| LineView {
            date: crate::domain::dates::french_date(l.booked_on),
            amount: Cents::new(l.amount_cents).to_string(),
            counterparty: l.counterparty,
            text: l.text,
            cheques: l.cheques,
        })
        .collect();
    let token = csrf::issue(&state.secret, headers, state.secure_cookies());
    let failed = error.is_some();
    let view = BankPage {
        demo: state.chrome(),
        csrf_token: token.token,
        lines,
        report,
        error,
    };
    let status = if failed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(private_page(
        (status, view).into_response(),
        token.set_cookie,
    ))
}

/// `GET /admin/bank`
pub(super) async fn show_bank(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    headers: HeaderMap,
    Query(query): Query<BankQuery>,
) -> Result<Response, AppError> {
    page(&state, &headers, query.report, None).await
}

/// `POST /admin/bank/import` (multipart: `statement`, a CAMT.053 file).
pub(super) async fn import_statement(
    State(state): State<AppState>,
    Staff { user, .. }: Staff<FinanceTeam>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (mut csrf_token, mut file) = (String::new(), Vec::new());
    let bad_form = |_| AppError::Forbidden;
    while let Some(field) = multipart.next_field().await.map_err(bad_form)? {
        match field.name().unwrap_or_default() {
            "csrf_token" => csrf_token = field.text().await.map_err(bad_form)?,
            "statement" => file = field.bytes().await.map_err(bad_form)?.to_vec(),
            _ => {}
        }
    }
    if !csrf::verify(&state.secret, &headers, &csrf_token) {
        return Err(AppError::Forbidden);
    }
    if file.is_empty() {
        return page(
            &state,
            &headers,
            None,
            Some("Choisissez le fichier du relevé (CAMT.053, au format XML).".to_owned()),
        )
        .await;
    }
    let Ok(xml) = String::from_utf8(file) else {
        return page(
            &state,
            &headers,
            None,
            Some("Ce fichier n'est pas un relevé CAMT.053 (XML en UTF-8).".to_owned()),
        )
        .await;
    };
    let statement = match crate::bank::parse_camt053(&xml) {
        Ok(statement) => statement,
        Err(err) => return page(&state, &headers, None, Some(err.to_string())).await,
    };
    let now = OffsetDateTime::now_utc();
    let report = crate::bank::import(&*state.store, &state.progress, &statement, now).await?;
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "bank.statement_imported",
            &statement.id,
            now,
        )
        .await?;
    let words = crate::domain::words::count;
    let text = format!(
        "Relevé {} : {} ({} déjà importée{}), {} par virement {}.",
        statement.id,
        words(report.new, "ligne nouvelle", "lignes nouvelles"),
        report.already,
        if report.already > 1 { "s" } else { "" },
        words(report.confirmed.len(), "don reçu", "dons reçus"),
        if report.confirmed.len() > 1 {
            "confirmés"
        } else {
            "confirmé"
        }
    );
    page(&state, &headers, Some(text), None).await
}
