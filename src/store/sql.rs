//! The SQL several concerns share (selects, binders, the receipt insert, the
//! totals), and [`impl_store!`], which implements every concern's trait for a
//! backend.
//!
//! sqlx's generic executor bounds make a single generic implementation unreadable,
//! so each concern's file (`gifts.rs`, `receipts.rs`, …) holds its trait and a
//! macro writing its method bodies once, expanded for each backend's pool type;
//! each backend passes what differs (its migrations, how a write transaction
//! begins, its row locks). Parameters use `$N`, which SQLite also understands.

use time::OffsetDateTime;

pub(super) const CAMPAIGN_SELECT: &str = "SELECT c.id, c.slug, c.title, c.body_markdown, c.goal_kind, \
     c.goal_cents, c.goal_donors, c.starts_at, c.ends_at, c.suggested_amounts, c.monthly_counting, \
     c.closed_at, c.lang, c.translations, c.thanks_markdown, c.amount_labels, COALESCE(c.final_raised_cents, t.raised_cents) AS raised_cents, \
     COALESCE(c.final_donor_count, t.donor_count) AS donor_count, \
     COALESCE(c.final_donation_count, t.donation_count) AS donation_count, t.version, t.updated_at AS totals_updated_at, \
     (SELECT CAST(COALESCE(SUM(p.amount_cents), 0) AS BIGINT) FROM donations p \
       WHERE p.campaign_id = c.id AND p.transfer_ref IS NOT NULL AND p.status = 'pending') AS pledged_cents \
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
     cerfa_revision, issued_at, status, cancelled_at, cancel_reason, replaces_receipt_id, pdf_sha256, purged_at, verify_url, \
     layout, specimen, company, supplement FROM receipts";

/// The organisation's settings, in the order [`bind_organisation`] binds them.
pub(super) const ORGANISATION_COLUMNS: [&str; 22] = [
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
    "category_detail",
    "association_1901",
    "journal_officiel_date",
    "details_saved",
    "website",
    "contact_email",
];

/// Inserts the one settings row; the caller adds `DO NOTHING` or `DO UPDATE`.
pub(super) const ORGANISATION_UPSERT: &str = "INSERT INTO organisation (id, legal_name, registration_kind, \
     registration_number, address, postal_code, city, country, object, category, public_utility_decree_date, \
     reduction_rate_percent, signatory_name, signatory_role, signature_png, logo_png, receipt_min_cents, \
     category_detail, association_1901, journal_officiel_date, details_saved, website, contact_email, updated_at) \
     VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
     $22, $23) ON CONFLICT (id)";

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
            .bind(&i.category_detail)
            .bind(i.association_1901)
            .bind(i.journal_officiel_date)
            .bind(org.details_saved)
            .bind(&org.website)
            .bind(&org.contact_email)
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
            // Specimens count apart (under the year's negative), and take
            // negative seqs: the legal sequence never sees them.
            let year = i64::from(r.year);
            let counter = if r.specimen { -year } else { year };
            let seq: i64 = sqlx::query_scalar(
                "INSERT INTO receipt_counters (year, last_number) VALUES ($1, 1) \
                 ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1 \
                 RETURNING last_number",
            )
            .bind(counter)
            .fetch_one(&mut **tx)
            .await?;
            let (number, seq) = if r.specimen {
                (ReceiptNumber::specimen(r.year, seq).to_string(), -seq)
            } else {
                (ReceiptNumber::new(r.year, seq).to_string(), seq)
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO receipts (number, year, seq, kind, donor_id, donation_id, donor_first_name, \
                 donor_last_name, donor_address, donor_postal_code, donor_city, donor_country, \
                 organisation_snapshot, amount_cents, amount_words, payment_method, gift_date, \
                 period_start, period_end, cerfa_revision, issued_at, status, replaces_receipt_id, \
                 covers_year, donor_key, layout, specimen, company, supplement) VALUES ($1, $2, $3, $4, $5, $6, \
                 $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, 'valid', $22, $23, $24, \
                 $25, $26, $27, $28) RETURNING id",
            )
            .bind(&number)
            .bind(year)
            .bind(seq)
            .bind(r.kind.as_str())
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
            .bind($crate::domain::search::identity_key(&r.donor, r.company.as_ref()))
            .bind(i64::from(r.layout))
            .bind(r.specimen)
            .bind($crate::domain::donation::Company::to_json(r.company.as_ref()))
            .bind(r.supplement)
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
     CAST(SUM(version) AS BIGINT) AS version, MAX(updated_at) AS updated_at, \
     (SELECT CAST(COALESCE(SUM(p.amount_cents), 0) AS BIGINT) FROM donations p \
       WHERE p.campaign_id = $1 AND p.transfer_ref IS NOT NULL AND p.status = 'pending') AS pledged_cents \
     FROM campaign_totals WHERE campaign_id = $1";

/// Gives a campaign's totals a new version without changing its sums (the
/// pledged sum beside the bar moved), in transaction `$tx`; evaluates to the
/// totals after.
macro_rules! touch_totals {
    ($tx:ident, $campaign_id:expr, $donation_id:expr, $now:expr) => {{
        sqlx::query($crate::store::sql::ADD_TO_TOTALS)
            .bind($campaign_id)
            .bind($donation_id % $crate::store::sql::TOTALS_SHARDS)
            .bind(0i64)
            .bind(0i64)
            .bind(0i64)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        let row: $crate::store::rows::TotalsRow = sqlx::query_as($crate::store::sql::READ_TOTALS)
            .bind($campaign_id)
            .fetch_one(&mut *$tx)
            .await?;
        $crate::domain::campaign::Totals::from(row)
    }};
}
pub(crate) use touch_totals;

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
     d.receipt_refused, d.company, \
     COALESCE((SELECT r.number FROM receipts r WHERE r.donation_id = d.id AND r.kind = 'single' AND r.status = 'valid' \
       AND NOT r.specimen LIMIT 1), \
       (SELECT r.number FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id \
        WHERE l.donation_id = d.id AND r.status = 'valid' AND NOT r.specimen LIMIT 1)) AS receipt_number"
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
    "SELECT r.id AS refund_id, r.cents AS refund_cents, r.refunded_at AS refund_at, r.reason AS refund_reason, ",
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
     d.public_id AS donation_public_id, r.cerfa_revision, r.company \
     FROM receipts r LEFT JOIN receipts o ON o.id = r.replaces_receipt_id \
     LEFT JOIN donations d ON d.id = r.donation_id";

/// Implements every concern's trait ([`super::Store`]) for a backend: each
/// concern's macro gets what the backend passed (its store type, name,
/// migrations, how a write transaction begins, its row locks).
macro_rules! impl_store {
    ($($backend:tt)*) => {
        $crate::store::core::impl_core_store!($($backend)*);
        $crate::store::campaigns::impl_campaigns_store!($($backend)*);
        $crate::store::confirm::impl_confirm_batch!($($backend)*);
        $crate::store::gifts::impl_gifts_store!($($backend)*);
        $crate::store::donors::impl_donors_store!($($backend)*);
        $crate::store::receipts::impl_receipts_store!($($backend)*);
        $crate::store::guestbook::impl_guestbook_store!($($backend)*);
        $crate::store::staff::impl_staff_store!($($backend)*);
        $crate::store::jobs::impl_jobs_store!($($backend)*);
        $crate::store::events::impl_events_store!($($backend)*);
        $crate::store::finance::impl_finance_store!($($backend)*);
        $crate::store::journal::impl_journal_store!($($backend)*);
        $crate::store::bank::impl_bank_store!($($backend)*);
    };
}

pub(super) use impl_store;

/// Binds a name and postal address (first name, last name, address, postal
/// code, city, country), in that order, to any kind of query.
pub(super) trait BindIdentity<'q>: Sized {
    fn bind_identity(self, d: &'q super::DonorDetails) -> Self;
}

macro_rules! bind_identity_fields {
    ($query:expr, $d:expr) => {
        $query
            .bind(&$d.first_name)
            .bind(&$d.last_name)
            .bind(&$d.address)
            .bind(&$d.postal_code)
            .bind(&$d.city)
            .bind(&$d.country)
    };
}

impl<'q, DB: sqlx::Database> BindIdentity<'q>
    for sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    &'q String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    fn bind_identity(self, d: &'q super::DonorDetails) -> Self {
        bind_identity_fields!(self, d)
    }
}

impl<'q, DB: sqlx::Database, O> BindIdentity<'q>
    for sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>
where
    &'q String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    fn bind_identity(self, d: &'q super::DonorDetails) -> Self {
        bind_identity_fields!(self, d)
    }
}

impl<'q, DB: sqlx::Database, O> BindIdentity<'q>
    for sqlx::query::QueryScalar<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>
where
    &'q String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    fn bind_identity(self, d: &'q super::DonorDetails) -> Self {
        bind_identity_fields!(self, d)
    }
}
