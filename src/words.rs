//! Counts in words: "1 entry", "3 people", "10,000".

/// "1 day", "5 days".
pub fn days(n: i64) -> String {
    plural(n, "day")
}

/// "1 member", "2 members", "3 entries", "4 people": a count with its noun.
pub fn plural(n: impl Into<i64>, noun: &str) -> String {
    let n = n.into();
    let count = thousands(n);
    if n.abs() == 1 {
        return format!("{count} {noun}");
    }
    if let Some(stem) = noun.strip_suffix("person") {
        format!("{count} {stem}people")
    } else if let Some(stem) = noun.strip_suffix("ry") {
        format!("{count} {stem}ries")
    } else {
        format!("{count} {noun}s")
    }
}

/// "a", "a and b", "a, b and c".
pub fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "10,000": a count with its thousands separated.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_read_as_english() {
        let said = [
            (1, "entry"),
            (0, "entry"),
            (2, "person"),
            (1, "person"),
            (3, "day"),
            (2, "learning goal"),
        ]
        .map(|(n, noun)| plural(n, noun));
        assert_eq!(
            said,
            [
                "1 entry",
                "0 entries",
                "2 people",
                "1 person",
                "3 days",
                "2 learning goals"
            ]
        );
        let counts = [0, 999, 1000, 10_000, 1_234_567, -4321].map(thousands);
        assert_eq!(
            counts,
            ["0", "999", "1,000", "10,000", "1,234,567", "-4,321"]
        );
        let lists = [&[][..], &["a"], &["a", "b"], &["a", "b", "c"]].map(list);
        assert_eq!(lists, ["", "a", "a and b", "a, b and c"]);
    }
}
