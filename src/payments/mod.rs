//! Payment gateways, and the one confirmation path every gateway ends in.

pub mod demo;
pub mod stripe;

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::domain::money::Cents;
use crate::progress::ProgressCache;
use crate::store::{
    ConfirmRequest, Confirmation, DonationSummary, NewEvent, Store, StoreResult, Subscription,
};

/// Where to send the donor to pay.
#[async_trait]
pub trait PaymentGateway: Send + Sync + 'static {
    /// `"demo"` or `"stripe"`: stored with each donation.
    fn name(&self) -> &'static str;

    /// Starts the payment of a pending donation; returns the URL of the payment page.
    async fn start_checkout(
        &self,
        donation: &DonationSummary,
        base_url: &str,
    ) -> anyhow::Result<String>;

    /// Stops a monthly gift at the provider (no more debits).
    async fn cancel_subscription(&self, subscription: &Subscription) -> anyhow::Result<()>;

    /// Changes what a monthly gift debits from the next month on.
    async fn change_subscription_amount(
        &self,
        subscription: &Subscription,
        amount: Cents,
    ) -> anyhow::Result<()>;

    /// Gives back `amount` of a received payment, known to the provider as
    /// `provider_ref` (a payment intent, or an invoice for a monthly payment).
    /// The provider makes one refund per `idempotency_key`, however many
    /// times it is asked.
    async fn refund(
        &self,
        provider_ref: &str,
        amount: Cents,
        idempotency_key: &str,
    ) -> anyhow::Result<()>;

    /// Asks the provider about donations still pending after `min_age` (a lost
    /// webhook) and applies what it says. Returns how many were settled.
    async fn reconcile(
        &self,
        store: &dyn Store,
        progress: &ProgressCache,
        min_age: time::Duration,
    ) -> anyhow::Result<usize>;
}

/// Records a payment confirmed by a gateway (demo button, Stripe webhook,
/// reconciliation): the donation, the totals and the follow-up job in one
/// transaction, with the provider's event that reported it if any, then the
/// in-memory progress.
pub async fn confirm(
    store: &dyn Store,
    progress: &ProgressCache,
    public_id: &str,
    method: &str,
    provider_ref: Option<&str>,
    event: Option<NewEvent>,
) -> StoreResult<Confirmation> {
    let confirmation = store
        .confirm_payment(ConfirmRequest {
            public_id: public_id.to_owned(),
            method: method.to_owned(),
            provider_ref: provider_ref.map(str::to_owned),
            now: OffsetDateTime::now_utc(),
            event,
        })
        .await?;
    if let Confirmation::Applied {
        campaign_id,
        totals,
    } = &confirmation
    {
        tracing::info!(donation.id = %public_id, campaign.id = campaign_id, "payment confirmed");
        progress.apply_totals(*campaign_id, totals.clone());
    }
    Ok(confirmation)
}

/// Records a payment received at `received_at` without a provider (a cheque,
/// a transfer, cash recorded by finance staff), as [`confirm`] does.
pub async fn confirm_at(
    store: &dyn Store,
    progress: &ProgressCache,
    public_id: &str,
    method: &str,
    received_at: OffsetDateTime,
) -> StoreResult<Confirmation> {
    let confirmation = store
        .confirm_payment(ConfirmRequest {
            public_id: public_id.to_owned(),
            method: method.to_owned(),
            provider_ref: None,
            now: received_at,
            event: None,
        })
        .await?;
    if let Confirmation::Applied {
        campaign_id,
        totals,
    } = &confirmation
    {
        progress.apply_totals(*campaign_id, totals.clone());
    }
    Ok(confirmation)
}
