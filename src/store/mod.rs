//! Persistence: one [`Store`] trait, implemented for SQLite and PostgreSQL.
//!
//! The backend is chosen once, from the database URL ([`connect`]). Both
//! implementations share their SQL (see `sql.rs`); where a backend needs its own
//! statement, its module holds it.

mod bank;
mod batch;
mod campaigns;
mod confirm;
mod core;
mod donors;
mod events;
mod finance;
mod gifts;
mod guard;
mod guestbook;
mod jobs;
mod journal;
mod postgres;
mod receipts;
mod rows;
pub mod sessions;
mod sql;
mod sqlite;
mod staff;

use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::domain::campaign::{Campaign, Totals};
pub use crate::domain::donation::{DonorDetails, Frequency, Provider};
use crate::domain::guestbook::{Cursor, Decision};
pub use crate::domain::lifecycle::{GiftStatus, MonthlyStatus};
use crate::domain::money::Cents;
pub use crate::domain::receipt::{ReceiptKind, ReceiptStatus};
pub use crate::domain::staff::Role;

pub use bank::{BankLine, BankStore, ChequeDeposit, DepositCheque, Pledge};
pub use campaigns::CampaignStore;
pub use core::CoreStore;
pub use donors::DonorStore;
pub use events::EventStore;
pub use finance::FinanceStore;
pub use gifts::GiftStore;
pub use guestbook::GuestbookStore;
pub use jobs::JobStore;
pub use journal::{JournalEntry, JournalStore, NewEntry, YearOpenings};
pub use postgres::PgStore;
pub use receipts::ReceiptStore;
pub use sqlite::SqliteStore;
pub use staff::StaffStore;

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

/// A campaign's image, as uploaded.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CampaignImage {
    /// `image/png` or `image/jpeg`.
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// What it shows, for those who cannot see it.
    pub alt: String,
    /// Hex SHA-256 of `bytes`: its version in the address.
    pub sha256: String,
}

/// A gift about to be paid.
#[derive(Debug, Clone)]
pub struct NewDonation {
    pub campaign_id: i64,
    pub donor: DonorDetails,
    pub amount: Cents,
    pub frequency: Frequency,
    pub provider: Provider,
    /// Decides, with the campaign, whether a resubmitted form reuses its donation.
    pub idempotency_key: Option<String>,
    pub wants_receipt: bool,
    /// Guestbook message, queued for moderation once the payment is confirmed.
    pub message: Option<String>,
    pub display_name: String,
    pub show_amount: bool,
    /// The company giving, if one is (the companies' receipt model).
    pub company: Option<crate::domain::donation::Company>,
    /// The language the donor gave in (`fr`, `en`): its emails are written in it.
    pub lang: String,
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
    pub provider: Provider,
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
    /// The company that gave, if one did (the companies' receipt model).
    pub company: Option<crate::domain::donation::Company>,
    /// The language the donor gave in (`fr`, `en`).
    pub lang: String,
}

impl DonationSummary {
    pub fn donor_kind(&self) -> crate::domain::donation::DonorKind {
        crate::domain::donation::DonorKind::of(self.company.as_ref())
    }
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
    pub provider: Provider,
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
    pub provider: Provider,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
    /// What applying it did, for people reading the log.
    pub detail: String,
}

/// What making a gift a pledge by transfer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pledged {
    /// Pledged now; the campaign's totals after it (the pledged sum moved).
    Made { campaign_id: i64, totals: Totals },
    /// It was a pledge already (the same form sent twice): it keeps its reference.
    Before,
    /// Another gift has this reference: draw another.
    Taken,
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
}

crate::domain::stored_names!(JobKind, "job kind", DonationConfirmed => "donation_confirmed", DonationRefunded => "donation_refunded", DonationFailed => "donation_failed", Email => "email", ReceiptEmail => "receipt_email", ReceiptCancelled => "receipt_cancelled", ReceiptsBacklog => "receipts_backlog", AnnualReceipts => "annual_receipts", GuestbookDigest => "guestbook_digest", GuestbookDigestMail => "guestbook_digest_mail");

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
    pub role: Role,
    pub expires_at: OffsetDateTime,
}

/// A staff member's account.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffUser {
    pub id: i64,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub password_hash: Option<String>,
    pub disabled: bool,
}

/// What a valid one-time link is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// `None` for the first administrator: the address is asked on the page.
    pub email: Option<String>,
    pub role: Role,
}

/// The organisation's settings: what its receipts carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub issuer: crate::domain::receipt::Issuer,
    pub logo_png: Option<Vec<u8>>,
    pub signature_png: Option<Vec<u8>>,
    /// Gifts below this get no receipt.
    pub receipt_min: Cents,
    /// An admin saved these details: false for the sample a fresh install
    /// starts with, whose receipts are specimens.
    pub details_saved: bool,
    /// The organisation's own site (`https://…`), empty if none: the header
    /// links to it.
    pub website: String,
    /// The address its team reads: emails' `Reply-To`, the contact page.
    pub contact_email: String,
}

impl Organisation {
    /// What is missing for a lawful receipt, in French; empty when complete.
    /// A receipt is signed: no signature on file, no receipt.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = self.issuer.missing();
        if self.signature_png.is_none() {
            missing.push(crate::i18n::fr("staff-missing-signature"));
        }
        missing
    }
}

/// A receipt to issue. Its number is allocated when it is recorded.
#[derive(Debug, Clone)]
pub struct NewReceipt {
    pub kind: ReceiptKind,
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
    /// The PDF layout ([`crate::receipts::pdf::LAYOUT`] for new receipts).
    pub layout: u8,
    /// Issued under the sample organisation: numbered apart, no legal value.
    pub specimen: bool,
    /// The giving company, for the companies' model.
    pub company: Option<crate::domain::donation::Company>,
    /// 0 for a yearly summary, 1, 2… for the supplementary receipts of
    /// payments of its year recorded after it.
    pub supplement: i64,
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
    #[sqlx(try_from = "String")]
    pub kind: ReceiptKind,
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
    #[sqlx(try_from = "String")]
    pub status: ReceiptStatus,
    pub cancelled_at: Option<OffsetDateTime>,
    pub cancel_reason: Option<String>,
    pub replaces_receipt_id: Option<i64>,
    pub pdf_sha256: Option<String>,
    /// When the donor's details were blanked, past the retention period.
    pub purged_at: Option<OffsetDateTime>,
    /// The verification address printed on it, recorded at its first rendering.
    pub verify_url: Option<String>,
    pub layout: i64,
    pub specimen: bool,
    /// The giving company (JSON), for the companies' model.
    pub company: Option<String>,
    /// 0 for a yearly summary, 1, 2… for its supplementary receipts.
    pub supplement: i64,
}

impl Receipt {
    /// The company it was issued to, if a company gave.
    pub fn company(&self) -> Option<crate::domain::donation::Company> {
        crate::domain::donation::Company::from_json(self.company.as_deref())
    }

    /// The model it follows, as recorded.
    pub fn model(&self) -> crate::domain::cerfa::Model {
        crate::domain::cerfa::Model::from_revision(&self.cerfa_revision)
            .unwrap_or(crate::domain::cerfa::Model::Individuals)
    }

    /// The name and address it certifies, as printed (no email).
    pub fn donor(&self) -> DonorDetails {
        DonorDetails {
            email: String::new(),
            first_name: self.donor_first_name.clone(),
            last_name: self.donor_last_name.clone(),
            address: self.donor_address.clone(),
            postal_code: self.donor_postal_code.clone(),
            city: self.donor_city.clone(),
            country: self.donor_country.clone(),
        }
    }
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
    /// The giving company (JSON), if a company gives.
    pub company: Option<String>,
}

impl MonthlyPayment {
    pub fn company(&self) -> Option<crate::domain::donation::Company> {
        crate::domain::donation::Company::from_json(self.company.as_deref())
    }

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
    /// Why the money moved: `refund`, `dispute_lost`, `debit_failed`,
    /// `refund_failed` (money back, a negative line).
    pub refund_reason: String,
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
    #[sqlx(try_from = "String")]
    pub provider: Provider,
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
    /// Why it gets no receipt although it asked for one (`below_minimum`).
    pub receipt_refused: Option<String>,
    /// The giving company (JSON), NULL for a person.
    pub company: Option<String>,
    /// The valid receipt that covers it (its own, or a yearly summary).
    pub receipt_number: Option<String>,
}

impl DonationRow {
    pub fn company(&self) -> Option<crate::domain::donation::Company> {
        crate::domain::donation::Company::from_json(self.company.as_deref())
    }

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

/// The 222 bis figures of a year: valid receipts covering gifts received in
/// it, `(count, cents)` per model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReceiptFigures {
    pub individuals: (i64, i64),
    pub companies: (i64, i64),
}

impl ReceiptFigures {
    pub fn count(&self) -> i64 {
        self.individuals.0 + self.companies.0
    }

    pub fn cents(&self) -> i64 {
        self.individuals.1 + self.companies.1
    }
}

/// A line of the receipts register.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegisterRow {
    pub id: i64,
    pub number: String,
    pub year: i64,
    pub seq: i64,
    #[sqlx(try_from = "String")]
    pub kind: ReceiptKind,
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
    #[sqlx(try_from = "String")]
    pub status: ReceiptStatus,
    pub cancelled_at: Option<OffsetDateTime>,
    pub cancel_reason: Option<String>,
    /// The number of the receipt this one replaces.
    pub replaces: Option<String>,
    /// The number of the receipt that replaced this one.
    pub replaced_by: Option<String>,
    /// The gift it covers (a one-off receipt).
    pub donation_public_id: Option<String>,
    /// The model it follows (« 11580*05 », « 16216*03 »).
    pub cerfa_revision: String,
    /// The giving company (JSON), for the companies' model.
    pub company: Option<String>,
}

impl RegisterRow {
    pub fn company(&self) -> Option<crate::domain::donation::Company> {
        crate::domain::donation::Company::from_json(self.company.as_deref())
    }
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
pub trait Store:
    CoreStore
    + CampaignStore
    + GiftStore
    + DonorStore
    + ReceiptStore
    + GuestbookStore
    + StaffStore
    + JobStore
    + EventStore
    + FinanceStore
    + JournalStore
    + BankStore
    + Send
    + Sync
    + 'static
{
}

impl<
    T: CoreStore
        + CampaignStore
        + GiftStore
        + DonorStore
        + ReceiptStore
        + GuestbookStore
        + StaffStore
        + JobStore
        + EventStore
        + FinanceStore
        + JournalStore
        + BankStore
        + Send
        + Sync
        + 'static,
> Store for T
{
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
