//! The donor space: a signed link (sent by email) shows a donor's gifts and lets
//! them stop or change a monthly gift. Asking for the link never tells whether
//! an address is known.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};

use super::client_ip::ClientIp;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use time::OffsetDateTime;

use super::csrf;
use super::error::AppError;
use super::{AppState, private_page};
use crate::domain::donation::{
    DonorDetails, FieldErrors, Frequency, IdentityInput, greeting_name, parse_email,
};
use crate::domain::guestbook;
use crate::jobs::email_job;
use crate::links;
use crate::store::{GiftStatus, MessageEdit, MonthlyStatus, Subscription};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(show_link_request).post(request_link))
        .route("/me/{token}", get(show_donor_space))
        .route("/me/{token}/monthly/{id}/cancel", post(cancel_monthly_gift))
        .route(
            "/me/{token}/monthly/{id}/amount",
            post(change_monthly_amount),
        )
        .route("/me/{token}/messages/{id}", post(edit_message))
        .route("/me/{token}/messages/{id}/withdraw", post(withdraw_message))
        .route("/me/{token}/details", post(correct_details))
        .route("/me/{token}/data.json", get(download_data))
        .route("/me/{token}/erase", get(show_erase).post(erase))
}

#[derive(Template, WebTemplate)]
#[template(path = "donor_request.html")]
struct LinkRequestPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    email: String,
    error: Option<String>,
    sent: bool,
}

/// `GET /me`: « Retrouver mes dons ».
async fn show_link_request(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let page = LinkRequestPage {
        demo: state.chrome(),
        csrf_token: token.token,
        email: String::new(),
        error: None,
        sent: false,
    };
    private_page(page.into_response(), token.set_cookie)
}

#[derive(Deserialize)]
struct LinkRequest {
    #[serde(default)]
    email: String,
    #[serde(default)]
    csrf_token: String,
}

/// `POST /me`: sends the link if the address has gifts; answers the same either way.
async fn request_link(
    State(state): State<AppState>,
    client: ClientIp,
    headers: HeaderMap,
    Form(form): Form<LinkRequest>,
) -> Result<Response, AppError> {
    let token = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let mut page = LinkRequestPage {
        demo: state.chrome(),
        csrf_token: token.token.clone(),
        email: form.email.clone(),
        error: None,
        sent: false,
    };
    if !csrf::verify(&state.secret, &headers, &form.csrf_token) {
        page.error = Some(page.demo.t("request-err-expired"));
        return Ok(private_page(
            (StatusCode::FORBIDDEN, page).into_response(),
            token.set_cookie,
        ));
    }
    let key = format!("link:{client}");
    if !state.donation_ip_limit.allow(&key) {
        state.metrics.rate_limited("donor_link");
        page.error = Some(page.demo.t("request-err-too-many"));
        return Ok(private_page(
            (StatusCode::TOO_MANY_REQUESTS, page).into_response(),
            token.set_cookie,
        ));
    }
    let email = match parse_email(&form.email) {
        Ok(email) => email,
        Err(message) => {
            page.error = Some(page.demo.t(message.key()));
            return Ok(private_page(
                (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
                token.set_cookie,
            ));
        }
    };
    if let Some(donor) = state.store.donor_id_by_email(&email).await? {
        let job = email_job("donor_link", None, Some(donor), None);
        state
            .store
            .enqueue_job(&job, OffsetDateTime::now_utc())
            .await?;
    }
    page.sent = true;
    Ok(private_page(page.into_response(), token.set_cookie))
}

struct GiftLine {
    date: String,
    /// The name the gift was made under.
    given_as: String,
    campaign_title: String,
    amount: String,
    kind: String,
    status: String,
}

struct MonthlyLine {
    id: String,
    campaign_title: String,
    amount: String,
    amount_value: String,
    status: String,
    active: bool,
}

struct ReceiptLine {
    number: String,
    date: String,
    amount: String,
    valid: bool,
    /// Issued under the sample organisation: no tax value.
    specimen: bool,
    /// The receipt that replaces a cancelled one.
    replaced_by: Option<String>,
}

struct MessageLine {
    id: i64,
    campaign_title: String,
    message: String,
    display_name: String,
    show_amount: bool,
    status: String,
}

/// A message edit refused: the entry, what was typed, and the French message
/// beside each faulty field.
struct MessageErrors {
    id: i64,
    message: String,
    display_name: String,
    show_amount: bool,
    errors: Vec<(&'static str, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "donor_space.html")]
struct DonorSpacePage {
    demo: crate::web::Chrome,
    token: String,
    /// The first name all the address's gifts were made under, or empty.
    greeting: String,
    gifts: Vec<GiftLine>,
    monthly: Vec<MonthlyLine>,
    messages: Vec<MessageLine>,
    receipts: Vec<ReceiptLine>,
    csrf_token: String,
    /// The message key of what was just done.
    notice: Option<&'static str>,
    /// The monthly gift whose new amount was refused, and why.
    amount_error: Option<(String, String)>,
    message_errors: Option<MessageErrors>,
    /// The details of the next receipts: on file, or as typed when refused.
    details: DonorDetails,
    details_errors: FieldErrors,
    countries: Vec<(&'static str, String)>,
}

/// What a form of the donor space had refused, shown beside its fields.
enum Refused {
    Nothing,
    /// A monthly gift's new amount: the gift, the message.
    Amount(String, String),
    Message(MessageErrors),
    Details(DetailsErrors),
}

/// The « details for my next receipts » form refused: what was typed, and why.
struct DetailsErrors {
    typed: DonorDetails,
    errors: FieldErrors,
}

impl DonorSpacePage {
    /// The details form's text fields: name, label, value, autocomplete token.
    fn detail_fields(&self) -> [(&'static str, String, &str, &'static str); 5] {
        let d = &self.details;
        let t = |key: &str| self.demo.t(key);
        [
            (
                "first_name",
                t("form-first-name"),
                &d.first_name,
                "given-name",
            ),
            (
                "last_name",
                t("form-last-name"),
                &d.last_name,
                "family-name",
            ),
            ("address", t("form-address"), &d.address, "address-line1"),
            (
                "postal_code",
                t("form-postal-code"),
                &d.postal_code,
                "postal-code",
            ),
            ("city", t("form-city"), &d.city, "address-level2"),
        ]
    }

    /// The French message beside `field` of the details form, if refused.
    fn details_error(&self, field: &str) -> Option<&str> {
        self.details_errors.get(field)
    }

    fn amount_error_for(&self, id: &str) -> Option<&str> {
        self.amount_error
            .as_ref()
            .filter(|(gift, _)| gift == id)
            .map(|(_, message)| message.as_str())
    }

    /// The French message beside `field` of message `id`'s edit form, if refused.
    fn message_error(&self, id: &i64, field: &str) -> Option<&str> {
        self.message_errors
            .as_ref()
            .filter(|e| e.id == *id)
            .and_then(|e| e.errors.iter().find(|(f, _)| *f == field))
            .map(|(_, m)| m.as_str())
    }
}

/// The donor a link names, while their data exists.
pub(super) struct LinkedDonor {
    pub id: i64,
}

/// The donor named by `token`: 404 for a forged or expired link, and for a
/// donor whose data was erased (their links open nothing any more).
pub(super) async fn donor_from(state: &AppState, token: &str) -> Result<LinkedDonor, AppError> {
    let id = links::verify_donor_token(
        &state.secret,
        token,
        OffsetDateTime::now_utc().unix_timestamp(),
    )
    .ok_or(AppError::NotFound)?;
    state
        .store
        .donor_contact(id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(LinkedDonor { id })
}

async fn render_space(
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
    linked: &LinkedDonor,
    notice: Option<&'static str>,
    refused: Refused,
) -> Result<Response, AppError> {
    let donor = linked.id;
    let chrome = state.chrome();
    let lang = chrome.lang;
    let (amount_error, message_errors, details_errors) = match refused {
        Refused::Nothing => (None, None, None),
        Refused::Amount(gift, message) => (Some((gift, message)), None, None),
        Refused::Message(errors) => (None, Some(errors), None),
        Refused::Details(errors) => (None, None, Some(errors)),
    };
    let mut on_file = state
        .store
        .donor_details(donor)
        .await?
        .ok_or(AppError::NotFound)?;
    on_file.email.clear();
    let gifts = state.store.donor_gifts(donor).await?;
    // Greeted by name only when every gift of the address was made under it:
    // someone else may have used the address.
    let greeting = greeting_name(
        &on_file.first_name,
        gifts.iter().map(|d| d.donor_first_name.as_str()),
    )
    .unwrap_or_default()
    .to_owned();
    let gifts = gifts
        .into_iter()
        .map(|d| GiftLine {
            date: lang.date(
                crate::domain::dates::in_paris(d.confirmed_at.unwrap_or(d.created_at)).date(),
            ),
            given_as: crate::domain::donation::donor_label(
                &d.donor_first_name,
                &d.donor_last_name,
                d.company.as_ref(),
            ),
            campaign_title: d.campaign_title,
            amount: lang.money_short(d.amount),
            kind: lang.t(match d.frequency {
                Frequency::Once => "space-kind-once",
                Frequency::Monthly => "space-kind-monthly",
            }),
            status: match d.status {
                GiftStatus::Succeeded if d.refunded.get() > 0 => lang.t1(
                    "space-status-part-refunded",
                    "amount",
                    lang.money(d.refunded),
                ),
                GiftStatus::Succeeded => lang.t("space-status-received"),
                GiftStatus::Refunded => lang.t("space-status-refunded"),
                GiftStatus::Pending | GiftStatus::Failed => lang.t("space-status-pending"),
            },
        })
        .collect();
    let monthly = state
        .store
        .donor_subscriptions(donor)
        .await?
        .into_iter()
        .map(|s| MonthlyLine {
            id: s.public_id,
            campaign_title: s.campaign_title,
            amount: lang.t1("amount-monthly", "amount", lang.money_short(s.amount)),
            amount_value: s
                .amount
                .display_short()
                .trim_end_matches(['€', '\u{202F}'])
                .replace('\u{202F}', ""),
            status: lang.t(match s.status {
                MonthlyStatus::Active => "space-monthly-active",
                MonthlyStatus::PastDue => "space-monthly-past-due",
                MonthlyStatus::Pending | MonthlyStatus::Cancelled => "space-monthly-stopped",
            }),
            active: s.status.running(),
        })
        .collect();
    let messages = state
        .store
        .donor_messages(donor)
        .await?
        .into_iter()
        .map(|e| {
            let typed = message_errors.as_ref().filter(|m| m.id == e.id);
            MessageLine {
                id: e.id,
                campaign_title: e.campaign_title,
                message: typed.map_or(e.message, |t| t.message.clone()),
                display_name: typed.map_or(e.display_name, |t| t.display_name.clone()),
                show_amount: typed.map_or(e.show_amount, |t| t.show_amount),
                status: match e.status.as_str() {
                    "approved" => lang.t("space-message-published"),
                    "rejected" => match e.rejection_reason {
                        Some(reason) => lang.t1("space-message-refused-why", "reason", reason),
                        None => lang.t("space-message-refused"),
                    },
                    "hidden" => lang.t("space-message-hidden"),
                    _ => lang.t("space-message-pending"),
                },
            }
        })
        .collect();
    let all = state.store.donor_receipts(donor).await?;
    let receipts = all
        .iter()
        .map(|r| ReceiptLine {
            date: lang.date(crate::domain::dates::in_paris(r.issued_at).date()),
            amount: lang.money(crate::domain::money::Cents::new(r.amount_cents)),
            valid: r.status == crate::store::ReceiptStatus::Valid,
            specimen: r.specimen,
            number: r.number.clone(),
            replaced_by: all
                .iter()
                .find(|n| n.replaces_receipt_id == Some(r.id))
                .map(|n| n.number.clone()),
        })
        .collect();
    let details = match &details_errors {
        Some(refused) => refused.typed.clone(),
        None => on_file,
    };
    let csrf_token = csrf::issue(&state.secret, headers, state.secure_cookies());
    let status = if amount_error.is_some() || message_errors.is_some() || details_errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = DonorSpacePage {
        demo: chrome,
        token: token.to_owned(),
        greeting,
        gifts,
        monthly,
        messages,
        receipts,
        csrf_token: csrf_token.token,
        notice,
        amount_error,
        message_errors,
        details,
        details_errors: details_errors
            .map(|e| e.errors.localized(|m| lang.message(m)))
            .unwrap_or_default(),
        countries: crate::web::views::countries(lang),
    };
    let mut response = private_page((status, page).into_response(), csrf_token.set_cookie);
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}

/// `GET /me/{token}`
async fn show_donor_space(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let donor = donor_from(&state, &token).await?;
    let notice = match query.as_deref() {
        Some("arrete") => Some("space-done-stopped"),
        Some("modifie") => Some("space-done-amount"),
        Some("message") => Some("space-done-message"),
        Some("retire") => Some("space-done-withdrawn"),
        Some("coordonnees") => Some("space-done-details"),
        _ => None,
    };
    render_space(&state, &headers, &token, &donor, notice, Refused::Nothing).await
}

#[derive(Deserialize)]
struct MonthlyForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    amount: String,
}

/// The donor named by `token`, for a form carrying `csrf_token`: 404 for a bad
/// link, 403 without the token.
async fn donor_posting(
    state: &AppState,
    token: &str,
    headers: &HeaderMap,
    csrf_token: &str,
) -> Result<LinkedDonor, AppError> {
    let donor = donor_from(state, token).await?;
    if !csrf::verify(&state.secret, headers, csrf_token) {
        return Err(AppError::Forbidden);
    }
    Ok(donor)
}

/// The donor named by `token` and their monthly gift `id`, for a form carrying
/// `csrf_token`: 404 for a bad link or someone else's gift, 403 without the token.
async fn own_subscription(
    state: &AppState,
    token: &str,
    id: &str,
    headers: &HeaderMap,
    csrf_token: &str,
) -> Result<(LinkedDonor, Subscription), AppError> {
    let donor = donor_posting(state, token, headers, csrf_token).await?;
    let subscription = state
        .store
        .donor_subscriptions(donor.id)
        .await?
        .into_iter()
        .find(|s| s.public_id == id)
        .ok_or(AppError::NotFound)?;
    Ok((donor, subscription))
}

/// `POST /me/{token}/monthly/{id}/cancel`
async fn cancel_monthly_gift(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<MonthlyForm>,
) -> Result<Response, AppError> {
    let (_, subscription) =
        own_subscription(&state, &token, &id, &headers, &form.csrf_token).await?;
    if stop_monthly_gift(&state, &subscription).await? {
        tracing::info!(subscription.id = %subscription.public_id, "monthly gift cancelled by the donor");
    }
    Ok(Redirect::to(&crate::web::lang::keep_in(&format!("/me/{token}?arrete"))).into_response())
}

/// Stops a monthly gift at the provider and here, and tells the donor by email.
/// False if it was already stopped.
pub(super) async fn stop_monthly_gift(
    state: &AppState,
    subscription: &Subscription,
) -> Result<bool, AppError> {
    if subscription.status == MonthlyStatus::Cancelled {
        return Ok(false);
    }
    state.gateway.cancel_subscription(subscription).await?;
    state
        .store
        .update_subscription(
            subscription.id,
            MonthlyStatus::Cancelled,
            None,
            OffsetDateTime::now_utc(),
        )
        .await?;
    if let Some(first) = state
        .store
        .subscription_first_donation(subscription.id)
        .await?
    {
        let job = email_job(
            "monthly_cancelled",
            Some(first),
            None,
            Some(format!("email:monthly_cancelled:{first}")),
        );
        state
            .store
            .enqueue_job(&job, OffsetDateTime::now_utc())
            .await?;
    }
    Ok(true)
}

/// `POST /me/{token}/monthly/{id}/amount`
async fn change_monthly_amount(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<MonthlyForm>,
) -> Result<Response, AppError> {
    let (donor, subscription) =
        own_subscription(&state, &token, &id, &headers, &form.csrf_token).await?;
    let amount = state.limits.parse_amount(&form.amount);
    let amount = match amount {
        Ok(a) => a,
        Err(message) => {
            return render_space(
                &state,
                &headers,
                &token,
                &donor,
                None,
                Refused::Amount(id, state.chrome().lang.message(&message)),
            )
            .await;
        }
    };
    if subscription.status == MonthlyStatus::Cancelled {
        return Err(AppError::NotFound);
    }
    state
        .gateway
        .change_subscription_amount(&subscription, amount)
        .await?;
    state
        .store
        .update_subscription(
            subscription.id,
            subscription.status,
            Some(amount),
            OffsetDateTime::now_utc(),
        )
        .await?;
    tracing::info!(subscription.id = %subscription.public_id, "monthly gift amount changed by the donor");
    Ok(Redirect::to(&crate::web::lang::keep_in(&format!("/me/{token}?modifie"))).into_response())
}

#[derive(Deserialize)]
struct DetailsForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
}

/// `POST /me/{token}/details`: the name and address of the next receipts (the
/// gifts not yet covered by one, and the next monthly payments). The link
/// proves the address; receipts already issued keep theirs.
async fn correct_details(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DetailsForm>,
) -> Result<Response, AppError> {
    let donor = donor_posting(&state, &token, &headers, &form.csrf_token).await?;
    let mut errors = FieldErrors::default();
    let details = IdentityInput {
        first_name: &form.first_name,
        last_name: &form.last_name,
        address: &form.address,
        postal_code: &form.postal_code,
        city: &form.city,
        country: &form.country,
    }
    .check(true, &mut errors);
    if !errors.is_empty() {
        let refused = DetailsErrors {
            typed: details,
            errors,
        };
        return render_space(
            &state,
            &headers,
            &token,
            &donor,
            None,
            Refused::Details(refused),
        )
        .await;
    }
    let changed = state
        .store
        .correct_donor_details(donor.id, &details, OffsetDateTime::now_utc())
        .await?;
    tracing::info!(
        donor.id = donor.id,
        gifts = changed,
        "details for the next receipts corrected by the donor"
    );
    Ok(Redirect::to(&crate::web::lang::keep_in(&format!(
        "/me/{token}?coordonnees"
    )))
    .into_response())
}

#[derive(Deserialize)]
struct MessageForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    show_amount: Option<String>,
}

/// `POST /me/{token}/messages/{id}`: the edited message goes back to the queue.
async fn edit_message(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, i64)>,
    headers: HeaderMap,
    Form(form): Form<MessageForm>,
) -> Result<Response, AppError> {
    let donor = donor_posting(&state, &token, &headers, &form.csrf_token).await?;
    let mut errors = Vec::new();
    let message = guestbook::clean_message(&form.message)
        .map_err(|m| errors.push(("message", state.chrome().lang.message(&m))))
        .unwrap_or_default();
    if message.is_empty() && errors.is_empty() {
        errors.push(("message", state.chrome().t("space-err-empty-message")));
    }
    let display_name = guestbook::clean_display_name(&form.display_name)
        .map_err(|m| errors.push(("display_name", state.chrome().lang.message(&m))))
        .unwrap_or_default();
    let show_amount = super::checked(&form.show_amount);
    if !errors.is_empty() {
        let refused = MessageErrors {
            id,
            message: form.message,
            display_name: form.display_name,
            show_amount,
            errors,
        };
        return render_space(
            &state,
            &headers,
            &token,
            &donor,
            None,
            Refused::Message(refused),
        )
        .await;
    }
    let edit = MessageEdit {
        message,
        display_name,
        show_amount,
    };
    let now = OffsetDateTime::now_utc();
    if !state.store.edit_message(donor.id, id, &edit, now).await? {
        return Err(AppError::NotFound);
    }
    state.latest_messages.clear();
    tracing::info!(guestbook.id = id, "guestbook message edited by its donor");
    Ok(Redirect::to(&crate::web::lang::keep_in(&format!("/me/{token}?message"))).into_response())
}

/// `POST /me/{token}/messages/{id}/withdraw`
async fn withdraw_message(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, i64)>,
    headers: HeaderMap,
    Form(form): Form<MessageForm>,
) -> Result<Response, AppError> {
    let donor = donor_posting(&state, &token, &headers, &form.csrf_token).await?;
    if !state
        .store
        .withdraw_message(donor.id, id, OffsetDateTime::now_utc())
        .await?
    {
        return Err(AppError::NotFound);
    }
    state.latest_messages.clear();
    tracing::info!(
        guestbook.id = id,
        "guestbook message withdrawn by its donor"
    );
    Ok(Redirect::to(&crate::web::lang::keep_in(&format!("/me/{token}?retire"))).into_response())
}

/// `GET /me/{token}/data.json`: everything held about the donor.
async fn download_data(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let donor = donor_from(&state, &token).await?.id;
    let data = crate::privacy::export(
        &*state.store,
        donor,
        OffsetDateTime::now_utc(),
        state.chrome().lang,
    )
    .await?;
    let body = serde_json::to_vec_pretty(&data).map_err(|e| AppError::Internal(e.into()))?;
    tracing::info!(donor.id = donor, "personal data downloaded by the donor");
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"mes-donnees-soutenir.json\"",
            ),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        body,
    )
        .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

#[derive(Template, WebTemplate)]
#[template(path = "donor_erase.html")]
struct ErasePage {
    demo: crate::web::Chrome,
    token: String,
    csrf_token: String,
    /// The message key of why the form was refused.
    error: Option<&'static str>,
    done: bool,
    /// Receipts issued to the donor, which the law keeps.
    receipts: usize,
    /// Guestbook messages that will disappear.
    messages: usize,
    /// Monthly gifts running, to be stopped.
    monthly: usize,
    /// Monthly gifts stopped by the erasure.
    stopped: usize,
    /// The payment provider the donor paid through, if any: it keeps its own
    /// records of the payments, which our erasure does not reach.
    online_provider: Option<&'static str>,
}

async fn erase_page(
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
    donor: i64,
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    let receipts = state.store.donor_receipts(donor).await?.len();
    // Withdrawn messages are not listed: what is left will disappear.
    let messages = state.store.donor_messages(donor).await?.len();
    let monthly = state
        .store
        .donor_subscriptions(donor)
        .await?
        .iter()
        .filter(|s| s.status != MonthlyStatus::Cancelled)
        .count();
    let online_provider =
        state
            .store
            .donor_gifts(donor)
            .await?
            .iter()
            .find_map(|g| match g.provider.as_str() {
                "offline" | "demo" => None,
                "stripe" => Some("Stripe"),
                _ => Some("erase-our-provider"),
            });
    let csrf_token = csrf::issue(&state.secret, headers, state.secure_cookies());
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = ErasePage {
        demo: state.chrome(),
        token: token.to_owned(),
        csrf_token: csrf_token.token,
        error,
        done: false,
        receipts,
        messages,
        monthly,
        stopped: 0,
        online_provider,
    };
    let mut response = private_page((status, page).into_response(), csrf_token.set_cookie);
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}

/// `GET /me/{token}/erase`: what erasure removes and what the law keeps.
async fn show_erase(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let donor = donor_from(&state, &token).await?.id;
    erase_page(&state, &headers, &token, donor, None).await
}

#[derive(Deserialize)]
struct EraseForm {
    #[serde(default)]
    csrf_token: String,
    confirm: Option<String>,
}

/// `POST /me/{token}/erase`: monthly gifts stopped at the provider, then
/// everything but the receipts and their payments anonymised.
async fn erase(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<EraseForm>,
) -> Result<Response, AppError> {
    let donor = donor_posting(&state, &token, &headers, &form.csrf_token)
        .await?
        .id;
    if !super::checked(&form.confirm) {
        return erase_page(&state, &headers, &token, donor, Some("erase-err-confirm")).await;
    }
    // No erased donor may be charged again: the provider is told first, and
    // nothing is erased if it cannot be.
    let now = OffsetDateTime::now_utc();
    let erasure = match crate::privacy::erase(
        &*state.store,
        &*state.gateway,
        donor,
        "donateur",
        false,
        now,
    )
    .await
    {
        Ok(Some(erasure)) => erasure,
        // Erased meanwhile (a second tab): the link leads nowhere now.
        Ok(None) => return Err(AppError::NotFound),
        Err(crate::privacy::EraseError::Provider { .. }) => {
            let mut response =
                erase_page(&state, &headers, &token, donor, Some("erase-err-provider")).await?;
            *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            return Ok(response);
        }
        Err(crate::privacy::EraseError::Store(err)) => return Err(err.into()),
    };
    state.latest_messages.clear();
    let crate::privacy::Erasure { receipts, stopped } = erasure;
    let page = ErasePage {
        demo: state.chrome(),
        token: String::new(),
        csrf_token: String::new(),
        error: None,
        done: true,
        receipts,
        messages: 0,
        monthly: 0,
        stopped,
        online_provider: None,
    };
    Ok(private_page(page.into_response(), None))
}
