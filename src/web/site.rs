//! The organisation's own pages, generated from its settings: « Mentions
//! légales », « Données personnelles », « Contact », and its logo. An admin adds
//! to the first two on the organisation page (Markdown, kept as settings).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::web::AppState;
use crate::web::error::AppError;

/// The settings keys of the text an admin adds to each page.
pub const LEGAL_TEXT_SETTING: &str = "page_mentions_legales";
pub const PRIVACY_TEXT_SETTING: &str = "page_donnees_personnelles";
/// The settings key of the organisation's colour (`#rrggbb`).
pub const BRAND_COLOUR_SETTING: &str = "brand_colour";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/mentions-legales", get(show_legal))
        .route("/donnees-personnelles", get(show_privacy))
        .route("/contact", get(show_contact))
        .route("/organisation/logo.png", get(show_logo))
        .route("/organisation/theme.css", get(show_theme))
}

/// `GET /organisation/theme.css?v={colour}`: the organisation's colour over
/// soutenir's, linked by every page once a colour is set. Its address changes
/// with the colour, so it is cached for good.
async fn show_theme(State(state): State<AppState>) -> Response {
    let site = state.chrome().site;
    let css = match site.brand_colour.as_str() {
        "" => String::new(),
        colour => format!(
            ":root {{ --brand: {colour}; --brand-dark: {}; }}\n",
            crate::domain::site::darker(colour)
        ),
    };
    let mut response = css.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    response
}

/// What the three pages say of the organisation.
struct Organisation {
    name: String,
    registration: String,
    address: String,
    object: String,
    signatory: String,
    website: String,
    contact_email: String,
}

async fn organisation(state: &AppState, lang: crate::i18n::Lang) -> Result<Organisation, AppError> {
    let org = state
        .store
        .organisation()
        .await?
        .unwrap_or_else(crate::app::sample_organisation);
    let i = &org.issuer;
    Ok(Organisation {
        name: i.legal_name.clone(),
        registration: format!(
            "{} {}",
            if i.registration_kind == "siren" {
                "SIREN"
            } else {
                "RNA"
            },
            i.registration_number
        ),
        address: format!(
            "{}, {} {}, {}",
            i.address,
            i.postal_code,
            i.city,
            lang.t(&format!("country-{}", i.country))
        ),
        object: i.object.clone(),
        signatory: format!("{} ({})", i.signatory_name, i.signatory_role),
        website: org.website.clone(),
        contact_email: org.contact_email.clone(),
    })
}

/// The admin's own text for a page, as HTML (escaped Markdown).
async fn added_text(state: &AppState, key: &str) -> Result<String, AppError> {
    Ok(state
        .store
        .setting(key)
        .await?
        .map(|text| crate::domain::markdown::render(&text))
        .unwrap_or_default())
}

#[derive(Template, WebTemplate)]
#[template(path = "site/legal.html")]
struct LegalPage {
    demo: crate::web::Chrome,
    org: Organisation,
    /// The admin's addition, rendered from escaped Markdown.
    added: String,
}

/// `GET /mentions-legales`
async fn show_legal(State(state): State<AppState>) -> Result<Response, AppError> {
    let demo = state.chrome();
    let page = LegalPage {
        org: organisation(&state, demo.lang).await?,
        demo,
        added: added_text(&state, LEGAL_TEXT_SETTING).await?,
    };
    Ok(page.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "site/privacy.html")]
struct PrivacyPage {
    demo: crate::web::Chrome,
    org: Organisation,
    retention_years: u32,
    added: String,
}

/// `GET /donnees-personnelles`
async fn show_privacy(State(state): State<AppState>) -> Result<Response, AppError> {
    let demo = state.chrome();
    let page = PrivacyPage {
        org: organisation(&state, demo.lang).await?,
        demo,
        retention_years: state
            .config
            .retention_years
            .max(crate::privacy::MIN_RETENTION_YEARS),
        added: added_text(&state, PRIVACY_TEXT_SETTING).await?,
    };
    Ok(page.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "site/contact.html")]
struct ContactPage {
    demo: crate::web::Chrome,
    org: Organisation,
}

/// `GET /contact`
async fn show_contact(State(state): State<AppState>) -> Result<Response, AppError> {
    let demo = state.chrome();
    let page = ContactPage {
        org: organisation(&state, demo.lang).await?,
        demo,
    };
    Ok(page.into_response())
}

/// `GET /organisation/logo.png`: the logo the header shows, 404 without one.
async fn show_logo(State(state): State<AppState>) -> Result<Response, AppError> {
    let Some(png) = state.store.organisation().await?.and_then(|o| o.logo_png) else {
        return Err(AppError::NotFound);
    };
    let mut response = (StatusCode::OK, png).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}
