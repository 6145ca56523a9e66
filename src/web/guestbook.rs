//! The guestbook: approved messages on the public pages, and the moderation
//! queue where moderators approve, reject or hide them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use time::OffsetDateTime;
use tower_sessions::Session;

use super::admin::require_role;
use super::error::AppError;
use super::{AppState, csrf, private_page};
use crate::domain::dates::french_date;
use crate::domain::guestbook::{Cursor, Decision, clean_reason, excerpt, shown_name};
use crate::domain::money::Cents;
use crate::store::{GuestbookEntry, PublishedMessage, Store, StoreResult};

/// Messages per page of the public guestbook.
const PAGE_SIZE: i64 = 20;
/// Entries per page of the moderation lists.
const QUEUE_PAGE_SIZE: i64 = 50;
/// Messages on the campaign page and in the embed.
pub const LATEST: usize = 3;

/// Public routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/campaigns/{slug}/guestbook", get(show_guestbook))
}

/// Staff routes: they need the session layer `admin::router` adds.
pub fn staff_routes() -> Router<AppState> {
    Router::new().route(
        "/admin/guestbook",
        get(list_messages).post(moderate_messages),
    )
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
    pub fn new(m: &PublishedMessage) -> MessageView {
        MessageView {
            name: shown_name(&m.display_name).to_owned(),
            text: m.message.clone(),
            date: french_date(m.submitted_at.unwrap_or(m.published_at).date()),
            amount: shown_amount(m.amount_cents, &m.frequency),
        }
    }

    /// The text cut to about `max` characters, at a word, for small spaces.
    pub fn excerpt(&self, max: usize) -> String {
        excerpt(&self.text, max)
    }
}

fn shown_amount(cents: i64, frequency: &str) -> Option<String> {
    (cents > 0).then(|| {
        let amount = Cents::new(cents).display_short();
        if frequency == "monthly" {
            format!("{amount} par mois")
        } else {
            amount
        }
    })
}

// ---- Public guestbook ----

#[derive(Template, WebTemplate)]
#[template(path = "guestbook.html")]
struct GuestbookPage {
    demo: bool,
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
) -> Result<Response, AppError> {
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
    let page = GuestbookPage {
        demo: state.demo_mode(),
        title: progress.campaign.title.clone(),
        slug: progress.campaign.slug.as_str().to_owned(),
        messages: found.iter().map(MessageView::new).collect(),
        older,
        paged: after.is_some(),
    };
    let mut response = page.into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=15"),
    );
    Ok(response)
}

// ---- Moderation ----

/// The lists a moderator switches between.
const TABS: [(&str, &str); 4] = [
    ("pending", "En attente"),
    ("approved", "Publiés"),
    ("rejected", "Refusés"),
    ("hidden", "Masqués"),
];

struct EntryView {
    id: i64,
    name: String,
    text: String,
    campaign: String,
    submitted: String,
    amount: String,
    moderated: Option<String>,
    reason: Option<String>,
}

impl EntryView {
    fn new(e: GuestbookEntry) -> EntryView {
        let amount = Cents::new(e.amount_cents).display_short();
        EntryView {
            id: e.id,
            name: shown_name(&e.display_name).to_owned(),
            campaign: e.campaign_title,
            submitted: e
                .submitted_at
                .map(|at| french_date(at.date()))
                .unwrap_or_default(),
            amount: if e.show_amount {
                format!("montant affiché ({amount})")
            } else {
                "montant non affiché".to_owned()
            },
            moderated: e.moderated_at.map(|at| {
                format!(
                    "{} par {}",
                    french_date(at.date()),
                    e.moderated_by.as_deref().unwrap_or("un compte supprimé")
                )
            }),
            reason: e.rejection_reason,
            text: e.message,
        }
    }
}

struct Tab {
    status: &'static str,
    label: &'static str,
    count: i64,
    current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/guestbook.html")]
struct ModerationPage {
    demo: bool,
    csrf_token: String,
    status: &'static str,
    tabs: Vec<Tab>,
    entries: Vec<EntryView>,
    notice: Option<String>,
    /// A refused form's message, shown beside the reason field.
    error: Option<String>,
    reason: String,
    page: i64,
    next_page: Option<i64>,
}

#[derive(Deserialize)]
struct ModerationQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    done: String,
    #[serde(default)]
    count: Option<u32>,
}

fn tab_status(input: &str) -> &'static str {
    TABS.iter()
        .map(|(status, _)| *status)
        .find(|s| *s == input)
        .unwrap_or("pending")
}

fn notice(done: &str, count: u32) -> Option<String> {
    let (one, many) =
        match done {
            "approve" => ("message publié", "messages publiés"),
            "reject" => ("message refusé", "messages refusés"),
            "hide" => ("message masqué", "messages masqués"),
            "none" => return Some(
                "Aucun message n'a changé : ils avaient déjà été traités, ou aucun n'était coché."
                    .to_owned(),
            ),
            _ => return None,
        };
    Some(if count == 1 {
        format!("1 {one}.")
    } else {
        format!("{count} {many}.")
    })
}

async fn render_queue(
    state: &AppState,
    headers: &HeaderMap,
    status: &'static str,
    page: i64,
    notice: Option<String>,
    error: Option<(String, String)>,
) -> Result<Response, AppError> {
    let counts: HashMap<String, i64> = state.store.guestbook_counts().await?.into_iter().collect();
    let page = page.max(1);
    let mut entries = state
        .store
        .guestbook_entries(status, QUEUE_PAGE_SIZE + 1, (page - 1) * QUEUE_PAGE_SIZE)
        .await?;
    let next_page = (entries.len() as i64 > QUEUE_PAGE_SIZE).then_some(page + 1);
    entries.truncate(QUEUE_PAGE_SIZE as usize);
    let form = csrf::issue(&state.secret, headers, state.secure_cookies());
    let refused = error.is_some();
    let (error, reason) = error.unzip();
    let view = ModerationPage {
        demo: state.demo_mode(),
        csrf_token: form.token,
        status,
        tabs: TABS
            .iter()
            .map(|(s, label)| Tab {
                status: s,
                label,
                count: counts.get(*s).copied().unwrap_or(0),
                current: *s == status,
            })
            .collect(),
        entries: entries.into_iter().map(EntryView::new).collect(),
        notice,
        error,
        reason: reason.unwrap_or_default(),
        page,
        next_page,
    };
    let code = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(private_page((code, view).into_response(), form.set_cookie))
}

/// `GET /admin/guestbook?status=pending|approved|rejected|hidden&page=N`
async fn list_messages(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<ModerationQuery>,
) -> Result<Response, AppError> {
    if let Err(refused) = require_role(&state, &session, &["moderator"]).await {
        return Ok(refused);
    }
    let status = tab_status(&query.status);
    let notice = notice(&query.done, query.count.unwrap_or(0));
    render_queue(
        &state,
        &headers,
        status,
        query.page.unwrap_or(1),
        notice,
        None,
    )
    .await
}

/// `POST /admin/guestbook`: `action` (approve, reject, hide) on the `ids`
/// checked (or the one entry whose button was pressed); `reason` explains a
/// rejection.
async fn moderate_messages(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let moderator = match require_role(&state, &session, &["moderator"]).await {
        Ok(user) => user,
        Err(refused) => return Ok(refused),
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    if !csrf::verify(&state.secret, &headers, field("csrf_token")) {
        return Err(AppError::Forbidden);
    }
    let status = tab_status(field("status"));
    let decision = Decision::parse(field("action"));
    let reason = field("reason");
    let ids: Vec<i64> = fields
        .iter()
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let Some(decision) = decision else {
        return Ok(back_to_queue(status, "none", 0));
    };
    let reason = match clean_reason(reason) {
        Ok(reason) => reason,
        Err(message) => {
            return render_queue(
                &state,
                &headers,
                status,
                1,
                None,
                Some((message, reason.to_owned())),
            )
            .await;
        }
    };
    let changed = state
        .store
        .moderate_guestbook(
            &ids,
            decision,
            Some(&reason),
            &moderator,
            OffsetDateTime::now_utc(),
        )
        .await?;
    if !changed.is_empty() {
        state.latest_messages.clear();
        tracing::info!(
            staff.id = moderator.id,
            action = decision.new_status(),
            count = changed.len(),
            "guestbook moderated"
        );
    }
    let done = if changed.is_empty() {
        "none"
    } else {
        match decision {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::Hide => "hide",
        }
    };
    Ok(back_to_queue(status, done, changed.len()))
}

fn back_to_queue(status: &str, done: &str, count: usize) -> Response {
    private_page(
        Redirect::to(&format!(
            "/admin/guestbook?status={status}&done={done}&count={count}"
        ))
        .into_response(),
        None,
    )
}
