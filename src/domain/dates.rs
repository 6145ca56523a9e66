//! Dates the French way.

use time::{Date, Month, OffsetDateTime, Time, UtcOffset, Weekday};

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

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: Month) -> Date {
    let mut day = Date::from_calendar_date(year, month, month.length(year)).unwrap_or(Date::MIN);
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().unwrap_or(Date::MIN);
    }
    day
}

/// Paris's offset from UTC at `at`: summer time (UTC+2) from the last Sunday of
/// March to the last Sunday of October, 01:00 UTC both times (EU rule), else UTC+1.
pub fn paris_offset(at: OffsetDateTime) -> UtcOffset {
    let utc = at.to_offset(UtcOffset::UTC);
    let change = Time::from_hms(1, 0, 0).unwrap_or(Time::MIDNIGHT);
    let starts = last_sunday(utc.year(), Month::March)
        .with_time(change)
        .assume_utc();
    let ends = last_sunday(utc.year(), Month::October)
        .with_time(change)
        .assume_utc();
    let hours = if utc >= starts && utc < ends { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The instant a day begins in Paris.
pub fn paris_midnight(date: Date) -> OffsetDateTime {
    let guess = date.midnight().assume_utc();
    guess - time::Duration::seconds(i64::from(paris_offset(guess).whole_seconds()))
}

/// `at`, in Paris time.
pub fn in_paris(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(paris_offset(at))
}

/// The next moment after `now` when it is `hour`:00 in Paris.
pub fn next_paris_hour(now: OffsetDateTime, hour: u8) -> OffsetDateTime {
    let Ok(time) = Time::from_hms(hour.min(23), 0, 0) else {
        return now;
    };
    let today = in_paris(now).date();
    // Today's, else tomorrow's (or the day after, across a daylight saving change).
    (0..3)
        .filter_map(|days| today.checked_add(time::Duration::days(days)))
        .map(|day| {
            let guess = day.with_time(time).assume_utc();
            // The offset of that local time: take the offset at the guess, then check.
            let offset = paris_offset(guess - time::Duration::hours(1));
            day.with_time(time)
                .assume_offset(offset)
                .to_offset(UtcOffset::UTC)
        })
        .find(|at| *at > now)
        .unwrap_or(now + time::Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::{french_date, in_paris, next_paris_hour};
    use time::macros::{date, datetime};

    #[test]
    fn dates_read_the_french_way() {
        assert_eq!(french_date(date!(2026 - 11 - 26)), "26 novembre 2026");
        assert_eq!(french_date(date!(2026 - 05 - 01)), "1er mai 2026");
        assert_eq!(french_date(date!(2027 - 02 - 14)), "14 février 2027");
    }

    #[test]
    fn paris_switches_to_summer_time_on_the_last_sunday_of_march() {
        // 2026: summer time from 29 March to 25 October, 01:00 UTC.
        assert_eq!(in_paris(datetime!(2026-03-29 0:59 UTC)).hour(), 1);
        assert_eq!(in_paris(datetime!(2026-03-29 1:00 UTC)).hour(), 3);
        assert_eq!(in_paris(datetime!(2026-10-25 0:59 UTC)).hour(), 2);
        assert_eq!(in_paris(datetime!(2026-10-25 1:00 UTC)).hour(), 2);
        assert_eq!(in_paris(datetime!(2026-07-14 12:00 UTC)).hour(), 14);
        assert_eq!(
            in_paris(datetime!(2026-12-31 23:30 UTC)).date(),
            date!(2027 - 01 - 01)
        );
    }

    #[test]
    fn the_next_paris_hour_is_today_or_tomorrow() {
        // Winter: 8:00 in Paris is 7:00 UTC.
        assert_eq!(
            next_paris_hour(datetime!(2026-11-26 6:00 UTC), 8),
            datetime!(2026-11-26 7:00 UTC)
        );
        assert_eq!(
            next_paris_hour(datetime!(2026-11-26 7:00 UTC), 8),
            datetime!(2026-11-27 7:00 UTC)
        );
        // Summer: 6:00 UTC.
        assert_eq!(
            next_paris_hour(datetime!(2026-07-01 12:00 UTC), 8),
            datetime!(2026-07-02 6:00 UTC)
        );
        // Across the change of 29 March 2026: Saturday in winter time, Sunday in summer time.
        assert_eq!(
            next_paris_hour(datetime!(2026-03-28 9:00 UTC), 8),
            datetime!(2026-03-29 6:00 UTC)
        );
        assert_eq!(
            next_paris_hour(datetime!(2026-10-24 9:00 UTC), 8),
            datetime!(2026-10-25 7:00 UTC)
        );
    }
}
