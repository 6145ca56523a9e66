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
use crate::i18n::Lang;

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

#[derive(Template, WebTemplate)]
#[template(path = "embed.html")]
struct EmbedPage {
    /// From `?lang=`, else as any page (cookie, browser).
    tr: Lang,
    dark: bool,
    compact: bool,
    title: String,
    campaign_url: String,
    events_url: String,
    p: ProgressView,
    donors_text: String,
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
    let choice = crate::web::lang::current();
    let own = Lang::parse(&snapshot.campaign.lang).unwrap_or_default();
    let lang = Lang::parse(&options.lang).unwrap_or_else(|| choice.lang(own));
    let p = ProgressView::new(&snapshot.campaign, &snapshot.totals, now, lang);
    let donors_text = p.donors.clone();
    let reminder = (options.reminder == "year-end")
        .then(|| reminder::year_end(now))
        .flatten()
        .map(|(days, year)| {
            let values = [
                ("n", crate::i18n::Arg::Num(days)),
                ("year", crate::i18n::Arg::Num(i64::from(year))),
            ];
            lang.t_with("reminder-year-end", &values)
        });
    let compact = options.compact == "1" || options.compact == "true";
    let message = if options.messages == "1" && !compact {
        state
            .latest_messages
            .get(&*state.store, snapshot.campaign.id)
            .await?
            .first()
            .map(|m| {
                let view = MessageView::new(m, lang);
                (view.excerpt(160), view.name)
            })
    } else {
        None
    };
    let page = EmbedPage {
        tr: lang,
        dark: options.theme == "dark",
        compact,
        title: snapshot.campaign.text_in(lang.code()).0.to_owned(),
        // The campaign page in the embed's language.
        campaign_url: match choice.keep(lang) {
            Some(keep) => {
                crate::web::lang::with_lang(&format!("{}/campaigns/{slug}", state.base_url), keep)
            }
            None => format!("{}/campaigns/{slug}", state.base_url),
        },
        events_url: format!("{}/api/v1/campaigns/{slug}/events", state.base_url),
        p,
        donors_text,
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BadgeOptions {
    lang: String,
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
    Query(options): Query<BadgeOptions>,
) -> Result<Response, AppError> {
    let snapshot = state
        .progress
        .get_or_load(&*state.store, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // An image's language is its address's (`?lang=`), French otherwise:
    // the page showing it chose.
    let lang = Lang::parse(&options.lang).unwrap_or(Lang::FR);
    let p = ProgressView::new(
        &snapshot.campaign,
        &snapshot.totals,
        OffsetDateTime::now_utc(),
        lang,
    );
    let achieved = match snapshot.campaign.goal {
        Goal::Amount(_) => p.raised.clone(),
        Goal::Donors(_) => p.donors.clone(),
    };
    let badge = Badge {
        title: snapshot.campaign.text_in(lang.code()).0.to_owned(),
        figures: lang.t_with(
            "badge-figures",
            &[
                ("achieved", crate::i18n::Arg::Str(&achieved)),
                ("goal", crate::i18n::Arg::Str(&p.goal)),
                ("percent", crate::i18n::Arg::Num(p.percent)),
            ],
        ),
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
        crate::i18n::widget_script(),
    )
        .into_response()
}
