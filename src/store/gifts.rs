//! Gifts, their payments and monthly gifts: created, confirmed, failed, given back; the provider references they are known by.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// Gifts, their payments and monthly gifts: created, confirmed, failed, given back; the provider references they are known by.
#[async_trait]
pub trait GiftStore: Send + Sync {
    async fn create_pending_donation(
        &self,
        donation: &NewDonation,
        now: OffsetDateTime,
    ) -> StoreResult<PendingDonation>;

    /// Records a payment as received and moves the campaign's totals in the same
    /// transaction, with the provider's event if given. Idempotent: a second call
    /// changes nothing. Concurrent calls are written together (group commit).
    async fn confirm_payment(&self, request: ConfirmRequest) -> StoreResult<Confirmation>;

    /// [`Store::confirm_payment`] without a provider event.
    async fn confirm_donation(
        &self,
        public_id: &str,
        method: &str,
        provider_ref: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<Confirmation> {
        self.confirm_payment(ConfirmRequest {
            public_id: public_id.to_owned(),
            method: method.to_owned(),
            provider_ref: provider_ref.map(str::to_owned),
            now,
            event: None,
        })
        .await
    }

    /// Marks a pending payment as failed; its guestbook message is never shown.
    /// Returns false if the donation was not pending.
    async fn fail_donation(&self, public_id: &str, now: OffsetDateTime) -> StoreResult<bool>;

    async fn donation(&self, public_id: &str) -> StoreResult<Option<DonationSummary>>;

    /// The donations among `ids` that exist, in no particular order.
    async fn donations_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<DonationSummary>>;

    /// Active monthly gifts of one payment provider.
    async fn active_subscriptions(&self, provider: Provider) -> StoreResult<Vec<Subscription>>;

    /// A new pending payment of a monthly gift (the next month). With a provider
    /// reference (an invoice id), `Conflict` if that payment already exists.
    async fn create_subscription_payment(
        &self,
        subscription_id: i64,
        provider_ref: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<PendingDonation>;

    /// Sets the provider's reference of a pending donation (a Checkout Session id).
    async fn set_donation_provider_ref(
        &self,
        public_id: &str,
        provider_ref: &str,
    ) -> StoreResult<()>;

    async fn donation_by_provider_ref(
        &self,
        provider: Provider,
        provider_ref: &str,
    ) -> StoreResult<Option<DonationSummary>>;

    async fn subscription(&self, id: i64) -> StoreResult<Option<Subscription>>;

    async fn subscription_by_provider_ref(
        &self,
        provider: Provider,
        provider_ref: &str,
    ) -> StoreResult<Option<Subscription>>;

    /// Links a monthly gift to the provider's subscription id (first writer wins).
    async fn set_subscription_provider_ref(
        &self,
        id: i64,
        provider_ref: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// Sets a monthly gift's status (`active`, `past_due`, `cancelled`) and, when
    /// given, its amount. Returns the previous status.
    async fn update_subscription(
        &self,
        id: i64,
        status: MonthlyStatus,
        amount: Option<Cents>,
        now: OffsetDateTime,
    ) -> StoreResult<MonthlyStatus>;

    /// Carries out what money going back does to a gift, in one transaction:
    /// reads the gift, asks [`crate::domain::lifecycle::money_back`] for the
    /// plan, then writes the gift, the refunds ledger line, the campaign's
    /// totals and donor count, and the job that settles its receipts.
    /// `NotFound` for an unknown gift.
    async fn apply_money_back(&self, request: &MoneyBackRequest) -> StoreResult<MoneyBackOutcome>;

    /// Records `refunded_total` as what has been refunded of a received payment
    /// (a running total): [`Store::apply_money_back`] with
    /// [`MoneyBack::RefundedTotal`](crate::domain::lifecycle::MoneyBack). `None`
    /// if nothing changed; `InvalidState` (and nothing changed) when refused.
    async fn refund_donation(
        &self,
        public_id: &str,
        refunded_total: Cents,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(i64, Totals)>> {
        let outcome = self
            .apply_money_back(&MoneyBackRequest {
                public_id: public_id.to_owned(),
                back: crate::domain::lifecycle::MoneyBack::RefundedTotal(refunded_total),
                provider_ref: None,
                reported_at: None,
                now,
            })
            .await?;
        match outcome {
            MoneyBackOutcome::Applied {
                campaign_id,
                totals,
                ..
            } => Ok(Some((campaign_id, totals))),
            MoneyBackOutcome::Unchanged(_) => Ok(None),
            MoneyBackOutcome::Refused(why) => Err(StoreError::InvalidState(why)),
        }
    }

    /// Records that the provider knows gift `donation_id` as `reference` too
    /// (found by `found_by`: the payment's own event, or a lookup); a reference
    /// already linked keeps its first gift.
    async fn link_payment(
        &self,
        provider: Provider,
        reference: &str,
        donation_id: i64,
        found_by: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// How many donations a campaign has, whatever their status.
    async fn count_donations(&self, campaign_id: i64) -> StoreResult<i64>;

    /// Pending donations of a provider created before `before`, oldest first, with
    /// the provider's reference (the Checkout Session), for reconciliation.
    async fn stale_pending_donations(
        &self,
        provider: Provider,
        before: OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<(String, Option<String>)>>;

    /// The first payment of a monthly gift.
    async fn subscription_first_donation(&self, subscription_id: i64) -> StoreResult<Option<i64>>;

    /// Records how an offline gift was paid (cheque number and bank, transfer
    /// reference).
    async fn set_offline_detail(&self, public_id: &str, detail: &str) -> StoreResult<()>;

    /// Makes pending gift `public_id` a pledge by bank transfer under
    /// `reference` (the code of a `domain::transfer::Reference`), counted as
    /// pledged beside the bar, in one transaction.
    async fn pledge_transfer(
        &self,
        public_id: &str,
        reference: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Pledged>;

    /// The transfer reference of gift `donation_id`, if it is a pledge.
    async fn transfer_reference(&self, donation_id: i64) -> StoreResult<Option<String>>;
}

macro_rules! impl_gifts_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::GiftStore for $store {
            async fn pledge_transfer(
                &self,
                public_id: &str,
                reference: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::store::Pledged> {
                use $crate::store::Pledged;
                // A pledge already made (the same form sent twice) keeps its reference.
                let current: Option<Option<String>> = sqlx::query_scalar(
                    "SELECT transfer_ref FROM donations WHERE public_id = $1 AND provider = 'offline'",
                )
                .bind(public_id)
                .fetch_optional(&self.pool)
                .await?;
                match current {
                    None => return Err($crate::store::StoreError::NotFound),
                    Some(Some(_)) => return Ok(Pledged::Before),
                    Some(None) => {}
                }
                let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM donations WHERE transfer_ref = $1")
                    .bind(reference)
                    .fetch_optional(&self.pool)
                    .await?;
                if taken.is_some() {
                    return Ok(Pledged::Taken);
                }
                let now = $crate::store::sql::ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                let done: Result<Option<(i64, i64)>, sqlx::Error> = sqlx::query_as(
                    "UPDATE donations SET transfer_ref = $1, method = 'transfer' \
                     WHERE public_id = $2 AND status = 'pending' AND provider = 'offline' AND transfer_ref IS NULL \
                     RETURNING id, campaign_id",
                )
                .bind(reference)
                .bind(public_id)
                .fetch_optional(&mut *tx)
                .await;
                let (id, campaign_id) = match done {
                    Ok(Some(row)) => row,
                    Ok(None) => return Err($crate::store::StoreError::NotFound),
                    // Taken meanwhile: the unique index said so.
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(Pledged::Taken),
                    Err(e) => return Err(e.into()),
                };
                // A new version of the totals: the pledged sum beside the bar moved.
                let totals = $crate::store::sql::touch_totals!(tx, campaign_id, id, now);
                tx.commit().await?;
                self.totals_changed(campaign_id);
                Ok(Pledged::Made { campaign_id, totals })
            }

            async fn transfer_reference(&self, donation_id: i64) -> $crate::store::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar::<_, Option<String>>("SELECT transfer_ref FROM donations WHERE id = $1")
                    .bind(donation_id)
                    .fetch_optional(&self.pool)
                    .await?
                    .flatten())
            }

            async fn set_offline_detail(&self, public_id: &str, detail: &str) -> $crate::store::StoreResult<()> {
                let done = sqlx::query("UPDATE donations SET offline_detail = $1 WHERE public_id = $2 AND provider = 'offline'")
                    .bind(detail)
                    .bind(public_id)
                    .execute(&self.writer)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::store::StoreError::NotFound);
                }
                Ok(())
            }

            async fn create_pending_donation(
                &self,
                d: &$crate::store::NewDonation,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::store::PendingDonation> {
                use $crate::store::sql::BindIdentity;
                use $crate::store::sql::ts;
                use $crate::store::rows::{PendingRow, PENDING_COLUMNS, random_public_id};
                let now = ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                if let Some(key) = d.idempotency_key.as_deref() {
                    let existing: Option<PendingRow> =
                        sqlx::query_as(&format!("SELECT {PENDING_COLUMNS} FROM donations WHERE idempotency_key = $1"))
                            .bind(key)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if let Some(row) = existing {
                        return Ok(row.into());
                    }
                }
                // The address's first details stay its donor's; this gift keeps
                // its own (see migration 0010).
                let search_key = $crate::domain::search::gift_key(&d.donor, d.company.as_ref());
                let company = $crate::domain::donation::Company::to_json(d.company.as_ref());
                let donor_id: i64 = sqlx::query_scalar(
                    "INSERT INTO donors (email, first_name, last_name, address, postal_code, city, country, \
                     created_at, updated_at, search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) \
                     ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id",
                )
                .bind(&d.donor.email)
                .bind_identity(&d.donor)
                .bind(now)
                .bind(&search_key)
                .fetch_one(&mut *tx)
                .await?;
                let subscription_id: Option<i64> = if d.frequency == $crate::store::Frequency::Monthly {
                    Some(
                        sqlx::query_scalar(
                            "INSERT INTO subscriptions (public_id, campaign_id, donor_id, amount_cents, status, \
                             provider, created_at, updated_at, donor_first_name, donor_last_name, donor_address, \
                             donor_postal_code, donor_city, donor_country, company) \
                             VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                        )
                        .bind(random_public_id()?)
                        .bind(d.campaign_id)
                        .bind(donor_id)
                        .bind(d.amount.get())
                        .bind(d.provider.as_str())
                        .bind(now)
                        .bind_identity(&d.donor)
                        .bind(&company)
                        .fetch_one(&mut *tx)
                        .await?,
                    )
                } else {
                    None
                };
                let row: PendingRow = sqlx::query_as(&format!(
                    "INSERT INTO donations (public_id, campaign_id, donor_id, subscription_id, frequency, \
                     amount_cents, status, provider, idempotency_key, wants_receipt, created_at, \
                     donor_first_name, donor_last_name, donor_address, donor_postal_code, donor_city, \
                     donor_country, search_key, company, lang) \
                     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
                     RETURNING {PENDING_COLUMNS}"
                ))
                .bind(random_public_id()?)
                .bind(d.campaign_id)
                .bind(donor_id)
                .bind(subscription_id)
                .bind(d.frequency.as_str())
                .bind(d.amount.get())
                .bind(d.provider.as_str())
                .bind(d.idempotency_key.as_deref())
                .bind(d.wants_receipt)
                .bind(now)
                .bind_identity(&d.donor)
                .bind(&search_key)
                .bind(&company)
                .bind(&d.lang)
                .fetch_one(&mut *tx)
                .await?;
                if let Some(message) = d.message.as_deref() {
                    sqlx::query(
                        "INSERT INTO guestbook_entries (donation_id, campaign_id, display_name, message, \
                         show_amount, status, created_at) VALUES ($1, $2, $3, $4, $5, 'awaiting_payment', $6)",
                    )
                    .bind(row.id)
                    .bind(d.campaign_id)
                    .bind(&d.display_name)
                    .bind(message)
                    .bind(d.show_amount)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(row.into())
            }

            async fn fail_donation(&self, public_id: &str, now: time::OffsetDateTime) -> $crate::store::StoreResult<bool> {
                let now = $crate::store::sql::ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                let failed: Option<(i64, Option<i64>, i64, Option<String>)> = sqlx::query_as(
                    "UPDATE donations SET status = 'failed', failed_at = $1 \
                     WHERE public_id = $2 AND status = 'pending' \
                     RETURNING id, subscription_id, campaign_id, transfer_ref",
                )
                .bind(now)
                .bind(public_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((id, subscription_id, campaign_id, transfer_ref)) = failed else {
                    return Ok(false);
                };
                // A pledge given up leaves the pledged sum beside the bar.
                let pledge = transfer_ref.is_some();
                if pledge {
                    let _ = $crate::store::sql::touch_totals!(tx, campaign_id, id, now);
                }
                // A first payment that fails ends the monthly gift before it starts;
                // a later one leaves it to the provider's retries.
                if let Some(sub) = subscription_id {
                    sqlx::query(
                        "UPDATE subscriptions SET status = CASE WHEN status = 'pending' THEN 'cancelled' \
                         ELSE 'past_due' END, updated_at = $1, \
                         cancelled_at = CASE WHEN status = 'pending' THEN $1 ELSE cancelled_at END \
                         WHERE id = $2 AND status IN ('pending', 'active')",
                    )
                    .bind(now)
                    .bind(sub)
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query("UPDATE guestbook_entries SET status = 'withdrawn' WHERE donation_id = $1 AND status = 'awaiting_payment'")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO jobs (kind, payload, dedupe_key, status, attempts, run_at, created_at) \
                     VALUES ($4, $1, $2, 'queued', 0, $3, $3) ON CONFLICT (dedupe_key) DO NOTHING",
                )
                .bind(format!("{{\"donation_id\":{id}}}"))
                .bind(format!("donation_failed:{id}"))
                .bind(now)
                .bind($crate::store::JobKind::DonationFailed.as_str())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                if pledge {
                    self.totals_changed(campaign_id);
                }
                Ok(true)
            }

            async fn donation(
                &self,
                public_id: &str,
            ) -> $crate::store::StoreResult<Option<$crate::store::DonationSummary>> {
                let sql = format!("{} WHERE d.public_id = $1", $crate::store::rows::SUMMARY_SELECT);
                let row: Option<$crate::store::rows::SummaryRow> =
                    sqlx::query_as(&sql).bind(public_id).fetch_optional(&self.pool).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn donations_by_ids(&self, ids: &[i64]) -> $crate::store::StoreResult<Vec<$crate::store::DonationSummary>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    "{} WHERE d.id IN ({})",
                    $crate::store::rows::SUMMARY_SELECT,
                    $crate::store::sql::placeholders(1, ids.len())
                );
                let mut query = sqlx::query_as::<_, $crate::store::rows::SummaryRow>(&sql);
                for id in ids {
                    query = query.bind(*id);
                }
                query.fetch_all(&self.pool).await?.into_iter().map(TryInto::try_into).collect()
            }

            async fn active_subscriptions(
                &self,
                provider: $crate::store::Provider,
            ) -> $crate::store::StoreResult<Vec<$crate::store::Subscription>> {
                let rows: Vec<$crate::store::rows::SubscriptionRow> = sqlx::query_as(&format!(
                    "{} WHERE s.provider = $1 AND s.status = 'active' ORDER BY s.id",
                    $crate::store::rows::SUBSCRIPTION_SELECT
                ))
                .bind(provider.as_str())
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn create_subscription_payment(
                &self,
                subscription_id: i64,
                provider_ref: Option<&str>,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::store::PendingDonation> {
                use $crate::store::rows::{PendingRow, PENDING_COLUMNS, random_public_id};
                let now = $crate::store::sql::ts(now);
                let row: Option<PendingRow> = sqlx::query_as(&format!(
                    "INSERT INTO donations (public_id, campaign_id, donor_id, subscription_id, frequency, \
                     amount_cents, status, provider, provider_ref, wants_receipt, created_at, \
                     donor_first_name, donor_last_name, donor_address, donor_postal_code, donor_city, \
                     donor_country, company, lang, search_key) \
                     SELECT $1, s.campaign_id, s.donor_id, s.id, 'monthly', s.amount_cents, 'pending', s.provider, $2, \
                     first.wants_receipt, $3, s.donor_first_name, s.donor_last_name, s.donor_address, \
                     s.donor_postal_code, s.donor_city, s.donor_country, s.company, first.lang, \
                     (SELECT x.search_key FROM donations x WHERE x.subscription_id = s.id ORDER BY x.id DESC LIMIT 1) \
                     FROM subscriptions s JOIN donations first ON first.id = \
                       (SELECT MIN(id) FROM donations WHERE subscription_id = s.id) \
                     WHERE s.id = $4 AND s.status IN ('active', 'past_due') RETURNING {PENDING_COLUMNS}"
                ))
                .bind(random_public_id()?)
                .bind(provider_ref)
                .bind(now)
                .bind(subscription_id)
                .fetch_optional(&self.writer)
                .await?;
                row.map(Into::into).ok_or($crate::store::StoreError::InvalidState("subscription is not active"))
            }

            async fn set_donation_provider_ref(&self, public_id: &str, provider_ref: &str) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE donations SET provider_ref = $1 WHERE public_id = $2 AND status = 'pending'")
                    .bind(provider_ref)
                    .bind(public_id)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn donation_by_provider_ref(
                &self,
                provider: $crate::store::Provider,
                provider_ref: &str,
            ) -> $crate::store::StoreResult<Option<$crate::store::DonationSummary>> {
                // The payment's own reference, or one linked to it since.
                let sql = format!(
                    "{} WHERE d.provider = $1 AND (d.provider_ref = $2 OR d.id = \
                     (SELECT l.donation_id FROM payment_links l WHERE l.provider = $1 AND l.reference = $2))",
                    $crate::store::rows::SUMMARY_SELECT
                );
                let row: Option<$crate::store::rows::SummaryRow> =
                    sqlx::query_as(&sql).bind(provider.as_str()).bind(provider_ref).fetch_optional(&self.pool).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn subscription(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::Subscription>> {
                let row: Option<$crate::store::rows::SubscriptionRow> = sqlx::query_as(&format!(
                    "{} WHERE s.id = $1",
                    $crate::store::rows::SUBSCRIPTION_SELECT
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn subscription_by_provider_ref(
                &self,
                provider: $crate::store::Provider,
                provider_ref: &str,
            ) -> $crate::store::StoreResult<Option<$crate::store::Subscription>> {
                let row: Option<$crate::store::rows::SubscriptionRow> = sqlx::query_as(&format!(
                    "{} WHERE s.provider = $1 AND s.provider_ref = $2",
                    $crate::store::rows::SUBSCRIPTION_SELECT
                ))
                .bind(provider.as_str())
                .bind(provider_ref)
                .fetch_optional(&self.pool)
                .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn set_subscription_provider_ref(
                &self,
                id: i64,
                provider_ref: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE subscriptions SET provider_ref = $1, updated_at = $2 WHERE id = $3 AND provider_ref IS NULL")
                    .bind(provider_ref)
                    .bind($crate::store::sql::ts(now))
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn update_subscription(
                &self,
                id: i64,
                status: $crate::store::MonthlyStatus,
                amount: Option<$crate::domain::money::Cents>,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::store::MonthlyStatus> {
                let now = $crate::store::sql::ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                let previous: String =
                    sqlx::query_scalar(&format!("SELECT status FROM subscriptions WHERE id = $1{}", $row_lock))
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or($crate::store::StoreError::NotFound)?;
                let previous = $crate::store::MonthlyStatus::try_from(previous)
                    .map_err(|e| $crate::store::StoreError::Corrupt(format!("monthly gift {id}: {e}")))?;
                // A cancelled gift stays cancelled.
                if previous != $crate::store::MonthlyStatus::Cancelled {
                    sqlx::query(
                        "UPDATE subscriptions SET status = $1, amount_cents = COALESCE($2, amount_cents), updated_at = $3, \
                         cancelled_at = CASE WHEN $1 = 'cancelled' THEN $3 ELSE cancelled_at END WHERE id = $4",
                    )
                    .bind(status.as_str())
                    .bind(amount.map(|a| a.get()))
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(previous)
            }

            async fn apply_money_back(
                &self,
                request: &$crate::store::MoneyBackRequest,
            ) -> $crate::store::StoreResult<$crate::store::MoneyBackOutcome> {
                use $crate::domain::lifecycle::{Decision, GiftState, GiftStatus};
                use $crate::domain::money::Cents;
                use $crate::store::MoneyBackOutcome;
                use $crate::store::rows::TotalsRow;
                use $crate::store::sql::ts;
                let now = ts(request.now);
                let reported_at = request.reported_at.map(ts);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                #[allow(clippy::type_complexity)]
                let row: Option<(i64, i64, i64, i64, i64, i64, String, Option<time::OffsetDateTime>)> =
                    sqlx::query_as(
                        "SELECT id, campaign_id, donor_id, amount_cents, refunded_cents, counted_cents, status, \
                         money_back_reported_at FROM donations WHERE public_id = $1",
                    )
                    .bind(&request.public_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some((id, campaign_id, donor_id, amount, refunded, counted, status, last_report)) = row else {
                    return Err($crate::store::StoreError::NotFound);
                };
                let status = GiftStatus::parse(&status)
                    .ok_or_else(|| $crate::store::StoreError::Corrupt(format!("donation {id}: status")))?;
                // A report older than the last one applied is stale (a refund
                // reported before its failure, delivered after it).
                if let (Some(at), Some(last)) = (reported_at, last_report)
                    && at < last
                {
                    return Ok(MoneyBackOutcome::Unchanged("an older report than the last applied"));
                }
                if let Some(reference) = request.provider_ref.as_deref() {
                    let seen: Option<i64> =
                        sqlx::query_scalar("SELECT id FROM refunds WHERE donation_id = $1 AND provider_ref = $2")
                            .bind(id)
                            .bind(reference)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if seen.is_some() {
                        return Ok(MoneyBackOutcome::Unchanged("already recorded"));
                    }
                }
                let state = GiftState {
                    status,
                    amount: Cents::new(amount),
                    counted: Cents::new(counted),
                    refunded: Cents::new(refunded),
                };
                let plan = match $crate::domain::lifecycle::money_back(&state, request.back) {
                    Decision::Apply(plan) => plan,
                    Decision::Unchanged(why) => {
                        // Still the latest word on this payment.
                        if let Some(at) = reported_at {
                            sqlx::query(
                                "UPDATE donations SET money_back_reported_at = $1 WHERE id = $2 \
                                 AND (money_back_reported_at IS NULL OR money_back_reported_at < $1)",
                            )
                            .bind(at)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                            tx.commit().await?;
                        }
                        return Ok(MoneyBackOutcome::Unchanged(why));
                    }
                    Decision::Refused(why) => return Ok(MoneyBackOutcome::Refused(why)),
                };
                sqlx::query(
                    "UPDATE donations SET refunded_cents = $1, refunded_at = $2, status = $3, \
                     money_back_reported_at = COALESCE($4, money_back_reported_at) WHERE id = $5",
                )
                .bind(plan.refunded.get())
                .bind(now)
                .bind(plan.status.as_str())
                .bind(reported_at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                // Each movement on its own date, for the books of its year.
                let line: i64 = sqlx::query_scalar(
                    "INSERT INTO refunds (donation_id, cents, refunded_at, reason, provider_ref) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(id)
                .bind(plan.line.get())
                .bind(now)
                .bind(request.back.reason())
                .bind(request.provider_ref.as_deref())
                .fetch_one(&mut *tx)
                .await?;
                let mut donors_change = 0i64;
                if plan.gifts_change != 0 {
                    let left: i64 = sqlx::query_scalar(
                        "UPDATE campaign_donors SET gifts = gifts + $3 WHERE campaign_id = $1 AND donor_id = $2 \
                         RETURNING gifts",
                    )
                    .bind(campaign_id)
                    .bind(donor_id)
                    .bind(plan.gifts_change)
                    .fetch_one(&mut *tx)
                    .await?;
                    donors_change = match (plan.gifts_change, left) {
                        (-1, 0) => -1,
                        (1, 1) => 1,
                        _ => 0,
                    };
                }
                sqlx::query($crate::store::sql::ADD_TO_TOTALS)
                    .bind(campaign_id)
                    .bind(id % $crate::store::sql::TOTALS_SHARDS)
                    .bind(plan.raised_change.get())
                    .bind(donors_change)
                    .bind(plan.gifts_change)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let totals: TotalsRow = sqlx::query_as($crate::store::sql::READ_TOTALS)
                    .bind(campaign_id)
                    .fetch_one(&mut *tx)
                    .await?;
                if plan.settle_receipts {
                    let job = $crate::store::NewJob::settle_receipts(id, line, request.now);
                    sqlx::query(
                        "INSERT INTO jobs (kind, payload, dedupe_key, status, attempts, run_at, created_at) \
                         VALUES ($1, $2, $3, 'queued', 0, $4, $4) ON CONFLICT (dedupe_key) DO NOTHING",
                    )
                    .bind(job.kind.as_str())
                    .bind(&job.payload)
                    .bind(job.dedupe_key.as_deref())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                self.totals_changed(campaign_id);
                Ok(MoneyBackOutcome::Applied {
                    campaign_id,
                    totals: totals.into(),
                    plan,
                })
            }

            async fn link_payment(
                &self,
                provider: $crate::store::Provider,
                reference: &str,
                donation_id: i64,
                found_by: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO payment_links (provider, reference, donation_id, found_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider, reference) DO NOTHING",
                )
                .bind(provider.as_str())
                .bind(reference)
                .bind(donation_id)
                .bind(found_by)
                .bind($crate::store::sql::ts(now))
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn count_donations(&self, campaign_id: i64) -> $crate::store::StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM donations WHERE campaign_id = $1")
                    .bind(campaign_id)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn stale_pending_donations(
                &self,
                provider: $crate::store::Provider,
                before: time::OffsetDateTime,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<(String, Option<String>)>> {
                Ok(sqlx::query_as(
                    "SELECT public_id, provider_ref FROM donations WHERE provider = $1 AND status = 'pending' \
                     AND created_at <= $2 ORDER BY id LIMIT $3",
                )
                .bind(provider.as_str())
                .bind($crate::store::sql::ts(before))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn subscription_first_donation(&self, subscription_id: i64) -> $crate::store::StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT MIN(id) FROM donations WHERE subscription_id = $1")
                    .bind(subscription_id)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn confirm_payment(
                &self,
                request: $crate::store::ConfirmRequest,
            ) -> $crate::store::StoreResult<$crate::store::Confirmation> {
                use $crate::store::batch::ConfirmBatch;
                match &self.batcher {
                    Some(batcher) => batcher.confirm(request).await,
                    None => self
                        .confirm_batch(std::slice::from_ref(&request))
                        .await?
                        .pop()
                        .unwrap_or(Err($crate::store::StoreError::NotFound)),
                }
            }
        }

    };
}
pub(crate) use impl_gifts_store;
