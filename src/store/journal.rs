//! The accounting journal, booked once: entries kept as they were booked,
//! numbered then, and the years an admin closed.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// An entry to book: one movement of money on a gift, two lines (a debit
/// and a credit of `amount_cents`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NewEntry {
    pub journal_code: String,
    /// What is booked, once: `gift:{donation id}`, `refund:{line id}`.
    pub source: String,
    pub donation_id: i64,
    /// EcritureDate: the day the money moved, or the booking day when that
    /// day's year is closed.
    pub entry_date: time::Date,
    /// ValidDate: the booking day.
    pub valid_date: time::Date,
    pub piece_ref: String,
    pub piece_date: time::Date,
    pub label: String,
    pub debit_account: String,
    pub debit_label: String,
    pub credit_account: String,
    pub credit_label: String,
    pub amount_cents: i64,
    /// What it does to the gifts account: `amount_cents` when money came
    /// in, minus that when it went back.
    pub gifts_cents: i64,
}

/// An entry as booked: what was booked, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JournalEntry {
    /// The booking order, across journal codes.
    pub id: i64,
    pub year: i64,
    /// EcritureNum: per journal code and year, in booking order, no gap.
    pub num: i64,
    #[sqlx(flatten)]
    pub entry: NewEntry,
}

/// What is still open in a year about to be closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearOpenings {
    /// One-off gifts received in the year that asked for a receipt and have none.
    pub gifts_without_receipt: i64,
    /// Donors whose monthly payments of the year wait for their yearly summary.
    pub summaries_waiting: i64,
    /// Movements of the year not booked yet.
    pub unbooked: i64,
    /// Cheques received in the year not on a deposit slip, and the year's
    /// slips whose credit no statement showed yet.
    pub cheques_open: i64,
    /// Transfers not reconciled: gifts pledged in the year whose money no
    /// statement showed yet, and credits of the year's statements matched to
    /// no gift.
    pub unreconciled: i64,
}

/// The accounting journal.
#[async_trait]
pub trait JournalStore: Send + Sync {
    /// Gifts received and not booked yet, oldest first (gift `donation`
    /// only, if given); a gift whose confirmation's job was queued after
    /// `wait_since` and is not done waits for it (its receipt may be on its
    /// way).
    async fn unbooked_gifts(
        &self,
        donation: Option<i64>,
        wait_since: Option<OffsetDateTime>,
        limit: i64,
    ) -> StoreResult<Vec<DonationRow>>;

    /// Lines of the refunds ledger not booked yet whose gift is booked,
    /// oldest first (of gift `donation` only, if given).
    async fn unbooked_refunds(
        &self,
        donation: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<RefundRow>>;

    /// Books `entry` under the next number of its journal and year, in one
    /// transaction; `None` when its source was booked already (by another
    /// worker or instance).
    async fn book_entry(&self, entry: &NewEntry, now: OffsetDateTime) -> StoreResult<Option<i64>>;

    /// The entries dated in `year` numbered after `since`, in booking order,
    /// after entry `after_id` (pages).
    async fn journal_entries(
        &self,
        year: i32,
        since: i64,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<JournalEntry>>;

    /// The gifts `year`'s books hold (received, or given back, in entries
    /// dated in the year), by id after `after_id`, each with what the
    /// year's entries say: `amount_cents` received in the year (0 for a gift
    /// booked in another year), `refunded_cents` given back in the year.
    /// `filter`'s dates are not used: the year decides.
    async fn books_year_gifts(
        &self,
        year: i32,
        filter: &DonationFilter,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<DonationRow>>;

    /// What is still open in `year`, for the admin about to close it.
    async fn year_openings(&self, year: i32) -> StoreResult<YearOpenings>;

    /// The years closed, oldest first.
    async fn closed_years(&self) -> StoreResult<Vec<i32>>;

    /// Closes `year`: false if it was already.
    async fn close_year(&self, year: i32, by: &str, now: OffsetDateTime) -> StoreResult<bool>;
}

macro_rules! impl_journal_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::JournalStore for $store {
            async fn unbooked_gifts(
                &self,
                donation: Option<i64>,
                wait_since: Option<time::OffsetDateTime>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::DonationRow>> {
                let sql = format!(
                    "{} WHERE d.status IN ('succeeded', 'refunded') AND ($1 IS NULL OR d.id = $1) \
                     AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.source = 'gift:' || d.id) \
                     AND ($2 IS NULL OR NOT EXISTS (SELECT 1 FROM jobs q \
                       WHERE q.dedupe_key = 'donation_confirmed:' || d.id AND q.status IN ('queued', 'running') \
                       AND q.created_at > $2)) \
                     ORDER BY COALESCE(d.confirmed_at, d.created_at), d.id LIMIT $3",
                    $crate::store::sql::DONATION_ROW_SELECT
                );
                Ok(sqlx::query_as(&sql)
                    .bind(donation)
                    .bind(wait_since.map($crate::store::sql::ts))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn unbooked_refunds(
                &self,
                donation: Option<i64>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::RefundRow>> {
                let sql = format!(
                    "{} WHERE ($1 IS NULL OR d.id = $1) \
                     AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.source = 'refund:' || r.id) \
                     AND EXISTS (SELECT 1 FROM journal_entries j WHERE j.source = 'gift:' || d.id) \
                     ORDER BY r.refunded_at, r.id LIMIT $2",
                    $crate::store::sql::REFUND_ROW_SELECT
                );
                Ok(sqlx::query_as(&sql).bind(donation).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn book_entry(
                &self,
                e: &$crate::store::NewEntry,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<Option<i64>> {
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                // The counter's row is taken first: two bookings of one
                // journal serialise there, and the second sees the first's.
                let year = i64::from(e.entry_date.year());
                let num: i64 = sqlx::query_scalar(
                    "INSERT INTO journal_counters (journal_code, year, last_number) VALUES ($1, $2, 1) \
                     ON CONFLICT (journal_code, year) DO UPDATE SET last_number = journal_counters.last_number + 1 \
                     RETURNING last_number",
                )
                .bind(&e.journal_code)
                .bind(year)
                .fetch_one(&mut *tx)
                .await?;
                let booked: Option<i64> = sqlx::query_scalar("SELECT num FROM journal_entries WHERE source = $1")
                    .bind(&e.source)
                    .fetch_optional(&mut *tx)
                    .await?;
                if booked.is_some() {
                    // Dropped: the counter goes back as it was.
                    tx.rollback().await?;
                    return Ok(None);
                }
                sqlx::query(
                    "INSERT INTO journal_entries (journal_code, year, num, source, donation_id, entry_date, \
                     valid_date, piece_ref, piece_date, label, debit_account, debit_label, credit_account, \
                     credit_label, amount_cents, gifts_cents, booked_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                )
                .bind(&e.journal_code)
                .bind(year)
                .bind(num)
                .bind(&e.source)
                .bind(e.donation_id)
                .bind(e.entry_date)
                .bind(e.valid_date)
                .bind(&e.piece_ref)
                .bind(e.piece_date)
                .bind(&e.label)
                .bind(&e.debit_account)
                .bind(&e.debit_label)
                .bind(&e.credit_account)
                .bind(&e.credit_label)
                .bind(e.amount_cents)
                .bind(e.gifts_cents)
                .bind($crate::store::sql::ts(now))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(Some(num))
            }

            async fn journal_entries(
                &self,
                year: i32,
                since: i64,
                after_id: i64,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::JournalEntry>> {
                Ok(sqlx::query_as(
                    "SELECT id, journal_code, year, num, source, donation_id, entry_date, valid_date, piece_ref, \
                     piece_date, label, debit_account, debit_label, credit_account, credit_label, amount_cents, \
                     gifts_cents FROM journal_entries WHERE year = $1 AND num > $2 AND id > $3 ORDER BY id LIMIT $4",
                )
                .bind(i64::from(year))
                .bind(since)
                .bind(after_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn books_year_gifts(
                &self,
                year: i32,
                filter: &$crate::store::DonationFilter,
                after_id: i64,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::DonationRow>> {
                use $crate::store::sql::{DONATION_ROW_SELECT, DONATION_FILTER};
                #[derive(sqlx::FromRow)]
                struct Booked {
                    #[sqlx(flatten)]
                    donation: $crate::store::DonationRow,
                    year_received: i64,
                    year_refunded: i64,
                }
                let sql = format!(
                    "SELECT * FROM ({DONATION_ROW_SELECT} WHERE {DONATION_FILTER}) g JOIN (SELECT donation_id, \
                     CAST(SUM(CASE WHEN source LIKE 'gift:%' THEN gifts_cents ELSE 0 END) AS BIGINT) AS year_received, \
                     CAST(SUM(CASE WHEN source LIKE 'refund:%' THEN -gifts_cents ELSE 0 END) AS BIGINT) AS year_refunded \
                     FROM journal_entries WHERE year = $8 GROUP BY donation_id) b ON b.donation_id = g.id \
                     WHERE g.id > $9 ORDER BY g.id LIMIT $10"
                );
                let undated = $crate::store::DonationFilter {
                    from: None,
                    to: None,
                    ..filter.clone()
                };
                let rows: Vec<Booked> = $crate::store::sql::bind_filter!(sqlx::query_as(&sql), undated)
                    .bind(i64::from(year))
                    .bind(after_id)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|b| $crate::store::DonationRow {
                        amount_cents: b.year_received,
                        refunded_cents: b.year_refunded,
                        ..b.donation
                    })
                    .collect())
            }

            async fn year_openings(&self, year: i32) -> $crate::store::StoreResult<$crate::store::YearOpenings> {
                let (from, to) = $crate::receipts::export::year_range(year);
                let (from, to) = ($crate::store::sql::ts(from), $crate::store::sql::ts(to));
                let in_year = "COALESCE(d.confirmed_at, d.created_at) >= $1 AND COALESCE(d.confirmed_at, d.created_at) < $2";
                let count = |sql: String| {
                    let pool = self.pool.clone();
                    async move {
                        sqlx::query_scalar::<_, i64>(&sql)
                            .bind(from)
                            .bind(to)
                            .fetch_one(&pool)
                            .await
                    }
                };
                Ok($crate::store::YearOpenings {
                    gifts_without_receipt: count(format!(
                        "SELECT COUNT(*) FROM donations d WHERE {in_year} AND d.status = 'succeeded' \
                         AND d.frequency = 'once' AND d.wants_receipt AND d.receipt_refused IS NULL \
                         AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.donation_id = d.id AND r.status = 'valid' AND NOT r.specimen)"
                    ))
                    .await?,
                    summaries_waiting: count(format!(
                        "SELECT COUNT(DISTINCT d.donor_id) FROM donations d WHERE {in_year} AND d.status = 'succeeded' \
                         AND d.frequency = 'monthly' AND d.wants_receipt \
                         AND NOT EXISTS (SELECT 1 FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id \
                           WHERE l.donation_id = d.id AND r.status = 'valid' AND NOT r.specimen)"
                    ))
                    .await?,
                    unbooked: count(format!(
                        "SELECT (SELECT COUNT(*) FROM donations d WHERE {in_year} AND d.status IN ('succeeded', 'refunded') \
                           AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.source = 'gift:' || d.id)) \
                         + (SELECT COUNT(*) FROM refunds r WHERE r.refunded_at >= $1 AND r.refunded_at < $2 \
                           AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.source = 'refund:' || r.id))"
                    ))
                    .await?,
                    cheques_open: count(format!(
                        "SELECT (SELECT COUNT(*) FROM donations d WHERE {in_year} AND {} AND d.cheque_deposit_id IS NULL) \
                         + (SELECT COUNT(*) FROM cheque_deposits k WHERE k.created_at >= $1 AND k.created_at < $2 \
                           AND NOT EXISTS (SELECT 1 FROM bank_lines l WHERE l.deposit_id = k.id))",
                        $crate::store::bank::CHEQUES_RECEIVED
                    ))
                    .await?,
                    unreconciled: {
                        let (first, last) = (
                            time::Date::from_calendar_date(year, time::Month::January, 1)
                                .map_err(|_| $crate::store::StoreError::InvalidState("no such year"))?,
                            time::Date::from_calendar_date(year, time::Month::December, 31)
                                .map_err(|_| $crate::store::StoreError::InvalidState("no such year"))?,
                        );
                        let pledged: i64 = sqlx::query_scalar(
                            "SELECT COUNT(*) FROM donations d WHERE d.transfer_ref IS NOT NULL AND d.status = 'pending' \
                             AND d.created_at >= $1 AND d.created_at < $2",
                        )
                        .bind(from)
                        .bind(to)
                        .fetch_one(&self.pool)
                        .await?;
                        let credits: i64 = sqlx::query_scalar(
                            "SELECT COUNT(*) FROM bank_lines WHERE donation_id IS NULL AND deposit_id IS NULL AND handled_note IS NULL AND amount_cents > 0 \
                             AND booked_on >= $1 AND booked_on <= $2",
                        )
                        .bind(first)
                        .bind(last)
                        .fetch_one(&self.pool)
                        .await?;
                        pledged + credits
                    },
                })
            }

            async fn closed_years(&self) -> $crate::store::StoreResult<Vec<i32>> {
                let years: Vec<i64> = sqlx::query_scalar("SELECT year FROM closed_years ORDER BY year")
                    .fetch_all(&self.pool)
                    .await?;
                Ok(years.into_iter().filter_map(|y| i32::try_from(y).ok()).collect())
            }

            async fn close_year(
                &self,
                year: i32,
                by: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<bool> {
                let done = sqlx::query(
                    "INSERT INTO closed_years (year, closed_at, closed_by) VALUES ($1, $2, $3) \
                     ON CONFLICT (year) DO NOTHING",
                )
                .bind(i64::from(year))
                .bind($crate::store::sql::ts(now))
                .bind(by)
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }
        }
    };
}
pub(crate) use impl_journal_store;
