//! Rows as both backends return them, and their conversion to domain values.

use time::OffsetDateTime;

use super::{
    CampaignProgress, DonationSummary, Frequency, PendingDonation, StoreError, Subscription,
};
use crate::domain::campaign::{Campaign, Goal, MonthlyCounting, Slug, Totals};
use crate::domain::donation::Provider;
use crate::domain::lifecycle::{GiftStatus, MonthlyStatus};
use crate::domain::money::Cents;

/// The columns `sql::CAMPAIGN_COLUMNS` selects.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct CampaignRow {
    id: i64,
    slug: String,
    title: String,
    body_markdown: String,
    goal_kind: String,
    goal_cents: i64,
    goal_donors: i64,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    suggested_amounts: String,
    monthly_counting: String,
    closed_at: Option<OffsetDateTime>,
    lang: String,
    translations: String,
    thanks_markdown: String,
    amount_labels: String,
    raised_cents: i64,
    donor_count: i64,
    donation_count: i64,
    pledged_cents: i64,
    version: i64,
    totals_updated_at: OffsetDateTime,
}

impl TryFrom<CampaignRow> for CampaignProgress {
    type Error = StoreError;

    fn try_from(row: CampaignRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("campaign {}: {what}", row.id));
        let goal = Goal::from_parts(&row.goal_kind, row.goal_cents, row.goal_donors)
            .ok_or_else(|| corrupt("goal_kind"))?;
        let monthly_counting = MonthlyCounting::parse(&row.monthly_counting)
            .ok_or_else(|| corrupt("monthly_counting"))?;
        let slug = Slug::parse(&row.slug).map_err(|_| corrupt("slug"))?;
        let suggested_amounts =
            decode_amounts(&row.suggested_amounts).ok_or_else(|| corrupt("suggested_amounts"))?;
        Ok(CampaignProgress {
            campaign: Campaign {
                id: row.id,
                slug,
                title: row.title,
                body_markdown: row.body_markdown,
                goal,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                suggested_amounts,
                monthly_counting,
                closed_at: row.closed_at,
                lang: row.lang,
                thanks_markdown: row.thanks_markdown,
                amount_labels: serde_json::from_str(&row.amount_labels)
                    .map_err(|_| corrupt("amount_labels"))?,
                translations: crate::domain::campaign::Translations::from_json(&row.translations),
            },
            totals: Totals {
                raised: Cents::new(row.raised_cents),
                donor_count: row.donor_count,
                donation_count: row.donation_count,
                pledged: Cents::new(row.pledged_cents),
                version: row.version,
                updated_at: row.totals_updated_at,
            },
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct TotalsRow {
    raised_cents: i64,
    donor_count: i64,
    donation_count: i64,
    pledged_cents: i64,
    version: i64,
    updated_at: OffsetDateTime,
}

impl From<TotalsRow> for Totals {
    fn from(row: TotalsRow) -> Self {
        Totals {
            raised: Cents::new(row.raised_cents),
            donor_count: row.donor_count,
            donation_count: row.donation_count,
            pledged: Cents::new(row.pledged_cents),
            version: row.version,
            updated_at: row.updated_at,
        }
    }
}

/// The donation columns the confirmation needs.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ConfirmedRow {
    pub id: i64,
    pub public_id: String,
    pub campaign_id: i64,
    pub donor_id: i64,
    pub amount_cents: i64,
    pub frequency: String,
    pub subscription_id: Option<i64>,
    pub monthly_counting: String,
}

/// Suggested amounts are stored as cents, comma-separated: `1000,3000,5000`.
pub(super) fn encode_amounts(amounts: &[Cents]) -> String {
    amounts
        .iter()
        .map(|c| c.get().to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The labels of the suggested amounts, as stored: a JSON array.
pub(super) fn encode_labels(labels: &[String]) -> String {
    serde_json::to_string(labels).unwrap_or_else(|_| "[]".to_owned())
}

fn decode_amounts(text: &str) -> Option<Vec<Cents>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(',')
        .map(|part| part.parse::<i64>().ok().map(Cents::new))
        .collect()
}

/// A random identifier safe to show in URLs: 128 bits, hex.
pub(super) fn random_public_id() -> Result<String, StoreError> {
    crate::tokens::random_hex(16).map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))
}

pub(super) const PENDING_COLUMNS: &str = "id, public_id, campaign_id, amount_cents, status";

#[derive(Debug, sqlx::FromRow)]
pub(super) struct PendingRow {
    pub id: i64,
    public_id: String,
    campaign_id: i64,
    amount_cents: i64,
    status: String,
}

impl From<PendingRow> for PendingDonation {
    fn from(row: PendingRow) -> Self {
        PendingDonation {
            id: row.id,
            public_id: row.public_id,
            campaign_id: row.campaign_id,
            amount: Cents::new(row.amount_cents),
            status: row.status,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct SummaryRow {
    id: i64,
    public_id: String,
    campaign_slug: String,
    campaign_title: String,
    amount_cents: i64,
    frequency: String,
    status: String,
    provider: String,
    wants_receipt: bool,
    donor_first_name: String,
    donor_email: String,
    subscription_id: Option<i64>,
    created_at: OffsetDateTime,
    donor_last_name: String,
    confirmed_at: Option<OffsetDateTime>,
    donor_id: i64,
    payment_number: i64,
    method: Option<String>,
    refunded_cents: i64,
    company: Option<String>,
    lang: String,
    campaign_lang: String,
    campaign_translations: String,
}

/// The query behind [`DonationSummary`]; append a `WHERE`.
pub(super) const SUMMARY_SELECT: &str = "SELECT d.id, d.public_id, c.slug AS campaign_slug, \
     c.title AS campaign_title, d.amount_cents, d.frequency, d.status, d.provider, d.wants_receipt, \
     d.donor_first_name, p.email AS donor_email, d.subscription_id, d.created_at, \
     d.donor_last_name, d.confirmed_at, d.donor_id, d.method, d.refunded_cents, d.company, d.lang, \
     c.lang AS campaign_lang, c.translations AS campaign_translations, \
     (SELECT COUNT(*) FROM donations x WHERE x.subscription_id = d.subscription_id AND x.id <= d.id \
       AND x.status IN ('succeeded', 'refunded')) AS payment_number \
     FROM donations d JOIN campaigns c ON c.id = d.campaign_id JOIN donors p ON p.id = d.donor_id";

impl TryFrom<SummaryRow> for DonationSummary {
    type Error = StoreError;

    fn try_from(row: SummaryRow) -> Result<Self, Self::Error> {
        let frequency = Frequency::parse(&row.frequency)
            .ok_or_else(|| StoreError::Corrupt(format!("donation {}: frequency", row.id)))?;
        Ok(DonationSummary {
            id: row.id,
            public_id: row.public_id,
            campaign_slug: row.campaign_slug,
            // In the gift's language: its pages and emails speak it.
            campaign_title: crate::domain::campaign::Translations::from_json(
                &row.campaign_translations,
            )
            .title(&row.campaign_title, &row.campaign_lang, &row.lang)
            .to_owned(),
            amount: Cents::new(row.amount_cents),
            frequency,
            status: GiftStatus::try_from(row.status)
                .map_err(|e| StoreError::Corrupt(format!("donation {}: {e}", row.id)))?,
            provider: Provider::try_from(row.provider)
                .map_err(|e| StoreError::Corrupt(format!("donation {}: {e}", row.id)))?,
            wants_receipt: row.wants_receipt,
            donor_first_name: row.donor_first_name,
            donor_email: row.donor_email,
            subscription_id: row.subscription_id,
            created_at: row.created_at,
            donor_last_name: row.donor_last_name,
            confirmed_at: row.confirmed_at,
            donor_id: row.donor_id,
            payment_number: row.payment_number,
            method: row.method,
            refunded: Cents::new(row.refunded_cents),
            company: crate::domain::donation::Company::from_json(row.company.as_deref()),
            lang: row.lang,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct SubscriptionRow {
    id: i64,
    public_id: String,
    campaign_id: i64,
    donor_id: i64,
    amount_cents: i64,
    status: String,
    provider: String,
    provider_ref: Option<String>,
    campaign_title: String,
}

/// The query behind [`Subscription`]; append a `WHERE`.
pub(super) const SUBSCRIPTION_SELECT: &str = "SELECT s.id, s.public_id, s.campaign_id, s.donor_id, \
     s.amount_cents, s.status, s.provider, s.provider_ref, c.title AS campaign_title \
     FROM subscriptions s JOIN campaigns c ON c.id = s.campaign_id";

impl TryFrom<SubscriptionRow> for Subscription {
    type Error = StoreError;

    fn try_from(row: SubscriptionRow) -> Result<Self, Self::Error> {
        Ok(Subscription {
            id: row.id,
            public_id: row.public_id,
            campaign_id: row.campaign_id,
            donor_id: row.donor_id,
            amount: Cents::new(row.amount_cents),
            status: MonthlyStatus::try_from(row.status)
                .map_err(|e| StoreError::Corrupt(format!("monthly gift {}: {e}", row.id)))?,
            provider: Provider::try_from(row.provider)
                .map_err(|e| StoreError::Corrupt(format!("monthly gift {}: {e}", row.id)))?,
            provider_ref: row.provider_ref,
            campaign_title: row.campaign_title,
        })
    }
}

/// The organisation's settings row.
#[derive(sqlx::FromRow)]
pub(super) struct OrganisationRow {
    legal_name: String,
    registration_kind: String,
    registration_number: String,
    address: String,
    postal_code: String,
    city: String,
    country: String,
    object: String,
    category: String,
    public_utility_decree_date: Option<time::Date>,
    reduction_rate_percent: i64,
    signatory_name: String,
    signatory_role: String,
    signature_png: Option<Vec<u8>>,
    logo_png: Option<Vec<u8>>,
    receipt_min_cents: i64,
    category_detail: String,
    association_1901: bool,
    journal_officiel_date: Option<time::Date>,
    details_saved: bool,
    website: String,
    contact_email: String,
}

impl From<OrganisationRow> for super::Organisation {
    fn from(r: OrganisationRow) -> Self {
        super::Organisation {
            issuer: crate::domain::receipt::Issuer {
                legal_name: r.legal_name,
                registration_kind: r.registration_kind,
                registration_number: r.registration_number,
                address: r.address,
                postal_code: r.postal_code,
                city: r.city,
                country: r.country,
                object: r.object,
                category: r.category,
                category_detail: r.category_detail,
                association_1901: r.association_1901,
                public_utility_decree_date: r.public_utility_decree_date,
                journal_officiel_date: r.journal_officiel_date,
                reduction_rate_percent: r.reduction_rate_percent,
                signatory_name: r.signatory_name,
                signatory_role: r.signatory_role,
            },
            logo_png: r.logo_png,
            signature_png: r.signature_png,
            receipt_min: crate::domain::money::Cents::new(r.receipt_min_cents),
            details_saved: r.details_saved,
            website: r.website,
            contact_email: r.contact_email,
        }
    }
}

/// An email with a name and postal address, as `SELECT`ed in that order.
pub(super) type IdentityRow = (String, String, String, String, String, String, String);

/// The details an [`IdentityRow`] holds.
pub(super) fn identity(row: IdentityRow) -> super::DonorDetails {
    let (email, first_name, last_name, address, postal_code, city, country) = row;
    super::DonorDetails {
        email,
        first_name,
        last_name,
        address,
        postal_code,
        city,
        country,
    }
}
