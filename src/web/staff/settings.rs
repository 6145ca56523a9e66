//! The organisation's settings (admins): the details its receipts carry, the
//! logo and signature printed on them; and the button that issues a year's
//! summary receipts (admins and finance).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{AdminOnly, FinanceTeam, Staff, StaffForm};
use crate::domain::cerfa::{CATEGORIES, Category};
use crate::domain::dates::in_paris;
use crate::domain::donation::COUNTRIES;
use crate::domain::receipt::IssuerForm;
use crate::store::Organisation;
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};

/// Largest logo or signature accepted.
pub(super) const MAX_IMAGE_BYTES: usize = 1024 * 1024;

/// A one-line text field of the form.
struct TextField {
    name: &'static str,
    label: &'static str,
    value: String,
    hint: &'static str,
    error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organisation.html")]
struct OrganisationPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    fields: Vec<TextField>,
    form: IssuerForm,
    errors: Vec<(&'static str, String)>,
    categories: &'static [Category],
    countries: &'static [(&'static str, &'static str)],
    has_logo: bool,
    has_signature: bool,
    saved: bool,
    /// What receipts still lack, in French.
    missing: Vec<&'static str>,
    /// The admin's additions to « Mentions légales » and « Données
    /// personnelles » (Markdown).
    legal_text: String,
    privacy_text: String,
    /// As typed, `#rrggbb` or empty.
    brand_colour: String,
    /// Not saved yet: the page is the first step of the first-run setup.
    first_run: bool,
}

impl OrganisationPage {
    fn error(&self, field: &str) -> Option<&str> {
        crate::web::forms::message(&self.errors, field)
    }

    /// A one-line field, by name (every name the template asks for is in
    /// `fields`; an unknown one renders as an empty field).
    fn field(&self, name: &str) -> &TextField {
        static EMPTY: TextField = TextField {
            name: "",
            label: "",
            value: String::new(),
            hint: "",
            error: None,
        };
        self.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or(&EMPTY)
    }
}

fn page(
    state: &AppState,
    form: IssuerForm,
    errors: Vec<(&'static str, String)>,
    org: Option<&Organisation>,
    csrf_token: String,
    saved: bool,
    extras: &Extras,
) -> OrganisationPage {
    let error = |name: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, m)| m.clone())
    };
    let text = |name, label, value: &str, hint| TextField {
        name,
        label,
        value: value.to_owned(),
        hint,
        error: error(name),
    };
    let fields = vec![
        text(
            "legal_name",
            crate::i18n::fr("staff-settings-nom-ou-denomination"),
            &form.legal_name,
            "",
        ),
        text(
            "website",
            crate::i18n::fr("staff-settings-site-organisme"),
            &extras.website,
            crate::i18n::fr("staff-settings-exemple-https-association-fr-tete"),
        ),
        text(
            "contact_email",
            crate::i18n::fr("staff-settings-adresse-contact"),
            &extras.contact_email,
            crate::i18n::fr("staff-settings-reponses-donateurs-courriels-page-contact"),
        ),
        text(
            "registration_number",
            crate::i18n::fr("staff-settings-numero-siren-ou-rna"),
            &form.registration_number,
            crate::i18n::fr("staff-settings-obligatoire-recus-depuis-cerfa-11580"),
        ),
        text(
            "address",
            crate::i18n::fr("staff-offline-address"),
            &form.address,
            "",
        ),
        text(
            "postal_code",
            crate::i18n::fr("staff-offline-postal-code"),
            &form.postal_code,
            "",
        ),
        text(
            "city",
            crate::i18n::fr("staff-settings-city"),
            &form.city,
            "",
        ),
        text(
            "signatory_name",
            crate::i18n::fr("staff-settings-nom-signataire"),
            &form.signatory_name,
            "",
        ),
        text(
            "signatory_role",
            crate::i18n::fr("staff-settings-qualite-signataire"),
            &form.signatory_role,
            crate::i18n::fr("staff-settings-exemple-president-tresoriere"),
        ),
        text(
            "receipt_min",
            crate::i18n::fr("staff-settings-montant-minimum-recu-euros"),
            &form.receipt_min,
            crate::i18n::fr("staff-settings-0-recu-tout-don-qui"),
        ),
        text(
            "bank_iban",
            crate::i18n::fr("staff-settings-iban-compte"),
            &extras.bank_iban,
            crate::i18n::fr("staff-settings-celui-qui-recoit-virements-donateurs"),
        ),
        text(
            "bank_bic",
            "BIC",
            &extras.bank_bic,
            crate::i18n::fr("staff-settings-8-ou-11-caracteres-exemple"),
        ),
        text(
            "summaries_on",
            crate::i18n::fr("staff-settings-envoi-recus-recapitulatifs-dons-mensuels"),
            &extras.summaries_on,
            crate::i18n::fr("staff-settings-ceux-annee-ecoulee-partent-eux"),
        ),
    ];
    let missing = org.map(Organisation::missing).unwrap_or_default();
    OrganisationPage {
        demo: state.chrome(),
        csrf_token,
        fields,
        form,
        errors,
        categories: &CATEGORIES,
        countries: COUNTRIES,
        has_logo: org.is_some_and(|o| o.logo_png.is_some()),
        has_signature: org.is_some_and(|o| o.signature_png.is_some()),
        saved,
        missing,
        legal_text: extras.legal_text.clone(),
        privacy_text: extras.privacy_text.clone(),
        brand_colour: extras.brand_colour.clone(),
        first_run: extras.first_run,
    }
}

/// What the organisation page holds beside the receipts' details: the day the
/// summaries go out, the site, the contact address, the admin's additions to
/// the legal and personal-data pages.
#[derive(Debug, Clone, Default)]
struct Extras {
    summaries_on: String,
    website: String,
    contact_email: String,
    legal_text: String,
    privacy_text: String,
    brand_colour: String,
    bank_iban: String,
    bank_bic: String,
    /// The organisation was never saved (the first-run setup's first step).
    first_run: bool,
}

use crate::bank::{BANK_BIC_SETTING, BANK_IBAN_SETTING};

impl Extras {
    /// As saved.
    async fn stored(state: &AppState, org: Option<&Organisation>) -> Result<Extras, AppError> {
        let text = |key| {
            let store = state.store.clone();
            async move { store.setting(key).await.map(Option::unwrap_or_default) }
        };
        Ok(Extras {
            summaries_on: summaries_on(state).await?,
            website: org.map(|o| o.website.clone()).unwrap_or_default(),
            contact_email: org.map(|o| o.contact_email.clone()).unwrap_or_default(),
            legal_text: text(crate::web::site::LEGAL_TEXT_SETTING).await?,
            privacy_text: text(crate::web::site::PRIVACY_TEXT_SETTING).await?,
            brand_colour: text(crate::web::site::BRAND_COLOUR_SETTING).await?,
            bank_iban: text(BANK_IBAN_SETTING).await?,
            bank_bic: text(BANK_BIC_SETTING).await?,
            first_run: !org.is_some_and(|o| o.details_saved),
        })
    }
}

/// The day the previous year's summaries go out, as staff read it (`jj/mm`).
async fn summaries_on(state: &AppState) -> Result<String, AppError> {
    use crate::domain::receipt::{SUMMARIES_ON_DEFAULT, month_day_text, parse_month_day};
    let stored = state
        .store
        .setting(crate::app::SUMMARIES_ON_SETTING)
        .await?;
    let on = stored
        .as_deref()
        .and_then(parse_month_day)
        .unwrap_or(SUMMARIES_ON_DEFAULT);
    Ok(month_day_text(on).1)
}

/// `GET /admin/organisation`
pub(super) async fn show_organisation(
    State(state): State<AppState>,
    _staff: Staff<AdminOnly>,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, AppError> {
    let org = state.store.organisation().await?;
    let form = org
        .as_ref()
        .map(|o| IssuerForm::from_issuer(&o.issuer, o.receipt_min))
        .unwrap_or_default();
    let token = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let extras = Extras::stored(&state, org.as_ref()).await?;
    let view = page(
        &state,
        form,
        Vec::new(),
        org.as_ref(),
        token.token,
        query.as_deref() == Some("enregistre"),
        &extras,
    );
    Ok(private_page(view.into_response(), token.set_cookie))
}

/// An uploaded PNG, checked: `Ok(None)` when no file was chosen.
fn check_png(bytes: Vec<u8>) -> Result<Option<Vec<u8>>, String> {
    if bytes.is_empty() {
        return Ok(None);
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(crate::i18n::fr("staff-settings-image-depasse-1-mo-reduisez").to_owned());
    }
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(crate::i18n::fr("staff-settings-envoyez-image-format-png").to_owned());
    }
    let mut warnings = Vec::new();
    printpdf::RawImage::decode_from_bytes(&bytes, &mut warnings)
        .map_err(|_| crate::i18n::fr("staff-settings-cette-image-png-est-illisible").to_owned())?;
    Ok(Some(bytes))
}

/// `POST /admin/organisation` (multipart: the fields, `logo`, `signature`).
pub(super) async fn save_organisation(
    State(state): State<AppState>,
    Staff { user: admin, .. }: Staff<AdminOnly>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut form = IssuerForm::default();
    let mut csrf_token = String::new();
    let current = state.store.organisation().await?;
    // A form without one of these fields leaves it as it is.
    let mut typed = Extras::stored(&state, current.as_ref()).await?;
    let mut logo = Vec::new();
    let mut signature = Vec::new();
    let mut remove_logo = false;
    let mut remove_signature = false;
    let mut next = String::new();
    let bad_form = |_| AppError::Forbidden;
    while let Some(field) = multipart.next_field().await.map_err(bad_form)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "logo" || name == "signature" {
            let bytes = field.bytes().await.map_err(bad_form)?.to_vec();
            if name == "logo" {
                logo = bytes;
            } else {
                signature = bytes;
            }
            continue;
        }
        let value = field.text().await.map_err(bad_form)?;
        let slot = match name.as_str() {
            "csrf_token" => &mut csrf_token,
            "legal_name" => &mut form.legal_name,
            "registration_kind" => &mut form.registration_kind,
            "registration_number" => &mut form.registration_number,
            "address" => &mut form.address,
            "postal_code" => &mut form.postal_code,
            "city" => &mut form.city,
            "country" => &mut form.country,
            "object" => &mut form.object,
            "category" => &mut form.category,
            "public_utility_decree_date" => &mut form.public_utility_decree_date,
            "journal_officiel_date" => &mut form.journal_officiel_date,
            "category_detail" => &mut form.category_detail,
            "association_1901" => &mut form.association_1901,
            "reduction_rate_percent" => &mut form.reduction_rate_percent,
            "signatory_name" => &mut form.signatory_name,
            "signatory_role" => &mut form.signatory_role,
            "receipt_min" => &mut form.receipt_min,
            "summaries_on" => &mut typed.summaries_on,
            "website" => &mut typed.website,
            "legal_text" => &mut typed.legal_text,
            "privacy_text" => &mut typed.privacy_text,
            "contact_email" => &mut typed.contact_email,
            "brand_colour" => &mut typed.brand_colour,
            "bank_iban" => &mut typed.bank_iban,
            "bank_bic" => &mut typed.bank_bic,
            "next" => &mut next,
            "remove_logo" => {
                remove_logo = true;
                continue;
            }
            "remove_signature" => {
                remove_signature = true;
                continue;
            }
            _ => continue,
        };
        *slot = value;
    }
    if !csrf::verify(&state.secret, &headers, &csrf_token) {
        return Err(AppError::Forbidden);
    }
    let now = OffsetDateTime::now_utc();
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let logo = check_png(logo)
        .map_err(|m| errors.push(("logo", m)))
        .ok()
        .flatten();
    let signature = check_png(signature)
        .map_err(|m| errors.push(("signature", m)))
        .ok()
        .flatten();
    let valid = form.validate(in_paris(now).date());
    if let Err(field_errors) = &valid {
        errors.extend(crate::web::forms::error_list(field_errors));
    }
    let summaries_day = crate::domain::receipt::parse_day_month(&typed.summaries_on);
    if summaries_day.is_none() {
        errors.push((
            "summaries_on",
            crate::i18n::fr("staff-settings-indiquez-jour-mois-exemple-15").to_owned(),
        ));
    }
    let website = crate::domain::site::parse_website(&typed.website)
        .map_err(|m| errors.push(("website", m.to_owned())))
        .unwrap_or_default();
    let contact_email = match typed.contact_email.trim() {
        "" => String::new(),
        typed => crate::domain::donation::parse_email(typed)
            .map_err(|_| {
                errors.push((
                    "contact_email",
                    crate::i18n::fr("staff-settings-cette-adresse-electronique-ne-semble")
                        .to_owned(),
                ))
            })
            .unwrap_or_default(),
    };
    let brand_colour = crate::domain::site::parse_colour(&typed.brand_colour)
        .map_err(|m| errors.push(("brand_colour", m.to_owned())))
        .unwrap_or_default();
    let bank_iban = crate::domain::transfer::parse_iban(&typed.bank_iban)
        .map_err(|m| errors.push(("bank_iban", m.to_owned())))
        .unwrap_or_default();
    let bank_bic = crate::domain::transfer::parse_bic(&typed.bank_bic)
        .map_err(|m| errors.push(("bank_bic", m.to_owned())))
        .unwrap_or_default();
    for (field, text) in [
        ("legal_text", &typed.legal_text),
        ("privacy_text", &typed.privacy_text),
    ] {
        if text.chars().count() > 5000 {
            errors.push((
                field,
                crate::i18n::fr("staff-settings-5-000-caracteres-plus").to_owned(),
            ));
        }
    }
    let (Ok((issuer, receipt_min)), true) = (valid, errors.is_empty()) else {
        let token = csrf::issue(&state.secret, &headers, state.secure_cookies());
        let view = page(
            &state,
            form,
            errors,
            current.as_ref(),
            token.token,
            false,
            &typed,
        );
        return Ok(private_page(
            (StatusCode::UNPROCESSABLE_ENTITY, view).into_response(),
            token.set_cookie,
        ));
    };
    let keep = |new: Option<Vec<u8>>, remove: bool, old: Option<Vec<u8>>| {
        new.or(if remove { None } else { old })
    };
    let org = Organisation {
        issuer,
        logo_png: keep(
            logo,
            remove_logo,
            current.as_ref().and_then(|o| o.logo_png.clone()),
        ),
        // The sample's signature is not the signatory's: it goes with the
        // sample's details, and receipts wait for the real one.
        signature_png: keep(
            signature,
            remove_signature,
            current
                .as_ref()
                .filter(|o| o.details_saved)
                .and_then(|o| o.signature_png.clone()),
        ),
        receipt_min,
        details_saved: true,
        website,
        contact_email,
    };
    let complete = org.missing().is_empty();
    state.store.save_organisation(&org, now).await?;
    for (key, text) in [
        (crate::web::site::LEGAL_TEXT_SETTING, &typed.legal_text),
        (crate::web::site::PRIVACY_TEXT_SETTING, &typed.privacy_text),
        (crate::web::site::BRAND_COLOUR_SETTING, &brand_colour),
        (BANK_IBAN_SETTING, &bank_iban),
        (BANK_BIC_SETTING, &bank_bic),
    ] {
        let text = crate::domain::donation::clean_text(text, true);
        state.store.set_setting(key, &text).await?;
    }
    state.refresh_site().await?;
    if let Some(day) = summaries_day {
        let (stored, _) = crate::domain::receipt::month_day_text(day);
        state
            .store
            .set_setting(crate::app::SUMMARIES_ON_SETTING, &stored)
            .await?;
    }
    if complete {
        // Gifts paid while the settings were incomplete get their receipts now.
        state
            .store
            .enqueue_job(&crate::jobs::receipts_backlog_job(), now)
            .await?;
    }
    state
        .store
        .audit(
            Some(admin.id),
            &admin.email,
            "organisation.updated",
            "",
            now,
        )
        .await?;
    tracing::info!(staff.id = admin.id, "organisation settings saved");
    let to = if next == "start" {
        "/admin/start"
    } else {
        "/admin/organisation?enregistre"
    };
    Ok(private_page(Redirect::to(to).into_response(), None))
}

#[derive(Deserialize)]
pub(super) struct AnnualForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    year: String,
}

/// `POST /admin/receipts/annual`: queues the yearly summaries of `year`.
pub(super) async fn issue_annual_receipts(
    State(state): State<AppState>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, AnnualForm>,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    let Some(year) = form
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| crate::domain::receipt::summary_year_refused(*y, now).is_none())
    else {
        return Ok(private_page(
            Redirect::to("/admin?annuel=annee").into_response(),
            None,
        ));
    };
    state
        .store
        .enqueue_job(&crate::jobs::annual_receipts_job(year), now)
        .await?;
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "receipts.annual",
            &year.to_string(),
            now,
        )
        .await?;
    Ok(private_page(
        Redirect::to(&format!("/admin?annuel={year}")).into_response(),
        None,
    ))
}

super::with_csrf!(AnnualForm);
