//! `POST /webhooks/stripe`: signed events from Stripe.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::AppState;
use crate::payments::stripe::events::{self, EventError, Outcome, PROVIDER};
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
        return answer(StatusCode::BAD_REQUEST, "invalid signature");
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        tracing::warn!("stripe webhook refused: body is not JSON");
        return answer(StatusCode::BAD_REQUEST, "invalid payload");
    };
    let (Some(id), Some(kind)) = (
        event.get("id").and_then(Value::as_str),
        event.get("type").and_then(Value::as_str),
    ) else {
        tracing::warn!("stripe webhook refused: no event id or type");
        return answer(StatusCode::BAD_REQUEST, "invalid payload");
    };
    match state.store.event_outcome(PROVIDER, id).await {
        Ok(None) => {}
        Ok(Some(previous)) => {
            tracing::info!(event.id = %id, event.kind = %kind, %previous, "stripe event already handled");
            return answer(StatusCode::OK, "duplicate");
        }
        Err(err) => {
            tracing::error!(event.id = %id, error = %err, "cannot read stripe events");
            return answer(StatusCode::INTERNAL_SERVER_ERROR, "failed");
        }
    }
    let payload = String::from_utf8_lossy(&body);
    let received = events::Received {
        id,
        kind,
        payload: &payload,
    };
    let applied = events::apply(&*state.store, &state.progress, &event, Some(received)).await;
    let (outcome, detail, status) = match applied {
        Ok(Outcome::Recorded(detail)) => {
            // Stored with the payment, in its transaction.
            tracing::info!(event.id = %id, event.kind = %kind, outcome = "applied", %detail, "stripe event");
            return answer(StatusCode::OK, "applied");
        }
        Ok(Outcome::Applied(detail)) => ("applied", detail, StatusCode::OK),
        Ok(Outcome::Ignored(detail)) => ("ignored", detail, StatusCode::OK),
        Err(EventError::Refused(detail)) => {
            tracing::error!(event.id = %id, event.kind = %kind, %detail, "stripe event refused");
            ("refused", detail, StatusCode::OK)
        }
        Err(EventError::Failed(err)) => {
            tracing::warn!(event.id = %id, event.kind = %kind, error = %format!("{err:#}"), "stripe event failed, Stripe will retry");
            (
                "failed",
                format!("{err:#}"),
                StatusCode::INTERNAL_SERVER_ERROR,
            )
        }
    };
    // Applying is idempotent, so two deliveries racing past the check above end
    // in the same state; the event is stored once either way.
    if let Err(err) = state
        .store
        .save_event(PROVIDER, id, kind, &payload, outcome, &detail, now)
        .await
    {
        tracing::error!(event.id = %id, error = %err, "cannot record stripe event");
    }
    tracing::info!(event.id = %id, event.kind = %kind, outcome, %detail, "stripe event");
    answer(status, outcome)
}
