//! Public HTML pages: home, campaign (with the donation form), 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use time::OffsetDateTime;

use super::AppState;
use super::assets;
use super::csrf;
use super::error::{AppError, not_found_page};
use super::guestbook::MessageView;
use super::views::{CampaignView, DonationFormView};
use crate::domain::campaign::Phase;
use crate::domain::donation::{DonationInput, FieldErrors};
use crate::domain::tax::ReductionRate;
use crate::store::CampaignProgress;
use crate::tokens;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show_home))
        .route("/campaigns/{slug}", get(show_campaign))
        .route("/campaigns/{slug}/image", get(show_campaign_image))
}

/// The address of a campaign's image, its version (a prefix of its hash)
/// in the query.
pub fn campaign_image_url(slug: &str, sha256: &str) -> String {
    format!(
        "/campaigns/{slug}/image?v={}",
        &sha256[..sha256.len().min(16)]
    )
}

/// `GET /campaigns/{slug}/image?v=…`: the campaign's image; its current
/// version's address is cached for a year (a new image has a new address).
async fn show_campaign_image(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    axum::extract::Query(version): axum::extract::Query<assets::Version>,
) -> Result<Response, AppError> {
    let progress = state
        .store
        .campaign_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let image = state
        .store
        .campaign_image(progress.campaign.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let current = version
        .v
        .as_deref()
        .is_some_and(|v| v.len() >= 8 && image.sha256.starts_with(v));
    let content_type = header::HeaderValue::from_str(&image.content_type)
        .unwrap_or(header::HeaderValue::from_static("application/octet-stream"));
    let mut response = image.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(if current {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=300"
        }),
    );
    Ok(response)
}

#[derive(Template, WebTemplate)]
#[template(path = "campaign.html")]
pub struct CampaignPage {
    pub demo: crate::web::Chrome,
    /// The site's public URL, for link previews.
    pub base_url: String,
    pub campaign: CampaignView,
    /// Code to paste elsewhere to relay the campaign.
    pub snippets: Vec<(String, String)>,
    /// Absent when the campaign does not take gifts (ended, not started).
    pub form: Option<DonationFormView>,
    /// The latest approved guestbook messages.
    pub messages: Vec<MessageView>,
    /// The campaign's image: its address and text alternative.
    pub image: Option<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    demo: crate::web::Chrome,
    campaigns: Vec<CampaignView>,
}

/// `GET /`: the running campaign if there is exactly one, else the list.
async fn show_home(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    let all = state.store.list_campaigns().await?;
    let running: Vec<_> = all
        .iter()
        .filter(|p| matches!(p.campaign.phase(now), Phase::Running { .. }))
        .collect();
    if let [only] = running.as_slice() {
        return render_campaign(
            &state,
            &headers,
            only,
            DonationInput::initial(),
            FieldErrors::default(),
            None,
        )
        .await
        .map(IntoResponse::into_response);
    }
    let chrome = state.chrome();
    let campaigns = all
        .iter()
        .map(|p| CampaignView::new(&p.campaign, &p.totals, now, chrome.lang))
        .collect();
    Ok(HomePage {
        demo: chrome,
        campaigns,
    }
    .into_response())
}

/// `GET /campaigns/{slug}`
/// What a link into the form may set: a frequency and an amount (« donner
/// chaque mois »), or a gift whose payment failed, to try again with what was
/// typed (`reprendre`). Anything else in the query is ignored.
#[derive(Debug, Default)]
struct CampaignQuery {
    frequency: String,
    amount: String,
    reprendre: String,
}

impl CampaignQuery {
    fn parse(query: Option<&str>) -> CampaignQuery {
        let mut parsed = CampaignQuery::default();
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let slot = match key.as_ref() {
                "frequency" => &mut parsed.frequency,
                "amount" => &mut parsed.amount,
                "reprendre" => &mut parsed.reprendre,
                _ => continue,
            };
            *slot = value.chars().take(64).collect();
        }
        parsed
    }
}

/// How long after a failed payment its form can be taken up again.
const RETRY_WINDOW: time::Duration = time::Duration::hours(24);

async fn show_campaign(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, AppError> {
    // Read before what the page shows: a change meanwhile makes it stale.
    let generation = state.pages.generation();
    let snapshot = state.progress.get(&slug);
    let progress = state
        .store
        .campaign_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let query = CampaignQuery::parse(query.as_deref());
    // A link with nothing but a language: the page every new visitor gets,
    // made once and kept for the edge.
    let key = super::page_cache::PageKey::of(
        super::page_cache::PageKind::Campaign,
        &progress.campaign,
        &super::lang::current(),
        uri.path(),
    );
    if let (Some(key), Some(snapshot)) = (key, snapshot) {
        let (status, page) = campaign_page(
            &state,
            &progress,
            DonationInput::initial(),
            FieldErrors::default(),
            super::page_cache::CSRF_HOLE.to_owned(),
            super::page_cache::KEY_HOLE.to_owned(),
        )
        .await?;
        let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
        if status == StatusCode::OK
            && let Some(kept) = state.pages.keep(key, &html, snapshot, generation)
        {
            let token = csrf::issue(&state.secret, &headers, state.secure_cookies());
            let idempotency_key =
                tokens::random_hex(16).map_err(|e| AppError::Internal(e.into()))?;
            let body = axum::body::Body::new(kept.html_body(&token.token, &idempotency_key));
            let response =
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
            return Ok(finish_campaign(response, token.set_cookie));
        }
    }
    let mut values = DonationInput::initial();
    if query.frequency == "monthly" {
        values.frequency = "monthly".to_owned();
    }
    if crate::domain::money::Cents::parse(&query.amount).is_ok_and(|a| a.get() > 0) {
        values.amount = query.amount.trim().to_owned();
    }
    if !query.reprendre.is_empty() {
        values = retried(&state, &slug, &query.reprendre)
            .await?
            .unwrap_or(values);
    }
    render_campaign(
        &state,
        &headers,
        &progress,
        values,
        FieldErrors::default(),
        None,
    )
    .await
}

/// The form as typed for gift `public_id` of campaign `slug`, when its
/// payment failed less than a day ago (never for a gift that went through).
async fn retried(
    state: &AppState,
    slug: &str,
    public_id: &str,
) -> Result<Option<DonationInput>, AppError> {
    let Some(gift) = state.store.donation(public_id).await? else {
        return Ok(None);
    };
    let recent = OffsetDateTime::now_utc() - gift.created_at < RETRY_WINDOW;
    if gift.campaign_slug != slug
        || !recent
        || !matches!(gift.status, crate::domain::lifecycle::GiftStatus::Failed)
    {
        return Ok(None);
    }
    let Some(identity) = state.store.gift_identity(gift.id).await? else {
        return Ok(None);
    };
    let company = gift.company.clone().unwrap_or_default();
    Ok(Some(DonationInput {
        amount: crate::web::views::amount_value(gift.amount),
        frequency: gift.frequency.as_str().to_owned(),
        email: identity.email.clone(),
        first_name: identity.first_name,
        last_name: identity.last_name,
        address: identity.address,
        postal_code: identity.postal_code,
        city: identity.city,
        country: identity.country,
        wants_receipt: gift.wants_receipt,
        donor_kind: gift.donor_kind().as_str().to_owned(),
        company_name: company.name,
        company_legal_form: company.legal_form,
        company_siren: company.siren,
        ..DonationInput::initial()
    }))
}

/// The campaign page, with the donation form holding `values` and `errors`
/// (422 when there are errors). `idempotency_key` is kept across a resubmission.
pub async fn render_campaign(
    state: &AppState,
    headers: &HeaderMap,
    progress: &CampaignProgress,
    values: DonationInput,
    errors: FieldErrors,
    idempotency_key: Option<String>,
) -> Result<Response, AppError> {
    let token = csrf::issue(&state.secret, headers, state.secure_cookies());
    let key = match idempotency_key {
        Some(key) => key,
        None => tokens::random_hex(16).map_err(|e| AppError::Internal(e.into()))?,
    };
    let (status, page) = campaign_page(state, progress, values, errors, token.token, key).await?;
    Ok(finish_campaign(
        (status, page).into_response(),
        token.set_cookie,
    ))
}

/// A campaign page's answer: never stored (it holds the visitor's form
/// token), with the CSRF cookie of a new visitor.
fn finish_campaign(mut response: Response, set_cookie: Option<header::HeaderValue>) -> Response {
    let headers = response.headers_mut();
    if let Some(cookie) = set_cookie {
        headers.append(header::SET_COOKIE, cookie);
    }
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// The campaign page and its status, the form holding `csrf_token` and
/// `idempotency_key` (a visitor's, or the page cache's holes).
async fn campaign_page(
    state: &AppState,
    progress: &CampaignProgress,
    values: DonationInput,
    errors: FieldErrors,
    csrf_token: String,
    idempotency_key: String,
) -> Result<(StatusCode, CampaignPage), AppError> {
    let now = OffsetDateTime::now_utc();
    // The campaign's own language, to visitors who say nothing.
    let chrome =
        state.chrome_in(crate::i18n::Lang::parse(&progress.campaign.lang).unwrap_or_default());
    let lang = chrome.lang;
    let campaign = CampaignView::new(&progress.campaign, &progress.totals, now, lang);
    let takes_gifts = matches!(progress.campaign.phase(now), Phase::Running { .. });
    let form = if takes_gifts {
        let (rate, min) = state.store.tax_terms().await?;
        let rate = ReductionRate::from_percent(rate).unwrap_or(ReductionRate::GENERAL);
        let mut view = DonationFormView::new(
            &progress.campaign,
            values,
            errors,
            csrf_token,
            idempotency_key,
            crate::web::views::TaxTerms {
                rate,
                min: crate::domain::money::Cents::new(min),
            },
            lang,
        );
        view.transfer_offered = chrome.site.accepts_transfers;
        Some(view)
    } else {
        None
    };
    let status = if form.as_ref().is_some_and(DonationFormView::has_errors) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let slug = progress.campaign.slug.as_str();
    let base = &state.base_url;
    let snippets = vec![
        (
            lang.t("relay-iframe"),
            format!(
                r#"<iframe src="{base}/embed/{slug}" title="{}" width="100%" height="{}" style="border:0"></iframe>"#,
                progress.campaign.title.replace('"', "&quot;"),
                crate::web::embed::IFRAME_HEIGHT
            ),
        ),
        (
            lang.t("relay-script"),
            format!(r#"<script src="{base}/widget.js" data-campaign="{slug}" async></script>"#),
        ),
        (
            lang.t("relay-image"),
            format!(
                r#"<a href="{base}/campaigns/{slug}"><img src="{base}/campaigns/{slug}/badge.svg?lang={}" alt="{}"></a>"#,
                lang.code(),
                lang.t("relay-badge-alt")
            ),
        ),
        (
            lang.t("relay-json"),
            format!("{base}/api/v1/campaigns/{slug}/progress"),
        ),
    ];
    let messages = state
        .latest_messages
        .get(&*state.store, progress.campaign.id)
        .await?
        .iter()
        .map(|m| MessageView::new(m, lang))
        .collect();
    let image = state
        .store
        .campaign_image_meta(progress.campaign.id)
        .await?
        .map(|(sha, alt)| (campaign_image_url(slug, &sha), alt));
    let page = CampaignPage {
        demo: chrome,
        base_url: state.base_url.to_string(),
        campaign,
        snippets,
        form,
        messages,
        image,
    };
    Ok((status, page))
}

pub async fn show_not_found() -> Response {
    crate::web::error::unframed(StatusCode::NOT_FOUND, not_found_page())
}

/// Used by templates: the versioned URL of a static file.
pub fn asset_url(name: &str) -> String {
    assets::url(name)
}
