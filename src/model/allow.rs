//! Inline allows: `# mastery: allow RULE -- reason`, a YAML comment on a
//! line of a member's front matter, switches RULE off for that line and
//! the lines below it indented deeper (the entry or list the line begins).
//! A comment on a line of its own applies to the next line. The reason is
//! required: an allow without one is a finding, and silences nothing.

use std::ops::RangeInclusive;

use super::Spanned;
use crate::source::Span;
use crate::yaml::{Node, Value};

/// What marks an inline allow inside a comment.
const MARK: &str = "mastery: allow";

/// One inline allow.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineAllow {
    /// The rule id, where it is written.
    pub rule: Spanned<String>,
    /// Why, after `--` (`None`: missing, so the allow does not count).
    pub reason: Option<String>,
    /// The lines it covers (1-based).
    pub lines: RangeInclusive<usize>,
}

impl InlineAllow {
    /// Whether it silences `rule` at `line`.
    pub fn silences(&self, rule: &str, line: usize) -> bool {
        self.reason.is_some() && self.rule.value == rule && self.lines.contains(&line)
    }
}

/// The inline allows in the front matter of `text` (a record, its byte
/// order mark already dropped), whose YAML is `root`: a mark inside a
/// value written over several lines (a note's block of text) is text, not
/// a comment.
pub fn inline_allows(text: &str, root: &Node) -> Vec<InlineAllow> {
    if !text.contains(MARK) {
        return Vec::new();
    }
    let mut texts = Vec::new();
    multi_line_texts(text, root, &mut texts);
    // Lines of the front matter, with their byte offsets: from the line
    // after the opening `---` to the closing one.
    let mut lines = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        if i > 0 && content.trim_end() == "---" {
            break;
        }
        if i > 0 {
            lines.push((i + 1, offset, content));
        }
        offset += line.len();
    }
    let mut allows = Vec::new();
    for (index, &(number, start, content)) in lines.iter().enumerate() {
        if texts
            .iter()
            .any(|span: &Span| start > span.start && start < span.start + span.len)
        {
            continue;
        }
        let Some(comment) = comment_start(content) else {
            continue;
        };
        let after = content[comment + 1..].trim_start();
        let Some(rest) = after.strip_prefix(MARK) else {
            continue;
        };
        let rest_at = content.len() - rest.len();
        let rule_text = rest.trim_start();
        let rule_at = rest_at + (rest.len() - rule_text.len());
        let rule: String = rule_text
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let reason = rule_text[rule.len()..]
            .trim_start()
            .strip_prefix("--")
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        // A comment alone on its line speaks for the next line.
        let own = content[..comment].trim().is_empty();
        let target = if own {
            lines[index + 1..]
                .iter()
                .position(|(_, _, l)| !is_blank_or_comment(l))
                .map_or(index, |p| index + 1 + p)
        } else {
            index
        };
        allows.push(InlineAllow {
            rule: Spanned {
                span: Span {
                    start: start + rule_at,
                    len: rule.len(),
                },
                value: rule,
            },
            reason,
            lines: number..=block_end(&lines, target),
        });
    }
    allows
}

/// The spans of the text values in `node` written over more than one
/// line.
fn multi_line_texts(text: &str, node: &Node, found: &mut Vec<Span>) {
    match &node.value {
        Value::Str(_) => {
            // A block's span may run on to where the next value begins.
            let written = text.get(node.span.start..node.span.start + node.span.len);
            if let Some(written) = written.map(str::trim_end).filter(|w| w.contains('\n')) {
                found.push(Span::new(node.span.start, written.len()));
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| multi_line_texts(text, i, found)),
        Value::Map(entries) => {
            for (_, value) in entries {
                multi_line_texts(text, value, found);
            }
        }
        _ => {}
    }
}

/// Where a YAML comment starts on `line`: a `#` at its start or after a
/// blank, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') if previous.is_whitespace() => return Some(i),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        previous = c;
    }
    None
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The last line (1-based) of the block the line at `index` begins: the
/// lines after it indented deeper, and a list written at the key's own
/// indentation (`key:` then `- item`).
fn block_end(lines: &[(usize, usize, &str)], index: usize) -> usize {
    let Some(&(number, _, first)) = lines.get(index) else {
        return 0;
    };
    let depth = indent(first);
    let is_item = first.trim_start().starts_with('-');
    let mut end = number;
    for &(n, _, line) in &lines[index + 1..] {
        if is_blank_or_comment(line) {
            continue;
        }
        let deeper = indent(line) > depth;
        let same_level_list =
            !is_item && indent(line) == depth && line.trim_start().starts_with('-');
        if !(deeper || same_level_list) {
            break;
        }
        end = n;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(text: &str) -> Vec<InlineAllow> {
        let source = crate::source::Source::new("a.md", text);
        let end = text[4..].find("\n---").map_or(text.len(), |e| e + 5);
        let root = crate::yaml::parse(&source, 4, end).unwrap();
        inline_allows(text, &root)
    }

    fn covered(text: &str) -> Vec<(String, Option<String>, RangeInclusive<usize>)> {
        allows(text)
            .into_iter()
            .map(|a| (a.rule.value, a.reason, a.lines))
            .collect()
    }

    #[test]
    fn an_allow_covers_its_line_and_what_the_line_begins() {
        let text = "---\nname: A\nfeedback:   # mastery: allow missing-feedback -- on parental leave\n  - date: 2026-01-01\n    from: b\nlearning:\n  - goal: X    # mastery: allow stale-learning-goal -- paused\n    updated: 2026-01-01\n  - goal: Y\n# mastery: allow no-ownership -- joins next month\nownership: []\nstrengths: [a]  # mastery: allow future-date\n---\n# mastery: allow x -- in the notes\n";
        assert_eq!(
            covered(text),
            [
                (
                    "missing-feedback".into(),
                    Some("on parental leave".into()),
                    3..=5
                ),
                ("stale-learning-goal".into(), Some("paused".into()), 7..=8),
                (
                    "no-ownership".into(),
                    Some("joins next month".into()),
                    10..=11
                ),
                ("future-date".into(), None, 12..=12),
            ]
        );
        let allows = allows(text);
        let rule = &allows[0].rule;
        assert_eq!(
            &text[rule.span.start..rule.span.start + rule.span.len],
            "missing-feedback"
        );
        // Without a reason it silences nothing.
        assert!(!allows[3].silences("future-date", 12));
        assert!(allows[0].silences("missing-feedback", 4));
        assert!(!allows[0].silences("missing-feedback", 6));
    }

    #[test]
    fn a_mark_inside_a_note_is_text() {
        let text = "---\nfeedback:\n  - date: 2026-01-01\n    note: |\n      Fine.\n      # mastery: allow missing-feedback -- sneaked in\n  - date: 2026-02-01 # mastery: allow future-date -- a real one\n---\n";
        assert_eq!(
            covered(text),
            [("future-date".into(), Some("a real one".into()), 7..=7)]
        );
    }

    #[test]
    fn a_key_covers_a_list_at_its_own_indentation_and_quotes_hide_marks() {
        let text = "---\nfeedback: # mastery: allow a -- r\n- date: 1\n  from: x\nname: \"# mastery: allow b -- r\"\n---\n";
        assert_eq!(covered(text), [("a".into(), Some("r".into()), 2..=4)]);
    }
}
