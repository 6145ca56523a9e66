//! Finance exports: gifts and receipts as CSV, the accounting journal, a year's
//! receipt PDFs in one ZIP, and the article 222 bis figures.
//!
//! Every export is produced page by page from the database as a stream of
//! chunks, so that a year of 100 000 gifts is never held in memory; the web
//! pages send the chunks as they come, the CLI writes them to files.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::{Stream, StreamExt, stream};
use time::OffsetDateTime;

use crate::domain::dates::in_paris;
use crate::secret::Secret;
use crate::store::{DonationFilter, DonationRow, Receipt, RegisterRow, Store};

/// Rows read from the database per query.
const PAGE: i64 = 500;

/// PDFs rendered at once for a ZIP (the rendering runs on blocking threads).
const RENDERING_AHEAD: usize = 4;

/// Plain CSV for programs, or the variant French spreadsheets open as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvFormat {
    /// UTF-8, `,`, decimal point.
    Standard,
    /// UTF-8 with a byte-order mark, `;`, decimal comma.
    Excel,
}

impl CsvFormat {
    pub fn from_query(format: Option<&str>) -> CsvFormat {
        match format {
            Some("excel") => CsvFormat::Excel,
            _ => CsvFormat::Standard,
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            CsvFormat::Standard => b',',
            CsvFormat::Excel => b';',
        }
    }

    /// An amount in euros, `12.50` or `12,50`.
    pub fn euros(self, cents: i64) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        let sep = match self {
            CsvFormat::Standard => '.',
            CsvFormat::Excel => ',',
        };
        format!("{sign}{}{sep}{:02}", abs / 100, abs % 100)
    }

    /// Text a person typed: a spreadsheet must not run it as a formula. In
    /// both formats (OWASP's CSV-injection rule), since a plain CSV file is
    /// opened in a spreadsheet as often as read by a program: a cell starting
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
    fn text(self, value: &str) -> String {
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{value}")
        } else {
            value.to_owned()
        }
    }

    fn writer(self) -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new()
            .delimiter(self.delimiter())
            .from_writer(Vec::with_capacity(64 * 1024))
    }

    /// The first chunk: the byte-order mark (Excel) and the header row.
    fn header(self, columns: &[&str]) -> anyhow::Result<Vec<u8>> {
        let mut out = self.writer();
        out.write_record(columns)?;
        let mut bytes = Vec::new();
        if self == CsvFormat::Excel {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend(out.into_inner().map_err(|e| e.into_error())?);
        Ok(bytes)
    }
}

/// `[1 January, next 1 January)` of `year`, Paris time.
pub fn year_range(year: i32) -> (OffsetDateTime, OffsetDateTime) {
    (
        super::paris_year_start(year),
        super::paris_year_start(year + 1),
    )
}

fn iso_date(at: OffsetDateTime) -> String {
    let d = in_paris(at).date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn iso_day(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A stream of chunks: `next` turns a cursor into the next chunk and cursor, or
/// `None` at the end.
fn chunks<C, F, Fut>(start: C, next: F) -> impl Stream<Item = anyhow::Result<Vec<u8>>> + Send
where
    C: Send,
    F: FnMut(C) -> Fut + Send,
    Fut: Future<Output = anyhow::Result<Option<(Vec<u8>, C)>>> + Send,
{
    stream::try_unfold((start, next), |(cursor, mut next)| async move {
        Ok(next(cursor).await?.map(|(bytes, c)| (bytes, (c, next))))
    })
}

/// Where a donations export is in its pages.
enum Cursor<T> {
    Header,
    After(T),
    Done,
}

/// A CSV export read page by page: the header row, then the rows `fetch`
/// returns after the `key` of the last one written, until a short page.
/// `rows` counts the rows written (for a progress bar).
fn csv_pages<R, K, F, Fut>(
    format: CsvFormat,
    columns: &'static [&'static str],
    first: K,
    fetch: F,
    key: fn(&R) -> K,
    record: fn(&R, CsvFormat) -> Vec<String>,
    rows: Arc<AtomicU64>,
) -> impl Stream<Item = anyhow::Result<Vec<u8>>> + Send
where
    R: Send,
    K: Clone + Send,
    F: Fn(K) -> Fut + Send,
    Fut: Future<Output = crate::store::StoreResult<Vec<R>>> + Send,
{
    chunks(Cursor::Header, move |cursor| {
        let rows = rows.clone();
        let first = first.clone();
        let header = matches!(cursor, Cursor::Header);
        let page = match cursor {
            Cursor::After(after) => Some(fetch(after)),
            Cursor::Header | Cursor::Done => None,
        };
        async move {
            let Some(page) = page else {
                return if header {
                    Ok(Some((format.header(columns)?, Cursor::After(first))))
                } else {
                    Ok(None)
                };
            };
            let page = page.await?;
            let Some(last) = page.last() else {
                return Ok(None);
            };
            let next = if (page.len() as i64) < PAGE {
                Cursor::Done
            } else {
                Cursor::After(key(last))
            };
            let mut out = format.writer();
            for row in &page {
                out.write_record(record(row, format))?;
            }
            rows.fetch_add(page.len() as u64, Ordering::Relaxed);
            Ok(Some((out.into_inner().map_err(|e| e.into_error())?, next)))
        }
    })
}

pub const DONATION_COLUMNS: [&str; 30] = [
    "id",
    "received_on",
    "received_at",
    "campaign",
    "frequency",
    "status",
    "method",
    "provider",
    "provider_ref",
    "offline_detail",
    "amount_cents",
    "amount_eur",
    "refunded_cents",
    "refunded_eur",
    "net_cents",
    "net_eur",
    "refunded_at",
    "donor_first_name",
    "donor_last_name",
    "donor_email",
    "donor_postal_code",
    "donor_city",
    "donor_country",
    "wants_receipt",
    "receipt_number",
    "created_at",
    "donor_kind",
    "company_name",
    "company_legal_form",
    "company_siren",
];

fn donation_record(d: &DonationRow, f: CsvFormat) -> Vec<String> {
    let net = d.amount_cents - d.refunded_cents;
    let mut record = vec![
        d.public_id.clone(),
        d.confirmed_at.map(iso_date).unwrap_or_default(),
        d.confirmed_at.map(rfc3339).unwrap_or_default(),
        d.campaign_slug.clone(),
        d.frequency.clone(),
        d.status.to_string(),
        d.method.clone().unwrap_or_default(),
        d.provider.to_string(),
        f.text(d.provider_ref.as_deref().unwrap_or_default()),
        f.text(d.offline_detail.as_deref().unwrap_or_default()),
        d.amount_cents.to_string(),
        f.euros(d.amount_cents),
        d.refunded_cents.to_string(),
        f.euros(d.refunded_cents),
        net.to_string(),
        f.euros(net),
        d.refunded_at.map(rfc3339).unwrap_or_default(),
        f.text(&d.donor_first_name),
        f.text(&d.donor_last_name),
        f.text(crate::store::shown_email(&d.donor_email)),
        f.text(&d.donor_postal_code),
        f.text(&d.donor_city),
        d.donor_country.clone(),
        if d.wants_receipt { "yes" } else { "no" }.to_owned(),
        d.receipt_number.clone().unwrap_or_default(),
        rfc3339(d.created_at),
    ];
    record.extend(company_columns(d.company().as_ref(), f));
    record
}

/// `donor_kind`, then the company's name, legal form and SIREN (blank for a
/// person).
fn company_columns(
    company: Option<&crate::domain::donation::Company>,
    f: CsvFormat,
) -> [String; 4] {
    let kind = crate::domain::donation::DonorKind::of(company)
        .as_str()
        .to_owned();
    match company {
        Some(c) => [
            kind,
            f.text(&c.name),
            f.text(&c.legal_form),
            c.siren.clone(),
        ],
        None => [kind, String::new(), String::new(), String::new()],
    }
}

/// The gifts `filter` selects, oldest first, as CSV. `rows` counts the gifts
/// written (for a progress bar).
pub fn donations_csv(
    store: Arc<dyn Store>,
    filter: DonationFilter,
    format: CsvFormat,
    rows: Arc<AtomicU64>,
) -> impl Stream<Item = anyhow::Result<Vec<u8>>> + Send {
    let fetch = move |after| {
        let store = store.clone();
        let filter = filter.clone();
        async move { store.donations_after(&filter, after, PAGE).await }
    };
    let key = |d: &DonationRow| Some((d.date(), d.id));
    csv_pages(
        format,
        &DONATION_COLUMNS,
        None,
        fetch,
        key,
        donation_record,
        rows,
    )
}

/// The gifts year `year`'s books hold, as CSV: those received in the year
/// (as booked: a gift recorded after its year was closed counts in the year
/// it was booked in) with what was given back in the year, and those of
/// earlier years given back in the year (amount 0): its net is the journal's
/// for the gifts account. `filter` narrows (campaign, method…); its dates are
/// not used. Book what is pending before (`journal::book_pending`).
pub fn books_year_csv(
    store: Arc<dyn Store>,
    year: i32,
    filter: DonationFilter,
    format: CsvFormat,
    rows: Arc<AtomicU64>,
) -> impl Stream<Item = anyhow::Result<Vec<u8>>> + Send {
    let fetch = move |after: Option<i64>| {
        let store = store.clone();
        let filter = filter.clone();
        async move {
            store
                .books_year_gifts(year, &filter, after.unwrap_or(0), PAGE)
                .await
        }
    };
    let key = |d: &DonationRow| Some(d.id);
    csv_pages(
        format,
        &DONATION_COLUMNS,
        None,
        fetch,
        key,
        donation_record,
        rows,
    )
}

pub const RECEIPT_COLUMNS: [&str; 26] = [
    "number",
    "status",
    "kind",
    "issued_on",
    "gift_date",
    "period_start",
    "period_end",
    "amount_cents",
    "amount_eur",
    "payment_method",
    "donor_first_name",
    "donor_last_name",
    "donor_postal_code",
    "donor_city",
    "replaces",
    "replaced_by",
    "cancelled_on",
    "cancel_reason",
    "donation",
    "issued_at",
    "year",
    "model",
    "donor_kind",
    "company_name",
    "company_legal_form",
    "company_siren",
];

fn receipt_record(r: &RegisterRow, f: CsvFormat) -> Vec<String> {
    let mut record = vec![
        r.number.clone(),
        r.status.to_string(),
        r.kind.to_string(),
        iso_date(r.issued_at),
        r.gift_date.map(iso_day).unwrap_or_default(),
        r.period_start.map(iso_day).unwrap_or_default(),
        r.period_end.map(iso_day).unwrap_or_default(),
        r.amount_cents.to_string(),
        f.euros(r.amount_cents),
        r.payment_method.clone(),
        f.text(&r.donor_first_name),
        f.text(&r.donor_last_name),
        f.text(&r.donor_postal_code),
        f.text(&r.donor_city),
        r.replaces.clone().unwrap_or_default(),
        r.replaced_by.clone().unwrap_or_default(),
        r.cancelled_at.map(iso_date).unwrap_or_default(),
        f.text(r.cancel_reason.as_deref().unwrap_or_default()),
        r.donation_public_id.clone().unwrap_or_default(),
        rfc3339(r.issued_at),
        r.year.to_string(),
        r.cerfa_revision.clone(),
    ];
    record.extend(company_columns(r.company().as_ref(), f));
    record
}

/// The receipts numbered in `year`, in number order, cancelled ones included
/// (the register), as CSV.
pub fn receipts_csv(
    store: Arc<dyn Store>,
    year: i32,
    format: CsvFormat,
    rows: Arc<AtomicU64>,
) -> impl Stream<Item = anyhow::Result<Vec<u8>>> + Send {
    let fetch = move |after| {
        let store = store.clone();
        async move { store.receipt_register(year, after, PAGE).await }
    };
    let key = |r: &RegisterRow| r.seq;
    csv_pages(
        format,
        &RECEIPT_COLUMNS,
        0,
        fetch,
        key,
        receipt_record,
        rows,
    )
}

/// The article 222 bis figures of `year` as CSV: receipts issued and their
/// total (cancelled ones excluded).
pub fn declaration_csv(
    year: i32,
    figures: &crate::store::ReceiptFigures,
    format: CsvFormat,
) -> anyhow::Result<Vec<u8>> {
    let mut bytes = format.header(&[
        "year",
        "receipts",
        "amount_cents",
        "amount_eur",
        "individuals_receipts",
        "individuals_amount_cents",
        "companies_receipts",
        "companies_amount_cents",
    ])?;
    let mut out = format.writer();
    out.write_record([
        year.to_string(),
        figures.count().to_string(),
        figures.cents().to_string(),
        format.euros(figures.cents()),
        figures.individuals.0.to_string(),
        figures.individuals.1.to_string(),
        figures.companies.0.to_string(),
        figures.companies.1.to_string(),
    ])?;
    bytes.extend(out.into_inner().map_err(|e| e.into_error())?);
    Ok(bytes)
}

/// The accounts the journal posts gifts to, from the plan comptable des
/// associations; the organisation may change them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accounts {
    /// Journal code.
    pub journal: String,
    /// Gifts received (754 « Ressources liées à la générosité du public »).
    pub gifts: String,
    /// Bank, for cheques and transfers (512).
    pub bank: String,
    /// Cash (530).
    pub cash: String,
    /// The payment provider's clearing account, until it pays out (467).
    pub clearing: String,
}

impl Default for Accounts {
    fn default() -> Self {
        Accounts {
            journal: "DON".to_owned(),
            gifts: "754".to_owned(),
            bank: "512".to_owned(),
            cash: "530".to_owned(),
            clearing: "467".to_owned(),
        }
    }
}

impl Accounts {
    /// `(setting key, French label)` of each field, in form order.
    pub const FIELDS: [(&'static str, &'static str); 5] = [
        ("journal", "Code du journal"),
        ("gifts", "Compte des dons"),
        ("bank", "Compte bancaire (chèques, virements)"),
        ("cash", "Compte de caisse (espèces)"),
        (
            "clearing",
            "Compte d'attente du prestataire de paiement (carte, prélèvement)",
        ),
    ];

    pub fn get(&self, field: &str) -> &str {
        match field {
            "journal" => &self.journal,
            "gifts" => &self.gifts,
            "bank" => &self.bank,
            "cash" => &self.cash,
            _ => &self.clearing,
        }
    }

    fn slot(&mut self, field: &str) -> &mut String {
        match field {
            "journal" => &mut self.journal,
            "gifts" => &mut self.gifts,
            "bank" => &mut self.bank,
            "cash" => &mut self.cash,
            _ => &mut self.clearing,
        }
    }

    pub async fn load(store: &dyn Store) -> anyhow::Result<Accounts> {
        let mut accounts = Accounts::default();
        for (field, _) in Self::FIELDS {
            if let Some(value) = store.setting(&format!("journal.{field}")).await? {
                *accounts.slot(field) = value;
            }
        }
        Ok(accounts)
    }

    pub async fn save(&self, store: &dyn Store) -> anyhow::Result<()> {
        for (field, _) in Self::FIELDS {
            store
                .set_setting(&format!("journal.{field}"), self.get(field))
                .await?;
        }
        Ok(())
    }

    /// Checks typed values: a journal code of 1 to 8 letters or digits, account
    /// numbers of 3 to 20 digits or capital letters. Errors by field, in French.
    pub fn validate(values: &[(String, String)]) -> Result<Accounts, Vec<(&'static str, String)>> {
        let mut accounts = Accounts::default();
        let mut errors = Vec::new();
        for (field, _) in Self::FIELDS {
            let value = values
                .iter()
                .find(|(k, _)| k == field)
                .map(|(_, v)| v.trim().to_uppercase())
                .unwrap_or_default();
            let (min, max) = if field == "journal" { (1, 8) } else { (3, 20) };
            let ok = (min..=max).contains(&value.chars().count())
                && value
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                && (field == "journal" || value.starts_with(|c: char| c.is_ascii_digit()));
            if ok {
                *accounts.slot(field) = value;
            } else if field == "journal" {
                errors.push((field, "Un code de 1 à 8 lettres ou chiffres.".to_owned()));
            } else {
                errors.push((
                    field,
                    "Un numéro de compte de 3 à 20 caractères, commençant par un chiffre."
                        .to_owned(),
                ));
            }
        }
        if errors.is_empty() {
            Ok(accounts)
        } else {
            Err(errors)
        }
    }
}

/// The columns of the FEC (article A. 47 A-1 of the Livre des procédures
/// fiscales), in their order.
pub const FEC_COLUMNS: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
];

/// Sends what the ZIP writer writes down a channel, in chunks.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<std::io::Result<Vec<u8>>>,
    buffer: Vec<u8>,
}

const ZIP_CHUNK: usize = 256 * 1024;

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(ZIP_CHUNK));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "reader gone"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= ZIP_CHUNK {
            self.send()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The PDFs of the valid receipts numbered in `year`, named by number, in one
/// ZIP. PDFs are rendered a few at a time and written as they come; `done`
/// counts them.
pub fn receipts_zip(
    store: Arc<dyn Store>,
    secret: Arc<Secret>,
    base_url: Arc<str>,
    year: i32,
    done: Arc<AtomicU64>,
) -> impl Stream<Item = std::io::Result<Vec<u8>>> + Send {
    let (bytes_tx, mut bytes_rx) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(4);
    // `Err` tells the writer the export failed: the reader must get an error,
    // never a well-formed ZIP that lacks receipts.
    let (pdf_tx, mut pdf_rx) =
        tokio::sync::mpsc::channel::<Result<(String, Vec<u8>), String>>(RENDERING_AHEAD);
    // The writer: a blocking thread that owns the ZIP.
    let errors = bytes_tx.clone();
    tokio::task::spawn_blocking(move || {
        let mut zip = zip::ZipWriter::new_stream(ChannelWriter {
            tx: bytes_tx,
            buffer: Vec::with_capacity(ZIP_CHUNK),
        });
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        let written = (|| -> zip::result::ZipResult<()> {
            while let Some(file) = pdf_rx.blocking_recv() {
                let (name, pdf) = file.map_err(std::io::Error::other)?;
                zip.start_file(name, options)?;
                zip.write_all(&pdf)?;
            }
            zip.finish()?.flush()?;
            Ok(())
        })();
        if let Err(err) = written {
            let _ = errors.blocking_send(Err(std::io::Error::other(err)));
        }
    });
    // The reader: receipts page by page, rendered a few at a time, in order.
    tokio::spawn(async move {
        let mut after = 0;
        loop {
            let page = match store.valid_receipts_of_year(year, after, PAGE).await {
                Ok(page) => page,
                Err(err) => {
                    tracing::error!(error = %err, year, "receipts ZIP failed");
                    let _ = pdf_tx.send(Err(err.to_string())).await;
                    return;
                }
            };
            let more = page.len() as i64 == PAGE;
            after = page.last().map_or(after, |r| r.seq);
            let renders = page.into_iter().map(|receipt| {
                render_one(store.clone(), secret.clone(), base_url.clone(), receipt)
            });
            let mut rendered = stream::iter(renders).buffered(RENDERING_AHEAD);
            while let Some(item) = rendered.next().await {
                match item {
                    Ok(file) => {
                        if pdf_tx.send(Ok(file)).await.is_err() {
                            return;
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(err) => {
                        tracing::error!(error = %format!("{err:#}"), year, "receipts ZIP failed");
                        let _ = pdf_tx.send(Err(format!("{err:#}"))).await;
                        return;
                    }
                }
            }
            if !more {
                return;
            }
        }
    });
    stream::poll_fn(move |cx| bytes_rx.poll_recv(cx))
}

/// One receipt's PDF and its name in the ZIP.
async fn render_one(
    store: Arc<dyn Store>,
    secret: Arc<Secret>,
    base_url: Arc<str>,
    receipt: Receipt,
) -> anyhow::Result<(String, Vec<u8>)> {
    let pdf = super::render(&*store, &secret, &base_url, &receipt).await?;
    Ok((format!("{}.pdf", receipt.number), pdf))
}

/// Missing receipt numbers of a year: every number from 1 to the counter's
/// last must be used once. Ranges `(first, last)` of missing numbers.
pub fn gaps(used: &[i64], last: i64) -> Vec<(i64, i64)> {
    let mut gaps = Vec::new();
    let mut expected = 1;
    for &seq in used {
        if seq > expected {
            gaps.push((expected, seq - 1));
        }
        expected = expected.max(seq + 1);
    }
    if last >= expected {
        gaps.push((expected, last));
    }
    gaps
}

/// Numbers used twice (the unique index makes it impossible; the report checks).
pub fn repeats(used: &[i64]) -> Vec<i64> {
    used.windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_the_numbers_the_counter_gave_but_no_receipt_holds() {
        assert_eq!(gaps(&[], 0), vec![]);
        assert_eq!(gaps(&[1, 2, 3], 3), vec![]);
        assert_eq!(gaps(&[1, 2, 5, 6, 9], 9), vec![(3, 4), (7, 8)]);
        assert_eq!(gaps(&[2, 3], 5), vec![(1, 1), (4, 5)]);
        assert_eq!(repeats(&[1, 2, 2, 3]), vec![2]);
    }

    #[test]
    fn amounts_in_euros_follow_the_format() {
        assert_eq!(CsvFormat::Standard.euros(123_456), "1234.56");
        assert_eq!(CsvFormat::Excel.euros(5), "0,05");
        assert_eq!(CsvFormat::Excel.euros(-1250), "-12,50");
    }

    #[test]
    fn spreadsheets_never_see_a_typed_formula() {
        assert_eq!(
            CsvFormat::Excel.text("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(CsvFormat::Excel.text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(CsvFormat::Excel.text("Élise"), "Élise");
        for format in [CsvFormat::Standard, CsvFormat::Excel] {
            for formula in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"] {
                assert_eq!(format.text(formula), format!("'{formula}"));
            }
            assert_eq!(format.text("Jean-Pierre"), "Jean-Pierre");
        }
    }

    #[test]
    fn account_numbers_are_checked() {
        let values = |gifts: &str| {
            Accounts::FIELDS
                .iter()
                .map(|(f, _)| {
                    let v = if *f == "gifts" {
                        gifts
                    } else {
                        Accounts::default().get(f).to_owned().leak()
                    };
                    ((*f).to_owned(), v.to_owned())
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            Accounts::validate(&values("7541")).map(|a| a.gifts),
            Ok("7541".to_owned())
        );
        let errors = Accounts::validate(&values("75 4")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "gifts");
        assert!(Accounts::validate(&values("")).is_err());
        assert!(Accounts::validate(&values("ABC")).is_err());
    }
}
