//! A donor's personal data: everything held about them, as JSON; and the
//! retention rule — receipts and their payment records are kept six years
//! (article L102 B of the Livre des procédures fiscales), every other personal
//! detail goes when the donor asks or when they have been inactive that long.

use anyhow::Context;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::payments::PaymentGateway;
use crate::store::{PurgeCounts, Store, StoreError};

/// The shortest retention the law allows for receipts, in years.
pub const MIN_RETENTION_YEARS: u32 = 6;

/// `years` before `now` (29 February falls back to the 28th).
pub fn cutoff(now: OffsetDateTime, years: u32) -> OffsetDateTime {
    let year = now.year() - i32::try_from(years).unwrap_or(i32::MAX / 2);
    now.replace_year(year)
        .or_else(|_| {
            now.replace_day(28)
                .and_then(|earlier| earlier.replace_year(year))
        })
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn when(at: Option<OffsetDateTime>) -> Value {
    at.and_then(|at| at.format(&Rfc3339).ok())
        .map_or(Value::Null, Value::String)
}

/// Everything held about donor `donor_id`, as the donor downloads it.
pub async fn export(
    store: &dyn Store,
    donor_id: i64,
    now: OffsetDateTime,
    lang: crate::i18n::Lang,
) -> anyhow::Result<Value> {
    let details = store
        .donor_details(donor_id)
        .await?
        .context("donor not found")?;
    let mut gifts: Vec<Value> = Vec::new();
    for d in store.donor_gifts(donor_id).await? {
        // The identity each gift was made under.
        let given = store.gift_identity(d.id).await?;
        gifts.push({
            json!({
                "id": d.public_id,
                "campaign": d.campaign_title,
                "amount_cents": d.amount.get(),
                "currency": "EUR",
                "frequency": d.frequency.as_str(),
                "status": d.status.as_str(),
                "method": d.method,
                "refunded_cents": d.refunded.get(),
                "wants_receipt": d.wants_receipt,
                "created_at": when(Some(d.created_at)),
                "received_at": when(d.confirmed_at),
                "given_as": given.map(|g| json!({
                    "first_name": g.first_name,
                    "last_name": g.last_name,
                    "address": g.address,
                    "postal_code": g.postal_code,
                    "city": g.city,
                    "country": g.country,
                })),
            })
        });
    }
    let monthly: Vec<Value> = store
        .donor_subscriptions(donor_id)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "id": s.public_id,
                "campaign": s.campaign_title,
                "amount_cents": s.amount.get(),
                "status": s.status.as_str(),
                "provider": s.provider.as_str(),
            })
        })
        .collect();
    let messages: Vec<Value> = store
        .donor_messages(donor_id)
        .await?
        .into_iter()
        .map(|m| {
            json!({
                "campaign": m.campaign_title,
                "display_name": m.display_name,
                "message": m.message,
                "show_amount": m.show_amount,
                "status": m.status,
                "rejection_reason": m.rejection_reason,
                "submitted_at": when(m.submitted_at),
            })
        })
        .collect();
    let receipts: Vec<Value> = store
        .donor_receipts(donor_id)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "number": r.number,
                "kind": r.kind.as_str(),
                "issued_at": when(Some(r.issued_at)),
                "amount_cents": r.amount_cents,
                "status": r.status.as_str(),
                "cancel_reason": r.cancel_reason,
                "donor_as_printed": {
                    "first_name": r.donor_first_name,
                    "last_name": r.donor_last_name,
                    "address": r.donor_address,
                    "postal_code": r.donor_postal_code,
                    "city": r.donor_city,
                    "country": r.donor_country,
                },
            })
        })
        .collect();
    Ok(json!({
        "generated_at": when(Some(now)),
        "donor": {
            "email": details.email,
            "first_name": details.first_name,
            "last_name": details.last_name,
            "address": details.address,
            "postal_code": details.postal_code,
            "city": details.city,
            "country": details.country,
        },
        "gifts": gifts,
        "monthly_gifts": monthly,
        "guestbook_messages": messages,
        "tax_receipts": receipts,
        "retention": lang.t("data-retention"),
    }))
}

/// What a retention purge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Donors anonymised for having given nothing for the retention period.
    pub donors: u64,
    pub counts: PurgeCounts,
}

/// What an erasure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Erasure {
    /// Receipts issued to the donor, which the law keeps.
    pub receipts: usize,
    /// Monthly gifts stopped at the payment provider.
    pub stopped: usize,
}

/// Why an erasure did not happen; nothing was erased.
#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error(
        "the monthly gift {subscription} could not be stopped at the payment provider: {reason}"
    )]
    Provider {
        subscription: String,
        reason: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Erases a donor at their request (`actor` says who acted on it): their
/// monthly gifts are stopped at the provider first — unless `provider_done`,
/// when it is known to be done already (erasures re-applied after restoring a
/// backup) — and nothing is erased if one cannot be; then everything but the
/// receipts and their payments is anonymised, and the audit log says so.
/// `None` if there was no such donor or they were erased already.
pub async fn erase(
    store: &dyn Store,
    gateway: &dyn PaymentGateway,
    donor: i64,
    actor: &str,
    provider_done: bool,
    now: OffsetDateTime,
) -> Result<Option<Erasure>, EraseError> {
    if store.donor_contact(donor).await?.is_none() {
        return Ok(None);
    }
    let mut stopped = 0;
    for subscription in store.donor_subscriptions(donor).await? {
        if subscription.status == crate::store::MonthlyStatus::Cancelled || provider_done {
            continue;
        }
        if let Err(err) = gateway.cancel_subscription(&subscription).await {
            tracing::warn!(error = %err, subscription.id = %subscription.public_id, "erasure: the monthly gift could not be stopped");
            return Err(EraseError::Provider {
                subscription: subscription.public_id,
                reason: format!("{err:#}"),
            });
        }
        stopped += 1;
    }
    let receipts = store.donor_receipts(donor).await?.len();
    if !store.erase_donor(donor, now).await? {
        return Ok(None);
    }
    store
        .audit(None, actor, "donor.erased", &format!("donor:{donor}"), now)
        .await?;
    tracing::info!(
        donor.id = donor,
        receipts_kept = receipts,
        actor,
        "donor data erased"
    );
    Ok(Some(Erasure { receipts, stopped }))
}

/// Applies the retention period: donors inactive for `years` are anonymised,
/// receipts issued and provider events received before then lose their
/// personal details, finished jobs are deleted.
pub async fn purge(
    store: &dyn Store,
    years: u32,
    now: OffsetDateTime,
) -> anyhow::Result<PurgeReport> {
    let years = years.max(MIN_RETENTION_YEARS);
    let before = cutoff(now, years);
    let mut report = PurgeReport::default();
    loop {
        let donors = store.donors_inactive_since(before, 500).await?;
        if donors.is_empty() {
            break;
        }
        let mut erased = 0;
        for donor in donors {
            if store.erase_donor(donor, now).await? {
                erased += 1;
            }
        }
        if erased == 0 {
            break;
        }
        report.donors += erased;
    }
    report.counts = store.purge_before(before, now).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_cutoff_is_the_same_day_years_before() {
        assert_eq!(
            cutoff(datetime!(2026-11-27 10:00 UTC), 6),
            datetime!(2020-11-27 10:00 UTC)
        );
        assert_eq!(
            cutoff(datetime!(2028-02-29 10:00 UTC), 6),
            datetime!(2022-02-28 10:00 UTC)
        );
    }
}
