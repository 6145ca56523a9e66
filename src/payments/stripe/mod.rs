//! Stripe: Checkout Sessions for one-off (payment mode) and monthly
//! (subscription mode) gifts, card and SEPA debit; webhooks in `events`.

pub mod events;
pub mod signature;

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionAllowedPaymentMethodTypes,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionLineItemsPriceDataRecurring,
    CreateCheckoutSessionLineItemsPriceDataRecurringInterval,
    CreateCheckoutSessionPaymentIntentData, CreateCheckoutSessionSubscriptionData, ProductData,
};
use stripe_shared::{CheckoutSessionLocale, CheckoutSessionMode};

use super::PaymentGateway;
use crate::domain::donation::Frequency;
use crate::domain::money::Cents;
use crate::store::{DonationSummary, Store, Subscription};
use stripe_client_core::{RequestBuilder, StripeMethod};

pub struct StripeGateway {
    client: stripe::Client,
    store: Arc<dyn Store>,
}

impl StripeGateway {
    /// `api_base` points the client at a local double in tests (with a trailing `/`
    /// when it has a path).
    pub fn new(
        secret_key: &str,
        api_base: Option<&str>,
        store: Arc<dyn Store>,
    ) -> anyhow::Result<StripeGateway> {
        let mut builder = stripe::ClientBuilder::new(secret_key);
        if let Some(base) = api_base {
            builder = builder.url(base);
        }
        let client = builder.build().context("building the Stripe client")?;
        Ok(StripeGateway { client, store })
    }
}

#[async_trait]
impl PaymentGateway for StripeGateway {
    fn name(&self) -> crate::store::Provider {
        events::PROVIDER
    }

    async fn start_checkout(&self, d: &DonationSummary, base_url: &str) -> anyhow::Result<String> {
        let monthly = d.frequency == Frequency::Monthly;
        let metadata = HashMap::from([("donation_id".to_owned(), d.public_id.clone())]);
        // Stripe's page speaks the gift's language, and so does what it sells.
        let lang = crate::i18n::Lang::parse(&d.lang).unwrap_or_default();
        let one_off = lang.t1("checkout-gift", "campaign", &d.campaign_title);
        let mut product = ProductData::new(one_off.clone());
        product.metadata = Some(HashMap::from([(
            "campaign".to_owned(),
            d.campaign_slug.clone(),
        )]));
        let mut price = CreateCheckoutSessionLineItemsPriceData::new(stripe_types::Currency::EUR);
        price.unit_amount = Some(d.amount.get());
        price.product_data = Some(product);
        if monthly {
            price.recurring = Some(CreateCheckoutSessionLineItemsPriceDataRecurring::new(
                CreateCheckoutSessionLineItemsPriceDataRecurringInterval::Month,
            ));
        }
        let mut line = CreateCheckoutSessionLineItems::new();
        line.price_data = Some(price);
        line.quantity = Some(1);
        let mut request = CreateCheckoutSession::new()
            .mode(if monthly {
                CheckoutSessionMode::Subscription
            } else {
                CheckoutSessionMode::Payment
            })
            .line_items(vec![line])
            .allowed_payment_method_types(vec![
                CreateCheckoutSessionAllowedPaymentMethodTypes::Card,
                CreateCheckoutSessionAllowedPaymentMethodTypes::SepaDebit,
            ])
            .customer_email(d.donor_email.clone())
            .client_reference_id(d.public_id.clone())
            .metadata(metadata.clone())
            .locale(match lang.code() {
                "en" => CheckoutSessionLocale::En,
                _ => CheckoutSessionLocale::Fr,
            })
            .success_url(format!("{base_url}/donations/{}/thanks", d.public_id))
            // Back to the form in the language the gift was begun in.
            .cancel_url(crate::i18n::with_lang(
                &format!("{base_url}/campaigns/{}#don", d.campaign_slug),
                lang,
            ));
        if monthly {
            let mut data = CreateCheckoutSessionSubscriptionData::new();
            data.metadata = Some(metadata);
            data.description =
                Some(lang.t1("checkout-monthly-gift", "campaign", &d.campaign_title));
            request = request.subscription_data(data);
        } else {
            let mut data = CreateCheckoutSessionPaymentIntentData::new();
            data.metadata = Some(metadata);
            data.description = Some(one_off);
            request = request.payment_intent_data(data);
        }
        let session = request
            .send(&self.client)
            .await
            .map_err(|e| anyhow::anyhow!("Stripe refused the Checkout Session: {e}"))?;
        self.store
            .set_donation_provider_ref(&d.public_id, session.id.as_str())
            .await?;
        session
            .url
            .context("Stripe returned a Checkout Session without a URL")
    }

    async fn reconcile(
        &self,
        store: &dyn Store,
        progress: &crate::progress::ProgressCache,
        min_age: time::Duration,
    ) -> anyhow::Result<usize> {
        let before = time::OffsetDateTime::now_utc() - min_age;
        let mut settled = 0;
        for (donation, reference) in store
            .stale_pending_donations(events::PROVIDER, before, 200)
            .await?
        {
            let Some(session_id) = reference.filter(|r| r.starts_with("cs_")) else {
                continue;
            };
            let session = match self
                .call(
                    StripeMethod::Get,
                    &format!("/checkout/sessions/{session_id}"),
                    &[],
                )
                .await
            {
                Ok(session) => session,
                Err(err) => {
                    tracing::warn!(donation.id = %donation, error = %err, "reconciliation: cannot read the session");
                    continue;
                }
            };
            let kind = match (
                session["status"].as_str(),
                session["payment_status"].as_str(),
            ) {
                (Some("complete"), Some("paid")) => "checkout.session.completed",
                (Some("expired"), _) => "checkout.session.async_payment_failed",
                _ => continue,
            };
            // The very path a webhook takes, with the session Stripe just gave.
            let event = serde_json::json!({ "type": kind, "data": { "object": session } });
            let ctx = events::Context {
                store,
                progress,
                gateway: self,
            };
            match events::apply(ctx, &event, None).await {
                Ok(events::Outcome::Applied(detail) | events::Outcome::Recorded(detail)) => {
                    tracing::info!(donation.id = %donation, %detail, "reconciliation settled a payment");
                    settled += 1;
                }
                Ok(events::Outcome::Ignored(_)) => {}
                Err(err) => {
                    tracing::warn!(donation.id = %donation, error = %err, "reconciliation: not applied")
                }
            }
        }
        Ok(settled)
    }

    async fn refund(
        &self,
        provider_ref: &str,
        amount: Cents,
        idempotency_key: &str,
    ) -> anyhow::Result<()> {
        // A monthly payment is recorded under its invoice: refund its payment.
        let intent = if provider_ref.starts_with("in_") {
            self.payments_of_invoice(provider_ref)
                .await?
                .into_iter()
                .find(|r| r.starts_with("pi_"))
                .context("the invoice names no payment")?
        } else {
            provider_ref.to_owned()
        };
        anyhow::ensure!(
            intent.starts_with("pi_"),
            "no payment intent to refund ({provider_ref})"
        );
        let cents = amount.get().to_string();
        let refund = self
            .call_once_per_key(
                StripeMethod::Post,
                "/refunds",
                &[("payment_intent", intent.as_str()), ("amount", &cents)],
                Some(idempotency_key),
            )
            .await?;
        tracing::info!(refund = ?refund["id"].as_str(), payment = %intent, amount = amount.get(), "Stripe refund made");
        Ok(())
    }

    async fn payments_of_invoice(&self, invoice: &str) -> anyhow::Result<Vec<String>> {
        // Stripe's current API links an invoice to its payments only through
        // invoice payments; older versions (and localstripe) name the payment
        // intent and charge on the invoice.
        let listed = self
            .call(
                StripeMethod::Get,
                "/invoice_payments",
                &[("invoice", invoice), ("limit", "100")],
            )
            .await;
        let references = match listed {
            Ok(list) => list["data"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["status"].as_str() != Some("canceled"))
                .flat_map(|p| {
                    [
                        events::reference(&p["payment"]["payment_intent"]),
                        events::reference(&p["payment"]["charge"]),
                    ]
                })
                .flatten()
                .collect(),
            Err(err) => {
                tracing::debug!(error = %format!("{err:#}"), "no invoice payments: reading the invoice");
                let invoice = self
                    .call(StripeMethod::Get, &format!("/invoices/{invoice}"), &[])
                    .await?;
                let named: Vec<String> = [
                    events::reference(&invoice["payment_intent"]),
                    events::reference(&invoice["charge"]),
                ]
                .into_iter()
                .flatten()
                .collect();
                // Nothing either way: the first answer's error is the news.
                if named.is_empty() {
                    return Err(err);
                }
                named
            }
        };
        Ok(references)
    }

    async fn invoice_of_payment(&self, payment_intent: &str) -> anyhow::Result<Option<String>> {
        let listed = self
            .call(
                StripeMethod::Get,
                "/invoice_payments",
                &[
                    ("payment[type]", "payment_intent"),
                    ("payment[payment_intent]", payment_intent),
                ],
            )
            .await;
        Ok(match listed {
            Ok(list) => list["data"]
                .as_array()
                .into_iter()
                .flatten()
                .find_map(|p| events::reference(&p["invoice"])),
            Err(err) => {
                tracing::debug!(error = %format!("{err:#}"), "no invoice payments: reading the payment intent");
                let intent = self
                    .call(
                        StripeMethod::Get,
                        &format!("/payment_intents/{payment_intent}"),
                        &[],
                    )
                    .await?;
                match events::reference(&intent["invoice"]) {
                    Some(invoice) => Some(invoice),
                    None => return Err(err),
                }
            }
        })
    }

    async fn cancel_subscription(&self, subscription: &Subscription) -> anyhow::Result<()> {
        let id = subscription
            .provider_ref
            .as_deref()
            .context("this monthly gift has no Stripe subscription yet")?;
        self.call(StripeMethod::Delete, &format!("/subscriptions/{id}"), &[])
            .await?;
        Ok(())
    }

    async fn change_subscription_amount(
        &self,
        subscription: &Subscription,
        amount: Cents,
    ) -> anyhow::Result<()> {
        let id = subscription
            .provider_ref
            .as_deref()
            .context("this monthly gift has no Stripe subscription yet")?;
        let current = self
            .call(StripeMethod::Get, &format!("/subscriptions/{id}"), &[])
            .await?;
        let item = &current["items"]["data"][0];
        let item_id = item["id"].as_str().context("subscription without item")?;
        let product = item["price"]["product"]
            .as_str()
            .or_else(|| item["plan"]["product"].as_str())
            .context("subscription item without product")?;
        let cents = amount.get().to_string();
        self.call(
            StripeMethod::Post,
            &format!("/subscriptions/{id}"),
            &[
                ("items[0][id]", item_id),
                ("items[0][price_data][currency]", "eur"),
                ("items[0][price_data][product]", product),
                ("items[0][price_data][unit_amount]", &cents),
                ("items[0][price_data][recurring][interval]", "month"),
                ("proration_behavior", "none"),
            ],
        )
        .await?;
        Ok(())
    }
}

impl StripeGateway {
    /// A call the typed requests do not cover, answered as JSON.
    async fn call(
        &self,
        method: StripeMethod,
        path: &str,
        form: &[(&str, &str)],
    ) -> anyhow::Result<serde_json::Value> {
        self.call_once_per_key(method, path, form, None).await
    }

    /// A call that Stripe carries out once per `idempotency_key` (its
    /// `Idempotency-Key` header): asked again with the same key, it answers
    /// what it answered the first time and does nothing more.
    async fn call_once_per_key(
        &self,
        method: StripeMethod,
        path: &str,
        form: &[(&str, &str)],
        idempotency_key: Option<&str>,
    ) -> anyhow::Result<serde_json::Value> {
        let get = matches!(method, StripeMethod::Get);
        let mut request = RequestBuilder::new(method, path);
        if !form.is_empty() {
            let encoded = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form)
                .finish();
            // A GET's parameters go in its query string.
            if get {
                request.query = Some(encoded);
            } else {
                request.body = Some(encoded);
            }
        }
        let mut request = request.customize();
        if let Some(key) = idempotency_key {
            request = request.request_strategy(stripe_client_core::RequestStrategy::Idempotent(
                stripe_client_core::IdempotencyKey::new(key)
                    .map_err(|e| anyhow::anyhow!("idempotency key: {e:?}"))?,
            ));
        }
        let value: miniserde::json::Value = request
            .send(&self.client)
            .await
            .map_err(|e| anyhow::anyhow!("Stripe refused {path}: {e}"))?;
        Ok(serde_json::from_str(&miniserde::json::to_string(&value))?)
    }
}
