//! Calendar dates as the format writes them: `YYYY-MM-DD`, no time, no zone.

use jiff::civil::Date;

/// Parse a `YYYY-MM-DD` date, refusing impossible days such as 2026-02-30.
pub fn parse(text: &str) -> Result<Date, String> {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(format!("`{text}` is not a date: write it as YYYY-MM-DD"));
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!("`{text}` is not a date: there is no month {month}"));
    }
    Date::new(year, month as i8, day as i8).map_err(|_| {
        let days = Date::new(year, month as i8, 1).map_or(31, |d| d.days_in_month());
        format!("`{text}` is not a date: month {month} of {year} has {days} days")
    })
}

/// Whole days from `from` to `to` (negative when `from` is later).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.duration_until(to).as_secs() / 86_400
}

/// The first day more than `days` days after `date` (the day a limit of
/// `days` days is passed), or the last day there is.
pub fn more_than(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days.saturating_add(1)))
        .unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(
            parse("2026-11-27").unwrap(),
            jiff::civil::date(2026, 11, 27)
        );
        assert_eq!(
            parse("2026-02-30").unwrap_err(),
            "`2026-02-30` is not a date: month 2 of 2026 has 28 days"
        );
        assert!(parse("2026-13-01").unwrap_err().contains("no month 13"));
        assert!(parse("27/11/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse("2026-11-27T10:00").is_err());
    }

    #[test]
    fn counts_days() {
        let a = jiff::civil::date(2026, 10, 1);
        let b = jiff::civil::date(2026, 11, 27);
        assert_eq!(days_between(a, b), 57);
        assert_eq!(days_between(b, a), -57);
    }
}
