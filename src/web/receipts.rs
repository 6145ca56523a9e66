//! Receipts on the web: the public check of a receipt's verification link, and
//! the donor's download from their space.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::error::{AppError, ErrorPage};
use super::{AppState, private_page};
use crate::domain::dates::in_paris;
use crate::domain::money::Cents;
use crate::domain::receipt::masked_name;
use crate::receipts;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/receipts/verify/{number}", get(verify_receipt))
        .route("/me/{token}/receipts/{file}", get(download_receipt))
}

#[derive(Template, WebTemplate)]
#[template(path = "receipt_verify.html")]
struct VerifyPage {
    demo: crate::web::Chrome,
    issuer: String,
    number: String,
    issued_on: String,
    amount: String,
    donor: String,
    valid: bool,
    /// Issued under the sample organisation: not a receipt.
    specimen: bool,
    cancelled_on: String,
    /// The receipt that replaces a cancelled one: its number and its page.
    replaced_by: Option<(String, String)>,
}

#[derive(Deserialize)]
struct VerifyQuery {
    #[serde(default)]
    k: String,
}

/// The same answer for an unknown number and a wrong key.
fn unknown_receipt(demo: crate::web::Chrome) -> Response {
    let page = ErrorPage {
        demo,
        title: "error-unknown-receipt-title",
        message: "error-unknown-receipt",
    };
    (StatusCode::NOT_FOUND, page).into_response()
}

/// `GET /receipts/verify/{number}?k=…`
async fn verify_receipt(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(query): Query<VerifyQuery>,
) -> Result<Response, AppError> {
    let demo = state.chrome();
    if !receipts::key_matches(&state.secret, &number, &query.k) {
        tracing::info!("receipt check with an unknown number or a wrong key");
        return Ok(unknown_receipt(demo));
    }
    let Some(receipt) = state.store.receipt_by_number(&number).await? else {
        return Ok(unknown_receipt(demo));
    };
    let issuer = serde_json::from_str::<receipts::Snapshot>(&receipt.organisation_snapshot)
        .map(|s| s.issuer.legal_name)
        .unwrap_or_default();
    let lang = demo.lang;
    let page = VerifyPage {
        demo,
        issuer,
        number: receipt.number,
        issued_on: lang.date(in_paris(receipt.issued_at).date()),
        amount: lang.money(Cents::new(receipt.amount_cents)),
        donor: masked_name(&receipt.donor_first_name, &receipt.donor_last_name),
        valid: receipt.status == crate::store::ReceiptStatus::Valid,
        specimen: receipt.specimen,
        cancelled_on: receipt
            .cancelled_at
            .map(|at| lang.date(in_paris(at).date()))
            .unwrap_or_default(),
        replaced_by: match receipt.status {
            crate::store::ReceiptStatus::Cancelled => {
                state.store.receipt_replacing(receipt.id).await?.map(|r| {
                    let url = receipts::verify_url("", &state.secret, &r.number);
                    (r.number, url)
                })
            }
            crate::store::ReceiptStatus::Valid => None,
        },
    };
    let mut response = page.into_response();
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /me/{token}/receipts/{number}.pdf`: one of the donor's receipts.
async fn download_receipt(
    State(state): State<AppState>,
    Path((token, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let donor = super::donor::donor_from(&state, &token).await?.id;
    let number = file.strip_suffix(".pdf").ok_or(AppError::NotFound)?;
    let receipt = state
        .store
        .receipt_by_number(number)
        .await?
        .filter(|r| r.donor_id == donor)
        .ok_or(AppError::NotFound)?;
    let bytes = receipts::render(&*state.store, &state.secret, &state.base_url, &receipt)
        .await
        .map_err(AppError::Internal)?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        receipts::file_name(&receipt.number)
    );
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/pdf"),
        )],
        bytes,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(private_page(response, None))
}
