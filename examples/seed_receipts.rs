//! Seeds a database with N paid one-off gifts, each with its receipt, for the
//! export benchmark (`scripts/bench-export`).
//!
//!   cargo run --release --example seed_receipts -- DATABASE_URL [N]

use soutenir::domain::campaign::{Goal, MonthlyCounting, Slug};
use soutenir::domain::money::Cents;
use soutenir::store::{DonorDetails, Frequency, NewCampaign, NewDonation};
use time::OffsetDateTime;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: seed_receipts DATABASE_URL [N]"))?;
    let n: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let store = soutenir::store::connect(&url).await?;
    store.migrate().await?;
    let now = OffsetDateTime::now_utc();
    store
        .ensure_organisation(&soutenir::app::sample_organisation(), now)
        .await?;
    let campaign = store
        .create_campaign(
            &NewCampaign {
                slug: Slug::parse("bench").map_err(|_| anyhow::anyhow!("slug"))?,
                title: "Banc d'essai".to_owned(),
                body_markdown: String::new(),
                goal: Goal::Amount(Cents::from_euros(1_000_000)),
                starts_at: now - time::Duration::days(30),
                ends_at: now + time::Duration::days(30),
                suggested_amounts: vec![],
                monthly_counting: MonthlyCounting::EachPayment,
                lang: "fr".to_owned(),
                thanks_markdown: String::new(),
                amount_labels: vec![],
                translations: Default::default(),
            },
            now,
        )
        .await?;
    let started = std::time::Instant::now();
    for i in 0..n {
        let email = format!("donateur{i}@example.org");
        let pending = store
            .create_pending_donation(
                &NewDonation {
                    lang: "fr".to_owned(),
                    campaign_id: campaign.id,
                    donor: DonorDetails {
                        email: email.clone(),
                        first_name: format!("Prénom{i}"),
                        last_name: format!("Nom-Été{i}"),
                        address: format!("{} rue des Lilas", i % 200 + 1),
                        postal_code: "69007".to_owned(),
                        city: "Lyon".to_owned(),
                        country: "FR".to_owned(),
                    },
                    amount: Cents::new(500 + (i as i64 * 37) % 250_000),
                    frequency: Frequency::Once,
                    provider: soutenir::store::Provider::Demo,
                    idempotency_key: None,
                    wants_receipt: true,
                    message: None,
                    display_name: String::new(),
                    show_amount: false,
                    company: None,
                },
                now,
            )
            .await?;
        let method = if i % 3 == 0 { "cheque" } else { "card" };
        store
            .confirm_donation(&pending.public_id, method, None, now)
            .await?;
        let gift = store
            .donation(&pending.public_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("gift vanished"))?;
        soutenir::receipts::issue_for_gift(&*store, &gift, now)
            .await?
            .map_err(|why| anyhow::anyhow!("no receipt: {why:?}"))?;
    }
    eprintln!(
        "seeded {n} gifts with their receipts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
