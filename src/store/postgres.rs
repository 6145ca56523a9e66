//! PostgreSQL, for production and for several instances sharing one database.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;

use super::sql::impl_store;

pub struct PgStore {
    pool: sqlx::PgPool,
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(PgStore { pool })
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
