//! `misplaced-sealed`: a sealed entry opened where it was not sealed.

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "misplaced-sealed",
    level: Level::Error,
    summary: "a sealed entry opened where it was not sealed: another member's, list's or date's",
    explanation: "\
What it checks: when a command opens sealed entries (`build`, `export`,
`1on1` or `packet` with --include-private, `unseal`, `reseal`), each one
whose sealed text names another place than where it sits: another member
(not their id or one of their `former_ids`), another list (`feedback` or
`support`) or another date than the one in clear. `check` never opens
sealed entries, so it cannot see this; the commands that open them do.

Why: a sealed entry holds the member, the list and the date it was
sealed for beside its readers. One copied from another member's file
would otherwise open as this member's feedback, and `reseal` would seal it
for this member's manager, who would read a note that was never theirs.
Such an entry is never shown and never sealed again.

How to fix: find who copied it (`git log -p` on the file) and remove it.
If the date in clear was edited by mistake, restore the date it was
sealed with.",
    fix: "remove the copied entry (`git log -p` shows where it came from), or restore its date",
    check,
    reads: &[
        (&schema::MEMBER, "former_ids"),
        (&schema::FEEDBACK, "sealed"),
        (&schema::SUPPORT, "sealed"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.members() {
        for entry in member.private_entries().filter(|e| e.privacy.misplaced) {
            let anchor = entry.privacy.sealed.unwrap_or(entry.first_key);
            out.at(
                &member.record,
                anchor,
                format!(
                    "{} was sealed for another place (another member, list or date): it is not shown",
                    entry.describe()
                ),
            );
        }
    }
}
