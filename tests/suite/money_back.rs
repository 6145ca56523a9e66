//! Money that goes back, from every source, through one path: refunds made in
//! Stripe's dashboard (full, partial, repeated, late), chargebacks lost,
//! refunds that fail (the money comes back), direct debits returned after
//! they counted — on one-off and monthly payments, in Stripe's current API
//! shape (a charge names no invoice, an invoice no payment intent: they are
//! linked through invoice payments), delivered once, twice and out of order.
//! Each moves the bar, the donor's list and the receipts exactly once. Stripe's
//! API is a local double answering with Stripe's own example objects; on
//! SQLite, and on PostgreSQL under `.ci/run`.

use crate::common;
use crate::stripe::{StripeApp, event, fixture, invoice, session, spawn_stripe_app};

use serde_json::{Value, json};
use soutenir::links;
use soutenir::store::Frequency;
use time::OffsetDateTime;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

/// An event created `seconds_ago` (Stripe's `created`).
fn event_at(kind: &str, object: Value, seconds_ago: i64) -> Value {
    let mut e = event(kind, object);
    e["created"] = json!(OffsetDateTime::now_utc().unix_timestamp() - seconds_ago);
    e
}

/// A charge of `intent` with `refunded` cents refunded, in the current shape
/// (no `invoice`).
fn charge(intent: &str, amount: i64, refunded: i64) -> Value {
    let mut c = fixture("charge");
    c["id"] = json!(format!("ch_{intent}"));
    c["payment_intent"] = json!(intent);
    c["amount"] = json!(amount);
    c["currency"] = json!("eur");
    c["amount_refunded"] = json!(refunded);
    c["refunded"] = json!(refunded == amount);
    assert!(
        c.get("invoice").is_none(),
        "Stripe's current charge names no invoice"
    );
    c
}

fn refund(id: &str, intent: &str, amount: i64, status: &str) -> Value {
    let mut r = fixture("refund");
    r["id"] = json!(id);
    r["payment_intent"] = json!(intent);
    r["charge"] = json!(format!("ch_{intent}"));
    r["amount"] = json!(amount);
    r["currency"] = json!("eur");
    r["status"] = json!(status);
    r
}

fn dispute(id: &str, intent: &str, amount: i64, status: &str) -> Value {
    let mut d = fixture("dispute");
    d["id"] = json!(id);
    d["payment_intent"] = json!(intent);
    d["charge"] = json!(format!("ch_{intent}"));
    d["amount"] = json!(amount);
    d["currency"] = json!("eur");
    d["status"] = json!(status);
    d
}

/// Stripe's list of invoice payments: `invoice` paid by `intent`.
fn invoice_payments(invoice: &str, intent: &str) -> Value {
    let mut p = fixture("invoice_payment");
    p["id"] = json!(format!("inpay_{invoice}"));
    p["invoice"] = json!(invoice);
    p["status"] = json!("paid");
    p["amount_paid"] = json!(1000);
    p["currency"] = json!("eur");
    p["payment"] = json!({ "type": "payment_intent", "payment_intent": intent });
    json!({ "object": "list", "data": [p], "has_more": false, "url": "/v1/invoice_payments" })
}

/// Answers `GET /v1/invoice_payments` by payment intent (`by_payment`) and by
/// invoice (`by_invoice`) for `invoice` paid by `intent`.
async fn stripe_knows(
    s: &StripeApp,
    invoice: &str,
    intent: &str,
    by_payment: bool,
    by_invoice: bool,
) {
    if by_payment {
        Mock::given(method("GET"))
            .and(path("/v1/invoice_payments"))
            .and(query_param("payment[payment_intent]", intent))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(invoice_payments(invoice, intent)),
            )
            .mount(&s.mock)
            .await;
    }
    if by_invoice {
        Mock::given(method("GET"))
            .and(path("/v1/invoice_payments"))
            .and(query_param("invoice", invoice))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(invoice_payments(invoice, intent)),
            )
            .mount(&s.mock)
            .await;
    }
}

/// How many times Stripe's invoice payments were asked.
async fn lookups(s: &StripeApp) -> usize {
    s.mock
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/v1/invoice_payments")
        .count()
}

/// A 10 € monthly gift at Stripe with its first payment (`in_first`) and one
/// renewal (`in_second`), both in the current shape (no payment intent on the
/// invoice). Returns the first payment's id and the renewal's.
async fn monthly_with_renewal(s: &StripeApp) -> (String, String) {
    let first = s
        .pending("mensuel@example.org", 1000, Frequency::Monthly)
        .await;
    let paid = |id: &str, reason: &str| {
        let mut i = invoice(id, "sub_m", &first, 1000, reason);
        assert!(i.get("payment_intent").is_none() || i["payment_intent"].is_null());
        i.as_object_mut().unwrap().remove("payment_intent");
        i
    };
    assert_eq!(
        s.deliver(&event(
            "invoice.paid",
            paid("in_first", "subscription_create")
        ))
        .await
        .1,
        "applied"
    );
    assert_eq!(
        s.deliver(&event(
            "invoice.paid",
            paid("in_second", "subscription_cycle")
        ))
        .await
        .1,
        "applied"
    );
    let renewal = s
        .app
        .store()
        .donation_by_provider_ref(soutenir::store::Provider::Stripe, "in_second")
        .await
        .unwrap()
        .expect("the renewal is recorded under its invoice")
        .public_id;
    assert_eq!(s.raised().await, (2000, 1, 2));
    (first, renewal)
}

/// The donor space's line for each gift, as the donor reads it.
async fn donor_space(s: &StripeApp, email: &str) -> String {
    let store = s.app.store();
    let donor = store.donor_id_by_email(email).await.unwrap().unwrap();
    let expires = OffsetDateTime::now_utc().unix_timestamp() + 3600;
    let link = format!(
        "/me/{}",
        links::donor_token(&s.app.state.secret, donor, expires)
    );
    common::visible_text(&s.app.get_text(&link).await.1)
}

#[tokio::test]
async fn a_dashboard_refund_of_a_monthly_payment_is_found_through_its_invoice_payment() {
    let s = spawn_stripe_app().await;
    // Stripe lists the renewal's payment only by payment intent: the invoice
    // listing is not available when the invoice is recorded.
    stripe_knows(&s, "in_second", "pi_second", true, false).await;
    let (_, renewal) = monthly_with_renewal(&s).await;

    // Refunded in part, then in full, in the dashboard.
    let partial = event_at("charge.refunded", charge("pi_second", 1000, 400), 20);
    assert_eq!(s.deliver(&partial).await.1, "applied");
    assert_eq!(s.raised().await, (1600, 1, 2));
    let looked_up = lookups(&s).await;
    assert!(
        looked_up >= 1,
        "Stripe was asked which invoice pi_second paid"
    );
    let full = event_at("charge.refunded", charge("pi_second", 1000, 1000), 10);
    assert_eq!(s.deliver(&full).await.1, "applied");
    assert_eq!(
        s.raised().await,
        (1000, 1, 1),
        "the bar and the count move back"
    );
    assert_eq!(s.status(&renewal).await, "refunded");
    assert_eq!(
        lookups(&s).await,
        looked_up,
        "what was looked up is recorded: no second lookup"
    );

    // Delivered again, or the partial one late: nothing more.
    assert_eq!(s.deliver(&full).await.1, "duplicate");
    let mut late = partial.clone();
    late["id"] = json!("evt_late_partial");
    assert_eq!(s.deliver(&late).await.1, "ignored");
    assert_eq!(s.raised().await, (1000, 1, 1));
    let store = s.app.store();
    let gift = store.donation(&renewal).await.unwrap().unwrap();
    assert_eq!(gift.refunded.get(), 1000);
    // The donor's list says so.
    let space = donor_space(&s, "mensuel@example.org").await;
    assert!(
        space.contains("Versement mensuel 10\u{202F}€ Remboursé"),
        "{space}"
    );
}

#[tokio::test]
async fn an_invoice_s_payment_is_linked_when_the_invoice_is_recorded() {
    let s = spawn_stripe_app().await;
    stripe_knows(&s, "in_second", "pi_second", false, true).await;
    let (_, renewal) = monthly_with_renewal(&s).await;
    let before = lookups(&s).await;
    assert!(before >= 1, "the invoice's payments were listed");
    // The chargeback names only the payment intent and the charge.
    let lost = event(
        "charge.dispute.closed",
        dispute("dp_m", "pi_second", 1000, "lost"),
    );
    assert_eq!(s.deliver(&lost).await.1, "applied");
    assert_eq!(lookups(&s).await, before, "found by the recorded link");
    assert_eq!(s.raised().await, (1000, 1, 1));
    assert_eq!(s.status(&renewal).await, "refunded");
    // The same dispute told again under another event id: once.
    let mut again = lost.clone();
    again["id"] = json!("evt_dispute_again");
    assert_eq!(s.deliver(&again).await.1, "ignored");
    assert_eq!(s.raised().await, (1000, 1, 1));
}

#[tokio::test]
async fn a_charge_of_a_payment_nobody_knows_is_ignored_after_asking() {
    let s = spawn_stripe_app().await;
    Mock::given(method("GET"))
        .and(path("/v1/invoice_payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "object": "list", "data": [], "has_more": false, "url": "/v1/invoice_payments" }),
        ))
        .mount(&s.mock)
        .await;
    let (status, outcome) = s
        .deliver(&event("charge.refunded", charge("pi_elsewhere", 500, 500)))
        .await;
    assert_eq!((status, outcome.as_str()), (200, "ignored"));
}

#[tokio::test]
async fn stripe_unreachable_during_a_lookup_makes_it_deliver_again() {
    let s = spawn_stripe_app().await;
    let (_, renewal) = monthly_with_renewal(&s).await;
    Mock::given(method("GET"))
        .and(path("/v1/invoice_payments"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&s.mock)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/payment_intents/pi_second"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&s.mock)
        .await;
    let refunded = event("charge.refunded", charge("pi_second", 1000, 1000));
    assert_eq!(
        s.deliver(&refunded).await.0,
        500,
        "Stripe will deliver it again"
    );
    assert_eq!(s.raised().await, (2000, 1, 2), "nothing changed meanwhile");
    stripe_knows(&s, "in_second", "pi_second", true, false).await;
    assert_eq!(s.deliver(&refunded).await.1, "applied");
    assert_eq!(s.status(&renewal).await, "refunded");
}

#[tokio::test]
async fn a_refund_that_fails_brings_the_money_and_the_receipt_back() {
    let s = spawn_stripe_app().await;
    let d = s.pending("a@example.org", 3000, Frequency::Once).await;
    s.deliver(&event(
        "checkout.session.completed",
        session(&d, 3000, true),
    ))
    .await;
    s.app.drain_jobs().await;
    let intent = format!("pi_{d}");
    let store = s.app.store();
    let gift = store.donation(&d).await.unwrap().unwrap();
    let first_receipt = store
        .valid_receipt_covering(gift.id)
        .await
        .unwrap()
        .unwrap();

    let refunded = event_at("charge.refunded", charge(&intent, 3000, 3000), 30);
    assert_eq!(s.deliver(&refunded).await.1, "applied");
    assert_eq!(s.raised().await, (0, 0, 0));
    s.app.drain_jobs().await;
    assert!(
        store
            .valid_receipt_covering(gift.id)
            .await
            .unwrap()
            .is_none()
    );

    let failed = event_at(
        "charge.refund.updated",
        refund("re_1", &intent, 3000, "failed"),
        10,
    );
    assert_eq!(s.deliver(&failed).await.1, "applied");
    assert_eq!(s.raised().await, (3000, 1, 1), "the money came back");
    assert_eq!(s.status(&d).await, "succeeded");
    s.app.drain_jobs().await;
    let again = store
        .valid_receipt_covering(gift.id)
        .await
        .unwrap()
        .expect("a receipt again");
    assert_eq!(again.amount_cents, 3000);
    assert_ne!(again.number, first_receipt.number);
    assert!(
        s.app
            .outbox_emails()
            .iter()
            .any(|m| m.subject.contains(&again.number) || m.text.contains(&again.number)),
        "the donor gets the new receipt"
    );

    // The failure told again, and the refund's report arriving late: nothing.
    let mut repeat = failed.clone();
    repeat["id"] = json!("evt_failed_again");
    assert_eq!(s.deliver(&repeat).await.1, "ignored");
    let mut stale = refunded.clone();
    stale["id"] = json!("evt_refund_late");
    assert_eq!(s.deliver(&stale).await.1, "ignored");
    assert_eq!(s.raised().await, (3000, 1, 1));
    assert_eq!(store.donation(&d).await.unwrap().unwrap().refunded.get(), 0);
}

#[tokio::test]
async fn a_refund_failure_reported_before_the_refund_leaves_the_gift_whole() {
    let s = spawn_stripe_app().await;
    let d = s.pending("a@example.org", 3000, Frequency::Once).await;
    s.deliver(&event(
        "checkout.session.completed",
        session(&d, 3000, true),
    ))
    .await;
    let intent = format!("pi_{d}");
    let failed = event_at(
        "charge.refund.updated",
        refund("re_1", &intent, 3000, "failed"),
        10,
    );
    assert_eq!(s.deliver(&failed).await.1, "ignored");
    let refunded = event_at("charge.refunded", charge(&intent, 3000, 3000), 30);
    assert_eq!(
        s.deliver(&refunded).await.1,
        "ignored",
        "older than the failure"
    );
    assert_eq!(s.raised().await, (3000, 1, 1));
    assert_eq!(s.status(&d).await, "succeeded");
    // A later refund still counts.
    let later = event_at("charge.refunded", charge(&intent, 3000, 1000), 0);
    assert_eq!(s.deliver(&later).await.1, "applied");
    assert_eq!(s.raised().await, (2000, 1, 1));
}

#[tokio::test]
async fn direct_debits_returned_after_they_counted_are_given_back() {
    let s = spawn_stripe_app().await;
    // A one-off SEPA gift confirmed, then its debit returned.
    let d = s.pending("sepa@example.org", 2500, Frequency::Once).await;
    assert_eq!(
        s.deliver(&event(
            "checkout.session.async_payment_succeeded",
            session(&d, 2500, true)
        ))
        .await
        .1,
        "applied"
    );
    assert_eq!(s.raised().await, (2500, 1, 1));
    let mut intent = fixture("payment_intent");
    intent["id"] = json!(format!("pi_{d}"));
    intent["status"] = json!("requires_payment_method");
    let returned = event("payment_intent.payment_failed", intent);
    assert_eq!(s.deliver(&returned).await.1, "applied");
    assert_eq!(s.raised().await, (0, 0, 0));
    let mut again = returned.clone();
    again["id"] = json!("evt_returned_again");
    assert_eq!(s.deliver(&again).await.1, "ignored");

    // A monthly payment recorded paid, then its invoice failed.
    let (_, renewal) = monthly_with_renewal(&s).await;
    let mut failed_invoice = invoice("in_second", "sub_m", &renewal, 1000, "subscription_cycle");
    failed_invoice
        .as_object_mut()
        .unwrap()
        .remove("payment_intent");
    assert_eq!(
        s.deliver(&event("invoice.payment_failed", failed_invoice.clone()))
            .await
            .1,
        "applied"
    );
    assert_eq!(s.raised().await, (1000, 1, 1));
    assert_eq!(s.status(&renewal).await, "refunded");
    assert_eq!(
        s.deliver(&event("invoice.payment_failed", failed_invoice))
            .await
            .1,
        "ignored"
    );
    // The ledger says why each line moved money.
    let reasons = common::raw_count(
        &s.app.db,
        "SELECT COUNT(*) FROM refunds WHERE reason = 'debit_failed'",
    )
    .await;
    assert_eq!(reasons, 2);
}

#[tokio::test]
async fn staff_refund_a_monthly_stripe_payment_through_its_payment_intent() {
    use common::staff::{post, signed_in, token_of};
    let s = spawn_stripe_app().await;
    stripe_knows(&s, "in_second", "pi_second", true, true).await;
    Mock::given(method("POST"))
        .and(path("/v1/refunds"))
        .respond_with(ResponseTemplate::new(200).set_body_json(refund(
            "re_staff",
            "pi_second",
            1000,
            "succeeded",
        )))
        .mount(&s.mock)
        .await;
    let (_, renewal) = monthly_with_renewal(&s).await;
    let b = signed_in(&s.app, "tresorerie@example.org", "finance").await;
    let page = format!("/admin/donations/{renewal}");
    let csrf = token_of(&b, &page).await;
    let done = post(
        &b,
        &format!("{page}/refund"),
        &[
            ("csrf_token", csrf.as_str()),
            ("amount", "10"),
            ("confirm", "on"),
        ],
    )
    .await;
    assert_eq!(done.status(), 303);
    let requests = s.mock.received_requests().await.unwrap();
    let refund_call = requests
        .iter()
        .find(|r| r.url.path() == "/v1/refunds")
        .expect("a refund at Stripe");
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&refund_call.body)
        .into_owned()
        .collect();
    assert!(
        form.contains(&("payment_intent".to_owned(), "pi_second".to_owned())),
        "{form:?}"
    );
    assert_eq!(s.raised().await, (1000, 1, 1));
    // Stripe's own report of that refund changes nothing more.
    let report = event("charge.refunded", charge("pi_second", 1000, 1000));
    assert_eq!(s.deliver(&report).await.1, "ignored");
    assert_eq!(s.raised().await, (1000, 1, 1));
}

#[tokio::test]
async fn a_yearly_summary_certifies_what_is_left_of_each_payment_after_each_refund() {
    use soutenir::domain::money::Cents;
    use time::macros::datetime;
    let app = common::spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let gift = common::new_donation(campaign, "an@example.org", 1000, Frequency::Monthly, "demo");
    let dates = [
        datetime!(2025-01-10 9:00 UTC),
        datetime!(2025-02-10 9:00 UTC),
        datetime!(2025-03-10 9:00 UTC),
    ];
    let ids = common::monthly_payments(&*store, &gift, &dates).await;
    app.drain_jobs().await;
    let run = soutenir::receipts::issue_annual(&*store, 2025, OffsetDateTime::now_utc(), |_, _| {})
        .await
        .unwrap();
    assert_eq!(run.issued[0].amount_cents, 3000);
    let february = store.donation(&ids[1]).await.unwrap().unwrap().id;
    let lines_of_february = |receipt: i64| {
        let store = store.clone();
        async move {
            store
                .receipt_items(receipt)
                .await
                .unwrap()
                .into_iter()
                .find(|(d, _, _)| *d == february)
                .map(|(_, _, cents)| cents)
        }
    };
    // February refunded 3 €, then 5 € in all: the summary says 7 €, then 5 €.
    for (total, left, summary) in [(300, 700, 2700), (500, 500, 2500)] {
        let now = OffsetDateTime::now_utc();
        store
            .refund_donation(&ids[1], Cents::new(total), now)
            .await
            .unwrap();
        app.drain_jobs().await;
        let current = store
            .valid_receipt_covering(february)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(current.amount_cents, summary, "after {total} refunded");
        assert_eq!(lines_of_february(current.id).await, Some(left));
    }
    // Refunded in full: left out; the rest stands.
    store
        .refund_donation(&ids[1], Cents::new(1000), OffsetDateTime::now_utc())
        .await
        .unwrap();
    app.drain_jobs().await;
    assert!(
        store
            .valid_receipt_covering(february)
            .await
            .unwrap()
            .is_none()
    );
    let january = store.donation(&ids[0]).await.unwrap().unwrap().id;
    let standing = store
        .valid_receipt_covering(january)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(standing.amount_cents, 2000);
    assert_eq!(store.receipt_items(standing.id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_monthly_payment_given_back_then_brought_back_returns_to_its_yearly_summary() {
    use soutenir::domain::lifecycle::MoneyBack;
    use soutenir::domain::money::Cents;
    use soutenir::store::{MoneyBackOutcome, MoneyBackRequest};
    use time::macros::datetime;
    let app = common::spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let gift = common::new_donation(campaign, "an@example.org", 1000, Frequency::Monthly, "demo");
    let dates = [
        datetime!(2025-01-10 9:00 UTC),
        datetime!(2025-02-10 9:00 UTC),
    ];
    let ids = common::monthly_payments(&*store, &gift, &dates).await;
    let (first, second) = (&ids[0], &ids[1]);
    app.drain_jobs().await;
    let now = OffsetDateTime::now_utc();
    soutenir::receipts::issue_annual(&*store, 2025, now, |_, _| {})
        .await
        .unwrap();
    let january = store.donation(first).await.unwrap().unwrap().id;
    let february = store.donation(second).await.unwrap().unwrap().id;
    let raised = |p: Value| p["raised_cents"].as_i64().unwrap();
    // The payments above were recorded straight in the store: the bar reads them.
    app.state.progress.refresh_all(&*store).await.unwrap();
    let before = raised(app.progress_json("dorlotons").await);

    // February given back in full: the summary is replaced without it.
    let back = |what: MoneyBack, reference: Option<&str>| MoneyBackRequest {
        public_id: second.clone(),
        back: what,
        provider_ref: reference.map(str::to_owned),
        reported_at: None,
        now: OffsetDateTime::now_utc(),
    };
    let given = soutenir::gifts::money_back(
        &*store,
        &app.state.progress,
        &back(MoneyBack::RefundedTotal(Cents::new(1000)), None),
    )
    .await
    .unwrap();
    assert!(
        matches!(given, MoneyBackOutcome::Applied { .. }),
        "{given:?}"
    );
    app.drain_jobs().await;
    assert_eq!(raised(app.progress_json("dorlotons").await), before - 1000);
    assert!(
        store
            .valid_receipt_covering(february)
            .await
            .unwrap()
            .is_none()
    );
    let without = store
        .valid_receipt_covering(january)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(without.amount_cents, 1000);

    // The refund failed: the money is back, and so is February in the summary.
    let failed = back(MoneyBack::RefundFailed(Cents::new(1000)), Some("re_feb"));
    let returned = soutenir::gifts::money_back(&*store, &app.state.progress, &failed)
        .await
        .unwrap();
    assert!(
        matches!(returned, MoneyBackOutcome::Applied { .. }),
        "{returned:?}"
    );
    app.drain_jobs().await;
    assert_eq!(raised(app.progress_json("dorlotons").await), before);
    let with = store
        .valid_receipt_covering(february)
        .await
        .unwrap()
        .expect("back in the summary");
    assert_eq!(with.amount_cents, 2000);
    assert_eq!(with.replaces_receipt_id, Some(without.id));
    let items: Vec<(i64, i64)> = store
        .receipt_items(with.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(d, _, c)| (d, c))
        .collect();
    assert_eq!(items, vec![(january, 1000), (february, 1000)]);
    // The same failure told again: once.
    let again = soutenir::gifts::money_back(&*store, &app.state.progress, &failed)
        .await
        .unwrap();
    assert_eq!(again, MoneyBackOutcome::Unchanged("already recorded"));
}
