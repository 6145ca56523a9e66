//! What finance staff list, total and export.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// What finance staff list, total and export.
#[async_trait]
pub trait FinanceStore: Send + Sync {
    /// Gifts the filter selects, most recent first.
    async fn search_donations(
        &self,
        filter: &DonationFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<DonationRow>>;

    /// Gifts the filter selects, oldest first, after the `(date, id)` given
    /// (exports read them page by page).
    async fn donations_after(
        &self,
        filter: &DonationFilter,
        after: Option<(OffsetDateTime, i64)>,
        limit: i64,
    ) -> StoreResult<Vec<DonationRow>>;

    /// Refunds made in `[from, to)`, oldest first, after the `(date, id)`
    /// given (the journal reads them page by page).
    async fn refunds_after(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        after: Option<(OffsetDateTime, i64)>,
        limit: i64,
    ) -> StoreResult<Vec<RefundRow>>;

    /// Count and sums of the gifts the filter selects.
    async fn donation_totals(&self, filter: &DonationFilter) -> StoreResult<DonationTotals>;

    /// One gift, as finance staff see it.
    async fn donation_row(&self, public_id: &str) -> StoreResult<Option<DonationRow>>;

    /// Events, emails, receipts and staff actions concerning a gift.
    async fn donation_history(&self, donation: &DonationRow) -> StoreResult<DonationHistory>;

    /// Monthly gifts, newest first; `status` filters (`active`, `past_due`,
    /// `cancelled`), `None` lists all but those never started.
    async fn list_subscriptions(
        &self,
        status: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<SubscriptionRow>>;
}

macro_rules! impl_finance_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::FinanceStore for $store {
            async fn search_donations(
                &self,
                filter: &$crate::store::DonationFilter,
                limit: i64,
                offset: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::DonationRow>> {
                use $crate::store::sql::{DONATION_ROW_SELECT, DONATION_FILTER};
                let sql = format!(
                    "{DONATION_ROW_SELECT} WHERE {DONATION_FILTER} \
                     ORDER BY COALESCE(d.confirmed_at, d.created_at) DESC, d.id DESC LIMIT $8 OFFSET $9"
                );
                let query = $crate::store::sql::bind_filter!(sqlx::query_as(&sql), filter);
                Ok(query.bind(limit).bind(offset).fetch_all(&self.pool).await?)
            }

            async fn donations_after(
                &self,
                filter: &$crate::store::DonationFilter,
                after: Option<(time::OffsetDateTime, i64)>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::DonationRow>> {
                use $crate::store::sql::{DONATION_ROW_SELECT, DONATION_FILTER, ts};
                let sql = format!(
                    "{DONATION_ROW_SELECT} WHERE {DONATION_FILTER} \
                     AND ($8 IS NULL OR COALESCE(d.confirmed_at, d.created_at) > $8 \
                       OR (COALESCE(d.confirmed_at, d.created_at) = $8 AND d.id > $9)) \
                     ORDER BY COALESCE(d.confirmed_at, d.created_at), d.id LIMIT $10"
                );
                let query = $crate::store::sql::bind_filter!(sqlx::query_as(&sql), filter);
                Ok(query
                    .bind(after.map(|(at, _)| ts(at)))
                    .bind(after.map_or(0, |(_, id)| id))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn donation_totals(
                &self,
                filter: &$crate::store::DonationFilter,
            ) -> $crate::store::StoreResult<$crate::store::DonationTotals> {
                use $crate::store::sql::DONATION_FILTER;
                let sql = format!(
                    "SELECT COUNT(*) AS count, CAST(COALESCE(SUM(d.amount_cents), 0) AS BIGINT) AS amount_cents, \
                     CAST(COALESCE(SUM(d.refunded_cents), 0) AS BIGINT) AS refunded_cents \
                     FROM donations d JOIN donors p ON p.id = d.donor_id WHERE {DONATION_FILTER}"
                );
                let query = $crate::store::sql::bind_filter!(sqlx::query_as(&sql), filter);
                Ok(query.fetch_one(&self.pool).await?)
            }

            async fn refunds_after(
                &self,
                from: time::OffsetDateTime,
                to: time::OffsetDateTime,
                after: Option<(time::OffsetDateTime, i64)>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::RefundRow>> {
                use $crate::store::sql::{REFUND_ROW_SELECT, ts};
                let sql = format!(
                    "{REFUND_ROW_SELECT} WHERE r.refunded_at >= $1 AND r.refunded_at < $2 \
                     AND ($3 IS NULL OR r.refunded_at > $3 OR (r.refunded_at = $3 AND r.id > $4)) \
                     ORDER BY r.refunded_at, r.id LIMIT $5"
                );
                Ok(sqlx::query_as(&sql)
                    .bind(ts(from))
                    .bind(ts(to))
                    .bind(after.map(|(at, _)| ts(at)))
                    .bind(after.map_or(0, |(_, id)| id))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn donation_row(&self, public_id: &str) -> $crate::store::StoreResult<Option<$crate::store::DonationRow>> {
                let sql = format!("{} WHERE d.public_id = $1", $crate::store::sql::DONATION_ROW_SELECT);
                Ok(sqlx::query_as(&sql).bind(public_id).fetch_optional(&self.pool).await?)
            }

            async fn donation_history(
                &self,
                donation: &$crate::store::DonationRow,
            ) -> $crate::store::StoreResult<$crate::store::DonationHistory> {
                // Provider events carry the gift's id in their metadata, or its
                // payment's reference.
                let reference = donation.provider_ref.clone().unwrap_or_else(|| donation.public_id.clone());
                let events: Vec<$crate::store::PaymentEvent> = sqlx::query_as(
                    "SELECT provider, event_id, event_type, received_at, outcome, detail FROM webhook_events \
                     WHERE payload LIKE $1 OR payload LIKE $2 ORDER BY received_at, id LIMIT 200",
                )
                .bind(format!("%\"{}\"%", donation.public_id))
                .bind(format!("%\"{reference}\"%"))
                .fetch_all(&self.pool)
                .await?;
                let jobs: Vec<(String, String, time::OffsetDateTime, Option<time::OffsetDateTime>)> = sqlx::query_as(
                    "SELECT kind, status, created_at, finished_at FROM jobs \
                     WHERE payload LIKE $1 OR payload LIKE $2 ORDER BY id LIMIT 200",
                )
                .bind(format!("%\"donation_id\":{},%", donation.id))
                .bind(format!("%\"donation_id\":{}}}%", donation.id))
                .fetch_all(&self.pool)
                .await?;
                let receipts: Vec<$crate::store::Receipt> = sqlx::query_as(&format!(
                    "{} WHERE donation_id = $1 OR id IN (SELECT receipt_id FROM receipt_lines WHERE donation_id = $1) ORDER BY id",
                    $crate::store::sql::RECEIPT_SELECT
                ))
                .bind(donation.id)
                .fetch_all(&self.pool)
                .await?;
                let audit: Vec<(time::OffsetDateTime, String, String, String)> = sqlx::query_as(
                    "SELECT at, actor_label, action, detail FROM audit_log WHERE target = $1 ORDER BY id",
                )
                .bind(format!("donation:{}", donation.public_id))
                .fetch_all(&self.pool)
                .await?;
                Ok($crate::store::DonationHistory { events, jobs, receipts, audit })
            }

            async fn list_subscriptions(
                &self,
                status: Option<&str>,
                limit: i64,
                offset: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::SubscriptionRow>> {
                Ok(sqlx::query_as(
                    "SELECT s.id, s.public_id, c.title AS campaign_title, s.amount_cents, s.status, s.provider, \
                     p.email AS donor_email, s.donor_first_name, s.donor_last_name, \
                     s.created_at, s.cancelled_at, \
                     (SELECT COUNT(*) FROM donations x WHERE x.subscription_id = s.id AND x.status IN ('succeeded', 'refunded')) AS payments, \
                     (SELECT MAX(x.confirmed_at) FROM donations x WHERE x.subscription_id = s.id) AS last_payment_at \
                     FROM subscriptions s JOIN campaigns c ON c.id = s.campaign_id JOIN donors p ON p.id = s.donor_id \
                     WHERE ($1 IS NULL AND s.status <> 'pending') OR s.status = $1 \
                     ORDER BY s.id DESC LIMIT $2 OFFSET $3",
                )
                .bind(status)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?)
            }
        }
    };
}
pub(crate) use impl_finance_store;
