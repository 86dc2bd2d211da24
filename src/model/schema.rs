//! The record format as data: every key of a member file and of
//! `vision.md`, its type, allowed values, default and the rules that read
//! it. Reading a record goes by these tables (unknown keys, "did you mean"),
//! and `docs/format.md` is generated from them, so the format, the code and
//! its documentation cannot drift apart.

use super::keyword::{
    Autonomy, FeedbackKind, GoalKind, GoalStatus, Keyword, MemberStatus, ObjectiveStatus,
};

/// The keys of one YAML mapping (a member file, a learning goal, ...).
#[derive(Debug)]
pub struct Table {
    /// How messages name the mapping ("a learning goal").
    pub what: &'static str,
    /// Where it sits in the file, for the documentation (`learning[]`).
    pub path: &'static str,
    /// Its keys, in the order the format documents them.
    pub fields: &'static [Field],
    /// Keys it does not list are read past, not reported (a published
    /// framework's own keys).
    pub open: bool,
}

/// One key.
#[derive(Debug)]
pub struct Field {
    /// The key as written.
    pub key: &'static str,
    /// What its value must be.
    pub kind: Kind,
    /// A missing key is an `invalid-field` error.
    pub required: bool,
    /// What an absent key means ("" when it means nothing).
    pub default: &'static str,
    /// What it is for, in one sentence.
    pub about: &'static str,
}

/// What a value must be.
#[derive(Debug)]
pub enum Kind {
    /// A string (numbers and booleans are kept as written).
    Text,
    /// A list of strings.
    Texts,
    /// A string, or a list of strings.
    TextOrTexts,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A whole number from 0 to 100.
    Percent,
    /// A whole number from 1 (a level, a number of levels).
    Level,
    /// `true` or `false`; anything else, or a key within two edits of this
    /// one, counts as `true` (it fails closed).
    Flag,
    /// One of a closed set of words.
    Word(fn() -> Vec<&'static str>),
    /// A list of mappings, each read by its own table.
    List(&'static Table),
}

impl Kind {
    /// The type as the documentation names it.
    pub fn describe(&self) -> String {
        match self {
            Kind::Text => "text".into(),
            Kind::Texts => "list of text".into(),
            Kind::TextOrTexts => "text, or list of text".into(),
            Kind::Date => "date (YYYY-MM-DD)".into(),
            Kind::Percent => "whole number 0-100".into(),
            Kind::Level => "whole number from 1".into(),
            Kind::Flag => "true or false".into(),
            Kind::Word(words) => format!("one of: {}", words().join(", ")),
            Kind::List(table) => format!("list of {} (`{}`)", table.what, table.path),
        }
    }
}

impl Table {
    /// Every key of the mapping.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.fields.iter().map(|f| f.key)
    }

    /// The field `key`. Reading a key the table does not define is a bug
    /// in the reader, so it panics (in tests, which read every key).
    pub fn field(&self, key: &str) -> &'static Field {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .unwrap_or_else(|| panic!("`{key}` is not a key of {}", self.what))
    }
}

const fn field(key: &'static str, kind: Kind, about: &'static str) -> Field {
    Field {
        key,
        kind,
        required: false,
        default: "",
        about,
    }
}

impl Field {
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    const fn default(mut self, default: &'static str) -> Self {
        self.default = default;
        self
    }
}

const ENTRY_ID: &str = "A stable name for the entry (letters, digits, `-`, `_`), unique \
    among the file's learning goals and objectives; it survives rewording, so `diff` \
    follows the entry by it.";

/// `private`, `readers` and `sealed`: the same in feedback and support.
const PRIVATE_FIELD: Field = field("private", Kind::Flag, PRIVATE).default("false");
const READERS_FIELD: Field = field("readers", Kind::Texts, READERS);
const SEALED_FIELD: Field = field("sealed", Kind::Text, SEALED);

const PRIVATE: &str = "Only its date is shown: the report, findings and every output leave \
    out everything else unless `--include-private` is given. Anything but `false` counts as `true`.";

const READERS: &str = "Member ids of who may read it once sealed; default: its author (`from`, \
    when a member) and the member's manager. `[private] recipients` read every entry besides.";

const SEALED: &str = "The entry's other keys, sealed with age for its readers (ASCII armor); \
    `mastery seal` writes it, `--include-private` and `mastery unseal` open it.";

/// The front matter of a member file.
pub static MEMBER: Table = Table {
    what: "a member file",
    path: "",
    fields: &[
        field("name", Kind::Text, "Full name, as the report shows it.").required(),
        field("role", Kind::Text, "Role or title."),
        field("manager", Kind::Text, "Member id of their manager."),
        field("mentor", Kind::Text, "Member id of their mentor."),
        field(
            "status",
            Kind::Word(MemberStatus::words_list),
            "Whether they are with the team; rules marked * in `mastery rules` apply only to `active` members.",
        )
        .default("active"),
        field("joined", Kind::Date, "When they joined the team; the feedback clock starts here."),
        field("strengths", Kind::Texts, "What they do well (self-awareness)."),
        field("growth_areas", Kind::Texts, "What they are working to grow in (self-awareness)."),
        field("learning", Kind::List(&LEARNING_GOAL), "Learning goals (continuous learning)."),
        field("ownership", Kind::List(&OWNERSHIP), "Areas they own and decide in (empowerment)."),
        field("feedback", Kind::List(&FEEDBACK), "Feedback received (feedback and support)."),
        field("support", Kind::List(&SUPPORT), "Support given to them (feedback and support)."),
        field("objectives", Kind::List(&OBJECTIVE), "Objectives, each serving a vision outcome (alignment)."),
        field(
            "allow",
            Kind::Texts,
            "Rule ids whose findings are switched off for this member (`allow: [no-ownership]`). For one entry instead, a comment on its line with a reason: `feedback:  # mastery: allow missing-feedback -- on parental leave` switches the rule off for that line and what it begins (a comment on a line of its own applies to the next line); without a reason it is a finding and switches nothing off.",
        ),
        field(
            "keys",
            Kind::Texts,
            "Public keys private entries are sealed to for this member as a reader: age keys (`age1…`, from `age-keygen`) or `ssh-ed25519 …` lines; RSA keys are refused.",
        ),
        field(
            "former_ids",
            Kind::Texts,
            "The ids this member had before (`mastery rename` adds the old one): ids sealed inside private entries, the history and `diff` resolve through it.",
        ),
        field(
            "track",
            Kind::Text,
            "The growth framework they progress in: a file name under `frameworks/` without `.md`; optional when the team has one framework.",
        ),
        field("level", Kind::Level, "Their level in that framework, from 1 to its `levels`."),
        field("evidence", Kind::List(&EVIDENCE), "What shows them working at a level of a framework topic."),
    ],
    open: false,
};

/// An entry of `evidence`.
pub static EVIDENCE: Table = Table {
    what: "an evidence entry",
    path: "evidence[]",
    fields: &[
        field("date", Kind::Date, "When it happened.").required(),
        field(
            "topic",
            Kind::Text,
            "The framework topic it speaks to (its `name`).",
        )
        .required(),
        field("level", Kind::Level, "The level it shows."),
        field(
            "criterion",
            Kind::Text,
            "The criterion it meets at that level: its text, or a beginning that only it has.",
        ),
        field("note", Kind::Text, "What happened, in short."),
        field(
            "link",
            Kind::Text,
            "Where to see it (a pull request, a document).",
        ),
        field(
            "from",
            Kind::Text,
            "Who recorded or witnessed it (a member id or a name).",
        ),
    ],
    open: false,
};

/// The front matter of a framework file (`frameworks/ID.md`), in the
/// shape published frameworks use; their other keys are read past.
pub static FRAMEWORK: Table = Table {
    what: "a framework file (`frameworks/ID.md`)",
    path: "",
    fields: &[
        field("title", Kind::Text, "The framework's name."),
        field("levels", Kind::Level, "How many levels it has.").required(),
        field(
            "topics",
            Kind::List(&TOPIC),
            "What it describes at each level.",
        ),
    ],
    open: true,
};

/// An entry of a framework's `topics`.
pub static TOPIC: Table = Table {
    what: "a framework topic",
    path: "topics[]",
    fields: &[
        field("name", Kind::Text, "The topic's id, which evidence names.").required(),
        field("title", Kind::Text, "The topic, in words."),
        field(
            "content",
            Kind::List(&TOPIC_LEVEL),
            "What the topic looks like at each level.",
        ),
    ],
    open: true,
};

/// An entry of a topic's `content`: one level.
pub static TOPIC_LEVEL: Table = Table {
    what: "a topic's level",
    path: "topics[].content[]",
    fields: &[
        field("level", Kind::Level, "The level it describes.").required(),
        field("criteria", Kind::Texts, "What someone at this level does."),
        field(
            "exampleCriteria",
            Kind::List(&EXAMPLE_CRITERION),
            "Criteria with examples.",
        ),
    ],
    open: true,
};

/// An entry of `exampleCriteria`.
pub static EXAMPLE_CRITERION: Table = Table {
    what: "an example criterion",
    path: "topics[].content[].exampleCriteria[]",
    fields: &[
        field("criteria", Kind::Text, "The criterion."),
        field("examples", Kind::Texts, "What meeting it looks like."),
    ],
    open: true,
};

/// An entry of `learning`.
pub static LEARNING_GOAL: Table = Table {
    what: "a learning goal",
    path: "learning[]",
    fields: &[
        field("id", Kind::Text, ENTRY_ID),
        field("goal", Kind::Text, "What they are learning.").required(),
        field(
            "kind",
            Kind::Word(GoalKind::words_list),
            "How they learn it.",
        ),
        field(
            "area",
            Kind::Text,
            "The growth area it serves (one of `growth_areas`).",
        ),
        field(
            "status",
            Kind::Word(GoalStatus::words_list),
            "Where it stands.",
        )
        .default("active"),
        field("started", Kind::Date, "When it started."),
        field("target", Kind::Date, "When it should be reached."),
        field("updated", Kind::Date, "When progress was last recorded.").default("`started`"),
        field(
            "progress",
            Kind::Percent,
            "How far along it is, in percent.",
        ),
    ],
    open: false,
};

/// An entry of `ownership`.
pub static OWNERSHIP: Table = Table {
    what: "an ownership entry",
    path: "ownership[]",
    fields: &[
        field("area", Kind::Text, "What they own.").required(),
        field(
            "autonomy",
            Kind::Word(Autonomy::words_list),
            "How far they decide alone.",
        ),
        field("since", Kind::Date, "Since when."),
    ],
    open: false,
};

/// An entry of `feedback`.
pub static FEEDBACK: Table = Table {
    what: "a feedback entry",
    path: "feedback[]",
    fields: &[
        field("date", Kind::Date, "When it was given.").required(),
        field("from", Kind::Text, "Who gave it (a member id or a name)."),
        field(
            "kind",
            Kind::Word(FeedbackKind::words_list),
            "What kind of conversation it was.",
        ),
        field("note", Kind::Text, "What was said, in short."),
        PRIVATE_FIELD,
        READERS_FIELD,
        SEALED_FIELD,
    ],
    open: false,
};

/// An entry of `support`.
pub static SUPPORT: Table = Table {
    what: "a support entry",
    path: "support[]",
    fields: &[
        field(
            "what",
            Kind::Text,
            "The support given (a course, coaching, time); a private entry may leave it out (sealed, or purged from the history).",
        )
        .required(),
        field("date", Kind::Date, "When."),
        PRIVATE_FIELD,
        READERS_FIELD,
        SEALED_FIELD,
    ],
    open: false,
};

/// An entry of `objectives`.
pub static OBJECTIVE: Table = Table {
    what: "an objective",
    path: "objectives[]",
    fields: &[
        field("id", Kind::Text, ENTRY_ID),
        field("objective", Kind::Text, "What they aim to achieve.").required(),
        field(
            "outcome",
            Kind::TextOrTexts,
            "The id (or ids) of the vision outcomes it serves.",
        ),
        field("due", Kind::Date, "When it is due."),
        field(
            "status",
            Kind::Word(ObjectiveStatus::words_list),
            "Where it stands.",
        )
        .default("on-track"),
        field(
            "progress",
            Kind::Percent,
            "How far along it is, in percent.",
        ),
    ],
    open: false,
};

/// The front matter of `vision.md` (the root's or a sub-team's).
pub static VISION: Table = Table {
    what: "vision.md",
    path: "",
    fields: &[
        field(
            "team",
            Kind::Text,
            "The team's name; the report's title by default.",
        )
        .required(),
        field("statement", Kind::Text, "The vision, in a sentence or two.").required(),
        field("horizon", Kind::Date, "When the vision should be real."),
        field("values", Kind::Texts, "What the team holds to."),
        field(
            "outcomes",
            Kind::List(&OUTCOME),
            "What the vision means in results; objectives name them.",
        ),
    ],
    open: false,
};

/// An entry of `outcomes` in `vision.md`.
pub static OUTCOME: Table = Table {
    what: "an outcome",
    path: "outcomes[]",
    fields: &[
        field(
            "id",
            Kind::Text,
            "A short id objectives refer to (`faster-onboarding`).",
        )
        .required(),
        field("title", Kind::Text, "The outcome, in words.").required(),
        field("measure", Kind::Text, "How it is measured."),
        field("owner", Kind::Text, "Member id of who owns it."),
        field(
            "serves",
            Kind::TextOrTexts,
            "In a sub-team's vision: ids of the outcomes above that it serves.",
        ),
    ],
    open: false,
};

/// Every table, in the order `docs/format.md` documents them.
pub static ALL: &[&Table] = &[
    &MEMBER,
    &LEARNING_GOAL,
    &OWNERSHIP,
    &FEEDBACK,
    &SUPPORT,
    &OBJECTIVE,
    &EVIDENCE,
    &VISION,
    &OUTCOME,
    &FRAMEWORK,
    &TOPIC,
    &TOPIC_LEVEL,
    &EXAMPLE_CRITERION,
];
