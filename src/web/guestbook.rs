//! The guestbook: approved messages on the public pages (the moderation queue
//! is a staff page, `staff::moderation`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::AppState;
use super::error::AppError;
use crate::domain::guestbook::{Cursor, excerpt, shown_name};
use crate::domain::money::Cents;
use crate::store::{PublishedMessage, Store, StoreResult};

/// Messages per page of the public guestbook.
const PAGE_SIZE: i64 = 20;
/// Messages on the campaign page and in the embed.
pub const LATEST: usize = 3;

/// Public routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/campaigns/{slug}/guestbook", get(show_guestbook))
}

/// The few latest approved messages of each campaign, kept for a few seconds:
/// the campaign page and the embed show them on every view. A moderation on this
/// instance clears it; other instances catch up within [`LatestMessages::TTL`].
/// Messages, and when they were read.
type Loaded = (Instant, Arc<Vec<PublishedMessage>>);

#[derive(Default)]
pub struct LatestMessages {
    entries: Mutex<HashMap<i64, Loaded>>,
}

impl LatestMessages {
    const TTL: Duration = Duration::from_secs(15);

    pub async fn get(
        &self,
        store: &dyn Store,
        campaign_id: i64,
    ) -> StoreResult<Arc<Vec<PublishedMessage>>> {
        if let Some((at, messages)) = self.lock().get(&campaign_id)
            && at.elapsed() < Self::TTL
        {
            return Ok(Arc::clone(messages));
        }
        let messages = Arc::new(
            store
                .published_messages(campaign_id, None, LATEST as i64)
                .await?,
        );
        self.lock()
            .insert(campaign_id, (Instant::now(), Arc::clone(&messages)));
        Ok(messages)
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Loaded>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A message as the public reads it.
pub struct MessageView {
    pub name: String,
    pub text: String,
    pub date: String,
    /// Only when the donor agreed.
    pub amount: Option<String>,
}

impl MessageView {
    pub fn new(m: &PublishedMessage, lang: crate::i18n::Lang) -> MessageView {
        MessageView {
            name: if m.display_name.is_empty() {
                lang.t("anonymous")
            } else {
                shown_name(&m.display_name).to_owned()
            },
            text: m.message.clone(),
            date: lang.date(m.submitted_at.unwrap_or(m.published_at).date()),
            amount: shown_amount(m.amount_cents, &m.frequency, lang),
        }
    }

    /// The text cut to about `max` characters, at a word, for small spaces.
    pub fn excerpt(&self, max: usize) -> String {
        excerpt(&self.text, max)
    }
}

fn shown_amount(cents: i64, frequency: &str, lang: crate::i18n::Lang) -> Option<String> {
    (cents > 0).then(|| {
        let amount = lang.money_short(Cents::new(cents));
        if frequency == "monthly" {
            lang.t_with(
                "amount-monthly",
                &[("amount", crate::i18n::Arg::Str(&amount))],
            )
        } else {
            amount
        }
    })
}

// ---- Public guestbook ----

#[derive(Template, WebTemplate)]
#[template(path = "guestbook.html")]
struct GuestbookPage {
    demo: crate::web::Chrome,
    title: String,
    slug: String,
    messages: Vec<MessageView>,
    /// The link to older messages, when there are some.
    older: Option<String>,
    /// Whether this is a later page (a link back to the newest).
    paged: bool,
}

#[derive(Deserialize)]
struct GuestbookQuery {
    #[serde(default)]
    after: String,
}

/// `GET /campaigns/{slug}/guestbook?after=…`: approved messages, newest first.
async fn show_guestbook(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<GuestbookQuery>,
    uri: axum::http::Uri,
) -> Result<Response, AppError> {
    // Read before what the page shows: a change meanwhile makes it stale.
    let generation = state.pages.generation();
    let snapshot = state.progress.get(&slug);
    let progress = state
        .store
        .campaign_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // A cursor that does not parse starts from the newest.
    let after = Cursor::parse(&query.after);
    let mut found = state
        .store
        .published_messages(progress.campaign.id, after, PAGE_SIZE + 1)
        .await?;
    let more = found.len() as i64 > PAGE_SIZE;
    found.truncate(PAGE_SIZE as usize);
    let older = more.then(|| found.last()).flatten().map(|last| {
        let cursor = Cursor {
            published_unix: last.published_at.unix_timestamp(),
            id: last.id,
        };
        format!("/campaigns/{slug}/guestbook?after={}", cursor.encode())
    });
    // The campaign's own language, to visitors who say nothing.
    let chrome =
        state.chrome_in(crate::i18n::Lang::parse(&progress.campaign.lang).unwrap_or_default());
    let lang = chrome.lang;
    let page = GuestbookPage {
        demo: chrome,
        title: progress.campaign.title.clone(),
        slug: progress.campaign.slug.as_str().to_owned(),
        messages: found.iter().map(|m| MessageView::new(m, lang)).collect(),
        older,
        paged: after.is_some(),
    };
    let key = super::page_cache::PageKey::of(
        super::page_cache::PageKind::Guestbook,
        &progress.campaign,
        &super::lang::current(),
        uri.path(),
    );
    let mut response = match (key, snapshot) {
        // The newest messages, as every new visitor reads them: kept for the edge.
        (Some(key), Some(snapshot)) => {
            let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
            state.pages.keep(key, &html, snapshot, generation);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
        }
        _ => page.into_response(),
    };
    // Asked again each time: a moderator who has just approved a message sees
    // it at once (a browser's copy of 15 s hid it).
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
