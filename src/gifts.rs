//! The one service every entry point calls when money moves on a gift: web
//! handlers (the demo payment page, staff refunds, offline gifts), the Stripe
//! event handler and its reconciliation, the CLI. Each function loads what the
//! rules need, lets the domain decide ([`crate::domain::lifecycle`] for money
//! going back), has the store carry the decision out in one transaction, then
//! moves the in-memory bar.

use time::OffsetDateTime;

use crate::domain::lifecycle::{GiftStatus, MoneyBack};
use crate::progress::ProgressCache;
use crate::store::{
    ConfirmRequest, Confirmation, MoneyBackOutcome, MoneyBackRequest, NewEvent, Store, StoreError,
    StoreResult,
};

/// A payment received, as its entry point reports it.
#[derive(Debug, Clone)]
pub struct Payment<'a> {
    pub public_id: &'a str,
    /// `card`, `sepa_debit`, `cheque`, `transfer`, `cash`.
    pub method: &'a str,
    /// The provider's reference for it (a payment intent, an invoice).
    pub provider_ref: Option<&'a str>,
    /// When the money was received: now for a provider's payment, the date on
    /// the cheque or the statement for one recorded by staff.
    pub received_at: OffsetDateTime,
    /// The provider's event that reported it, recorded in the same transaction.
    pub event: Option<NewEvent>,
}

/// Records a payment received: the gift, the totals, its follow-ups (thank-you,
/// receipt) and the event that reported it, in one transaction; then the bar.
/// A repeat changes nothing.
pub async fn confirm(
    store: &dyn Store,
    progress: &ProgressCache,
    payment: Payment<'_>,
) -> StoreResult<Confirmation> {
    let confirmation = store
        .confirm_payment(ConfirmRequest {
            public_id: payment.public_id.to_owned(),
            method: payment.method.to_owned(),
            provider_ref: payment.provider_ref.map(str::to_owned),
            now: payment.received_at,
            event: payment.event,
        })
        .await?;
    if let Confirmation::Applied {
        campaign_id,
        totals,
    } = &confirmation
    {
        tracing::info!(donation.id = %payment.public_id, campaign.id = campaign_id, "payment confirmed");
        progress.apply_totals(*campaign_id, totals.clone());
    }
    Ok(confirmation)
}

/// Money going back on a gift, whatever the source (see [`MoneyBack`]): the
/// gift, the refunds ledger, the totals and donor count, and the settling of
/// its receipts in one transaction; then the bar. A repeat, or a report older
/// than the last applied, changes nothing.
pub async fn money_back(
    store: &dyn Store,
    progress: &ProgressCache,
    request: &MoneyBackRequest,
) -> StoreResult<MoneyBackOutcome> {
    let outcome = store.apply_money_back(request).await?;
    match &outcome {
        MoneyBackOutcome::Applied {
            campaign_id,
            totals,
            plan,
        } => {
            tracing::info!(
                donation.id = %request.public_id,
                reason = request.back.reason(),
                line = plan.line.get(),
                refunded = plan.refunded.get(),
                "money moved back"
            );
            progress.apply_totals(*campaign_id, totals.clone());
        }
        MoneyBackOutcome::Unchanged(why) => {
            tracing::info!(donation.id = %request.public_id, reason = request.back.reason(), %why, "money back: nothing to do");
        }
        MoneyBackOutcome::Refused(why) => {
            tracing::warn!(donation.id = %request.public_id, reason = request.back.reason(), %why, "money back refused");
        }
    }
    Ok(outcome)
}

/// What a payment reported failed did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A pending gift is now failed; nothing had been counted.
    Failed,
    /// It had been counted as received (a debit returned): given back whole.
    GivenBack(MoneyBackOutcome),
    /// Already failed or given back.
    Unchanged,
}

/// A payment the provider reports failed: a pending gift fails; one already
/// counted as received (a SEPA debit returned after the fact) takes the
/// money-back path, whole.
pub async fn payment_failed(
    store: &dyn Store,
    progress: &ProgressCache,
    public_id: &str,
    reported_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> StoreResult<Failure> {
    let Some(gift) = store.donation(public_id).await? else {
        return Err(StoreError::NotFound);
    };
    match gift.status {
        GiftStatus::Pending => Ok(if store.fail_donation(public_id, now).await? {
            Failure::Failed
        } else {
            Failure::Unchanged
        }),
        GiftStatus::Succeeded => {
            let request = MoneyBackRequest {
                public_id: public_id.to_owned(),
                back: MoneyBack::DebitFailed,
                provider_ref: None,
                reported_at,
                now,
            };
            Ok(Failure::GivenBack(
                money_back(store, progress, &request).await?,
            ))
        }
        _ => Ok(Failure::Unchanged),
    }
}
