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

use crate::domain::donation::Frequency;
use crate::domain::tax::ReductionRate;
use crate::mail::{Mailer, messages};
use crate::store::{Job, NewJob, Store};

/// After this many attempts a job is given up (`dead`) and shown to staff.
pub const MAX_ATTEMPTS: i64 = 12;
const LEASE: time::Duration = time::Duration::minutes(5);
const BATCH: i64 = 32;
const IDLE_POLL: Duration = Duration::from_millis(500);

pub struct Worker {
    pub store: Arc<dyn Store>,
    pub mailer: Arc<Mailer>,
    pub base_url: String,
    /// First retry delay; doubles with each attempt, up to an hour.
    pub retry_base: Duration,
}

#[derive(Deserialize)]
struct DonationPayload {
    donation_id: i64,
}

#[derive(Deserialize)]
struct EmailPayload {
    template: String,
    donation_id: i64,
}

/// The delay before attempt `attempts + 1`.
pub fn backoff(base: Duration, attempts: i64) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    base.saturating_mul(2u32.saturating_pow(exponent))
        .min(Duration::from_secs(3600))
}

impl Worker {
    /// Runs until the task is dropped.
    pub async fn run(self) {
        loop {
            match self.run_once().await {
                Ok(0) => tokio::time::sleep(IDLE_POLL).await,
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "outbox: cannot claim jobs");
                    tokio::time::sleep(IDLE_POLL * 4).await;
                }
            }
        }
    }

    /// Claims and runs one batch of due jobs; returns how many ran.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        let now = OffsetDateTime::now_utc();
        let jobs = self.store.claim_jobs(now, now + LEASE, BATCH).await?;
        for job in &jobs {
            match self.handle(job).await {
                Ok(()) => {
                    self.store
                        .finish_job(job.id, OffsetDateTime::now_utc())
                        .await?
                }
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
        Ok(jobs.len())
    }

    async fn handle(&self, job: &Job) -> anyhow::Result<()> {
        match job.kind.as_str() {
            "donation_confirmed" => {
                let p: DonationPayload = serde_json::from_str(&job.payload)?;
                let d = self
                    .store
                    .donation_by_id(p.donation_id)
                    .await?
                    .context("donation not found")?;
                let template = match (d.frequency, d.payment_number) {
                    (Frequency::Once, _) => Some("thank_you"),
                    (Frequency::Monthly, 1) => Some("monthly_started"),
                    // Later monthly payments: the yearly summary receipt covers them.
                    (Frequency::Monthly, _) => None,
                };
                // Hook for the receipts issue: a receipt job is enqueued here too.
                if let Some(template) = template {
                    self.enqueue_email(template, d.id).await?;
                }
                Ok(())
            }
            "donation_failed" => {
                let p: DonationPayload = serde_json::from_str(&job.payload)?;
                self.enqueue_email("payment_failed", p.donation_id).await
            }
            "email" => {
                let p: EmailPayload = serde_json::from_str(&job.payload)?;
                self.send_email(&p.template, p.donation_id).await
            }
            other => anyhow::bail!("unknown job kind {other}"),
        }
    }

    async fn enqueue_email(&self, template: &str, donation_id: i64) -> anyhow::Result<()> {
        let now = OffsetDateTime::now_utc();
        self.store
            .enqueue_job(
                &NewJob {
                    kind: "email",
                    payload:
                        serde_json::json!({ "template": template, "donation_id": donation_id })
                            .to_string(),
                    dedupe_key: Some(format!("email:{template}:{donation_id}")),
                    run_at: now,
                },
                now,
            )
            .await?;
        Ok(())
    }

    async fn send_email(&self, template: &str, donation_id: i64) -> anyhow::Result<()> {
        let d = self
            .store
            .donation_by_id(donation_id)
            .await?
            .context("donation not found")?;
        let rate = ReductionRate::from_percent(self.store.reduction_rate_percent().await?)
            .unwrap_or(ReductionRate::GENERAL);
        let gift = messages::GiftMail::new(&d, rate, &self.base_url);
        let email = match template {
            "thank_you" => messages::thank_you(&d.donor_email, &gift)?,
            "monthly_started" => messages::monthly_started(&d.donor_email, &gift)?,
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
