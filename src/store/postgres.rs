//! PostgreSQL, for production and for several instances sharing one database.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;

use super::sql::impl_store;

pub struct PgStore {
    pool: sqlx::PgPool,
    /// The same pool: PostgreSQL takes concurrent writers.
    writer: sqlx::PgPool,
    /// Tags this process's notifications (for logs and future filtering).
    instance: String,
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        let instance =
            crate::tokens::random_hex(8).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        Ok(PgStore {
            writer: pool.clone(),
            pool,
            instance,
        })
    }
}

impl_store!(
    PgStore,
    backend = "postgres",
    migrator = sqlx::migrate!("./migrations/postgres"),
    begin_write = |pool| pool.begin(),
    // Several workers may claim at once: each skips the rows another is taking.
    claim_lock = " FOR UPDATE SKIP LOCKED",
    row_lock = " FOR UPDATE",
    // Delivered to every instance when the transaction commits.
    notify = "SELECT pg_notify('soutenir_progress', $1)"
);

impl PgStore {
    /// Listens on `soutenir_progress` for as long as `changed` has a receiver,
    /// reconnecting after a lost connection.
    async fn listen(
        &self,
        changed: tokio::sync::mpsc::UnboundedSender<i64>,
    ) -> super::StoreResult<bool> {
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener.listen("soutenir_progress").await?;
        tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => {
                        // « instance:campaign ». This instance hears its own changes
                        // too: the totals a transaction returned may miss a payment
                        // committed beside it on another shard, the re-read does not.
                        let campaign = notification.payload().rsplit(':').next().unwrap_or("");
                        if let Ok(id) = campaign.parse::<i64>()
                            && changed.send(id).is_err()
                        {
                            return;
                        }
                    }
                    // The connection was lost and re-established: notifications in
                    // between are gone, so everything is re-read.
                    Ok(None) => {
                        if changed.send(0).is_err() {
                            return;
                        }
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "progress notifications: listener error");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(true)
    }
}
