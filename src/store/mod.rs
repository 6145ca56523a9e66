//! Persistence: one [`Store`] trait, implemented for SQLite and PostgreSQL.
//!
//! The backend is chosen once, from the database URL ([`connect`]). Both
//! implementations share their SQL (see `sql.rs`); where a backend needs its own
//! statement, its module holds it.

mod batch;
mod guard;
mod postgres;
mod rows;
pub mod sessions;
mod sql;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::domain::campaign::{Campaign, Totals};
pub use crate::domain::donation::{DonorDetails, Frequency};
use crate::domain::guestbook::{Cursor, Decision};
pub use crate::domain::lifecycle::{GiftStatus, MonthlyStatus};
use crate::domain::money::Cents;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or check constraint refused the write; the name says which.
    #[error("constraint violated: {0}")]
    Conflict(String),
    /// The operation does not apply to the row in its current state.
    #[error("invalid state: {0}")]
    InvalidState(&'static str),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(sqlx::Error),
    /// Text the database cannot hold (a NUL character), sent by a client.
    #[error("text with a character the database cannot hold")]
    InvalidText,
    /// The database cannot be reached for now.
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() || db.is_check_violation() => {
                StoreError::Conflict(
                    db.constraint()
                        .map(str::to_owned)
                        .unwrap_or_else(|| db.message().to_owned()),
                )
            }
            // PostgreSQL refuses text holding NUL (SQLite keeps it): whatever
            // a client sent with one cannot match anything stored.
            sqlx::Error::Database(db) if db.code().as_deref() == Some("22021") => {
                StoreError::InvalidText
            }
            _ if is_unavailable(&err) => StoreError::Unavailable(err),
            _ => StoreError::Database(err),
        }
    }
}

/// Whether `err` says the database cannot be reached (down, restarting, no
/// connection free) rather than that the query was wrong: worth a 503 and a retry.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_) => true,
        // PostgreSQL: connection exceptions (08…) and operator intervention
        // (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P0")),
        _ => false,
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A campaign to create (or its new settings).
pub type NewCampaign = crate::domain::campaign_form::CampaignSettings;

/// A campaign and its running totals.
#[derive(Debug, Clone)]
pub struct CampaignProgress {
    pub campaign: Campaign,
    pub totals: Totals,
}

/// A gift about to be paid.
#[derive(Debug, Clone)]
pub struct NewDonation {
    pub campaign_id: i64,
    pub donor: DonorDetails,
    pub amount: Cents,
    pub frequency: Frequency,
    pub provider: &'static str,
    /// Decides, with the campaign, whether a resubmitted form reuses its donation.
    pub idempotency_key: Option<String>,
    pub wants_receipt: bool,
    /// Guestbook message, queued for moderation once the payment is confirmed.
    pub message: Option<String>,
    pub display_name: String,
    pub show_amount: bool,
}

/// A donation as the payment and thank-you pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DonationSummary {
    pub id: i64,
    pub public_id: String,
    pub campaign_slug: String,
    pub campaign_title: String,
    pub amount: Cents,
    pub frequency: Frequency,
    pub status: GiftStatus,
    pub provider: String,
    pub wants_receipt: bool,
    pub donor_first_name: String,
    pub donor_email: String,
    pub subscription_id: Option<i64>,
    pub created_at: OffsetDateTime,
    pub donor_last_name: String,
    pub confirmed_at: Option<OffsetDateTime>,
    pub donor_id: i64,
    /// For a monthly gift, which payment this is (1 for the first confirmed one).
    pub payment_number: i64,
    /// How it was paid, once confirmed: `card`, `sepa_debit`, `transfer`, `cheque`, `cash`.
    pub method: Option<String>,
    /// How much of it has been refunded.
    pub refunded: Cents,
}

/// A monthly gift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: i64,
    pub public_id: String,
    pub campaign_id: i64,
    pub donor_id: i64,
    pub amount: Cents,
    pub status: MonthlyStatus,
    pub provider: String,
    /// The provider's subscription id.
    pub provider_ref: Option<String>,
    pub campaign_title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingDonation {
    pub id: i64,
    pub public_id: String,
    pub campaign_id: i64,
    pub amount: Cents,
    pub status: String,
}

/// A payment to record as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmRequest {
    pub public_id: String,
    /// `card`, `sepa_debit`, …
    pub method: String,
    /// The provider's id of the payment (payment intent, invoice).
    pub provider_ref: Option<String>,
    pub now: OffsetDateTime,
    /// The provider event that reported the payment: recorded as applied in the
    /// payment's own transaction, so that the two cannot part.
    pub event: Option<NewEvent>,
}

/// A provider's event, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub provider: String,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
    /// What applying it did, for people reading the log.
    pub detail: String,
}

/// What confirming a payment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// The payment was recorded now; the campaign's totals after it.
    Applied { campaign_id: i64, totals: Totals },
    /// It had been recorded before (a repeated webhook, a double click).
    AlreadyConfirmed { campaign_id: i64 },
}

/// Money going back on a gift, as an entry point reports it (see
/// [`crate::domain::lifecycle`] for what it does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyBackRequest {
    pub public_id: String,
    pub back: crate::domain::lifecycle::MoneyBack,
    /// The provider's object this came from (a refund, a dispute), when it is
    /// the unit of the report: a second report of it changes nothing.
    pub provider_ref: Option<String>,
    /// When the provider made its report (the event's creation time): one
    /// older than the last applied to this gift is stale.
    pub reported_at: Option<OffsetDateTime>,
    pub now: OffsetDateTime,
}

/// What money going back did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyBackOutcome {
    /// Carried out: the campaign's totals after it.
    Applied {
        campaign_id: i64,
        totals: Totals,
        plan: crate::domain::lifecycle::MoneyBackPlan,
    },
    /// Nothing to do (a repeat, a stale report), and why.
    Unchanged(&'static str),
    /// Contradicts what is known; nothing changed.
    Refused(&'static str),
}

/// What an outbox job does (stored as its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// After a payment: the thank-you or « monthly gift started », with the
    /// receipt when due (`domain::lifecycle::FollowUp`).
    DonationConfirmed,
    /// After money moved back or came back: settle the receipts.
    DonationRefunded,
    /// After a payment failed: tell the donor.
    DonationFailed,
    /// One email, by template.
    Email,
    /// A receipt issued on its own, with its PDF.
    ReceiptEmail,
    /// A receipt cancelled, with its replacement if any.
    ReceiptCancelled,
    /// Receipts for gifts paid before the settings were complete.
    ReceiptsBacklog,
    /// A year's summaries for monthly gifts.
    AnnualReceipts,
    /// The moderators' daily digest: one mail job per moderator.
    GuestbookDigest,
    GuestbookDigestMail,
}

impl JobKind {
    pub const ALL: [JobKind; 10] = [
        JobKind::DonationConfirmed,
        JobKind::DonationRefunded,
        JobKind::DonationFailed,
        JobKind::Email,
        JobKind::ReceiptEmail,
        JobKind::ReceiptCancelled,
        JobKind::ReceiptsBacklog,
        JobKind::AnnualReceipts,
        JobKind::GuestbookDigest,
        JobKind::GuestbookDigestMail,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::DonationConfirmed => "donation_confirmed",
            JobKind::DonationRefunded => "donation_refunded",
            JobKind::DonationFailed => "donation_failed",
            JobKind::Email => "email",
            JobKind::ReceiptEmail => "receipt_email",
            JobKind::ReceiptCancelled => "receipt_cancelled",
            JobKind::ReceiptsBacklog => "receipts_backlog",
            JobKind::AnnualReceipts => "annual_receipts",
            JobKind::GuestbookDigest => "guestbook_digest",
            JobKind::GuestbookDigestMail => "guestbook_digest_mail",
        }
    }

    pub fn parse(value: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

impl std::fmt::Display for JobKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for JobKind {
    type Error = crate::domain::UnknownValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        JobKind::parse(&value).ok_or(crate::domain::UnknownValue {
            what: "job kind",
            value,
        })
    }
}

/// Work for the outbox worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: JobKind,
    /// JSON.
    pub payload: String,
    /// A second job with the same key is not created.
    pub dedupe_key: Option<String>,
    pub run_at: OffsetDateTime,
}

impl NewJob {
    /// Settles a gift's receipts after money moved back or came back (cancel,
    /// and replace with what is left): one per line of the refunds ledger,
    /// queued in that line's transaction.
    pub fn settle_receipts(donation_id: i64, ledger_line: i64, now: OffsetDateTime) -> NewJob {
        NewJob {
            kind: JobKind::DonationRefunded,
            payload: serde_json::json!({ "donation_id": donation_id, "ledger_line": ledger_line })
                .to_string(),
            dedupe_key: Some(format!(
                "donation_refunded:{donation_id}:line:{ledger_line}"
            )),
            run_at: now,
        }
    }
}

/// A job claimed by a worker.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: JobKind,
    pub payload: String,
    /// Including this one.
    pub attempts: i64,
}

/// A job as staff (and tests) see it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobInfo {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// A one-time link to set a staff password.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub token_hash: String,
    pub purpose: &'static str,
    pub email: Option<String>,
    pub role: &'static str,
    pub expires_at: OffsetDateTime,
}

/// A staff member's account.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffUser {
    pub id: i64,
    pub email: String,
    /// `admin`, `finance` or `moderator`.
    pub role: String,
    pub password_hash: Option<String>,
    pub disabled: bool,
}

/// What a valid one-time link is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// `None` for the first administrator: the address is asked on the page.
    pub email: Option<String>,
    pub role: String,
}

/// The organisation's settings: what its receipts carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub issuer: crate::domain::receipt::Issuer,
    pub logo_png: Option<Vec<u8>>,
    pub signature_png: Option<Vec<u8>>,
    /// Gifts below this get no receipt.
    pub receipt_min: Cents,
}

/// A receipt to issue. Its number is allocated when it is recorded.
#[derive(Debug, Clone)]
pub struct NewReceipt {
    /// `single` or `annual`.
    pub kind: &'static str,
    pub donor_id: i64,
    pub donation_id: Option<i64>,
    pub donor: DonorDetails,
    /// The issuer's details (JSON), images named by hash.
    pub organisation_snapshot: String,
    /// Images the snapshot names: `(sha256, png)`.
    pub images: Vec<(String, Vec<u8>)>,
    pub amount: Cents,
    pub amount_words: String,
    pub payment_box: crate::domain::receipt::PaymentBox,
    pub gift_date: Option<time::Date>,
    pub period: Option<(time::Date, time::Date)>,
    /// For a yearly summary: the year it covers.
    pub covers_year: Option<i32>,
    pub cerfa_revision: String,
    /// The cancelled receipt this one replaces.
    pub replaces_receipt_id: Option<i64>,
    /// A yearly summary's payments: `(donation, date, amount)`.
    pub lines: Vec<(i64, time::Date, Cents)>,
    pub issued_at: OffsetDateTime,
    /// The year of the numbering sequence (the year of issue, Paris time).
    pub year: i32,
}

/// A receipt as recorded.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Receipt {
    pub id: i64,
    pub number: String,
    pub year: i64,
    pub seq: i64,
    pub kind: String,
    pub donor_id: i64,
    pub donation_id: Option<i64>,
    pub donor_first_name: String,
    pub donor_last_name: String,
    pub donor_address: String,
    pub donor_postal_code: String,
    pub donor_city: String,
    pub donor_country: String,
    pub organisation_snapshot: String,
    pub amount_cents: i64,
    pub amount_words: String,
    pub payment_method: String,
    pub gift_date: Option<time::Date>,
    pub period_start: Option<time::Date>,
    pub period_end: Option<time::Date>,
    pub cerfa_revision: String,
    pub issued_at: OffsetDateTime,
    /// `valid` or `cancelled`.
    pub status: String,
    pub cancelled_at: Option<OffsetDateTime>,
    pub cancel_reason: Option<String>,
    pub replaces_receipt_id: Option<i64>,
    pub pdf_sha256: Option<String>,
    /// When the donor's details were blanked, past the retention period.
    pub purged_at: Option<OffsetDateTime>,
    /// The verification address printed on it, recorded at its first rendering.
    pub verify_url: Option<String>,
}

/// What a retention purge changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    pub receipts: u64,
    pub events: u64,
    pub jobs: u64,
}

/// What an erased donor's email becomes: unique, and undeliverable by
/// definition (`.invalid` is reserved, RFC 2606).
pub fn erased_email(donor_id: i64) -> String {
    format!("donateur-{donor_id}@efface.invalid")
}

/// Whether this is an erased donor's address ([`erased_email`]).
pub fn is_erased(email: &str) -> bool {
    email.starts_with("donateur-") && email.ends_with("@efface.invalid")
}

/// The stand-in address of a donor who has none (a cheque by post, say):
/// unique, so each such gift has its own donor, and undeliverable (`.invalid`),
/// so nothing is ever sent to it.
pub fn no_email_address() -> Result<String, getrandom::Error> {
    Ok(format!(
        "courrier-{}@sans-adresse.invalid",
        crate::tokens::random_hex(8)?
    ))
}

/// Whether mail can reach this address: not an erased donor's, nor one of
/// [`no_email_address`]'s.
pub fn reachable(email: &str) -> bool {
    !email.ends_with(".invalid")
}

/// An address as staff pages and exports show it: blank when there is none.
pub fn shown_email(email: &str) -> &str {
    if reachable(email) { email } else { "" }
}

/// The payload kept of a provider event once it may name a donor no more.
pub const ERASED_PAYLOAD: &str = r#"{"erased":true}"#;

/// A monthly payment, for the yearly summaries.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MonthlyPayment {
    pub donation_id: i64,
    pub donor_id: i64,
    pub confirmed_at: OffsetDateTime,
    /// What was paid, less what was refunded.
    pub amount_cents: i64,
    pub wants_receipt: bool,
    pub method: Option<String>,
    /// The identity the payment was made under (its subscription's).
    pub donor_email: String,
    pub donor_first_name: String,
    pub donor_last_name: String,
    pub donor_address: String,
    pub donor_postal_code: String,
    pub donor_city: String,
    pub donor_country: String,
}

impl MonthlyPayment {
    /// The name and address a yearly summary covering this payment certifies.
    pub fn identity(&self) -> DonorDetails {
        DonorDetails {
            email: self.donor_email.clone(),
            first_name: self.donor_first_name.clone(),
            last_name: self.donor_last_name.clone(),
            address: self.donor_address.clone(),
            postal_code: self.donor_postal_code.clone(),
            city: self.donor_city.clone(),
            country: self.donor_country.clone(),
        }
    }
}

/// What issuing a receipt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub receipt: Receipt,
    /// False when the gift (or the donor's year) already had its receipt.
    pub created: bool,
}

/// A provider's event as received, for finance staff.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PaymentEvent {
    pub provider: String,
    pub event_id: String,
    pub event_type: String,
    pub received_at: OffsetDateTime,
    /// `applied`, `duplicate`, `refused`, `failed` or `ignored`.
    pub outcome: String,
    pub detail: Option<String>,
}

/// A guestbook entry as moderators and its donor see it: never the donor's
/// address or email.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GuestbookEntry {
    pub id: i64,
    pub campaign_slug: String,
    pub campaign_title: String,
    pub display_name: String,
    pub message: String,
    pub amount_cents: i64,
    /// `once` or `monthly`.
    pub frequency: String,
    /// Whether the donor agreed to show the amount.
    pub show_amount: bool,
    /// `pending`, `approved`, `rejected`, `hidden` (or `withdrawn`).
    pub status: String,
    pub rejection_reason: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
    pub moderated_at: Option<OffsetDateTime>,
    /// The moderator's address.
    pub moderated_by: Option<String>,
}

/// An approved message, as the public reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PublishedMessage {
    pub id: i64,
    pub display_name: String,
    pub message: String,
    /// Zero unless the donor agreed to show it.
    pub amount_cents: i64,
    pub frequency: String,
    pub submitted_at: Option<OffsetDateTime>,
    /// When it was approved: the public list's order.
    pub published_at: OffsetDateTime,
}

/// A donor's change to their own message.
#[derive(Debug, Clone)]
pub struct MessageEdit {
    pub message: String,
    pub display_name: String,
    pub show_amount: bool,
}

/// Which gifts a finance list or export shows. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DonationFilter {
    pub campaign_id: Option<i64>,
    /// Received (or, if never paid, created) at or after this instant.
    pub from: Option<OffsetDateTime>,
    /// … and before this one.
    pub to: Option<OffsetDateTime>,
    /// `received` (paid, refunded or not), or one status: `pending`,
    /// `succeeded`, `failed`, `refunded`.
    pub status: Option<String>,
    /// `card`, `sepa_debit`, `cheque`, `transfer`, `cash`.
    pub method: Option<String>,
    /// `once` or `monthly`.
    pub frequency: Option<String>,
    /// Part of the donor's name or email address, in any case and with or
    /// without accents.
    pub search: Option<String>,
}

/// One refund (a gift may have several, partial ones), with its gift: the
/// accounting journal's reversals, each on its own date.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RefundRow {
    pub refund_id: i64,
    /// What this refund gave back (not the gift's running total).
    pub refund_cents: i64,
    pub refund_at: OffsetDateTime,
    #[sqlx(flatten)]
    pub donation: DonationRow,
}

/// A gift as finance staff list and export it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DonationRow {
    pub id: i64,
    pub public_id: String,
    pub campaign_slug: String,
    pub frequency: String,
    pub amount_cents: i64,
    pub refunded_cents: i64,
    #[sqlx(try_from = "String")]
    pub status: GiftStatus,
    pub method: Option<String>,
    pub provider: String,
    pub provider_ref: Option<String>,
    /// Cheque number and bank, or transfer reference.
    pub offline_detail: Option<String>,
    pub wants_receipt: bool,
    pub created_at: OffsetDateTime,
    pub confirmed_at: Option<OffsetDateTime>,
    pub refunded_at: Option<OffsetDateTime>,
    pub donor_id: i64,
    pub donor_email: String,
    pub donor_first_name: String,
    pub donor_last_name: String,
    pub donor_postal_code: String,
    pub donor_city: String,
    pub donor_country: String,
    /// The valid receipt that covers it (its own, or a yearly summary).
    pub receipt_number: Option<String>,
}

impl DonationRow {
    /// When it was received, or created if it never was.
    pub fn date(&self) -> OffsetDateTime {
        self.confirmed_at.unwrap_or(self.created_at)
    }
}

/// Sums over the gifts a filter selects.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct DonationTotals {
    pub count: i64,
    pub amount_cents: i64,
    pub refunded_cents: i64,
}

/// A monthly gift as finance staff list it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub id: i64,
    pub public_id: String,
    pub campaign_title: String,
    pub amount_cents: i64,
    /// `pending`, `active`, `past_due` or `cancelled`.
    pub status: String,
    pub provider: String,
    pub donor_email: String,
    pub donor_first_name: String,
    pub donor_last_name: String,
    pub created_at: OffsetDateTime,
    pub cancelled_at: Option<OffsetDateTime>,
    /// Payments received.
    pub payments: i64,
    pub last_payment_at: Option<OffsetDateTime>,
}

/// A line of the receipts register.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegisterRow {
    pub id: i64,
    pub number: String,
    pub year: i64,
    pub seq: i64,
    pub kind: String,
    pub donor_id: i64,
    pub donor_first_name: String,
    pub donor_last_name: String,
    pub donor_postal_code: String,
    pub donor_city: String,
    pub amount_cents: i64,
    pub payment_method: String,
    pub gift_date: Option<time::Date>,
    pub period_start: Option<time::Date>,
    pub period_end: Option<time::Date>,
    pub issued_at: OffsetDateTime,
    /// `valid` or `cancelled`.
    pub status: String,
    pub cancelled_at: Option<OffsetDateTime>,
    pub cancel_reason: Option<String>,
    /// The number of the receipt this one replaces.
    pub replaces: Option<String>,
    /// The number of the receipt that replaced this one.
    pub replaced_by: Option<String>,
    /// The gift it covers (a one-off receipt).
    pub donation_public_id: Option<String>,
}

/// What happened to a gift, for its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DonationHistory {
    /// Provider events naming it: `(received, type, outcome, detail)`.
    pub events: Vec<PaymentEvent>,
    /// Outbox jobs about it (emails, receipts): `(kind, status, created, finished)`.
    pub jobs: Vec<(String, String, OffsetDateTime, Option<OffsetDateTime>)>,
    /// Every receipt that covered it, valid or cancelled.
    pub receipts: Vec<Receipt>,
    /// Staff actions on it: `(when, who, action, detail)`.
    pub audit: Vec<(OffsetDateTime, String, String, String)>,
}

/// Everything the application persists. Implemented by [`SqliteStore`] and
/// [`PgStore`]; the conformance suite in `tests/suite/store.rs` runs against both.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;

    async fn migrate(&self) -> StoreResult<()>;

    async fn ping(&self) -> StoreResult<()>;

    /// Whether a write can be made now: begins a write transaction (on SQLite,
    /// taking the write lock) and rolls it back.
    async fn check_writable(&self) -> StoreResult<()>;

    /// Returns the setting, inserting `default` first if it has none (atomic, so
    /// two instances starting at once agree on the value).
    async fn setting_or_insert(&self, key: &str, default: &str) -> StoreResult<String>;

    async fn count_campaigns(&self) -> StoreResult<i64>;

    /// Creates a campaign with zero totals. `Conflict` if the slug is taken.
    async fn create_campaign(
        &self,
        campaign: &NewCampaign,
        now: OffsetDateTime,
    ) -> StoreResult<Campaign>;

    async fn campaign_by_slug(&self, slug: &str) -> StoreResult<Option<CampaignProgress>>;

    async fn campaign_by_id(&self, id: i64) -> StoreResult<Option<CampaignProgress>>;

    /// Forwards the ids of campaigns whose totals another instance changed
    /// (PostgreSQL LISTEN/NOTIFY). Returns false where there is no such thing
    /// (SQLite: one instance).
    async fn listen_progress(
        &self,
        changed: tokio::sync::mpsc::UnboundedSender<i64>,
    ) -> StoreResult<bool>;

    /// Every campaign with its totals, newest start first.
    async fn list_campaigns(&self) -> StoreResult<Vec<CampaignProgress>>;

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

    /// Active monthly gifts of one payment provider.
    async fn active_subscriptions(&self, provider: &str) -> StoreResult<Vec<Subscription>>;

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
        provider: &str,
        provider_ref: &str,
    ) -> StoreResult<Option<DonationSummary>>;

    async fn subscription(&self, id: i64) -> StoreResult<Option<Subscription>>;

    async fn subscription_by_provider_ref(
        &self,
        provider: &str,
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
        provider: &str,
        reference: &str,
        donation_id: i64,
        found_by: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// The outcome of an earlier delivery of this provider event, unless it failed
    /// (then it is to be applied again).
    async fn event_outcome(&self, provider: &str, event_id: &str) -> StoreResult<Option<String>>;

    /// Records a provider event and what became of it (`applied`, `ignored`,
    /// `refused`, `failed`), once per event id; a later delivery updates it.
    #[allow(clippy::too_many_arguments)]
    async fn save_event(
        &self,
        provider: &str,
        event_id: &str,
        event_type: &str,
        payload: &str,
        outcome: &str,
        detail: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// The most recent provider events, newest first: (type, outcome, detail).
    async fn recent_events(
        &self,
        provider: &str,
        limit: i64,
    ) -> StoreResult<Vec<(String, String, Option<String>)>>;

    /// How many donations a campaign has, whatever their status.
    async fn count_donations(&self, campaign_id: i64) -> StoreResult<i64>;

    async fn donor_id_by_email(&self, email: &str) -> StoreResult<Option<i64>>;

    /// Pending donations of a provider created before `before`, oldest first, with
    /// the provider's reference (the Checkout Session), for reconciliation.
    async fn stale_pending_donations(
        &self,
        provider: &str,
        before: OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<(String, Option<String>)>>;

    /// The donor's email and first name.
    async fn donor_contact(&self, donor_id: i64) -> StoreResult<Option<(String, String)>>;

    /// A donor's gifts, newest first (failed attempts left out).
    async fn donor_gifts(&self, donor_id: i64) -> StoreResult<Vec<DonationSummary>>;

    /// A donor's monthly gifts, newest first.
    async fn donor_subscriptions(&self, donor_id: i64) -> StoreResult<Vec<Subscription>>;

    /// The first payment of a monthly gift.
    async fn subscription_first_donation(&self, subscription_id: i64) -> StoreResult<Option<i64>>;

    /// The organisation's reduction rate in percent (66 when not set up yet).
    async fn reduction_rate_percent(&self) -> StoreResult<i64>;

    /// Creates the organisation's row with this name if there is none.
    /// Creates the organisation's settings with `org` if there are none yet.
    async fn ensure_organisation(&self, org: &Organisation, now: OffsetDateTime)
    -> StoreResult<()>;

    async fn has_active_admin(&self) -> StoreResult<bool>;

    async fn create_invitation(
        &self,
        invitation: &NewInvitation,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// The unexpired, unused invitation with this token hash.
    async fn invitation(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Invitation>>;

    /// Uses an invitation once: creates the account (or sets the password of the
    /// account with that address) with the invitation's role. `NotFound` if the
    /// link is unknown, used or expired.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        email: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<StaffUser>;

    async fn staff_by_email(&self, email: &str) -> StoreResult<Option<StaffUser>>;

    async fn staff_by_id(&self, id: i64) -> StoreResult<Option<StaffUser>>;

    async fn staff_logged_in(&self, id: i64, now: OffsetDateTime) -> StoreResult<()>;

    async fn set_staff_password(&self, id: i64, password_hash: &str) -> StoreResult<()>;

    /// Every staff account, by address: `(user, last login)`.
    async fn list_staff(&self) -> StoreResult<Vec<(StaffUser, Option<OffsetDateTime>)>>;

    /// Disables an account; false if it was already disabled or does not exist.
    async fn disable_staff(&self, id: i64, now: OffsetDateTime) -> StoreResult<bool>;

    /// Appends to the audit log: who (`actor`, and a label that survives the
    /// account), did what, to what.
    async fn audit(
        &self,
        actor: Option<i64>,
        actor_label: &str,
        action: &str,
        target: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// The latest audit entries, newest first: `(actor_label, action, target)`.
    async fn recent_audit(&self, limit: i64) -> StoreResult<Vec<(String, String, String)>>;

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

    /// Monthly payments received in `[from, to)` and not refunded in full:
    /// `(donation, donor, confirmed at, amount left, receipt asked, method)`,
    /// by donor then date.
    async fn monthly_payments_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> StoreResult<Vec<MonthlyPayment>>;

    /// Paid one-off gifts that asked for a receipt and never had one (the
    /// organisation's settings were incomplete), after `after_id`, by id. Gifts
    /// whose thank-you is still to be sent are left to it: it carries the receipt.
    async fn gifts_without_receipt(&self, after_id: i64, limit: i64) -> StoreResult<Vec<i64>>;

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

    /// A donor's receipts, newest first.
    async fn donor_receipts(&self, donor_id: i64) -> StoreResult<Vec<Receipt>>;

    /// Provider events, newest first.
    async fn payment_events(&self, limit: i64, offset: i64) -> StoreResult<Vec<PaymentEvent>>;

    /// Guestbook entries in `status`: the pending queue oldest first, the others
    /// most recently moderated first.
    async fn guestbook_entries(
        &self,
        status: &str,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<GuestbookEntry>>;

    /// How many entries each status holds.
    async fn guestbook_counts(&self) -> StoreResult<Vec<(String, i64)>>;

    /// How many messages wait for a moderator.
    async fn pending_message_count(&self) -> StoreResult<i64> {
        Ok(self
            .guestbook_counts()
            .await?
            .into_iter()
            .find(|(status, _)| status == "pending")
            .map_or(0, |(_, n)| n))
    }

    /// Applies a moderator's decision to the entries it applies to (see
    /// [`Decision::applies_to`]), with one audit row each, in one transaction;
    /// returns the ids changed.
    async fn moderate_guestbook(
        &self,
        ids: &[i64],
        decision: Decision,
        reason: Option<&str>,
        moderator: &StaffUser,
        now: OffsetDateTime,
    ) -> StoreResult<Vec<i64>>;

    /// A campaign's approved messages, newest published first, after `cursor`.
    async fn published_messages(
        &self,
        campaign_id: i64,
        after: Option<Cursor>,
        limit: i64,
    ) -> StoreResult<Vec<PublishedMessage>>;

    /// A donor's messages, except those withdrawn or of unpaid gifts.
    async fn donor_messages(&self, donor_id: i64) -> StoreResult<Vec<GuestbookEntry>>;

    /// A donor edits their message: it goes back to the moderation queue.
    /// False if it is not theirs or cannot be edited.
    async fn edit_message(
        &self,
        donor_id: i64,
        entry_id: i64,
        edit: &MessageEdit,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// A donor withdraws their message: it leaves every list and its text is erased.
    async fn withdraw_message(
        &self,
        donor_id: i64,
        entry_id: i64,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;

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

    /// Records how an offline gift was paid (cheque number and bank, transfer
    /// reference).
    async fn set_offline_detail(&self, public_id: &str, detail: &str) -> StoreResult<()>;

    /// Monthly gifts, newest first; `status` filters (`active`, `past_due`,
    /// `cancelled`), `None` lists all but those never started.
    async fn list_subscriptions(
        &self,
        status: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<SubscriptionRow>>;

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

    /// The article 222 bis figures of `year`: how many valid receipts were
    /// issued in it and their total, in cents.
    async fn receipt_figures(&self, year: i32) -> StoreResult<(i64, i64)>;

    async fn setting(&self, key: &str) -> StoreResult<Option<String>>;

    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()>;

    /// A provider event as received: `(outcome, payload)`.
    async fn event_payload(
        &self,
        provider: &str,
        event_id: &str,
    ) -> StoreResult<Option<(String, String)>>;

    /// Changes a campaign's settings; its totals stay. `Conflict` if the new
    /// slug is taken.
    async fn update_campaign(
        &self,
        id: i64,
        campaign: &NewCampaign,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// Closes a campaign (its form gives way to a thank-you, its bar keeps the
    /// totals it had), or opens it again with `closed = false` (the bar then shows
    /// everything received, closed or not).
    async fn set_campaign_closed(
        &self,
        id: i64,
        closed: bool,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// Where staff sessions are kept: the same database.
    fn sessions(&self) -> sessions::SessionStore;
}

/// Connects to the database named by `url` (`sqlite:…` or `postgres://…`).
pub async fn connect(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite: or postgres://")
    }
}
