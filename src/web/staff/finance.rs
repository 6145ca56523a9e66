//! Finance pages (role `finance`, and admins): the gifts with their filters and
//! totals, a gift's page and history, refunds, erasure; the labels the other
//! finance pages share (`offline`, `monthly`, `events` hold the rest). Every
//! change is written to the audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::events::outcome_label;
use super::{AdminOnly, FinanceTeam, Staff, StaffForm};
use crate::domain::dates::{french_date, in_paris, paris_midnight};
use crate::domain::donation::Frequency;
use crate::domain::lifecycle::GiftStatus;
use crate::domain::money::Cents;
use crate::domain::offline::parse_date;
use crate::store::{DonationFilter, DonationRow};
use crate::web::error::AppError;
use crate::web::forms::{self};
use crate::web::{AppState, csrf, private_page};

pub(super) const PAGE_SIZE: i64 = 100;
pub(super) const DONATIONS_PAGE: i64 = 50;

/// `« 26 novembre 2026 à 14:05 »`, Paris time.
pub(crate) fn when(at: OffsetDateTime) -> String {
    let local = in_paris(at);
    crate::i18n::fr_with(
        "staff-date-at-time",
        &[
            ("date", &french_date(local.date())),
            (
                "time",
                &format!("{:02}:{:02}", local.hour(), local.minute()),
            ),
        ],
    )
}

pub(crate) fn status_label(status: GiftStatus) -> &'static str {
    match status {
        GiftStatus::Pending => crate::i18n::fr("staff-finance-attente"),
        GiftStatus::Succeeded => crate::i18n::fr("staff-status-succeeded"),
        GiftStatus::Failed => crate::i18n::fr("staff-status-failed"),
        GiftStatus::Refunded => crate::i18n::fr("staff-status-refunded"),
    }
}

pub(crate) fn method_label(method: Option<&str>) -> &'static str {
    match method {
        Some(code) => ALL_METHODS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, key)| crate::i18n::fr(key))
            .unwrap_or("—"),
        _ => "—",
    }
}

pub(super) fn audit_target(public_id: &str) -> String {
    format!("donation:{public_id}")
}

// ---- Gifts ----

#[derive(Deserialize, Default, Clone)]
pub(crate) struct DonationQuery {
    #[serde(default)]
    pub campaign: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub frequency: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub page: Option<i64>,
    #[serde(default)]
    pub format: Option<String>,
}

/// The status filter's choices: code and message key.
pub(crate) const STATUSES: [(&str, &str); 6] = [
    ("received", "staff-finance-recus-rembourses-compris"),
    ("succeeded", "staff-finance-recus-non-rembourses"),
    ("refunded", "staff-filter-refunded"),
    ("pending", "staff-finance-attente-paiement"),
    ("failed", "staff-filter-failed"),
    ("all", "staff-filter-all"),
];

/// The payment method filter's choices: code and message key.
pub(crate) const ALL_METHODS: [(&str, &str); 5] = [
    ("card", "staff-method-card"),
    ("sepa_debit", "staff-finance-prelevement-sepa"),
    ("cheque", "staff-method-cheque"),
    ("transfer", "staff-method-transfer"),
    ("cash", "staff-method-cash"),
];

impl DonationQuery {
    /// The store's filter, and a French message beside each field that was not
    /// understood (that field then does not filter).
    pub(crate) async fn filter(
        &self,
        state: &AppState,
    ) -> Result<(DonationFilter, Vec<(&'static str, String)>), AppError> {
        let mut errors = Vec::new();
        let mut filter = DonationFilter::default();
        if !self.campaign.is_empty() {
            match state.store.campaign_by_slug(&self.campaign).await? {
                Some(c) => filter.campaign_id = Some(c.campaign.id),
                None => errors.push((
                    "campaign",
                    crate::i18n::fr("staff-finance-cette-campagne-existe-pas").to_owned(),
                )),
            }
        }
        let mut date = |field: &'static str, value: &str| {
            if value.trim().is_empty() {
                return None;
            }
            let parsed = parse_date(value);
            if parsed.is_none() {
                errors.push((
                    field,
                    crate::i18n::fr("staff-finance-date-comme-2026-03-14").to_owned(),
                ));
            }
            parsed
        };
        filter.from = date("from", &self.from).map(paris_midnight);
        filter.to = date("to", &self.to)
            .and_then(|d| d.next_day())
            .map(paris_midnight);
        if !self.year.trim().is_empty() {
            match self.year.trim().parse::<i32>() {
                Ok(year) if (2000..=9999).contains(&year) => {
                    let (from, to) = crate::receipts::export::year_range(year);
                    filter.from = Some(filter.from.map_or(from, |f| f.max(from)));
                    filter.to = Some(filter.to.map_or(to, |t| t.min(to)));
                }
                _ => errors.push((
                    "year",
                    crate::i18n::fr("staff-finance-annee-comme-2026").to_owned(),
                )),
            }
        }
        filter.status = match self.status.as_str() {
            "" => Some("received".to_owned()),
            "all" => None,
            s if STATUSES.iter().any(|(k, _)| *k == s) => Some(s.to_owned()),
            _ => {
                errors.push((
                    "status",
                    crate::i18n::fr("staff-finance-choisissez-etat-dans-liste").to_owned(),
                ));
                Some("received".to_owned())
            }
        };
        match self.method.as_str() {
            "" => {}
            m if ALL_METHODS.iter().any(|(k, _)| *k == m) => filter.method = Some(m.to_owned()),
            _ => errors.push((
                "method",
                crate::i18n::fr("staff-finance-choisissez-moyen-paiement-dans-liste").to_owned(),
            )),
        }
        match self.frequency.as_str() {
            "" => {}
            f if Frequency::parse(f).is_some() => filter.frequency = Some(f.to_owned()),
            _ => errors.push((
                "frequency",
                crate::i18n::fr("staff-finance-choisissez-ponctuel-ou-mensuel").to_owned(),
            )),
        }
        let q = self.q.trim();
        if q.chars().count() > 100 {
            errors.push((
                "q",
                crate::i18n::fr("staff-finance-100-caracteres-plus").to_owned(),
            ));
        } else if !q.is_empty() {
            filter.search = Some(q.to_owned());
        }
        Ok((filter, errors))
    }

    /// The query string of the filter (for the export links and pages).
    pub(crate) fn query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("campaign", &self.campaign),
            ("from", &self.from),
            ("to", &self.to),
            ("status", &self.status),
            ("method", &self.method),
            ("frequency", &self.frequency),
            ("q", &self.q),
            ("year", &self.year),
        ] {
            if !value.is_empty() {
                out.append_pair(key, value);
            }
        }
        out.finish()
    }
}

struct DonationLine {
    public_id: String,
    date: String,
    donor: String,
    email: String,
    campaign: String,
    frequency: &'static str,
    method: &'static str,
    amount: String,
    refunded: String,
    status: &'static str,
    receipt: String,
}

fn line(d: &DonationRow) -> DonationLine {
    DonationLine {
        public_id: d.public_id.clone(),
        date: when(d.date()),
        donor: crate::domain::donation::donor_label(
            &d.donor_first_name,
            &d.donor_last_name,
            d.company().as_ref(),
        ),
        email: match crate::store::shown_email(&d.donor_email) {
            "" => crate::i18n::fr("staff-finance-sans-adresse-electronique").to_owned(),
            email => email.to_owned(),
        },
        campaign: d.campaign_slug.clone(),
        frequency: if d.frequency == "monthly" {
            "mensuel"
        } else {
            "ponctuel"
        },
        method: method_label(d.method.as_deref()),
        amount: Cents::new(d.amount_cents).to_string(),
        refunded: if d.refunded_cents > 0 {
            Cents::new(d.refunded_cents).to_string()
        } else {
            String::new()
        },
        status: status_label(d.status),
        receipt: d.receipt_number.clone().unwrap_or_default(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/donations.html")]
struct DonationsPage {
    demo: crate::web::Chrome,
    query: DonationQuery,
    errors: Vec<(&'static str, String)>,
    campaigns: Vec<(String, String)>,
    statuses: &'static [(&'static str, &'static str)],
    methods: &'static [(&'static str, &'static str)],
    lines: Vec<DonationLine>,
    count: i64,
    amount: String,
    refunded: String,
    net: String,
    page: i64,
    next_page: Option<i64>,
    query_string: String,
}

impl DonationsPage {
    fn error(&self, field: &str) -> Option<&str> {
        forms::message(&self.errors, field)
    }
}

/// `GET /admin/donations?campaign=&from=&to=&status=&method=&frequency=&q=&page=`
pub(super) async fn list_donations(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    Query(query): Query<DonationQuery>,
) -> Result<Response, AppError> {
    let (filter, errors) = query.filter(&state).await?;
    let page = query.page.unwrap_or(1).clamp(1, 100_000);
    let mut rows = state
        .store
        .search_donations(&filter, DONATIONS_PAGE + 1, (page - 1) * DONATIONS_PAGE)
        .await?;
    let next_page = (rows.len() as i64 > DONATIONS_PAGE).then_some(page + 1);
    rows.truncate(DONATIONS_PAGE as usize);
    let totals = state.store.donation_totals(&filter).await?;
    let campaigns = state
        .store
        .list_campaigns()
        .await?
        .into_iter()
        .map(|c| (c.campaign.slug.as_str().to_owned(), c.campaign.title))
        .collect();
    let query_string = query.query_string();
    let view = DonationsPage {
        demo: state.chrome(),
        errors,
        campaigns,
        statuses: &STATUSES,
        methods: &ALL_METHODS,
        lines: rows.iter().map(line).collect(),
        count: totals.count,
        amount: Cents::new(totals.amount_cents).to_string(),
        refunded: Cents::new(totals.refunded_cents).to_string(),
        net: Cents::new(totals.amount_cents - totals.refunded_cents).to_string(),
        page,
        next_page,
        query_string,
        query,
    };
    let has_errors = !view.errors.is_empty();
    Ok(forms::form_page(view, has_errors, None))
}

// ---- A gift's page, refunds ----

struct HistoryLine {
    when: String,
    what: String,
    detail: String,
}

struct ReceiptLine {
    number: String,
    status: &'static str,
    amount: String,
    issued: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/donation.html")]
struct DonationPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    d: DonationLine,
    provider: String,
    provider_label: &'static str,
    provider_ref: String,
    offline_detail: String,
    address: String,
    wants_receipt: bool,
    /// It asked for a receipt, below the minimum then: staff may ask for it.
    receipt_refused: bool,
    refundable: Option<String>,
    refund_amount: String,
    refund_error: Option<String>,
    /// The refund was asked without its confirmation ticked.
    refund_confirm_error: Option<&'static str>,
    notice: Option<&'static str>,
    history: Vec<HistoryLine>,
    receipts: Vec<ReceiptLine>,
    /// The donor has no email address: their receipts go by post.
    by_post: bool,
    /// An admin is looking: the donor's data can be erased from here.
    can_erase: bool,
    /// The donor's data was erased.
    erased: bool,
    erase_error: Option<&'static str>,
}

/// What a gift's page shows besides the gift: a form's refusal, a notice.
#[derive(Default)]
struct Shown {
    refund_amount: Option<String>,
    refund_error: Option<String>,
    refund_confirm_error: Option<&'static str>,
    erase_error: Option<&'static str>,
    notice: Option<&'static str>,
    /// The staff member is an admin.
    admin: bool,
}

#[derive(Deserialize)]
pub(super) struct NoticeQuery {
    #[serde(default)]
    rembourse: Option<String>,
    #[serde(default)]
    enregistre: Option<String>,
    #[serde(default)]
    efface: Option<String>,
    #[serde(default)]
    recu: Option<String>,
}

async fn donation_page(
    state: &AppState,
    headers: &HeaderMap,
    public_id: &str,
    shown: Shown,
) -> Result<Response, AppError> {
    let Shown {
        refund_amount,
        refund_error,
        refund_confirm_error,
        erase_error,
        notice,
        admin,
    } = shown;
    let Some(d) = state.store.donation_row(public_id).await? else {
        return Err(AppError::NotFound);
    };
    let history = state.store.donation_history(&d).await?;
    let donor = state.store.gift_identity(d.id).await?;
    let by_post = !crate::store::reachable(&d.donor_email);
    let erased = crate::store::is_erased(&d.donor_email);
    let mut lines: Vec<(OffsetDateTime, HistoryLine)> = Vec::new();
    lines.push((
        d.created_at,
        HistoryLine {
            when: when(d.created_at),
            what: crate::i18n::fr("staff-finance-don-cree").to_owned(),
            detail: crate::i18n::fr_with(
                "staff-finance-paid-by",
                &[("provider", &d.provider.label())],
            ),
        },
    ));
    if let Some(at) = d.confirmed_at {
        lines.push((
            at,
            HistoryLine {
                when: when(at),
                what: crate::i18n::fr("staff-finance-paiement-recu").to_owned(),
                detail: method_label(d.method.as_deref()).to_owned(),
            },
        ));
    }
    for e in history.events {
        lines.push((
            e.received_at,
            HistoryLine {
                when: when(e.received_at),
                what: crate::i18n::fr_with(
                    "staff-finance-evenement-event-type",
                    &[(
                        "event-type",
                        &(e.event_type) as &(dyn std::fmt::Display + Sync),
                    )],
                ),
                detail: format!(
                    "{} — {}",
                    outcome_label(&e.outcome),
                    e.detail.unwrap_or_default()
                ),
            },
        ));
    }
    for (kind, status, created, finished) in history.jobs {
        // What it was, and whether it was an email to the donor.
        use crate::store::JobKind;
        let (what, mail) = match JobKind::parse(&kind) {
            Some(JobKind::DonationConfirmed) => {
                (crate::i18n::fr("staff-finance-courriel-remerciement"), true)
            }
            Some(JobKind::DonationRefunded) => (
                crate::i18n::fr("staff-finance-suite-remboursement-recu"),
                false,
            ),
            Some(JobKind::ReceiptEmail) => (crate::i18n::fr("staff-finance-courriel-recu"), true),
            Some(JobKind::ReceiptCancelled) => (
                crate::i18n::fr("staff-finance-courriel-annulation-recu"),
                true,
            ),
            _ => (crate::i18n::fr("staff-finance-job"), false),
        };
        let state = match status.as_str() {
            "done" if mail && by_post => {
                crate::i18n::fr("staff-finance-non-envoye-pas-adresse-electronique")
            }
            "done" => "fait",
            "dead" => crate::i18n::fr("staff-finance-abandonne-apres-plusieurs-essais"),
            "running" => crate::i18n::fr("staff-finance-cours"),
            _ => crate::i18n::fr("staff-finance-attente"),
        };
        lines.push((
            finished.unwrap_or(created),
            HistoryLine {
                when: when(finished.unwrap_or(created)),
                what: what.to_owned(),
                detail: state.to_owned(),
            },
        ));
    }
    for (at, who, action, detail) in history.audit {
        lines.push((
            at,
            HistoryLine {
                when: when(at),
                what: match action.as_str() {
                    "donation.refunded" => {
                        crate::i18n::fr("staff-finance-remboursement-equipe").to_owned()
                    }
                    "donation.recorded" => {
                        crate::i18n::fr("staff-finance-don-hors-ligne-enregistre").to_owned()
                    }
                    other => other.to_owned(),
                },
                detail: format!("{who} {detail}"),
            },
        ));
    }
    lines.sort_by_key(|(at, _)| *at);
    let receipts = history
        .receipts
        .iter()
        .map(|r| ReceiptLine {
            number: r.number.clone(),
            status: crate::i18n::fr(if r.status == crate::store::ReceiptStatus::Valid {
                "staff-receipt-valid"
            } else {
                "staff-receipt-cancelled"
            }),
            amount: Cents::new(r.amount_cents).to_string(),
            issued: french_date(in_paris(r.issued_at).date()),
        })
        .collect();
    let remaining = d.amount_cents - d.refunded_cents;
    let refundable = (d.status == GiftStatus::Succeeded && remaining > 0)
        .then(|| Cents::new(remaining).to_string());
    let form = csrf::issue(&state.secret, headers, state.secure_cookies());
    let address = donor
        .map(|p| {
            [p.address, p.postal_code, p.city, p.country]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let page = DonationPage {
        demo: state.chrome(),
        csrf_token: form.token,
        provider_label: d.provider.label(),
        provider: d.provider.to_string(),
        provider_ref: d.provider_ref.clone().unwrap_or_default(),
        offline_detail: d.offline_detail.clone().unwrap_or_default(),
        address,
        wants_receipt: d.wants_receipt,
        receipt_refused: d.receipt_refused.is_some(),
        refund_amount: refund_amount.unwrap_or_else(|| {
            Cents::new(remaining)
                .to_string()
                .replace(['\u{202f}', '€'], "")
        }),
        refundable,
        refund_error,
        refund_confirm_error,
        notice: match notice {
            Some(said) if by_post && said == crate::i18n::fr(RECORDED) => {
                Some(crate::i18n::fr(RECORDED_BY_POST))
            }
            other => other,
        },
        by_post,
        erased,
        can_erase: admin && !erased,
        erase_error,
        history: lines.into_iter().map(|(_, l)| l).collect(),
        receipts,
        d: line(&d),
    };
    let has_errors = page.refund_error.is_some()
        || page.refund_confirm_error.is_some()
        || page.erase_error.is_some();
    Ok(forms::form_page(page, has_errors, form.set_cookie))
}

const RECORDED: &str = "staff-finance-recorded";
const RECORDED_BY_POST: &str = "staff-finance-recorded-by-post";

/// `GET /admin/donations/{public_id}`
pub(super) async fn show_donation(
    State(state): State<AppState>,
    Staff { user, .. }: Staff<FinanceTeam>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let notice = if query.rembourse.is_some() {
        Some(crate::i18n::fr(
            "staff-finance-remboursement-enregistre-barre-progression-recu",
        ))
    } else if query.enregistre.is_some() {
        Some(crate::i18n::fr(RECORDED))
    } else if let Some(outcome) = query.recu.as_deref() {
        Some(match outcome {
            "emis" => crate::i18n::fr("staff-finance-recu-fiscal-emis-il-part"),
            _ => crate::i18n::fr("staff-finance-pas-recu-don-reste-inferieur"),
        })
    } else if query.efface.is_some() {
        Some(crate::i18n::fr(
            "staff-finance-donnees-donateur-effacees-recus-fiscaux",
        ))
    } else {
        None
    };
    let shown = Shown {
        notice,
        admin: user.role == crate::store::Role::Admin,
        ..Shown::default()
    };
    donation_page(&state, &headers, &id, shown).await
}

#[derive(Deserialize)]
pub(super) struct EraseDonorForm {
    #[serde(default)]
    csrf_token: String,
    confirm: Option<String>,
}

/// `POST /admin/donations/{public_id}/erase-donor`: an admin erases the
/// gift's donor, at their request made by post or email — as the donor's own
/// erasure link does (monthly gifts stopped at the provider first, receipts
/// kept).
pub(super) async fn erase_donor(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm { user, form, .. }: StaffForm<AdminOnly, EraseDonorForm>,
) -> Result<Response, AppError> {
    let Some(d) = state.store.donation_row(&id).await? else {
        return Err(AppError::NotFound);
    };
    let refuse = |message: &'static str| {
        let shown = Shown {
            erase_error: Some(message),
            admin: true,
            ..Shown::default()
        };
        donation_page(&state, &headers, &id, shown)
    };
    if !crate::web::checked(&form.confirm) {
        return refuse(crate::i18n::fr(
            "staff-finance-cochez-cette-case-confirmer-effacement",
        ))
        .await;
    }
    let now = OffsetDateTime::now_utc();
    match crate::privacy::erase(
        &*state.store,
        &*state.gateway,
        d.donor_id,
        &user.email,
        false,
        now,
    )
    .await
    {
        Ok(_) => {}
        Err(crate::privacy::EraseError::Provider { .. }) => {
            let mut response =
                refuse(crate::i18n::fr("staff-finance-don-mensuel-pas-pu-etre")).await?;
            *response.status_mut() = axum::http::StatusCode::SERVICE_UNAVAILABLE;
            return Ok(response);
        }
        Err(crate::privacy::EraseError::Store(err)) => return Err(err.into()),
    }
    state.latest_messages.clear();
    Ok(private_page(
        Redirect::to(&format!("/admin/donations/{id}?efface")).into_response(),
        None,
    ))
}

#[derive(Deserialize)]
pub(super) struct RefundForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    amount: String,
    /// The box « the money goes back to the donor, for good », ticked.
    #[serde(default)]
    confirm: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct IssueReceiptForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /admin/donations/{public_id}/receipt`: staff ask for the receipt of a
/// gift that was below the minimum when paid (the minimum was lowered since).
pub(super) async fn issue_gift_receipt(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { user, .. }: StaffForm<FinanceTeam, IssueReceiptForm>,
) -> Result<Response, AppError> {
    let Some(gift) = state.store.donation(&id).await? else {
        return Err(AppError::NotFound);
    };
    let now = OffsetDateTime::now_utc();
    state.store.set_receipt_refused(gift.id, None).await?;
    let outcome = match crate::receipts::issue_for_gift(&*state.store, &gift, now).await? {
        Ok(receipt) => {
            state
                .store
                .enqueue_job(&crate::receipts::receipt_email_job(receipt.id), now)
                .await?;
            state
                .store
                .audit(
                    Some(user.id),
                    &user.email,
                    "receipt.issued_on_request",
                    &receipt.number,
                    now,
                )
                .await?;
            "emis"
        }
        Err(_) => "refuse",
    };
    Ok(private_page(
        Redirect::to(&format!("/admin/donations/{id}?recu={outcome}")).into_response(),
        None,
    ))
}

/// `POST /admin/donations/{public_id}/refund`: gives back all or part of a
/// gift. Stripe payments are refunded through Stripe; offline ones are marked
/// refunded (the money goes back by hand). The bar moves back now; the receipt
/// is cancelled and, if something remains, re-issued by the outbox.
pub(super) async fn refund_donation(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, RefundForm>,
) -> Result<Response, AppError> {
    let Some(d) = state.store.donation_row(&id).await? else {
        return Err(AppError::NotFound);
    };
    let remaining = d.amount_cents - d.refunded_cents;
    let refuse = |message: String| {
        let state = state.clone();
        let headers = headers.clone();
        let id = id.clone();
        let amount = form.amount.clone();
        let shown = Shown {
            refund_amount: Some(amount),
            refund_error: Some(message),
            admin: user.role == crate::store::Role::Admin,
            ..Shown::default()
        };
        async move { donation_page(&state, &headers, &id, shown).await }
    };
    if d.status != GiftStatus::Succeeded || remaining <= 0 {
        return refuse(crate::i18n::fr("staff-finance-ce-don-rien-rembourser").to_owned()).await;
    }
    let amount = match Cents::parse(&form.amount) {
        Ok(a) if a.get() > 0 && a.get() <= remaining => a,
        Ok(_) => {
            return refuse(crate::i18n::fr_with(
                "staff-finance-indiquez-montant-entre-0-01",
                &[(
                    "remaining",
                    &(Cents::new(remaining)) as &(dyn std::fmt::Display + Sync),
                )],
            ))
            .await;
        }
        Err(e) => return refuse(e.to_string()).await,
    };
    if !crate::web::checked(&form.confirm) {
        let shown = Shown {
            refund_amount: Some(form.amount.clone()),
            refund_confirm_error: Some(crate::i18n::fr(
                "staff-finance-cochez-case-confirmer-argent-rendu",
            )),
            admin: user.role == crate::store::Role::Admin,
            ..Shown::default()
        };
        return donation_page(&state, &headers, &id, shown).await;
    }
    // Offline gifts go back by hand; demo ones were never charged.
    if d.provider == crate::store::Provider::Stripe {
        if d.provider != state.gateway.name() {
            return refuse(crate::i18n::fr_with(
                "staff-finance-ce-don-ete-paye-provider",
                &[("provider", &(d.provider) as &(dyn std::fmt::Display + Sync))],
            ))
            .await;
        }
        let Some(reference) = d.provider_ref.as_deref() else {
            return refuse(
                crate::i18n::fr("staff-finance-ce-paiement-pas-reference-chez").to_owned(),
            )
            .await;
        };
        // Derived from the request: the same refund asked twice at once (a
        // double click, two tabs) is one refund at the provider, as it is one
        // in the store below.
        let key = crate::domain::refund::idempotency_key(
            &d.public_id,
            Cents::new(d.refunded_cents),
            amount,
        );
        if let Err(err) = state.gateway.refund(reference, amount, &key).await {
            tracing::error!(donation.id = %d.public_id, error = %format!("{err:#}"), "refund refused by the provider");
            return refuse(
                crate::i18n::fr("staff-finance-prestataire-paiement-refuse-remboursement-rien")
                    .to_owned(),
            )
            .await;
        }
    }
    let now = OffsetDateTime::now_utc();
    let request = crate::store::MoneyBackRequest {
        public_id: d.public_id.clone(),
        back: crate::domain::lifecycle::MoneyBack::RefundedTotal(Cents::new(
            d.refunded_cents + amount.get(),
        )),
        provider_ref: None,
        reported_at: None,
        now,
    };
    // Another refund got there first and this one would exceed the gift.
    if let crate::store::MoneyBackOutcome::Refused(_) =
        crate::gifts::money_back(&*state.store, &state.progress, &request).await?
    {
        return refuse(
            crate::i18n::fr("staff-finance-autre-remboursement-ce-don-vient").to_owned(),
        )
        .await;
    }
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "donation.refunded",
            &audit_target(&d.public_id),
            now,
        )
        .await?;
    tracing::info!(donation.id = %d.public_id, amount = amount.get(), staff.id = user.id, "gift refunded from the back office");
    Ok(private_page(
        Redirect::to(&format!("/admin/donations/{}?rembourse", d.public_id)).into_response(),
        None,
    ))
}

super::with_csrf!(IssueReceiptForm, EraseDonorForm, RefundForm);
