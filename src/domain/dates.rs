//! Dates the French way.

use time::{Date, Month};

/// « 26 novembre 2026 », « 1er mai 2026 ».
pub fn french_date(date: Date) -> String {
    let month = match date.month() {
        Month::January => "janvier",
        Month::February => "février",
        Month::March => "mars",
        Month::April => "avril",
        Month::May => "mai",
        Month::June => "juin",
        Month::July => "juillet",
        Month::August => "août",
        Month::September => "septembre",
        Month::October => "octobre",
        Month::November => "novembre",
        Month::December => "décembre",
    };
    let day = match date.day() {
        1 => "1er".to_owned(),
        d => d.to_string(),
    };
    format!("{day} {month} {}", date.year())
}

#[cfg(test)]
mod tests {
    use super::french_date;
    use time::macros::date;

    #[test]
    fn dates_read_the_french_way() {
        assert_eq!(french_date(date!(2026 - 11 - 26)), "26 novembre 2026");
        assert_eq!(french_date(date!(2026 - 05 - 01)), "1er mai 2026");
        assert_eq!(french_date(date!(2027 - 02 - 14)), "14 février 2027");
    }
}
