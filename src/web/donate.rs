//! Giving: the donation form's submission, the demo payment page, the thank-you page.

use askama::Template;
use askama_web::WebTemplate;

use axum::extract::{Path, State};

use super::client_ip::ClientIp;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::AppState;
use super::csrf;
use super::error::AppError;
use super::pages::render_campaign;
use crate::domain::campaign::Phase;
use crate::domain::donation::{DonationInput, Frequency};
use crate::domain::lifecycle::GiftStatus;
use crate::domain::tax::ReductionRate;
use crate::gifts;
use crate::store::{DonationSummary, NewDonation};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{slug}/donate", post(create_donation))
        .route(
            "/pay/demo/{id}",
            get(show_demo_payment).post(complete_demo_payment),
        )
        .route("/donations/{id}/thanks", get(show_thanks))
        .route("/donations/{id}/virement", get(show_transfer))
}

#[derive(Template, WebTemplate)]
#[template(path = "transfer.html")]
struct TransferPage {
    demo: crate::web::Chrome,
    first_name: String,
    campaign_title: String,
    campaign_slug: String,
    t: crate::bank::TransferDetails,
    /// The money arrived.
    received: bool,
}

/// `GET /donations/{id}/virement`
async fn show_transfer(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let d = state.store.donation(&id).await?.ok_or(AppError::NotFound)?;
    let chrome = state.chrome_for_gift(&d.lang);
    let holder = chrome.site.name.clone();
    let mut t = crate::bank::transfer_details(&*state.store, &d, &holder)
        .await?
        .ok_or(AppError::NotFound)?;
    t.amount = chrome.money(d.amount);
    let page = TransferPage {
        demo: chrome,
        first_name: d.donor_first_name.clone(),
        campaign_title: d.campaign_title.clone(),
        campaign_slug: d.campaign_slug.clone(),
        received: d.status != GiftStatus::Pending,
        t,
    };
    let mut response = page.into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// `POST /campaigns/{slug}/donate`, urlencoded. See DESIGN.md for the fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DonateForm {
    amount: String,
    amount_other: String,
    frequency: String,
    payment: String,
    email: String,
    first_name: String,
    last_name: String,
    address: String,
    postal_code: String,
    city: String,
    country: String,
    wants_receipt: Option<String>,
    message: String,
    display_name: String,
    show_amount: Option<String>,
    donor_kind: String,
    company_name: String,
    company_legal_form: String,
    company_siren: String,
    csrf_token: String,
    idempotency_key: String,
    /// The page's language.
    lang: String,
    /// Honeypot: hidden from people, filled by naive bots.
    website: String,
}

impl DonateForm {
    fn input(&self) -> DonationInput {
        let amount = match self.amount.trim() {
            "" | "other" => self.amount_other.clone(),
            chosen => chosen.to_owned(),
        };
        DonationInput {
            lang: self.lang.clone(),
            amount,
            frequency: self.frequency.clone(),
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            wants_receipt: super::checked(&self.wants_receipt),
            message: self.message.clone(),
            display_name: self.display_name.clone(),
            show_amount: super::checked(&self.show_amount),
            donor_kind: self.donor_kind.clone(),
            company_name: self.company_name.clone(),
            company_legal_form: self.company_legal_form.clone(),
            company_siren: self.company_siren.clone(),
            payment: self.payment.clone(),
        }
    }

    /// A well-formed key from the form, or none.
    fn idempotency_key(&self) -> Option<String> {
        let key = self.idempotency_key.trim();
        (key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| key.to_ascii_lowercase())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "too_many.html")]
struct TooManyPage {
    demo: crate::web::Chrome,
    campaign_slug: String,
    /// « 12 minutes », « 1 minute »: when to try again.
    retry_in: String,
}

fn too_many_attempts(state: &AppState, slug: &str, retry_after: u64) -> Response {
    state.metrics.rate_limited("donation");
    let minutes = retry_after.div_ceil(60).max(1);
    let demo = state.chrome();
    let retry_in = demo.tn("minutes", i64::try_from(minutes).unwrap_or(i64::MAX));
    let page = TooManyPage {
        demo,
        campaign_slug: slug.to_owned(),
        retry_in,
    };
    let mut response = (StatusCode::TOO_MANY_REQUESTS, page).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&retry_after.to_string()) {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, value);
    }
    response
}

async fn create_donation(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    client: ClientIp,
    headers: HeaderMap,
    Form(form): Form<DonateForm>,
) -> Result<Response, AppError> {
    let ip_key = client.to_string();
    let progress = state
        .store
        .campaign_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !csrf::verify(&state.secret, &headers, &form.csrf_token) {
        tracing::warn!(campaign = %slug, "donation refused: missing or invalid CSRF token");
        return Err(AppError::Forbidden);
    }
    let campaign_page = format!("/campaigns/{slug}");
    if !form.website.is_empty() {
        tracing::warn!(campaign = %slug, "donation refused: honeypot filled");
        return Ok(Redirect::to(&campaign_page).into_response());
    }
    if !matches!(
        progress.campaign.phase(time::OffsetDateTime::now_utc()),
        Phase::Running { .. }
    ) {
        return Ok(Redirect::to(&campaign_page).into_response());
    }
    let input = form.input();
    let valid = match input.validate(&state.limits) {
        Ok(valid) => valid,
        // A form refused (a typo) costs no payment attempt: it counts on its
        // own, higher limit, so that donors on a shared network are not
        // stopped by each other's mistakes.
        Err(_) if !state.donation_refused_limit.allow(&ip_key) => {
            tracing::warn!(campaign = %slug, "donation refused: too many refused forms from one address");
            return Ok(too_many_attempts(
                &state,
                &slug,
                state.donation_refused_limit.retry_after(&ip_key),
            ));
        }
        Err(errors) => {
            return render_campaign(
                &state,
                &headers,
                &progress,
                input,
                errors,
                form.idempotency_key(),
            )
            .await;
        }
    };
    // What reaches the payment provider counts: per address…
    if !state.donation_ip_limit.allow(&ip_key) {
        tracing::warn!(campaign = %slug, "donation refused: too many attempts from one address");
        return Ok(too_many_attempts(
            &state,
            &slug,
            state.donation_ip_limit.retry_after(&ip_key),
        ));
    }
    // …and per address and email together: attempts made elsewhere under
    // someone's address never block that person.
    let email_key = format!("{ip_key} {}", valid.donor.email);
    if !state.donation_email_limit.allow(&email_key) {
        tracing::warn!(campaign = %slug, "donation refused: too many attempts for one email");
        return Ok(too_many_attempts(
            &state,
            &slug,
            state.donation_email_limit.retry_after(&email_key),
        ));
    }
    // The same form sent twice with the same content is one donation; changed
    // content (after « back ») is a new one.
    let idempotency_key = form.idempotency_key().map(|key| {
        let content = format!(
            "{}|{key}|{}|{}|{}|{}|{}",
            progress.campaign.id,
            valid.amount.get(),
            valid.frequency.as_str(),
            valid.donor.email,
            valid.company.as_ref().map_or("", |c| c.siren.as_str()),
            if valid.by_transfer {
                "transfer"
            } else {
                "online"
            }
        );
        hex::encode(Sha256::digest(content.as_bytes()))
    });
    // A transfer is offered where the organisation gave its account.
    let by_transfer = valid.by_transfer;
    if by_transfer && !state.chrome().site.accepts_transfers {
        let mut errors = crate::domain::donation::FieldErrors::default();
        errors.add_key("payment", "err-transfer-not-offered");
        return render_campaign(
            &state,
            &headers,
            &progress,
            input,
            errors,
            form.idempotency_key(),
        )
        .await;
    }
    let pending = state
        .store
        .create_pending_donation(
            &NewDonation {
                // The page's language, as the form said it (else as this request does).
                lang: crate::i18n::Lang::parse(&input.lang)
                    .unwrap_or_else(|| state.chrome().lang)
                    .code()
                    .to_owned(),
                campaign_id: progress.campaign.id,
                donor: valid.donor,
                amount: valid.amount,
                frequency: valid.frequency,
                provider: if by_transfer {
                    crate::store::Provider::Offline
                } else {
                    state.gateway.name()
                },
                idempotency_key,
                wants_receipt: valid.wants_receipt,
                message: valid.message,
                display_name: valid.display_name,
                show_amount: valid.show_amount,
                company: valid.company,
            },
            time::OffsetDateTime::now_utc(),
        )
        .await?;
    let summary = state
        .store
        .donation(&pending.public_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if summary.status != GiftStatus::Pending {
        return Ok(
            Redirect::to(&format!("/donations/{}/thanks", summary.public_id)).into_response(),
        );
    }
    if by_transfer {
        return pledge_transfer(&state, &summary).await;
    }
    let url = match state
        .gateway
        .start_checkout(&summary, &state.base_url)
        .await
    {
        Ok(url) => url,
        Err(err) => {
            // The provider cannot be reached or refused: nothing was charged, and
            // the donor may simply try again (the same form is the same gift).
            tracing::error!(donation.id = %summary.public_id, error = %format!("{err:#}"), "checkout could not start");
            let page = super::error::ErrorPage {
                demo: state.chrome(),
                title: "error-payment-down-title",
                message: "error-payment-down",
            };
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, page).into_response();
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("60"),
            );
            return Ok(response);
        }
    };
    Ok(Redirect::to(&url).into_response())
}

/// A gift pledged by transfer: its reference drawn (again if another gift
/// has it), the instructions emailed, and shown.
async fn pledge_transfer(state: &AppState, gift: &DonationSummary) -> Result<Response, AppError> {
    let mut pledged = false;
    for _ in 0..8 {
        let mut random = [0u8; 5];
        crate::tokens::fill_random(&mut random).map_err(|e| AppError::Internal(e.into()))?;
        let reference = crate::domain::transfer::Reference::from_random(random);
        match state
            .store
            .pledge_transfer(
                &gift.public_id,
                reference.code(),
                time::OffsetDateTime::now_utc(),
            )
            .await?
        {
            crate::store::Pledged::Made {
                campaign_id,
                totals,
            } => {
                state.progress.apply_totals(campaign_id, totals);
                pledged = true;
                break;
            }
            crate::store::Pledged::Before => {
                pledged = true;
                break;
            }
            crate::store::Pledged::Taken => {}
        }
    }
    if !pledged {
        return Err(AppError::Internal(anyhow::anyhow!(
            "no free transfer reference after 8 draws"
        )));
    }
    state
        .store
        .enqueue_job(
            &crate::jobs::email_job(
                "transfer_instructions",
                Some(gift.id),
                None,
                Some(format!("transfer_instructions:{}", gift.id)),
            ),
            time::OffsetDateTime::now_utc(),
        )
        .await?;
    tracing::info!(donation.id = %gift.public_id, "gift pledged by transfer");
    Ok(Redirect::to(&format!("/donations/{}/virement", gift.public_id)).into_response())
}

/// What the demo and thank-you pages say about a gift.
struct GiftView {
    public_id: String,
    campaign_slug: String,
    campaign_title: String,
    /// « 30,50 € » or « 10 € par mois »
    amount: String,
    cost_sentence: String,
    first_name: String,
    /// « Exemple SAS (SAS, SIREN 732 829 320) » when a company gives.
    company: Option<String>,
    status: GiftStatus,
    /// What becomes of the receipt: to come by email, or none below the
    /// minimum (said by the tax sentence); `None` when none was asked.
    receipt_note: Option<String>,
    below_minimum: bool,
    /// A guestbook message left with the gift waits for moderation.
    message_pending: bool,
    /// Plain share links (no tracker script): `(label, url)`.
    share: Vec<(String, String)>,
    /// The campaign's thank-you text (HTML from its Markdown), and its
    /// language when not the page's.
    thanks_html: Option<(String, Option<String>)>,
    /// The campaign's form, set for a monthly gift of the same amount (after
    /// a one-off gift).
    monthly_offer: Option<String>,
    /// The form again, holding what was typed (after a failed payment).
    retry_url: String,
}

async fn gift_view(
    state: &AppState,
    d: &DonationSummary,
    lang: crate::i18n::Lang,
) -> Result<GiftView, AppError> {
    // The rate and the minimum in one light read (not the settings' images).
    let (rate, min) = state.store.tax_terms().await?;
    let rate = ReductionRate::from_percent(rate).unwrap_or(ReductionRate::GENERAL);
    let min = crate::domain::money::Cents::new(min);
    let monthly = d.frequency == Frequency::Monthly;
    let kind = d.donor_kind();
    let below_minimum = !monthly && d.amount.get() < min.get();
    let campaign_url = format!("{}/campaigns/{}", state.base_url, d.campaign_slug);
    let campaign = state
        .progress
        .get_or_load(&*state.store, &d.campaign_slug)
        .await?;
    let campaign = campaign.as_deref().map(|s| &s.campaign);
    // In the page's language (the gift's, unless the visitor chose another).
    let campaign_title = campaign
        .map(|c| c.title_in(lang.code()).to_owned())
        .unwrap_or_else(|| d.campaign_title.clone());
    let thanks_html = campaign.and_then(|c| c.thanks_in(lang.code())).map(|t| {
        (
            crate::domain::markdown::render(t.text),
            (t.lang != lang.code()).then(|| t.lang.to_owned()),
        )
    });
    let share_text = lang.t1("share-text", "campaign", &campaign_title);
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let share = vec![
        (
            lang.t("share-by-email"),
            format!(
                "mailto:?subject={}&body={}",
                encode(&campaign_title).replace('+', "%20"),
                encode(&format!("{share_text} {campaign_url}")).replace('+', "%20")
            ),
        ),
        (
            "Mastodon".to_owned(),
            format!(
                "https://mastodonshare.com/?text={}&url={}",
                encode(&share_text),
                encode(&campaign_url)
            ),
        ),
        (
            "Bluesky".to_owned(),
            format!(
                "https://bsky.app/intent/compose?text={}",
                encode(&format!("{share_text} {campaign_url}"))
            ),
        ),
        (
            "Facebook".to_owned(),
            format!(
                "https://www.facebook.com/sharer/sharer.php?u={}",
                encode(&campaign_url)
            ),
        ),
        (
            "LinkedIn".to_owned(),
            format!(
                "https://www.linkedin.com/sharing/share-offsite/?url={}",
                encode(&campaign_url)
            ),
        ),
    ];
    let message_pending = matches!(
        state.store.gift_message_status(d.id).await?.as_deref(),
        Some("pending" | "awaiting_payment")
    );
    let tax = lang.tax_note(&match d.wants_receipt {
        true => crate::domain::tax::gift_tax_note(rate, kind, d.amount, monthly, min),
        false => crate::domain::tax::donor_cost_note(rate, kind, d.amount, monthly),
    });
    Ok(GiftView {
        public_id: d.public_id.clone(),
        campaign_slug: d.campaign_slug.clone(),
        campaign_title,
        thanks_html,
        amount: if monthly {
            lang.t1("amount-monthly", "amount", lang.money_short(d.amount))
        } else {
            lang.money_short(d.amount)
        },
        cost_sentence: tax,
        first_name: d.donor_first_name.clone(),
        company: d.company.as_ref().map(|c| c.describe()),
        status: d.status,
        receipt_note: (d.wants_receipt && !below_minimum).then(|| {
            lang.t(if monthly {
                "thanks-receipt-yearly"
            } else {
                "thanks-receipt"
            })
        }),
        below_minimum: d.wants_receipt && below_minimum,
        message_pending,
        share,
        monthly_offer: (!monthly).then(|| {
            format!(
                "/campaigns/{}?frequency=monthly&amount={}#don",
                d.campaign_slug,
                crate::web::views::amount_value(d.amount)
            )
        }),
        retry_url: format!(
            "/campaigns/{}?reprendre={}#don",
            d.campaign_slug, d.public_id
        ),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pay_demo.html")]
struct DemoPaymentPage {
    demo: crate::web::Chrome,
    gift: GiftView,
    csrf_token: String,
}

async fn demo_donation(state: &AppState, id: &str) -> Result<DonationSummary, AppError> {
    match state.store.donation(id).await? {
        Some(d) if d.provider == crate::store::Provider::Demo => Ok(d),
        _ => Err(AppError::NotFound),
    }
}

/// `GET /pay/demo/{id}`: the simulated checkout.
async fn show_demo_payment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let donation = demo_donation(&state, &id).await?;
    if donation.status != GiftStatus::Pending {
        return Ok(Redirect::to(&format!("/donations/{id}/thanks")).into_response());
    }
    let token = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let demo = state.chrome_for_gift(&donation.lang);
    let page = DemoPaymentPage {
        gift: gift_view(&state, &donation, demo.lang).await?,
        demo,
        csrf_token: token.token,
    };
    // The donor's gift and a form token: never kept by a cache.
    Ok(super::private_page(page.into_response(), token.set_cookie))
}

#[derive(Debug, Deserialize)]
struct DemoOutcome {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    csrf_token: String,
}

/// `POST /pay/demo/{id}` with `outcome=succeeded|failed`: confirms through the
/// same code as a provider's webhook, or records the failure.
async fn complete_demo_payment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DemoOutcome>,
) -> Result<Response, AppError> {
    let donation = demo_donation(&state, &id).await?;
    if !csrf::verify(&state.secret, &headers, &form.csrf_token) {
        return Err(AppError::Forbidden);
    }
    match form.outcome.as_str() {
        "succeeded" => {
            let reference = format!("demo_{}", donation.public_id);
            let payment = gifts::Payment {
                public_id: &id,
                method: "card",
                provider_ref: Some(&reference),
                received_at: time::OffsetDateTime::now_utc(),
                event: None,
            };
            gifts::confirm(&*state.store, &state.progress, payment).await?;
        }
        "failed" => {
            let now = time::OffsetDateTime::now_utc();
            gifts::payment_failed(&*state.store, &state.progress, &id, None, now).await?;
        }
        _ => return Ok(Redirect::to(&format!("/pay/demo/{id}")).into_response()),
    }
    Ok(Redirect::to(&format!("/donations/{id}/thanks")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "thanks.html")]
struct ThanksPage {
    demo: crate::web::Chrome,
    gift: GiftView,
}

/// `GET /donations/{id}/thanks`
async fn show_thanks(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let donation = state.store.donation(&id).await?.ok_or(AppError::NotFound)?;
    let demo = state.chrome_for_gift(&donation.lang);
    let page = ThanksPage {
        gift: gift_view(&state, &donation, demo.lang).await?,
        demo,
    };
    let mut response = page.into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}
