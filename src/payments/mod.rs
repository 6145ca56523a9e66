//! Payment gateways. What a payment does once received is `crate::gifts`.

pub mod demo;
pub mod stripe;

use async_trait::async_trait;

use crate::domain::money::Cents;
use crate::progress::ProgressCache;
use crate::store::{DonationSummary, Store, Subscription};

/// Where to send the donor to pay.
#[async_trait]
pub trait PaymentGateway: Send + Sync + 'static {
    /// Stored with each donation it takes.
    fn name(&self) -> crate::store::Provider;

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

    /// The references (payment intents, charges) of the payments that paid
    /// `invoice`, as the provider knows them. None by default.
    async fn payments_of_invoice(&self, _invoice: &str) -> anyhow::Result<Vec<String>> {
        Ok(Vec::new())
    }

    /// The invoice a payment intent paid, if any. None by default.
    async fn invoice_of_payment(&self, _payment_intent: &str) -> anyhow::Result<Option<String>> {
        Ok(None)
    }

    /// Asks the provider about donations still pending after `min_age` (a lost
    /// webhook) and applies what it says. Returns how many were settled.
    async fn reconcile(
        &self,
        store: &dyn Store,
        progress: &ProgressCache,
        min_age: time::Duration,
    ) -> anyhow::Result<usize>;
}
