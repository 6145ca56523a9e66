//! The bar for other sites: an iframe page, a script, an SVG image. Framable by
//! any site (`frame-ancestors *` in its Content Security Policy, set by the
//! router), unlike every other page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use time::OffsetDateTime;

use super::AppState;
use super::error::AppError;
use super::guestbook::MessageView;
use super::views::ProgressView;
use crate::domain::campaign::Goal;
use crate::domain::reminder;

pub fn router() -> Router<AppState> {
    Router::new().route("/embed/{slug}", get(show_embed))
}

/// Routes whose responses any page may use (`/campaigns/{slug}/badge.svg`,
/// `/widget.js`): they still refuse framing, being no documents.
pub fn public_assets() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{slug}/badge.svg", get(show_badge))
        .route("/widget.js", get(show_widget_script))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EmbedOptions {
    theme: String,
    compact: String,
    lang: String,
    reminder: String,
    messages: String,
}

/// Words of the embed, in French or English.
struct Words {
    raised_of: &'static str,
    donors_one: &'static str,
    donors_many: &'static str,
    donate: &'static str,
    of_goal: &'static str,
    anonymous: &'static str,
    /// The bar's accessible name.
    progress: &'static str,
}

const FR: Words = Words {
    raised_of: "collectés sur",
    donors_one: "donateur",
    donors_many: "donateurs",
    donate: "Faire un don",
    of_goal: "de l'objectif",
    anonymous: "Anonyme",
    progress: "Progression de la collecte",
};

const EN: Words = Words {
    raised_of: "raised of",
    donors_one: "donor",
    donors_many: "donors",
    donate: "Donate",
    of_goal: "of the goal",
    anonymous: "Anonymous",
    progress: "Fundraising progress",
};

#[derive(Template, WebTemplate)]
#[template(path = "embed.html")]
struct EmbedPage {
    lang: &'static str,
    dark: bool,
    compact: bool,
    title: String,
    campaign_url: String,
    events_url: String,
    p: ProgressView,
    donors_text: String,
    words: &'static Words,
    reminder: Option<String>,
    /// The latest guestbook message, with `messages=1`: (text, name).
    message: Option<(String, String)>,
}

/// The `<iframe>` heights suggested for the embed (in the campaign page's
/// snippet and the README), in CSS pixels: each variant fits in its height
/// from 280 px wide up, a browser test measures it. (The default, the
/// compact bar, with the latest message.)
pub const IFRAME_HEIGHT: u32 = 260;
pub const IFRAME_HEIGHT_COMPACT: u32 = 130;
pub const IFRAME_HEIGHT_MESSAGES: u32 = 330;

/// `GET /embed/{slug}?theme=light|dark&compact=1&lang=fr|en&reminder=year-end&messages=1`
async fn show_embed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(options): Query<EmbedOptions>,
) -> Result<Response, AppError> {
    let snapshot = state
        .progress
        .get_or_load(&*state.store, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let english = options.lang == "en";
    let words = if english { &EN } else { &FR };
    let p = ProgressView::new(&snapshot.campaign, &snapshot.totals, now);
    let n = snapshot.totals.donor_count;
    let donors_text = format!(
        "{} {}",
        crate::domain::money::group_thousands(n),
        if n <= 1 {
            words.donors_one
        } else {
            words.donors_many
        }
    );
    let reminder = (options.reminder == "year-end")
        .then(|| reminder::year_end(now))
        .flatten()
        .map(|(days, year)| reminder::year_end_sentence(days, year));
    let compact = options.compact == "1" || options.compact == "true";
    let message = if options.messages == "1" && !compact {
        state
            .latest_messages
            .get(&*state.store, snapshot.campaign.id)
            .await?
            .first()
            .map(|m| {
                let name = if m.display_name.is_empty() {
                    words.anonymous.to_owned()
                } else {
                    m.display_name.clone()
                };
                (MessageView::new(m).excerpt(160), name)
            })
    } else {
        None
    };
    let page = EmbedPage {
        lang: if english { "en" } else { "fr" },
        dark: options.theme == "dark",
        compact,
        title: snapshot.campaign.title.clone(),
        campaign_url: format!("{}/campaigns/{slug}", state.base_url),
        events_url: format!("{}/api/v1/campaigns/{slug}/events", state.base_url),
        p,
        donors_text,
        words,
        reminder,
        message,
    };
    let mut response = page.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=30"),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "badge.svg", escape = "html")]
struct Badge {
    title: String,
    figures: String,
    fill_width: i64,
    reached: bool,
}

/// `GET /campaigns/{slug}/badge.svg`: the bar as a standalone image.
async fn show_badge(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let snapshot = state
        .progress
        .get_or_load(&*state.store, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = ProgressView::new(
        &snapshot.campaign,
        &snapshot.totals,
        OffsetDateTime::now_utc(),
    );
    let achieved = match snapshot.campaign.goal {
        Goal::Amount(_) => p.raised.clone(),
        Goal::Donors(_) => p.donors.clone(),
    };
    let badge = Badge {
        title: snapshot.campaign.title.clone(),
        figures: format!("{achieved} sur {} — {}\u{202F}%", p.goal, p.percent),
        fill_width: p.bar_width * 280 / 100,
        reached: p.percent >= 100,
    };
    let svg = badge.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=60"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        svg,
    )
        .into_response())
}

/// `GET /widget.js`: draws the bar where the script tag stands.
async fn show_widget_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        include_str!("../../static/js/widget.js"),
    )
        .into_response()
}
