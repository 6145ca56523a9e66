//! Against localstripe, the stateful Stripe double (PyPI): subscription
//! cancellation through Stripe's API, and localstripe's own signed webhook
//! deliveries.

use crate::common;

use std::time::Duration;

use common::{TestDb, free_port, hidden_field, spawn_app_with};
use serde_json::{Value, json};
use soutenir::payments::stripe::signature;
use soutenir::store::Frequency;

const KEY: &str = "sk_test_localstripe";
const WEBHOOK_SECRET: &str = "whsec_localstripe";

struct LocalStripe {
    port: u16,
    child: std::process::Child,
    http: reqwest::Client,
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl LocalStripe {
    /// `None` (said on the terminal) when localstripe is not installed, except
    /// under `CI=true` where that fails.
    async fn start() -> Option<LocalStripe> {
        use std::io::Write;
        let installed = std::process::Command::new("python3")
            .args(["-c", "import localstripe"])
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but localstripe is not installed"
            );
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: localstripe is not installed (pip install localstripe)"
            );
            return None;
        }
        let port = free_port();
        let child = std::process::Command::new("python3")
            .arg(format!(
                "{}/tests/support/localstripe_server.py",
                env!("CARGO_MANIFEST_DIR")
            ))
            .arg(port.to_string())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start localstripe");
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "localstripe did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Some(LocalStripe {
            port,
            child,
            http: reqwest::Client::new(),
        })
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// A test card's payment method id.
    async fn card(&self) -> String {
        let card = self
            .call(
                reqwest::Method::POST,
                "/v1/payment_methods",
                &[
                    ("type", "card"),
                    ("card[number]", "4242424242424242"),
                    ("card[exp_month]", "12"),
                    ("card[exp_year]", "2030"),
                    ("card[cvc]", "123"),
                ],
            )
            .await;
        card["id"].as_str().unwrap().to_owned()
    }

    async fn call(&self, method: reqwest::Method, path: &str, form: &[(&str, &str)]) -> Value {
        self.http
            .request(method, format!("http://127.0.0.1:{}{path}", self.port))
            .bearer_auth(KEY)
            .form(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_donor_stops_a_stripe_monthly_gift_and_localstripes_events_agree() {
    let Some(ls) = LocalStripe::start().await else {
        return;
    };
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.stripe_secret_key = Some(KEY.to_owned().into());
        c.stripe_webhook_secret = Some(WEBHOOK_SECRET.to_owned().into());
        c.stripe_api_base = Some(ls.base());
    })
    .await;
    let hook = ls
        .http
        .post(format!(
            "http://127.0.0.1:{}/_config/webhooks/soutenir",
            ls.port
        ))
        .bearer_auth(KEY)
        .form(&[
            ("url", format!("{}/webhooks/stripe", app.address)),
            ("secret", WEBHOOK_SECRET.to_owned()),
        ])
        .send()
        .await
        .unwrap();
    assert!(hook.status().is_success());

    // The donor's monthly gift, pending in soutenir.
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let first = store
        .create_pending_donation(
            &common::new_donation(
                campaign,
                "mensuel@example.org",
                1000,
                Frequency::Monthly,
                "stripe",
            ),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();

    // What Stripe Checkout would create: customer, card, plan, subscription.
    let customer = ls
        .call(
            reqwest::Method::POST,
            "/v1/customers",
            &[("email", "mensuel@example.org")],
        )
        .await;
    let customer = customer["id"].as_str().unwrap().to_owned();
    let card = ls.card().await;
    ls.call(
        reqwest::Method::POST,
        &format!("/v1/payment_methods/{card}/attach"),
        &[("customer", &customer)],
    )
    .await;
    ls.call(
        reqwest::Method::POST,
        &format!("/v1/customers/{customer}"),
        &[("invoice_settings[default_payment_method]", &card)],
    )
    .await;
    ls.call(
        reqwest::Method::POST,
        "/v1/plans",
        &[
            ("id", "plan_don_10"),
            ("amount", "1000"),
            ("currency", "eur"),
            ("interval", "month"),
            ("product[name]", "Don mensuel"),
        ],
    )
    .await;
    let subscription = ls
        .call(
            reqwest::Method::POST,
            "/v1/subscriptions",
            &[
                ("customer", &customer),
                ("items[0][plan]", "plan_don_10"),
                ("metadata[donation_id]", &first.public_id),
            ],
        )
        .await;
    assert_eq!(subscription["status"], "active");
    let sub_id = subscription["id"].as_str().unwrap().to_owned();
    let invoice_id = subscription["latest_invoice"].as_str().unwrap().to_owned();

    // Checkout's completion (localstripe has no Checkout): signed by the test.
    let event = json!({
        "id": "evt_checkout_ls", "object": "event", "type": "checkout.session.completed",
        "created": time::OffsetDateTime::now_utc().unix_timestamp(),
        "data": { "object": {
            "id": "cs_ls", "object": "checkout.session", "mode": "subscription",
            "metadata": { "donation_id": first.public_id }, "amount_total": 1000, "currency": "eur",
            "payment_status": "paid", "status": "complete", "subscription": sub_id, "invoice": invoice_id
        }}
    })
    .to_string();
    let delivered = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .header(
            "stripe-signature",
            signature::sign(
                WEBHOOK_SECRET,
                event.as_bytes(),
                time::OffsetDateTime::now_utc().unix_timestamp(),
            ),
        )
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(delivered.status(), 200);
    assert_eq!(app.progress_json("dorlotons").await["raised_cents"], 1000);

    // localstripe's own deliveries (signed by localstripe) arrive and are accepted.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let events = store
            .recent_events(soutenir::store::Provider::Stripe, 50)
            .await
            .unwrap();
        if events
            .iter()
            .any(|(kind, _, _)| kind == "invoice.payment_succeeded")
        {
            assert!(
                events
                    .iter()
                    .all(|(_, outcome, _)| outcome != "refused" && outcome != "failed"),
                "{events:?}"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no delivery from localstripe: {events:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.progress_json("dorlotons").await["raised_cents"],
        1000,
        "the first invoice counts once"
    );

    // The donor stops the gift from the donor space: Stripe is told.
    let donor = store
        .donation(&first.public_id)
        .await
        .unwrap()
        .unwrap()
        .donor_id;
    let expires = (time::OffsetDateTime::now_utc() + time::Duration::days(1)).unix_timestamp();
    let token = soutenir::links::donor_token(&app.state.secret, donor, expires);
    let (_, page) = app.get_text(&format!("/me/{token}")).await;
    let csrf = hidden_field(&page, "csrf_token");
    let monthly = store.donor_subscriptions(donor).await.unwrap().remove(0);
    let stopped = app
        .client
        .post(format!(
            "{}/me/{token}/monthly/{}/cancel",
            app.address, monthly.public_id
        ))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(stopped.status(), 303);
    let at_stripe = ls
        .call(
            reqwest::Method::GET,
            &format!("/v1/subscriptions/{sub_id}"),
            &[],
        )
        .await;
    assert_eq!(at_stripe["status"], "canceled", "{at_stripe}");
    assert_eq!(
        store
            .subscription(monthly.id)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "cancelled"
    );

    // localstripe then announces the deletion; it is accepted and changes nothing more.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let events = store
            .recent_events(soutenir::store::Provider::Stripe, 50)
            .await
            .unwrap();
        if let Some((_, outcome, _)) = events
            .iter()
            .find(|(kind, _, _)| kind == "customer.subscription.deleted")
        {
            assert_eq!(outcome, "applied");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no deletion event from localstripe: {events:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        store
            .subscription(monthly.id)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "cancelled"
    );
}

#[tokio::test]
async fn finance_refunds_part_of_a_stripe_gift_through_stripe_s_refund_api() {
    use common::staff::{Browser, invite, location, post, set_password, token_of};
    let Some(ls) = LocalStripe::start().await else {
        return;
    };
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.stripe_secret_key = Some(KEY.to_owned().into());
        c.stripe_webhook_secret = Some(WEBHOOK_SECRET.to_owned().into());
        c.stripe_api_base = Some(ls.base());
    })
    .await;
    // A card payment of 50 € at Stripe, recorded as a gift here.
    let card = ls.card().await;
    let intent = ls
        .call(
            reqwest::Method::POST,
            "/v1/payment_intents",
            &[
                ("amount", "5000"),
                ("currency", "eur"),
                ("payment_method", card.as_str()),
                ("confirm", "true"),
            ],
        )
        .await;
    assert_eq!(intent["status"], "succeeded", "{intent}");
    let intent = intent["id"].as_str().unwrap().to_owned();
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let now = time::OffsetDateTime::now_utc();
    let gift = store
        .create_pending_donation(
            &common::new_donation(
                campaign,
                "carte@example.org",
                5000,
                Frequency::Once,
                "stripe",
            ),
            now,
        )
        .await
        .unwrap();
    soutenir::gifts::confirm(
        &*store,
        &app.state.progress,
        soutenir::gifts::Payment {
            public_id: &gift.public_id,
            method: "card",
            provider_ref: Some(&intent),
            received_at: time::OffsetDateTime::now_utc(),
            event: None,
        },
    )
    .await
    .unwrap();
    let raised = |p: serde_json::Value| p["raised_cents"].as_i64().unwrap();
    let before = raised(app.progress_json("dorlotons").await);

    let b = Browser::new(&app);
    let link = invite(&app, Some("tresorerie@example.org"), "finance").await;
    set_password(&b, &link, "tresorerie@example.org").await;
    let page = format!("/admin/donations/{}", gift.public_id);
    let csrf = token_of(&b, &page).await;
    let response = post(
        &b,
        &format!("{page}/refund"),
        &[("csrf_token", &csrf), ("amount", "20"), ("confirm", "on")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{page}?rembourse"));
    assert_eq!(raised(app.progress_json("dorlotons").await), before - 2000);

    // Stripe holds the refund.
    let refunds = ls
        .call(
            reqwest::Method::GET,
            &format!("/v1/refunds?payment_intent={intent}"),
            &[],
        )
        .await;
    let amounts: Vec<i64> = refunds["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, vec![2000]);
    let row = store.donation_row(&gift.public_id).await.unwrap().unwrap();
    assert_eq!(
        (row.refunded_cents, row.status.as_str()),
        (2000, "succeeded")
    );

    // Stripe's `charge.refunded` for the same total changes nothing more.
    let event = json!({
        "id": "evt_refund_echo",
        "type": "charge.refunded",
        "data": { "object": { "object": "charge", "payment_intent": intent, "amount_refunded": 2000 } }
    })
    .to_string();
    let header = signature::sign(
        WEBHOOK_SECRET,
        event.as_bytes(),
        time::OffsetDateTime::now_utc().unix_timestamp(),
    );
    let response = reqwest::Client::new()
        .post(format!("{}/webhooks/stripe", app.address))
        .header("stripe-signature", header)
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(raised(app.progress_json("dorlotons").await), before - 2000);
    let row = store.donation_row(&gift.public_id).await.unwrap().unwrap();
    assert_eq!(row.refunded_cents, 2000);
}
