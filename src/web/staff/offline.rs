//! Gifts received without a provider (cheques, transfers, cash), recorded by finance staff.

use super::finance::audit_target;
use super::{FinanceTeam, Staff, StaffForm};
use crate::domain::dates::in_paris;
use crate::domain::donation::{COUNTRIES, DonationInput, FieldErrors, Frequency, Limits};
use crate::domain::money::Cents;
use crate::domain::offline::{METHODS, OfflineInput};
use crate::store::NewDonation;
use crate::web::error::AppError;
use crate::web::forms::{self, TextField};
use crate::web::{AppState, csrf, private_page};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Deserialize, Default, Clone)]
pub(super) struct OfflineForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    campaign: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    cheque_number: String,
    #[serde(default)]
    bank: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    wants_receipt: Option<String>,
    /// `person` or `company`; a company's name, legal form and SIREN.
    #[serde(default)]
    donor_kind: String,
    #[serde(default)]
    company_name: String,
    #[serde(default)]
    company_legal_form: String,
    #[serde(default)]
    company_siren: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/offline.html")]
struct OfflinePage {
    demo: crate::web::Chrome,
    csrf_token: String,
    idempotency_key: String,
    campaigns: Vec<(String, String)>,
    campaign: String,
    methods: &'static [(&'static str, &'static str)],
    method: String,
    countries: &'static [(&'static str, &'static str)],
    country: String,
    wants_receipt: bool,
    payment_fields: Vec<TextField>,
    donor_fields: Vec<TextField>,
    company_fields: Vec<TextField>,
    company: bool,
    errors: Vec<(&'static str, String)>,
}

impl OfflinePage {
    fn error(&self, field: &str) -> Option<&str> {
        forms::message(&self.errors, field)
    }
}

async fn offline_page(
    state: &AppState,
    headers: &HeaderMap,
    form: OfflineForm,
    errors: Vec<(&'static str, String)>,
) -> Result<Response, AppError> {
    let token = csrf::issue(&state.secret, headers, state.secure_cookies());
    let field = |name, label, kind, value: &str, hint| {
        TextField::new(name, label, kind, value, hint, &errors)
    };
    let payment_fields = vec![
        field(
            "amount",
            crate::i18n::fr("staff-offline-montant-euros"),
            "text",
            &form.amount,
            "",
        ),
        field(
            "received_on",
            crate::i18n::fr("staff-offline-date-reception"),
            "date",
            &form.received_on,
            crate::i18n::fr("staff-offline-date-figurera-recu-fiscal"),
        ),
        field(
            "cheque_number",
            crate::i18n::fr("staff-offline-numero-cheque"),
            "text",
            &form.cheque_number,
            crate::i18n::fr("staff-offline-cheque"),
        ),
        field(
            "bank",
            crate::i18n::fr("staff-offline-bank"),
            "text",
            &form.bank,
            crate::i18n::fr("staff-offline-cheque"),
        ),
        field(
            "reference",
            crate::i18n::fr("staff-offline-reference-virement"),
            "text",
            &form.reference,
            crate::i18n::fr("staff-offline-virement-libelle-releve"),
        ),
    ];
    let company_fields = vec![
        field(
            "company_name",
            crate::i18n::fr("staff-offline-denomination-entreprise"),
            "text",
            &form.company_name,
            "",
        ),
        field(
            "company_legal_form",
            crate::i18n::fr("staff-offline-legal-form"),
            "text",
            &form.company_legal_form,
            crate::i18n::fr("staff-offline-sas-sarl-sa"),
        ),
        field(
            "company_siren",
            crate::i18n::fr("staff-offline-numero-siren"),
            "text",
            &form.company_siren,
            crate::i18n::fr("staff-offline-nine-digits"),
        ),
    ];
    let donor_fields = vec![
        field(
            "first_name",
            crate::i18n::fr("staff-offline-first-name"),
            "text",
            &form.first_name,
            "",
        ),
        field(
            "last_name",
            crate::i18n::fr("staff-offline-last-name"),
            "text",
            &form.last_name,
            "",
        ),
        field(
            "email",
            crate::i18n::fr("staff-offline-adresse-electronique-facultative"),
            "email",
            &form.email,
            crate::i18n::fr("staff-offline-remerciement-recu-y-sont-envoyes"),
        ),
        field(
            "address",
            crate::i18n::fr("staff-offline-address"),
            "text",
            &form.address,
            "",
        ),
        field(
            "postal_code",
            crate::i18n::fr("staff-offline-postal-code"),
            "text",
            &form.postal_code,
            "",
        ),
        field(
            "city",
            crate::i18n::fr("staff-offline-city"),
            "text",
            &form.city,
            "",
        ),
    ];
    let campaigns = state
        .store
        .list_campaigns()
        .await?
        .into_iter()
        .map(|c| (c.campaign.slug.as_str().to_owned(), c.campaign.title))
        .collect();
    let idempotency_key = if form.idempotency_key.is_empty() {
        crate::tokens::random_hex(16).map_err(|e| AppError::Internal(e.into()))?
    } else {
        form.idempotency_key.clone()
    };
    let page = OfflinePage {
        demo: state.chrome(),
        csrf_token: token.token,
        idempotency_key,
        campaigns,
        campaign: form.campaign.clone(),
        methods: &METHODS,
        method: form.method.clone(),
        countries: COUNTRIES,
        country: if form.country.is_empty() {
            "FR".to_owned()
        } else {
            form.country.clone()
        },
        wants_receipt: form.wants_receipt.is_some() || form.csrf_token.is_empty(),
        payment_fields,
        donor_fields,
        company_fields,
        company: form.donor_kind == "company",
        errors,
    };
    let has_errors = !page.errors.is_empty();
    Ok(forms::form_page(page, has_errors, token.set_cookie))
}

/// `GET /admin/donations/new`
pub(super) async fn show_offline_gift(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let today = in_paris(OffsetDateTime::now_utc()).date();
    let form = OfflineForm {
        received_on: format!(
            "{:04}-{:02}-{:02}",
            today.year(),
            u8::from(today.month()),
            today.day()
        ),
        ..OfflineForm::default()
    };
    offline_page(&state, &headers, form, Vec::new()).await
}

/// The form's messages, said to the staff member: the donation form's rules
/// ask the donor for what is missing (« Indiquez votre prénom »), here it is
/// the donor's that is asked for.
fn error_list(errors: &FieldErrors) -> Vec<(&'static str, String)> {
    errors
        .fields()
        .filter_map(|f| errors.message(f).map(|m| (f, m)))
        .map(|(f, m)| {
            let asked = match m {
                crate::domain::donation::Message::Key { key, .. } => staff_asks(key),
                crate::domain::donation::Message::Text(_) => None,
            };
            (
                f,
                asked.map_or_else(|| crate::i18n::Lang::FR.message(m), str::to_owned),
            )
        })
        .collect()
}

/// What the staff is asked for instead of what a donor is asked for.
fn staff_asks(key: &str) -> Option<&'static str> {
    Some(crate::i18n::fr(match key {
        "err-first-name" => "staff-offline-indiquez-prenom-donateur",
        "err-last-name" => "staff-offline-indiquez-nom-donateur",
        "err-email-missing" => "staff-offline-indiquez-adresse-electronique-donateur-remerciement",
        "err-address" => "staff-offline-recu-fiscal-exige-adresse-postale",
        "err-postal-code" => "staff-offline-indiquez-code-postal-donateur",
        "err-city" => "staff-offline-indiquez-ville-donateur",
        "err-amount-choose" => "staff-offline-indiquez-montant-don",
        _ => return None,
    }))
}

/// `POST /admin/donations/new`: records a cheque, transfer or cash gift. It is
/// confirmed at once (dated the day it was received): the bar moves, the
/// donor is thanked and gets a receipt ticking the right payment box.
pub(super) async fn record_offline_gift(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, OfflineForm>,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    // A donor without an email address (a cheque by post) gets a stand-in
    // nothing is sent to; their receipt is printed and posted.
    let email = if form.email.trim().is_empty() {
        crate::store::no_email_address().map_err(|e| AppError::Internal(e.into()))?
    } else {
        form.email.clone()
    };
    let donor = DonationInput {
        amount: form.amount.clone(),
        frequency: "once".to_owned(),
        email,
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        address: form.address.clone(),
        postal_code: form.postal_code.clone(),
        city: form.city.clone(),
        country: form.country.clone(),
        wants_receipt: crate::web::checked(&form.wants_receipt),
        donor_kind: form.donor_kind.clone(),
        company_name: form.company_name.clone(),
        company_legal_form: form.company_legal_form.clone(),
        company_siren: form.company_siren.clone(),
        ..DonationInput::default()
    };
    // Gifts by cheque or transfer may exceed what the online form takes.
    let limits = Limits {
        min_amount: Cents::new(1),
        max_amount: Cents::from_euros(100_000_000),
    };
    let mut errors = FieldErrors::default();
    let valid = donor.validate(&limits).map_err(|e| errors = e).ok();
    let payment = OfflineInput {
        method: form.method.clone(),
        cheque_number: form.cheque_number.clone(),
        bank: form.bank.clone(),
        reference: form.reference.clone(),
        received_on: form.received_on.clone(),
    }
    .validate(now, &mut errors);
    let campaign = state.store.campaign_by_slug(&form.campaign).await?;
    if campaign.is_none() {
        errors.add(
            "campaign",
            crate::i18n::fr("staff-offline-choisissez-campagne-ce-don-soutient"),
        );
    }
    let (Some(valid), Some(payment), Some(campaign), true) =
        (valid, payment, campaign, errors.is_empty())
    else {
        let list = error_list(&errors);
        return offline_page(&state, &headers, form, list).await;
    };
    let pending = state
        .store
        .create_pending_donation(
            &NewDonation {
                lang: "fr".to_owned(),
                campaign_id: campaign.campaign.id,
                donor: valid.donor,
                amount: valid.amount,
                frequency: Frequency::Once,
                provider: crate::store::Provider::Offline,
                idempotency_key: Some(format!("offline:{}", form.idempotency_key)),
                wants_receipt: valid.wants_receipt,
                message: None,
                display_name: String::new(),
                show_amount: false,
                company: valid.company,
            },
            now,
        )
        .await?;
    if pending.status == "pending" {
        state
            .store
            .set_offline_detail(&pending.public_id, &payment.detail)
            .await?;
        let received = crate::gifts::Payment {
            public_id: &pending.public_id,
            method: payment.method,
            provider_ref: None,
            received_at: payment.received_at,
            event: None,
        };
        crate::gifts::confirm(&*state.store, &state.progress, received).await?;
        state
            .store
            .audit(
                Some(user.id),
                &user.email,
                "donation.recorded",
                &audit_target(&pending.public_id),
                now,
            )
            .await?;
        tracing::info!(donation.id = %pending.public_id, method = payment.method, staff.id = user.id, "offline gift recorded");
    }
    Ok(private_page(
        Redirect::to(&format!(
            "/admin/donations/{}?enregistre",
            pending.public_id
        ))
        .into_response(),
        None,
    ))
}

super::with_csrf!(OfflineForm);
