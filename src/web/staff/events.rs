//! Payment events as the provider sent them, and the replay of a failed one.

use super::finance::PAGE_SIZE;
use super::{FinanceTeam, Staff, StaffForm};
use crate::domain::dates::french_date;
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

struct EventRow {
    event_id: String,
    event_type: String,
    received: String,
    outcome: &'static str,
    failed: bool,
    detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/events.html")]
struct EventsPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    events: Vec<EventRow>,
    page: i64,
    next_page: Option<i64>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct EventsQuery {
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    rejoue: Option<String>,
}

pub(super) fn outcome_label(outcome: &str) -> &'static str {
    match outcome {
        "applied" => crate::i18n::fr("staff-event-applied"),
        "duplicate" => crate::i18n::fr("staff-event-duplicate"),
        "refused" => crate::i18n::fr("staff-event-refused"),
        "failed" => crate::i18n::fr("staff-event-failed"),
        _ => crate::i18n::fr("staff-events-sans-effet"),
    }
}

/// `GET /admin/events?page=N`
pub(super) async fn list_payment_events(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    headers: HeaderMap,
    Query(query): Query<EventsQuery>,
) -> Result<Response, AppError> {
    let page = query.page.unwrap_or(1).max(1);
    let mut events = state
        .store
        .payment_events(PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
        .await?;
    let next_page = (events.len() as i64 > PAGE_SIZE).then_some(page + 1);
    events.truncate(PAGE_SIZE as usize);
    let events = events
        .into_iter()
        .map(|e| EventRow {
            received: format!(
                "{} {:02}:{:02}:{:02} UTC",
                french_date(e.received_at.date()),
                e.received_at.hour(),
                e.received_at.minute(),
                e.received_at.second()
            ),
            failed: e.outcome == "failed",
            event_id: e.event_id,
            event_type: e.event_type,
            outcome: outcome_label(&e.outcome),
            detail: e.detail.unwrap_or_default(),
        })
        .collect();
    let notice = query.rejoue.map(|outcome| match outcome.as_str() {
        "applied" => crate::i18n::fr("staff-events-evenement-ete-rejoue-applique").to_owned(),
        "failed" => crate::i18n::fr("staff-events-evenement-nouveau-echoue-voir-detail").to_owned(),
        "none" => crate::i18n::fr("staff-events-cet-evenement-est-pas-echec").to_owned(),
        other => crate::i18n::fr_with(
            "staff-events-evenement-rejoue-other",
            &[(
                "other",
                &(outcome_label(other)) as &(dyn std::fmt::Display + Sync),
            )],
        ),
    });
    let form = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let page = EventsPage {
        demo: state.chrome(),
        csrf_token: form.token,
        events,
        page,
        next_page,
        notice,
    };
    Ok(private_page(page.into_response(), form.set_cookie))
}

#[derive(Deserialize)]
pub(super) struct ReplayForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    event_id: String,
}

/// `POST /admin/events/replay`: applies a failed event again, as if Stripe had
/// delivered it once more.
pub(super) async fn replay_event(
    State(state): State<AppState>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, ReplayForm>,
) -> Result<Response, AppError> {
    use crate::payments::stripe::events::{PROVIDER, process};
    let Some((outcome, payload)) = state.store.event_payload(PROVIDER, &form.event_id).await?
    else {
        return Err(AppError::NotFound);
    };
    let result = if outcome == "failed" {
        let now = OffsetDateTime::now_utc();
        let ctx = crate::payments::stripe::events::Context {
            store: &*state.store,
            progress: &state.progress,
            gateway: &*state.gateway,
        };
        let replayed = process(ctx, payload.as_bytes(), now).await;
        state
            .store
            .audit(
                Some(user.id),
                &user.email,
                "event.replayed",
                &format!("event:{}", form.event_id),
                now,
            )
            .await?;
        tracing::info!(event.id = %form.event_id, outcome = replayed.outcome, staff.id = user.id, "payment event replayed");
        replayed.outcome
    } else {
        "none"
    };
    Ok(private_page(
        Redirect::to(&format!("/admin/events?rejoue={result}")).into_response(),
        None,
    ))
}

super::with_csrf!(ReplayForm);
