//! What a batch of payments received writes, in one transaction (the group
//! commit of `batch.rs`): each payment's plan comes from
//! `domain::lifecycle::paid`; this executes the plans with one statement per
//! table for the whole batch (the gifts, their guestbook messages, their
//! monthly gifts, the outbox, the donors per campaign, the totals, the events
//! that reported them). Expanded for each backend by `sql::impl_store!`.

macro_rules! impl_confirm_batch {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        impl $crate::store::batch::ConfirmBatch for $store {
            async fn confirm_batch(
                &self,
                batch: &[$crate::store::ConfirmRequest],
            ) -> $crate::store::StoreResult<Vec<$crate::store::StoreResult<$crate::store::Confirmation>>> {
                use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
                use $crate::domain::campaign::MonthlyCounting;
                use $crate::domain::lifecycle::{GiftStatus, Paid, Payable, paid};
                use $crate::domain::money::Cents;
                use $crate::store::sql::{placeholders, ts};
                use $crate::store::{Confirmation, StoreError, rows::ConfirmedRow, rows::TotalsRow};
                let Some(now) = batch.iter().map(|r| r.now).max() else {
                    return Ok(Vec::new());
                };
                let now = ts(now);
                // Sorted and distinct: rows are locked in the same order by every batch.
                let wanted: Vec<&str> = batch
                    .iter()
                    .map(|r| r.public_id.as_str())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                // The payments still pending, locked: two confirmations of one payment
                // serialise, and the second finds it done. (SQLite: the transaction
                // already holds the database's write lock.)
                let sql = format!(
                    "SELECT id, public_id, campaign_id, donor_id, amount_cents, frequency, subscription_id, \
                     (SELECT monthly_counting FROM campaigns c WHERE c.id = donations.campaign_id) AS monthly_counting \
                     FROM donations WHERE status = 'pending' AND public_id IN ({}){}",
                    placeholders(1, wanted.len()),
                    $row_lock
                );
                let mut query = sqlx::query_as::<_, ConfirmedRow>(&sql);
                for id in &wanted {
                    query = query.bind(*id);
                }
                let mut confirmed: Vec<ConfirmedRow> = query.fetch_all(&mut *tx).await?;
                confirmed.sort_by_key(|d| d.id);

                // Whether each is its monthly gift's first payment: payments received
                // before, then the batch's own in id order.
                let subscriptions: BTreeSet<i64> = confirmed.iter().filter_map(|d| d.subscription_id).collect();
                let mut earlier: HashMap<i64, i64> = HashMap::new();
                if !subscriptions.is_empty() {
                    let sql = format!(
                        "SELECT subscription_id, COUNT(*) FROM donations WHERE subscription_id IN ({}) \
                         AND status IN ('succeeded', 'refunded') AND id NOT IN ({}) GROUP BY subscription_id",
                        placeholders(1, subscriptions.len()),
                        placeholders(1 + subscriptions.len(), confirmed.len())
                    );
                    let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
                    for sub in &subscriptions {
                        query = query.bind(*sub);
                    }
                    for d in &confirmed {
                        query = query.bind(d.id);
                    }
                    earlier = query.fetch_all(&mut *tx).await?.into_iter().collect();
                }
                // What each payment does: the domain's plan (domain::lifecycle::paid).
                let mut plans = Vec::with_capacity(confirmed.len());
                for d in &confirmed {
                    let counting = MonthlyCounting::parse(&d.monthly_counting)
                        .ok_or_else(|| StoreError::Corrupt(format!("campaign {}: monthly_counting", d.campaign_id)))?;
                    let frequency = $crate::domain::donation::Frequency::parse(&d.frequency)
                        .ok_or_else(|| StoreError::Corrupt(format!("donation {}: frequency", d.id)))?;
                    let first = match d.subscription_id {
                        None => true,
                        Some(sub) => {
                            let before = earlier.entry(sub).or_insert(0);
                            *before += 1;
                            *before == 1
                        }
                    };
                    let state = Payable {
                        status: GiftStatus::Pending,
                        amount: Cents::new(d.amount_cents),
                        frequency,
                        first_of_its_gift: first,
                        counting,
                    };
                    match paid(&state) {
                        Paid::Apply(plan) => plans.push(plan),
                        // Only pending payments were selected.
                        Paid::AlreadyReceived | Paid::Refused(_) => {
                            return Err(StoreError::InvalidState("a pending payment has no plan"));
                        }
                    }
                }
                let counted: Vec<i64> = plans.iter().map(|p| p.counted.get()).collect();
                // Monthly gifts the plans activate.
                let activated: BTreeSet<i64> = confirmed
                    .iter()
                    .zip(&plans)
                    .filter(|(_, plan)| plan.activate_monthly_gift)
                    .filter_map(|(d, _)| d.subscription_id)
                    .collect();

                // Each payment's own details, from the first request that named it.
                let mut first_request: HashMap<&str, &$crate::store::ConfirmRequest> = HashMap::new();
                for request in batch {
                    first_request.entry(request.public_id.as_str()).or_insert(request);
                }
                let mut totals: HashMap<i64, $crate::domain::campaign::Totals> = HashMap::new();
                if !confirmed.is_empty() {
                    let (mut method, mut reference, mut count, mut at, mut ids) =
                        (String::new(), String::new(), String::new(), String::new(), Vec::new());
                    for i in 0..confirmed.len() {
                        let p = 5 * i;
                        method.push_str(&format!(" WHEN ${} THEN ${}", p + 1, p + 2));
                        reference.push_str(&format!(" WHEN ${} THEN ${}", p + 1, p + 3));
                        count.push_str(&format!(" WHEN ${} THEN ${}", p + 1, p + 4));
                        at.push_str(&format!(" WHEN ${} THEN ${}", p + 1, p + 5));
                        ids.push(format!("${}", p + 1));
                    }
                    let sql = format!(
                        "UPDATE donations SET status = '{}', method = CASE id{method} END, \
                         provider_ref = COALESCE(CASE id{reference} END, provider_ref), \
                         counted_cents = CASE id{count} END, confirmed_at = CASE id{at} END \
                         WHERE id IN ({})",
                        GiftStatus::Succeeded.as_str(),
                        ids.join(", ")
                    );
                    let mut query = sqlx::query(&sql);
                    for (d, counted) in confirmed.iter().zip(&counted) {
                        let request = first_request[d.public_id.as_str()];
                        query = query
                            .bind(d.id)
                            .bind(request.method.as_str())
                            .bind(request.provider_ref.as_deref())
                            .bind(*counted)
                            .bind(ts(request.now));
                    }
                    query.execute(&mut *tx).await?;

                    // Messages of paid gifts enter the moderation queue.
                    let freed: Vec<i64> = confirmed
                        .iter()
                        .zip(&plans)
                        .filter(|(_, plan)| plan.message_to_moderation)
                        .map(|(d, _)| d.id)
                        .collect();
                    if !freed.is_empty() {
                        let sql = format!(
                            "UPDATE guestbook_entries SET status = 'pending', submitted_at = $1 \
                             WHERE status = 'awaiting_payment' AND donation_id IN ({})",
                            placeholders(2, freed.len())
                        );
                        let mut query = sqlx::query(&sql).bind(now);
                        for id in &freed {
                            query = query.bind(*id);
                        }
                        query.execute(&mut *tx).await?;
                    }

                    if !activated.is_empty() {
                        let sql = format!(
                            "UPDATE subscriptions SET status = 'active', updated_at = $1 \
                             WHERE status IN ('pending', 'past_due') AND id IN ({})",
                            placeholders(2, activated.len())
                        );
                        let mut query = sqlx::query(&sql).bind(now);
                        for sub in &activated {
                            query = query.bind(*sub);
                        }
                        query.execute(&mut *tx).await?;
                    }

                    // The outbox: whatever follows a payment (emails, receipt) starts from
                    // this job, written in the same transaction as the payment itself.
                    let values: Vec<String> = (0..confirmed.len())
                        .map(|i| {
                            format!(
                                "('{}', ${}, ${}, 'queued', 0, $1, $1)",
                                $crate::store::JobKind::DonationConfirmed.as_str(),
                                2 * i + 2,
                                2 * i + 3
                            )
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO jobs (kind, payload, dedupe_key, status, attempts, run_at, created_at) \
                         VALUES {} ON CONFLICT (dedupe_key) DO NOTHING",
                        values.join(", ")
                    );
                    let mut query = sqlx::query(&sql).bind(now);
                    for d in &confirmed {
                        query = query
                            .bind(format!("{{\"donation_id\":{}}}", d.id))
                            .bind(format!("donation_confirmed:{}", d.id));
                    }
                    query.execute(&mut *tx).await?;

                    // Donors: a donor is new to a campaign when all their gifts to it are here.
                    let mut gifts: BTreeMap<(i64, i64), i64> = BTreeMap::new();
                    for (d, plan) in confirmed.iter().zip(&plans) {
                        *gifts.entry((d.campaign_id, d.donor_id)).or_insert(0) += plan.gifts_change;
                    }
                    let values: Vec<String> = (0..gifts.len())
                        .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                        .collect();
                    let sql = format!(
                        "INSERT INTO campaign_donors (campaign_id, donor_id, gifts) VALUES {} \
                         ON CONFLICT (campaign_id, donor_id) DO UPDATE SET gifts = campaign_donors.gifts + excluded.gifts \
                         RETURNING campaign_id, donor_id, gifts",
                        values.join(", ")
                    );
                    let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
                    for ((campaign, donor), n) in &gifts {
                        query = query.bind(*campaign).bind(*donor).bind(*n);
                    }
                    let mut new_donors: HashMap<i64, i64> = HashMap::new();
                    for (campaign, donor, total) in query.fetch_all(&mut *tx).await? {
                        if gifts.get(&(campaign, donor)) == Some(&total) {
                            *new_donors.entry(campaign).or_insert(0) += 1;
                        }
                    }

                    // Totals: one shard row per campaign of the batch.
                    let mut by_campaign: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
                    for (d, plan) in confirmed.iter().zip(&plans) {
                        let entry = by_campaign.entry(d.campaign_id).or_insert((0, 0, d.id));
                        entry.0 += plan.counted.get();
                        entry.1 += plan.gifts_change;
                    }
                    for (campaign, (raised, donations, first_id)) in &by_campaign {
                        sqlx::query($crate::store::sql::ADD_TO_TOTALS)
                            .bind(*campaign)
                            .bind(first_id % $crate::store::sql::TOTALS_SHARDS)
                            .bind(*raised)
                            .bind(new_donors.get(campaign).copied().unwrap_or(0))
                            .bind(*donations)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        let row: TotalsRow = sqlx::query_as($crate::store::sql::READ_TOTALS)
                            .bind(*campaign)
                            .fetch_one(&mut *tx)
                            .await?;
                        totals.insert(*campaign, row.into());
                    }
                }

                // The others: confirmed before, unknown, or not payable.
                let done: HashSet<&str> = confirmed.iter().map(|d| d.public_id.as_str()).collect();
                let others: Vec<&str> = wanted.iter().copied().filter(|id| !done.contains(id)).collect();
                let mut current: HashMap<String, (String, i64)> = HashMap::new();
                if !others.is_empty() {
                    let sql = format!(
                        "SELECT public_id, status, campaign_id FROM donations WHERE public_id IN ({})",
                        placeholders(1, others.len())
                    );
                    let mut query = sqlx::query_as::<_, (String, String, i64)>(&sql);
                    for id in &others {
                        query = query.bind(*id);
                    }
                    for (id, status, campaign) in query.fetch_all(&mut *tx).await? {
                        current.insert(id, (status, campaign));
                    }
                }
                let by_public_id: HashMap<&str, &ConfirmedRow> =
                    confirmed.iter().map(|d| (d.public_id.as_str(), d)).collect();
                let mut applied: HashSet<&str> = HashSet::new();
                let results: Vec<$crate::store::StoreResult<Confirmation>> = batch
                    .iter()
                    .map(|request| {
                        let id = request.public_id.as_str();
                        if let Some(d) = by_public_id.get(id) {
                            return Ok(match (applied.insert(id), totals.get(&d.campaign_id)) {
                                (true, Some(totals)) => Confirmation::Applied {
                                    campaign_id: d.campaign_id,
                                    totals: totals.clone(),
                                },
                                _ => Confirmation::AlreadyConfirmed { campaign_id: d.campaign_id },
                            });
                        }
                        let Some((status, campaign_id)) = current.get(id) else {
                            return Err(StoreError::NotFound);
                        };
                        // No longer pending: what the domain says of it.
                        let status = GiftStatus::parse(status)
                            .ok_or_else(|| StoreError::Corrupt(format!("donation {id}: status")))?;
                        let state = Payable {
                            status,
                            amount: Cents::ZERO,
                            frequency: $crate::domain::donation::Frequency::Once,
                            first_of_its_gift: true,
                            counting: MonthlyCounting::EachPayment,
                        };
                        match paid(&state) {
                            Paid::AlreadyReceived => Ok(Confirmation::AlreadyConfirmed { campaign_id: *campaign_id }),
                            Paid::Refused(why) => Err(StoreError::InvalidState(why)),
                            Paid::Apply(_) => Err(StoreError::InvalidState("donation is not pending")),
                        }
                    })
                    .collect();

                // The events that reported them, once each.
                let mut seen: HashSet<(&str, &str)> = HashSet::new();
                let events: Vec<&$crate::store::NewEvent> = batch
                    .iter()
                    .zip(&results)
                    .filter(|(_, result)| result.is_ok())
                    .filter_map(|(request, _)| request.event.as_ref())
                    .filter(|e| seen.insert((e.provider.as_str(), e.event_id.as_str())))
                    .collect();
                if !events.is_empty() {
                    let values: Vec<String> = (0..events.len())
                        .map(|i| {
                            let p = 5 * i + 1;
                            format!("(${}, ${}, ${}, $1, 'applied', ${}, ${})", p + 1, p + 2, p + 3, p + 4, p + 5)
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO webhook_events (provider, event_id, event_type, received_at, outcome, detail, payload) \
                         VALUES {} ON CONFLICT (provider, event_id) DO UPDATE \
                         SET outcome = excluded.outcome, detail = excluded.detail, received_at = excluded.received_at",
                        values.join(", ")
                    );
                    let mut query = sqlx::query(&sql).bind(now);
                    for e in &events {
                        query = query
                            .bind(e.provider.as_str())
                            .bind(e.event_id.as_str())
                            .bind(e.event_type.as_str())
                            .bind(e.detail.as_str())
                            .bind(e.payload.as_str());
                    }
                    query.execute(&mut *tx).await?;
                }
                tx.commit().await?;
                for campaign in totals.keys() {
                    self.totals_changed(*campaign);
                }
                Ok(results)
            }
        }
    };
}
pub(crate) use impl_confirm_batch;
