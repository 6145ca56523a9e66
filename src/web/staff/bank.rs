//! The bank account (finance): importing a statement (CAMT.053, or CSV with
//! the bank's columns saved under its name) confirms the gifts pledged by
//! transfer whose money it shows and ticks off the cheque deposits it
//! credits; the other credits wait in a list, each with the pledges it may
//! pay, until matched by hand or set aside with a reason. Also: the pledges
//! waiting (and cancelling one), the cheques to take to the bank and their
//! deposit slips.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{FinanceTeam, Staff, StaffForm};
use crate::bank::csv::{CsvError, CsvFormat};
use crate::bank::{Handled, HandlingError};
use crate::domain::dates::{french_date, in_paris};
use crate::domain::money::Cents;
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};

/// Largest statement accepted.
pub(super) const MAX_STATEMENT_BYTES: usize = 5 * 1024 * 1024;

/// Most lines, pledges and cheques listed at once.
const LISTED: i64 = 300;

struct ProposalView {
    reference: String,
    who: String,
    amount: String,
    date: String,
    reasons: String,
}

struct DepositOption {
    id: i64,
    number: String,
    date: String,
}

struct LineView {
    id: i64,
    date: String,
    amount: String,
    counterparty: String,
    text: String,
    cheques: bool,
    proposals: Vec<ProposalView>,
    deposits: Vec<DepositOption>,
    /// A refusal of one of its forms: the field (`reference`, `note`,
    /// `deposit`) and why.
    error: Option<(&'static str, String)>,
    reference: String,
    note: String,
}

struct SetAsideView {
    date: String,
    amount: String,
    counterparty: String,
    text: String,
    note: String,
    by: String,
}

struct PledgeView {
    public_id: String,
    reference: String,
    who: String,
    amount: String,
    date: String,
    days: i64,
    error: Option<String>,
}

struct ChequeView {
    public_id: String,
    who: String,
    amount: String,
    date: String,
    detail: String,
}

impl From<crate::store::DepositCheque> for ChequeView {
    fn from(c: crate::store::DepositCheque) -> ChequeView {
        ChequeView {
            public_id: c.public_id,
            who: who(&c.first_name, &c.last_name),
            amount: Cents::new(c.amount_cents).to_string(),
            date: french_date(in_paris(c.received_at).date()),
            detail: c.detail.unwrap_or_default(),
        }
    }
}

struct DepositView {
    id: i64,
    number: String,
    date: String,
    count: i64,
    total: String,
    seen_on: Option<String>,
}

/// The CSV form: the bank's name, its columns, and the faults found.
struct CsvView {
    bank: String,
    format: CsvFormat,
    errors: Vec<CsvError>,
    /// The banks whose format is saved.
    banks: Vec<String>,
}

impl CsvView {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/bank.html")]
struct BankPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    lines: Vec<LineView>,
    set_aside: Vec<SetAsideView>,
    pledges: Vec<PledgeView>,
    cheques: Vec<ChequeView>,
    deposits: Vec<DepositView>,
    csv: CsvView,
    /// What was just done.
    notice: Option<String>,
    /// Why a line's form was refused, when the line is not listed any more.
    stray: Option<String>,
    /// Why the CAMT.053 file was refused.
    error: Option<String>,
    deposit_error: Option<&'static str>,
    failed: bool,
}

/// What a request asks the page to say.
#[derive(Default)]
struct Said {
    notice: Option<String>,
    error: Option<String>,
    csv: Option<(String, CsvFormat, Vec<CsvError>)>,
    line_error: Option<(i64, &'static str, String, String)>,
    pledge_error: Option<(String, String)>,
    deposit_error: Option<&'static str>,
}

impl Said {
    fn failed(&self) -> bool {
        self.error.is_some()
            || self.csv.as_ref().is_some_and(|(_, _, e)| !e.is_empty())
            || self.line_error.is_some()
            || self.pledge_error.is_some()
            || self.deposit_error.is_some()
    }
}

/// A pledge's reference as donors write it: `DON-7KQ4-PE`.
fn shown_reference(p: &crate::store::Pledge) -> String {
    crate::domain::transfer::Reference::parse(&p.transfer_ref)
        .map(|r| r.to_string())
        .unwrap_or_else(|| p.transfer_ref.clone())
}

fn who(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_owned()
}

async fn page(
    state: &AppState,
    headers: &HeaderMap,
    format_name: Option<&str>,
    said: Said,
) -> Result<Response, AppError> {
    let store = &*state.store;
    let today = in_paris(OffsetDateTime::now_utc()).date();
    let waiting = store.pledges_waiting(LISTED).await?;
    let mut lines = Vec::new();
    for line in store.bank_lines_to_handle(LISTED).await? {
        let proposals = if line.cheques {
            Vec::new()
        } else {
            crate::bank::proposals(&line, &waiting)
                .into_iter()
                .map(|(p, reasons)| ProposalView {
                    reference: shown_reference(p),
                    who: who(&p.first_name, &p.last_name),
                    amount: Cents::new(p.amount_cents).to_string(),
                    date: french_date(in_paris(p.created_at).date()),
                    reasons: reasons
                        .iter()
                        .map(|r| r.describe())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect()
        };
        let deposits = if line.cheques {
            crate::bank::open_deposits_for(store, Cents::new(line.amount_cents), line.booked_on)
                .await?
                .into_iter()
                .map(|d| DepositOption {
                    id: d.id,
                    number: d.number(),
                    date: french_date(in_paris(d.created_at).date()),
                })
                .collect()
        } else {
            Vec::new()
        };
        let (error, reference, note) = match &said.line_error {
            Some((id, field, message, typed)) if *id == line.id => (
                Some((*field, message.clone())),
                if *field == "reference" {
                    typed.clone()
                } else {
                    String::new()
                },
                if *field == "note" {
                    typed.clone()
                } else {
                    String::new()
                },
            ),
            _ => (None, String::new(), String::new()),
        };
        lines.push(LineView {
            id: line.id,
            date: french_date(line.booked_on),
            amount: Cents::new(line.amount_cents).to_string(),
            counterparty: line.counterparty,
            text: line.text,
            cheques: line.cheques,
            proposals,
            deposits,
            error,
            reference,
            note,
        });
    }
    // A refusal about a line no longer listed (handled meanwhile): said on top.
    let stray = said
        .line_error
        .as_ref()
        .filter(|(id, ..)| !lines.iter().any(|l: &LineView| l.id == *id))
        .map(|(_, _, message, _)| message.clone());
    let set_aside = store
        .bank_lines_set_aside(50)
        .await?
        .into_iter()
        .map(|l| SetAsideView {
            date: french_date(l.booked_on),
            amount: Cents::new(l.amount_cents).to_string(),
            counterparty: l.counterparty,
            text: l.text,
            note: l.handled_note.unwrap_or_default(),
            by: l.handled_by.unwrap_or_default(),
        })
        .collect();
    let pledges = waiting
        .iter()
        .map(|p| PledgeView {
            public_id: p.public_id.clone(),
            reference: shown_reference(p),
            who: who(&p.first_name, &p.last_name),
            amount: Cents::new(p.amount_cents).to_string(),
            date: french_date(in_paris(p.created_at).date()),
            days: (today - in_paris(p.created_at).date()).whole_days(),
            error: match &said.pledge_error {
                Some((id, message)) if *id == p.public_id => Some(message.clone()),
                _ => None,
            },
        })
        .collect();
    let cheques = store
        .cheques_to_deposit(LISTED)
        .await?
        .into_iter()
        .map(ChequeView::from)
        .collect();
    let deposits = store
        .cheque_deposits(20)
        .await?
        .into_iter()
        .map(|d| DepositView {
            id: d.id,
            number: d.number(),
            date: french_date(in_paris(d.created_at).date()),
            count: d.cheque_count,
            total: Cents::new(d.total_cents).to_string(),
            seen_on: d.seen_on.map(french_date),
        })
        .collect();
    let saved = store.bank_csv_formats().await?;
    let banks: Vec<String> = saved.iter().map(|(name, _)| name.clone()).collect();
    let failed = said.failed();
    let csv = match said.csv {
        Some((bank, format, errors)) => CsvView {
            bank,
            format,
            errors,
            banks,
        },
        None => {
            // The bank asked for, else the one used last, else the usual French layout.
            let chosen = format_name
                .and_then(|name| saved.iter().find(|(n, _)| n == name))
                .or(saved.first());
            match chosen {
                Some((name, mapping)) => CsvView {
                    bank: name.clone(),
                    format: serde_json::from_str(mapping).unwrap_or_default(),
                    errors: Vec::new(),
                    banks,
                },
                None => CsvView {
                    bank: String::new(),
                    format: CsvFormat {
                        delimiter: ";".to_owned(),
                        date_order: "jma".to_owned(),
                        ..CsvFormat::default()
                    },
                    errors: Vec::new(),
                    banks,
                },
            }
        }
    };
    let token = csrf::issue(&state.secret, headers, state.secure_cookies());
    let view = BankPage {
        demo: state.chrome(),
        csrf_token: token.token,
        lines,
        set_aside,
        pledges,
        cheques,
        deposits,
        csv,
        notice: said.notice,
        stray,
        error: said.error,
        deposit_error: said.deposit_error,
        failed,
    };
    Ok(crate::web::forms::form_page(view, failed, token.set_cookie))
}

#[derive(Deserialize)]
pub(super) struct BankQuery {
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    format: Option<String>,
}

/// What `?done=` says: a fixed sentence per action, never words from the address.
fn done_sentence(done: &str) -> Option<&'static str> {
    Some(match done {
        "received" => crate::i18n::fr("staff-bank-don-est-confirme-son-donateur"),
        "received-amount" => crate::i18n::fr("staff-bank-don-est-confirme-montant-recu"),
        "set-aside" => crate::i18n::fr("staff-bank-ligne-est-ecartee-avec-sa"),
        "deposit" => crate::i18n::fr("staff-bank-remise-cheques-est-pointee-releve"),
        "cancelled" => crate::i18n::fr("staff-bank-promesse-virement-est-annulee"),
        _ => return None,
    })
}

/// `GET /admin/bank`
pub(super) async fn show_bank(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    headers: HeaderMap,
    Query(query): Query<BankQuery>,
) -> Result<Response, AppError> {
    let said = Said {
        notice: query
            .done
            .as_deref()
            .and_then(done_sentence)
            .map(str::to_owned),
        ..Said::default()
    };
    page(&state, &headers, query.format.as_deref(), said).await
}

/// What a staff member just did, in the audit log; then back to the page
/// saying so (`?done=`).
async fn done(
    state: &AppState,
    user: &crate::store::StaffUser,
    action: &str,
    subject: &str,
    code: &str,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    state
        .store
        .audit(Some(user.id), &user.email, action, subject, now)
        .await?;
    Ok(back(code))
}

fn back(done: &str) -> Response {
    private_page(
        Redirect::to(&format!("/admin/bank?done={done}")).into_response(),
        None,
    )
}

/// A multipart form's text fields and its `statement` file.
async fn read_upload(
    mut multipart: Multipart,
) -> Result<(HashMap<String, String>, Vec<u8>), AppError> {
    let (mut fields, mut file) = (HashMap::new(), Vec::new());
    let bad_form = |_| AppError::Forbidden;
    while let Some(field) = multipart.next_field().await.map_err(bad_form)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "statement" {
            file = field.bytes().await.map_err(bad_form)?.to_vec();
        } else {
            let value = field.text().await.map_err(bad_form)?;
            fields.insert(name, value.chars().take(200).collect());
        }
    }
    Ok((fields, file))
}

/// Imports a statement read, says what it did, and logs who did it.
async fn imported(
    state: &AppState,
    headers: &HeaderMap,
    user: &crate::store::StaffUser,
    statement: &crate::bank::Statement,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    let report = crate::bank::import(&*state.store, &state.progress, statement, now).await?;
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
    let fr = crate::i18n::Lang::FR;
    let count = |key: &str, n: usize| fr.tn(key, i64::try_from(n).unwrap_or(i64::MAX));
    let (new, already, confirmed) = (
        count("staff-bank-import-new", report.new),
        count("staff-bank-import-already", report.already),
        count("staff-bank-import-confirmed", report.confirmed.len()),
    );
    let mut text = fr.t_with(
        "staff-bank-import-report",
        &[
            ("id", crate::i18n::Arg::Str(&statement.id)),
            ("new", crate::i18n::Arg::Str(&new)),
            ("already", crate::i18n::Arg::Str(&already)),
            ("confirmed", crate::i18n::Arg::Str(&confirmed)),
        ],
    );
    if !report.deposits.is_empty() {
        text.push_str(&fr.t_with(
            "staff-bank-import-deposits",
            &[
                (
                    "n",
                    crate::i18n::Arg::Num(i64::try_from(report.deposits.len()).unwrap_or(i64::MAX)),
                ),
                ("list", crate::i18n::Arg::Str(&report.deposits.join(", "))),
            ],
        ));
    }
    text.push('.');
    page(
        state,
        headers,
        None,
        Said {
            notice: Some(text),
            ..Said::default()
        },
    )
    .await
}

/// `POST /admin/bank/import` (multipart: `statement`, a CAMT.053 file).
pub(super) async fn import_statement(
    State(state): State<AppState>,
    Staff { user, .. }: Staff<FinanceTeam>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (fields, file) = read_upload(multipart).await?;
    let token = fields.get("csrf_token").map(String::as_str).unwrap_or("");
    if !csrf::verify(&state.secret, &headers, token) {
        return Err(AppError::Forbidden);
    }
    let refused = |message: String| Said {
        error: Some(message),
        ..Said::default()
    };
    if file.is_empty() {
        let said =
            refused(crate::i18n::fr("staff-bank-choisissez-fichier-releve-camt-053").to_owned());
        return page(&state, &headers, None, said).await;
    }
    let Ok(xml) = String::from_utf8(file) else {
        let said = refused(crate::i18n::fr("staff-bank-ce-fichier-est-pas-releve").to_owned());
        return page(&state, &headers, None, said).await;
    };
    match crate::bank::parse_camt053(&xml) {
        Ok(statement) => imported(&state, &headers, &user, &statement).await,
        Err(err) => page(&state, &headers, None, refused(err.to_string())).await,
    }
}

/// `POST /admin/bank/import-csv` (multipart: `statement`, a CSV file; `bank`,
/// the bank's name; its columns). The columns are saved under the bank's
/// name once the file reads.
pub(super) async fn import_csv(
    State(state): State<AppState>,
    Staff { user, .. }: Staff<FinanceTeam>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (fields, file) = read_upload(multipart).await?;
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    if !csrf::verify(&state.secret, &headers, &get("csrf_token")) {
        return Err(AppError::Forbidden);
    }
    let bank = get("bank").trim().to_owned();
    let delimiter = match get("delimiter").as_str() {
        "tab" => "\t".to_owned(),
        other => other.to_owned(),
    };
    let format = CsvFormat {
        delimiter,
        date_column: get("date_column").trim().to_owned(),
        date_order: get("date_order"),
        amount_column: get("amount_column").trim().to_owned(),
        credit_column: get("credit_column").trim().to_owned(),
        debit_column: get("debit_column").trim().to_owned(),
        label_column: get("label_column").trim().to_owned(),
        counterparty_column: get("counterparty_column").trim().to_owned(),
        reference_column: get("reference_column").trim().to_owned(),
    };
    let mut errors = format.check();
    if bank.is_empty() {
        errors.insert(
            0,
            CsvError {
                field: "bank",
                message: crate::i18n::fr("staff-bank-indiquez-nom-banque-ses-colonnes").to_owned(),
            },
        );
    }
    if file.is_empty() {
        errors.push(CsvError {
            field: "statement",
            message: crate::i18n::fr("staff-bank-choisissez-fichier-releve-csv").to_owned(),
        });
    }
    if errors.is_empty() {
        match crate::bank::csv::parse_csv(&file, &bank, &format) {
            Ok(statement) => {
                let mapping =
                    serde_json::to_string(&format).map_err(|e| AppError::Internal(e.into()))?;
                state
                    .store
                    .save_bank_csv_format(&bank, &mapping, OffsetDateTime::now_utc())
                    .await?;
                return imported(&state, &headers, &user, &statement).await;
            }
            Err(e) => errors.push(e),
        }
    }
    let said = Said {
        csv: Some((bank, format, errors)),
        ..Said::default()
    };
    page(&state, &headers, None, said).await
}

#[derive(Deserialize)]
pub(super) struct LineForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    deposit: String,
}

/// Says `e` beside the field of line `id`'s form, with what was typed.
async fn refused_line(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    field: &'static str,
    e: HandlingError,
    typed: &str,
) -> Result<Response, AppError> {
    let said = Said {
        line_error: Some((id, field, e.to_string(), typed.chars().take(200).collect())),
        ..Said::default()
    };
    page(state, headers, None, said).await
}

/// `POST /admin/bank/lines/{id}/receive`: the credit is the transfer of the
/// pledge whose reference is given.
pub(super) async fn receive_line(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, LineForm>,
) -> Result<Response, AppError> {
    let outcome =
        crate::bank::receive_by_hand(&*state.store, &state.progress, id, &form.reference).await?;
    match outcome {
        Ok(Handled::Received { public_id, from }) => {
            let detail = match from {
                Some(pledged) => crate::i18n::fr_with(
                    "staff-bank-received-pledged",
                    &[("id", &public_id), ("pledged", &pledged)],
                ),
                None => public_id,
            };
            let code = if from.is_some() {
                "received-amount"
            } else {
                "received"
            };
            done(&state, &user, "bank.line_received", &detail, code).await
        }
        Ok(_) => Ok(back("received")),
        Err(e) => refused_line(&state, &headers, id, "reference", e, &form.reference).await,
    }
}

/// `POST /admin/bank/lines/{id}/set-aside`: not a gift (a membership fee, a
/// grant), with why.
pub(super) async fn set_aside_line(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, LineForm>,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    match crate::bank::set_aside(&*state.store, id, &form.note, &user.email, now).await? {
        Ok(_) => {
            done(
                &state,
                &user,
                "bank.line_set_aside",
                &id.to_string(),
                "set-aside",
            )
            .await
        }
        Err(e) => refused_line(&state, &headers, id, "note", e, &form.note).await,
    }
}

/// `POST /admin/bank/lines/{id}/deposit`: the credit is deposit slip `deposit`'s.
pub(super) async fn deposit_line(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, LineForm>,
) -> Result<Response, AppError> {
    let deposit = form.deposit.trim().parse::<i64>().unwrap_or(0);
    match crate::bank::tick_deposit(&*state.store, id, deposit).await? {
        Ok(Handled::Deposit(number)) => {
            done(&state, &user, "bank.deposit_credited", &number, "deposit").await
        }
        Ok(_) => Ok(back("deposit")),
        Err(e) => refused_line(&state, &headers, id, "deposit", e, "").await,
    }
}

#[derive(Deserialize)]
pub(super) struct CancelForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    confirm: Option<String>,
}

/// `POST /admin/bank/pledges/{id}/cancel`: the transfer will not come.
pub(super) async fn cancel_pledge(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(public_id): Path<String>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, CancelForm>,
) -> Result<Response, AppError> {
    if !crate::web::checked(&form.confirm) {
        let said = Said {
            pledge_error: Some((
                public_id,
                crate::i18n::fr("staff-bank-cochez-case-confirmer-virement-ce").to_owned(),
            )),
            ..Said::default()
        };
        return page(&state, &headers, None, said).await;
    }
    let now = OffsetDateTime::now_utc();
    if crate::bank::cancel_pledge(&*state.store, &state.progress, &public_id, now).await? {
        state
            .store
            .audit(
                Some(user.id),
                &user.email,
                "bank.pledge_cancelled",
                &public_id,
                now,
            )
            .await?;
    }
    Ok(back("cancelled"))
}

#[derive(Deserialize)]
pub(super) struct DepositForm {
    #[serde(default)]
    csrf_token: String,
    /// `c-{gift id}` = `on` for each cheque ticked.
    #[serde(flatten)]
    ticked: HashMap<String, String>,
}

/// `POST /admin/bank/deposits`: a deposit slip for the cheques ticked.
pub(super) async fn make_deposit(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, DepositForm>,
) -> Result<Response, AppError> {
    let ids: Vec<String> = form
        .ticked
        .iter()
        .filter(|(_, value)| value.as_str() == "on")
        .filter_map(|(name, _)| name.strip_prefix("c-"))
        .take(LISTED as usize)
        .map(str::to_owned)
        .collect();
    let now = OffsetDateTime::now_utc();
    let year = in_paris(now).year();
    let made = state
        .store
        .create_cheque_deposit(&ids, year, &user.email, now)
        .await?;
    let Some(deposit) = made else {
        let said = Said {
            deposit_error: Some(crate::i18n::fr(
                "staff-bank-cochez-cheques-vous-remettez-banque",
            )),
            ..Said::default()
        };
        return page(&state, &headers, None, said).await;
    };
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "bank.deposit_made",
            &deposit.number(),
            now,
        )
        .await?;
    Ok(private_page(
        Redirect::to(&format!("/admin/bank/deposits/{}", deposit.id)).into_response(),
        None,
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/deposit.html")]
struct DepositPage {
    demo: crate::web::Chrome,
    number: String,
    date: String,
    holder: String,
    iban: String,
    bic: String,
    cheques: Vec<ChequeView>,
    count: i64,
    total: String,
    made_by: String,
    seen_on: Option<String>,
}

/// `GET /admin/bank/deposits/{id}`: the deposit slip, to print and take
/// to the bank with the cheques.
pub(super) async fn show_deposit(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let store = &*state.store;
    let deposit = store.cheque_deposit(id).await?.ok_or(AppError::NotFound)?;
    let cheques = store
        .deposit_cheques(id)
        .await?
        .into_iter()
        .map(ChequeView::from)
        .collect();
    let chrome = state.chrome();
    let iban = store
        .setting(crate::bank::BANK_IBAN_SETTING)
        .await?
        .unwrap_or_default();
    let view = DepositPage {
        holder: chrome.site.name.clone(),
        demo: chrome,
        number: deposit.number(),
        date: french_date(in_paris(deposit.created_at).date()),
        iban: crate::domain::transfer::iban_for_print(&iban),
        bic: store
            .setting(crate::bank::BANK_BIC_SETTING)
            .await?
            .unwrap_or_default(),
        cheques,
        count: deposit.cheque_count,
        total: Cents::new(deposit.total_cents).to_string(),
        made_by: deposit.created_by,
        seen_on: deposit.seen_on.map(french_date),
    };
    Ok(private_page(view.into_response(), None))
}

super::with_csrf!(LineForm, CancelForm, DepositForm);
