//! The SQL both backends share, and the one implementation of [`super::Store`]
//! written over it.
//!
//! sqlx's generic executor bounds make a single generic implementation unreadable,
//! so [`impl_store!`] writes the same method bodies for each backend's pool type;
//! each backend passes what differs (its migrations, how a write transaction
//! begins). Parameters use `$N`, which SQLite also understands.

use time::OffsetDateTime;

pub(super) const CAMPAIGN_SELECT: &str = "SELECT c.id, c.slug, c.title, c.body_markdown, c.goal_kind, \
     c.goal_cents, c.goal_donors, c.starts_at, c.ends_at, c.suggested_amounts, c.monthly_counting, \
     c.closed_at, COALESCE(c.final_raised_cents, t.raised_cents) AS raised_cents, \
     COALESCE(c.final_donor_count, t.donor_count) AS donor_count, \
     COALESCE(c.final_donation_count, t.donation_count) AS donation_count, t.version, t.updated_at AS totals_updated_at \
     FROM campaigns c JOIN (SELECT campaign_id, CAST(SUM(raised_cents) AS BIGINT) AS raised_cents, \
       CAST(SUM(donor_count) AS BIGINT) AS donor_count, CAST(SUM(donation_count) AS BIGINT) AS donation_count, \
       CAST(SUM(version) AS BIGINT) AS version, MAX(updated_at) AS updated_at \
       FROM campaign_totals GROUP BY campaign_id) t ON t.campaign_id = c.id";

/// Guestbook entries with their campaign and gift, for staff and donors.
pub(super) const GUESTBOOK_SELECT: &str = "SELECT g.id, c.slug AS campaign_slug, c.title AS campaign_title, \
     g.display_name, g.message, d.amount_cents, d.frequency, g.show_amount, g.status, g.rejection_reason, \
     g.submitted_at, g.moderated_at, s.email AS moderated_by \
     FROM guestbook_entries g JOIN donations d ON d.id = g.donation_id \
     JOIN campaigns c ON c.id = g.campaign_id LEFT JOIN staff_users s ON s.id = g.moderated_by";

/// A receipt row's columns, as [`super::Receipt`] reads them.
pub(super) const RECEIPT_SELECT: &str = "SELECT id, number, year, seq, kind, donor_id, donation_id, \
     donor_first_name, donor_last_name, donor_address, donor_postal_code, donor_city, donor_country, \
     organisation_snapshot, amount_cents, amount_words, payment_method, gift_date, period_start, period_end, \
     cerfa_revision, issued_at, status, cancelled_at, cancel_reason, replaces_receipt_id, pdf_sha256, purged_at, verify_url FROM receipts";

/// The organisation's settings, in the order [`bind_organisation`] binds them.
pub(super) const ORGANISATION_COLUMNS: [&str; 17] = [
    "legal_name",
    "registration_kind",
    "registration_number",
    "address",
    "postal_code",
    "city",
    "country",
    "object",
    "category",
    "public_utility_decree_date",
    "reduction_rate_percent",
    "signatory_name",
    "signatory_role",
    "signature_png",
    "logo_png",
    "receipt_min_cents",
    "cerfa_revision",
];

/// Inserts the one settings row; the caller adds `DO NOTHING` or `DO UPDATE`.
pub(super) const ORGANISATION_UPSERT: &str = "INSERT INTO organisation (id, legal_name, registration_kind, \
     registration_number, address, postal_code, city, country, object, category, public_utility_decree_date, \
     reduction_rate_percent, signatory_name, signatory_role, signature_png, logo_png, receipt_min_cents, \
     cerfa_revision, updated_at) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
     $16, $17, $18) ON CONFLICT (id)";

/// Binds an organisation's settings, then `updated_at`, to [`ORGANISATION_UPSERT`].
macro_rules! bind_organisation {
    ($query:expr, $org:expr, $now:expr) => {{
        let org: &$crate::store::Organisation = $org;
        let i = &org.issuer;
        $query
            .bind(&i.legal_name)
            .bind(&i.registration_kind)
            .bind(&i.registration_number)
            .bind(&i.address)
            .bind(&i.postal_code)
            .bind(&i.city)
            .bind(&i.country)
            .bind(&i.object)
            .bind(&i.category)
            .bind(i.public_utility_decree_date)
            .bind(i.reduction_rate_percent)
            .bind(&i.signatory_name)
            .bind(&i.signatory_role)
            .bind(org.signature_png.as_deref())
            .bind(org.logo_png.as_deref())
            .bind(org.receipt_min.get())
            .bind(&i.cerfa_revision)
            .bind($crate::store::sql::ts($now))
    }};
}
pub(super) use bind_organisation;

/// Records `$r` (a [`super::NewReceipt`]) in the open transaction `$tx`: its
/// images, the next number of its year, the row. Evaluates to the insert's
/// result (a unique violation means another valid receipt won).
macro_rules! insert_receipt {
    ($tx:expr, $r:expr) => {{
        use $crate::domain::receipt::ReceiptNumber;
        use $crate::store::sql::ts;
        let r: &$crate::store::NewReceipt = $r;
        let tx = $tx;
        async {
            for (sha, png) in &r.images {
                sqlx::query("INSERT INTO receipt_images (sha256, png) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING")
                    .bind(sha)
                    .bind(png)
                    .execute(&mut **tx)
                    .await?;
            }
            let year = i64::from(r.year);
            let seq: i64 = sqlx::query_scalar(
                "INSERT INTO receipt_counters (year, last_number) VALUES ($1, 1) \
                 ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1 \
                 RETURNING last_number",
            )
            .bind(year)
            .fetch_one(&mut **tx)
            .await?;
            let number = ReceiptNumber { year: r.year, seq }.to_string();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO receipts (number, year, seq, kind, donor_id, donation_id, donor_first_name, \
                 donor_last_name, donor_address, donor_postal_code, donor_city, donor_country, \
                 organisation_snapshot, amount_cents, amount_words, payment_method, gift_date, \
                 period_start, period_end, cerfa_revision, issued_at, status, replaces_receipt_id, \
                 covers_year, donor_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                 $15, $16, $17, $18, $19, $20, $21, 'valid', $22, $23, $24) RETURNING id",
            )
            .bind(&number)
            .bind(year)
            .bind(seq)
            .bind(r.kind)
            .bind(r.donor_id)
            .bind(r.donation_id)
            .bind(&r.donor.first_name)
            .bind(&r.donor.last_name)
            .bind(&r.donor.address)
            .bind(&r.donor.postal_code)
            .bind(&r.donor.city)
            .bind(&r.donor.country)
            .bind(&r.organisation_snapshot)
            .bind(r.amount.get())
            .bind(&r.amount_words)
            .bind(r.payment_box.as_str())
            .bind(r.gift_date)
            .bind(r.period.map(|p| p.0))
            .bind(r.period.map(|p| p.1))
            .bind(&r.cerfa_revision)
            .bind(ts(r.issued_at))
            .bind(r.replaces_receipt_id)
            .bind(r.covers_year.map(i64::from))
            .bind($crate::domain::search::identity_key(&r.donor))
            .fetch_one(&mut **tx)
            .await?;
            for (donation, paid_on, amount) in &r.lines {
                sqlx::query(
                    "INSERT INTO receipt_lines (receipt_id, donation_id, paid_on, amount_cents) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(donation)
                .bind(paid_on)
                .bind(amount.get())
                .execute(&mut **tx)
                .await?;
            }
            Ok::<i64, sqlx::Error>(id)
        }
        .await
    }};
}
pub(super) use insert_receipt;

/// Rows a campaign's totals are spread over.
pub(super) const TOTALS_SHARDS: i64 = 16;

/// Adds to one shard of a campaign's totals: $1 campaign, $2 shard, $3 raised,
/// $4 donors, $5 donations, $6 now.
pub(super) const ADD_TO_TOTALS: &str = "INSERT INTO campaign_totals \
     (campaign_id, shard, raised_cents, donor_count, donation_count, version, updated_at) \
     VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (campaign_id, shard) DO UPDATE SET \
     raised_cents = campaign_totals.raised_cents + excluded.raised_cents, \
     donor_count = campaign_totals.donor_count + excluded.donor_count, \
     donation_count = campaign_totals.donation_count + excluded.donation_count, \
     version = campaign_totals.version + 1, updated_at = excluded.updated_at";

/// A campaign's totals: the sum of its shards.
pub(super) const READ_TOTALS: &str = "SELECT CAST(SUM(raised_cents) AS BIGINT) AS raised_cents, \
     CAST(SUM(donor_count) AS BIGINT) AS donor_count, CAST(SUM(donation_count) AS BIGINT) AS donation_count, \
     CAST(SUM(version) AS BIGINT) AS version, MAX(updated_at) AS updated_at \
     FROM campaign_totals WHERE campaign_id = $1";

/// `$first, $first+1, …`: `n` numbered parameters.
pub(super) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Timestamps are stored in UTC to the second, so that SQLite's text timestamps
/// compare in time order.
pub(super) fn ts(t: OffsetDateTime) -> OffsetDateTime {
    let utc = t.to_offset(time::UtcOffset::UTC);
    utc.replace_nanosecond(0).unwrap_or(utc)
}

/// A gift's columns, as [`super::DonationRow`] reads them (a macro, so that
/// queries can `concat!` it).
macro_rules! donation_row_columns {
    () => {
        "d.id, d.public_id, c.slug AS campaign_slug, d.frequency, \
     d.amount_cents, d.refunded_cents, d.status, d.method, d.provider, d.provider_ref, d.offline_detail, \
     d.wants_receipt, d.created_at, d.confirmed_at, d.refunded_at, d.donor_id, p.email AS donor_email, \
     d.donor_first_name, d.donor_last_name, d.donor_postal_code, d.donor_city, d.donor_country, \
     COALESCE((SELECT r.number FROM receipts r WHERE r.donation_id = d.id AND r.kind = 'single' AND r.status = 'valid' LIMIT 1), \
       (SELECT r.number FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id \
        WHERE l.donation_id = d.id AND r.status = 'valid' LIMIT 1)) AS receipt_number"
    };
}

/// Gifts with their campaign and donor, as [`donation_row_columns`] reads them.
macro_rules! donation_row_from {
    () => {
        "FROM donations d JOIN campaigns c ON c.id = d.campaign_id JOIN donors p ON p.id = d.donor_id"
    };
}

/// A gift's row, as [`super::DonationRow`] reads it; append a `WHERE`.
pub(super) const DONATION_ROW_SELECT: &str = concat!(
    "SELECT ",
    donation_row_columns!(),
    " ",
    donation_row_from!()
);

/// A refund with its gift, as [`super::RefundRow`] reads it; append a `WHERE`.
pub(super) const REFUND_ROW_SELECT: &str = concat!(
    "SELECT r.id AS refund_id, r.cents AS refund_cents, r.refunded_at AS refund_at, ",
    donation_row_columns!(),
    " ",
    donation_row_from!(),
    " JOIN refunds r ON r.donation_id = d.id"
);

/// What [`super::DonationFilter`] selects, over `$1`…`$7` bound by [`bind_filter`].
pub(super) const DONATION_FILTER: &str = "($1 IS NULL OR d.campaign_id = $1) \
     AND ($2 IS NULL OR COALESCE(d.confirmed_at, d.created_at) >= $2) \
     AND ($3 IS NULL OR COALESCE(d.confirmed_at, d.created_at) < $3) \
     AND ($4 IS NULL OR d.status = $4 OR ($4 = 'received' AND d.status IN ('succeeded', 'refunded'))) \
     AND ($5 IS NULL OR d.method = $5) AND ($6 IS NULL OR d.frequency = $6) \
     AND ($7 IS NULL OR d.search_key LIKE $7 ESCAPE '!')";

/// The `LIKE` pattern of a staff search over donors' folded keys
/// ([`crate::domain::search`]): the text anywhere, folded the same way.
pub(super) fn search_pattern(search: &str) -> String {
    like_pattern(&crate::domain::search::fold(search))
}

/// The `LIKE` pattern of `search` trimmed and lower-cased (to compare with a
/// `LOWER(…)` column): anywhere, its wildcards taken literally.
pub(super) fn like_pattern(search: &str) -> String {
    let mut pattern = String::from("%");
    for c in search.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '!') {
            pattern.push('!');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Binds a [`super::DonationFilter`] as `$1`…`$7` of [`DONATION_FILTER`].
macro_rules! bind_filter {
    ($query:expr, $filter:expr) => {
        $query
            .bind($filter.campaign_id)
            .bind($filter.from.map($crate::store::sql::ts))
            .bind($filter.to.map($crate::store::sql::ts))
            .bind($filter.status.as_deref())
            .bind($filter.method.as_deref())
            .bind($filter.frequency.as_deref())
            .bind(
                $filter
                    .search
                    .as_deref()
                    .filter(|s| !s.trim().is_empty())
                    .map($crate::store::sql::search_pattern),
            )
    };
}
pub(super) use bind_filter;

/// A line of the receipts register; append a `WHERE`.
pub(super) const REGISTER_SELECT: &str = "SELECT r.id, r.number, r.year, r.seq, r.kind, r.donor_id, \
     r.donor_first_name, r.donor_last_name, r.donor_postal_code, r.donor_city, r.amount_cents, \
     r.payment_method, r.gift_date, r.period_start, r.period_end, r.issued_at, r.status, r.cancelled_at, \
     r.cancel_reason, o.number AS replaces, \
     (SELECT n.number FROM receipts n WHERE n.replaces_receipt_id = r.id ORDER BY n.id LIMIT 1) AS replaced_by, \
     d.public_id AS donation_public_id \
     FROM receipts r LEFT JOIN receipts o ON o.id = r.replaces_receipt_id \
     LEFT JOIN donations d ON d.id = r.donation_id";

macro_rules! impl_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
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
                            .bind($crate::domain::search::identity_key(&identity))
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

            async fn count_campaigns(&self) -> $crate::store::StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM campaigns").fetch_one(&self.pool).await?)
            }

            async fn create_campaign(
                &self,
                c: &$crate::store::NewCampaign,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::domain::campaign::Campaign> {
                use $crate::store::sql::ts;
                let now = ts(now);
                let mut tx = self.writer.begin().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO campaigns (slug, title, body_markdown, goal_kind, goal_cents, goal_donors, \
                     starts_at, ends_at, suggested_amounts, monthly_counting, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
                )
                .bind(c.slug.as_str())
                .bind(&c.title)
                .bind(&c.body_markdown)
                .bind(c.goal.kind())
                .bind(c.goal.cents().get())
                .bind(c.goal.donors())
                .bind(ts(c.starts_at))
                .bind(ts(c.ends_at))
                .bind($crate::store::rows::encode_amounts(&c.suggested_amounts))
                .bind(c.monthly_counting.as_str())
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO campaign_totals (campaign_id, shard, updated_at) VALUES ($1, 0, $2)")
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok($crate::domain::campaign::Campaign {
                    id,
                    slug: c.slug.clone(),
                    title: c.title.clone(),
                    body_markdown: c.body_markdown.clone(),
                    goal: c.goal,
                    starts_at: ts(c.starts_at),
                    ends_at: ts(c.ends_at),
                    suggested_amounts: c.suggested_amounts.clone(),
                    monthly_counting: c.monthly_counting,
                    closed_at: None,
                })
            }

            async fn campaign_by_slug(
                &self,
                slug: &str,
            ) -> $crate::store::StoreResult<Option<$crate::store::CampaignProgress>> {
                let sql = format!("{} WHERE c.slug = $1", $crate::store::sql::CAMPAIGN_SELECT);
                let row: Option<$crate::store::rows::CampaignRow> =
                    sqlx::query_as(&sql).bind(slug).fetch_optional(&self.pool).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn campaign_by_id(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::CampaignProgress>> {
                let sql = format!("{} WHERE c.id = $1", $crate::store::sql::CAMPAIGN_SELECT);
                let row: Option<$crate::store::rows::CampaignRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
                row.map(TryInto::try_into).transpose()
            }

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

            async fn receipt_register(
                &self,
                year: i32,
                after_seq: i64,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::RegisterRow>> {
                let sql = format!(
                    "{} WHERE r.year = $1 AND r.seq > $2 ORDER BY r.seq LIMIT $3",
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
                    "{} WHERE year = $1 AND seq > $2 AND status = 'valid' AND purged_at IS NULL ORDER BY seq LIMIT $3",
                    $crate::store::sql::RECEIPT_SELECT
                ))
                .bind(i64::from(year))
                .bind(after_seq)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn receipt_numbers(&self, year: i32) -> $crate::store::StoreResult<(Vec<i64>, i64)> {
                let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM receipts WHERE year = $1 ORDER BY seq")
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
                let years: Vec<i64> = sqlx::query_scalar("SELECT year FROM receipt_counters ORDER BY year DESC")
                    .fetch_all(&self.pool)
                    .await?;
                Ok(years.into_iter().filter_map(|y| i32::try_from(y).ok()).collect())
            }

            async fn receipt_figures(&self, year: i32) -> $crate::store::StoreResult<(i64, i64)> {
                Ok(sqlx::query_as(
                    "SELECT COUNT(*), CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM receipts \
                     WHERE year = $1 AND status = 'valid'",
                )
                .bind(i64::from(year))
                .fetch_one(&self.pool)
                .await?)
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

            async fn event_payload(
                &self,
                provider: &str,
                event_id: &str,
            ) -> $crate::store::StoreResult<Option<(String, String)>> {
                Ok(sqlx::query_as("SELECT outcome, payload FROM webhook_events WHERE provider = $1 AND event_id = $2")
                    .bind(provider)
                    .bind(event_id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn update_campaign(
                &self,
                id: i64,
                c: &$crate::store::NewCampaign,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                use $crate::store::sql::ts;
                let done = sqlx::query(
                    "UPDATE campaigns SET slug = $1, title = $2, body_markdown = $3, goal_kind = $4, goal_cents = $5, \
                     goal_donors = $6, starts_at = $7, ends_at = $8, suggested_amounts = $9, monthly_counting = $10, \
                     updated_at = $11 WHERE id = $12",
                )
                .bind(c.slug.as_str())
                .bind(&c.title)
                .bind(&c.body_markdown)
                .bind(c.goal.kind())
                .bind(c.goal.cents().get())
                .bind(c.goal.donors())
                .bind(ts(c.starts_at))
                .bind(ts(c.ends_at))
                .bind($crate::store::rows::encode_amounts(&c.suggested_amounts))
                .bind(c.monthly_counting.as_str())
                .bind(ts(now))
                .bind(id)
                .execute(&self.writer)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::store::StoreError::NotFound);
                }
                self.totals_changed(id);
                Ok(())
            }

            async fn set_campaign_closed(
                &self,
                id: i64,
                closed: bool,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                let now = $crate::store::sql::ts(now);
                let done = sqlx::query(
                    "UPDATE campaigns SET closed_at = CASE WHEN $1 THEN COALESCE(closed_at, $2) ELSE NULL END, \
                     final_raised_cents = CASE WHEN $1 THEN COALESCE(final_raised_cents, \
                       (SELECT CAST(SUM(raised_cents) AS BIGINT) FROM campaign_totals WHERE campaign_id = $3)) ELSE NULL END, \
                     final_donor_count = CASE WHEN $1 THEN COALESCE(final_donor_count, \
                       (SELECT CAST(SUM(donor_count) AS BIGINT) FROM campaign_totals WHERE campaign_id = $3)) ELSE NULL END, \
                     final_donation_count = CASE WHEN $1 THEN COALESCE(final_donation_count, \
                       (SELECT CAST(SUM(donation_count) AS BIGINT) FROM campaign_totals WHERE campaign_id = $3)) ELSE NULL END, \
                     updated_at = $2 WHERE id = $3",
                )
                .bind(closed)
                .bind(now)
                .bind(id)
                .execute(&self.writer)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::store::StoreError::NotFound);
                }
                self.totals_changed(id);
                Ok(())
            }

            fn sessions(&self) -> $crate::store::sessions::SessionStore {
                self.session_store()
            }

            async fn listen_progress(&self, changed: tokio::sync::mpsc::UnboundedSender<i64>) -> $crate::store::StoreResult<bool> {
                self.listen(changed).await
            }

            async fn list_campaigns(&self) -> $crate::store::StoreResult<Vec<$crate::store::CampaignProgress>> {
                let sql = format!("{} ORDER BY c.starts_at DESC, c.id DESC", $crate::store::sql::CAMPAIGN_SELECT);
                let rows: Vec<$crate::store::rows::CampaignRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn create_pending_donation(
                &self,
                d: &$crate::store::NewDonation,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::store::PendingDonation> {
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
                let search_key =
                    $crate::domain::search::donor_key(&d.donor.email, &d.donor.first_name, &d.donor.last_name);
                let donor_id: i64 = sqlx::query_scalar(
                    "INSERT INTO donors (email, first_name, last_name, address, postal_code, city, country, \
                     created_at, updated_at, search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) \
                     ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id",
                )
                .bind(&d.donor.email)
                .bind(&d.donor.first_name)
                .bind(&d.donor.last_name)
                .bind(&d.donor.address)
                .bind(&d.donor.postal_code)
                .bind(&d.donor.city)
                .bind(&d.donor.country)
                .bind(now)
                .bind(&search_key)
                .fetch_one(&mut *tx)
                .await?;
                let subscription_id: Option<i64> = if d.frequency == $crate::store::Frequency::Monthly {
                    Some(
                        sqlx::query_scalar(
                            "INSERT INTO subscriptions (public_id, campaign_id, donor_id, amount_cents, status, \
                             provider, created_at, updated_at, donor_first_name, donor_last_name, donor_address, \
                             donor_postal_code, donor_city, donor_country) \
                             VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                        )
                        .bind(random_public_id()?)
                        .bind(d.campaign_id)
                        .bind(donor_id)
                        .bind(d.amount.get())
                        .bind(d.provider)
                        .bind(now)
                        .bind(&d.donor.first_name)
                        .bind(&d.donor.last_name)
                        .bind(&d.donor.address)
                        .bind(&d.donor.postal_code)
                        .bind(&d.donor.city)
                        .bind(&d.donor.country)
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
                     donor_country, search_key) \
                     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
                     RETURNING {PENDING_COLUMNS}"
                ))
                .bind(random_public_id()?)
                .bind(d.campaign_id)
                .bind(donor_id)
                .bind(subscription_id)
                .bind(d.frequency.as_str())
                .bind(d.amount.get())
                .bind(d.provider)
                .bind(d.idempotency_key.as_deref())
                .bind(d.wants_receipt)
                .bind(now)
                .bind(&d.donor.first_name)
                .bind(&d.donor.last_name)
                .bind(&d.donor.address)
                .bind(&d.donor.postal_code)
                .bind(&d.donor.city)
                .bind(&d.donor.country)
                .bind(&search_key)
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
                let failed: Option<(i64, Option<i64>)> = sqlx::query_as(
                    "UPDATE donations SET status = 'failed', failed_at = $1 \
                     WHERE public_id = $2 AND status = 'pending' RETURNING id, subscription_id",
                )
                .bind(now)
                .bind(public_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((id, subscription_id)) = failed else {
                    return Ok(false);
                };
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

            async fn active_subscriptions(
                &self,
                provider: &str,
            ) -> $crate::store::StoreResult<Vec<$crate::store::Subscription>> {
                let rows: Vec<$crate::store::rows::SubscriptionRow> = sqlx::query_as(&format!(
                    "{} WHERE s.provider = $1 AND s.status = 'active' ORDER BY s.id",
                    $crate::store::rows::SUBSCRIPTION_SELECT
                ))
                .bind(provider)
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
                     donor_country, search_key) \
                     SELECT $1, s.campaign_id, s.donor_id, s.id, 'monthly', s.amount_cents, 'pending', s.provider, $2, \
                     first.wants_receipt, $3, s.donor_first_name, s.donor_last_name, s.donor_address, \
                     s.donor_postal_code, s.donor_city, s.donor_country, \
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
                provider: &str,
                provider_ref: &str,
            ) -> $crate::store::StoreResult<Option<$crate::store::DonationSummary>> {
                // The payment's own reference, or one linked to it since.
                let sql = format!(
                    "{} WHERE d.provider = $1 AND (d.provider_ref = $2 OR d.id = \
                     (SELECT l.donation_id FROM payment_links l WHERE l.provider = $1 AND l.reference = $2))",
                    $crate::store::rows::SUMMARY_SELECT
                );
                let row: Option<$crate::store::rows::SummaryRow> =
                    sqlx::query_as(&sql).bind(provider).bind(provider_ref).fetch_optional(&self.pool).await?;
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
                provider: &str,
                provider_ref: &str,
            ) -> $crate::store::StoreResult<Option<$crate::store::Subscription>> {
                let row: Option<$crate::store::rows::SubscriptionRow> = sqlx::query_as(&format!(
                    "{} WHERE s.provider = $1 AND s.provider_ref = $2",
                    $crate::store::rows::SUBSCRIPTION_SELECT
                ))
                .bind(provider)
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
                provider: &str,
                reference: &str,
                donation_id: i64,
                found_by: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO payment_links (provider, reference, donation_id, found_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider, reference) DO NOTHING",
                )
                .bind(provider)
                .bind(reference)
                .bind(donation_id)
                .bind(found_by)
                .bind($crate::store::sql::ts(now))
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn event_outcome(&self, provider: &str, event_id: &str) -> $crate::store::StoreResult<Option<String>> {
                let outcome: Option<String> =
                    sqlx::query_scalar("SELECT outcome FROM webhook_events WHERE provider = $1 AND event_id = $2")
                        .bind(provider)
                        .bind(event_id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(outcome.filter(|o| o != "failed"))
            }

            async fn save_event(
                &self,
                provider: &str,
                event_id: &str,
                event_type: &str,
                payload: &str,
                outcome: &str,
                detail: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO webhook_events (provider, event_id, event_type, received_at, outcome, detail, payload) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (provider, event_id) DO UPDATE \
                     SET outcome = excluded.outcome, detail = excluded.detail, received_at = excluded.received_at",
                )
                .bind(provider)
                .bind(event_id)
                .bind(event_type)
                .bind($crate::store::sql::ts(now))
                .bind(outcome)
                .bind(detail)
                .bind(payload)
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn recent_events(
                &self,
                provider: &str,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<(String, String, Option<String>)>> {
                Ok(sqlx::query_as(
                    "SELECT event_type, outcome, detail FROM webhook_events WHERE provider = $1 ORDER BY id DESC LIMIT $2",
                )
                .bind(provider)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn count_donations(&self, campaign_id: i64) -> $crate::store::StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM donations WHERE campaign_id = $1")
                    .bind(campaign_id)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn stale_pending_donations(
                &self,
                provider: &str,
                before: time::OffsetDateTime,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<(String, Option<String>)>> {
                Ok(sqlx::query_as(
                    "SELECT public_id, provider_ref FROM donations WHERE provider = $1 AND status = 'pending' \
                     AND created_at <= $2 ORDER BY id LIMIT $3",
                )
                .bind(provider)
                .bind($crate::store::sql::ts(before))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

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

            async fn subscription_first_donation(&self, subscription_id: i64) -> $crate::store::StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT MIN(id) FROM donations WHERE subscription_id = $1")
                    .bind(subscription_id)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn reduction_rate_percent(&self) -> $crate::store::StoreResult<i64> {
                let rate: Option<i64> = sqlx::query_scalar("SELECT reduction_rate_percent FROM organisation WHERE id = 1")
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(rate.unwrap_or(66))
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
                    let existing: Option<i64> = if r.kind == "single" {
                        sqlx::query_scalar(
                            "SELECT id FROM receipts WHERE donation_id = $1 AND kind = 'single' AND status = 'valid'",
                        )
                        .bind(r.donation_id)
                        .fetch_optional(&mut *tx)
                        .await?
                    } else {
                        sqlx::query_scalar(
                            "SELECT id FROM receipts WHERE donor_id = $1 AND covers_year = $2 AND donor_key = $3 \
                             AND kind = 'annual' AND status = 'valid'",
                        )
                        .bind(r.donor_id)
                        .bind(r.covers_year.map(i64::from))
                        .bind($crate::domain::search::identity_key(&r.donor))
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
            ) -> $crate::store::StoreResult<Vec<$crate::store::MonthlyPayment>> {
                use $crate::store::sql::ts;
                Ok(sqlx::query_as(
                    "SELECT d.id AS donation_id, d.donor_id, d.confirmed_at, \
                     d.amount_cents - d.refunded_cents AS amount_cents, d.wants_receipt, d.method, \
                     p.email AS donor_email, d.donor_first_name, d.donor_last_name, d.donor_address, \
                     d.donor_postal_code, d.donor_city, d.donor_country \
                     FROM donations d JOIN donors p ON p.id = d.donor_id \
                     WHERE d.frequency = 'monthly' AND d.status = 'succeeded' \
                     AND d.confirmed_at >= $1 AND d.confirmed_at < $2 AND d.amount_cents > d.refunded_cents \
                     ORDER BY d.donor_id, d.confirmed_at, d.id",
                )
                .bind(ts(from))
                .bind(ts(to))
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
                     AND d.wants_receipt AND d.id > $1 \
                     AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.donation_id = d.id) \
                     AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.dedupe_key = 'donation_confirmed:' || d.id \
                       AND j.status IN ('queued', 'running')) ORDER BY d.id LIMIT $2",
                )
                .bind(after_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn donor_details(
                &self,
                donor_id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::DonorDetails>> {
                let row: Option<(String, String, String, String, String, String, String)> = sqlx::query_as(
                    "SELECT email, first_name, last_name, address, postal_code, city, country FROM donors WHERE id = $1",
                )
                .bind(donor_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(email, first_name, last_name, address, postal_code, city, country)| {
                    $crate::store::DonorDetails {
                        email,
                        first_name,
                        last_name,
                        address,
                        postal_code,
                        city,
                        country,
                    }
                }))
            }

            async fn gift_identity(
                &self,
                donation_id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::DonorDetails>> {
                let row: Option<(String, String, String, String, String, String, String)> = sqlx::query_as(
                    "SELECT p.email, d.donor_first_name, d.donor_last_name, d.donor_address, d.donor_postal_code, \
                     d.donor_city, d.donor_country FROM donations d JOIN donors p ON p.id = d.donor_id WHERE d.id = $1",
                )
                .bind(donation_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(email, first_name, last_name, address, postal_code, city, country)| {
                    $crate::store::DonorDetails {
                        email,
                        first_name,
                        last_name,
                        address,
                        postal_code,
                        city,
                        country,
                    }
                }))
            }

            async fn correct_donor_details(
                &self,
                donor_id: i64,
                details: &$crate::store::DonorDetails,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<u64> {
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
                .bind(&details.first_name)
                .bind(&details.last_name)
                .bind(&details.address)
                .bind(&details.postal_code)
                .bind(&details.city)
                .bind(&details.country)
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
                .bind(&details.first_name)
                .bind(&details.last_name)
                .bind(&details.address)
                .bind(&details.postal_code)
                .bind(&details.city)
                .bind(&details.country)
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
                .bind(&details.first_name)
                .bind(&details.last_name)
                .bind(&details.address)
                .bind(&details.postal_code)
                .bind(&details.city)
                .bind(&details.country)
                .bind(now)
                .bind(donor_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(gifts)
            }

            async fn donor_receipts(&self, donor_id: i64) -> $crate::store::StoreResult<Vec<$crate::store::Receipt>> {
                use $crate::store::sql::RECEIPT_SELECT;
                Ok(sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE donor_id = $1 ORDER BY id DESC"))
                    .bind(donor_id)
                    .fetch_all(&self.pool)
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

            async fn has_active_admin(&self) -> $crate::store::StoreResult<bool> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM staff_users WHERE role = 'admin' AND disabled_at IS NULL \
                     AND password_hash IS NOT NULL",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok(n > 0)
            }

            async fn create_invitation(
                &self,
                inv: &$crate::store::NewInvitation,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                use $crate::store::sql::ts;
                sqlx::query(
                    "INSERT INTO staff_invitations (token_hash, purpose, email, role, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&inv.token_hash)
                .bind(inv.purpose)
                .bind(inv.email.as_deref())
                .bind(inv.role)
                .bind(ts(now))
                .bind(ts(inv.expires_at))
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn invitation(
                &self,
                token_hash: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<Option<$crate::store::Invitation>> {
                let row: Option<(Option<String>, String)> = sqlx::query_as(
                    "SELECT email, role FROM staff_invitations WHERE token_hash = $1 AND used_at IS NULL \
                     AND expires_at > $2",
                )
                .bind(token_hash)
                .bind($crate::store::sql::ts(now))
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(email, role)| $crate::store::Invitation { email, role }))
            }

            async fn accept_invitation(
                &self,
                token_hash: &str,
                email: &str,
                password_hash: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::store::StaffUser> {
                let now = $crate::store::sql::ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                // Used in the same statement that checks it: a link works once.
                let role: Option<String> = sqlx::query_scalar(
                    "UPDATE staff_invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
                     AND expires_at > $1 RETURNING role",
                )
                .bind(now)
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(role) = role else {
                    return Err($crate::store::StoreError::NotFound);
                };
                let user: $crate::store::StaffUser = sqlx::query_as(
                    "INSERT INTO staff_users (email, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role \
                     RETURNING id, email, role, password_hash, disabled_at IS NOT NULL AS disabled",
                )
                .bind(email)
                .bind(&role)
                .bind(password_hash)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO audit_log (at, actor_id, actor_label, action, target, detail) \
                     VALUES ($1, $2, $3, 'account.password_set', $3, $4)",
                )
                .bind(now)
                .bind(user.id)
                .bind(&user.email)
                .bind(&role)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(user)
            }

            async fn staff_by_email(&self, email: &str) -> $crate::store::StoreResult<Option<$crate::store::StaffUser>> {
                Ok(sqlx::query_as(
                    "SELECT id, email, role, password_hash, disabled_at IS NOT NULL AS disabled \
                     FROM staff_users WHERE email = $1",
                )
                .bind(email)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn staff_by_id(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::StaffUser>> {
                Ok(sqlx::query_as(
                    "SELECT id, email, role, password_hash, disabled_at IS NOT NULL AS disabled \
                     FROM staff_users WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn staff_logged_in(&self, id: i64, now: time::OffsetDateTime) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE staff_users SET last_login_at = $1 WHERE id = $2")
                    .bind($crate::store::sql::ts(now))
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn set_staff_password(&self, id: i64, password_hash: &str) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE staff_users SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn list_staff(
                &self,
            ) -> $crate::store::StoreResult<Vec<($crate::store::StaffUser, Option<time::OffsetDateTime>)>> {
                let rows: Vec<(i64, String, String, Option<String>, bool, Option<time::OffsetDateTime>)> = sqlx::query_as(
                    "SELECT id, email, role, password_hash, disabled_at IS NOT NULL, last_login_at \
                     FROM staff_users ORDER BY email",
                )
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, email, role, password_hash, disabled, last)| {
                        ($crate::store::StaffUser { id, email, role, password_hash, disabled }, last)
                    })
                    .collect())
            }

            async fn disable_staff(&self, id: i64, now: time::OffsetDateTime) -> $crate::store::StoreResult<bool> {
                let done = sqlx::query("UPDATE staff_users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
                    .bind($crate::store::sql::ts(now))
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn audit(
                &self,
                actor: Option<i64>,
                actor_label: &str,
                action: &str,
                target: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO audit_log (at, actor_id, actor_label, action, target) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind($crate::store::sql::ts(now))
                .bind(actor)
                .bind(actor_label)
                .bind(action)
                .bind(target)
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn recent_audit(&self, limit: i64) -> $crate::store::StoreResult<Vec<(String, String, String)>> {
                Ok(sqlx::query_as(
                    "SELECT actor_label, action, target FROM audit_log ORDER BY id DESC LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }


            async fn payment_events(
                &self,
                limit: i64,
                offset: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::PaymentEvent>> {
                Ok(sqlx::query_as(
                    "SELECT provider, event_id, event_type, received_at, outcome, detail \
                     FROM webhook_events ORDER BY id DESC LIMIT $1 OFFSET $2",
                )
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn guestbook_entries(
                &self,
                status: &str,
                limit: i64,
                offset: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::GuestbookEntry>> {
                use $crate::store::sql::GUESTBOOK_SELECT;
                let order = if status == "pending" {
                    "g.submitted_at, g.id"
                } else {
                    "g.moderated_at DESC, g.id DESC"
                };
                Ok(sqlx::query_as(&format!(
                    "{GUESTBOOK_SELECT} WHERE g.status = $1 ORDER BY {order} LIMIT $2 OFFSET $3"
                ))
                .bind(status)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn guestbook_counts(&self) -> $crate::store::StoreResult<Vec<(String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT status, COUNT(*) FROM guestbook_entries GROUP BY status ORDER BY status",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn moderate_guestbook(
                &self,
                ids: &[i64],
                decision: $crate::domain::guestbook::Decision,
                reason: Option<&str>,
                moderator: &$crate::store::StaffUser,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<Vec<i64>> {
                use $crate::domain::guestbook::Decision;
                use $crate::store::sql::{placeholders, ts};
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let now = ts(now);
                let reason = match decision {
                    Decision::Approve => None,
                    Decision::Reject | Decision::Hide => reason.filter(|r| !r.is_empty()),
                };
                let from = decision.applies_to();
                let sql = format!(
                    "UPDATE guestbook_entries SET status = $1, moderated_at = $2, moderated_by = $3, \
                     rejection_reason = $4 WHERE status IN ({}) AND id IN ({}) RETURNING id",
                    placeholders(5, from.len()),
                    placeholders(5 + from.len(), ids.len())
                );
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                let mut query = sqlx::query_scalar(&sql)
                    .bind(decision.new_status())
                    .bind(now)
                    .bind(moderator.id)
                    .bind(reason);
                for status in from {
                    query = query.bind(*status);
                }
                for id in ids {
                    query = query.bind(*id);
                }
                let mut changed: Vec<i64> = query.fetch_all(&mut *tx).await?;
                changed.sort_unstable();
                if !changed.is_empty() {
                    let rows = (0..changed.len())
                        .map(|i| format!("($1, $2, $3, $4, $5, ${})", i + 6))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let sql = format!(
                        "INSERT INTO audit_log (at, actor_id, actor_label, action, detail, target) VALUES {rows}"
                    );
                    let mut query = sqlx::query(&sql)
                    .bind(now)
                    .bind(moderator.id)
                    .bind(&moderator.email)
                    .bind(decision.audit_action())
                    .bind(reason.unwrap_or(""));
                    for id in &changed {
                        query = query.bind(format!("guestbook:{id}"));
                    }
                    query.execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(changed)
            }

            async fn published_messages(
                &self,
                campaign_id: i64,
                after: Option<$crate::domain::guestbook::Cursor>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::PublishedMessage>> {
                // With no cursor, start after the end of time.
                let (at, id) = match after {
                    Some(c) => (
                        time::OffsetDateTime::from_unix_timestamp(c.published_unix)
                            .map_err(|_| $crate::store::StoreError::NotFound)?,
                        c.id,
                    ),
                    None => (time::macros::datetime!(9999-12-31 0:00 UTC), i64::MAX),
                };
                Ok(sqlx::query_as(
                    "SELECT g.id, g.display_name, g.message, \
                     CASE WHEN g.show_amount THEN d.amount_cents ELSE 0 END AS amount_cents, \
                     d.frequency, g.submitted_at, g.moderated_at AS published_at \
                     FROM guestbook_entries g JOIN donations d ON d.id = g.donation_id \
                     WHERE g.campaign_id = $1 AND g.status = 'approved' \
                     AND (g.moderated_at < $2 OR (g.moderated_at = $2 AND g.id < $3)) \
                     ORDER BY g.moderated_at DESC, g.id DESC LIMIT $4",
                )
                .bind(campaign_id)
                .bind($crate::store::sql::ts(at))
                .bind(id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn donor_messages(
                &self,
                donor_id: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::GuestbookEntry>> {
                use $crate::store::sql::GUESTBOOK_SELECT;
                Ok(sqlx::query_as(&format!(
                    "{GUESTBOOK_SELECT} WHERE d.donor_id = $1 \
                     AND g.status IN ('pending', 'approved', 'rejected', 'hidden') ORDER BY g.id DESC"
                ))
                .bind(donor_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn edit_message(
                &self,
                donor_id: i64,
                entry_id: i64,
                edit: &$crate::store::MessageEdit,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<bool> {
                let result = sqlx::query(
                    "UPDATE guestbook_entries SET message = $1, display_name = $2, show_amount = $3, \
                     status = 'pending', submitted_at = $4, moderated_at = NULL, moderated_by = NULL, \
                     rejection_reason = NULL \
                     WHERE id = $5 AND status IN ('pending', 'approved', 'rejected', 'hidden') \
                     AND donation_id IN (SELECT id FROM donations WHERE donor_id = $6)",
                )
                .bind(&edit.message)
                .bind(&edit.display_name)
                .bind(edit.show_amount)
                .bind($crate::store::sql::ts(now))
                .bind(entry_id)
                .bind(donor_id)
                .execute(&self.writer)
                .await?;
                Ok(result.rows_affected() == 1)
            }

            async fn withdraw_message(
                &self,
                donor_id: i64,
                entry_id: i64,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<bool> {
                let result = sqlx::query(
                    "UPDATE guestbook_entries SET status = 'withdrawn', message = '', moderated_at = $1 \
                     WHERE id = $2 AND status IN ('pending', 'approved', 'rejected', 'hidden') \
                     AND donation_id IN (SELECT id FROM donations WHERE donor_id = $3)",
                )
                .bind($crate::store::sql::ts(now))
                .bind(entry_id)
                .bind(donor_id)
                .execute(&self.writer)
                .await?;
                Ok(result.rows_affected() == 1)
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

        impl $crate::store::batch::ConfirmBatch for $store {
            async fn confirm_batch(
                &self,
                batch: &[$crate::store::ConfirmRequest],
            ) -> $crate::store::StoreResult<Vec<$crate::store::StoreResult<$crate::store::Confirmation>>> {
                use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
                use $crate::domain::campaign::MonthlyCounting;
                use $crate::domain::lifecycle::{GiftStatus, Paid, Payable, paid};
                use $crate::domain::money::Cents;
                use $crate::store::sql::{placeholders, ts};
                use $crate::store::{Confirmation, StoreError, rows::ConfirmedRow, rows::TotalsRow};
                let Some(now) = batch.iter().map(|r| r.now).max() else {
                    return Ok(Vec::new());
                };
                let now = ts(now);
                // Sorted and distinct: rows are locked in the same order by every batch.
                let wanted: Vec<&str> = batch
                    .iter()
                    .map(|r| r.public_id.as_str())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                // The payments still pending, locked: two confirmations of one payment
                // serialise, and the second finds it done. (SQLite: the transaction
                // already holds the database's write lock.)
                let sql = format!(
                    "SELECT id, public_id, campaign_id, donor_id, amount_cents, frequency, subscription_id, \
                     (SELECT monthly_counting FROM campaigns c WHERE c.id = donations.campaign_id) AS monthly_counting \
                     FROM donations WHERE status = 'pending' AND public_id IN ({}){}",
                    placeholders(1, wanted.len()),
                    $row_lock
                );
                let mut query = sqlx::query_as::<_, ConfirmedRow>(&sql);
                for id in &wanted {
                    query = query.bind(*id);
                }
                let mut confirmed: Vec<ConfirmedRow> = query.fetch_all(&mut *tx).await?;
                confirmed.sort_by_key(|d| d.id);

                // Whether each is its monthly gift's first payment: payments received
                // before, then the batch's own in id order.
                let subscriptions: BTreeSet<i64> = confirmed.iter().filter_map(|d| d.subscription_id).collect();
                let mut earlier: HashMap<i64, i64> = HashMap::new();
                if !subscriptions.is_empty() {
                    let sql = format!(
                        "SELECT subscription_id, COUNT(*) FROM donations WHERE subscription_id IN ({}) \
                         AND status IN ('succeeded', 'refunded') AND id NOT IN ({}) GROUP BY subscription_id",
                        placeholders(1, subscriptions.len()),
                        placeholders(1 + subscriptions.len(), confirmed.len())
                    );
                    let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
                    for sub in &subscriptions {
                        query = query.bind(*sub);
                    }
                    for d in &confirmed {
                        query = query.bind(d.id);
                    }
                    earlier = query.fetch_all(&mut *tx).await?.into_iter().collect();
                }
                // What each payment does: the domain's plan (domain::lifecycle::paid).
                let mut plans = Vec::with_capacity(confirmed.len());
                for d in &confirmed {
                    let counting = MonthlyCounting::parse(&d.monthly_counting)
                        .ok_or_else(|| StoreError::Corrupt(format!("campaign {}: monthly_counting", d.campaign_id)))?;
                    let frequency = $crate::domain::donation::Frequency::parse(&d.frequency)
                        .ok_or_else(|| StoreError::Corrupt(format!("donation {}: frequency", d.id)))?;
                    let first = match d.subscription_id {
                        None => true,
                        Some(sub) => {
                            let before = earlier.entry(sub).or_insert(0);
                            *before += 1;
                            *before == 1
                        }
                    };
                    let state = Payable {
                        status: GiftStatus::Pending,
                        amount: Cents::new(d.amount_cents),
                        frequency,
                        first_of_its_gift: first,
                        counting,
                    };
                    match paid(&state) {
                        Paid::Apply(plan) => plans.push(plan),
                        // Only pending payments were selected.
                        Paid::AlreadyReceived | Paid::Refused(_) => {
                            return Err(StoreError::InvalidState("a pending payment has no plan"));
                        }
                    }
                }
                let counted: Vec<i64> = plans.iter().map(|p| p.counted.get()).collect();
                // Monthly gifts the plans activate.
                let activated: BTreeSet<i64> = confirmed
                    .iter()
                    .zip(&plans)
                    .filter(|(_, plan)| plan.activate_monthly_gift)
                    .filter_map(|(d, _)| d.subscription_id)
                    .collect();

                // Each payment's own details, from the first request that named it.
                let mut first_request: HashMap<&str, &$crate::store::ConfirmRequest> = HashMap::new();
                for request in batch {
                    first_request.entry(request.public_id.as_str()).or_insert(request);
                }
                let mut totals: HashMap<i64, $crate::domain::campaign::Totals> = HashMap::new();
                if !confirmed.is_empty() {
                    let (mut method, mut reference, mut count, mut at, mut ids) =
                        (String::new(), String::new(), String::new(), String::new(), Vec::new());
                    for i in 0..confirmed.len() {
                        let p = 5 * i;
                        method.push_str(&format!(" WHEN ${} THEN ${}", p + 1, p + 2));
                        reference.push_str(&format!(" WHEN ${} THEN ${}", p + 1, p + 3));
                        count.push_str(&format!(" WHEN ${} THEN ${}", p + 1, p + 4));
                        at.push_str(&format!(" WHEN ${} THEN ${}", p + 1, p + 5));
                        ids.push(format!("${}", p + 1));
                    }
                    let sql = format!(
                        "UPDATE donations SET status = '{}', method = CASE id{method} END, \
                         provider_ref = COALESCE(CASE id{reference} END, provider_ref), \
                         counted_cents = CASE id{count} END, confirmed_at = CASE id{at} END \
                         WHERE id IN ({})",
                        GiftStatus::Succeeded.as_str(),
                        ids.join(", ")
                    );
                    let mut query = sqlx::query(&sql);
                    for (d, counted) in confirmed.iter().zip(&counted) {
                        let request = first_request[d.public_id.as_str()];
                        query = query
                            .bind(d.id)
                            .bind(request.method.as_str())
                            .bind(request.provider_ref.as_deref())
                            .bind(*counted)
                            .bind(ts(request.now));
                    }
                    query.execute(&mut *tx).await?;

                    // Messages of paid gifts enter the moderation queue.
                    let freed: Vec<i64> = confirmed
                        .iter()
                        .zip(&plans)
                        .filter(|(_, plan)| plan.message_to_moderation)
                        .map(|(d, _)| d.id)
                        .collect();
                    if !freed.is_empty() {
                        let sql = format!(
                            "UPDATE guestbook_entries SET status = 'pending', submitted_at = $1 \
                             WHERE status = 'awaiting_payment' AND donation_id IN ({})",
                            placeholders(2, freed.len())
                        );
                        let mut query = sqlx::query(&sql).bind(now);
                        for id in &freed {
                            query = query.bind(*id);
                        }
                        query.execute(&mut *tx).await?;
                    }

                    if !activated.is_empty() {
                        let sql = format!(
                            "UPDATE subscriptions SET status = 'active', updated_at = $1 \
                             WHERE status IN ('pending', 'past_due') AND id IN ({})",
                            placeholders(2, activated.len())
                        );
                        let mut query = sqlx::query(&sql).bind(now);
                        for sub in &activated {
                            query = query.bind(*sub);
                        }
                        query.execute(&mut *tx).await?;
                    }

                    // The outbox: whatever follows a payment (emails, receipt) starts from
                    // this job, written in the same transaction as the payment itself.
                    let values: Vec<String> = (0..confirmed.len())
                        .map(|i| {
                            format!(
                                "('{}', ${}, ${}, 'queued', 0, $1, $1)",
                                $crate::store::JobKind::DonationConfirmed.as_str(),
                                2 * i + 2,
                                2 * i + 3
                            )
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO jobs (kind, payload, dedupe_key, status, attempts, run_at, created_at) \
                         VALUES {} ON CONFLICT (dedupe_key) DO NOTHING",
                        values.join(", ")
                    );
                    let mut query = sqlx::query(&sql).bind(now);
                    for d in &confirmed {
                        query = query
                            .bind(format!("{{\"donation_id\":{}}}", d.id))
                            .bind(format!("donation_confirmed:{}", d.id));
                    }
                    query.execute(&mut *tx).await?;

                    // Donors: a donor is new to a campaign when all their gifts to it are here.
                    let mut gifts: BTreeMap<(i64, i64), i64> = BTreeMap::new();
                    for (d, plan) in confirmed.iter().zip(&plans) {
                        *gifts.entry((d.campaign_id, d.donor_id)).or_insert(0) += plan.gifts_change;
                    }
                    let values: Vec<String> = (0..gifts.len())
                        .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                        .collect();
                    let sql = format!(
                        "INSERT INTO campaign_donors (campaign_id, donor_id, gifts) VALUES {} \
                         ON CONFLICT (campaign_id, donor_id) DO UPDATE SET gifts = campaign_donors.gifts + excluded.gifts \
                         RETURNING campaign_id, donor_id, gifts",
                        values.join(", ")
                    );
                    let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
                    for ((campaign, donor), n) in &gifts {
                        query = query.bind(*campaign).bind(*donor).bind(*n);
                    }
                    let mut new_donors: HashMap<i64, i64> = HashMap::new();
                    for (campaign, donor, total) in query.fetch_all(&mut *tx).await? {
                        if gifts.get(&(campaign, donor)) == Some(&total) {
                            *new_donors.entry(campaign).or_insert(0) += 1;
                        }
                    }

                    // Totals: one shard row per campaign of the batch.
                    let mut by_campaign: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
                    for (d, plan) in confirmed.iter().zip(&plans) {
                        let entry = by_campaign.entry(d.campaign_id).or_insert((0, 0, d.id));
                        entry.0 += plan.counted.get();
                        entry.1 += plan.gifts_change;
                    }
                    for (campaign, (raised, donations, first_id)) in &by_campaign {
                        sqlx::query($crate::store::sql::ADD_TO_TOTALS)
                            .bind(*campaign)
                            .bind(first_id % $crate::store::sql::TOTALS_SHARDS)
                            .bind(*raised)
                            .bind(new_donors.get(campaign).copied().unwrap_or(0))
                            .bind(*donations)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        let row: TotalsRow = sqlx::query_as($crate::store::sql::READ_TOTALS)
                            .bind(*campaign)
                            .fetch_one(&mut *tx)
                            .await?;
                        totals.insert(*campaign, row.into());
                    }
                }

                // The others: confirmed before, unknown, or not payable.
                let done: HashSet<&str> = confirmed.iter().map(|d| d.public_id.as_str()).collect();
                let others: Vec<&str> = wanted.iter().copied().filter(|id| !done.contains(id)).collect();
                let mut current: HashMap<String, (String, i64)> = HashMap::new();
                if !others.is_empty() {
                    let sql = format!(
                        "SELECT public_id, status, campaign_id FROM donations WHERE public_id IN ({})",
                        placeholders(1, others.len())
                    );
                    let mut query = sqlx::query_as::<_, (String, String, i64)>(&sql);
                    for id in &others {
                        query = query.bind(*id);
                    }
                    for (id, status, campaign) in query.fetch_all(&mut *tx).await? {
                        current.insert(id, (status, campaign));
                    }
                }
                let by_public_id: HashMap<&str, &ConfirmedRow> =
                    confirmed.iter().map(|d| (d.public_id.as_str(), d)).collect();
                let mut applied: HashSet<&str> = HashSet::new();
                let results: Vec<$crate::store::StoreResult<Confirmation>> = batch
                    .iter()
                    .map(|request| {
                        let id = request.public_id.as_str();
                        if let Some(d) = by_public_id.get(id) {
                            return Ok(match (applied.insert(id), totals.get(&d.campaign_id)) {
                                (true, Some(totals)) => Confirmation::Applied {
                                    campaign_id: d.campaign_id,
                                    totals: totals.clone(),
                                },
                                _ => Confirmation::AlreadyConfirmed { campaign_id: d.campaign_id },
                            });
                        }
                        let Some((status, campaign_id)) = current.get(id) else {
                            return Err(StoreError::NotFound);
                        };
                        // No longer pending: what the domain says of it.
                        let status = GiftStatus::parse(status)
                            .ok_or_else(|| StoreError::Corrupt(format!("donation {id}: status")))?;
                        let state = Payable {
                            status,
                            amount: Cents::ZERO,
                            frequency: $crate::domain::donation::Frequency::Once,
                            first_of_its_gift: true,
                            counting: MonthlyCounting::EachPayment,
                        };
                        match paid(&state) {
                            Paid::AlreadyReceived => Ok(Confirmation::AlreadyConfirmed { campaign_id: *campaign_id }),
                            Paid::Refused(why) => Err(StoreError::InvalidState(why)),
                            Paid::Apply(_) => Err(StoreError::InvalidState("donation is not pending")),
                        }
                    })
                    .collect();

                // The events that reported them, once each.
                let mut seen: HashSet<(&str, &str)> = HashSet::new();
                let events: Vec<&$crate::store::NewEvent> = batch
                    .iter()
                    .zip(&results)
                    .filter(|(_, result)| result.is_ok())
                    .filter_map(|(request, _)| request.event.as_ref())
                    .filter(|e| seen.insert((e.provider.as_str(), e.event_id.as_str())))
                    .collect();
                if !events.is_empty() {
                    let values: Vec<String> = (0..events.len())
                        .map(|i| {
                            let p = 5 * i + 1;
                            format!("(${}, ${}, ${}, $1, 'applied', ${}, ${})", p + 1, p + 2, p + 3, p + 4, p + 5)
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO webhook_events (provider, event_id, event_type, received_at, outcome, detail, payload) \
                         VALUES {} ON CONFLICT (provider, event_id) DO UPDATE \
                         SET outcome = excluded.outcome, detail = excluded.detail, received_at = excluded.received_at",
                        values.join(", ")
                    );
                    let mut query = sqlx::query(&sql).bind(now);
                    for e in &events {
                        query = query
                            .bind(e.provider.as_str())
                            .bind(e.event_id.as_str())
                            .bind(e.event_type.as_str())
                            .bind(e.detail.as_str())
                            .bind(e.payload.as_str());
                    }
                    query.execute(&mut *tx).await?;
                }
                tx.commit().await?;
                for campaign in totals.keys() {
                    self.totals_changed(*campaign);
                }
                Ok(results)
            }
        }
    };
}

pub(super) use impl_store;
