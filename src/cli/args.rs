//! Each command's arguments (mdBook's command prelude: shared ones once).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;

use super::parse_date;

/// `mastery log`: add an entry to a member's record.
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Add a feedback entry (dated today unless --date).
    #[command(
        after_help = "Example:\n  mastery log feedback alice --from bob --kind one-on-one \"Led the incident review well\""
    )]
    Feedback {
        /// The member id (file name without `.md`).
        id: String,
        /// What was said, in a sentence; `-` reads it from standard input
        /// (it stays out of the shell's history).
        note: Option<String>,
        /// Who gave it: a member id or any name.
        #[arg(long)]
        from: String,
        /// praise, growth, one-on-one or review.
        #[arg(long)]
        kind: Option<String>,
        /// Keep it private: sealed for its readers. Once the team seals
        /// (a member has keys), a reader without a usable key is an error
        /// and nothing is written, unless --in-clear.
        #[arg(long)]
        private: bool,
        /// With --private, write it in clear (marked private) when it
        /// cannot be sealed, on purpose.
        #[arg(long, requires = "private")]
        in_clear: bool,
        /// The day it was given (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<Date>,
        /// The team directory (holds vision.md).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Add a support entry (dated today unless --date).
    #[command(after_help = "Example:\n  mastery log support alice \"Conference ticket\"")]
    Support {
        /// The member id (file name without `.md`).
        id: String,
        /// What was given; `-` reads it from standard input.
        what: String,
        /// Keep it private: sealed for its readers (see `log feedback`).
        #[arg(long)]
        private: bool,
        /// With --private, write it in clear (marked private) when it
        /// cannot be sealed, on purpose.
        #[arg(long, requires = "private")]
        in_clear: bool,
        /// The day (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<Date>,
        /// The team directory (holds vision.md).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

/// Where the secret keys that open sealed entries come from.
#[derive(Debug, Clone, Default, Args)]
pub struct IdentityArgs {
    /// An identity that opens sealed entries (repeatable): an age identity
    /// file or an unencrypted OpenSSH ed25519 key. Default: the file
    /// MASTERY_IDENTITY names (or the key it holds), else
    /// ~/.config/mastery/identity.txt, else ~/.ssh/id_ed25519.
    #[arg(long = "identity", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `mastery 1on1`.
#[derive(Debug, Args)]
pub struct OneOnOneArgs {
    /// The member id (file name without `.md`).
    pub id: String,
    /// The team directory (holds vision.md).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Include feedback marked `private: true` (the agenda says so),
    /// opening the sealed entries the identities can.
    #[arg(long)]
    pub include_private: bool,
    /// Where the secret keys come from, with --include-private.
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The team as committed at this git revision or date (YYYY-MM-DD: the
    /// last commit by the end of that day); as-of defaults to its date.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

/// `mastery packet`.
#[derive(Debug, Args)]
pub struct PacketArgs {
    /// The member id (file name without `.md`).
    pub id: String,
    /// The team directory (holds vision.md).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Only evidence and feedback dated this day or later.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<Date>,
    /// Include feedback marked `private: true` (the packet says so),
    /// opening the sealed entries the identities can.
    #[arg(long)]
    pub include_private: bool,
    /// Where the secret keys come from, with --include-private.
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// Write to this file (a new one) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `mastery export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The team directory (holds vision.md).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// csv: a row per member; json: the rows and each member's record.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Include feedback marked `private: true` (JSON only; CSV never holds
    /// feedback text), opening the sealed entries the identities can.
    #[arg(long)]
    pub include_private: bool,
    /// Where the secret keys come from, with --include-private.
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// The team as committed at this git revision or date (YYYY-MM-DD: the
    /// last commit by the end of that day); as-of defaults to its date.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

/// `export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values, a header row first.
    Csv,
    /// One JSON document.
    Json,
}

/// `mastery new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The member id: the file name without `.md` (letters, digits, `-`, `_`).
    pub id: String,
    /// The folder to create the file in (the team folder or a sub-team).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// The member's full name (default: from the id, `alex-kim` -> Alex Kim).
    #[arg(long)]
    pub name: Option<String>,
    /// Their role or title.
    #[arg(long)]
    pub role: Option<String>,
    /// Their manager's member id (a member of the team).
    #[arg(long, value_name = "ID")]
    pub manager: Option<String>,
    /// Their mentor's member id (a member of the team).
    #[arg(long, value_name = "ID")]
    pub mentor: Option<String>,
    /// The day they joined (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub joined: Option<Date>,
}

/// `mastery goal`.
#[derive(Debug, Args)]
pub struct GoalArgs {
    /// The member id (file name without `.md`).
    pub id: String,
    /// The goal's text, or the start of it.
    pub goal: String,
    /// Start a new goal with this text (without it, GOAL must name one of
    /// the member's goals: a typo never starts a goal).
    #[arg(long)]
    pub new: bool,
    /// Percent done, 0-100 (sets `updated` to today).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub progress: Option<u8>,
    /// active, done, paused or dropped.
    #[arg(long)]
    pub status: Option<String>,
    /// A new goal's growth area.
    #[arg(long)]
    pub area: Option<String>,
    /// A new goal's kind: course, mentoring, self-directed or practice.
    #[arg(long)]
    pub kind: Option<String>,
    /// The day it should be reached by.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub target: Option<Date>,
    /// The team directory (holds vision.md).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// `mastery evidence`.
#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// The member id (file name without `.md`).
    pub id: String,
    /// What happened, in short (`-` reads it from standard input).
    pub note: String,
    /// The framework topic it speaks to (its `name`).
    #[arg(long)]
    pub topic: String,
    /// The level it shows.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub level: u32,
    /// The criterion it meets at that level: its text, or a beginning only it has.
    #[arg(long, value_name = "PREFIX")]
    pub criterion: String,
    /// Where to see it (a pull request, a document).
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,
    /// Who recorded or witnessed it (a member id or a name).
    #[arg(long)]
    pub from: Option<String>,
    /// The day it happened (default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<Date>,
    /// The team directory (holds vision.md).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// `mastery objective`.
#[derive(Debug, Args)]
pub struct ObjectiveArgs {
    /// The member id (file name without `.md`).
    pub id: String,
    /// The objective's text, or the start of it.
    pub objective: String,
    /// Percent done, 0-100.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub progress: Option<u8>,
    /// on-track, at-risk, off-track, done or dropped.
    #[arg(long)]
    pub status: Option<String>,
    /// The team directory (holds vision.md).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// `mastery check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The team directory (holds vision.md).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
    /// Report per-file findings only for record files changed since this git
    /// ref (for pull requests); team-wide rules still report everything.
    #[arg(long, value_name = "REF", conflicts_with = "at")]
    pub changed_since: Option<String>,
    /// Check the team as committed at this git revision (a commit, tag or
    /// branch) or date (YYYY-MM-DD: the last commit by the end of that day),
    /// read from the repository; as-of defaults to its date.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// Do not read the repository's history: `backdated-entry` is silent
    /// and `stale-learning-goal` goes by `started` when `updated` is absent.
    #[arg(long)]
    pub no_history: bool,
    /// Print one line per rule with its count and level, most first,
    /// instead of the findings.
    #[arg(long, conflicts_with = "format")]
    pub statistics: bool,
    /// Apply the fixes that are certain (a misspelt key with one close
    /// match, done goals' and objectives' progress, a member's full name
    /// where their id belongs), keeping every other byte; then check.
    #[arg(long, conflicts_with_all = ["at", "changed_since"])]
    pub fix: bool,
    /// With --fix: show the changes as a diff instead of writing them (exit
    /// 1 when there are any).
    #[arg(long, requires = "fix")]
    pub diff: bool,
}

/// `mastery diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier state: a git revision or a date (YYYY-MM-DD).
    pub from: String,
    /// The later state (default: the work tree).
    pub to: Option<String>,
    /// The team directory (holds vision.md), inside a git work tree.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

/// `diff --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A summary for people.
    Human,
    /// One JSON document, for programs (docs/history.md).
    Json,
    /// Markdown, for a review document or a pull request.
    Markdown,
}

/// `mastery build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The team directory (holds vision.md).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Where and how to write the report.
    #[command(flatten)]
    pub report: ReportArgs,
    /// Build the report of the team as committed at this git revision (a
    /// commit, tag or branch) or date (YYYY-MM-DD: the last commit by the
    /// end of that day); as-of defaults to its date.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// Leave out what comes from the repository's history: the member
    /// timelines, the monthly trend charts and the history-based findings.
    #[arg(long)]
    pub no_history: bool,
    /// Write only this member's page, as OUT/index.html with its style, to
    /// share (a 1:1, a review packet): no link to the rest of the team, and
    /// no other member named but their manager and mentor.
    #[arg(long, value_name = "ID")]
    pub member: Option<String>,
    /// Show private entries (kept out by default), opening the sealed ones
    /// the identities can; OUT must lie outside the team's repository.
    /// Every page says so at its top.
    #[arg(long)]
    pub include_private: bool,
    /// Where the secret keys come from, with --include-private.
    #[command(flatten)]
    pub identity: IdentityArgs,
}

/// Options of every command that writes the report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Where to write the report (replaced as a whole on each build).
    #[arg(short, long, value_name = "OUT", default_value = "report")]
    pub out: PathBuf,
    /// A folder of templates that replace the built-in ones of the same name
    /// (base.html, index.html, member.html, team.html, matrix.html,
    /// findings.html, finding.html, style.css).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `mastery watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The team directory (holds vision.md).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Where and how to write the report.
    #[command(flatten)]
    pub report: ReportArgs,
    /// Milliseconds of quiet that end a burst of changes (an editor's save)
    /// before it is rebuilt.
    #[arg(long, value_name = "MS", default_value_t = 10)]
    pub debounce: u64,
    /// Poll for changes instead of using file-system events (network
    /// mounts, some containers); chosen automatically when the system's
    /// watch limit is reached.
    #[arg(long)]
    pub poll: bool,
}

/// `mastery serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// What to watch and build.
    #[command(flatten)]
    pub watch: WatchArgs,
    /// Port to listen on.
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// Address to listen on; anything but loopback exposes the report to
    /// your network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style text for people.
    Human,
    /// One JSON document for programs (its shape: docs/json.md).
    Json,
    /// GitHub Actions annotations (plus a step summary when
    /// GITHUB_STEP_SUMMARY is set).
    Github,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
}

/// What `--deny` can promote to a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Exit 1 when there is any warning.
    Warnings,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
