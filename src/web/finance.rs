//! Finance pages (role `finance`, and admins): for now, the payment events
//! received from the provider, so nobody has to guess why a payment is missing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::admin::require_role;
use super::error::AppError;
use super::{AppState, private_page};

const PAGE_SIZE: i64 = 100;

/// Staff routes: they need the session layer `admin::router` adds.
pub fn staff_routes() -> Router<AppState> {
    Router::new().route("/admin/events", get(list_payment_events))
}

struct EventRow {
    event_id: String,
    event_type: String,
    received: String,
    outcome: &'static str,
    detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/events.html")]
struct EventsPage {
    demo: bool,
    events: Vec<EventRow>,
    page: i64,
    next_page: Option<i64>,
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    page: Option<i64>,
}

fn outcome_label(outcome: &str) -> &'static str {
    match outcome {
        "applied" => "appliqué",
        "duplicate" => "doublon",
        "refused" => "refusé",
        "failed" => "échec",
        _ => "sans effet",
    }
}

/// `GET /admin/events?page=N`
async fn list_payment_events(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    if let Err(refused) = require_role(&state, &session, &["finance"]).await {
        return Ok(refused);
    }
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
                crate::domain::dates::french_date(e.received_at.date()),
                e.received_at.hour(),
                e.received_at.minute(),
                e.received_at.second()
            ),
            event_id: e.event_id,
            event_type: e.event_type,
            outcome: outcome_label(&e.outcome),
            detail: e.detail.unwrap_or_default(),
        })
        .collect();
    let page = EventsPage {
        demo: state.demo_mode(),
        events,
        page,
        next_page,
    };
    Ok(private_page(page.into_response(), None))
}
