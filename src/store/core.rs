//! The database itself: which backend, migrations, health, settings, the staff sessions' store.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// The database itself: which backend, migrations, health, settings, the staff sessions' store.
#[async_trait]
pub trait CoreStore: Send + Sync {
    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;

    async fn migrate(&self) -> StoreResult<()>;

    async fn ping(&self) -> StoreResult<()>;

    /// Whether a write can be made now: begins a write transaction (on SQLite,
    /// taking the write lock) and rolls it back.
    async fn check_writable(&self) -> StoreResult<()>;

    /// Returns the setting, inserting `default` first if it has none (atomic, so
    /// two instances starting at once agree on the value).
    async fn setting_or_insert(&self, key: &str, default: &str) -> StoreResult<String>;

    async fn setting(&self, key: &str) -> StoreResult<Option<String>>;

    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()>;

    /// Where staff sessions are kept: the same database.
    fn sessions(&self) -> sessions::SessionStore;
}

macro_rules! impl_core_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::CoreStore for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn migrate(&self) -> $crate::store::StoreResult<()> {
                $migrator.run(&self.writer).await?;
                // The staff sessions' table belongs to tower-sessions' store.
                self.session_store().migrate().await?;
                // Donors recorded before their search key existed (migration
                // 0008) get it now; a no-op once done. Idempotent, so two
                // instances starting together may both run it.
                let pending: Vec<(i64, String, String, String)> = sqlx::query_as(
                    "SELECT id, email, first_name, last_name FROM donors WHERE search_key IS NULL",
                )
                .fetch_all(&self.writer)
                .await?;
                if !pending.is_empty() {
                    let mut tx = self.writer.begin().await?;
                    for (id, email, first_name, last_name) in pending {
                        sqlx::query("UPDATE donors SET search_key = $1 WHERE id = $2")
                            .bind($crate::domain::search::donor_key(&email, &first_name, &last_name))
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                }
                // Likewise gifts (migration 0010: a gift keeps its own identity)
                // and yearly summaries (the identity they certify).
                let gifts: Vec<(i64, String, String, String)> = sqlx::query_as(
                    "SELECT d.id, p.email, d.donor_first_name, d.donor_last_name FROM donations d \
                     JOIN donors p ON p.id = d.donor_id WHERE d.search_key IS NULL",
                )
                .fetch_all(&self.writer)
                .await?;
                let summaries: Vec<(i64, String, String, String, String, String, String)> = sqlx::query_as(
                    "SELECT id, donor_first_name, donor_last_name, donor_address, donor_postal_code, donor_city, \
                     donor_country FROM receipts WHERE donor_key IS NULL AND kind = 'annual'",
                )
                .fetch_all(&self.writer)
                .await?;
                if !gifts.is_empty() || !summaries.is_empty() {
                    let mut tx = self.writer.begin().await?;
                    for (id, email, first_name, last_name) in gifts {
                        sqlx::query("UPDATE donations SET search_key = $1 WHERE id = $2")
                            .bind($crate::domain::search::donor_key(&email, &first_name, &last_name))
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    for (id, first_name, last_name, address, postal_code, city, country) in summaries {
                        let identity = $crate::store::DonorDetails {
                            email: String::new(),
                            first_name,
                            last_name,
                            address,
                            postal_code,
                            city,
                            country,
                        };
                        sqlx::query("UPDATE receipts SET donor_key = $1 WHERE id = $2")
                            .bind($crate::domain::search::identity_key(&identity, None))
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                }
                Ok(())
            }

            async fn ping(&self) -> $crate::store::StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn check_writable(&self) -> $crate::store::StoreResult<()> {
                let tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                tx.rollback().await?;
                Ok(())
            }

            async fn setting_or_insert(&self, key: &str, default: &str) -> $crate::store::StoreResult<String> {
                sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
                    .bind(key)
                    .bind(default)
                    .execute(&self.writer)
                    .await?;
                let value: String = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                    .bind(key)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(value)
            }

            async fn setting(&self, key: &str) -> $crate::store::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn set_setting(&self, key: &str, value: &str) -> $crate::store::StoreResult<()> {
                sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                    .bind(key)
                    .bind(value)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            fn sessions(&self) -> $crate::store::sessions::SessionStore {
                self.session_store()
            }
        }
    };
}
pub(crate) use impl_core_store;
