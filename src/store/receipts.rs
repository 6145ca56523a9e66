//! Tax receipts, the organisation's settings they are issued under, and the register.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// Tax receipts, the organisation's settings they are issued under, and the register.
#[async_trait]
pub trait ReceiptStore: Send + Sync {
    /// The organisation's reduction rate in percent (66 when not set up yet).
    async fn reduction_rate_percent(&self) -> StoreResult<i64>;

    /// The reduction rate in percent and the minimum of a receipt, in cents
    /// (66 and 0 when not set up yet): what the donation form explains.
    async fn tax_terms(&self) -> StoreResult<(i64, i64)>;

    /// Creates the organisation's row with this name if there is none.
    /// Creates the organisation's settings with `org` if there are none yet.
    async fn ensure_organisation(&self, org: &Organisation, now: OffsetDateTime)
    -> StoreResult<()>;

    /// The organisation's settings, if set up.
    async fn organisation(&self) -> StoreResult<Option<Organisation>>;

    /// Saves the organisation's settings (issued receipts keep their copy).
    async fn save_organisation(&self, org: &Organisation, now: OffsetDateTime) -> StoreResult<()>;

    /// Records a receipt with the next number of its year, in one transaction;
    /// if the gift (or the donor's year, for a summary) already has a valid
    /// receipt, returns it instead.
    async fn issue_receipt(&self, receipt: &NewReceipt) -> StoreResult<Issued>;

    async fn receipt(&self, id: i64) -> StoreResult<Option<Receipt>>;

    async fn receipt_by_number(&self, number: &str) -> StoreResult<Option<Receipt>>;

    /// A yearly summary's payments: `(date, amount)` in date order.
    async fn receipt_lines(&self, receipt_id: i64) -> StoreResult<Vec<(time::Date, i64)>>;

    /// An image a receipt's snapshot names.
    async fn receipt_image(&self, sha256: &str) -> StoreResult<Option<Vec<u8>>>;

    /// Records the hash of a receipt's PDF the first time it is rendered;
    /// returns the hash on record.
    async fn record_receipt_hash(
        &self,
        id: i64,
        sha256: &str,
        verify_url: &str,
    ) -> StoreResult<(String, Option<String>)>;

    /// Records the verification address of a receipt rendered before
    /// addresses were recorded (migration 0007), once it is known to print
    /// the document on record; a no-op when one is recorded.
    async fn adopt_receipt_url(&self, id: i64, verify_url: &str) -> StoreResult<()>;

    /// The valid receipt that covers a payment (its own, or a yearly summary
    /// listing it).
    async fn valid_receipt_covering(&self, donation_id: i64) -> StoreResult<Option<Receipt>>;

    /// The newest receipt that ever covered a payment, whatever its status.
    async fn last_receipt_covering(&self, donation_id: i64) -> StoreResult<Option<Receipt>>;

    /// The receipt issued to replace receipt `id`, if any.
    async fn receipt_replacing(&self, id: i64) -> StoreResult<Option<Receipt>>;

    /// A yearly summary's payments with their donations: `(donation, date, amount)`.
    async fn receipt_items(&self, receipt_id: i64) -> StoreResult<Vec<(i64, time::Date, i64)>>;

    /// The valid yearly receipts of donor `donor_id` for `year` under the
    /// identity `key`: the summary and its supplements, in order.
    async fn valid_summaries(
        &self,
        donor_id: i64,
        year: i32,
        key: &str,
    ) -> StoreResult<Vec<Receipt>>;

    /// Cancels a valid receipt and, in the same transaction, issues its
    /// replacement (new number, pointing back) if some amount remains, and queues
    /// the email telling the donor. `None` if it was no longer valid.
    async fn replace_receipt(
        &self,
        old_id: i64,
        reason: &str,
        replacement: Option<&NewReceipt>,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(Receipt, Option<Receipt>)>>;

    /// Monthly payments received in `[from, to)` (of one donor, or all) and
    /// not refunded in full, with what is left of each, by donor then date.
    async fn monthly_payments_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        donor: Option<i64>,
    ) -> StoreResult<Vec<MonthlyPayment>>;

    /// Paid one-off gifts that asked for a receipt and never had one (the
    /// organisation's settings were incomplete), after `after_id`, by id. Gifts
    /// whose thank-you is still to be sent are left to it: it carries the receipt.
    async fn gifts_without_receipt(&self, after_id: i64, limit: i64) -> StoreResult<Vec<i64>>;

    /// Records why a paid gift gets no receipt although it asked for one
    /// (`below_minimum`), or clears it (`None`: staff ask for its receipt).
    async fn set_receipt_refused(&self, donation_id: i64, reason: Option<&str>) -> StoreResult<()>;

    /// A donor's receipts, newest first.
    async fn donor_receipts(&self, donor_id: i64) -> StoreResult<Vec<Receipt>>;

    /// The receipts numbered in `year`, in number order, after `after_seq`.
    async fn receipt_register(
        &self,
        year: i32,
        after_seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<RegisterRow>>;

    /// The valid receipts numbered in `year`, in number order, after `after_seq`.
    async fn valid_receipts_of_year(
        &self,
        year: i32,
        after_seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<Receipt>>;

    /// The numbers used in `year` (in order), and the last number the
    /// counter gave: the gap report compares them.
    async fn receipt_numbers(&self, year: i32) -> StoreResult<(Vec<i64>, i64)>;

    /// The years that have receipts, latest first.
    async fn receipt_years(&self) -> StoreResult<Vec<i32>>;

    /// The article 222 bis figures of `year`: the valid receipts covering gifts
    /// received in it — a one-off gift's dated in it, a summary of it — whenever
    /// issued, and their total, in cents.
    async fn receipt_figures(&self, year: i32) -> StoreResult<crate::store::ReceiptFigures>;

    /// The valid receipts issued in `year` (its numbering series) and their
    /// total, in cents.
    async fn issued_figures(&self, year: i32) -> StoreResult<(i64, i64)>;
}

macro_rules! impl_receipts_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::ReceiptStore for $store {
            async fn receipt_register(
                &self,
                year: i32,
                after_seq: i64,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::RegisterRow>> {
                let sql = format!(
                    "{} WHERE r.year = $1 AND r.seq > $2 AND NOT r.specimen ORDER BY r.seq LIMIT $3",
                    $crate::store::sql::REGISTER_SELECT
                );
                Ok(sqlx::query_as(&sql)
                    .bind(i64::from(year))
                    .bind(after_seq)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn valid_receipts_of_year(
                &self,
                year: i32,
                after_seq: i64,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::Receipt>> {
                Ok(sqlx::query_as(&format!(
                    "{} WHERE year = $1 AND seq > $2 AND status = 'valid' AND purged_at IS NULL AND NOT specimen ORDER BY seq LIMIT $3",
                    $crate::store::sql::RECEIPT_SELECT
                ))
                .bind(i64::from(year))
                .bind(after_seq)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn receipt_numbers(&self, year: i32) -> $crate::store::StoreResult<(Vec<i64>, i64)> {
                let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM receipts WHERE year = $1 AND NOT specimen ORDER BY seq")
                    .bind(i64::from(year))
                    .fetch_all(&self.pool)
                    .await?;
                let last: Option<i64> = sqlx::query_scalar("SELECT last_number FROM receipt_counters WHERE year = $1")
                    .bind(i64::from(year))
                    .fetch_optional(&self.pool)
                    .await?;
                Ok((seqs, last.unwrap_or(0)))
            }

            async fn receipt_years(&self) -> $crate::store::StoreResult<Vec<i32>> {
                let years: Vec<i64> = sqlx::query_scalar("SELECT year FROM receipt_counters WHERE year > 0 ORDER BY year DESC")
                    .fetch_all(&self.pool)
                    .await?;
                Ok(years.into_iter().filter_map(|y| i32::try_from(y).ok()).collect())
            }

            async fn receipt_figures(&self, year: i32) -> $crate::store::StoreResult<$crate::store::ReceiptFigures> {
                let first = time::Date::from_calendar_date(year, time::Month::January, 1)
                    .map_err(|_| $crate::store::StoreError::InvalidState("no such year"))?;
                let last = time::Date::from_calendar_date(year, time::Month::December, 31)
                    .map_err(|_| $crate::store::StoreError::InvalidState("no such year"))?;
                let (people, people_cents, companies, companies_cents): (i64, i64, i64, i64) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(CASE WHEN company IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(CASE WHEN company IS NULL THEN amount_cents ELSE 0 END), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(CASE WHEN company IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(CASE WHEN company IS NULL THEN 0 ELSE amount_cents END), 0) AS BIGINT) \
                     FROM receipts WHERE status = 'valid' AND NOT specimen \
                     AND ((kind = 'single' AND gift_date >= $1 AND gift_date <= $2) \
                       OR (kind = 'annual' AND covers_year = $3))",
                )
                .bind(first)
                .bind(last)
                .bind(i64::from(year))
                .fetch_one(&self.pool)
                .await?;
                Ok($crate::store::ReceiptFigures {
                    individuals: (people, people_cents),
                    companies: (companies, companies_cents),
                })
            }

            async fn issued_figures(&self, year: i32) -> $crate::store::StoreResult<(i64, i64)> {
                Ok(sqlx::query_as(
                    "SELECT COUNT(*), CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM receipts \
                     WHERE year = $1 AND status = 'valid' AND NOT specimen",
                )
                .bind(i64::from(year))
                .fetch_one(&self.pool)
                .await?)
            }

            async fn reduction_rate_percent(&self) -> $crate::store::StoreResult<i64> {
                let rate: Option<i64> = sqlx::query_scalar("SELECT reduction_rate_percent FROM organisation WHERE id = 1")
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(rate.unwrap_or(66))
            }

            async fn tax_terms(&self) -> $crate::store::StoreResult<(i64, i64)> {
                let terms: Option<(i64, i64)> = sqlx::query_as(
                    "SELECT reduction_rate_percent, receipt_min_cents FROM organisation WHERE id = 1",
                )
                .fetch_optional(&self.pool)
                .await?;
                Ok(terms.unwrap_or((66, 0)))
            }

            async fn ensure_organisation(
                &self,
                org: &$crate::store::Organisation,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                use $crate::store::sql::{ORGANISATION_UPSERT, bind_organisation};
                let sql = format!("{ORGANISATION_UPSERT} DO NOTHING");
                bind_organisation!(sqlx::query(&sql), org, now)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn save_organisation(
                &self,
                org: &$crate::store::Organisation,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                use $crate::store::sql::{ORGANISATION_COLUMNS, ORGANISATION_UPSERT, bind_organisation};
                let updates = ORGANISATION_COLUMNS
                    .iter()
                    .map(|c| format!("{c} = excluded.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!("{ORGANISATION_UPSERT} DO UPDATE SET {updates}, updated_at = excluded.updated_at");
                bind_organisation!(sqlx::query(&sql), org, now)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn organisation(&self) -> $crate::store::StoreResult<Option<$crate::store::Organisation>> {
                use $crate::store::sql::ORGANISATION_COLUMNS;
                let row: Option<$crate::store::rows::OrganisationRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM organisation WHERE id = 1",
                    ORGANISATION_COLUMNS.join(", ")
                ))
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn issue_receipt(
                &self,
                r: &$crate::store::NewReceipt,
            ) -> $crate::store::StoreResult<$crate::store::Issued> {
                use $crate::store::sql::RECEIPT_SELECT;
                use $crate::store::{Issued, Receipt, StoreError};
                // A concurrent issue for the same gift loses on the unique index,
                // rolls back (its number with it) and finds the winner's receipt.
                for _ in 0..3 {
                    let mut tx = {
                        let $pool = &self.writer;
                        $begin.await?
                    };
                    let existing: Option<i64> = if r.kind == $crate::store::ReceiptKind::Single {
                        sqlx::query_scalar(
                            "SELECT id FROM receipts WHERE donation_id = $1 AND kind = 'single' AND status = 'valid'",
                        )
                        .bind(r.donation_id)
                        .fetch_optional(&mut *tx)
                        .await?
                    } else {
                        sqlx::query_scalar(
                            "SELECT id FROM receipts WHERE donor_id = $1 AND covers_year = $2 AND donor_key = $3 \
                             AND supplement = $4 AND kind = 'annual' AND status = 'valid'",
                        )
                        .bind(r.donor_id)
                        .bind(r.covers_year.map(i64::from))
                        .bind($crate::domain::search::identity_key(&r.donor, r.company.as_ref()))
                        .bind(r.supplement)
                        .fetch_optional(&mut *tx)
                        .await?
                    };
                    if let Some(id) = existing {
                        let receipt: Receipt = sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE id = $1"))
                            .bind(id)
                            .fetch_one(&mut *tx)
                            .await?;
                        tx.commit().await?;
                        return Ok(Issued { receipt, created: false });
                    }
                    let inserted = $crate::store::sql::insert_receipt!(&mut tx, r);
                    let id = match inserted {
                        Ok(id) => id,
                        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                            drop(tx);
                            continue;
                        }
                        Err(err) => return Err(err.into()),
                    };
                    let receipt: Receipt = sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE id = $1"))
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                    match tx.commit().await {
                        Ok(()) => return Ok(Issued { receipt, created: true }),
                        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => continue,
                        Err(err) => return Err(err.into()),
                    }
                }
                Err(StoreError::InvalidState("receipt issue kept conflicting"))
            }

            async fn receipt(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::Receipt>> {
                use $crate::store::sql::RECEIPT_SELECT;
                Ok(sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn receipt_by_number(
                &self,
                number: &str,
            ) -> $crate::store::StoreResult<Option<$crate::store::Receipt>> {
                use $crate::store::sql::RECEIPT_SELECT;
                Ok(sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE number = $1"))
                    .bind(number)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn receipt_lines(
                &self,
                receipt_id: i64,
            ) -> $crate::store::StoreResult<Vec<(time::Date, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT paid_on, amount_cents FROM receipt_lines WHERE receipt_id = $1 ORDER BY paid_on, donation_id",
                )
                .bind(receipt_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn receipt_image(&self, sha256: &str) -> $crate::store::StoreResult<Option<Vec<u8>>> {
                Ok(sqlx::query_scalar("SELECT png FROM receipt_images WHERE sha256 = $1")
                    .bind(sha256)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn record_receipt_hash(
                &self,
                id: i64,
                sha256: &str,
                verify_url: &str,
            ) -> $crate::store::StoreResult<(String, Option<String>)> {
                sqlx::query("UPDATE receipts SET pdf_sha256 = $1, verify_url = $2 WHERE id = $3 AND pdf_sha256 IS NULL")
                    .bind(sha256)
                    .bind(verify_url)
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                let (stored, url): (Option<String>, Option<String>) =
                    sqlx::query_as("SELECT pdf_sha256, verify_url FROM receipts WHERE id = $1")
                        .bind(id)
                        .fetch_one(&self.writer)
                        .await?;
                Ok((stored.ok_or($crate::store::StoreError::NotFound)?, url))
            }

            async fn adopt_receipt_url(&self, id: i64, verify_url: &str) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE receipts SET verify_url = $1 WHERE id = $2 AND verify_url IS NULL")
                    .bind(verify_url)
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn valid_receipt_covering(
                &self,
                donation_id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::Receipt>> {
                use $crate::store::sql::RECEIPT_SELECT;
                Ok(sqlx::query_as(&format!(
                    "{RECEIPT_SELECT} WHERE status = 'valid' AND (donation_id = $1 OR id IN \
                     (SELECT receipt_id FROM receipt_lines WHERE donation_id = $1)) ORDER BY id DESC LIMIT 1"
                ))
                .bind(donation_id)
                .fetch_optional(&self.writer)
                .await?)
            }

            async fn last_receipt_covering(
                &self,
                donation_id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::Receipt>> {
                use $crate::store::sql::RECEIPT_SELECT;
                Ok(sqlx::query_as(&format!(
                    "{RECEIPT_SELECT} WHERE donation_id = $1 OR id IN \
                     (SELECT receipt_id FROM receipt_lines WHERE donation_id = $1) ORDER BY id DESC LIMIT 1"
                ))
                .bind(donation_id)
                .fetch_optional(&self.writer)
                .await?)
            }

            async fn receipt_replacing(
                &self,
                id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::Receipt>> {
                use $crate::store::sql::RECEIPT_SELECT;
                Ok(sqlx::query_as(&format!(
                    "{RECEIPT_SELECT} WHERE replaces_receipt_id = $1 ORDER BY id DESC LIMIT 1"
                ))
                .bind(id)
                .fetch_optional(&self.writer)
                .await?)
            }

            async fn valid_summaries(
                &self,
                donor_id: i64,
                year: i32,
                key: &str,
            ) -> $crate::store::StoreResult<Vec<$crate::store::Receipt>> {
                Ok(sqlx::query_as(&format!(
                    "{} WHERE donor_id = $1 AND covers_year = $2 AND donor_key = $3 AND kind = 'annual' \
                     AND status = 'valid' ORDER BY supplement",
                    $crate::store::sql::RECEIPT_SELECT
                ))
                .bind(donor_id)
                .bind(i64::from(year))
                .bind(key)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn receipt_items(
                &self,
                receipt_id: i64,
            ) -> $crate::store::StoreResult<Vec<(i64, time::Date, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT donation_id, paid_on, amount_cents FROM receipt_lines WHERE receipt_id = $1 \
                     ORDER BY paid_on, donation_id",
                )
                .bind(receipt_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn replace_receipt(
                &self,
                old_id: i64,
                reason: &str,
                replacement: Option<&$crate::store::NewReceipt>,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<Option<($crate::store::Receipt, Option<$crate::store::Receipt>)>> {
                use $crate::store::Receipt;
                use $crate::store::sql::{RECEIPT_SELECT, ts};
                let now = ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                let cancelled: Option<i64> = sqlx::query_scalar(
                    "UPDATE receipts SET status = 'cancelled', cancelled_at = $1, cancel_reason = $2 \
                     WHERE id = $3 AND status = 'valid' RETURNING id",
                )
                .bind(now)
                .bind(reason)
                .bind(old_id)
                .fetch_optional(&mut *tx)
                .await?;
                if cancelled.is_none() {
                    return Ok(None);
                }
                let new_id = match replacement {
                    Some(r) => Some($crate::store::sql::insert_receipt!(&mut tx, r)?),
                    None => None,
                };
                sqlx::query(
                    "INSERT INTO jobs (kind, payload, dedupe_key, status, attempts, run_at, created_at) \
                     VALUES ($4, $1, $2, 'queued', 0, $3, $3) ON CONFLICT (dedupe_key) DO NOTHING",
                )
                .bind(serde_json::json!({ "receipt_id": old_id, "replacement_id": new_id }).to_string())
                .bind(format!("receipt_cancelled:{old_id}"))
                .bind(now)
                .bind($crate::store::JobKind::ReceiptCancelled.as_str())
                .execute(&mut *tx)
                .await?;
                let old: Receipt = sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE id = $1"))
                    .bind(old_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let new: Option<Receipt> = match new_id {
                    Some(id) => Some(
                        sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE id = $1"))
                            .bind(id)
                            .fetch_one(&mut *tx)
                            .await?,
                    ),
                    None => None,
                };
                tx.commit().await?;
                Ok(Some((old, new)))
            }

            async fn monthly_payments_between(
                &self,
                from: time::OffsetDateTime,
                to: time::OffsetDateTime,
                donor: Option<i64>,
            ) -> $crate::store::StoreResult<Vec<$crate::store::MonthlyPayment>> {
                use $crate::store::sql::ts;
                Ok(sqlx::query_as(
                    "SELECT d.id AS donation_id, d.donor_id, d.confirmed_at, \
                     d.amount_cents - d.refunded_cents AS amount_cents, d.wants_receipt, d.method, \
                     p.email AS donor_email, d.donor_first_name, d.donor_last_name, d.donor_address, \
                     d.donor_postal_code, d.donor_city, d.donor_country, d.company \
                     FROM donations d JOIN donors p ON p.id = d.donor_id \
                     WHERE d.frequency = 'monthly' AND d.status = 'succeeded' \
                     AND d.confirmed_at >= $1 AND d.confirmed_at < $2 AND d.amount_cents > d.refunded_cents \
                     AND ($3 IS NULL OR d.donor_id = $3) \
                     ORDER BY d.donor_id, d.confirmed_at, d.id",
                )
                .bind(ts(from))
                .bind(ts(to))
                .bind(donor)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn gifts_without_receipt(
                &self,
                after_id: i64,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar(
                    "SELECT d.id FROM donations d WHERE d.status = 'succeeded' AND d.frequency = 'once' \
                     AND d.wants_receipt AND d.receipt_refused IS NULL AND d.id > $1 \
                     AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.donation_id = d.id) \
                     AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.dedupe_key = 'donation_confirmed:' || d.id \
                       AND j.status IN ('queued', 'running')) ORDER BY d.id LIMIT $2",
                )
                .bind(after_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_receipt_refused(
                &self,
                donation_id: i64,
                reason: Option<&str>,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE donations SET receipt_refused = $1 WHERE id = $2")
                    .bind(reason)
                    .bind(donation_id)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn donor_receipts(&self, donor_id: i64) -> $crate::store::StoreResult<Vec<$crate::store::Receipt>> {
                use $crate::store::sql::RECEIPT_SELECT;
                Ok(sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE donor_id = $1 ORDER BY id DESC"))
                    .bind(donor_id)
                    .fetch_all(&self.pool)
                    .await?)
            }
        }
    };
}
pub(crate) use impl_receipts_store;
