//! Stripe, with Stripe's own example objects: Checkout Session creation against a
//! local HTTP double, and webhooks signed by the test with Stripe's scheme.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{GIFT, TestApp, TestDb, gift_with, spawn_app_with};
use serde_json::{Value, json};
use soutenir::domain::money::Cents;
use soutenir::payments::stripe::signature;
use soutenir::store::Frequency;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const WEBHOOK_SECRET: &str = "whsec_test_soutenir";

pub(super) fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/stripe/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture JSON")
}

/// Answers `POST /v1/checkout/sessions` like Stripe: a full session object with a
/// fresh id and URL.
struct SessionResponder {
    count: AtomicUsize,
}

impl Respond for SessionResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let get = |k: &str| {
            form.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        let mut session = fixture("checkout.session");
        let id = format!("cs_test_{n}");
        session["id"] = json!(id);
        session["url"] = json!(format!("https://checkout.stripe.com/c/pay/{id}"));
        session["mode"] = json!(get("mode").unwrap_or_default());
        session["metadata"] = json!({ "donation_id": get("metadata[donation_id]") });
        session["client_reference_id"] = json!(get("client_reference_id"));
        ResponseTemplate::new(200).set_body_json(session)
    }
}

pub(super) struct StripeApp {
    pub(super) app: TestApp,
    pub(super) mock: MockServer,
}

pub(super) async fn spawn_stripe_app() -> StripeApp {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .respond_with(SessionResponder {
            count: AtomicUsize::new(0),
        })
        .mount(&mock)
        .await;
    let base = format!("{}/", mock.uri());
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.stripe_secret_key = Some("sk_test_soutenir".to_owned().into());
        c.stripe_webhook_secret = Some(WEBHOOK_SECRET.to_owned().into());
        c.stripe_api_base = Some(base);
    })
    .await;
    StripeApp { app, mock }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub(super) fn event(kind: &str, object: Value) -> Value {
    let mut event = fixture("event");
    event["id"] = json!(format!("evt_{}", soutenir::tokens::random_hex(12).unwrap()));
    event["type"] = json!(kind);
    event["created"] = json!(now());
    event["data"] = json!({ "object": object });
    event
}

pub(super) fn session(donation: &str, amount: i64, paid: bool) -> Value {
    let mut s = fixture("checkout.session");
    s["id"] = json!(format!("cs_test_{donation}"));
    s["metadata"] = json!({ "donation_id": donation });
    s["client_reference_id"] = json!(donation);
    s["amount_total"] = json!(amount);
    s["currency"] = json!("eur");
    s["payment_status"] = json!(if paid { "paid" } else { "unpaid" });
    s["payment_intent"] = json!(format!("pi_{donation}"));
    s
}

pub(super) fn invoice(
    id: &str,
    stripe_sub: &str,
    first_donation: &str,
    amount: i64,
    reason: &str,
) -> Value {
    let mut i = fixture("invoice");
    i["id"] = json!(id);
    i["amount_paid"] = json!(amount);
    i["currency"] = json!("eur");
    i["billing_reason"] = json!(reason);
    i["parent"] = json!({
        "type": "subscription_details",
        "quote_details": null,
        "subscription_details": { "subscription": stripe_sub, "metadata": { "donation_id": first_donation } }
    });
    i
}

impl StripeApp {
    async fn send_signed(&self, body: &str, secret: &str, timestamp: i64) -> reqwest::Response {
        self.app
            .client
            .post(format!("{}/webhooks/stripe", self.app.address))
            .header(
                "stripe-signature",
                signature::sign(secret, body.as_bytes(), timestamp),
            )
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    pub(super) async fn deliver(&self, event: &Value) -> (u16, String) {
        let response = self
            .send_signed(&event.to_string(), WEBHOOK_SECRET, now())
            .await;
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        (
            status,
            body["status"].as_str().unwrap_or_default().to_owned(),
        )
    }

    /// A pending Stripe donation, as the donation form leaves it.
    pub(super) async fn pending(&self, email: &str, cents: i64, frequency: Frequency) -> String {
        let campaign = self.app.campaign_id("dorlotons").await;
        self.app
            .store()
            .create_pending_donation(
                &common::new_donation(campaign, email, cents, frequency, "stripe"),
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap()
            .public_id
    }

    /// A 10 € monthly gift completed at Stripe Checkout as `subscription`;
    /// returns its first payment's id.
    async fn monthly_at_stripe(&self, email: &str, subscription: &str) -> String {
        let first = self.pending(email, 1000, Frequency::Monthly).await;
        let mut completed = session(&first, 1000, true);
        completed["mode"] = json!("subscription");
        completed["subscription"] = json!(subscription);
        completed["invoice"] = json!(format!("in_{subscription}"));
        assert_eq!(
            self.deliver(&event("checkout.session.completed", completed))
                .await
                .1,
            "applied"
        );
        first
    }

    pub(super) async fn raised(&self) -> (i64, i64, i64) {
        let p = self.app.progress_json("dorlotons").await;
        (
            p["raised_cents"].as_i64().unwrap(),
            p["donor_count"].as_i64().unwrap(),
            p["donation_count"].as_i64().unwrap(),
        )
    }

    pub(super) async fn status(&self, donation: &str) -> String {
        self.app
            .store()
            .donation(donation)
            .await
            .unwrap()
            .unwrap()
            .status
            .to_string()
    }

    /// The status of the monthly gift `first_donation` started.
    pub(super) async fn subscription_status(&self, first_donation: &str) -> String {
        let store = self.app.store();
        let donation = store.donation(first_donation).await.unwrap().unwrap();
        let id = donation.subscription_id.expect("a monthly gift");
        store
            .subscription(id)
            .await
            .unwrap()
            .unwrap()
            .status
            .to_string()
    }
}

#[tokio::test]
async fn a_one_off_gift_opens_a_checkout_session_in_payment_mode() {
    let s = spawn_stripe_app().await;
    let response = s.app.post_donation("dorlotons", GIFT).await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("https://checkout.stripe.com/c/pay/cs_test_"),
        "{location}"
    );

    let requests = s.mock.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&requests[0].body)
        .into_owned()
        .collect();
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(
        requests[0].headers["authorization"],
        "Bearer sk_test_soutenir"
    );
    assert_eq!(get("mode"), Some("payment"));
    assert_eq!(get("line_items[0][price_data][unit_amount]"), Some("3050"));
    assert_eq!(get("line_items[0][price_data][currency]"), Some("eur"));
    assert_eq!(get("line_items[0][quantity]"), Some("1"));
    assert_eq!(get("line_items[0][price_data][recurring][interval]"), None);
    assert_eq!(get("customer_email"), Some("camille@example.org"));
    assert_eq!(get("locale"), Some("fr"));
    let donation = get("metadata[donation_id]").expect("metadata links back to the donation");
    assert_eq!(get("client_reference_id"), Some(donation));
    assert_eq!(
        get("payment_intent_data[metadata][donation_id]"),
        Some(donation)
    );
    assert_eq!(
        get("success_url"),
        Some(format!("{}/donations/{donation}/thanks", s.app.address).as_str())
    );
    assert_eq!(
        get("cancel_url"),
        Some(format!("{}/campaigns/dorlotons?lang=fr#don", s.app.address).as_str())
    );
    let methods: Vec<&str> = form
        .iter()
        .filter(|(k, _)| k.starts_with("allowed_payment_method_types"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(methods, ["card", "sepa_debit"]);
    assert_eq!(s.status(donation).await, "pending");
    assert!(
        !s.app
            .get_text("/campaigns/dorlotons")
            .await
            .1
            .contains("Mode démonstration")
    );
}

#[tokio::test]
async fn a_monthly_gift_opens_a_checkout_session_in_subscription_mode() {
    let s = spawn_stripe_app().await;
    let monthly = gift_with(&[
        ("frequency", "monthly"),
        ("amount", "10"),
        ("amount_other", ""),
    ]);
    assert_eq!(
        s.app.post_donation("dorlotons", &monthly).await.status(),
        303
    );
    let requests = s.mock.received_requests().await.unwrap();
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&requests[0].body)
        .into_owned()
        .collect();
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("mode"), Some("subscription"));
    assert_eq!(get("line_items[0][price_data][unit_amount]"), Some("1000"));
    assert_eq!(
        get("line_items[0][price_data][recurring][interval]"),
        Some("month")
    );
    assert!(get("subscription_data[metadata][donation_id]").is_some());
}

#[tokio::test]
async fn a_completed_session_confirms_the_gift_once() {
    let s = spawn_stripe_app().await;
    let d = s.pending("a@example.org", 3050, Frequency::Once).await;
    let completed = event("checkout.session.completed", session(&d, 3050, true));
    assert_eq!(s.deliver(&completed).await, (200, "applied".to_owned()));
    assert_eq!(s.raised().await, (3050, 1, 1));
    assert_eq!(s.status(&d).await, "succeeded");
    // The same event again, and the same payment in another event: nothing more.
    assert_eq!(s.deliver(&completed).await, (200, "duplicate".to_owned()));
    let again = event("checkout.session.completed", session(&d, 3050, true));
    assert_eq!(s.deliver(&again).await.0, 200);
    assert_eq!(s.raised().await, (3050, 1, 1));
    s.app.drain_jobs().await;
    assert_eq!(s.app.outbox_emails().len(), 1, "one thank-you email");
}

#[tokio::test]
async fn forged_stale_and_unsigned_events_are_refused_and_change_nothing() {
    let s = spawn_stripe_app().await;
    let d = s.pending("a@example.org", 3050, Frequency::Once).await;
    let body = event("checkout.session.completed", session(&d, 3050, true)).to_string();
    let wrong_secret = s.send_signed(&body, "whsec_attacker", now()).await;
    assert_eq!(wrong_secret.status(), 400);
    let stale = s.send_signed(&body, WEBHOOK_SECRET, now() - 600).await;
    assert_eq!(stale.status(), 400);
    let future = s.send_signed(&body, WEBHOOK_SECRET, now() + 600).await;
    assert_eq!(future.status(), 400);
    let unsigned = s
        .app
        .client
        .post(format!("{}/webhooks/stripe", s.app.address))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 400);
    // Signed, then tampered with (the amount changed in transit).
    let header = signature::sign(WEBHOOK_SECRET, body.as_bytes(), now());
    let tampered = s
        .app
        .client
        .post(format!("{}/webhooks/stripe", s.app.address))
        .header("stripe-signature", header)
        .body(body.replace("3050", "9050"))
        .send()
        .await
        .unwrap();
    assert_eq!(tampered.status(), 400);
    assert_eq!(s.raised().await, (0, 0, 0));
    assert_eq!(s.status(&d).await, "pending");
}

#[tokio::test]
async fn an_event_whose_amount_or_currency_differs_is_refused() {
    let s = spawn_stripe_app().await;
    let d = s.pending("a@example.org", 3050, Frequency::Once).await;
    assert_eq!(
        s.deliver(&event("checkout.session.completed", session(&d, 5, true)))
            .await,
        (200, "refused".to_owned())
    );
    let mut dollars = session(&d, 3050, true);
    dollars["currency"] = json!("usd");
    assert_eq!(
        s.deliver(&event("checkout.session.completed", dollars))
            .await,
        (200, "refused".to_owned())
    );
    assert_eq!(s.raised().await, (0, 0, 0));
    assert_eq!(s.status(&d).await, "pending");
}

#[tokio::test]
async fn sepa_debits_count_once_the_bank_confirms() {
    let s = spawn_stripe_app().await;
    let d = s.pending("a@example.org", 5000, Frequency::Once).await;
    assert_eq!(
        s.deliver(&event(
            "checkout.session.completed",
            session(&d, 5000, false)
        ))
        .await
        .1,
        "ignored"
    );
    assert_eq!(s.raised().await, (0, 0, 0));
    assert_eq!(
        s.deliver(&event(
            "checkout.session.async_payment_succeeded",
            session(&d, 5000, true)
        ))
        .await
        .1,
        "applied"
    );
    assert_eq!(s.raised().await, (5000, 1, 1));

    let failed = s.pending("b@example.org", 2000, Frequency::Once).await;
    assert_eq!(
        s.deliver(&event(
            "checkout.session.async_payment_failed",
            session(&failed, 2000, false)
        ))
        .await
        .1,
        "applied"
    );
    assert_eq!(s.status(&failed).await, "failed");
    assert_eq!(s.raised().await, (5000, 1, 1));
}

#[tokio::test]
async fn monthly_payments_count_once_whatever_the_order_of_events() {
    let s = spawn_stripe_app().await;
    let first = s.pending("m@example.org", 1000, Frequency::Monthly).await;
    // The first invoice arrives before its Checkout Session.
    let first_invoice = invoice("in_first", "sub_1", &first, 1000, "subscription_create");
    assert_eq!(
        s.deliver(&event("invoice.paid", first_invoice.clone()))
            .await
            .1,
        "applied"
    );
    assert_eq!(
        s.deliver(&event("invoice.payment_succeeded", first_invoice))
            .await
            .1,
        "ignored"
    );
    let mut completed = session(&first, 1000, true);
    completed["mode"] = json!("subscription");
    completed["subscription"] = json!("sub_1");
    completed["invoice"] = json!("in_first");
    completed["payment_intent"] = json!(null);
    s.deliver(&event("checkout.session.completed", completed))
        .await;
    assert_eq!(s.raised().await, (1000, 1, 1));

    // Next month: both invoice events for one invoice make one donation.
    let renewal = invoice("in_second", "sub_1", &first, 1000, "subscription_cycle");
    let (paid, succeeded) = (
        event("invoice.paid", renewal.clone()),
        event("invoice.payment_succeeded", renewal.clone()),
    );
    let (a, b) = tokio::join!(s.deliver(&paid), s.deliver(&succeeded));
    assert_eq!(a.0, 200);
    assert_eq!(b.0, 200);
    assert_eq!(s.raised().await, (2000, 1, 2));

    // The donor changes the amount, then cancels.
    let mut sub = fixture("subscription");
    sub["id"] = json!("sub_1");
    sub["status"] = json!("active");
    sub["items"]["data"][0]["price"]["unit_amount"] = json!(1500);
    assert_eq!(
        s.deliver(&event("customer.subscription.updated", sub.clone()))
            .await
            .1,
        "applied"
    );
    let third = invoice("in_third", "sub_1", &first, 1500, "subscription_cycle");
    assert_eq!(s.deliver(&event("invoice.paid", third)).await.1, "applied");
    assert_eq!(s.raised().await, (3500, 1, 3));
    assert_eq!(
        s.deliver(&event("customer.subscription.deleted", sub))
            .await
            .1,
        "applied"
    );
    assert_eq!(s.subscription_status(&first).await, "cancelled");
    let late = invoice("in_fourth", "sub_1", &first, 1500, "subscription_cycle");
    assert_eq!(s.deliver(&event("invoice.paid", late)).await.1, "ignored");
    assert_eq!(s.raised().await, (3500, 1, 3));
}

#[tokio::test]
async fn a_refused_renewal_marks_the_gift_past_due_and_tells_the_donor_once() {
    let s = spawn_stripe_app().await;
    let first = s
        .pending("late@example.org", 1000, Frequency::Monthly)
        .await;
    let first_invoice = invoice("in_first", "sub_late", &first, 1000, "subscription_create");
    s.deliver(&event("invoice.paid", first_invoice)).await;
    assert_eq!(s.raised().await, (1000, 1, 1));

    // Stripe retries a refused invoice several times: one email for it.
    let refused = invoice("in_refused", "sub_late", &first, 1000, "subscription_cycle");
    for _ in 0..3 {
        let (status, outcome) = s
            .deliver(&event("invoice.payment_failed", refused.clone()))
            .await;
        assert_eq!((status, outcome.as_str()), (200, "applied"));
    }
    assert_eq!(s.subscription_status(&first).await, "past_due");
    assert_eq!(s.raised().await, (1000, 1, 1), "nothing was received");
    s.app.drain_jobs().await;
    let failures: Vec<_> = s
        .app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.subject.contains("prélèvement") && m.subject.contains("n'a pas abouti"))
        .collect();
    assert_eq!(failures.len(), 1, "one email per refused invoice");
    assert_eq!(failures[0].to, "late@example.org");
    assert!(
        failures[0].text.contains("espace donateur"),
        "{}",
        failures[0].text
    );

    // The retry succeeds: the gift is active again and the payment counts.
    s.deliver(&event("invoice.paid", refused)).await;
    assert_eq!(s.subscription_status(&first).await, "active");
    assert_eq!(s.raised().await, (2000, 1, 2));
}

#[tokio::test]
async fn a_refund_moves_the_bar_back() {
    let s = spawn_stripe_app().await;
    let d = s.pending("a@example.org", 3000, Frequency::Once).await;
    let other = s.pending("b@example.org", 2000, Frequency::Once).await;
    s.deliver(&event(
        "checkout.session.completed",
        session(&d, 3000, true),
    ))
    .await;
    s.deliver(&event(
        "checkout.session.completed",
        session(&other, 2000, true),
    ))
    .await;
    assert_eq!(s.raised().await, (5000, 2, 2));
    let mut charge = fixture("charge");
    charge["payment_intent"] = json!(format!("pi_{d}"));
    charge["amount_refunded"] = json!(1000);
    assert_eq!(
        s.deliver(&event("charge.refunded", charge.clone())).await.1,
        "applied"
    );
    assert_eq!(s.raised().await, (4000, 2, 2));
    charge["amount_refunded"] = json!(3000);
    charge["refunded"] = json!(true);
    assert_eq!(
        s.deliver(&event("charge.refunded", charge.clone())).await.1,
        "applied"
    );
    assert_eq!(s.raised().await, (2000, 1, 1));
    assert_eq!(s.status(&d).await, "refunded");
    assert_eq!(
        s.deliver(&event("charge.refunded", charge)).await.1,
        "ignored"
    );
    assert_eq!(s.raised().await, (2000, 1, 1));
    s.app.drain_jobs().await;
}

#[tokio::test]
async fn a_lost_chargeback_takes_the_gift_back_and_cancels_its_receipt() {
    let s = spawn_stripe_app().await;
    let d = s.pending("a@example.org", 3000, Frequency::Once).await;
    s.deliver(&event(
        "checkout.session.completed",
        session(&d, 3000, true),
    ))
    .await;
    s.app.drain_jobs().await;
    let dispute = |status: &str| {
        json!({
            "id": "dp_1",
            "object": "dispute",
            "amount": 3000,
            "currency": "eur",
            "payment_intent": format!("pi_{d}"),
            "status": status,
        })
    };
    assert_eq!(
        s.deliver(&event("charge.dispute.closed", dispute("won")))
            .await
            .1,
        "ignored"
    );
    assert_eq!(s.raised().await.0, 3000);
    assert_eq!(
        s.deliver(&event("charge.dispute.closed", dispute("lost")))
            .await
            .1,
        "applied"
    );
    assert_eq!(s.raised().await.0, 0);
    assert_eq!(s.status(&d).await, "refunded");
    s.app.drain_jobs().await;
    let store = s.app.store();
    let year = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    let receipt = store
        .receipt_by_number(&format!("{year}-000001"))
        .await
        .unwrap()
        .expect("the gift had its receipt");
    assert_eq!(receipt.status.as_str(), "cancelled");
}

#[tokio::test]
async fn a_storm_of_200_payments_with_duplicates_from_8_senders_counts_each_once() {
    let s = Arc::new(spawn_stripe_app().await);
    let mut expected = 0;
    let mut events = Vec::new();
    for i in 0..200 {
        let cents = 500 + i * 7;
        expected += cents;
        let d = s
            .pending(
                &format!("donor{}@example.org", i % 150),
                cents,
                Frequency::Once,
            )
            .await;
        let e = event("checkout.session.completed", session(&d, cents, true));
        // 30 % of events delivered twice, as Stripe may.
        if i % 10 < 3 {
            events.push(e.clone());
        }
        events.push(e);
    }
    // Shuffle deterministically.
    let mut seed: u64 = 0x5eed;
    for i in (1..events.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        events.swap(i, (seed >> 33) as usize % (i + 1));
    }
    let events = Arc::new(events);
    let next = Arc::new(AtomicUsize::new(0));
    let senders: Vec<_> = (0..8)
        .map(|_| {
            let (s, events, next) = (Arc::clone(&s), Arc::clone(&events), Arc::clone(&next));
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(e) = events.get(i) else { break };
                    let (status, _) = s.deliver(e).await;
                    assert_eq!(status, 200);
                }
            })
        })
        .collect();
    for sender in senders {
        sender.await.unwrap();
    }
    assert_eq!(s.raised().await, (expected, 150, 200));
    let campaign = s
        .app
        .store()
        .campaign_by_slug("dorlotons")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(campaign.totals.raised.get(), expected);
    assert_eq!(campaign.totals.donation_count, 200);
    s.app.drain_jobs().await;
    assert_eq!(
        s.app.outbox_emails().len(),
        200,
        "one thank-you per payment"
    );
}

#[tokio::test]
async fn a_lost_webhook_is_made_good_by_reconciliation() {
    let s = spawn_stripe_app().await;
    for email in ["paid@example.org", "gone@example.org"] {
        let response = s
            .app
            .post_donation("dorlotons", &gift_with(&[("email", email)]))
            .await;
        assert_eq!(response.status(), 303);
    }
    // What Stripe says of the two sessions when asked.
    let requests = s.mock.received_requests().await.unwrap();
    for (n, request) in requests.iter().enumerate() {
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let donation = form
            .iter()
            .find(|(k, _)| k == "metadata[donation_id]")
            .unwrap()
            .1
            .clone();
        let mut answer = session(&donation, 3050, n == 0);
        answer["id"] = json!(format!("cs_test_{n}"));
        answer["status"] = json!(if n == 0 { "complete" } else { "expired" });
        Mock::given(method("GET"))
            .and(path(format!("/v1/checkout/sessions/cs_test_{n}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .mount(&s.mock)
            .await;
    }
    let state = &s.app.state;
    let settled = state
        .gateway
        .reconcile(&*state.store, &state.progress, time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(settled, 2);
    assert_eq!(s.raised().await, (3050, 1, 1));
    // Nothing left to settle; a late webhook for the same payment changes nothing.
    let again = state
        .gateway
        .reconcile(&*state.store, &state.progress, time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(again, 0);
    let campaign = state
        .store
        .campaign_by_slug("dorlotons")
        .await
        .unwrap()
        .unwrap()
        .campaign
        .id;
    assert_eq!(state.store.count_donations(campaign).await.unwrap(), 2);
}

#[tokio::test]
async fn erasure_stops_the_monthly_gift_at_stripe_first_and_erases_nothing_if_it_cannot() {
    let s = spawn_stripe_app().await;
    let first = s.monthly_at_stripe("e@example.org", "sub_erase").await;

    let store = s.app.store();
    let donor = store.donation(&first).await.unwrap().unwrap().donor_id;
    let expires = (time::OffsetDateTime::now_utc() + time::Duration::days(1)).unix_timestamp();
    let token = soutenir::links::donor_token(&s.app.state.secret, donor, expires);
    let erase = |csrf: String| {
        let app = &s.app;
        let url = format!("{}/me/{token}/erase", app.address);
        async move {
            app.client
                .post(url)
                .form(&[("csrf_token", csrf.as_str()), ("confirm", "on")])
                .send()
                .await
                .unwrap()
        }
    };

    // Stripe fails: the page says so, nothing is erased.
    let refused = Mock::given(method("DELETE"))
        .and(path("/v1/subscriptions/sub_erase"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "error": {"type": "api_error", "message": "Something went wrong"}
        })))
        .mount_as_scoped(&s.mock)
        .await;
    let (_, page) = s.app.get_text(&format!("/me/{token}/erase")).await;
    let response = erase(common::hidden_field(&page, "csrf_token")).await;
    assert_eq!(response.status(), 503);
    let text = common::visible_text(&response.text().await.unwrap());
    assert!(
        text.contains("Nous n'avons pas pu arrêter votre don mensuel auprès de notre prestataire de paiement : rien n'a été effacé."),
        "{text}"
    );
    assert_eq!(
        store.donor_id_by_email("e@example.org").await.unwrap(),
        Some(donor)
    );
    assert_eq!(common::monthly_statuses(&*store, donor).await, ["active"]);
    drop(refused);

    // Stripe answers: the subscription is cancelled there, then the donor erased.
    let mut cancelled = fixture("subscription");
    cancelled["id"] = json!("sub_erase");
    cancelled["status"] = json!("canceled");
    Mock::given(method("DELETE"))
        .and(path("/v1/subscriptions/sub_erase"))
        .respond_with(ResponseTemplate::new(200).set_body_json(cancelled))
        .expect(1)
        .mount(&s.mock)
        .await;
    let (_, page) = s.app.get_text(&format!("/me/{token}/erase")).await;
    let response = erase(common::hidden_field(&page, "csrf_token")).await;
    assert_eq!(response.status(), 200);
    let text = common::visible_text(&response.text().await.unwrap());
    assert!(text.contains("Vos données sont effacées"), "{text}");
    assert_eq!(
        store.donor_id_by_email("e@example.org").await.unwrap(),
        None
    );
    assert_eq!(
        common::monthly_statuses(&*store, donor).await,
        ["cancelled"]
    );
}

#[tokio::test]
async fn a_donor_changes_a_stripe_monthly_amount_through_stripe() {
    let s = spawn_stripe_app().await;
    let first = s.monthly_at_stripe("m@example.org", "sub_change").await;

    // Stripe's answers: the subscription as it is, then as updated.
    let mut current = fixture("subscription");
    current["id"] = json!("sub_change");
    current["items"]["data"][0]["id"] = json!("si_change");
    current["items"]["data"][0]["price"]["product"] = json!("prod_don");
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions/sub_change"))
        .respond_with(ResponseTemplate::new(200).set_body_json(current.clone()))
        .mount(&s.mock)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/subscriptions/sub_change"))
        .respond_with(ResponseTemplate::new(200).set_body_json(current))
        .mount(&s.mock)
        .await;

    let store = s.app.store();
    let donor = store.donation(&first).await.unwrap().unwrap().donor_id;
    let expires = (time::OffsetDateTime::now_utc() + time::Duration::days(1)).unix_timestamp();
    let token = soutenir::links::donor_token(&s.app.state.secret, donor, expires);
    let (_, page) = s.app.get_text(&format!("/me/{token}")).await;
    let csrf = common::hidden_field(&page, "csrf_token");
    let monthly = store.donor_subscriptions(donor).await.unwrap().remove(0);
    let changed = s
        .app
        .client
        .post(format!(
            "{}/me/{token}/monthly/{}/amount",
            s.app.address, monthly.public_id
        ))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("amount", "25"),
            ("confirm", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 303);

    let update = s
        .mock
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.method.as_str() == "POST" && r.url.path() == "/v1/subscriptions/sub_change")
        .expect("Stripe was asked to change the subscription");
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&update.body)
        .into_owned()
        .collect();
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("items[0][id]"), Some("si_change"));
    assert_eq!(get("items[0][price_data][unit_amount]"), Some("2500"));
    assert_eq!(get("items[0][price_data][currency]"), Some("eur"));
    assert_eq!(get("items[0][price_data][product]"), Some("prod_don"));
    assert_eq!(
        get("items[0][price_data][recurring][interval]"),
        Some("month")
    );
    assert_eq!(get("proration_behavior"), Some("none"));
    assert_eq!(
        store
            .subscription(monthly.id)
            .await
            .unwrap()
            .unwrap()
            .amount,
        Cents::new(2500)
    );

    // The next invoice, for the new amount, is accepted.
    let next = invoice("in_next", "sub_change", &first, 2500, "subscription_cycle");
    assert_eq!(s.deliver(&event("invoice.paid", next)).await.1, "applied");
    assert_eq!(s.raised().await, (3500, 1, 2));
}

#[tokio::test]
async fn a_payment_event_that_says_no_amount_confirms_nothing() {
    let s = spawn_stripe_app().await;
    let gift = s
        .pending("sans-montant@example.org", 5_500, Frequency::Once)
        .await;
    let mut completed = session(&gift, 5_500, true);
    completed.as_object_mut().unwrap().remove("amount_total");
    assert_eq!(
        s.deliver(&event("checkout.session.completed", completed))
            .await,
        (200, "refused".to_owned())
    );
    assert_eq!(s.status(&gift).await, "pending");
    assert_eq!(s.raised().await.0, 0);

    // An invoice that says no amount, for a monthly gift we know.
    let first = s
        .monthly_at_stripe("mensuel@example.org", "sub_sans_montant")
        .await;
    let mut renewal = invoice(
        "in_sans_montant",
        "sub_sans_montant",
        &first,
        1_000,
        "subscription_cycle",
    );
    renewal.as_object_mut().unwrap().remove("amount_paid");
    assert_eq!(
        s.deliver(&event("invoice.paid", renewal)).await,
        (200, "refused".to_owned())
    );
    assert_eq!(s.raised().await.0, 1_000, "the first payment only");
}

#[tokio::test]
async fn an_invoice_of_a_subscription_we_do_not_know_is_ignored_not_failed() {
    let s = spawn_stripe_app().await;
    let mut other = invoice(
        "in_autre_produit",
        "sub_autre_produit",
        "",
        2_000,
        "subscription_cycle",
    );
    other["parent"]["subscription_details"]["metadata"] = json!({});
    assert_eq!(
        s.deliver(&event("invoice.paid", other)).await,
        (200, "ignored".to_owned())
    );
    assert_eq!(s.raised().await.0, 0);
}

/// Answers `POST /v1/refunds` as Stripe does: one refund per `Idempotency-Key`
/// (asked again with the same key, the same refund, and no money moved),
/// slowly enough that two staff clicks overlap.
#[derive(Default, Clone)]
struct RefundResponder(Arc<RefundLog>);

#[derive(Default)]
struct RefundLog {
    keys: std::sync::Mutex<Vec<Option<String>>>,
    refunds: std::sync::Mutex<std::collections::HashMap<String, i64>>,
}

impl std::ops::Deref for RefundResponder {
    type Target = RefundLog;
    fn deref(&self) -> &RefundLog {
        &self.0
    }
}

impl Respond for RefundResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let key = request
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        self.keys.lock().unwrap().push(key.clone());
        let amount: i64 = url::form_urlencoded::parse(&request.body)
            .find(|(k, _)| k == "amount")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut refunds = self.refunds.lock().unwrap();
        let n = refunds.len();
        let key = key.unwrap_or_else(|| format!("no-key-{n}"));
        refunds.entry(key.clone()).or_insert(amount);
        ResponseTemplate::new(200)
            .set_body_json(json!({
                "id": format!("re_{}", key.len() + n),
                "object": "refund",
                "amount": amount,
                "currency": "eur",
                "status": "succeeded",
            }))
            .set_delay(std::time::Duration::from_millis(300))
    }
}

#[tokio::test]
async fn a_refund_pressed_twice_at_once_is_one_refund_at_stripe_and_here() {
    use common::staff::{post, signed_in, token_of};
    let s = spawn_stripe_app().await;
    let refunds = RefundResponder::default();
    Mock::given(method("POST"))
        .and(path("/v1/refunds"))
        .respond_with(refunds.clone())
        .mount(&s.mock)
        .await;
    let gift = s
        .pending("rembourse@example.org", 5_000, Frequency::Once)
        .await;
    soutenir::gifts::confirm(
        &*s.app.store(),
        &s.app.state.progress,
        soutenir::gifts::Payment {
            public_id: &gift,
            method: "card",
            provider_ref: Some("pi_double_clic"),
            received_at: time::OffsetDateTime::now_utc(),
            event: None,
        },
    )
    .await
    .unwrap();
    let b = signed_in(&s.app, "tresorerie@example.org", "finance").await;
    let page = format!("/admin/donations/{gift}");
    let csrf = token_of(&b, &page).await;
    let refund_path = format!("{page}/refund");
    let form = [
        ("csrf_token", csrf.as_str()),
        ("amount", "20"),
        ("confirm", "on"),
    ];
    let (first, second) =
        tokio::join!(post(&b, &refund_path, &form), post(&b, &refund_path, &form));
    assert_eq!(first.status(), 303);
    assert_eq!(second.status(), 303);
    let keys = refunds.keys.lock().unwrap().clone();
    assert!(
        keys.iter().all(Option::is_some),
        "every refund call carries a key: {keys:?}"
    );
    let distinct: std::collections::HashSet<_> = keys.iter().collect();
    assert_eq!(distinct.len(), 1, "{keys:?}");
    assert_eq!(refunds.refunds.lock().unwrap().values().sum::<i64>(), 2_000);
    let row = s.app.store().donation_row(&gift).await.unwrap().unwrap();
    assert_eq!(row.refunded_cents, 2_000);

    // A later refund of the rest is another one; past the rest, refused.
    let csrf = token_of(&b, &page).await;
    let rest = post(
        &b,
        &refund_path,
        &[
            ("csrf_token", csrf.as_str()),
            ("amount", "30"),
            ("confirm", "on"),
        ],
    )
    .await;
    assert_eq!(rest.status(), 303);
    assert_eq!(refunds.refunds.lock().unwrap().len(), 2);
    assert_eq!(
        s.app
            .store()
            .donation_row(&gift)
            .await
            .unwrap()
            .unwrap()
            .refunded_cents,
        5_000
    );
    assert_eq!(
        s.app
            .store()
            .refund_donation(&gift, Cents::new(5_001), time::OffsetDateTime::now_utc())
            .await
            .map(|_| ())
            .unwrap_err()
            .to_string(),
        "invalid state: a refund cannot exceed what remains of the gift"
    );
}

#[tokio::test]
async fn a_gift_in_english_opens_stripe_s_page_in_english_selling_a_gift_in_english() {
    let s = spawn_stripe_app().await;
    let mut fields = GIFT.to_vec();
    fields.push(("lang", "en"));
    let response = s.app.post_donation("dorlotons", &fields).await;
    assert_eq!(response.status(), 303);
    let requests = s.mock.received_requests().await.unwrap();
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&requests[0].body)
        .into_owned()
        .collect();
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("locale"), Some("en"));
    assert_eq!(
        get("cancel_url"),
        Some(format!("{}/campaigns/dorlotons?lang=en#don", s.app.address).as_str())
    );
    assert_eq!(
        get("line_items[0][price_data][product_data][name]"),
        Some("Gift to “Dorlotons Dégooglisons”")
    );
    assert_eq!(
        get("payment_intent_data[description]"),
        Some("Gift to “Dorlotons Dégooglisons”")
    );
}
