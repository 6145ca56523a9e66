//! The bar for other sites: an iframe page, a script, an SVG image. Framable by
//! any site (`frame-ancestors *` in its Content Security Policy, set by the
//! router), unlike every other page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
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

/// What an embed shows, besides its campaign and language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EmbedVariant {
    pub dark: bool,
    pub compact: bool,
    /// `reminder=year-end` asked for (shown in December only).
    pub reminder: bool,
    /// The language its link to the campaign carries (`Choice::keep`).
    pub keep: Option<Lang>,
}

impl EmbedVariant {
    pub fn of(theme: &str, compact: &str, reminder: &str, keep: Option<Lang>) -> EmbedVariant {
        EmbedVariant {
            dark: theme == "dark",
            compact: compact == "1" || compact == "true",
            reminder: reminder == "year-end",
            keep,
        }
    }
}

/// The embed of `snapshot` in `lang`, as HTML; `message`: the latest
/// guestbook message shown under the bar (text, name).
pub(super) fn embed_html(
    base_url: &str,
    snapshot: &crate::progress::Snapshot,
    lang: Lang,
    variant: EmbedVariant,
    message: Option<(String, String)>,
    now: OffsetDateTime,
) -> askama::Result<String> {
    let slug = &snapshot.slug;
    let p = ProgressView::new(&snapshot.campaign, &snapshot.totals, now, lang);
    let donors_text = p.donors.clone();
    let reminder = variant
        .reminder
        .then(|| reminder::year_end(now))
        .flatten()
        .map(|(days, year)| {
            let values = [
                ("n", crate::i18n::Arg::Num(days)),
                ("year", crate::i18n::Arg::Num(i64::from(year))),
            ];
            lang.t_with("reminder-year-end", &values)
        });
    let campaign_url = format!("{base_url}/campaigns/{slug}");
    EmbedPage {
        tr: lang,
        dark: variant.dark,
        compact: variant.compact,
        title: snapshot.campaign.text_in(lang.code()).0.to_owned(),
        // The campaign page in the embed's language.
        campaign_url: match variant.keep {
            Some(keep) => crate::web::lang::with_lang(&campaign_url, keep),
            None => campaign_url,
        },
        events_url: format!("{base_url}/api/v1/campaigns/{slug}/events"),
        p,
        donors_text,
        reminder,
        message,
    }
    .render()
}

/// The embed's language: `?lang=`, else as any page (cookie, browser), else
/// the campaign's own.
pub(super) fn embed_lang(asked: &str, choice: &crate::web::lang::Choice, campaign: &str) -> Lang {
    let own = Lang::parse(campaign).unwrap_or_default();
    Lang::parse(asked).unwrap_or_else(|| choice.lang(own))
}

/// `Cache-Control` of the embed, the badge and `widget.js`.
pub(super) const EMBED_CACHE: &str = "public, max-age=30";
pub(super) const BADGE_CACHE: &str = "public, max-age=60";
pub(super) const WIDGET_CACHE: &str = "public, max-age=3600";

/// `GET /embed/{slug}?theme=light|dark&compact=1&lang=fr|en&reminder=year-end&messages=1`
/// (the variants without `messages` are answered by the edge, `edge.rs`,
/// from bytes made once per change; this makes the others, and the first).
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
    let lang = embed_lang(&options.lang, &choice, &snapshot.campaign.lang);
    let variant = EmbedVariant::of(
        &options.theme,
        &options.compact,
        &options.reminder,
        choice.keep(lang),
    );
    let message = if options.messages == "1" && !variant.compact {
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
    let html = embed_html(&state.base_url, &snapshot, lang, variant, message, now)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, EMBED_CACHE),
        ],
        html,
    )
        .into_response())
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

/// The badge of `snapshot` in `lang`, as SVG.
pub(super) fn badge_svg(
    snapshot: &crate::progress::Snapshot,
    lang: Lang,
    now: OffsetDateTime,
) -> askama::Result<String> {
    let p = ProgressView::new(&snapshot.campaign, &snapshot.totals, now, lang);
    let achieved = match snapshot.campaign.goal {
        Goal::Amount(_) => p.raised.clone(),
        Goal::Donors(_) => p.donors.clone(),
    };
    Badge {
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
    }
    .render()
}

/// An image's language is its address's (`?lang=`), French otherwise: the
/// page showing it chose.
pub(super) fn badge_lang(asked: &str) -> Lang {
    Lang::parse(asked).unwrap_or(Lang::FR)
}

/// `GET /campaigns/{slug}/badge.svg`: the bar as a standalone image (the
/// edge answers from bytes made once per change; this makes the first).
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
    let svg = badge_svg(
        &snapshot,
        badge_lang(&options.lang),
        OffsetDateTime::now_utc(),
    )
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, BADGE_CACHE),
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
            (header::CACHE_CONTROL, WIDGET_CACHE),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        crate::i18n::widget_script(),
    )
        .into_response()
}
