//! The accounting journal's rules (RECEIPTS.md, « Accounting journal »): where
//! an entry is dated, what its text may hold, the characters of the file.

use time::Date;

use super::dates::french_date;

/// Where an entry for money that moved on `moved_on`, booked on `booked_on`,
/// is dated: that day; or, that day's year being closed, the booking day (in
/// the open period), the entry's label then saying the real date.
pub fn entry_date(moved_on: Date, booked_on: Date, closed: &[i32]) -> (Date, Option<String>) {
    if closed.contains(&moved_on.year()) && moved_on < booked_on {
        (booked_on, Some(format!("du {}", french_date(moved_on))))
    } else {
        (moved_on, None)
    }
}

/// FEC text: one field (no separator, line break or quote), trimmed.
pub fn fec_text(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '|' | '\t' | '\r' | '\n' | '"' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `YYYYMMDD`, as the FEC writes dates.
pub fn fec_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `text` in ISO 8859-15, as the FEC asks (UTF-8 is not among the encodings
/// article A47 A-1 allows): each character the charset has is kept; any other
/// is written as its nearest ASCII (« Łódź » → « Lodz », « ’ » → « ' »), never
/// dropped; one with no ASCII likeness becomes « ? ».
pub fn iso_8859_15(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut buffer = [0u8; 4];
    for c in text.chars() {
        let (bytes, _, unmappable) = encoding_rs::ISO_8859_15.encode(c.encode_utf8(&mut buffer));
        if !unmappable {
            out.extend_from_slice(&bytes);
            continue;
        }
        let ascii = deunicode::deunicode_char(c).unwrap_or("?");
        let ascii = if ascii.is_empty() { "?" } else { ascii };
        out.extend(ascii.bytes().filter(u8::is_ascii));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month::{December, January};

    fn day(y: i32, m: time::Month, d: u8) -> Date {
        Date::from_calendar_date(y, m, d).unwrap()
    }

    #[test]
    fn money_recorded_after_its_year_closed_goes_to_the_open_period_saying_its_date() {
        let moved = day(2025, December, 30);
        let booked = day(2026, January, 12);
        assert_eq!(entry_date(moved, booked, &[]), (moved, None));
        assert_eq!(entry_date(moved, booked, &[2024]), (moved, None));
        assert_eq!(
            entry_date(moved, booked, &[2024, 2025]),
            (booked, Some("du 30 décembre 2025".to_owned()))
        );
    }

    #[test]
    fn fec_text_keeps_to_one_field() {
        assert_eq!(fec_text("a|b\n\"c\""), "a b c");
        assert_eq!(fec_text("  Don\u{7}  x "), "Don x");
        assert_eq!(fec_date(day(2025, January, 5)), "20250105");
    }

    #[test]
    fn the_file_is_iso_8859_15_with_what_it_lacks_transliterated() {
        // € is 0xA4 in ISO 8859-15; é, œ, Ÿ are in it.
        assert_eq!(iso_8859_15("é€œŸ"), vec![0xE9, 0xA4, 0xBD, 0xBE]);
        assert_eq!(iso_8859_15("Łódź"), b"L\xf3dz".to_vec());
        assert_eq!(iso_8859_15("l’été"), b"l'\xe9t\xe9".to_vec());
        assert_eq!(iso_8859_15("Zoë Ōtsuka"), b"Zo\xeb Otsuka".to_vec());
        assert!(!iso_8859_15("漢").is_empty());
    }
}
