//! Donors: who an address is, the identity each gift was made under, their data and its erasure.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// Donors: who an address is, the identity each gift was made under, their data and its erasure.
#[async_trait]
pub trait DonorStore: Send + Sync {
    async fn donor_id_by_email(&self, email: &str) -> StoreResult<Option<i64>>;

    /// The donor's email and first name.
    async fn donor_contact(&self, donor_id: i64) -> StoreResult<Option<(String, String)>>;

    /// A donor's gifts, newest first (failed attempts left out).
    async fn donor_gifts(&self, donor_id: i64) -> StoreResult<Vec<DonationSummary>>;

    /// A donor's monthly gifts, newest first.
    async fn donor_subscriptions(&self, donor_id: i64) -> StoreResult<Vec<Subscription>>;

    /// A donor's email with the name and postal address they gave first, or
    /// corrected since in their donor space.
    async fn donor_details(&self, donor_id: i64) -> StoreResult<Option<DonorDetails>>;

    /// The identity a gift was made under: its donor's email, and the name and
    /// address typed with it (or corrected since for receipts still to come).
    async fn gift_identity(&self, donation_id: i64) -> StoreResult<Option<DonorDetails>>;

    /// Sets the details of donor `donor_id`'s future receipts: their own, every
    /// gift of theirs not yet covered by a valid receipt (and not failed), and
    /// their monthly gifts still running (so their next payments). Receipts
    /// already issued keep theirs. Returns how many gifts changed.
    async fn correct_donor_details(
        &self,
        donor_id: i64,
        details: &DonorDetails,
        now: OffsetDateTime,
    ) -> StoreResult<u64>;

    /// Anonymises a donor: email, name and address replaced; guestbook messages
    /// withdrawn and emptied; monthly gifts marked stopped (stop them at the
    /// provider first); provider event payloads that name them or their
    /// payments blanked. Their gifts (amounts, dates, payment references) and
    /// receipts stay, as the law requires. False if already erased.
    async fn erase_donor(&self, donor_id: i64, now: OffsetDateTime) -> StoreResult<bool>;

    /// Donors not yet erased with no gift since `cutoff` and no monthly gift
    /// running, lowest id first.
    async fn donors_inactive_since(
        &self,
        cutoff: OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<i64>>;

    /// Past the retention period: blanks the donor details of receipts issued
    /// before `cutoff` (their number, amount and dates stay), the payloads of
    /// provider events received before it, and deletes jobs finished before it.
    async fn purge_before(
        &self,
        cutoff: OffsetDateTime,
        now: OffsetDateTime,
    ) -> StoreResult<PurgeCounts>;

    // ---- Finance back office ----
}

macro_rules! impl_donors_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::DonorStore for $store {
            async fn donor_id_by_email(&self, email: &str) -> $crate::store::StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM donors WHERE email = $1 AND erased_at IS NULL")
                    .bind(email)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn donor_contact(&self, donor_id: i64) -> $crate::store::StoreResult<Option<(String, String)>> {
                Ok(sqlx::query_as("SELECT email, first_name FROM donors WHERE id = $1 AND erased_at IS NULL")
                    .bind(donor_id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn donor_gifts(&self, donor_id: i64) -> $crate::store::StoreResult<Vec<$crate::store::DonationSummary>> {
                let sql = format!(
                    "{} WHERE d.donor_id = $1 AND d.status <> 'failed' ORDER BY d.id DESC",
                    $crate::store::rows::SUMMARY_SELECT
                );
                let rows: Vec<$crate::store::rows::SummaryRow> =
                    sqlx::query_as(&sql).bind(donor_id).fetch_all(&self.pool).await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn donor_subscriptions(&self, donor_id: i64) -> $crate::store::StoreResult<Vec<$crate::store::Subscription>> {
                let rows: Vec<$crate::store::rows::SubscriptionRow> = sqlx::query_as(&format!(
                    "{} WHERE s.donor_id = $1 AND s.status <> 'pending' ORDER BY s.id DESC",
                    $crate::store::rows::SUBSCRIPTION_SELECT
                ))
                .bind(donor_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn donor_details(
                &self,
                donor_id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::DonorDetails>> {
                let row: Option<$crate::store::rows::IdentityRow> = sqlx::query_as(
                    "SELECT email, first_name, last_name, address, postal_code, city, country FROM donors WHERE id = $1",
                )
                .bind(donor_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map($crate::store::rows::identity))
            }

            async fn gift_identity(
                &self,
                donation_id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::DonorDetails>> {
                let row: Option<$crate::store::rows::IdentityRow> = sqlx::query_as(
                    "SELECT p.email, d.donor_first_name, d.donor_last_name, d.donor_address, d.donor_postal_code, \
                     d.donor_city, d.donor_country FROM donations d JOIN donors p ON p.id = d.donor_id WHERE d.id = $1",
                )
                .bind(donation_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map($crate::store::rows::identity))
            }

            async fn correct_donor_details(
                &self,
                donor_id: i64,
                details: &$crate::store::DonorDetails,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<u64> {
                use $crate::store::sql::BindIdentity;
                let now = $crate::store::sql::ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                let email: Option<String> =
                    sqlx::query_scalar("SELECT email FROM donors WHERE id = $1 AND erased_at IS NULL")
                        .bind(donor_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(email) = email else {
                    return Err($crate::store::StoreError::NotFound);
                };
                let search_key =
                    $crate::domain::search::donor_key(&email, &details.first_name, &details.last_name);
                sqlx::query(
                    "UPDATE donors SET first_name = $1, last_name = $2, address = $3, postal_code = $4, city = $5, \
                     country = $6, search_key = $7, updated_at = $8 WHERE id = $9",
                )
                .bind_identity(details)
                .bind(&search_key)
                .bind(now)
                .bind(donor_id)
                .execute(&mut *tx)
                .await?;
                let gifts = sqlx::query(
                    "UPDATE donations SET donor_first_name = $1, donor_last_name = $2, donor_address = $3, \
                     donor_postal_code = $4, donor_city = $5, donor_country = $6, search_key = $7 \
                     WHERE donor_id = $8 AND status IN ('pending', 'succeeded') \
                     AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.donation_id = donations.id AND r.status = 'valid') \
                     AND NOT EXISTS (SELECT 1 FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id \
                       WHERE l.donation_id = donations.id AND r.status = 'valid')",
                )
                .bind_identity(details)
                .bind(&search_key)
                .bind(donor_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                sqlx::query(
                    "UPDATE subscriptions SET donor_first_name = $1, donor_last_name = $2, donor_address = $3, \
                     donor_postal_code = $4, donor_city = $5, donor_country = $6, updated_at = $7 \
                     WHERE donor_id = $8 AND status <> 'cancelled'",
                )
                .bind_identity(details)
                .bind(now)
                .bind(donor_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(gifts)
            }

            async fn erase_donor(
                &self,
                donor_id: i64,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<bool> {
                use $crate::store::sql::{like_pattern, ts};
                use $crate::store::{ERASED_PAYLOAD, erased_email};
                let now = ts(now);
                let mut tx = self.writer.begin().await?;
                let email: Option<String> =
                    sqlx::query_scalar("SELECT email FROM donors WHERE id = $1 AND erased_at IS NULL")
                        .bind(donor_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(email) = email else {
                    return Ok(false);
                };
                // What identifies them in the provider's events: their address,
                // and the references of their payments and monthly gifts.
                let mut needles: Vec<String> = sqlx::query_scalar(
                    "SELECT provider_ref FROM donations WHERE donor_id = $1 AND provider_ref IS NOT NULL \
                     UNION SELECT provider_ref FROM subscriptions WHERE donor_id = $1 AND provider_ref IS NOT NULL",
                )
                .bind(donor_id)
                .fetch_all(&mut *tx)
                .await?;
                needles.push(email.to_lowercase());
                needles.retain(|n| n.len() >= 6);
                // One pass over the events, whatever the number of payments.
                let matches: Vec<String> = (0..needles.len())
                    .map(|i| format!("LOWER(payload) LIKE ${} ESCAPE '!'", i + 2))
                    .collect();
                let sql = format!(
                    "UPDATE webhook_events SET payload = $1 WHERE payload <> $1 AND ({})",
                    matches.join(" OR ")
                );
                if !needles.is_empty() {
                    let mut blank = sqlx::query(&sql).bind(ERASED_PAYLOAD);
                    for needle in &needles {
                        blank = blank.bind(like_pattern(needle));
                    }
                    blank.execute(&mut *tx).await?;
                }
                sqlx::query(
                    "UPDATE guestbook_entries SET status = 'withdrawn', message = '', display_name = '', \
                     moderated_at = $1 \
                     WHERE donation_id IN (SELECT id FROM donations WHERE donor_id = $2) \
                     AND (status <> 'withdrawn' OR message <> '' OR display_name <> '')",
                )
                .bind(now)
                .bind(donor_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE subscriptions SET status = 'cancelled', cancelled_at = COALESCE(cancelled_at, $1), \
                     updated_at = $1 WHERE donor_id = $2 AND status <> 'cancelled'",
                )
                .bind(now)
                .bind(donor_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE donations SET donor_first_name = '', donor_last_name = '', donor_address = '', \
                     donor_postal_code = '', donor_city = '', search_key = $1 WHERE donor_id = $2",
                )
                .bind($crate::domain::search::donor_key(&erased_email(donor_id), "", ""))
                .bind(donor_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE subscriptions SET donor_first_name = '', donor_last_name = '', donor_address = '', \
                     donor_postal_code = '', donor_city = '' WHERE donor_id = $1",
                )
                .bind(donor_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE donors SET email = $1, first_name = '', last_name = '', address = '', \
                     postal_code = '', city = '', updated_at = $2, erased_at = $2, search_key = $4 WHERE id = $3",
                )
                .bind(erased_email(donor_id))
                .bind(now)
                .bind(donor_id)
                .bind($crate::domain::search::donor_key(&erased_email(donor_id), "", ""))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn donors_inactive_since(
                &self,
                cutoff: time::OffsetDateTime,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar(
                    "SELECT d.id FROM donors d WHERE d.erased_at IS NULL AND d.created_at < $1 \
                     AND NOT EXISTS (SELECT 1 FROM donations x WHERE x.donor_id = d.id \
                         AND (x.created_at >= $1 OR x.confirmed_at >= $1)) \
                     AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.donor_id = d.id \
                         AND s.status IN ('active', 'past_due')) \
                     AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.donor_id = d.id AND r.issued_at >= $1) \
                     ORDER BY d.id LIMIT $2",
                )
                .bind($crate::store::sql::ts(cutoff))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn purge_before(
                &self,
                cutoff: time::OffsetDateTime,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::store::PurgeCounts> {
                use $crate::store::sql::ts;
                let (cutoff, now) = (ts(cutoff), ts(now));
                let mut tx = self.writer.begin().await?;
                let receipts = sqlx::query(
                    "UPDATE receipts SET donor_first_name = '', donor_last_name = '', donor_address = '', \
                     donor_postal_code = '', donor_city = '', donor_key = NULL, purged_at = $1 \
                     WHERE issued_at < $2 AND purged_at IS NULL",
                )
                .bind(now)
                .bind(cutoff)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                let events = sqlx::query(
                    "UPDATE webhook_events SET payload = $1 WHERE received_at < $2 AND payload <> $1",
                )
                .bind($crate::store::ERASED_PAYLOAD)
                .bind(cutoff)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                let jobs = sqlx::query(
                    "DELETE FROM jobs WHERE status IN ('done', 'dead') AND finished_at < $1",
                )
                .bind(cutoff)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok($crate::store::PurgeCounts { receipts, events, jobs })
            }
        }
    };
}
pub(crate) use impl_donors_store;
