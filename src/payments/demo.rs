//! The built-in demo gateway: no keys, no money. The donor lands on a local page
//! that says so, and chooses success or failure.

use async_trait::async_trait;

use super::PaymentGateway;
use crate::domain::money::Cents;
use crate::store::{DonationSummary, Subscription};

pub struct DemoGateway;

#[async_trait]
impl PaymentGateway for DemoGateway {
    fn name(&self) -> crate::store::Provider {
        crate::store::Provider::Demo
    }

    async fn start_checkout(
        &self,
        donation: &DonationSummary,
        base_url: &str,
    ) -> anyhow::Result<String> {
        Ok(format!("{base_url}/pay/demo/{}", donation.public_id))
    }

    /// Nothing to tell: the demo debits nothing by itself.
    /// Nothing was charged: nothing to give back.
    async fn refund(
        &self,
        _provider_ref: &str,
        _amount: Cents,
        _idempotency_key: &str,
    ) -> anyhow::Result<()> {
        Ok(())
    }

    async fn cancel_subscription(&self, _subscription: &Subscription) -> anyhow::Result<()> {
        Ok(())
    }

    /// The demo page settles every payment itself: nothing is ever lost.
    async fn reconcile(
        &self,
        _store: &dyn crate::store::Store,
        _progress: &crate::progress::ProgressCache,
        _min_age: time::Duration,
    ) -> anyhow::Result<usize> {
        Ok(0)
    }

    async fn change_subscription_amount(
        &self,
        _subscription: &Subscription,
        _amount: Cents,
    ) -> anyhow::Result<()> {
        Ok(())
    }
}
