//! The accounting journal against every rule of RECEIPTS.md's « Accounting
//! journal »: a year of gifts, refunds across the year's end, a closed year
//! and a late cheque — on SQLite, and on PostgreSQL when `TEST_DATABASE_URL`
//! is set.

use std::collections::BTreeMap;

use crate::common;

use common::staff::{Browser, post, signed_in, token_of};
use common::{new_donation, paid, spawn_app};
use soutenir::domain::money::Cents;
use soutenir::store::Frequency;
use time::Month::{December, January, March, November};

fn noon(year: i32, month: time::Month, day: u8) -> time::OffsetDateTime {
    time::Date::from_calendar_date(year, month, day)
        .unwrap()
        .with_hms(12, 0, 0)
        .unwrap()
        .assume_utc()
}

async fn fetch(b: &Browser<'_>, path: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let response = b
        .client
        .get(format!("{}{path}", b.app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    (headers, response.bytes().await.unwrap().to_vec())
}

/// The journal of `year` as the accountant imports it (ISO 8859-15).
async fn journal(b: &Browser<'_>, year: i32) -> Vec<u8> {
    fetch(b, &format!("/admin/exports/journal?year={year}"))
        .await
        .1
}

/// Its lines, decoded, split into their 18 fields (the header first).
fn lines(bytes: &[u8]) -> Vec<Vec<String>> {
    let (text, _, unmappable) = encoding_rs::ISO_8859_15.decode(bytes);
    assert!(!unmappable);
    assert!(text.ends_with("\r\n"));
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').map(str::to_owned).collect())
        .collect()
}

fn cents(amount: &str) -> i64 {
    let (euros, cents) = amount.split_once(',').expect("a decimal comma");
    assert_eq!(cents.len(), 2, "{amount}");
    euros.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap()
}

/// Every rule a journal file keeps; returns what its entries do to the gifts
/// account (754).
fn check_rules(bytes: &[u8], year: i32, today: &str) -> i64 {
    let all = lines(bytes);
    let header = &all[0];
    assert_eq!(
        header.join("|"),
        "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise"
    );
    let mut entries: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    let mut gifts = 0;
    for line in &all[1..] {
        assert_eq!(line.len(), 18, "{line:?}");
        for date in [&line[3], &line[9], &line[15]] {
            assert_eq!(date.len(), 8, "{line:?}");
            assert!(date.bytes().all(|b| b.is_ascii_digit()));
        }
        assert!(
            line[3].starts_with(&year.to_string()),
            "dated in its year: {line:?}"
        );
        assert_eq!(line[15], today, "ValidDate is the booking day: {line:?}");
        let (debit, credit) = (cents(&line[11]), cents(&line[12]));
        let num: i64 = line[2].parse().unwrap();
        let entry = entries.entry(num).or_default();
        entry.0 += debit;
        entry.1 += credit;
        if line[4] == "754" {
            gifts += credit - debit;
        }
        assert!(!line[8].is_empty(), "a piece: {line:?}");
    }
    // Each entry balanced, numbered 1… without a gap.
    for (num, (debit, credit)) in &entries {
        assert_eq!(debit, credit, "entry {num} balanced");
    }
    let nums: Vec<i64> = entries.keys().copied().collect();
    assert_eq!(nums, (1..=nums.len() as i64).collect::<Vec<_>>());
    gifts
}

/// The net of the year's gifts CSV (the year's books).
async fn csv_net(b: &Browser<'_>, year: i32) -> i64 {
    let (_, bytes) = fetch(b, &format!("/admin/exports/donations.csv?year={year}")).await;
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let net = reader
        .headers()
        .unwrap()
        .iter()
        .position(|c| c == "net_cents")
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[net].parse::<i64>().unwrap())
        .sum()
}

#[tokio::test]
async fn the_journal_is_booked_once_closed_years_stay_and_matches_the_gifts_csv() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let today = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).date();
    let today_text = format!(
        "{:04}{:02}{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let (last, this) = (today.year() - 1, today.year());

    // A year of gifts: one by a donor whose name the charset lacks.
    let mut gift = new_donation(
        campaign,
        "lukasz@example.org",
        4_000,
        Frequency::Once,
        "stripe",
    );
    gift.donor.first_name = "Łukasz".to_owned();
    gift.donor.last_name = "Żółć".to_owned();
    paid(&*store, &gift, Some("pi_l"), noon(last, March, 3)).await;
    let noel = paid(
        &*store,
        &new_donation(
            campaign,
            "noel@example.org",
            10_000,
            Frequency::Once,
            "stripe",
        ),
        Some("pi_noel"),
        noon(last, November, 15),
    )
    .await;
    // Refunded in part across the year's end.
    store
        .refund_donation(&noel, Cents::new(3_000), noon(last, December, 20))
        .await
        .unwrap();
    store
        .refund_donation(&noel, Cents::new(5_000), noon(this, January, 10))
        .await
        .unwrap();
    app.drain_jobs().await;

    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let first = journal(&admin, last).await;
    assert_eq!(
        journal(&admin, last).await,
        first,
        "the same bytes at each export"
    );
    let gifts_last = check_rules(&first, last, &today_text);
    assert_eq!(gifts_last, 4_000 + 10_000 - 3_000);
    assert_eq!(csv_net(&admin, last).await, gifts_last);
    // ISO 8859-15: ó kept (0xF3), Ł and Ż transliterated, never dropped.
    assert!(
        first.windows(9).any(|w| w == b"Lukasz Z\xf3"),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
    // The gift's piece is its receipt; a refund's, the gift's reference.
    let rows = lines(&first);
    let don = rows
        .iter()
        .find(|r| r[10].starts_with("Don Camille"))
        .unwrap();
    // (Numbered in the year it was issued.)
    let receipt = store.receipt_by_number(&don[8]).await.unwrap();
    assert!(receipt.is_some(), "a receipt's number: {don:?}");
    let refund = rows
        .iter()
        .find(|r| r[10].starts_with("Remboursement"))
        .unwrap();
    assert_eq!(refund[8], noel);
    let gifts_this = check_rules(&journal(&admin, this).await, this, &today_text);
    assert_eq!(gifts_this, -2_000);
    assert_eq!(csv_net(&admin, this).await, gifts_this);

    // The year closes: the page says what is still open, then it is closed.
    let (status, page) = admin.get_text(&format!("/admin/closing?year={last}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"openings\""), "{page}");
    let csrf = token_of(&admin, &format!("/admin/closing?year={last}")).await;
    let year = last.to_string();
    let refused = post(
        &admin,
        "/admin/closing",
        &[("csrf_token", &csrf), ("year", &year)],
    )
    .await;
    assert_eq!(refused.status(), 422, "unconfirmed");
    assert!(store.closed_years().await.unwrap().is_empty());
    let this_year = this.to_string();
    let refused = post(
        &admin,
        "/admin/closing",
        &[
            ("csrf_token", &csrf),
            ("year", &this_year),
            ("confirm", "on"),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422, "the running year cannot close");
    let closed = post(
        &admin,
        "/admin/closing",
        &[("csrf_token", &csrf), ("year", &year), ("confirm", "on")],
    )
    .await;
    assert_eq!(closed.status(), 303);
    assert_eq!(store.closed_years().await.unwrap(), [last]);

    // A cheque of last December recorded now, and a refund dated last year
    // reported late: booked in the open period, their labels saying the date.
    let csrf = token_of(&admin, "/admin/donations/new").await;
    let received_on = format!("{last}-12-28");
    let response = post(
        &admin,
        "/admin/donations/new",
        &[
            ("csrf_token", csrf.as_str()),
            ("campaign", "dorlotons"),
            ("amount", "150"),
            ("method", "cheque"),
            ("cheque_number", "8812345"),
            ("bank", "Crédit Exemple"),
            ("received_on", &received_on),
            ("first_name", "Dominique"),
            ("last_name", "Durand"),
            ("email", "dominique@example.org"),
            ("address", "3 rue du Port"),
            ("postal_code", "44000"),
            ("city", "Nantes"),
            ("country", "FR"),
            ("wants_receipt", "on"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    store
        .refund_donation(&noel, Cents::new(6_000), noon(last, December, 30))
        .await
        .unwrap();
    app.drain_jobs().await;

    assert_eq!(
        journal(&admin, last).await,
        first,
        "a closed year never changes"
    );
    assert_eq!(csv_net(&admin, last).await, gifts_last);
    let now_file = journal(&admin, this).await;
    let gifts_this = check_rules(&now_file, this, &today_text);
    assert_eq!(gifts_this, -2_000 + 15_000 - 1_000);
    assert_eq!(csv_net(&admin, this).await, gifts_this);
    let rows = lines(&now_file);
    let cheque = rows.iter().find(|r| r[10].contains("Dominique")).unwrap();
    assert_eq!(cheque[3], today_text, "in the open period: {cheque:?}");
    assert!(
        cheque[10].contains(&format!("(du 28 décembre {last})")),
        "{cheque:?}"
    );
    assert_eq!(cheque[4], "512", "a cheque goes to the bank");
    let late = rows
        .iter()
        .rev()
        .find(|r| r[10].starts_with("Remboursement"))
        .unwrap();
    assert!(
        late[10].contains(&format!("(du 30 décembre {last})")),
        "{late:?}"
    );

    // Only what was not imported yet: after entry 1.
    let (headers, tail) = fetch(
        &admin,
        &format!("/admin/exports/journal?year={this}&since=1"),
    )
    .await;
    let tail = lines(&tail);
    assert!(tail[1..].iter().all(|r| r[2] != "1"));
    assert_eq!(tail.len(), rows.len() - 2);
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("W000000000FEC{this}1231-apres-1.txt"))
    );
}
