//! Payment providers' events, as received and what became of them.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// Payment providers' events, as received and what became of them.
#[async_trait]
pub trait EventStore: Send + Sync {
    /// The outcome of an earlier delivery of this provider event, unless it failed
    /// (then it is to be applied again).
    async fn event_outcome(
        &self,
        provider: Provider,
        event_id: &str,
    ) -> StoreResult<Option<String>>;

    /// Records a provider event and what became of it (`applied`, `ignored`,
    /// `refused`, `failed`), once per event id; a later delivery updates it.
    #[allow(clippy::too_many_arguments)]
    async fn save_event(
        &self,
        provider: Provider,
        event_id: &str,
        event_type: &str,
        payload: &str,
        outcome: &str,
        detail: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// The most recent provider events, newest first: (type, outcome, detail).
    async fn recent_events(
        &self,
        provider: Provider,
        limit: i64,
    ) -> StoreResult<Vec<(String, String, Option<String>)>>;

    /// Provider events, newest first.
    async fn payment_events(&self, limit: i64, offset: i64) -> StoreResult<Vec<PaymentEvent>>;

    /// A provider event as received: `(outcome, payload)`.
    async fn event_payload(
        &self,
        provider: Provider,
        event_id: &str,
    ) -> StoreResult<Option<(String, String)>>;
}

macro_rules! impl_events_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::EventStore for $store {
            async fn event_payload(
                &self,
                provider: $crate::store::Provider,
                event_id: &str,
            ) -> $crate::store::StoreResult<Option<(String, String)>> {
                Ok(sqlx::query_as("SELECT outcome, payload FROM webhook_events WHERE provider = $1 AND event_id = $2")
                    .bind(provider.as_str())
                    .bind(event_id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn event_outcome(&self, provider: $crate::store::Provider, event_id: &str) -> $crate::store::StoreResult<Option<String>> {
                let outcome: Option<String> =
                    sqlx::query_scalar("SELECT outcome FROM webhook_events WHERE provider = $1 AND event_id = $2")
                        .bind(provider.as_str())
                        .bind(event_id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(outcome.filter(|o| o != "failed"))
            }

            async fn save_event(
                &self,
                provider: $crate::store::Provider,
                event_id: &str,
                event_type: &str,
                payload: &str,
                outcome: &str,
                detail: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO webhook_events (provider, event_id, event_type, received_at, outcome, detail, payload) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (provider, event_id) DO UPDATE \
                     SET outcome = excluded.outcome, detail = excluded.detail, received_at = excluded.received_at",
                )
                .bind(provider.as_str())
                .bind(event_id)
                .bind(event_type)
                .bind($crate::store::sql::ts(now))
                .bind(outcome)
                .bind(detail)
                .bind(payload)
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn recent_events(
                &self,
                provider: $crate::store::Provider,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<(String, String, Option<String>)>> {
                Ok(sqlx::query_as(
                    "SELECT event_type, outcome, detail FROM webhook_events WHERE provider = $1 ORDER BY id DESC LIMIT $2",
                )
                .bind(provider.as_str())
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn payment_events(
                &self,
                limit: i64,
                offset: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::PaymentEvent>> {
                Ok(sqlx::query_as(
                    "SELECT provider, event_id, event_type, received_at, outcome, detail \
                     FROM webhook_events ORDER BY id DESC LIMIT $1 OFFSET $2",
                )
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?)
            }
        }
    };
}
pub(crate) use impl_events_store;
