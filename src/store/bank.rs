//! The bank account: statements' lines once each, how each was handled (a
//! gift it paid, a cheque deposit it credited, set aside with a reason), the
//! pledges waiting for their transfer, the cheques to take to the bank and
//! their deposit slips, and how each bank's CSV statements read.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// A line of a bank statement, as imported, and how it was handled.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BankLine {
    pub id: i64,
    pub line_key: String,
    pub statement_id: String,
    pub booked_on: time::Date,
    pub amount_cents: i64,
    pub counterparty: String,
    pub text: String,
    pub cheques: bool,
    /// The gift it paid.
    pub donation_id: Option<i64>,
    /// The cheque deposit it credited.
    pub deposit_id: Option<i64>,
    /// Set aside by finance staff: why, by whom, when.
    pub handled_note: Option<String>,
    pub handled_by: Option<String>,
    pub handled_at: Option<OffsetDateTime>,
}

/// A gift pledged by transfer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Pledge {
    pub id: i64,
    pub public_id: String,
    pub amount_cents: i64,
    #[sqlx(try_from = "String")]
    pub status: GiftStatus,
    pub transfer_ref: String,
    pub first_name: String,
    pub last_name: String,
    pub created_at: OffsetDateTime,
}

/// A cheque recorded by finance staff, for a deposit slip.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DepositCheque {
    pub public_id: String,
    pub first_name: String,
    pub last_name: String,
    pub amount_cents: i64,
    pub received_at: OffsetDateTime,
    /// « chèque n° 1234567, Banque Populaire ».
    pub detail: Option<String>,
}

/// A deposit of cheques at the bank (« bordereau de remise de chèques »).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChequeDeposit {
    pub id: i64,
    /// Numbered per year: `BRC-{year}-{num:03}`.
    pub year: i64,
    pub num: i64,
    pub total_cents: i64,
    pub cheque_count: i64,
    pub created_at: OffsetDateTime,
    pub created_by: String,
    /// The day a statement showed its credit, once it did.
    pub seen_on: Option<time::Date>,
}

impl ChequeDeposit {
    /// `BRC-2026-004`.
    pub fn number(&self) -> String {
        format!("BRC-{}-{:03}", self.year, self.num)
    }
}

/// The bank account.
#[async_trait]
pub trait BankStore: Send + Sync {
    /// Records a statement's line; `None` when a line with its key was
    /// imported before (the same statement imported twice changes nothing).
    async fn record_bank_line(
        &self,
        statement_id: &str,
        line: &crate::bank::StatementLine,
        now: OffsetDateTime,
    ) -> StoreResult<Option<i64>>;

    async fn bank_line(&self, id: i64) -> StoreResult<Option<BankLine>>;

    /// Ties line `line_id` to the gift it paid; false when the line was
    /// handled already.
    async fn match_bank_line(&self, line_id: i64, donation_id: i64) -> StoreResult<bool>;

    /// Ties cheque-deposit line `line_id` to deposit `deposit_id`; false when
    /// either was handled already.
    async fn match_deposit_line(&self, line_id: i64, deposit_id: i64) -> StoreResult<bool>;

    /// Sets line `line_id` aside, with why; false when it was handled already.
    async fn set_aside_bank_line(
        &self,
        line_id: i64,
        note: &str,
        by: &str,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// The credits not handled yet (no gift, no deposit, not set aside), oldest first.
    async fn bank_lines_to_handle(&self, limit: i64) -> StoreResult<Vec<BankLine>>;

    /// The lines set aside, the latest first.
    async fn bank_lines_set_aside(&self, limit: i64) -> StoreResult<Vec<BankLine>>;

    /// The gift pledged under transfer reference `code`, if any.
    async fn pledge_by_reference(&self, code: &str) -> StoreResult<Option<Pledge>>;

    /// The pledges whose money has not arrived, oldest first.
    async fn pledges_waiting(&self, limit: i64) -> StoreResult<Vec<Pledge>>;

    /// Sets a pledge's amount to what the bank received, before it is
    /// confirmed; false when it is not a pending pledge.
    async fn set_pledge_amount(&self, donation_id: i64, amount_cents: i64) -> StoreResult<bool>;

    /// The cheques received and not deposited yet, oldest first.
    async fn cheques_to_deposit(&self, limit: i64) -> StoreResult<Vec<DepositCheque>>;

    /// A deposit of the cheques among `public_ids` not deposited yet,
    /// numbered next in `year`, in one transaction; `None` when none is left.
    async fn create_cheque_deposit(
        &self,
        public_ids: &[String],
        year: i32,
        by: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<ChequeDeposit>>;

    async fn cheque_deposit(&self, id: i64) -> StoreResult<Option<ChequeDeposit>>;

    /// The cheques of deposit `id`, in the order of the slip.
    async fn deposit_cheques(&self, id: i64) -> StoreResult<Vec<DepositCheque>>;

    /// The deposits, the latest first.
    async fn cheque_deposits(&self, limit: i64) -> StoreResult<Vec<ChequeDeposit>>;

    /// How bank `name`'s CSV statements read (a JSON mapping), if saved.
    async fn bank_csv_format(&self, name: &str) -> StoreResult<Option<String>>;

    /// The banks whose CSV format is saved, the latest used first.
    async fn bank_csv_formats(&self) -> StoreResult<Vec<(String, String)>>;

    async fn save_bank_csv_format(
        &self,
        name: &str,
        mapping: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;
}

macro_rules! impl_bank_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::BankStore for $store {
            async fn record_bank_line(
                &self,
                statement_id: &str,
                line: &$crate::bank::StatementLine,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO bank_lines (line_key, statement_id, booked_on, amount_cents, counterparty, text, \
                     cheques, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (line_key) DO NOTHING RETURNING id",
                )
                .bind(&line.key)
                .bind(statement_id)
                .bind(line.booked_on)
                .bind(line.amount.get())
                .bind(&line.counterparty)
                .bind(&line.text)
                .bind(line.cheques)
                .bind($crate::store::sql::ts(now))
                .fetch_optional(&self.writer)
                .await?)
            }

            async fn bank_line(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::BankLine>> {
                let sql = format!("{} WHERE id = $1", $crate::store::bank::LINE_SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn match_bank_line(&self, line_id: i64, donation_id: i64) -> $crate::store::StoreResult<bool> {
                let done = sqlx::query(&format!(
                    "UPDATE bank_lines SET donation_id = $1 WHERE id = $2 AND {}",
                    $crate::store::bank::NOT_HANDLED
                ))
                .bind(donation_id)
                .bind(line_id)
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn match_deposit_line(&self, line_id: i64, deposit_id: i64) -> $crate::store::StoreResult<bool> {
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                let seen: Option<i64> = sqlx::query_scalar("SELECT id FROM bank_lines WHERE deposit_id = $1")
                    .bind(deposit_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if seen.is_some() {
                    return Ok(false);
                }
                let done = sqlx::query(&format!(
                    "UPDATE bank_lines SET deposit_id = $1 WHERE id = $2 AND {}",
                    $crate::store::bank::NOT_HANDLED
                ))
                .bind(deposit_id)
                .bind(line_id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn set_aside_bank_line(
                &self,
                line_id: i64,
                note: &str,
                by: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<bool> {
                let done = sqlx::query(&format!(
                    "UPDATE bank_lines SET handled_note = $1, handled_by = $2, handled_at = $3 WHERE id = $4 AND {}",
                    $crate::store::bank::NOT_HANDLED
                ))
                .bind(note)
                .bind(by)
                .bind($crate::store::sql::ts(now))
                .bind(line_id)
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn bank_lines_to_handle(&self, limit: i64) -> $crate::store::StoreResult<Vec<$crate::store::BankLine>> {
                let sql = format!(
                    "{} WHERE amount_cents > 0 AND {} ORDER BY booked_on, id LIMIT $1",
                    $crate::store::bank::LINE_SELECT,
                    $crate::store::bank::NOT_HANDLED
                );
                Ok(sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn bank_lines_set_aside(&self, limit: i64) -> $crate::store::StoreResult<Vec<$crate::store::BankLine>> {
                let sql = format!(
                    "{} WHERE handled_note IS NOT NULL ORDER BY handled_at DESC, id DESC LIMIT $1",
                    $crate::store::bank::LINE_SELECT
                );
                Ok(sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn pledge_by_reference(&self, code: &str) -> $crate::store::StoreResult<Option<$crate::store::Pledge>> {
                let sql = format!("{} WHERE transfer_ref = $1", $crate::store::bank::PLEDGE_SELECT);
                Ok(sqlx::query_as(&sql).bind(code).fetch_optional(&self.pool).await?)
            }

            async fn pledges_waiting(&self, limit: i64) -> $crate::store::StoreResult<Vec<$crate::store::Pledge>> {
                let sql = format!(
                    "{} WHERE transfer_ref IS NOT NULL AND status = 'pending' ORDER BY created_at, id LIMIT $1",
                    $crate::store::bank::PLEDGE_SELECT
                );
                Ok(sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn set_pledge_amount(&self, donation_id: i64, amount_cents: i64) -> $crate::store::StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE donations SET amount_cents = $1 \
                     WHERE id = $2 AND status = 'pending' AND transfer_ref IS NOT NULL AND $1 > 0",
                )
                .bind(amount_cents)
                .bind(donation_id)
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn cheques_to_deposit(&self, limit: i64) -> $crate::store::StoreResult<Vec<$crate::store::DepositCheque>> {
                let sql = format!(
                    "{} WHERE {} AND cheque_deposit_id IS NULL ORDER BY confirmed_at, id LIMIT $1",
                    $crate::store::bank::CHEQUE_SELECT,
                    $crate::store::bank::CHEQUES_RECEIVED
                );
                Ok(sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn create_cheque_deposit(
                &self,
                public_ids: &[String],
                year: i32,
                by: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<Option<$crate::store::ChequeDeposit>> {
                if public_ids.is_empty() {
                    return Ok(None);
                }
                let now = $crate::store::sql::ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                // Two slips made at once by two people: the second fails on
                // the unique number and is made again.
                let num: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(num), 0) + 1 FROM cheque_deposits WHERE year = $1")
                .bind(i64::from(year))
                .fetch_one(&mut *tx)
                .await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO cheque_deposits (year, num, total_cents, cheque_count, created_at, created_by) \
                     VALUES ($1, $2, 0, 0, $3, $4) RETURNING id",
                )
                .bind(i64::from(year))
                .bind(num)
                .bind(now)
                .bind(by)
                .fetch_one(&mut *tx)
                .await?;
                let sql = format!(
                    "UPDATE donations SET cheque_deposit_id = $1 WHERE {} AND cheque_deposit_id IS NULL \
                     AND public_id IN ({})",
                    $crate::store::bank::CHEQUES_RECEIVED,
                    $crate::store::sql::placeholders(2, public_ids.len())
                );
                let mut query = sqlx::query(&sql).bind(id);
                for public_id in public_ids {
                    query = query.bind(public_id);
                }
                if query.execute(&mut *tx).await?.rows_affected() == 0 {
                    return Ok(None);
                }
                sqlx::query(
                    "UPDATE cheque_deposits SET \
                     total_cents = (SELECT CAST(SUM(amount_cents) AS BIGINT) FROM donations WHERE cheque_deposit_id = $1), \
                     cheque_count = (SELECT COUNT(*) FROM donations WHERE cheque_deposit_id = $1) WHERE id = $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                self.cheque_deposit(id).await
            }

            async fn cheque_deposit(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::ChequeDeposit>> {
                let sql = format!("{} WHERE k.id = $1", $crate::store::bank::DEPOSIT_SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn deposit_cheques(&self, id: i64) -> $crate::store::StoreResult<Vec<$crate::store::DepositCheque>> {
                let sql = format!(
                    "{} WHERE cheque_deposit_id = $1 ORDER BY confirmed_at, id",
                    $crate::store::bank::CHEQUE_SELECT
                );
                Ok(sqlx::query_as(&sql).bind(id).fetch_all(&self.pool).await?)
            }

            async fn cheque_deposits(&self, limit: i64) -> $crate::store::StoreResult<Vec<$crate::store::ChequeDeposit>> {
                let sql = format!(
                    "{} ORDER BY k.year DESC, k.num DESC LIMIT $1",
                    $crate::store::bank::DEPOSIT_SELECT
                );
                Ok(sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn bank_csv_format(&self, name: &str) -> $crate::store::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("SELECT mapping FROM bank_csv_formats WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn bank_csv_formats(&self) -> $crate::store::StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as("SELECT name, mapping FROM bank_csv_formats ORDER BY updated_at DESC, name")
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn save_bank_csv_format(
                &self,
                name: &str,
                mapping: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO bank_csv_formats (name, mapping, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
                )
                .bind(name)
                .bind(mapping)
                .bind($crate::store::sql::ts(now))
                .execute(&self.writer)
                .await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_bank_store;

pub(super) const LINE_SELECT: &str = "SELECT id, line_key, statement_id, booked_on, amount_cents, counterparty, \
     text, cheques, donation_id, deposit_id, handled_note, handled_by, handled_at FROM bank_lines";

/// A line no one handled yet.
pub(super) const NOT_HANDLED: &str =
    "donation_id IS NULL AND deposit_id IS NULL AND handled_note IS NULL";

pub(super) const PLEDGE_SELECT: &str = "SELECT id, public_id, amount_cents, status, transfer_ref, \
     donor_first_name AS first_name, donor_last_name AS last_name, created_at FROM donations";

/// Cheques recorded by staff and received (whatever was given back since).
pub(super) const CHEQUES_RECEIVED: &str =
    "provider = 'offline' AND method = 'cheque' AND status IN ('succeeded', 'refunded')";

pub(super) const CHEQUE_SELECT: &str = "SELECT public_id, donor_first_name AS first_name, \
     donor_last_name AS last_name, amount_cents, confirmed_at AS received_at, offline_detail AS detail \
     FROM donations";

pub(super) const DEPOSIT_SELECT: &str = "SELECT k.id, k.year, k.num, k.total_cents, k.cheque_count, \
     k.created_at, k.created_by, (SELECT MIN(l.booked_on) FROM bank_lines l WHERE l.deposit_id = k.id) AS seen_on \
     FROM cheque_deposits k";
