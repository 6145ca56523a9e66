//! `POST /webhooks/stripe`: signed events from Stripe.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;
use time::OffsetDateTime;

use super::AppState;
use crate::payments::stripe::events;
use crate::payments::stripe::signature;

pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/stripe", post(receive_stripe_event))
}

fn answer(status: StatusCode, outcome: &str) -> Response {
    (status, axum::Json(json!({ "status": outcome }))).into_response()
}

/// Verifies the signature, applies the event unless already done, stores it. A forged, stale or
/// unsigned request gets 400 and changes nothing; a repeat gets 200 and changes
/// nothing; a failure gets 500 so that Stripe delivers it again.
async fn receive_stripe_event(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(secret) = state.config.stripe_webhook_secret.as_ref() else {
        tracing::warn!("stripe webhook received but STRIPE_WEBHOOK_SECRET is not set");
        return answer(StatusCode::NOT_FOUND, "not configured");
    };
    let header = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    let now = OffsetDateTime::now_utc();
    if let Err(err) = signature::verify(secret.expose(), header, &body, now.unix_timestamp()) {
        tracing::warn!(reason = %err, "stripe webhook refused: bad signature");
        state.metrics.provider_event("bad_signature");
        return answer(StatusCode::BAD_REQUEST, "invalid signature");
    }
    let ctx = events::Context {
        store: &*state.store,
        progress: &state.progress,
        gateway: &*state.gateway,
    };
    let processed = events::process(ctx, &body, now).await;
    state.metrics.provider_event(processed.outcome);
    let status = StatusCode::from_u16(processed.status).unwrap_or(StatusCode::OK);
    answer(status, processed.outcome)
}
