//! The outbox: jobs queued in the transaction of what caused them, claimed by workers.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// The outbox: jobs queued in the transaction of what caused them, claimed by workers.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Adds a job to the outbox; false if one with the same dedupe key exists.
    async fn enqueue_job(&self, job: &NewJob, now: OffsetDateTime) -> StoreResult<bool>;

    /// Takes up to `limit` due jobs (and jobs whose worker's lease ran out), leasing
    /// them until `lease_until`. Safe with several workers and instances.
    async fn claim_jobs(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<Job>>;

    /// Keeps running jobs `ids` claimed until `until`.
    async fn extend_leases(&self, ids: &[i64], until: OffsetDateTime) -> StoreResult<()>;

    /// Marks jobs done, in one statement.
    async fn finish_jobs(&self, ids: &[i64], now: OffsetDateTime) -> StoreResult<()>;

    /// Records a failed attempt: retried at `retry_at`, or given up (`dead`) if none.
    async fn fail_job(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<()>;

    /// How many jobs are in this status (`queued`, `running`, `done`, `dead`).
    async fn count_jobs(&self, status: &str) -> StoreResult<i64>;

    /// The most recent jobs, newest first.
    async fn recent_jobs(&self, limit: i64) -> StoreResult<Vec<JobInfo>>;
}

macro_rules! impl_jobs_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::JobStore for $store {
            async fn enqueue_job(&self, job: &$crate::store::NewJob, now: time::OffsetDateTime) -> $crate::store::StoreResult<bool> {
                use $crate::store::sql::ts;
                let inserted = sqlx::query(
                    "INSERT INTO jobs (kind, payload, dedupe_key, status, attempts, run_at, created_at) \
                     VALUES ($1, $2, $3, 'queued', 0, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING",
                )
                .bind(job.kind.as_str())
                .bind(&job.payload)
                .bind(job.dedupe_key.as_deref())
                .bind(ts(job.run_at))
                .bind(ts(now))
                .execute(&self.writer)
                .await?;
                Ok(inserted.rows_affected() == 1)
            }

            async fn claim_jobs(
                &self,
                now: time::OffsetDateTime,
                lease_until: time::OffsetDateTime,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::Job>> {
                use $crate::store::sql::ts;
                // Two index range scans (due jobs, oldest first; jobs whose lease ran
                // out), never a sort of the whole backlog. Only the kinds this
                // version knows: a newer instance's jobs wait for it.
                let kinds: Vec<String> = $crate::store::JobKind::ALL
                    .iter()
                    .map(|k| format!("'{}'", k.as_str()))
                    .collect();
                let sql = format!(
                    "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $1 \
                     WHERE id IN (\
                       SELECT id FROM (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= $2 \
                         AND kind IN ({kinds}) ORDER BY run_at, id LIMIT $3{lock}) due \
                       UNION ALL \
                       SELECT id FROM (SELECT id FROM jobs WHERE status = 'running' AND locked_until < $2 \
                         AND kind IN ({kinds}) ORDER BY run_at, id LIMIT $3{lock}) stale) \
                     RETURNING id, kind, payload, attempts",
                    kinds = kinds.join(", "),
                    lock = $claim_lock
                );
                let mut jobs: Vec<$crate::store::Job> = sqlx::query_as(&sql)
                    .bind(ts(lease_until))
                    .bind(ts(now))
                    .bind(limit)
                    .fetch_all(&self.writer)
                    .await?;
                jobs.sort_by_key(|j| j.id);
                Ok(jobs)
            }

            async fn extend_leases(&self, ids: &[i64], until: time::OffsetDateTime) -> $crate::store::StoreResult<()> {
                if ids.is_empty() {
                    return Ok(());
                }
                let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
                let sql = format!(
                    "UPDATE jobs SET locked_until = $1 WHERE status = 'running' AND id IN ({})",
                    placeholders.join(", ")
                );
                let mut query = sqlx::query(&sql).bind($crate::store::sql::ts(until));
                for id in ids {
                    query = query.bind(*id);
                }
                query.execute(&self.writer).await?;
                Ok(())
            }

            async fn finish_jobs(&self, ids: &[i64], now: time::OffsetDateTime) -> $crate::store::StoreResult<()> {
                if ids.is_empty() {
                    return Ok(());
                }
                let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
                let sql = format!(
                    "UPDATE jobs SET status = 'done', finished_at = $1, locked_until = NULL, last_error = NULL \
                     WHERE id IN ({})",
                    placeholders.join(", ")
                );
                let mut query = sqlx::query(&sql).bind($crate::store::sql::ts(now));
                for id in ids {
                    query = query.bind(*id);
                }
                query.execute(&self.writer).await?;
                Ok(())
            }

            async fn fail_job(
                &self,
                id: i64,
                error: &str,
                retry_at: Option<time::OffsetDateTime>,
            ) -> $crate::store::StoreResult<()> {
                let error: String = error.chars().take(2000).collect();
                match retry_at {
                    Some(at) => {
                        sqlx::query("UPDATE jobs SET status = 'queued', run_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
                            .bind($crate::store::sql::ts(at))
                            .bind(error)
                            .bind(id)
                            .execute(&self.writer)
                            .await?;
                    }
                    None => {
                        sqlx::query("UPDATE jobs SET status = 'dead', locked_until = NULL, last_error = $1 WHERE id = $2")
                            .bind(error)
                            .bind(id)
                            .execute(&self.writer)
                            .await?;
                    }
                }
                Ok(())
            }

            async fn count_jobs(&self, status: &str) -> $crate::store::StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status = $1")
                    .bind(status)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn recent_jobs(&self, limit: i64) -> $crate::store::StoreResult<Vec<$crate::store::JobInfo>> {
                Ok(sqlx::query_as("SELECT id, kind, status, attempts, last_error FROM jobs ORDER BY id DESC LIMIT $1")
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?)
            }
        }
    };
}
pub(crate) use impl_jobs_store;
