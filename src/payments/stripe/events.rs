//! What each Stripe event does. Events may come twice, late, or out of order (an
//! invoice before its Checkout Session): every branch converges on the same end
//! state, because confirmations are idempotent and each payment is keyed by the
//! provider's own id (payment intent or invoice).

use serde_json::Value;
use time::OffsetDateTime;

use crate::domain::lifecycle::{GiftStatus, MoneyBack, MonthlyStatus};
use crate::domain::money::Cents;
use crate::gifts;
use crate::payments::PaymentGateway;
use crate::progress::ProgressCache;
use crate::store::{
    DonationSummary, MoneyBackOutcome, MoneyBackRequest, NewEvent, Store, StoreError, Subscription,
};

/// What handling an event needs: the store, the bar, and the gateway to ask
/// Stripe what an event does not say (which gift a payment belongs to).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub store: &'a dyn Store,
    pub progress: &'a ProgressCache,
    pub gateway: &'a dyn PaymentGateway,
}

pub const PROVIDER: crate::store::Provider = crate::store::Provider::Stripe;

#[derive(Debug)]
pub enum Outcome {
    Applied(String),
    /// Applied, and the event recorded in the same transaction as the payment.
    Recorded(String),
    Ignored(String),
}

/// The webhook delivery an event came in: recorded with the payment it confirms.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub payload: &'a str,
}

impl Received<'_> {
    fn record(&self, detail: &str) -> NewEvent {
        NewEvent {
            provider: PROVIDER,
            event_id: self.id.to_owned(),
            event_type: self.kind.to_owned(),
            payload: self.payload.to_owned(),
            detail: detail.to_owned(),
        }
    }
}

/// Confirms a payment, recording the delivery with it when there is one.
async fn confirm(
    store: &dyn Store,
    progress: &ProgressCache,
    received: Option<Received<'_>>,
    public_id: &str,
    method: &str,
    reference: Option<&str>,
    detail: String,
) -> Result<Outcome, EventError> {
    let payment = gifts::Payment {
        public_id,
        method,
        provider_ref: reference,
        received_at: OffsetDateTime::now_utc(),
        event: received.map(|r| r.record(&detail)),
    };
    gifts::confirm(store, progress, payment).await?;
    Ok(match received {
        Some(_) => Outcome::Recorded(detail),
        None => Outcome::Applied(detail),
    })
}

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// The event contradicts what we know (amount, currency): nothing changed.
    #[error("refused: {0}")]
    Refused(String),
    /// Could not be applied now; Stripe will deliver it again.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<StoreError> for EventError {
    fn from(err: StoreError) -> Self {
        EventError::Failed(err.into())
    }
}

/// A reference as Stripe gives it (an id, or an expanded object's), owned.
pub fn reference(value: &Value) -> Option<String> {
    id_of(value).map(str::to_owned)
}

/// A string field, or the `id` of an expanded object.
fn id_of(value: &Value) -> Option<&str> {
    value
        .as_str()
        .or_else(|| value.get("id").and_then(Value::as_str))
}

fn str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(id_of)
}

fn check_amount(
    expected: Cents,
    amount: Option<i64>,
    currency: Option<&str>,
) -> Result<(), EventError> {
    if let Some(currency) = currency
        && !currency.eq_ignore_ascii_case("eur")
    {
        return Err(EventError::Refused(format!(
            "currency {currency}, expected eur"
        )));
    }
    // A payment says what it paid: one that does not is refused, never taken
    // for the amount we expected.
    match amount {
        None => Err(EventError::Refused(format!(
            "no amount paid, expected {} cents",
            expected.get()
        ))),
        Some(amount) if amount != expected.get() => Err(EventError::Refused(format!(
            "amount {amount} cents, expected {}",
            expected.get()
        ))),
        Some(_) => Ok(()),
    }
}

/// What became of a delivered event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// `applied`, `duplicate`, `ignored`, `refused` or `failed`.
    pub outcome: &'static str,
    /// The HTTP status to answer: 500 for a failure, so that Stripe retries.
    pub status: u16,
}

/// Handles the body of a webhook whose signature was checked (or a stored event
/// replayed by finance staff): applies it unless already done, and stores it
/// with its outcome. A repeat changes nothing; a failure is stored as such and
/// applied again at the next delivery or replay.
pub async fn process(ctx: Context<'_>, body: &[u8], now: OffsetDateTime) -> Processed {
    let store = ctx.store;
    let done = |outcome, status| Processed { outcome, status };
    let Ok(event) = serde_json::from_slice::<Value>(body) else {
        tracing::warn!("stripe webhook refused: body is not JSON");
        return done("refused", 400);
    };
    let (Some(id), Some(kind)) = (
        event.get("id").and_then(Value::as_str),
        event.get("type").and_then(Value::as_str),
    ) else {
        tracing::warn!("stripe webhook refused: no event id or type");
        return done("refused", 400);
    };
    match store.event_outcome(PROVIDER, id).await {
        Ok(None) => {}
        Ok(Some(previous)) => {
            tracing::info!(event.id = %id, event.kind = %kind, %previous, "stripe event already handled");
            return done("duplicate", 200);
        }
        Err(err) => {
            tracing::error!(event.id = %id, error = %err, "cannot read stripe events");
            return done("failed", 500);
        }
    }
    let payload = String::from_utf8_lossy(body);
    let received = Received {
        id,
        kind,
        payload: &payload,
    };
    let (outcome, detail, status) = match apply(ctx, &event, Some(received)).await {
        Ok(Outcome::Recorded(detail)) => {
            // Stored with the payment, in its transaction.
            tracing::info!(event.id = %id, event.kind = %kind, outcome = "applied", %detail, "stripe event");
            return done("applied", 200);
        }
        Ok(Outcome::Applied(detail)) => ("applied", detail, 200),
        Ok(Outcome::Ignored(detail)) => ("ignored", detail, 200),
        Err(EventError::Refused(detail)) => {
            tracing::error!(event.id = %id, event.kind = %kind, %detail, "stripe event refused");
            ("refused", detail, 200)
        }
        Err(EventError::Failed(err)) => {
            tracing::warn!(event.id = %id, event.kind = %kind, error = %format!("{err:#}"), "stripe event failed, Stripe will retry");
            ("failed", format!("{err:#}"), 500)
        }
    };
    // Applying is idempotent, so two deliveries racing past the check above end
    // in the same state; the event is stored once either way.
    if let Err(err) = store
        .save_event(PROVIDER, id, kind, &payload, outcome, &detail, now)
        .await
    {
        tracing::error!(event.id = %id, error = %err, "cannot record stripe event");
    }
    tracing::info!(event.id = %id, event.kind = %kind, outcome, %detail, "stripe event");
    done(outcome, status)
}

/// Applies `event`; `received` is the webhook delivery it came in (none when
/// reconciliation built the event from what the API said).
pub async fn apply(
    ctx: Context<'_>,
    event: &Value,
    received: Option<Received<'_>>,
) -> Result<Outcome, EventError> {
    let (store, progress) = (ctx.store, ctx.progress);
    // When Stripe made the report: money-back reports older than the last
    // applied to a payment are stale.
    let reported_at = event
        .get("created")
        .and_then(Value::as_i64)
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
    let kind = event
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let object = event
        .get("data")
        .and_then(|d| d.get("object"))
        .ok_or_else(|| EventError::Refused("no data.object".to_owned()))?;
    match kind {
        "checkout.session.completed" => {
            session_paid(store, progress, object, "card", received).await
        }
        "checkout.session.async_payment_succeeded" => {
            session_paid(store, progress, object, "sepa_debit", received).await
        }
        "checkout.session.async_payment_failed" => session_failed(ctx, object, reported_at).await,
        "invoice.paid" | "invoice.payment_succeeded" => invoice_paid(ctx, object, received).await,
        "invoice.payment_failed" => invoice_failed(ctx, object, reported_at).await,
        "payment_intent.payment_failed" => intent_failed(ctx, object, reported_at).await,
        "customer.subscription.deleted" => {
            subscription_changed(store, object, Some(MonthlyStatus::Cancelled)).await
        }
        "customer.subscription.updated" => subscription_changed(store, object, None).await,
        "charge.refunded" => charge_refunded(ctx, object, reported_at).await,
        "charge.dispute.closed" => dispute_closed(ctx, object, reported_at).await,
        "charge.refund.updated" | "refund.updated" | "refund.failed" => {
            refund_updated(ctx, object, reported_at).await
        }
        other => Ok(Outcome::Ignored(format!("{other} is not used"))),
    }
}

async fn session_donation(
    store: &dyn Store,
    session: &Value,
) -> Result<Option<DonationSummary>, EventError> {
    let id = str_at(session, &["metadata", "donation_id"])
        .or_else(|| str_at(session, &["client_reference_id"]));
    let Some(id) = id else { return Ok(None) };
    Ok(store.donation(id).await?.filter(|d| d.provider == PROVIDER))
}

async fn session_paid(
    store: &dyn Store,
    progress: &ProgressCache,
    session: &Value,
    method: &str,
    received: Option<Received<'_>>,
) -> Result<Outcome, EventError> {
    let Some(donation) = session_donation(store, session).await? else {
        return Ok(Outcome::Ignored("session of no known donation".to_owned()));
    };
    check_amount(
        donation.amount,
        session.get("amount_total").and_then(Value::as_i64),
        session.get("currency").and_then(Value::as_str),
    )?;
    if let (Some(sub), Some(stripe_sub)) =
        (donation.subscription_id, str_at(session, &["subscription"]))
    {
        store
            .set_subscription_provider_ref(sub, stripe_sub, OffsetDateTime::now_utc())
            .await?;
    }
    if session.get("payment_status").and_then(Value::as_str) != Some("paid") {
        return Ok(Outcome::Ignored(
            "payment not settled yet (SEPA debit)".to_owned(),
        ));
    }
    // The payment's own id: the invoice of a subscription's first payment (so that
    // `invoice.paid` finds it), else the payment intent.
    let reference = str_at(session, &["invoice"])
        .or_else(|| str_at(session, &["payment_intent"]))
        .or_else(|| str_at(session, &["id"]));
    let detail = format!("donation {} confirmed", donation.public_id);
    confirm(
        store,
        progress,
        received,
        &donation.public_id,
        method,
        reference,
        detail,
    )
    .await
}

async fn session_failed(
    ctx: Context<'_>,
    session: &Value,
    reported_at: Option<OffsetDateTime>,
) -> Result<Outcome, EventError> {
    let Some(donation) = session_donation(ctx.store, session).await? else {
        return Ok(Outcome::Ignored("session of no known donation".to_owned()));
    };
    failed(ctx, &donation, reported_at).await
}

/// A payment reported failed: a pending gift fails; one already counted (a
/// SEPA debit returned) is given back whole, through the one money-back path.
async fn failed(
    ctx: Context<'_>,
    donation: &DonationSummary,
    reported_at: Option<OffsetDateTime>,
) -> Result<Outcome, EventError> {
    let id = &donation.public_id;
    let failure = gifts::payment_failed(
        ctx.store,
        ctx.progress,
        id,
        reported_at,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(match failure {
        gifts::Failure::Failed => Outcome::Applied(format!("donation {id} failed")),
        gifts::Failure::GivenBack(outcome) => money_back_outcome(id, "debit returned", outcome)?,
        gifts::Failure::Unchanged => Outcome::Ignored("donation was not pending".to_owned()),
    })
}

/// What money going back did, as the event's outcome.
fn money_back_outcome(
    id: &str,
    what: &str,
    outcome: MoneyBackOutcome,
) -> Result<Outcome, EventError> {
    match outcome {
        MoneyBackOutcome::Applied { plan, .. } => Ok(Outcome::Applied(format!(
            "donation {id}: {what} ({} cents, {} refunded in all)",
            plan.line.get(),
            plan.refunded.get()
        ))),
        MoneyBackOutcome::Unchanged(why) => Ok(Outcome::Ignored(format!("{what}: {why}"))),
        MoneyBackOutcome::Refused(why) => Err(EventError::Refused(format!("{what}: {why}"))),
    }
}

/// Money going back on the gift `object` (a charge, refund or dispute) names.
async fn give_back(
    ctx: Context<'_>,
    object: &Value,
    back: MoneyBack,
    provider_ref: Option<&str>,
    reported_at: Option<OffsetDateTime>,
    what: &str,
) -> Result<Outcome, EventError> {
    let Some(donation) = payment_of(ctx, object).await? else {
        return Ok(Outcome::Ignored(format!("{what}: no known donation")));
    };
    let request = MoneyBackRequest {
        public_id: donation.public_id.clone(),
        back,
        provider_ref: provider_ref.map(str::to_owned),
        reported_at,
        now: OffsetDateTime::now_utc(),
    };
    let outcome = gifts::money_back(ctx.store, ctx.progress, &request).await?;
    money_back_outcome(&donation.public_id, what, outcome)
}

/// The references a charge, refund, dispute or payment intent gives for its
/// payment: payment intent, charge, and (in older API versions) invoice.
fn payment_references(object: &Value) -> Vec<&str> {
    let own = str_at(object, &["id"]).filter(|id| id.starts_with("ch_") || id.starts_with("pi_"));
    [
        str_at(object, &["payment_intent"]),
        str_at(object, &["charge"]),
        own,
        str_at(object, &["invoice"]),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Our gift for a charge, refund, dispute or payment intent. In Stripe's
/// current API a monthly payment's charge names no invoice, and we know the
/// payment by its invoice: when no reference is known, Stripe is asked which
/// invoice the payment intent paid, and what it said is recorded (a replay
/// needs no network).
async fn payment_of(
    ctx: Context<'_>,
    object: &Value,
) -> Result<Option<DonationSummary>, EventError> {
    let references = payment_references(object);
    let now = OffsetDateTime::now_utc();
    let mut found = None;
    for reference in &references {
        if let Some(d) = ctx
            .store
            .donation_by_provider_ref(PROVIDER, reference)
            .await?
        {
            found = Some((d, "event"));
            break;
        }
    }
    if found.is_none()
        && let Some(intent) = str_at(object, &["payment_intent"])
            .or_else(|| str_at(object, &["id"]).filter(|id| id.starts_with("pi_")))
        && let Some(invoice) = ctx
            .gateway
            .invoice_of_payment(intent)
            .await
            .map_err(EventError::Failed)?
        && let Some(d) = ctx
            .store
            .donation_by_provider_ref(PROVIDER, &invoice)
            .await?
    {
        found = Some((d, "invoice_payments lookup"));
    }
    let Some((donation, found_by)) = found else {
        return Ok(None);
    };
    for reference in references {
        ctx.store
            .link_payment(PROVIDER, reference, donation.id, found_by, now)
            .await?;
    }
    Ok(Some(donation))
}

/// Records the payment intents and charges that paid `invoice` as references
/// of its gift: from the invoice itself (older API versions name them, current
/// ones list them under `payments` when included), else from Stripe's
/// invoice payments. A lookup that fails is told and left to the first event
/// that needs it.
async fn link_invoice_payments(ctx: Context<'_>, invoice: &Value, donation_id: i64) {
    let Some(invoice_id) = str_at(invoice, &["id"]) else {
        return;
    };
    let mut references: Vec<String> = [
        str_at(invoice, &["payment_intent"]),
        str_at(invoice, &["charge"]),
    ]
    .into_iter()
    .flatten()
    .map(str::to_owned)
    .collect();
    let listed = invoice
        .get("payments")
        .and_then(|p| p.get("data"))
        .and_then(Value::as_array);
    for payment in listed.into_iter().flatten() {
        references.extend(
            [
                str_at(payment, &["payment", "payment_intent"]),
                str_at(payment, &["payment", "charge"]),
            ]
            .into_iter()
            .flatten()
            .map(str::to_owned),
        );
    }
    let found_by = if references.is_empty() {
        match ctx.gateway.payments_of_invoice(invoice_id).await {
            Ok(found) => references = found,
            Err(err) => {
                tracing::warn!(invoice = %invoice_id, error = %format!("{err:#}"), "cannot list the invoice's payments now; a refund event will ask again");
            }
        }
        "invoice_payments lookup"
    } else {
        "event"
    };
    let now = OffsetDateTime::now_utc();
    for reference in references {
        if let Err(err) = ctx
            .store
            .link_payment(PROVIDER, &reference, donation_id, found_by, now)
            .await
        {
            tracing::warn!(invoice = %invoice_id, error = %err, "cannot record a payment's reference");
        }
    }
}

/// The invoice's subscription id and metadata, in the current API shape
/// (`parent.subscription_details`) or the older one (`subscription`).
fn invoice_subscription(invoice: &Value) -> (Option<&str>, Option<&str>) {
    let details = invoice
        .get("parent")
        .and_then(|p| p.get("subscription_details"))
        .or_else(|| invoice.get("subscription_details"));
    let sub = details
        .and_then(|d| d.get("subscription"))
        .and_then(id_of)
        .or_else(|| str_at(invoice, &["subscription"]));
    let donation = details.and_then(|d| str_at(d, &["metadata", "donation_id"]));
    (sub, donation)
}

/// Our monthly gift for an invoice: by Stripe's subscription id, else by the
/// donation id the subscription carries in its metadata.
async fn find_subscription(
    store: &dyn Store,
    invoice: &Value,
) -> Result<Option<Subscription>, EventError> {
    let (stripe_sub, donation_id) = invoice_subscription(invoice);
    if let Some(stripe_sub) = stripe_sub
        && let Some(sub) = store
            .subscription_by_provider_ref(PROVIDER, stripe_sub)
            .await?
    {
        return Ok(Some(sub));
    }
    let Some(donation_id) = donation_id else {
        return Ok(None);
    };
    let Some(first) = store.donation(donation_id).await? else {
        return Ok(None);
    };
    let Some(sub_id) = first.subscription_id else {
        return Ok(None);
    };
    if let Some(stripe_sub) = stripe_sub {
        store
            .set_subscription_provider_ref(sub_id, stripe_sub, OffsetDateTime::now_utc())
            .await?;
    }
    Ok(store.subscription(sub_id).await?)
}

async fn invoice_paid(
    ctx: Context<'_>,
    invoice: &Value,
    received: Option<Received<'_>>,
) -> Result<Outcome, EventError> {
    let outcome = record_invoice(ctx, invoice, received).await?;
    // Its payment intent and charge, for the refunds and chargebacks to come.
    if let Some(invoice_id) = str_at(invoice, &["id"])
        && let Some(known) = ctx
            .store
            .donation_by_provider_ref(PROVIDER, invoice_id)
            .await?
    {
        link_invoice_payments(ctx, invoice, known.id).await;
    }
    Ok(outcome)
}

async fn record_invoice(
    ctx: Context<'_>,
    invoice: &Value,
    received: Option<Received<'_>>,
) -> Result<Outcome, EventError> {
    let (store, progress) = (ctx.store, ctx.progress);
    let invoice_id = str_at(invoice, &["id"])
        .ok_or_else(|| EventError::Refused("invoice without id".to_owned()))?;
    if let Some(known) = store.donation_by_provider_ref(PROVIDER, invoice_id).await? {
        if known.status == GiftStatus::Pending {
            let detail = format!("donation {} confirmed", known.public_id);
            let (id, reference) = (&known.public_id, Some(invoice_id));
            return confirm(store, progress, received, id, "card", reference, detail).await;
        }
        return Ok(Outcome::Ignored("invoice already recorded".to_owned()));
    }
    let Some(sub) = find_subscription(store, invoice).await? else {
        if invoice_subscription(invoice).0.is_none() {
            return Ok(Outcome::Ignored("invoice of no subscription".to_owned()));
        }
        // Not one of ours (another product on the same Stripe account): a
        // failure would have Stripe deliver it again for days, for nothing.
        // Our own subscriptions carry our donation id and are found by it even
        // before their checkout session is recorded.
        tracing::warn!(invoice = %invoice_id, "stripe invoice of a subscription we do not know: ignored");
        return Ok(Outcome::Ignored(
            "invoice of a subscription we do not know".to_owned(),
        ));
    };
    let amount = invoice.get("amount_paid").and_then(Value::as_i64);
    let currency = invoice.get("currency").and_then(Value::as_str);
    let first_payment =
        invoice.get("billing_reason").and_then(Value::as_str) == Some("subscription_create");
    let (_, metadata_donation) = invoice_subscription(invoice);
    if first_payment && let Some(first) = metadata_donation {
        let donation = store.donation(first).await?.ok_or_else(|| {
            EventError::Failed(anyhow::anyhow!("first donation {first} not found"))
        })?;
        check_amount(donation.amount, amount, currency)?;
        let detail = format!("donation {} confirmed", donation.public_id);
        let (id, reference) = (&donation.public_id, Some(invoice_id));
        return confirm(store, progress, received, id, "card", reference, detail).await;
    }
    check_amount(sub.amount, amount, currency)?;
    let payment = match store
        .create_subscription_payment(sub.id, Some(invoice_id), OffsetDateTime::now_utc())
        .await
    {
        Ok(payment) => payment,
        // Another delivery of the same invoice got there first.
        Err(StoreError::Conflict(_)) => {
            return Ok(Outcome::Ignored("invoice already recorded".to_owned()));
        }
        Err(StoreError::InvalidState(_)) => {
            return Ok(Outcome::Ignored("monthly gift is cancelled".to_owned()));
        }
        Err(err) => return Err(err.into()),
    };
    let detail = format!("monthly payment {} recorded", payment.public_id);
    let (id, reference) = (&payment.public_id, Some(invoice_id));
    confirm(store, progress, received, id, "card", reference, detail).await
}

async fn invoice_failed(
    ctx: Context<'_>,
    invoice: &Value,
    reported_at: Option<OffsetDateTime>,
) -> Result<Outcome, EventError> {
    let store = ctx.store;
    // A payment already recorded as received (a SEPA debit returned after the
    // invoice was paid) goes back through the money-back path.
    if let Some(invoice_id) = str_at(invoice, &["id"])
        && let Some(known) = store.donation_by_provider_ref(PROVIDER, invoice_id).await?
        && known.status != GiftStatus::Pending
    {
        return failed(ctx, &known, reported_at).await;
    }
    let Some(sub) = find_subscription(store, invoice).await? else {
        return Ok(Outcome::Ignored(
            "invoice of no known subscription".to_owned(),
        ));
    };
    let first_payment =
        invoice.get("billing_reason").and_then(Value::as_str) == Some("subscription_create");
    if first_payment && let (_, Some(first)) = invoice_subscription(invoice) {
        let Some(first) = store.donation(first).await? else {
            return Ok(Outcome::Ignored("first donation not found".to_owned()));
        };
        return failed(ctx, &first, reported_at).await;
    }
    let now = OffsetDateTime::now_utc();
    store
        .update_subscription(sub.id, MonthlyStatus::PastDue, None, now)
        .await?;
    // The donor is told once per invoice, however many times Stripe retries it.
    let invoice_id = str_at(invoice, &["id"]).unwrap_or(&sub.public_id);
    if let Some(first) = store.subscription_first_donation(sub.id).await? {
        let job = crate::jobs::email_job(
            "monthly_payment_failed",
            Some(first),
            None,
            Some(format!("email:monthly_payment_failed:{invoice_id}")),
        );
        store.enqueue_job(&job, now).await?;
    }
    Ok(Outcome::Applied(format!(
        "monthly gift {} past due",
        sub.public_id
    )))
}

/// A payment intent that failed: for a payment we know, as a failed payment
/// (a SEPA debit returned after it was counted is given back).
async fn intent_failed(
    ctx: Context<'_>,
    intent: &Value,
    reported_at: Option<OffsetDateTime>,
) -> Result<Outcome, EventError> {
    let Some(id) = str_at(intent, &["id"]) else {
        return Err(EventError::Refused("payment intent without id".to_owned()));
    };
    match ctx.store.donation_by_provider_ref(PROVIDER, id).await? {
        Some(donation) => failed(ctx, &donation, reported_at).await,
        None => Ok(Outcome::Ignored(
            "payment intent of no known donation".to_owned(),
        )),
    }
}

async fn subscription_changed(
    store: &dyn Store,
    object: &Value,
    forced: Option<MonthlyStatus>,
) -> Result<Outcome, EventError> {
    let Some(stripe_sub) = str_at(object, &["id"]) else {
        return Err(EventError::Refused("subscription without id".to_owned()));
    };
    let sub = match store
        .subscription_by_provider_ref(PROVIDER, stripe_sub)
        .await?
    {
        Some(sub) => Some(sub),
        None => match str_at(object, &["metadata", "donation_id"]) {
            Some(first) => match store.donation(first).await?.and_then(|d| d.subscription_id) {
                Some(id) => {
                    store
                        .set_subscription_provider_ref(id, stripe_sub, OffsetDateTime::now_utc())
                        .await?;
                    store.subscription(id).await?
                }
                None => None,
            },
            None => None,
        },
    };
    let Some(sub) = sub else {
        return Ok(Outcome::Ignored(
            "subscription of no known monthly gift".to_owned(),
        ));
    };
    let status = forced.unwrap_or(match object.get("status").and_then(Value::as_str) {
        Some("canceled") | Some("incomplete_expired") => MonthlyStatus::Cancelled,
        Some("past_due") | Some("unpaid") => MonthlyStatus::PastDue,
        Some("active") | Some("trialing") => MonthlyStatus::Active,
        _ => sub.status,
    });
    let amount = object
        .get("items")
        .and_then(|i| i.get("data"))
        .and_then(|d| d.get(0))
        .and_then(|item| {
            item.get("price")
                .and_then(|p| p.get("unit_amount"))
                .or_else(|| item.get("plan").and_then(|p| p.get("amount")))
        })
        .and_then(Value::as_i64)
        .filter(|a| *a > 0)
        .map(Cents::new);
    let previous = store
        .update_subscription(sub.id, status, amount, OffsetDateTime::now_utc())
        .await?;
    Ok(Outcome::Applied(format!(
        "monthly gift {} {previous} → {status}",
        sub.public_id
    )))
}

/// A chargeback the organisation lost: the whole payment is taken back, like a
/// full refund (the bar moves back, the receipt is cancelled). A dispute won or
/// still open changes nothing.
async fn dispute_closed(
    ctx: Context<'_>,
    dispute: &Value,
    reported_at: Option<OffsetDateTime>,
) -> Result<Outcome, EventError> {
    if str_at(dispute, &["status"]) != Some("lost") {
        return Ok(Outcome::Ignored("dispute not lost".to_owned()));
    }
    let id = str_at(dispute, &["id"]);
    give_back(
        ctx,
        dispute,
        MoneyBack::DisputeLost,
        id,
        reported_at,
        "lost to a chargeback",
    )
    .await
}

/// A refund, full or partial, made here or in Stripe's dashboard: the charge
/// says what has been refunded of it in all (a running total, so repeats and
/// older reports change nothing).
async fn charge_refunded(
    ctx: Context<'_>,
    charge: &Value,
    reported_at: Option<OffsetDateTime>,
) -> Result<Outcome, EventError> {
    let refunded = charge
        .get("amount_refunded")
        .and_then(Value::as_i64)
        .ok_or_else(|| EventError::Refused("charge without amount_refunded".to_owned()))?;
    give_back(
        ctx,
        charge,
        MoneyBack::RefundedTotal(Cents::new(refunded)),
        None,
        reported_at,
        "refunded",
    )
    .await
}

/// A refund that failed (or was cancelled): its money comes back to the
/// organisation, once per refund. Other updates change nothing.
async fn refund_updated(
    ctx: Context<'_>,
    refund: &Value,
    reported_at: Option<OffsetDateTime>,
) -> Result<Outcome, EventError> {
    if !matches!(
        str_at(refund, &["status"]),
        Some("failed") | Some("canceled")
    ) {
        return Ok(Outcome::Ignored("refund not failed".to_owned()));
    }
    let amount = refund
        .get("amount")
        .and_then(Value::as_i64)
        .ok_or_else(|| EventError::Refused("refund without amount".to_owned()))?;
    let id = str_at(refund, &["id"]);
    give_back(
        ctx,
        refund,
        MoneyBack::RefundFailed(Cents::new(amount)),
        id,
        reported_at,
        "refund failed, money back",
    )
    .await
}
