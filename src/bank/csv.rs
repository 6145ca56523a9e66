//! Bank statements as CSV, the other export every French bank offers: no
//! standard, so each bank's columns are named once by finance staff
//! ([`CsvFormat`], saved under the bank's name) and read by the `csv` crate.
//!
//! A CSV line has no reference from the bank most of the time: its key is a
//! digest of what it says and its rank among the lines saying the same, so
//! that the same statement (or two overlapping ones) imported twice gives
//! each line once.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;

use super::{Statement, StatementLine};
use crate::domain::money::Cents;

/// How one bank's CSV statements read: the separator, and each column by
/// its header's name (accents and case do not matter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvFormat {
    /// `;` (the French default), `,` or `\t`.
    pub delimiter: String,
    pub date_column: String,
    /// `jma` (31/12/2026) or `amj` (2026-12-31).
    pub date_order: String,
    /// A signed amount; or empty, with `credit_column` (and `debit_column`).
    pub amount_column: String,
    pub credit_column: String,
    pub debit_column: String,
    /// The words of the line (« libellé »).
    pub label_column: String,
    /// Optional: who paid, when the bank gives it apart.
    pub counterparty_column: String,
    /// Optional: the bank's own reference for the line.
    pub reference_column: String,
}

/// What is wrong with a format or a file, and beside which field to say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// The form's field: `statement`, `date_column`, `amount_column`, …
    pub field: &'static str,
    pub message: String,
}

fn error(field: &'static str, message: impl Into<String>) -> CsvError {
    CsvError {
        field,
        message: message.into(),
    }
}

impl CsvFormat {
    /// The faults of the format itself, each beside its field.
    pub fn check(&self) -> Vec<CsvError> {
        let mut errors = Vec::new();
        if !matches!(self.delimiter.as_str(), ";" | "," | "\t") {
            errors.push(error(
                "delimiter",
                crate::i18n::fr("staff-csv-choisissez-separateur-colonnes"),
            ));
        }
        if self.date_column.trim().is_empty() {
            errors.push(error(
                "date_column",
                crate::i18n::fr("staff-csv-indiquez-nom-colonne-date"),
            ));
        }
        if !matches!(self.date_order.as_str(), "jma" | "amj") {
            errors.push(error(
                "date_order",
                crate::i18n::fr("staff-csv-choisissez-ordre-date"),
            ));
        }
        if self.amount_column.trim().is_empty() && self.credit_column.trim().is_empty() {
            errors.push(error(
                "amount_column",
                crate::i18n::fr("staff-csv-indiquez-colonne-montant-ou-celle"),
            ));
        }
        if self.label_column.trim().is_empty() {
            errors.push(error(
                "label_column",
                crate::i18n::fr("staff-csv-indiquez-nom-colonne-libelle"),
            ));
        }
        errors
    }
}

/// A header's name as compared: no accents, no case, single spaces.
fn folded(name: &str) -> String {
    deunicode::deunicode(name)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `1 234,56`, `-12,50`, `+30.00`, `1.234,56 €`: banks' ways of writing euros.
pub fn parse_amount(text: &str) -> Option<Cents> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{202f}' && *c != '\u{a0}')
        .collect();
    if compact.is_empty() {
        return None;
    }
    let (negative, digits) = match compact.as_bytes()[0] {
        b'-' => (true, &compact[1..]),
        b'+' => (false, &compact[1..]),
        _ => (false, compact.as_str()),
    };
    // With a comma, it is the decimal mark and dots group thousands.
    let normal = if digits.contains(',') {
        digits.replace('.', "").replace(',', ".")
    } else {
        digits.to_owned()
    };
    let (euros, fraction) = normal.split_once('.').unwrap_or((&normal, ""));
    if euros.is_empty()
        || !euros.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 2
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    let total = euros
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)?;
    Some(Cents::new(if negative { -total } else { total }))
}

/// `31/12/2026` (also with `-` or `.`, and two-digit years) or `2026-12-31`.
pub fn parse_date(text: &str, order: &str) -> Option<Date> {
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (day, month, year) = match order {
        "amj" => (*c, *b, *a),
        _ => (*a, *b, *c),
    };
    let c = |s: &str| s.trim().parse::<i32>().ok();
    let year = match (c(year)?, year.trim().len()) {
        (y, 2) => 2000 + y,
        (y, 4) => y,
        _ => return None,
    };
    let month = time::Month::try_from(u8::try_from(c(month)?).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(c(day)?).ok()?).ok()
}

/// The file's text: UTF-8 (without its byte order mark), or the Windows
/// code page French banks still export in.
fn text_of(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Reads a CSV statement of bank `bank` with `format`.
pub fn parse_csv(bytes: &[u8], bank: &str, format: &CsvFormat) -> Result<Statement, CsvError> {
    let text = text_of(bytes);
    let delimiter = format.delimiter.bytes().next().unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> =
        reader.records().collect::<Result<_, _>>().map_err(|e| {
            error(
                "statement",
                crate::i18n::fr_with(
                    "staff-csv-ce-fichier-est-pas-csv",
                    &[("error", &(e) as &(dyn std::fmt::Display + Sync))],
                ),
            )
        })?;
    let wanted = |name: &str| (!name.trim().is_empty()).then(|| folded(name));
    let (date_name, label_name) = (wanted(&format.date_column), wanted(&format.label_column));
    // Banks write a few lines (account, period) before the header: the header
    // is the first row naming both the date and the label columns.
    let Some(header_at) = records.iter().position(|r| {
        let names: Vec<String> = r.iter().map(folded).collect();
        date_name.as_ref().is_some_and(|n| names.contains(n))
            && label_name.as_ref().is_some_and(|n| names.contains(n))
    }) else {
        let first = records
            .iter()
            .find(|r| r.len() > 1)
            .map(|r| r.iter().map(str::trim).collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        return Err(error(
            "date_column",
            crate::i18n::fr_with(
                "staff-csv-aucune-ligne-fichier-ne-nomme",
                &[
                    (
                        "date",
                        &(format.date_column.trim()) as &(dyn std::fmt::Display + Sync),
                    ),
                    (
                        "label",
                        &(format.label_column.trim()) as &(dyn std::fmt::Display + Sync),
                    ),
                    (
                        "char",
                        &(if delimiter == b'\t' {
                            "tabulation".to_owned()
                        } else {
                            (delimiter as char).to_string()
                        }) as &(dyn std::fmt::Display + Sync),
                    ),
                    ("first", &(first) as &(dyn std::fmt::Display + Sync)),
                ],
            ),
        ));
    };
    let names: Vec<String> = records[header_at].iter().map(folded).collect();
    let column = |field: &'static str, name: &str| -> Result<Option<usize>, CsvError> {
        let Some(name) = wanted(name) else {
            return Ok(None);
        };
        names
            .iter()
            .position(|n| *n == name)
            .map(Some)
            .ok_or_else(|| {
                error(
                    field,
                    crate::i18n::fr_with(
                        "staff-csv-aucune-colonne-name-dans-fichier",
                        &[
                            ("name", &(name) as &(dyn std::fmt::Display + Sync)),
                            (
                                "columns",
                                &(records[header_at]
                                    .iter()
                                    .map(str::trim)
                                    .collect::<Vec<_>>()
                                    .join(", "))
                                    as &(dyn std::fmt::Display + Sync),
                            ),
                        ],
                    ),
                )
            })
    };
    let date_col = column("date_column", &format.date_column)?.unwrap_or(0);
    let label_col = column("label_column", &format.label_column)?.unwrap_or(0);
    let amount_col = column("amount_column", &format.amount_column)?;
    let credit_col = column("credit_column", &format.credit_column)?;
    let debit_col = column("debit_column", &format.debit_column)?;
    let party_col = column("counterparty_column", &format.counterparty_column)?;
    let ref_col = column("reference_column", &format.reference_column)?;

    let mut lines = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (at, record) in records.iter().enumerate().skip(header_at + 1) {
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).unwrap_or("");
        let date_text = cell(Some(date_col));
        // Totals and blank lines after the movements have no date.
        let Some(booked_on) = parse_date(date_text, &format.date_order) else {
            if date_text.is_empty() || !date_text.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            return Err(error(
                "date_order",
                crate::i18n::fr_with(
                    "staff-csv-ligne-at-date-illisible-date",
                    &[
                        ("at", &(at + 1) as &(dyn std::fmt::Display + Sync)),
                        ("date-text", &(date_text) as &(dyn std::fmt::Display + Sync)),
                    ],
                ),
            ));
        };
        let unreadable = |text: &str| {
            error(
                "statement",
                crate::i18n::fr_with(
                    "staff-csv-ligne-at-montant-illisible-text",
                    &[
                        ("at", &(at + 1) as &(dyn std::fmt::Display + Sync)),
                        ("text", &(text) as &(dyn std::fmt::Display + Sync)),
                    ],
                ),
            )
        };
        let amount = if amount_col.is_some() {
            let text = cell(amount_col);
            parse_amount(text).ok_or_else(|| unreadable(text))?
        } else {
            let (credit, debit) = (cell(credit_col), cell(debit_col));
            match (credit.is_empty(), debit.is_empty()) {
                (false, _) => parse_amount(credit).ok_or_else(|| unreadable(credit))?,
                (true, false) => {
                    let out = parse_amount(debit).ok_or_else(|| unreadable(debit))?;
                    Cents::new(-out.get().abs())
                }
                (true, true) => continue,
            }
        };
        if amount.get() == 0 {
            continue;
        }
        let text = cell(Some(label_col)).to_owned();
        let counterparty = cell(party_col).to_owned();
        let key = match cell(ref_col) {
            "" => {
                let said = format!("{booked_on}|{}|{text}|{counterparty}", amount.get());
                let rank = seen.entry(said.clone()).or_insert(0);
                *rank += 1;
                let digest = Sha256::digest(format!("{}|{said}", folded(bank)).as_bytes());
                format!("csv:{}:{rank}", hex::encode(&digest[..12]))
            }
            reference => format!("csv:{}:{reference}", folded(bank)),
        };
        lines.push(StatementLine {
            key,
            booked_on,
            amount,
            cheques: super::says_cheques(&text),
            counterparty,
            text,
        });
    }
    if lines.is_empty() {
        return Err(error(
            "statement",
            crate::i18n::fr("staff-csv-ce-releve-ne-contient-aucune"),
        ));
    }
    let first = lines.iter().map(|l| l.booked_on).min();
    let last = lines.iter().map(|l| l.booked_on).max();
    Ok(Statement {
        id: match (first, last) {
            (Some(first), Some(last)) => crate::i18n::fr_with(
                "staff-csv-trim-first-last",
                &[
                    ("bank", &(bank.trim()) as &(dyn std::fmt::Display + Sync)),
                    ("first", &(first) as &(dyn std::fmt::Display + Sync)),
                    ("last", &(last) as &(dyn std::fmt::Display + Sync)),
                ],
            ),
            _ => bank.trim().to_owned(),
        },
        iban: String::new(),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const SAMPLE: &[u8] = include_bytes!("../../tests/fixtures/releve-banque.csv");

    fn format() -> CsvFormat {
        CsvFormat {
            delimiter: ";".to_owned(),
            date_column: "Date opération".to_owned(),
            date_order: "jma".to_owned(),
            amount_column: String::new(),
            credit_column: "Crédit".to_owned(),
            debit_column: "Débit".to_owned(),
            label_column: "Libellé".to_owned(),
            counterparty_column: String::new(),
            reference_column: String::new(),
        }
    }

    #[test]
    fn a_bank_s_csv_reads_with_its_columns_named_once() {
        let s = parse_csv(SAMPLE, "Banque Exemple", &format()).unwrap();
        let amounts: Vec<i64> = s.lines.iter().map(|l| l.amount.get()).collect();
        assert_eq!(amounts, [4_000, -890, 123_456, 2_500, 2_500, 6_000]);
        assert_eq!(s.lines[0].booked_on, date!(2026 - 11 - 25));
        assert!(s.lines[0].text.contains("DON-"), "{}", s.lines[0].text);
        assert!(s.lines[2].cheques, "a cheque deposit");
        // Two lines saying the same thing are two lines.
        assert_ne!(s.lines[3].key, s.lines[4].key);
        // The Windows code page is read (« Prélèvement », « Frais »).
        assert!(
            s.lines[1].text.contains("Prélèvement"),
            "{}",
            s.lines[1].text
        );
        assert_eq!(s.id, "Banque Exemple du 2026-11-25 au 2026-11-30");
        // The same file gives the same keys.
        let again = parse_csv(SAMPLE, "Banque Exemple", &format()).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn a_wrong_column_or_separator_is_said_beside_its_field() {
        let mut wrong = format();
        wrong.credit_column = "Montant crédit".to_owned();
        assert_eq!(
            parse_csv(SAMPLE, "B", &wrong).unwrap_err().field,
            "credit_column"
        );
        let mut comma = format();
        comma.delimiter = ",".to_owned();
        assert_eq!(
            parse_csv(SAMPLE, "B", &comma).unwrap_err().field,
            "date_column"
        );
        let empty = CsvFormat::default();
        let fields: Vec<&str> = empty.check().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "delimiter",
                "date_column",
                "date_order",
                "amount_column",
                "label_column"
            ]
        );
        assert!(format().check().is_empty());
    }

    #[test]
    fn amounts_and_dates_the_ways_banks_write_them() {
        for (text, cents) in [
            ("1 234,56", 123_456),
            ("-12,50", -1_250),
            ("+30.00", 3_000),
            ("1.234,56 €", 123_456),
            ("1\u{202f}000", 100_000),
            ("7,5", 750),
        ] {
            assert_eq!(parse_amount(text), Some(Cents::new(cents)), "{text}");
        }
        for bad in ["", "abc", "12,345", "1-2"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
        assert_eq!(parse_date("31/12/2026", "jma"), Some(date!(2026 - 12 - 31)));
        assert_eq!(parse_date("01.02.26", "jma"), Some(date!(2026 - 02 - 01)));
        assert_eq!(parse_date("2026-12-31", "amj"), Some(date!(2026 - 12 - 31)));
        assert_eq!(parse_date("31/02/2026", "jma"), None);
    }
}
