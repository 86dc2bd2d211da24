//! `check --statistics`: one line per rule with its count, the most
//! frequent first, as ruff prints them.

use std::collections::BTreeMap;

use super::super::{Findings, Level};

/// `  12  warning  missing-feedback`, a line per rule that found anything.
pub fn statistics(findings: &Findings) -> String {
    let mut counts: BTreeMap<(&str, Level), usize> = BTreeMap::new();
    for d in &findings.diagnostics {
        *counts.entry((d.rule.id, d.level)).or_default() += 1;
    }
    let mut rows: Vec<((&str, Level), usize)> = counts.into_iter().collect();
    // Most first; then errors before warnings before notes; then by id.
    rows.sort_by(|((a, al), an), ((b, bl), bn)| bn.cmp(an).then(al.cmp(bl)).then(a.cmp(b)));
    let width = rows.first().map_or(1, |(_, n)| n.to_string().len());
    rows.iter()
        .map(|((id, level), n)| format!("{n:>width$}  {:<7}  {id}\n", level.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_per_rule_most_first() {
        let findings = crate::check::testing::check(&[
            ("vision.md", "---\nteam: T\nstatement: S\n---\n"),
            ("a.md", "---\nname: A\nmanager: x\nmentor: y\n---\n"),
            ("b.md", "---\nname: B\n---\n"),
        ]);
        let text = statistics(&findings);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(&"2  error    unknown-member"), "{text}");
        assert!(lines.contains(&"2  warning  no-learning-goal"), "{text}");
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.trim_start().split(' ').next().unwrap().parse().unwrap())
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{text}");
        assert_eq!(counts.iter().sum::<usize>(), findings.diagnostics.len());
    }
}
