//! The year-end reminder: in December, gifts still count for this year's income
//! tax until midnight, Paris time, on 31 December.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Paris is on CET (UTC+1) all through December: no daylight saving change
/// happens between 1 December and 1 January.
const PARIS_WINTER: UtcOffset = match UtcOffset::from_hms(1, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// During December (Paris time): the days left, any started day counting, and the
/// tax year the gift counts for. Outside December: `None`.
pub fn year_end(now: OffsetDateTime) -> Option<(i64, i32)> {
    let paris = now.to_offset(PARIS_WINTER);
    if paris.month() != Month::December {
        return None;
    }
    let year = paris.year();
    let next_new_year = Date::from_calendar_date(year + 1, Month::January, 1).ok()?;
    let deadline =
        PrimitiveDateTime::new(next_new_year, Time::MIDNIGHT).assume_offset(PARIS_WINTER);
    let seconds = (deadline - now).whole_seconds();
    if seconds <= 0 {
        return None;
    }
    Some(((seconds + 86_399) / 86_400, year))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn counts_down_to_midnight_in_paris() {
        assert_eq!(year_end(datetime!(2026-11-26 12:00 UTC)), None);
        // 30 November 23:00 UTC is 1 December 00:00 in Paris.
        assert_eq!(year_end(datetime!(2026-11-30 22:59 UTC)), None);
        assert_eq!(year_end(datetime!(2026-11-30 23:00 UTC)), Some((31, 2026)));
        assert_eq!(year_end(datetime!(2026-12-26 12:00 UTC)), Some((6, 2026)));
        assert_eq!(year_end(datetime!(2026-12-31 12:00 UTC)), Some((1, 2026)));
        assert_eq!(
            year_end(datetime!(2026-12-31 22:59:59 UTC)),
            Some((1, 2026))
        );
        // 31 December 23:00 UTC is midnight in Paris: too late.
        assert_eq!(year_end(datetime!(2026-12-31 23:00 UTC)), None);
        assert_eq!(year_end(datetime!(2027-01-15 12:00 UTC)), None);
    }
}
