//! Store conformance: the same checks against SQLite and, when
//! `TEST_DATABASE_URL` is set, PostgreSQL.

use crate::common;

use std::sync::Arc;

use common::{TestDb, campaign, give};
use soutenir::domain::campaign::{Goal, MonthlyCounting};
use soutenir::domain::money::Cents;
use soutenir::store::{
    self, Confirmation, Frequency, NewDonation, NewInvitation, Store, StoreError,
};
use time::OffsetDateTime;

/// Runs `check` on a fresh SQLite store, then on a fresh PostgreSQL store if one
/// is configured.
macro_rules! conformance {
    ($name:ident, $check:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = super::TestDb::sqlite();
                super::$check(super::open(&db).await).await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(db) = super::common::postgres_or_skip("store conformance").await else {
                    return;
                };
                super::$check(super::open(&db).await).await;
            }
        }
    };
}

async fn open(db: &TestDb) -> Arc<dyn Store> {
    let store = store::connect(&db.url).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn pending(campaign_id: i64, email: &str, cents: i64, key: Option<&str>) -> NewDonation {
    NewDonation {
        lang: "fr".to_owned(),
        idempotency_key: key.map(str::to_owned),
        ..common::new_donation(campaign_id, email, cents, Frequency::Once, "demo")
    }
}

conformance!(migrations_can_run_twice, check_migrations_can_run_twice);
async fn check_migrations_can_run_twice(store: Arc<dyn Store>) {
    store
        .migrate()
        .await
        .expect("second migration run is a no-op");
    store.ping().await.unwrap();
    assert_eq!(store.count_campaigns().await.unwrap(), 0);
}

conformance!(
    settings_keep_their_first_value,
    check_settings_keep_their_first_value
);
async fn check_settings_keep_their_first_value(store: Arc<dyn Store>) {
    assert_eq!(
        store.setting_or_insert("secret", "first").await.unwrap(),
        "first"
    );
    assert_eq!(
        store.setting_or_insert("secret", "second").await.unwrap(),
        "first"
    );
}

conformance!(campaigns_round_trip, check_campaigns_round_trip);
async fn check_campaigns_round_trip(store: Arc<dyn Store>) {
    let mut new = campaign("dorlotons", Goal::Amount(Cents::from_euros(60_000)));
    new.suggested_amounts = vec![Cents::from_euros(10), Cents::new(3050)];
    new.monthly_counting = MonthlyCounting::YearlyPledge;
    new.body_markdown = "Texte « accentué » — 60 000 €".to_owned();
    let created = store.create_campaign(&new, now()).await.unwrap();
    let loaded = store
        .campaign_by_slug("dorlotons")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(loaded.campaign, created);
    assert_eq!(loaded.campaign.suggested_amounts, new.suggested_amounts);
    assert_eq!(
        loaded.campaign.monthly_counting,
        MonthlyCounting::YearlyPledge
    );
    assert_eq!(loaded.campaign.body_markdown, new.body_markdown);
    assert_eq!(
        loaded.campaign.ends_at.unix_timestamp(),
        new.ends_at.unix_timestamp()
    );
    assert_eq!(loaded.totals.raised, Cents::ZERO);
    assert_eq!(loaded.totals.donor_count, 0);
    assert!(store.campaign_by_slug("autre").await.unwrap().is_none());

    let donors_goal = store
        .create_campaign(&campaign("mille", Goal::Donors(1000)), now())
        .await
        .unwrap();
    assert_eq!(donors_goal.goal, Goal::Donors(1000));
    assert_eq!(store.list_campaigns().await.unwrap().len(), 2);
    assert_eq!(store.count_campaigns().await.unwrap(), 2);
}

conformance!(slugs_are_unique, check_slugs_are_unique);
async fn check_slugs_are_unique(store: Arc<dyn Store>) {
    let new = campaign("unique", Goal::Amount(Cents::from_euros(10)));
    store.create_campaign(&new, now()).await.unwrap();
    let again = store.create_campaign(&new, now()).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(store.count_campaigns().await.unwrap(), 1);
}

conformance!(
    same_idempotency_key_same_donation,
    check_same_idempotency_key_same_donation
);
async fn check_same_idempotency_key_same_donation(store: Arc<dyn Store>) {
    let c = store
        .create_campaign(&campaign("c", Goal::Amount(Cents::from_euros(10))), now())
        .await
        .unwrap();
    let first = store
        .create_pending_donation(&pending(c.id, "a@example.org", 3000, Some("k1")), now())
        .await
        .unwrap();
    let second = store
        .create_pending_donation(&pending(c.id, "a@example.org", 3000, Some("k1")), now())
        .await
        .unwrap();
    let other = store
        .create_pending_donation(&pending(c.id, "a@example.org", 3000, Some("k2")), now())
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_ne!(first.public_id, other.public_id);
    assert_eq!(first.status, "pending");
    assert_eq!(first.public_id.len(), 32);
}

conformance!(
    confirming_moves_totals_once,
    check_confirming_moves_totals_once
);
async fn check_confirming_moves_totals_once(store: Arc<dyn Store>) {
    let c = store
        .create_campaign(&campaign("c", Goal::Amount(Cents::from_euros(100))), now())
        .await
        .unwrap();
    let p = store
        .create_pending_donation(&pending(c.id, "a@example.org", 3050, None), now())
        .await
        .unwrap();
    let first = store
        .confirm_donation(&p.public_id, "card", Some("pi_1"), now())
        .await
        .unwrap();
    let Confirmation::Applied { totals, .. } = first else {
        panic!("first confirmation applies: {first:?}")
    };
    assert_eq!(totals.raised, Cents::new(3050));
    assert_eq!((totals.donor_count, totals.donation_count), (1, 1));
    let again = store
        .confirm_donation(&p.public_id, "card", Some("pi_1"), now())
        .await
        .unwrap();
    assert_eq!(again, Confirmation::AlreadyConfirmed { campaign_id: c.id });

    // A second gift from the same donor adds money and a donation, not a donor.
    give(&*store, c.id, "a@example.org", 1000).await;
    let loaded = store.campaign_by_slug("c").await.unwrap().unwrap();
    assert_eq!(loaded.totals.raised, Cents::new(4050));
    assert_eq!(
        (loaded.totals.donor_count, loaded.totals.donation_count),
        (1, 2)
    );

    let missing = store.confirm_donation("nope", "card", None, now()).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}

conformance!(
    concurrent_confirmations_add_up,
    check_concurrent_confirmations_add_up
);
async fn check_concurrent_confirmations_add_up(store: Arc<dyn Store>) {
    let c = store
        .create_campaign(&campaign("c", Goal::Amount(Cents::from_euros(100))), now())
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..20 {
        let p = store
            .create_pending_donation(
                &pending(c.id, &format!("d{}@example.org", i % 7), 100 + i, None),
                now(),
            )
            .await
            .unwrap();
        ids.push(p.public_id);
    }
    // Each payment is confirmed twice, concurrently (a webhook and a redirect).
    let tasks: Vec<_> = ids
        .iter()
        .chain(ids.iter())
        .map(|id| {
            let store = Arc::clone(&store);
            let id = id.clone();
            tokio::spawn(async move { store.confirm_donation(&id, "card", None, now()).await })
        })
        .collect();
    let mut applied = 0;
    for task in tasks {
        match task
            .await
            .unwrap()
            .expect("confirmation succeeds under contention")
        {
            Confirmation::Applied { .. } => applied += 1,
            Confirmation::AlreadyConfirmed { .. } => {}
        }
    }
    assert_eq!(applied, 20);
    let totals = store.campaign_by_slug("c").await.unwrap().unwrap().totals;
    let expected: i64 = (0..20).map(|i| 100 + i).sum();
    assert_eq!(totals.raised, Cents::new(expected));
    assert_eq!(totals.donation_count, 20);
    assert_eq!(totals.donor_count, 7);
}

conformance!(
    yearly_pledge_counts_twelve_months,
    check_yearly_pledge_counts_twelve_months
);
async fn check_yearly_pledge_counts_twelve_months(store: Arc<dyn Store>) {
    let mut new = campaign("c", Goal::Amount(Cents::from_euros(1000)));
    new.monthly_counting = MonthlyCounting::YearlyPledge;
    let c = store.create_campaign(&new, now()).await.unwrap();
    let mut monthly = pending(c.id, "m@example.org", 1000, None);
    monthly.frequency = Frequency::Monthly;
    let p = store
        .create_pending_donation(&monthly, now())
        .await
        .unwrap();
    store
        .confirm_donation(&p.public_id, "card", None, now())
        .await
        .unwrap();
    let totals = store.campaign_by_slug("c").await.unwrap().unwrap().totals;
    assert_eq!(totals.raised, Cents::from_euros(120));
}

conformance!(invitations_expire_and_admins_are_counted, check_invitations);
async fn check_invitations(store: Arc<dyn Store>) {
    assert!(!store.has_active_admin().await.unwrap());
    let t = now();
    store
        .create_invitation(
            &NewInvitation {
                token_hash: "h1".to_owned(),
                purpose: "first_admin",
                email: None,
                role: soutenir::store::Role::Admin,
                expires_at: t + time::Duration::hours(48),
            },
            t,
        )
        .await
        .unwrap();
    assert!(store.invitation("h1", t).await.unwrap().is_some());
    assert!(
        store
            .invitation("h1", t + time::Duration::hours(49))
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.invitation("h2", t).await.unwrap().is_none());
}

conformance!(foreign_keys_are_enforced, check_foreign_keys_are_enforced);
async fn check_foreign_keys_are_enforced(store: Arc<dyn Store>) {
    let orphan = store
        .create_pending_donation(&pending(9_999, "a@example.org", 3000, None), now())
        .await;
    assert!(
        orphan.is_err(),
        "a donation to a missing campaign is refused: {orphan:?}"
    );
    assert!(store.list_campaigns().await.unwrap().is_empty());
}

#[tokio::test]
async fn sqlite_database_is_in_wal_mode() {
    use sqlx::Connection;
    let db = TestDb::sqlite();
    drop(open(&db).await);
    let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

conformance!(jobs_are_claimed_once_and_deduplicated, check_jobs);
async fn check_jobs(store: Arc<dyn Store>) {
    use soutenir::store::NewJob;
    let t = now();
    let job = |i: usize| NewJob {
        kind: soutenir::store::JobKind::ReceiptsBacklog,
        payload: format!("{{\"n\":{i}}}"),
        dedupe_key: Some(format!("test:{i}")),
        run_at: t,
    };
    for i in 0..40 {
        assert!(store.enqueue_job(&job(i), t).await.unwrap());
    }
    assert!(
        !store.enqueue_job(&job(0), t).await.unwrap(),
        "same dedupe key, no second job"
    );
    // Not due yet: not claimed.
    let later = NewJob {
        run_at: t + time::Duration::hours(1),
        dedupe_key: None,
        ..job(99)
    };
    store.enqueue_job(&later, t).await.unwrap();

    // Four workers claim concurrently: every due job exactly once.
    let lease = t + time::Duration::minutes(5);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = store.claim_jobs(now(), lease, 3).await.expect("claim");
                    if batch.is_empty() {
                        break mine;
                    }
                    mine.extend(batch.into_iter().map(|j| j.id));
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    all.sort();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "a job was claimed twice");
    assert_eq!(all.len(), 40);

    // A worker that died: its lease runs out and the job is claimed again.
    let reclaimed = store
        .claim_jobs(
            t + time::Duration::minutes(6),
            t + time::Duration::minutes(11),
            100,
        )
        .await
        .unwrap();
    assert_eq!(reclaimed.len(), 40);
    assert!(reclaimed.iter().all(|j| j.attempts == 2));
    store.finish_jobs(&[reclaimed[0].id], now()).await.unwrap();
    store.fail_job(reclaimed[1].id, "boom", None).await.unwrap();
    store
        .fail_job(reclaimed[2].id, "later", Some(t + time::Duration::hours(2)))
        .await
        .unwrap();
    assert_eq!(store.count_jobs("done").await.unwrap(), 1);
    assert_eq!(store.count_jobs("dead").await.unwrap(), 1);
    assert_eq!(store.count_jobs("queued").await.unwrap(), 2);
}

conformance!(
    confirmations_written_together_keep_their_own_results,
    check_confirmations_written_together
);
/// Confirmations that arrive together are written in one transaction: each keeps
/// its own result, a refused one does not spoil the others, monthly payments
/// count as they should, and each reporting event is recorded once.
async fn check_confirmations_written_together(store: Arc<dyn Store>) {
    let mut new = campaign("c", Goal::Amount(Cents::from_euros(1000)));
    new.monthly_counting = MonthlyCounting::YearlyPledge;
    let c = store.create_campaign(&new, now()).await.unwrap();
    let mut monthly = pending(c.id, "m@example.org", 1000, None);
    monthly.frequency = Frequency::Monthly;
    let first = store
        .create_pending_donation(&monthly, now())
        .await
        .unwrap();
    store
        .confirm_donation(&first.public_id, "card", None, now())
        .await
        .unwrap();
    let sub = store
        .donation(&first.public_id)
        .await
        .unwrap()
        .unwrap()
        .subscription_id
        .expect("a monthly gift has its subscription");
    let mut requests = Vec::new();
    for month in 2..=3 {
        let p = store
            .create_subscription_payment(sub, Some(&format!("in_{month}")), now())
            .await
            .unwrap();
        requests.push(p.public_id);
    }
    let failed = store
        .create_pending_donation(&pending(c.id, "f@example.org", 500, None), now())
        .await
        .unwrap();
    assert!(store.fail_donation(&failed.public_id, now()).await.unwrap());
    let once = store
        .create_pending_donation(&pending(c.id, "o@example.org", 700, None), now())
        .await
        .unwrap();
    requests.extend([
        failed.public_id.clone(),
        "unknown".to_owned(),
        once.public_id.clone(),
        once.public_id.clone(),
    ]);
    let tasks: Vec<_> = requests
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let store = Arc::clone(&store);
            let request = store::ConfirmRequest {
                public_id: id.clone(),
                method: "card".to_owned(),
                provider_ref: None,
                now: now(),
                event: Some(store::NewEvent {
                    provider: soutenir::store::Provider::Stripe,
                    event_id: format!("evt_{i}"),
                    event_type: "invoice.paid".to_owned(),
                    payload: "{}".to_owned(),
                    detail: format!("request {i}"),
                }),
            };
            tokio::spawn(async move { store.confirm_payment(request).await })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    assert!(
        matches!(results[0], Ok(Confirmation::Applied { .. })),
        "{results:?}"
    );
    assert!(
        matches!(results[1], Ok(Confirmation::Applied { .. })),
        "{results:?}"
    );
    assert!(
        matches!(results[2], Err(StoreError::InvalidState(_))),
        "{results:?}"
    );
    assert!(
        matches!(results[3], Err(StoreError::NotFound)),
        "{results:?}"
    );
    let once_results = [&results[4], &results[5]];
    let applied = once_results
        .iter()
        .filter(|r| matches!(r, Ok(Confirmation::Applied { .. })))
        .count();
    let again = once_results
        .iter()
        .filter(|r| matches!(r, Ok(Confirmation::AlreadyConfirmed { .. })))
        .count();
    assert_eq!((applied, again), (1, 1), "{results:?}");

    // The yearly pledge counted twelve months at the first payment, nothing since.
    let totals = store.campaign_by_slug("c").await.unwrap().unwrap().totals;
    assert_eq!(totals.raised, Cents::new(12 * 1000 + 700));
    assert_eq!(totals.donation_count, 4);
    assert_eq!(totals.donor_count, 2);
    let third = store.donation(&requests[1]).await.unwrap().unwrap();
    assert_eq!(third.payment_number, 3);
    assert_eq!(third.status.as_str(), "succeeded");

    // Events: recorded with the payments they confirmed, not with the refused ones.
    for (i, expected) in [
        Some("applied"),
        Some("applied"),
        None,
        None,
        Some("applied"),
        Some("applied"),
    ]
    .into_iter()
    .enumerate()
    {
        let outcome = store
            .event_outcome(soutenir::store::Provider::Stripe, &format!("evt_{i}"))
            .await
            .unwrap();
        assert_eq!(outcome.as_deref(), expected, "event {i}");
    }
}

/// A moderator account for guestbook checks.
async fn moderator(store: &dyn Store) -> store::StaffUser {
    let t = now();
    store
        .create_invitation(
            &NewInvitation {
                token_hash: "modo".to_owned(),
                purpose: "invitation",
                email: Some("modo@example.org".to_owned()),
                role: soutenir::store::Role::Moderator,
                expires_at: t + time::Duration::hours(48),
            },
            t,
        )
        .await
        .unwrap();
    store
        .accept_invitation("modo", "modo@example.org", "hash", t)
        .await
        .unwrap()
}

/// A paid gift with a message; returns the entry's id.
async fn paid_message(store: &dyn Store, campaign_id: i64, n: usize, show_amount: bool) -> i64 {
    let t = now();
    let gift = NewDonation {
        lang: "fr".to_owned(),
        message: Some(format!("Message {n}")),
        display_name: format!("Nom {n}"),
        show_amount,
        ..pending(
            campaign_id,
            &format!("d{n}@example.org"),
            1000 + n as i64,
            None,
        )
    };
    let donation = store.create_pending_donation(&gift, t).await.unwrap();
    store
        .confirm_donation(&donation.public_id, "card", None, t)
        .await
        .unwrap();
    let donor = store
        .donor_id_by_email(&format!("d{n}@example.org"))
        .await
        .unwrap()
        .unwrap();
    store.donor_messages(donor).await.unwrap()[0].id
}

conformance!(
    guestbook_decisions_apply_only_in_the_right_state,
    check_guestbook_decisions_apply_only_in_the_right_state
);
async fn check_guestbook_decisions_apply_only_in_the_right_state(store: Arc<dyn Store>) {
    use soutenir::domain::guestbook::Decision;
    let c = store
        .create_campaign(
            &campaign("livre", Goal::Amount(Cents::from_euros(1000))),
            now(),
        )
        .await
        .unwrap();
    let modo = moderator(&*store).await;
    let a = paid_message(&*store, c.id, 1, true).await;
    let b = paid_message(&*store, c.id, 2, false).await;
    // An unpaid gift's message is nobody's business yet.
    let unpaid = NewDonation {
        lang: "fr".to_owned(),
        message: Some("Pas payé".to_owned()),
        ..pending(c.id, "x@example.org", 500, None)
    };
    store.create_pending_donation(&unpaid, now()).await.unwrap();
    let queue = store.guestbook_entries("pending", 10, 0).await.unwrap();
    assert_eq!(queue.iter().map(|e| e.id).collect::<Vec<_>>(), vec![a, b]);

    let t = now();
    let changed = store
        .moderate_guestbook(&[a, b], Decision::Reject, Some("Hors sujet"), &modo, t)
        .await
        .unwrap();
    assert_eq!(changed, vec![a, b]);
    // Already rejected: rejecting or hiding again changes nothing.
    assert!(
        store
            .moderate_guestbook(&[a], Decision::Reject, None, &modo, t)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .moderate_guestbook(&[a], Decision::Hide, None, &modo, t)
            .await
            .unwrap()
            .is_empty()
    );
    let rejected = store.guestbook_entries("rejected", 10, 0).await.unwrap();
    assert_eq!(rejected[0].rejection_reason.as_deref(), Some("Hors sujet"));
    assert_eq!(
        rejected[0].moderated_by.as_deref(),
        Some("modo@example.org")
    );

    // Approve one after all; its reason is cleared; then hide it.
    assert_eq!(
        store
            .moderate_guestbook(&[a], Decision::Approve, None, &modo, t)
            .await
            .unwrap(),
        vec![a]
    );
    let published = store.published_messages(c.id, None, 10).await.unwrap();
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].amount_cents, 1001, "shown: the donor agreed");
    assert_eq!(
        store
            .moderate_guestbook(&[a], Decision::Hide, None, &modo, t)
            .await
            .unwrap(),
        vec![a]
    );
    assert!(
        store
            .published_messages(c.id, None, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // The amount never leaves the store when the donor did not agree.
    store
        .moderate_guestbook(&[b], Decision::Approve, None, &modo, t)
        .await
        .unwrap();
    let published = store.published_messages(c.id, None, 10).await.unwrap();
    assert_eq!((published[0].id, published[0].amount_cents), (b, 0));

    let counts = store.guestbook_counts().await.unwrap();
    assert!(
        counts.contains(&("approved".to_owned(), 1)) && counts.contains(&("hidden".to_owned(), 1)),
        "{counts:?}"
    );
    let audit = store.recent_audit(10).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|(_, what, _)| what.starts_with("guestbook."))
            .count(),
        5,
        "{audit:?}"
    );
}

conformance!(
    the_public_guestbook_pages_stably_under_new_approvals,
    check_the_public_guestbook_pages_stably_under_new_approvals
);
async fn check_the_public_guestbook_pages_stably_under_new_approvals(store: Arc<dyn Store>) {
    use soutenir::domain::guestbook::{Cursor, Decision};
    let c = store
        .create_campaign(
            &campaign("pages", Goal::Amount(Cents::from_euros(1000))),
            now(),
        )
        .await
        .unwrap();
    let modo = moderator(&*store).await;
    let mut ids = Vec::new();
    for n in 0..25 {
        ids.push(paid_message(&*store, c.id, n, false).await);
    }
    // Approved in two rounds a second apart, so that publication times tie
    // within a round and differ between them.
    let t = now();
    store
        .moderate_guestbook(&ids[..12], Decision::Approve, None, &modo, t)
        .await
        .unwrap();
    store
        .moderate_guestbook(
            &ids[12..],
            Decision::Approve,
            None,
            &modo,
            t + time::Duration::seconds(1),
        )
        .await
        .unwrap();
    let cursor = |m: &store::PublishedMessage| Cursor {
        published_unix: m.published_at.unix_timestamp(),
        id: m.id,
    };
    let first = store.published_messages(c.id, None, 10).await.unwrap();
    assert_eq!(first[0].id, ids[24], "newest published first");

    // New approvals meanwhile go on top, not into the pages being read.
    let mut late = Vec::new();
    for n in 100..103 {
        late.push(paid_message(&*store, c.id, n, false).await);
    }
    store
        .moderate_guestbook(
            &late,
            Decision::Approve,
            None,
            &modo,
            t + time::Duration::seconds(2),
        )
        .await
        .unwrap();
    let mut seen: Vec<i64> = first.iter().map(|m| m.id).collect();
    let mut after = Some(cursor(first.last().unwrap()));
    while let Some(position) = after {
        let page = store
            .published_messages(c.id, Some(position), 10)
            .await
            .unwrap();
        seen.extend(page.iter().map(|m| m.id));
        after = (page.len() == 10).then(|| cursor(page.last().unwrap()));
    }
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(
        seen, expected,
        "every message once, in order, none of the late ones"
    );
    let top = store.published_messages(c.id, None, 3).await.unwrap();
    assert!(top.iter().all(|m| late.contains(&m.id)));
}

// Staff search finds donors whatever the case and accents, on both backends
// (SQLite's `LOWER` folds ASCII only), including donors recorded before the
// search key existed, which the migration fills in.
crate::conformance_db!(staff_search_ignores_case_and_accents, check_staff_search);
async fn check_staff_search(db: &TestDb) {
    let store = open(db).await;
    let campaign = store
        .create_campaign(
            &campaign("c", Goal::Amount(Cents::from_euros(1_000))),
            now(),
        )
        .await
        .unwrap()
        .id;
    let mut elodie = pending(campaign, "Elodie.L@Example.org", 1_000, None);
    elodie.donor.first_name = "Élodie".to_owned();
    elodie.donor.last_name = "LŒUILLET".to_owned();
    store.create_pending_donation(&elodie, now()).await.unwrap();
    store
        .create_pending_donation(
            &pending(campaign, "camille@example.org", 2_000, None),
            now(),
        )
        .await
        .unwrap();

    let found = |search: &'static str| {
        let store = store.clone();
        async move {
            let filter = store::DonationFilter {
                search: Some(search.to_owned()),
                ..store::DonationFilter::default()
            };
            let mut emails: Vec<String> = store
                .search_donations(&filter, 10, 0)
                .await
                .unwrap()
                .into_iter()
                .map(|d| d.donor_email)
                .collect();
            emails.sort();
            assert_eq!(
                store.donation_totals(&filter).await.unwrap().count,
                emails.len() as i64,
                "{search}: the totals agree with the list"
            );
            emails
        }
    };
    let elodie = vec!["Elodie.L@Example.org".to_owned()];
    let check = |got: Vec<String>, want: &[String], search: &str| {
        assert_eq!(got, want, "search {search:?}");
    };
    for search in [
        "élodie",
        "ELODIE",
        "Élodie",
        "lœuillet",
        "loeuillet",
        "Loeuillet élodie",
        "elodie.l@example",
        "  ÉLODIE LOEUILLET  ",
    ] {
        check(found(search).await, &elodie, search);
    }
    check(
        found("martin").await,
        &["camille@example.org".to_owned()],
        "martin",
    );
    // Not across fields, and wildcards are literal.
    check(found("org élodie").await, &[], "org élodie");
    check(found("%").await, &[], "%");
    check(found("_").await, &[], "_");

    // Rows from before the key existed are filled in by the migration.
    common::raw_sql(db, "UPDATE donors SET search_key = NULL").await;
    common::raw_sql(db, "UPDATE donations SET search_key = NULL").await;
    check(found("élodie").await, &[], "élodie, no key");
    store.migrate().await.unwrap();
    check(found("elodie").await, &elodie, "elodie, after migrating");
    check(
        found("Martin Camille").await,
        &["camille@example.org".to_owned()],
        "Martin Camille",
    );
}

// Refunds recorded before the refunds ledger (migration 0009) are carried into
// it by the migration: one line at the last refund's date, for the total.
crate::conformance_db!(
    refunds_from_before_the_ledger_are_carried_over,
    check_refunds_carried_over
);
async fn check_refunds_carried_over(db: &TestDb) {
    let store = open(db).await;
    let c = store
        .create_campaign(
            &campaign("c", Goal::Amount(Cents::from_euros(1_000))),
            now(),
        )
        .await
        .unwrap();
    let gift = common::paid(
        &*store,
        &pending(c.id, "r@example.org", 10_000, None),
        Some("pi_r"),
        now(),
    )
    .await;
    let day = |d: u8| {
        time::Date::from_calendar_date(2025, time::Month::March, d)
            .unwrap()
            .with_hms(12, 0, 0)
            .unwrap()
            .assume_utc()
    };
    for (total, at) in [(1_000, day(3)), (2_500, day(5))] {
        store
            .refund_donation(&gift, Cents::new(total), at)
            .await
            .unwrap();
    }
    let (from, to) = (day(1), day(31));
    let lines = |rows: Vec<store::RefundRow>| -> Vec<(i64, OffsetDateTime)> {
        rows.into_iter()
            .map(|r| (r.refund_cents, r.refund_at))
            .collect()
    };
    assert_eq!(
        lines(store.refunds_after(from, to, None, 10).await.unwrap()),
        [(1_000, day(3)), (1_500, day(5))],
        "each refund on its own"
    );
    // As a version before the ledger left the database.
    common::raw_sql(db, "DROP TABLE refunds").await;
    common::raw_sql(db, "DELETE FROM _sqlx_migrations WHERE version = 9").await;
    store.migrate().await.unwrap();
    // What migration 0011 then adds to each line (it ran already).
    common::raw_sql(
        db,
        "ALTER TABLE refunds ADD COLUMN reason TEXT NOT NULL DEFAULT 'refund'",
    )
    .await;
    assert_eq!(
        lines(store.refunds_after(from, to, None, 10).await.unwrap()),
        [(2_500, day(5))],
        "the total at the last refund's date, as it was known"
    );
}
