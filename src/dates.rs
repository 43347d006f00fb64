//! Calendar dates as the catalog writes them (`YYYY-MM-DD`, or `YYYY-MM` for
//! facts known to the month), and "today" for staleness checks.
//!
//! Today comes from `SOURCE_DATE_EPOCH` when set (reproducible builds and
//! tests), else from the system clock.

/// Days since 1970-01-01 of a `YYYY-MM-DD` or `YYYY-MM` date (the first of
/// the month), or `None` if the text is not such a date.
pub fn parse_days(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let y: i64 = parse_digits(parts.next()?, 4)?;
    let m: i64 = parse_digits(parts.next()?, 2)?;
    let d: i64 = match parts.next() {
        Some(p) => parse_digits(p, 2)?,
        None => 1,
    };
    if parts.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn parse_digits(s: &str, len: usize) -> Option<i64> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number, as `YYYY-MM-DD`.
pub fn format_days(days: i64) -> String {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Today's day number: `SOURCE_DATE_EPOCH` (seconds) if set, else the clock.
pub fn today() -> i64 {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    secs.div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_validates() {
        let d = parse_days("2026-11-30").unwrap();
        assert_eq!(format_days(d), "2026-11-30");
        assert_eq!(parse_days("1970-01-01"), Some(0));
        assert_eq!(parse_days("2026-02"), parse_days("2026-02-01"));
        assert_eq!(
            parse_days("2024-02-29").map(format_days).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "26-01-01",
            "2026-1-1",
            "2026-01-01-01",
            "soon",
        ] {
            assert_eq!(parse_days(bad), None, "{bad}");
        }
    }
}
