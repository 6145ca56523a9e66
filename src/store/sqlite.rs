//! SQLite: one file, WAL mode, foreign keys on, a busy timeout, and write
//! transactions that take the write lock when they begin.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::sql::impl_store;

pub struct SqliteStore {
    /// Readers: WAL lets them run beside the writer.
    pool: sqlx::SqlitePool,
    /// The one writer. SQLite takes one write transaction at a time; queueing
    /// writers here, fairly and without polling, avoids its busy-wait sleeps.
    writer: sqlx::SqlitePool,
    /// Writes concurrent confirmations together; `None` in the batcher's own copy.
    batcher: Option<super::batch::Batcher>,
}

impl SqliteStore {
    /// Opens (creating it if missing) the database at `url`, e.g. `sqlite:soutenir.db`.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .before_acquire(super::guard::keep_if_idle)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .before_acquire(super::guard::keep_if_idle)
            .connect_with(options)
            .await?;
        let batcher = super::batch::Batcher::start(
            SqliteStore {
                pool: pool.clone(),
                writer: writer.clone(),
                batcher: None,
            },
            1,
        );
        Ok(SqliteStore {
            pool,
            writer,
            batcher: Some(batcher),
        })
    }
}

impl_store!(
    SqliteStore,
    backend = "sqlite",
    migrator = sqlx::migrate!("./migrations/sqlite"),
    begin_write = |pool| pool.begin_with("BEGIN IMMEDIATE"),
    // SQLite runs one writer at a time: the claiming UPDATE is already exclusive.
    claim_lock = "",
    row_lock = ""
);

impl SqliteStore {
    fn session_store(&self) -> super::sessions::SessionStore {
        // Through the writer: SQLite takes one writer at a time.
        super::sessions::SessionStore::Sqlite(tower_sessions_sqlx_store::SqliteStore::new(
            self.writer.clone(),
        ))
    }

    /// One instance: the in-process cache is told directly.
    fn totals_changed(&self, _campaign_id: i64) {}

    async fn listen(
        &self,
        _changed: tokio::sync::mpsc::UnboundedSender<i64>,
    ) -> super::StoreResult<bool> {
        Ok(false)
    }
}
