//! The moderation queue, where moderators approve, reject or hide guestbook
//! messages before they appear on the public pages.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{Moderators, Staff};
use crate::domain::dates::french_date;
use crate::domain::guestbook::{Decision, clean_reason, shown_name};
use crate::domain::money::Cents;
use crate::store::GuestbookEntry;
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};

/// Entries per page of the moderation lists.
const QUEUE_PAGE_SIZE: i64 = 50;

/// The lists a moderator switches between: status and message key.
const TABS: [(&str, &str); 4] = [
    ("pending", "staff-moderation-attente"),
    ("approved", "staff-moderation-tab-approved"),
    ("rejected", "staff-moderation-tab-rejected"),
    ("hidden", "staff-moderation-tab-hidden"),
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
                crate::i18n::fr_with(
                    "staff-moderation-montant-affiche-amount",
                    &[("amount", &(amount) as &(dyn std::fmt::Display + Sync))],
                )
            } else {
                crate::i18n::fr("staff-moderation-montant-non-affiche").to_owned()
            },
            moderated: e.moderated_at.map(|at| {
                crate::i18n::fr_with(
                    "staff-moderation-date-supprim",
                    &[
                        (
                            "date",
                            &(french_date(at.date())) as &(dyn std::fmt::Display + Sync),
                        ),
                        (
                            "who",
                            &(e.moderated_by
                                .as_deref()
                                .unwrap_or(crate::i18n::fr("staff-moderation-deleted-account")))
                                as &(dyn std::fmt::Display + Sync),
                        ),
                    ],
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
    demo: crate::web::Chrome,
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
pub(super) struct ModerationQuery {
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
    let (one, many) = match done {
        "approve" => (
            crate::i18n::fr("staff-moderation-message-publie"),
            crate::i18n::fr("staff-moderation-messages-publies"),
        ),
        "reject" => (
            crate::i18n::fr("staff-moderation-message-refuse"),
            crate::i18n::fr("staff-moderation-messages-refuses"),
        ),
        "hide" => (
            crate::i18n::fr("staff-moderation-message-masque"),
            crate::i18n::fr("staff-moderation-messages-masques"),
        ),
        "none" => {
            return Some(
                crate::i18n::fr("staff-moderation-aucun-message-change-ils-avaient").to_owned(),
            );
        }
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
        demo: state.chrome(),
        csrf_token: form.token,
        status,
        tabs: TABS
            .iter()
            .map(|(s, label)| Tab {
                status: s,
                label: crate::i18n::fr(label),
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
pub(super) async fn list_messages(
    State(state): State<AppState>,
    _staff: Staff<Moderators>,
    headers: HeaderMap,
    Query(query): Query<ModerationQuery>,
) -> Result<Response, AppError> {
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
pub(super) async fn moderate_messages(
    State(state): State<AppState>,
    Staff {
        user: moderator, ..
    }: Staff<Moderators>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
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
    // One form holds « Publier » and « Refuser » and the refusal's reason:
    // a reason typed, then Enter (the form's first button), must not publish.
    if decision == Decision::Approve && !reason.trim().is_empty() {
        return render_queue(
            &state,
            &headers,
            status,
            1,
            None,
            Some((
                crate::i18n::fr("staff-moderation-motif-refus-est-ecrit-rien").to_owned(),
                reason.to_owned(),
            )),
        )
        .await;
    }
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
            // One form holds both buttons: a reason typed is the refusal's only.
            (decision == Decision::Reject).then_some(reason.as_str()),
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
