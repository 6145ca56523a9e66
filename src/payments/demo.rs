//! The built-in demo gateway: no keys, no money. The donor lands on a local page
//! that says so, and chooses success or failure.

use async_trait::async_trait;

use super::PaymentGateway;
use crate::store::DonationSummary;

pub struct DemoGateway;

#[async_trait]
impl PaymentGateway for DemoGateway {
    fn name(&self) -> &'static str {
        "demo"
    }

    async fn start_checkout(
        &self,
        donation: &DonationSummary,
        base_url: &str,
    ) -> anyhow::Result<String> {
        Ok(format!("{base_url}/pay/demo/{}", donation.public_id))
    }
}
