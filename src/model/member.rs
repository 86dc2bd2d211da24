//! A member file: one person's growth record.

use jiff::civil::Date;

use super::fields::Fields;
use super::private::{EntryKind, Here, Opening, Privacy, at};
use super::schema;
use super::{
    Alignment, Autonomy, FeedbackKind, GoalKind, GoalStatus, List, MemberStatus, ObjectiveStatus,
    Problem, Record, Spanned,
};
use crate::seal::Identities;
use crate::source::Span;
use crate::yaml::Node;

/// One team member's record.
#[derive(Clone, Debug)]
pub struct Member {
    /// The file name without `.md`.
    pub id: String,
    /// The file and what loading found wrong with it.
    pub record: Record,
    /// The `name:` key, where findings about absent lists point.
    pub name_key: Option<Span>,
    /// Where a finding about the whole file points when nothing better exists.
    pub first_key: Span,
    /// Full name.
    pub name: Option<Spanned<String>>,
    /// Role or title.
    pub role: Option<Spanned<String>>,
    /// Member id of their manager.
    pub manager: Option<Spanned<String>>,
    /// Member id of their mentor.
    pub mentor: Option<Spanned<String>>,
    /// Whether they are with the team (default active).
    pub status: MemberStatus,
    /// When they joined.
    pub joined: Option<Spanned<Date>>,
    /// Self-awareness: what they are good at.
    pub strengths: List<Spanned<String>>,
    /// Self-awareness: what they want to grow in.
    pub growth_areas: List<Spanned<String>>,
    /// Continuous learning.
    pub learning: List<LearningGoal>,
    /// Empowerment: areas they decide on.
    pub ownership: List<Ownership>,
    /// Feedback received.
    pub feedback: List<Feedback>,
    /// Support received.
    pub support: List<Support>,
    /// Alignment: objectives and the outcomes they serve.
    pub objectives: List<Objective>,
    /// Rule ids switched off for this file.
    pub allow: Vec<Spanned<String>>,
    /// Rules switched off for one entry, by a comment with a reason.
    pub inline_allows: Vec<super::allow::InlineAllow>,
    /// Public keys private entries are sealed to (each one valid).
    pub keys: List<Spanned<String>>,
    /// Secret keys pasted where a public one belongs: never quoted.
    pub secrets: Vec<Span>,
    /// Every key under `keys:` was refused and one was RSA: said so when
    /// an entry cannot be sealed for them.
    pub rsa_only: bool,
    /// The ids they had before a rename.
    pub former_ids: Vec<Spanned<String>>,
    /// The framework they progress in (its id).
    pub track: Option<Spanned<String>>,
    /// Their level in it.
    pub level: Option<Spanned<u32>>,
    /// Evidence against the framework's criteria.
    pub evidence: List<Evidence>,
}

/// A learning goal (`learning:` entry).
#[derive(Clone, Debug)]
pub struct LearningGoal {
    /// The entry's first key.
    pub first_key: Span,
    /// A stable name for the entry.
    pub id: Option<Spanned<String>>,
    /// What they want to learn.
    pub goal: Option<Spanned<String>>,
    /// How.
    pub kind: Option<GoalKind>,
    /// The growth area it serves.
    pub area: Option<Spanned<String>>,
    /// Where it stands (default active).
    pub status: GoalStatus,
    /// Started on.
    pub started: Option<Spanned<Date>>,
    /// Aimed to be reached by.
    pub target: Option<Spanned<Date>>,
    /// Date of the latest progress.
    pub updated: Option<Spanned<Date>>,
    /// Percent done.
    pub progress: Option<u8>,
    /// Where `progress` is written.
    pub progress_at: Option<Span>,
}

impl LearningGoal {
    /// The goal's text, for messages.
    pub fn title(&self) -> &str {
        self.goal.as_ref().map_or("(untitled)", |g| &g.value)
    }
}

/// An area a member owns (`ownership:` entry).
#[derive(Clone, Debug)]
pub struct Ownership {
    /// The entry's first key.
    pub first_key: Span,
    /// What they own.
    pub area: Option<Spanned<String>>,
    /// How much they decide.
    pub autonomy: Option<Autonomy>,
    /// Since when.
    pub since: Option<Spanned<Date>>,
}

/// A feedback entry.
#[derive(Clone, Debug)]
pub struct Feedback {
    /// The entry's first key.
    pub first_key: Span,
    /// When it was given.
    pub date: Option<Spanned<Date>>,
    /// Who gave it: a member id or any name.
    pub from: Option<Spanned<String>>,
    /// What kind of feedback.
    pub kind: Option<FeedbackKind>,
    /// What was said.
    pub note: Option<Spanned<String>>,
    /// Whether it is private, and how it is kept.
    pub privacy: Privacy,
}

/// Evidence of working at a level of a framework topic (`evidence:`).
#[derive(Clone, Debug)]
pub struct Evidence {
    /// The entry's first key.
    pub first_key: Span,
    /// When it happened.
    pub date: Option<Spanned<Date>>,
    /// The topic's `name`.
    pub topic: Option<Spanned<String>>,
    /// The level it shows.
    pub level: Option<Spanned<u32>>,
    /// A criterion at that level, or a beginning only it has.
    pub criterion: Option<Spanned<String>>,
    /// What happened.
    pub note: Option<Spanned<String>>,
    /// Where to see it.
    pub link: Option<Spanned<String>>,
    /// Who recorded or witnessed it.
    pub from: Option<Spanned<String>>,
}

/// Support received (`support:` entry).
#[derive(Clone, Debug)]
pub struct Support {
    /// The entry's first key.
    pub first_key: Span,
    /// What was given.
    pub what: Option<Spanned<String>>,
    /// When.
    pub date: Option<Spanned<Date>>,
    /// Whether it is private, and how it is kept.
    pub privacy: Privacy,
}

/// An objective and the vision outcomes it serves.
#[derive(Clone, Debug)]
pub struct Objective {
    /// The entry's first key.
    pub first_key: Span,
    /// A stable name for the entry.
    pub id: Option<Spanned<String>>,
    /// What is to be achieved.
    pub objective: Option<Spanned<String>>,
    /// Ids of the vision outcomes it serves.
    pub outcomes: Vec<Spanned<String>>,
    /// When it is due.
    pub due: Option<Spanned<Date>>,
    /// Where it stands (default on-track).
    pub status: ObjectiveStatus,
    /// Percent done.
    pub progress: Option<u8>,
    /// Where `progress` is written.
    pub progress_at: Option<Span>,
}

impl Objective {
    /// The objective's text, for messages.
    pub fn title(&self) -> &str {
        self.objective.as_ref().map_or("(untitled)", |o| &o.value)
    }
}

impl Member {
    /// A member with nothing read yet (the front matter failed, or is empty).
    pub fn empty(id: String, record: Record) -> Self {
        Self {
            id,
            record,
            name_key: None,
            first_key: Span::FILE_START,
            name: None,
            role: None,
            manager: None,
            mentor: None,
            status: MemberStatus::Active,
            joined: None,
            strengths: List::default(),
            growth_areas: List::default(),
            learning: List::default(),
            ownership: List::default(),
            feedback: List::default(),
            support: List::default(),
            objectives: List::default(),
            allow: Vec::new(),
            inline_allows: Vec::new(),
            keys: List::default(),
            secrets: Vec::new(),
            rsa_only: false,
            former_ids: Vec::new(),
            track: None,
            level: None,
            evidence: List::default(),
        }
    }

    /// Read a member from its front matter.
    pub fn from_front_matter(id: String, mut record: Record, node: &Node) -> Self {
        let mut problems = std::mem::take(&mut record.problems);
        let mut member = Member::empty(id, record);
        if let Some(mut f) = Fields::new(node, &schema::MEMBER, Span::FILE_START, &mut problems) {
            member.first_key = f.first_key;
            member.name_key = f.key_span("name");
            member.name = f.required_text("name");
            member.role = f.text("role");
            member.manager = f.text("manager");
            member.mentor = f.text("mentor");
            member.status = f
                .keyword("status")
                .map_or(MemberStatus::Active, |s| s.value);
            member.joined = f.date("joined");
            member.strengths = f.texts("strengths");
            member.growth_areas = f.texts("growth_areas");
            member.learning = f.list("learning", learning_goal);
            member.ownership = f.list("ownership", ownership);
            member.feedback = f.list("feedback", feedback);
            member.support = f.list("support", support);
            member.objectives = f.list("objectives", objective);
            member.allow = f.texts("allow").items;
            member.inline_allows = super::allow::inline_allows(&member.record.source.text, node);
            (member.keys, member.secrets, member.rsa_only) = keys(&mut f);
            member.former_ids = f.texts("former_ids").items;
            member.track = f.text("track");
            member.level = f.level("level");
            member.evidence = f.list("evidence", evidence);
        }
        member.record.problems = problems;
        member
    }

    /// The folder the record is in (`""` at the root): its vision is the
    /// nearest one at or above it.
    pub fn folder(&self) -> &str {
        super::alignment::folder_of(&self.record.source.path)
    }

    /// The name to use in messages: `name`, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_ref().map_or(&self.id, |n| &n.value)
    }

    /// Where a finding about a whole list points: the list's key, else
    /// `name:`, else the first key of the file.
    pub fn list_anchor(&self, key: Option<Span>) -> Span {
        key.or(self.name_key).unwrap_or(self.first_key)
    }

    /// The newest feedback date, private entries included: the one date
    /// `missing-feedback` and every view of the report go by.
    pub fn last_feedback(&self) -> Option<Date> {
        self.feedback
            .items
            .iter()
            .filter_map(|f| f.date.as_ref().map(|d| d.value))
            .max()
    }

    /// Whether the text at byte `at` belongs to a private entry or a
    /// secret key, and so must never be quoted. In a front matter that
    /// could not be read, a private entry cannot be told from the rest:
    /// nothing of one that mentions `private` or `sealed` is quoted.
    pub fn is_private_at(&self, at: usize) -> bool {
        let record = &self.record;
        if record.front_matter_failed() {
            let front = &record.source.text[..record.body_start.min(record.source.text.len())];
            let lower = front.to_ascii_lowercase();
            return at <= front.len() && (lower.contains("privat") || lower.contains("sealed"));
        }
        let secret = (self.secrets.iter()).any(|s| (s.start..=s.start + s.len).contains(&at));
        secret || self.private_entries().any(|e| e.privacy.hides(at))
    }

    /// Whether cadence rules apply (status `active`).
    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Active
    }

    /// Open objectives of a readable record, and how many of them serve
    /// only outcomes that resolve from the member's folder: the team's
    /// alignment figure.
    pub fn alignment(&self, visions: &Alignment) -> (usize, usize) {
        if self.record.front_matter_failed() {
            return (0, 0);
        }
        let folder = self.folder();
        let open = self.objectives.items.iter().filter(|o| o.status.is_open());
        let aligned = open.clone().filter(|o| {
            !o.outcomes.is_empty()
                && o.outcomes
                    .iter()
                    .all(|id| visions.resolve(folder, &id.value).is_some())
        });
        (open.count(), aligned.count())
    }

    /// Active learning goals, counted for a readable, active member only.
    pub fn active_goals(&self) -> usize {
        if self.record.front_matter_failed() || !self.is_active() {
            return 0;
        }
        let goals = self.learning.items.iter();
        goals.filter(|g| g.status == GoalStatus::Active).count()
    }

    /// Objectives that are neither done nor dropped.
    pub fn open_objectives(&self) -> usize {
        let objectives = self.objectives.items.iter();
        objectives.filter(|o| o.status.is_open()).count()
    }
}

fn learning_goal(node: &Node, problems: &mut Vec<Problem>) -> Option<LearningGoal> {
    let mut f = Fields::new(node, &schema::LEARNING_GOAL, node.span, problems)?;
    let progress = f.percent("progress");
    Some(LearningGoal {
        first_key: f.first_key,
        id: f.entry_id("id"),
        goal: f.required_text("goal"),
        kind: f.keyword("kind").map(|k| k.value),
        area: f.text("area"),
        status: f.keyword("status").map_or(GoalStatus::Active, |s| s.value),
        started: f.date("started"),
        target: f.date("target"),
        updated: f.date("updated"),
        progress: progress.as_ref().map(|p| p.value),
        progress_at: progress.map(|p| p.span),
    })
}

fn ownership(node: &Node, problems: &mut Vec<Problem>) -> Option<Ownership> {
    let mut f = Fields::new(node, &schema::OWNERSHIP, node.span, problems)?;
    Some(Ownership {
        first_key: f.first_key,
        area: f.required_text("area"),
        autonomy: f.keyword("autonomy").map(|a| a.value),
        since: f.date("since"),
    })
}

/// A feedback entry, failing closed: it is private unless `private` is
/// absent or exactly `false` and no key is a misspelling of `private`; the
/// problems found in a private entry never repeat its values.
fn feedback(node: &Node, problems: &mut Vec<Problem>) -> Option<Feedback> {
    let mut f = Fields::new(node, &schema::FEEDBACK, node.span, problems)?;
    let privacy = Privacy::read(&mut f, node);
    Some(Feedback {
        first_key: f.first_key,
        date: f.required_date("date"),
        from: f.text("from"),
        kind: f.keyword("kind").map(|k| k.value),
        note: f.text("note"),
        privacy,
    })
}

fn evidence(node: &Node, problems: &mut Vec<Problem>) -> Option<Evidence> {
    let mut f = Fields::new(node, &schema::EVIDENCE, node.span, problems)?;
    Some(Evidence {
        first_key: f.first_key,
        date: f.required_date("date"),
        topic: f.required_text("topic"),
        level: f.level("level"),
        criterion: f.text("criterion"),
        note: f.text("note"),
        link: f.text("link"),
        from: f.text("from"),
    })
}

/// A support entry; `what` is required unless the entry is private (in a
/// seal, or purged from the history: docs/private.md).
fn support(node: &Node, problems: &mut Vec<Problem>) -> Option<Support> {
    let mut f = Fields::new(node, &schema::SUPPORT, node.span, problems)?;
    let privacy = Privacy::read(&mut f, node);
    let what = if privacy.private {
        f.text("what")
    } else {
        f.required_text("what")
    };
    Some(Support {
        first_key: f.first_key,
        what,
        date: f.date("date"),
        privacy,
    })
}

/// `keys:`, each one a public key an entry can be sealed to; one that is
/// not (an RSA key, a secret key, a typo) is a problem and left out, and
/// where a secret key was pasted, its place is kept so it is never quoted.
/// Also whether every key was refused and one was RSA.
fn keys(f: &mut Fields) -> (List<Spanned<String>>, Vec<Span>, bool) {
    let mut keys = f.texts("keys");
    let mut secrets = Vec::new();
    let mut rsa = false;
    keys.items
        .retain(|key| match crate::seal::PublicKey::parse(&key.value) {
            Ok(_) => true,
            Err(why) => {
                if crate::seal::looks_secret(&key.value) {
                    secrets.push(key.span);
                }
                rsa |= key.value.trim_start().starts_with("ssh-rsa");
                f.problem(key.span, format!("`keys`: {why}"));
                false
            }
        });
    let rsa_only = rsa && keys.items.is_empty();
    (keys, secrets, rsa_only)
}

fn objective(node: &Node, problems: &mut Vec<Problem>) -> Option<Objective> {
    let mut f = Fields::new(node, &schema::OBJECTIVE, node.span, problems)?;
    let progress = f.percent("progress");
    Some(Objective {
        first_key: f.first_key,
        id: f.entry_id("id"),
        objective: f.required_text("objective"),
        outcomes: f.text_or_texts("outcome"),
        due: f.date("due"),
        status: f
            .keyword("status")
            .map_or(ObjectiveStatus::OnTrack, |s| s.value),
        progress: progress.as_ref().map(|p| p.value),
        progress_at: progress.map(|p| p.span),
    })
}

impl Member {
    /// Open every sealed entry that `identities` can: its keys fill the
    /// entry, pointing at `sealed:` (where they are kept).
    /// `names` are the ids they are named by ([`super::Team::names_of`]).
    pub fn open_sealed(&mut self, identities: &Identities, names: &[String]) -> Opening {
        let mut opening = Opening::default();
        let source = &self.record.source;
        let here = Here {
            names,
            list: EntryKind::Feedback,
        };
        let given = &mut self.feedback.items;
        opening.open_all(source, identities, &here, given, |entry, node, span| {
            let opened = feedback(node, &mut Vec::new())?;
            entry.from = at(opened.from, span);
            entry.kind = opened.kind;
            entry.note = at(opened.note, span);
            Some(())
        });
        let here = Here {
            list: EntryKind::Support,
            ..here
        };
        let received = &mut self.support.items;
        opening.open_all(source, identities, &here, received, |entry, node, span| {
            let opened = support(node, &mut Vec::new())?;
            entry.what = at(opened.what, span);
            Some(())
        });
        opening
    }
}
