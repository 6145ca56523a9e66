//! The durable outbox worker. Jobs are rows written in the same transaction as
//! what caused them; the worker claims due ones, runs them, and retries failures
//! with exponential backoff. Every handler is idempotent or fans out to jobs
//! deduplicated by key, so a crash between "done" and "recorded" repeats at most
//! one email.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::domain::tax::ReductionRate;
use crate::links;
use crate::mail::{Attachment, Mailer, messages};
use crate::receipts;
use crate::secret::Secret;
use crate::store::{DonationSummary, Job, JobKind, NewJob, Store};

/// After this many attempts a job is given up (`dead`) and shown to staff.
pub const MAX_ATTEMPTS: i64 = 12;
const BATCH: i64 = 32;
const IDLE_POLL: Duration = Duration::from_millis(500);
/// Jobs run at once.
const CONCURRENCY: usize = 8;

/// What a job is about: `(donation, donor)` from its payload. Jobs about the same
/// one run in order.
fn about(job: &Job) -> (Option<i64>, Option<i64>) {
    #[derive(Deserialize)]
    struct Subject {
        donation_id: Option<i64>,
        donor_id: Option<i64>,
    }
    serde_json::from_str::<Subject>(&job.payload)
        .map(|s| (s.donation_id, s.donor_id))
        .unwrap_or((None, None))
}

/// What the jobs of one batch share, read once.
struct BatchContext {
    donations: std::collections::HashMap<i64, DonationSummary>,
    rate: ReductionRate,
}

pub struct Worker {
    pub store: Arc<dyn Store>,
    pub mailer: Arc<Mailer>,
    pub base_url: String,
    /// Signs the donor-space links put in emails.
    pub secret: Arc<Secret>,
    /// First retry delay; doubles with each attempt, up to an hour.
    pub retry_base: Duration,
    /// How long claimed jobs stay this worker's without news: renewed every
    /// third of it while the batch runs, so that the jobs of a crashed instance
    /// are taken up by another (or by the restarted one) that much later.
    pub lease: Duration,
}

#[derive(Deserialize)]
struct DonationPayload {
    donation_id: i64,
}

#[derive(Deserialize)]
struct EmailPayload {
    template: String,
    #[serde(default)]
    donation_id: Option<i64>,
    #[serde(default)]
    donor_id: Option<i64>,
}

/// An email job; `dedupe` makes a second one with the same key a no-op.
pub fn email_job(
    template: &str,
    donation_id: Option<i64>,
    donor_id: Option<i64>,
    dedupe: Option<String>,
) -> NewJob {
    NewJob {
        kind: JobKind::Email,
        payload: serde_json::json!({ "template": template, "donation_id": donation_id, "donor_id": donor_id })
            .to_string(),
        dedupe_key: dedupe,
        run_at: OffsetDateTime::now_utc(),
    }
}

/// The moderators' digest of `date`: one per day, however many instances ask.
pub fn guestbook_digest_job(date: time::Date) -> NewJob {
    NewJob {
        kind: JobKind::GuestbookDigest,
        payload: serde_json::json!({ "date": date.to_string() }).to_string(),
        dedupe_key: Some(format!("guestbook_digest:{date}")),
        run_at: OffsetDateTime::now_utc(),
    }
}

/// Issues the receipts of gifts paid while the settings were incomplete.
pub fn receipts_backlog_job() -> NewJob {
    NewJob {
        kind: JobKind::ReceiptsBacklog,
        payload: "{}".to_owned(),
        dedupe_key: None,
        run_at: OffsetDateTime::now_utc(),
    }
}

/// Issues the yearly summaries of `year` in the background (the admin button).
pub fn annual_receipts_job(year: i32) -> NewJob {
    NewJob {
        kind: JobKind::AnnualReceipts,
        payload: serde_json::json!({ "year": year }).to_string(),
        dedupe_key: None,
        run_at: OffsetDateTime::now_utc(),
    }
}

/// Pending messages listed in the digest (the count covers them all).
const DIGEST_ENTRIES: i64 = 20;

#[derive(Deserialize)]
struct ReceiptPayload {
    receipt_id: i64,
}

#[derive(Deserialize)]
struct CancelledPayload {
    receipt_id: i64,
    replacement_id: Option<i64>,
}

#[derive(Deserialize)]
struct DigestPayload {
    date: String,
    #[serde(default)]
    staff_id: Option<i64>,
}

/// The delay before attempt `attempts + 1`.
/// The language of the latest of a donor's gifts (French without one).
fn latest_lang(gifts: &[DonationSummary]) -> crate::i18n::Lang {
    gifts
        .iter()
        .max_by_key(|g| g.created_at)
        .and_then(|g| crate::i18n::Lang::parse(&g.lang))
        .unwrap_or_default()
}

pub fn backoff(base: Duration, attempts: i64) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    base.saturating_mul(2u32.saturating_pow(exponent))
        .min(Duration::from_secs(3600))
}

impl Worker {
    /// Runs until the task is dropped.
    /// Works until `stop` turns true; a batch under way is finished first, so
    /// that no job is cut between doing its work and being marked done.
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        while !*stop.borrow() {
            let pause = match self.run_once().await {
                Ok(0) => IDLE_POLL,
                Ok(_) => continue,
                Err(err) => {
                    tracing::warn!(error = %err, "outbox: cannot claim jobs");
                    IDLE_POLL * 4
                }
            };
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!("outbox: stopped");
    }

    /// Claims and runs one batch of due jobs; returns how many ran.
    ///
    /// Jobs about different donations (or donors) run concurrently: a mail server
    /// answers each message after a round trip or two, and one at a time would cap
    /// the outbox at a few dozen messages a second. Jobs about the same one run in
    /// order.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        use futures_util::StreamExt;
        let now = OffsetDateTime::now_utc();
        let jobs = self.store.claim_jobs(now, now + self.lease, BATCH).await?;
        let count = jobs.len();
        if count == 0 {
            return Ok(0);
        }
        let claimed: Vec<i64> = jobs.iter().map(|j| j.id).collect();
        let mut groups: Vec<(String, Vec<Job>)> = Vec::new();
        let mut ids: Vec<i64> = Vec::new();
        for job in jobs {
            let (donation, donor) = about(&job);
            ids.extend(donation);
            let subject = match (donation, donor) {
                (Some(donation), _) => format!("donation:{donation}"),
                (None, Some(donor)) => format!("donor:{donor}"),
                (None, None) => format!("job:{}", job.id),
            };
            match groups.iter_mut().find(|(s, _)| *s == subject) {
                Some((_, group)) => group.push(job),
                None => groups.push((subject, vec![job])),
            }
        }
        // What the jobs need, read once for the batch.
        ids.sort_unstable();
        ids.dedup();
        let context = BatchContext {
            donations: (self.store.donations_by_ids(&ids).await?)
                .into_iter()
                .map(|d| (d.id, d))
                .collect(),
            rate: ReductionRate::from_percent(self.store.reduction_rate_percent().await?)
                .unwrap_or(ReductionRate::GENERAL),
        };
        let context = &context;
        let work = futures_util::stream::iter(groups)
            .map(|(_, group): (String, Vec<Job>)| async move {
                let mut outcomes = Vec::with_capacity(group.len());
                for job in group {
                    let outcome = self.handle(&job, context).await;
                    outcomes.push((job, outcome));
                }
                outcomes
            })
            .buffer_unordered(CONCURRENCY)
            .collect::<Vec<Vec<(Job, anyhow::Result<()>)>>>();
        tokio::pin!(work);
        let mut renew = tokio::time::interval(self.lease / 3);
        renew.tick().await;
        let outcomes = loop {
            tokio::select! {
                outcomes = &mut work => break outcomes,
                _ = renew.tick() => {
                    let until = OffsetDateTime::now_utc() + self.lease;
                    if let Err(err) = self.store.extend_leases(&claimed, until).await {
                        tracing::warn!(error = %err, "outbox: cannot renew the lease of a batch");
                    }
                }
            }
        };
        let mut done = Vec::with_capacity(count);
        for (job, outcome) in outcomes.into_iter().flatten() {
            match outcome {
                Ok(()) => done.push(job.id),
                Err(err) => {
                    let message = format!("{err:#}");
                    let retry_at = (job.attempts < MAX_ATTEMPTS).then(|| {
                        OffsetDateTime::now_utc() + backoff(self.retry_base, job.attempts)
                    });
                    if retry_at.is_some() {
                        tracing::warn!(job.id = job.id, job.kind = %job.kind, attempts = job.attempts, error = %message, "outbox: job failed, will retry");
                    } else {
                        tracing::error!(job.id = job.id, job.kind = %job.kind, attempts = job.attempts, error = %message, "outbox: job given up");
                    }
                    self.store.fail_job(job.id, &message, retry_at).await?;
                }
            }
        }
        self.store
            .finish_jobs(&done, OffsetDateTime::now_utc())
            .await?;
        Ok(count)
    }

    async fn handle(&self, job: &Job, context: &BatchContext) -> anyhow::Result<()> {
        match job.kind {
            JobKind::DonationConfirmed => {
                let p: DonationPayload = serde_json::from_str(&job.payload)?;
                let d = context
                    .donations
                    .get(&p.donation_id)
                    .context("donation not found")?;
                // Later monthly payments get nothing now: the yearly summary
                // covers them (domain::lifecycle::FollowUp).
                let template =
                    crate::domain::lifecycle::FollowUp::of(d.frequency, d.payment_number)
                        .template();
                // A monthly payment of a year whose summary went out already
                // (a late debit) is certified by a supplementary receipt.
                receipts::certify_late_payment(&*self.store, d, OffsetDateTime::now_utc()).await?;
                let sent = match template {
                    Some("thank_you") => self.send_thank_you(d, context.rate).await,
                    Some(template) => self.send_gift_email(template, d, context.rate).await,
                    None => Ok(()),
                };
                // Booked once its receipt is issued (the entry cites it), whether
                // or not the email could leave.
                crate::journal::book_gift(&*self.store, p.donation_id, OffsetDateTime::now_utc())
                    .await?;
                sent
            }
            // The bar has already moved back; the receipt follows.
            JobKind::DonationRefunded => {
                let p: DonationPayload = serde_json::from_str(&job.payload)?;
                receipts::settle_refund(&*self.store, p.donation_id, OffsetDateTime::now_utc())
                    .await?;
                crate::journal::book_gift(&*self.store, p.donation_id, OffsetDateTime::now_utc())
                    .await?;
                Ok(())
            }
            JobKind::AnnualReceipts => {
                #[derive(Deserialize)]
                struct Year {
                    year: i32,
                }
                let p: Year = serde_json::from_str(&job.payload)?;
                let run = receipts::issue_annual(
                    &*self.store,
                    p.year,
                    OffsetDateTime::now_utc(),
                    |_, _| {},
                )
                .await?;
                tracing::info!(
                    year = p.year,
                    issued = run.issued.len(),
                    already = run.already,
                    replaced = run.replaced.len(),
                    skipped = run.skipped,
                    "yearly summaries issued"
                );
                Ok(())
            }
            JobKind::ReceiptEmail => {
                let p: ReceiptPayload = serde_json::from_str(&job.payload)?;
                self.send_receipt(p.receipt_id, context).await
            }
            JobKind::ReceiptsBacklog => {
                let issued =
                    receipts::issue_backlog(&*self.store, OffsetDateTime::now_utc()).await?;
                tracing::info!(
                    issued,
                    "receipts issued for gifts paid before the settings were complete"
                );
                Ok(())
            }
            JobKind::ReceiptCancelled => {
                let p: CancelledPayload = serde_json::from_str(&job.payload)?;
                self.send_receipt_cancelled(p.receipt_id, p.replacement_id)
                    .await
            }
            JobKind::DonationFailed => {
                let p: DonationPayload = serde_json::from_str(&job.payload)?;
                self.send_email("payment_failed", p.donation_id, context)
                    .await
            }
            JobKind::Email => {
                let p: EmailPayload = serde_json::from_str(&job.payload)?;
                match (p.template.as_str(), p.donation_id, p.donor_id) {
                    ("donor_link", _, Some(donor)) => self.send_donor_link(donor).await,
                    ("transfer_instructions", Some(donation), _) => {
                        self.send_transfer_instructions(donation, context).await
                    }
                    (template, Some(donation), _) => {
                        self.send_email(template, donation, context).await
                    }
                    _ => anyhow::bail!("email job without its subject"),
                }
            }
            JobKind::GuestbookDigest => {
                let p: DigestPayload = serde_json::from_str(&job.payload)?;
                self.fan_out_digest(&p.date).await
            }
            JobKind::GuestbookDigestMail => {
                let p: DigestPayload = serde_json::from_str(&job.payload)?;
                let staff = p.staff_id.context("digest mail without its recipient")?;
                self.send_digest(staff).await
            }
        }
    }

    /// One digest email job per moderator (per administrator when there is no
    /// moderator), if any message waits: each is sent, and retried, on its own.
    async fn fan_out_digest(&self, date: &str) -> anyhow::Result<()> {
        if self.store.pending_message_count().await? == 0 {
            return Ok(());
        }
        let active: Vec<_> = self
            .store
            .list_staff()
            .await?
            .into_iter()
            .map(|(user, _)| user)
            .filter(|user| !user.disabled && user.password_hash.is_some())
            .collect();
        let moderators: Vec<_> = active
            .iter()
            .filter(|u| u.role == crate::store::Role::Moderator)
            .collect();
        let recipients = if moderators.is_empty() {
            active
                .iter()
                .filter(|u| u.role == crate::store::Role::Admin)
                .collect()
        } else {
            moderators
        };
        let now = OffsetDateTime::now_utc();
        for user in recipients {
            let job = NewJob {
                kind: JobKind::GuestbookDigestMail,
                payload: serde_json::json!({ "date": date, "staff_id": user.id }).to_string(),
                dedupe_key: Some(format!("guestbook_digest:{date}:{}", user.id)),
                run_at: now,
            };
            self.store.enqueue_job(&job, now).await?;
        }
        Ok(())
    }

    async fn send_digest(&self, staff_id: i64) -> anyhow::Result<()> {
        let Some(user) = self.store.staff_by_id(staff_id).await? else {
            return Ok(());
        };
        let total = self.store.pending_message_count().await?;
        if user.disabled || total == 0 {
            return Ok(());
        }
        let entries: Vec<messages::DigestEntry> = self
            .store
            .guestbook_entries("pending", DIGEST_ENTRIES, 0)
            .await?
            .into_iter()
            .map(|e| messages::DigestEntry {
                name: crate::domain::guestbook::shown_name(&e.display_name).to_owned(),
                date: e
                    .submitted_at
                    .map(|at| crate::domain::dates::french_date(at.date()))
                    .unwrap_or_default(),
                campaign: e.campaign_title,
                excerpt: crate::domain::guestbook::excerpt(&e.message, 300),
            })
            .collect();
        let url = format!("{}/admin/guestbook", self.base_url);
        self.mailer
            .send(&messages::guestbook_digest(
                &user.email,
                total,
                &entries,
                &url,
            )?)
            .await?;
        tracing::info!(
            staff.id = staff_id,
            pending = total,
            "guestbook digest sent"
        );
        Ok(())
    }

    fn donor_space_url(&self, donor_id: i64, days: i64) -> String {
        let expires = (OffsetDateTime::now_utc() + time::Duration::days(days)).unix_timestamp();
        format!(
            "{}/me/{}",
            self.base_url,
            links::donor_token(&self.secret, donor_id, expires)
        )
    }

    /// A donor's language: their latest gift's (French without one).
    async fn donor_lang(&self, donor_id: i64) -> anyhow::Result<crate::i18n::Lang> {
        Ok(latest_lang(&self.store.donor_gifts(donor_id).await?))
    }

    async fn send_donor_link(&self, donor_id: i64) -> anyhow::Result<()> {
        let Some((email, on_file)) = self.store.donor_contact(donor_id).await? else {
            return Ok(());
        };
        // By name only if every gift of the address was made under it.
        let gifts = self.store.donor_gifts(donor_id).await?;
        let first_name = crate::domain::donation::greeting_name(
            &on_file,
            gifts.iter().map(|g| g.donor_first_name.as_str()),
        )
        .unwrap_or_default();
        let url = self.donor_space_url(donor_id, links::DONOR_LINK_DAYS);
        let lang = latest_lang(&gifts);
        self.mailer
            .send(&messages::donor_link(&email, first_name, &url, lang)?)
            .await?;
        tracing::info!(donor.id = donor_id, "donor-space link sent");
        Ok(())
    }

    /// How to pay a gift pledged by transfer.
    async fn send_transfer_instructions(
        &self,
        donation_id: i64,
        context: &BatchContext,
    ) -> anyhow::Result<()> {
        let d = context
            .donations
            .get(&donation_id)
            .context("donation not found")?;
        let holder = self
            .store
            .organisation()
            .await?
            .map(|o| o.issuer.legal_name)
            .unwrap_or_default();
        let Some(t) = crate::bank::transfer_details(&*self.store, d, &holder).await? else {
            anyhow::bail!("gift {} has no transfer reference", d.public_id);
        };
        let space_url = self.donor_space_url(d.donor_id, links::THANK_YOU_LINK_DAYS);
        let lang = crate::i18n::Lang::parse(&d.lang).unwrap_or_default();
        let mut t = t;
        t.amount = lang.money(d.amount);
        let gift = messages::GiftMail::new(d, context.rate, &self.base_url, space_url, lang);
        let email = messages::transfer_instructions(&d.donor_email, &gift, &t)?;
        self.mailer.send(&email).await?;
        tracing::info!(donation.id = %d.public_id, "transfer instructions sent");
        Ok(())
    }

    async fn send_email(
        &self,
        template: &str,
        donation_id: i64,
        context: &BatchContext,
    ) -> anyhow::Result<()> {
        let d = context
            .donations
            .get(&donation_id)
            .context("donation not found")?;
        self.send_gift_email(template, d, context.rate).await
    }

    /// The receipt of a one-off gift, issued now if due, as an attachment.
    /// The gift's receipt with its PDF, or why there is none.
    async fn receipt_for(
        &self,
        d: &DonationSummary,
    ) -> anyhow::Result<Result<(crate::store::Receipt, Attachment), receipts::NotDue>> {
        let receipt = match receipts::issue_for_gift(&*self.store, d, OffsetDateTime::now_utc())
            .await?
        {
            Ok(receipt) => receipt,
            Err(receipts::NotDue::OrganisationIncomplete(missing)) => {
                tracing::warn!(donation.id = %d.public_id, missing = ?missing, "no receipt: the organisation's settings are incomplete");
                return Ok(Err(receipts::NotDue::OrganisationIncomplete(missing)));
            }
            Err(not_due) => return Ok(Err(not_due)),
        };
        if receipt.status != crate::store::ReceiptStatus::Valid {
            return Ok(Err(receipts::NotDue::NotPaid));
        }
        let bytes = receipts::render(&*self.store, &self.secret, &self.base_url, &receipt).await?;
        let attachment = Attachment {
            filename: receipts::file_name(&receipt.number),
            content_type: "application/pdf",
            bytes,
        };
        Ok(Ok((receipt, attachment)))
    }

    /// A receipt on its own, with its PDF; nothing if it was cancelled meanwhile.
    async fn send_receipt(&self, receipt_id: i64, context: &BatchContext) -> anyhow::Result<()> {
        let receipt = self
            .store
            .receipt(receipt_id)
            .await?
            .context("receipt not found")?;
        if receipt.status != crate::store::ReceiptStatus::Valid {
            return Ok(());
        }
        let Some(donation_id) = receipt.donation_id else {
            return self.send_annual_receipt(&receipt).await;
        };
        let gift = self
            .store
            .donations_by_ids(&[donation_id])
            .await?
            .pop()
            .context("donation not found")?;
        let space_url = self.donor_space_url(gift.donor_id, links::THANK_YOU_LINK_DAYS);
        // The message in the gift's language; the receipt itself is French (by law).
        let mail_gift = messages::GiftMail::new(
            &gift,
            context.rate,
            &self.base_url,
            space_url,
            crate::i18n::Lang::parse(&gift.lang).unwrap_or_default(),
        );
        let mut mail = messages::receipt_issued(&gift.donor_email, &mail_gift, &receipt.number)?;
        let bytes = receipts::render(&*self.store, &self.secret, &self.base_url, &receipt).await?;
        mail.attachments.push(Attachment {
            filename: receipts::file_name(&receipt.number),
            content_type: "application/pdf",
            bytes,
        });
        self.mailer.send(&mail).await?;
        tracing::info!(receipt = %receipt.number, "receipt sent after the thank-you");
        Ok(())
    }

    /// A yearly summary, with its PDF.
    async fn send_annual_receipt(&self, receipt: &crate::store::Receipt) -> anyhow::Result<()> {
        // Addressed to whom the summary certifies, not to the address's first
        // details.
        let Some((email, _)) = self.store.donor_contact(receipt.donor_id).await? else {
            return Ok(());
        };
        let first_name = &receipt.donor_first_name;
        let (Some(from), Some(to)) = (receipt.period_start, receipt.period_end) else {
            anyhow::bail!("receipt {} has no period", receipt.number);
        };
        let lang = self.donor_lang(receipt.donor_id).await?;
        let period = lang.t2(
            "mail-annual-from-to",
            "from",
            lang.date(from),
            "to",
            lang.date(to),
        );
        let space_url = self.donor_space_url(receipt.donor_id, links::THANK_YOU_LINK_DAYS);
        let amount = lang.money(crate::domain::money::Cents::new(receipt.amount_cents));
        let mut mail = messages::annual_receipt(
            &email,
            &messages::AnnualMail {
                first_name,
                year: from.year(),
                number: &receipt.number,
                amount: &amount,
                period: &period,
                space_url: &space_url,
                supplement: receipt.supplement > 0,
                lang,
            },
        )?;
        let bytes = receipts::render(&*self.store, &self.secret, &self.base_url, receipt).await?;
        mail.attachments.push(Attachment {
            filename: receipts::file_name(&receipt.number),
            content_type: "application/pdf",
            bytes,
        });
        self.mailer.send(&mail).await?;
        tracing::info!(receipt = %receipt.number, "yearly summary sent");
        Ok(())
    }

    /// Tells the donor their receipt is cancelled, with its replacement attached.
    async fn send_receipt_cancelled(
        &self,
        receipt_id: i64,
        replacement_id: Option<i64>,
    ) -> anyhow::Result<()> {
        let old = self
            .store
            .receipt(receipt_id)
            .await?
            .context("cancelled receipt not found")?;
        let Some((email, _)) = self.store.donor_contact(old.donor_id).await? else {
            return Ok(());
        };
        let first_name = &old.donor_first_name;
        let replacement = match replacement_id {
            Some(id) => self.store.receipt(id).await?,
            None => None,
        };
        let space_url = self.donor_space_url(old.donor_id, links::THANK_YOU_LINK_DAYS);
        // The gift's language, else the donor's.
        let lang = match old.donation_id {
            Some(id) => self
                .store
                .donations_by_ids(&[id])
                .await?
                .pop()
                .and_then(|d| crate::i18n::Lang::parse(&d.lang)),
            None => None,
        };
        let lang = match lang {
            Some(lang) => lang,
            None => self.donor_lang(old.donor_id).await?,
        };
        let amount = |cents: i64| lang.money(crate::domain::money::Cents::new(cents));
        let mut mail = messages::receipt_cancelled(
            &email,
            first_name,
            (&old.number, amount(old.amount_cents)),
            replacement
                .as_ref()
                .map(|r| (r.number.clone(), amount(r.amount_cents))),
            &space_url,
            lang,
        )?;
        if let Some(new) = &replacement {
            let bytes = receipts::render(&*self.store, &self.secret, &self.base_url, new).await?;
            mail.attachments.push(Attachment {
                filename: receipts::file_name(&new.number),
                content_type: "application/pdf",
                bytes,
            });
        }
        self.mailer.send(&mail).await?;
        tracing::info!(receipt = %old.number, "receipt cancellation sent");
        Ok(())
    }

    /// The thank-you of a one-off gift, with its receipt when one is due.
    async fn send_thank_you(&self, d: &DonationSummary, rate: ReductionRate) -> anyhow::Result<()> {
        let receipt = self.receipt_for(d).await?;
        let space_url = self.donor_space_url(d.donor_id, links::THANK_YOU_LINK_DAYS);
        let lang = crate::i18n::Lang::parse(&d.lang).unwrap_or_default();
        let mut gift = messages::GiftMail::new(d, rate, &self.base_url, space_url, lang);
        // Below the minimum: no receipt is promised.
        if let Err(receipts::NotDue::BelowMinimum) = &receipt {
            gift.below_minimum = self
                .store
                .organisation()
                .await?
                .map(|org| lang.money(org.receipt_min));
        }
        self.add_campaign_thanks(&mut gift, d).await?;
        let receipt = receipt.ok();
        gift.receipt_number = receipt.as_ref().map(|(r, _)| r.number.clone());
        let mut email = messages::thank_you(&d.donor_email, &gift)?;
        email.attachments.extend(receipt.map(|(_, file)| file));
        self.mailer.send(&email).await?;
        tracing::info!(donation.id = %d.public_id, receipt = ?gift.receipt_number, "thank-you sent");
        Ok(())
    }

    /// The campaign's own thanks, in the gift's language.
    async fn add_campaign_thanks(
        &self,
        gift: &mut messages::GiftMail<'_>,
        d: &DonationSummary,
    ) -> anyhow::Result<()> {
        if let Some(progress) = self.store.campaign_by_slug(&d.campaign_slug).await? {
            gift.thanks_from(&progress.campaign);
        }
        Ok(())
    }

    async fn send_gift_email(
        &self,
        template: &str,
        d: &DonationSummary,
        rate: ReductionRate,
    ) -> anyhow::Result<()> {
        let space_url = self.donor_space_url(d.donor_id, links::THANK_YOU_LINK_DAYS);
        // Every message about a gift speaks the language it was given in.
        let lang = crate::i18n::Lang::parse(&d.lang).unwrap_or_default();
        let mut gift = messages::GiftMail::new(d, rate, &self.base_url, space_url, lang);
        if matches!(template, "thank_you" | "monthly_started") {
            self.add_campaign_thanks(&mut gift, d).await?;
        }
        let email = match template {
            "thank_you" => messages::thank_you(&d.donor_email, &gift)?,
            "monthly_started" => messages::monthly_started(&d.donor_email, &gift)?,
            "monthly_cancelled" => messages::monthly_cancelled(&d.donor_email, &gift)?,
            "monthly_payment_failed" => messages::monthly_payment_failed(&d.donor_email, &gift)?,
            "payment_failed" => messages::payment_failed(&d.donor_email, &gift)?,
            other => anyhow::bail!("unknown email template {other}"),
        };
        self.mailer.send(&email).await?;
        tracing::info!(donation.id = %d.public_id, template, "email sent");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 5), Duration::from_secs(480));
        assert_eq!(backoff(base, 12), Duration::from_secs(3600));
    }
}
