//! What `init` and `new` write: the starter files, every field present
//! and explained, and their layout.

use jiff::ToSpan;
use jiff::civil::Date;

use super::Starter;
use crate::model::starter::{
    MEASURE, MEMBER_NOTES, OUTCOME_TITLE, ROLE, STATEMENT, SUB_OUTCOME_TITLE, SUB_STATEMENT,
    SUB_VISION_NOTES, VISION_NOTES,
};

/// `init --framework`'s example growth framework, in the shape published
/// frameworks use (docs/frameworks.md).
pub(super) const EXAMPLE_FRAMEWORK: &str = "---
# A growth framework: what each level looks like, topic by topic.
# Members name it with `track: engineering` (optional while it is the only
# one) and `level:`; `evidence:` entries point at its criteria, and
# `mastery packet ID` lists what the next level asks.
title: Engineering
levels: 3
topics:
  - name: communication
    title: Communication
    content:
      - level: 1
        criteria:
          - Gives regular updates on their work
      - level: 2
        criteria:
          - Gives actionable feedback in code reviews
      - level: 3
        criteria:
          - Leads the review of an incident or a design across teams
  - name: delivery
    title: Delivery
    content:
      - level: 1
        criteria:
          - Ships small changes with tests
      - level: 2
        criteria:
          - Breaks a project into steps others can pick up
      - level: 3
        criteria:
          - Plans a quarter of the team's work with its lead
---
Write here what the levels mean for your team, and how promotions use
the evidence.
";

pub(super) const FIRST_OUTCOME: &str = "first-outcome";

pub(super) fn vision(team: &str, owner: &str, today: Date) -> String {
    let horizon = today.saturating_add(1.year());
    let team = quoted(team);
    format!(
        "---
# The team's vision: what every objective in the member files aligns to.
team: {team}                       # required: the team's name
statement: {STATEMENT}   # required
horizon: {horizon}                 # when the vision should be reached
values: [Own the outcome, Say it early]   # how the team works together
outcomes:                          # what the team aims for; objectives name these ids
  - id: {FIRST_OUTCOME}            # required, unique; members' objectives use it
    title: {OUTCOME_TITLE}   # required
    measure: {MEASURE}
    owner: {owner}               # a member id (file name without .md)
---
{VISION_NOTES}
"
    )
}

/// A sub-team's vision: the fields of the root's, and `serves`.
pub(super) fn sub_vision(team: &str, id: &str, serves: Option<&str>, today: Date) -> String {
    let horizon = today.saturating_add(1.year());
    let team = quoted(team);
    let serves = match serves {
        Some(up) => format!("serves: [{up}]"),
        None => "serves: []".to_owned(),
    };
    format!(
        "---
# A sub-team's vision: how this team refines the vision above it. Members
# in this folder (and below) align their objectives to these outcomes.
team: {team}                       # required: the sub-team's name
statement: {SUB_STATEMENT}   # required
horizon: {horizon}                 # when the vision should be reached
outcomes:                          # ids unique across every vision of the team
  - id: {id}                       # required; members' objectives use it
    title: {SUB_OUTCOME_TITLE}   # required
    measure: {MEASURE}
    {serves}                       # ids of the outcomes above that it serves
---
{SUB_VISION_NOTES}
"
    )
}

/// A member file with every field present and explained. The sections a
/// person has yet to agree are empty, each with a commented example: a
/// placeholder entry would count as real, and the new member would show
/// as all OK before anything was agreed.
pub(super) fn member(starter: &Starter, outcome: Option<&str>, today: Date) -> String {
    let outcome = outcome.unwrap_or("an-outcome-id");
    let name = quoted(starter.name.as_deref().unwrap_or_default());
    let role = starter
        .role
        .as_deref()
        .map_or_else(|| ROLE.to_owned(), quoted);
    let manager = starter.manager.as_deref().unwrap_or("");
    let mentor = starter.mentor.as_deref().unwrap_or("");
    let joined = starter.joined.unwrap_or(today);
    format!(
        "---
name: {name}                    # required
role: {role}
manager: {manager}                        # member id of their manager (file name without .md)
mentor: {mentor}                         # member id of their mentor
status: active                  # active | leave | departed
joined: {joined}

# Self-awareness: what they are good at, and want to grow in.
strengths: []                   # e.g. [Listening, Unblocking others]
growth_areas: []                # e.g. [Delegation]

# Continuous learning: goals, ideally for a growth area.
learning: []                    # e.g.
#  - goal: Give a talk at the tech day   # required
#    kind: practice             # course | mentoring | self-directed | practice
#    area: Delegation           # should be one of growth_areas
#    status: active             # active | done | paused | dropped
#    started: YYYY-MM-DD
#    target: YYYY-MM-DD
#    updated: YYYY-MM-DD        # date of the latest progress
#    progress: 0                # percent, 0-100

ownership: []                   # empowerment: areas this person decides on, e.g.
#  - area: Release process      # required
#    autonomy: decides          # decides | recommends | consulted
#    since: YYYY-MM-DD

# Feedback and support.
feedback: []                    # feedback received, e.g.
#  - date: YYYY-MM-DD           # required
#    from: manager-id           # a member id or any name
#    kind: one-on-one           # praise | growth | one-on-one | review
#    note: What was said, in a sentence.
#    private: false             # true keeps it out of the report (`mastery seal` seals it)
support: []                     # support received, e.g.
#  - what: Conference ticket    # required
#    date: YYYY-MM-DD
#    private: false             # true keeps it out of the report

objectives: []                  # alignment: what this person aims to achieve, e.g.
#  - objective: Cut checkout latency by 30%   # required
#    outcome: {outcome}         # a vision outcome id, or a list of ids
#    due: YYYY-MM-DD
#    status: on-track           # on-track | at-risk | off-track | done | dropped
#    progress: 0                # percent, 0-100

allow: []                       # rule ids to switch off for this file only
keys: []                        # public keys private entries are sealed to for this person, e.g.
#  - age1...                    # `age-keygen -y ~/.config/mastery/identity.txt`
#  - ssh-ed25519 AAAA... you@laptop   # the line of ~/.ssh/id_ed25519.pub
---
{MEMBER_NOTES}
"
    )
}

/// Line up trailing `# comments` at one column, as a person would.
pub(super) fn align_comments(text: &str) -> String {
    const COLUMN: usize = 34;
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.lines() {
        match comment_start(line).map(|at| (&line[..at], &line[at + 3..])) {
            Some((content, comment)) if !line.trim_start().starts_with('#') => {
                let content = content.trim_end();
                let pad = COLUMN.saturating_sub(content.chars().count()).max(1);
                out.push_str(&format!("{content}{:pad$}# {comment}\n", ""));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Where a line's ` # comment` starts: outside double quotes, so a name
/// such as "a # b" stays whole.
fn comment_start(line: &str) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ' ' if !quoted && line[at..].starts_with(" # ") => return Some(at),
            _ => {}
        }
    }
    None
}

/// A double-quoted string, valid in YAML and TOML alike.
pub(super) fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `mastery.toml` with every option present, each explained, from
/// [`crate::config::SETTINGS`] and the rules' own levels: a setting added
/// there appears here with its default.
pub(super) fn config(team: &str) -> String {
    use crate::config::{Config, SETTINGS};
    let defaults = Config::default();
    let mut text =
        String::from("# mastery configuration. Every option is shown with its default.\n");
    let mut sections: Vec<&str> = Vec::new();
    for setting in SETTINGS {
        if !sections.contains(&setting.section) {
            sections.push(setting.section);
        }
        if setting.section == "thresholds" && !sections.contains(&"rules") {
            sections.push("rules");
        }
    }
    for section in sections {
        text.push_str(&format!("\n[{section}]\n"));
        if section == "rules" {
            text.push_str(
                "# Each rule's level: \"error\", \"warning\", \"note\" or \"allow\" (off).\n\
                 # `mastery explain RULE` says what a rule checks and why.\n",
            );
            for rule in crate::check::rules::ALL {
                let level = rule.level.as_str();
                text.push_str(&format!(
                    "{} = \"{level}\"    # {}\n",
                    rule.id, rule.summary
                ));
            }
        }
        for setting in SETTINGS.iter().filter(|s| s.section == section) {
            for line in wrap(setting.about, 76) {
                text.push_str(&format!("# {line}\n"));
            }
            let value = (setting.default)(&defaults);
            let is_toml = toml::from_str::<toml::Table>(&format!("x = {value}")).is_ok();
            if is_toml {
                text.push_str(&format!("{} = {value}\n", setting.key));
            } else {
                // Described, not a value (the title follows the vision's
                // `team`): shown commented, as it would be set.
                let example = quoted(&format!("{team} — team mastery"));
                text.push_str(&format!("# {} = {example}\n", setting.key));
            }
        }
    }
    text
}

/// `text` in lines of at most `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}
