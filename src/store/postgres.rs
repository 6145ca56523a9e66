//! PostgreSQL, for production and for several instances sharing one database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;

use super::sql::impl_store;

/// Confirmation batches written at once: PostgreSQL commits them side by side.
const WRITE_BATCHES: usize = 1;

pub struct PgStore {
    pool: sqlx::PgPool,
    /// The same pool: PostgreSQL takes concurrent writers.
    writer: sqlx::PgPool,
    /// Campaigns whose totals this instance changed, for the notifier task.
    changed: tokio::sync::mpsc::UnboundedSender<i64>,
    /// Writes concurrent confirmations together; `None` in the batcher's own copy.
    batcher: Option<super::batch::Batcher>,
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        // Every query here is a short indexed lookup or write whose best plan does
        // not depend on the values bound: plan once per connection, not per call.
        let options = sqlx::postgres::PgConnectOptions::from_str(url)?
            .options([("plan_cache_mode", "force_generic_plan")]);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .before_acquire(super::guard::keep_if_idle)
            // A short outage (a restart, a failover) is waited out; a longer one
            // answers 503 after this long rather than keeping visitors waiting.
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        // Tags this process's notifications (for logs and future filtering).
        let instance =
            crate::tokens::random_hex(8).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        let (changed, queue) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(notifier(pool.clone(), instance, queue));
        let batcher = super::batch::Batcher::start(
            PgStore {
                writer: pool.clone(),
                pool: pool.clone(),
                changed: changed.clone(),
                batcher: None,
            },
            WRITE_BATCHES,
        );
        Ok(PgStore {
            writer: pool.clone(),
            pool,
            changed,
            batcher: Some(batcher),
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
    row_lock = " FOR UPDATE"
);

/// Tells every instance (this one too) that a campaign's totals changed, once per
/// campaign for all the changes queued meanwhile.
///
/// A NOTIFY is sent after the commit, never inside the payment's transaction:
/// PostgreSQL serialises the commits of all transactions that notify, which held
/// confirmations to one commit (and one WAL flush) at a time. Were the process to
/// die between a commit and its notification, the other instances would see the
/// change at their next periodic refresh.
async fn notifier(
    pool: sqlx::PgPool,
    instance: String,
    mut queue: tokio::sync::mpsc::UnboundedReceiver<i64>,
) {
    while let Some(first) = queue.recv().await {
        let mut campaigns = std::collections::BTreeSet::from([first]);
        while let Ok(id) = queue.try_recv() {
            campaigns.insert(id);
        }
        for campaign in campaigns {
            let sent = sqlx::query("SELECT pg_notify('soutenir_progress', $1)")
                .bind(format!("{instance}:{campaign}"))
                .execute(&pool)
                .await;
            if let Err(err) = sent {
                tracing::warn!(campaign.id = campaign, error = %err, "progress notification not sent");
            }
        }
    }
}

impl PgStore {
    fn session_store(&self) -> super::sessions::SessionStore {
        super::sessions::SessionStore::Postgres(tower_sessions_sqlx_store::PostgresStore::new(
            self.pool.clone(),
        ))
    }

    fn totals_changed(&self, campaign_id: i64) {
        // The notifier task lives as long as this store.
        let _ = self.changed.send(campaign_id);
    }

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
