//! The receipts register (every number of a year in order, with a gap report),
//! a receipt's download, resending and cancellation, the article 222 bis
//! figures, and the exports, streamed as they are read (role `finance`, and
//! admins).

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::{Stream, TryStreamExt};
use serde::Deserialize;
use time::OffsetDateTime;

use super::finance::DonationQuery;
use super::{FinanceTeam, Staff, StaffForm};
use crate::domain::dates::{french_date, in_paris};
use crate::domain::money::Cents;
use crate::receipts::export::{self, Accounts, CsvFormat};
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};

const REGISTER_PAGE: i64 = 200;

#[derive(Deserialize, Default)]
pub(super) struct YearQuery {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    after: Option<i64>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

fn this_year() -> i32 {
    in_paris(OffsetDateTime::now_utc()).year()
}

/// The year asked for, this year if none; `None` if it is not a year.
fn year_of(query: &YearQuery) -> Option<i32> {
    match query.year.as_deref().map(str::trim) {
        None | Some("") => Some(this_year()),
        Some(y) => y.parse().ok().filter(|y| (2000..=9999).contains(y)),
    }
}

fn bad_year() -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        crate::i18n::fr("staff-register-annee-invalide-indiquez-annee-comme"),
    )
        .into_response()
}

struct RegisterLine {
    number: String,
    status: String,
    valid: bool,
    kind: &'static str,
    donor: String,
    amount: String,
    dates: String,
    issued: String,
    donation: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/receipts.html")]
struct RegisterPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    year: i32,
    years: Vec<i32>,
    lines: Vec<RegisterLine>,
    gaps: Vec<String>,
    repeats: Vec<i64>,
    last_number: i64,
    count: i64,
    total: String,
    next_after: Option<i64>,
    notice: Option<&'static str>,
}

/// `GET /admin/receipts?year=Y&after=SEQ`
pub(super) async fn show_register(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    headers: HeaderMap,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = match year_of(&query).ok_or_else(bad_year) {
        Ok(year) => year,
        Err(refused) => return Ok(refused),
    };
    let after = query.after.unwrap_or(0).max(0);
    let mut rows = state
        .store
        .receipt_register(year, after, REGISTER_PAGE + 1)
        .await?;
    let next_after = (rows.len() as i64 > REGISTER_PAGE)
        .then(|| rows.get(REGISTER_PAGE as usize - 1).map(|r| r.seq))
        .flatten();
    rows.truncate(REGISTER_PAGE as usize);
    let (used, last_number) = state.store.receipt_numbers(year).await?;
    let gaps = export::gaps(&used, last_number)
        .into_iter()
        .map(|(a, b)| {
            if a == b {
                format!("{year}-{a:06}")
            } else {
                crate::i18n::fr_with(
                    "staff-register-gap",
                    &[
                        ("from", &format!("{year}-{a:06}")),
                        ("to", &format!("{year}-{b:06}")),
                    ],
                )
            }
        })
        .collect();
    let figures = state.store.receipt_figures(year).await?;
    let (count, total) = (figures.count(), figures.cents());
    let years = year_choices(&state, year).await?;
    let lines = rows
        .into_iter()
        .map(|r| {
            let status = match (r.status.as_str(), &r.replaced_by) {
                ("valid", _) => crate::i18n::fr("staff-receipt-valid").to_owned(),
                (_, Some(by)) => crate::i18n::fr_with(
                    "staff-register-annule-remplace-by",
                    &[("by", &(by) as &(dyn std::fmt::Display + Sync))],
                ),
                _ => crate::i18n::fr("staff-receipt-cancelled").to_owned(),
            };
            let status = match (&r.cancel_reason, r.replaces.as_deref()) {
                (Some(reason), _) if r.status != crate::store::ReceiptStatus::Valid => {
                    format!("{status} ({reason})")
                }
                (_, Some(old)) => crate::i18n::fr_with(
                    "staff-register-status-remplace-old",
                    &[
                        ("status", &(status) as &(dyn std::fmt::Display + Sync)),
                        ("old", &(old) as &(dyn std::fmt::Display + Sync)),
                    ],
                ),
                _ => status,
            };
            RegisterLine {
                valid: r.status == crate::store::ReceiptStatus::Valid,
                kind: if r.kind == crate::store::ReceiptKind::Annual {
                    crate::i18n::fr("staff-register-recapitulatif-annuel")
                } else {
                    "don"
                },
                donor: format!(
                    "{} ({} {})",
                    crate::domain::donation::donor_label(
                        &r.donor_first_name,
                        &r.donor_last_name,
                        r.company().as_ref()
                    ),
                    r.donor_postal_code,
                    r.donor_city
                ),
                amount: Cents::new(r.amount_cents).to_string(),
                dates: match (r.gift_date, r.period_start, r.period_end) {
                    (Some(d), _, _) => french_date(d),
                    (_, Some(a), Some(b)) => crate::i18n::fr_with(
                        "staff-register-b",
                        &[
                            ("from", &(french_date(a)) as &(dyn std::fmt::Display + Sync)),
                            ("to", &(french_date(b)) as &(dyn std::fmt::Display + Sync)),
                        ],
                    ),
                    _ => String::new(),
                },
                issued: french_date(in_paris(r.issued_at).date()),
                donation: r.donation_public_id.unwrap_or_default(),
                number: r.number,
                status,
            }
        })
        .collect();
    let notice = match query.notice.as_deref() {
        Some("renvoye") => Some(crate::i18n::fr(
            "staff-register-recu-part-nouveau-courriel-donateur",
        )),
        Some("annule") => Some(crate::i18n::fr(
            "staff-register-recu-est-annule-donateur-est",
        )),
        Some("reemis") => Some(crate::i18n::fr(
            "staff-register-recu-est-annule-remplace-nouveau",
        )),
        Some("deja") => Some(crate::i18n::fr("staff-register-ce-recu-etait-deja-annule")),
        _ => None,
    };
    let form = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let page = RegisterPage {
        demo: state.chrome(),
        csrf_token: form.token,
        year,
        years,
        lines,
        repeats: export::repeats(&used),
        gaps,
        last_number,
        count,
        total: Cents::new(total).to_string(),
        next_after,
        notice,
    };
    Ok(private_page(page.into_response(), form.set_cookie))
}

/// `GET /admin/receipts/{number}/pdf`
pub(super) async fn download_receipt(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    Path(number): Path<String>,
) -> Result<Response, AppError> {
    let Some(receipt) = state.store.receipt_by_number(&number).await? else {
        return Err(AppError::NotFound);
    };
    let pdf =
        crate::receipts::render(&*state.store, &state.secret, &state.base_url, &receipt).await?;
    let response = (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    crate::receipts::file_name(&receipt.number)
                ),
            ),
        ],
        pdf,
    )
        .into_response();
    Ok(private_page(response, None))
}

#[derive(Deserialize)]
pub(super) struct ReceiptForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    reissue: Option<String>,
    /// The box « I understand the cancellation is final », ticked.
    #[serde(default)]
    confirm: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/receipt_cancel.html")]
struct CancelPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    number: String,
    year: i64,
    donor: String,
    amount: String,
    issued: String,
    /// A one-off gift's receipt may be issued again at once.
    single: bool,
    reason: String,
    reissue: bool,
    errors: Vec<(&'static str, String)>,
}

impl CancelPage {
    fn error(&self, field: &str) -> Option<&str> {
        crate::web::forms::message(&self.errors, field)
    }
}

fn cancel_page(
    state: &AppState,
    headers: &HeaderMap,
    receipt: &crate::store::Receipt,
    form: Option<&ReceiptForm>,
    errors: Vec<(&'static str, String)>,
) -> Response {
    let token = csrf::issue(&state.secret, headers, state.secure_cookies());
    let page = CancelPage {
        demo: state.chrome(),
        csrf_token: token.token,
        number: receipt.number.clone(),
        year: receipt.year,
        donor: format!("{} {}", receipt.donor_first_name, receipt.donor_last_name)
            .trim()
            .to_owned(),
        amount: Cents::new(receipt.amount_cents).to_string(),
        issued: crate::domain::dates::french_date(
            crate::domain::dates::in_paris(receipt.issued_at).date(),
        ),
        single: receipt.kind == crate::store::ReceiptKind::Single,
        reason: form.map(|f| f.reason.clone()).unwrap_or_default(),
        reissue: form.is_some_and(|f| crate::web::checked(&f.reissue)),
        errors,
    };
    crate::web::forms::form_page(page, form.is_some(), token.set_cookie)
}

/// `GET /admin/receipts/{number}/cancel`: what cancelling the receipt does,
/// its reason, and the confirmation asked before.
pub(super) async fn show_cancel_receipt(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Result<Response, AppError> {
    let Some(receipt) = state.store.receipt_by_number(&number).await? else {
        return Err(AppError::NotFound);
    };
    if receipt.status != crate::store::ReceiptStatus::Valid {
        return Ok(private_page(
            Redirect::to(&format!(
                "/admin/receipts?year={}&notice=deja",
                receipt.year
            ))
            .into_response(),
            None,
        ));
    }
    Ok(cancel_page(&state, &headers, &receipt, None, Vec::new()))
}

/// `POST /admin/receipts/{number}/resend`: emails the receipt to its donor again.
pub(super) async fn resend_receipt(
    State(state): State<AppState>,
    Path(number): Path<String>,
    StaffForm { user, form: _, .. }: StaffForm<FinanceTeam, ReceiptForm>,
) -> Result<Response, AppError> {
    let Some(receipt) = state.store.receipt_by_number(&number).await? else {
        return Err(AppError::NotFound);
    };
    let now = OffsetDateTime::now_utc();
    let mut job = crate::receipts::receipt_email_job(receipt.id);
    // Once per minute: a double click sends one email.
    job.dedupe_key = Some(format!(
        "receipt_email:{}:resent:{}",
        receipt.id,
        now.unix_timestamp() / 60
    ));
    state.store.enqueue_job(&job, now).await?;
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "receipt.resent",
            &format!("receipt:{number}"),
            now,
        )
        .await?;
    Ok(private_page(
        Redirect::to(&format!(
            "/admin/receipts?year={}&notice=renvoye",
            receipt.year
        ))
        .into_response(),
        None,
    ))
}

/// `POST /admin/receipts/{number}/cancel`: cancels a receipt with a reason (it
/// stays in the register, stamped « ANNULÉ »); with `reissue`, a one-off gift's
/// receipt is replaced at once by one with the donor's current details.
pub(super) async fn cancel_receipt(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, ReceiptForm>,
) -> Result<Response, AppError> {
    let Some(receipt) = state.store.receipt_by_number(&number).await? else {
        return Err(AppError::NotFound);
    };
    let back = |notice: &str| {
        private_page(
            Redirect::to(&format!(
                "/admin/receipts?year={}&notice={notice}",
                receipt.year
            ))
            .into_response(),
            None,
        )
    };
    let reason = crate::domain::donation::clean_text(&form.reason, false);
    let mut errors = Vec::new();
    if reason.is_empty() {
        errors.push((
            "reason",
            crate::i18n::fr("staff-register-indiquez-motif-annulation-il-figure").to_owned(),
        ));
    } else if reason.chars().count() > 500 {
        errors.push((
            "reason",
            crate::i18n::fr("staff-register-500-caracteres-plus").to_owned(),
        ));
    }
    if !crate::web::checked(&form.confirm) {
        errors.push((
            "confirm",
            crate::i18n::fr("staff-register-cochez-case-confirmer-recu-annule").to_owned(),
        ));
    }
    if receipt.status != crate::store::ReceiptStatus::Valid {
        return Ok(back("deja"));
    }
    if !errors.is_empty() {
        return Ok(cancel_page(&state, &headers, &receipt, Some(&form), errors));
    }
    let now = OffsetDateTime::now_utc();
    let reissue =
        crate::web::checked(&form.reissue) && receipt.kind == crate::store::ReceiptKind::Single;
    let replacement = if reissue {
        crate::receipts::reissue(&*state.store, &receipt, now).await?
    } else {
        None
    };
    let Some((_, new)) = state
        .store
        .replace_receipt(receipt.id, &reason, replacement.as_ref(), now)
        .await?
    else {
        return Ok(back("deja"));
    };
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "receipt.cancelled",
            &format!("receipt:{number}"),
            now,
        )
        .await?;
    tracing::info!(receipt = %number, replacement = ?new.as_ref().map(|r| &r.number), staff.id = user.id, "receipt cancelled by staff");
    Ok(back(if new.is_some() { "reemis" } else { "annule" }))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/declaration.html")]
struct DeclarationPage {
    demo: crate::web::Chrome,
    year: i32,
    years: Vec<i32>,
    count: i64,
    total: String,
    /// `(count, amount)` of the individuals' receipts, and of the companies'.
    individuals: (i64, String),
    companies: (i64, String),
    cancelled_note: bool,
}

/// `GET /admin/receipts/declaration?year=Y[&format=csv]`: the figures article
/// 222 bis of the Code général des impôts asks for: how many receipts were
/// issued in the year and their total (cancelled ones excluded).
pub(super) async fn show_declaration(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = match year_of(&query).ok_or_else(bad_year) {
        Ok(year) => year,
        Err(refused) => return Ok(refused),
    };
    let figures = state.store.receipt_figures(year).await?;
    let count = figures.count();
    if query.format.is_some() {
        let format = CsvFormat::from_query(query.format.as_deref());
        let bytes = export::declaration_csv(year, &figures, format)?;
        return Ok(attachment(
            "text/csv; charset=utf-8",
            &format!("declaration-222-bis-{year}.csv"),
            Body::from(bytes),
        ));
    }
    let (used, _) = state.store.receipt_numbers(year).await?;
    let page = DeclarationPage {
        demo: state.chrome(),
        year,
        years: year_choices(&state, year).await?,
        count,
        total: Cents::new(figures.cents()).to_string(),
        individuals: (
            figures.individuals.0,
            Cents::new(figures.individuals.1).to_string(),
        ),
        companies: (
            figures.companies.0,
            Cents::new(figures.companies.1).to_string(),
        ),
        cancelled_note: used.len() as i64 > count,
    };
    Ok(private_page(page.into_response(), None))
}

/// The years a page's menu offers, newest first: from the first year with
/// receipts (or last year) to this one, and the year shown.
async fn year_choices(state: &AppState, shown: i32) -> Result<Vec<i32>, AppError> {
    let current = crate::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    let recorded = state.store.receipt_years().await?;
    let first = recorded
        .iter()
        .copied()
        .chain([shown, current - 1])
        .min()
        .unwrap_or(current)
        .max(current - 30);
    let last = current.max(shown);
    let mut years: Vec<i32> = (first..=last).rev().collect();
    if !years.contains(&shown) {
        years.push(shown);
    }
    Ok(years)
}

/// A file to download, never cached.
fn attachment(content_type: &str, name: &str, body: Body) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    private_page(response, None)
}

/// A streamed export: chunks are sent as they are produced. An error midway
/// ends the response abruptly, so that the download shows as failed.
fn streamed<S, E>(content_type: &str, name: &str, chunks: S) -> Response
where
    S: Stream<Item = Result<Vec<u8>, E>> + Send + 'static,
    E: std::fmt::Display + Send + Sync + 'static,
{
    let name = name.to_owned();
    let label = name.clone();
    let body = Body::from_stream(chunks.map_err(move |err| {
        tracing::error!(export = %label, error = %err, "export failed midway");
        std::io::Error::other(err.to_string())
    }));
    attachment(content_type, &name, body)
}

/// `GET /admin/exports/donations.csv?year=Y&…filters&format=excel`
pub(super) async fn export_donations_csv(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    Query(query): Query<DonationQuery>,
) -> Result<Response, AppError> {
    let (filter, errors) = query.filter(&state).await?;
    if let Some((_, message)) = errors.first() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, message.clone()).into_response());
    }
    let format = CsvFormat::from_query(query.format.as_deref());
    let name = if query.year.is_empty() {
        "dons.csv".to_owned()
    } else {
        format!("dons-{}.csv", query.year.trim())
    };
    // A year alone asks for the year's books (what its journal holds: the
    // refunds made in the year included); dates, for the gifts received then.
    let books_year = query
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|_| query.from.trim().is_empty() && query.to.trim().is_empty());
    if let Some(year) = books_year {
        crate::journal::book_pending(&*state.store, time::OffsetDateTime::now_utc())
            .await
            .map_err(AppError::Internal)?;
        let chunks = export::books_year_csv(
            state.store.clone(),
            year,
            filter,
            format,
            Arc::new(AtomicU64::new(0)),
        );
        return Ok(streamed("text/csv; charset=utf-8", &name, chunks));
    }
    let chunks = export::donations_csv(
        state.store.clone(),
        filter,
        format,
        Arc::new(AtomicU64::new(0)),
    );
    Ok(streamed("text/csv; charset=utf-8", &name, chunks))
}

/// `GET /admin/exports/receipts.csv?year=Y&format=excel`
pub(super) async fn export_receipts_csv(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = match year_of(&query).ok_or_else(bad_year) {
        Ok(year) => year,
        Err(refused) => return Ok(refused),
    };
    let format = CsvFormat::from_query(query.format.as_deref());
    let chunks = export::receipts_csv(
        state.store.clone(),
        year,
        format,
        Arc::new(AtomicU64::new(0)),
    );
    Ok(streamed(
        "text/csv; charset=utf-8",
        &format!("recus-fiscaux-{year}.csv"),
        chunks,
    ))
}

/// `GET /admin/exports/receipts.zip?year=Y`
pub(super) async fn export_receipts_zip(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = match year_of(&query).ok_or_else(bad_year) {
        Ok(year) => year,
        Err(refused) => return Ok(refused),
    };
    let chunks = export::receipts_zip(
        state.store.clone(),
        state.secret.clone(),
        state.base_url.clone(),
        year,
        Arc::new(AtomicU64::new(0)),
    );
    Ok(streamed(
        "application/zip",
        &format!("recus-fiscaux-{year}.zip"),
        chunks,
    ))
}

#[derive(Deserialize)]
pub(super) struct JournalQuery {
    year: Option<String>,
    /// Only the entries after this number (those not imported yet).
    since: Option<String>,
    /// `utf-8` for UTF-8; ISO 8859-15 otherwise, as the FEC asks.
    encoding: Option<String>,
}

/// `GET /admin/exports/journal?year=Y[&since=N][&encoding=utf-8]`: the
/// journal of the year in the FEC layout, as booked; the whole year's file is
/// named `{SIREN}FEC{AAAAMMJJ}.txt`.
pub(super) async fn export_journal(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    Query(query): Query<JournalQuery>,
) -> Result<Response, AppError> {
    let year = match year_of(&YearQuery {
        year: query.year.clone(),
        ..YearQuery::default()
    })
    .ok_or_else(bad_year)
    {
        Ok(year) => year,
        Err(refused) => return Ok(refused),
    };
    let since = match query.since.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(n) => match n.parse::<i64>() {
            Ok(n) if n >= 0 => n,
            _ => {
                return Ok(crate::web::error::unframed(
                    axum::http::StatusCode::BAD_REQUEST,
                    crate::web::error::ErrorPage {
                        demo: state.chrome(),
                        title: "error-journal-since-title",
                        message: "error-journal-since",
                    },
                ));
            }
        },
    };
    let charset = crate::journal::Charset::from_query(query.encoding.as_deref());
    let number = state
        .store
        .organisation()
        .await?
        .map(|o| o.issuer.registration_number)
        .unwrap_or_default();
    let mut name = crate::journal::file_name(&number, year);
    if since > 0 {
        name = name.replace(".txt", &format!("-apres-{since}.txt"));
    }
    let chunks = crate::journal::fec_file(
        state.store.clone(),
        year,
        since,
        charset,
        Arc::new(AtomicU64::new(0)),
    );
    Ok(streamed(charset.content_type(), &name, chunks))
}

struct AccountField {
    name: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/exports.html")]
struct ExportsPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    year: i32,
    years: Vec<i32>,
    accounts: Vec<AccountField>,
    saved: bool,
    has_errors: bool,
}

async fn exports_view(
    state: &AppState,
    headers: &HeaderMap,
    year: i32,
    values: Vec<(String, String)>,
    errors: Vec<(&'static str, String)>,
    saved: bool,
) -> Result<Response, AppError> {
    let years = year_choices(state, year).await?;
    let accounts = Accounts::FIELDS
        .iter()
        .map(|(name, label)| AccountField {
            name,
            label,
            value: values
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            error: errors
                .iter()
                .find(|(f, _)| f == name)
                .map(|(_, m)| m.clone()),
        })
        .collect();
    let form = csrf::issue(&state.secret, headers, state.secure_cookies());
    let page = ExportsPage {
        demo: state.chrome(),
        csrf_token: form.token,
        year,
        years,
        accounts,
        saved,
        has_errors: !errors.is_empty(),
    };
    Ok(crate::web::forms::form_page(
        page,
        !errors.is_empty(),
        form.set_cookie,
    ))
}

/// `GET /admin/exports?year=Y`
pub(super) async fn show_exports(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    headers: HeaderMap,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = year_of(&query).unwrap_or_else(this_year);
    let accounts = Accounts::load(&*state.store).await?;
    let values = Accounts::FIELDS
        .iter()
        .map(|(f, _)| ((*f).to_owned(), accounts.get(f).to_owned()))
        .collect();
    exports_view(
        &state,
        &headers,
        year,
        values,
        Vec::new(),
        query.notice.is_some(),
    )
    .await
}

/// `POST /admin/exports/accounts`: the accounts the journal uses.
pub(super) async fn save_accounts(
    State(state): State<AppState>,
    Staff { user, .. }: Staff<FinanceTeam>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let token = form
        .iter()
        .find(|(k, _)| k == "csrf_token")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    if !csrf::verify(&state.secret, &headers, token) {
        return Err(AppError::Forbidden);
    }
    match Accounts::validate(&form) {
        Ok(accounts) => {
            accounts.save(&*state.store).await?;
            state
                .store
                .audit(
                    Some(user.id),
                    &user.email,
                    "journal.accounts",
                    "",
                    OffsetDateTime::now_utc(),
                )
                .await?;
            Ok(private_page(
                Redirect::to("/admin/exports?notice=1").into_response(),
                None,
            ))
        }
        Err(errors) => exports_view(&state, &headers, this_year(), form, errors, false).await,
    }
}

super::with_csrf!(ReceiptForm);
