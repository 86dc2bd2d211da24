//! The command line, declared with clap's derive API, and the manual
//! pages made from it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod args;
pub use args::*;
use jiff::civil::Date;

/// Keep a team's growth records in git: check them like a compiler, render a
/// team-mastery report.
#[derive(Debug, Parser)]
#[command(name = "mastery", version, propagate_version = true)]
#[command(
    after_help = "Examples:\n  mastery init my-team\n  mastery check sample-team\n  mastery build sample-team    # then open report/index.html\n  mastery serve sample-team\n  mastery explain missing-feedback"
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, under a heading of their own in each
/// command's `--help`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Check as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Read this configuration instead of DIR/mastery.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// When to colour output (NO_COLOR is honoured under `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only the findings that fail the run (errors; warnings too
    /// under `--deny warnings`) and errors: no summaries or notes. The
    /// json, sarif and github formats, read by tools, are never shortened.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what was read and how long each step took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a team directory and print its findings.
    #[command(
        after_help = "Examples:\n  mastery check sample-team\n  mastery check --format json .\n  mastery check --deny warnings --as-of 2026-11-27 my-team\n  mastery check --format github --changed-since origin/main team"
    )]
    Check(CheckArgs),
    /// Check a team directory, then write its HTML team-mastery report.
    #[command(
        after_help = "Examples:\n  mastery build sample-team\n  mastery build my-team -o public/mastery --as-of 2026-11-27\n  mastery build my-team --templates my-templates"
    )]
    Build(BuildArgs),
    /// Build, then rebuild on every change until Ctrl-C.
    #[command(
        after_help = "Examples:\n  mastery watch sample-team\n  mastery watch my-team -o report --poll"
    )]
    Watch(WatchArgs),
    /// Watch, and serve the report on 127.0.0.1 with live reload.
    #[command(
        after_help = "Examples:\n  mastery serve sample-team\n  mastery serve my-team --port 4001"
    )]
    Serve(ServeArgs),
    /// A language server for editors: findings as you type, completion, rename.
    #[command(
        after_help = "Speaks the Language Server Protocol on standard input and output; editors start it themselves (docs/editors.md: VS Code, Neovim, Helix, Zed). It checks the team of each file the editor opens: the topmost folder at or above it with a vision.md.\n\nExamples:\n  mastery lsp"
    )]
    Lsp {
        /// Talk over standard input and output (the only transport; for
        /// clients that pass it).
        #[arg(long)]
        stdio: bool,
    },
    /// What changed between two states of a team in git: a review cycle.
    #[command(
        after_help = "FROM and TO are git revisions (a commit, tag or branch) or dates (YYYY-MM-DD: the last commit on HEAD's history by the end of that day, UTC); TO defaults to the work tree, uncommitted edits included.\n\nExamples:\n  mastery diff 2026-07-01 --dir team\n  mastery diff v1 v2 --dir team --format markdown > review.md"
    )]
    Diff(DiffArgs),
    /// Create a starter team: vision.md, one member, mastery.toml, .gitignore.
    #[command(
        after_help = "With --sub, DIR is a sub-team's folder inside a team: only DIR/vision.md is written, its outcome serving the first outcome of the nearest vision above.\n\nExamples:\n  mastery init my-team && mastery check my-team\n  mastery init my-team --framework\n  mastery init --sub my-team/platform"
    )]
    Init {
        /// Where to create it (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Start a sub-team's vision in DIR instead, serving the vision above.
        #[arg(long, conflicts_with = "lead")]
        sub: bool,
        /// The team lead's member id: their file is `ID.md` and the
        /// vision's first outcome names them as its owner (default
        /// `team-lead`).
        #[arg(long, value_name = "ID")]
        lead: Option<String>,
        /// Also write an example growth framework, `frameworks/engineering.md`.
        #[arg(long, conflicts_with = "sub")]
        framework: bool,
    },
    /// Create a member file with every field, commented.
    #[command(
        after_help = "Examples:\n  mastery new alex-kim\n  mastery new sam --dir my-team/platform --name \"Sam Ortiz\" --role \"Platform Engineer\" --manager alex-kim --joined 2026-11-02"
    )]
    New(NewArgs),
    /// Record feedback or support in a member's file, keeping every other byte.
    #[command(
        subcommand,
        after_help = "Examples:\n  mastery log feedback alice --from bob --kind one-on-one \"Led the incident review well\"\n  mastery log support alice \"Conference ticket\" --dir my-team"
    )]
    Log(LogCommand),
    /// Start a learning goal, or move one: progress, done, paused, dropped.
    #[command(
        after_help = "GOAL names a goal by its text or the start of it; --new starts one. Done sets progress to 100 unless --progress says otherwise.\n\nExamples:\n  mastery goal alice \"Give a talk\" --new --area \"Public speaking\" --target 2027-03-01\n  mastery goal alice \"Give a\" --progress 60\n  mastery goal alice \"Give a talk\" --status done"
    )]
    Goal(GoalArgs),
    /// Record evidence against a criterion of the member's growth framework.
    #[command(
        after_help = "The member's framework is the one their `track` names (or the team's only one, `frameworks/ID.md`). --criterion names a criterion of the topic at that level by its text or a beginning only it has; the entry keeps its whole text. The entry goes first under `evidence`, every other byte kept.\n\nExamples:\n  mastery evidence alice --topic communication --level 3 --criterion \"Proactively gives\" \"Ran the incident review\" --link https://example.org/pr/123"
    )]
    Evidence(EvidenceArgs),
    /// Move an objective: its progress, or mark it done, at risk or dropped.
    #[command(
        after_help = "OBJECTIVE names an objective by its text or the start of it. Done sets progress to 100 unless --progress says otherwise.\n\nExamples:\n  mastery objective alice \"Cut checkout\" --progress 80\n  mastery objective alice \"Cut checkout\" --status done"
    )]
    Objective(ObjectiveArgs),
    /// A Markdown agenda for the next one-on-one with a member (for the manager).
    #[command(
        name = "1on1",
        after_help = "The agenda lists feedback since the last one-on-one, learning goals and objectives that are stale, at risk or due within 14 days, open findings, and the lines of the member's notes that begin `TODO:` or `DISCUSS:`.\n\nExamples:\n  mastery 1on1 alice-chen --dir my-team\n  mastery 1on1 alice-chen --dir my-team --include-private -o agenda.md"
    )]
    OneOnOne(OneOnOneArgs),
    /// A Markdown promotion packet: for each framework topic, what the next level asks and the evidence for it.
    #[command(
        after_help = "The member's framework is the one their `track` names (or the team's only one). For each topic: the criteria of the level above theirs with the evidence that names each, other evidence at that level, the feedback whose note mentions the topic, and what is still missing.\n\nExamples:\n  mastery packet alice-chen --dir my-team\n  mastery packet alice-chen --dir my-team --since 2026-06-01 -o packet.md"
    )]
    Packet(PacketArgs),
    /// Export the team for spreadsheets and HR tools: a CSV row per member, or JSON with every record.
    #[command(
        after_help = "Examples:\n  mastery export my-team --format csv > team.csv\n  mastery export my-team --format json -o team.json"
    )]
    Export(ExportArgs),
    /// Rename a member: their file, and every id that names them.
    #[command(
        after_help = "Renames OLD.md to NEW.md and changes every `manager`, `mentor`, `from`, `readers` and outcome `owner` that names OLD, keeping every other byte. A taken or unsafe NEW is refused.\n\nExamples:\n  mastery rename alex alex-kim --dir my-team"
    )]
    Rename {
        /// The member's id now.
        old: String,
        /// The id they are to have (letters, digits, `-`, `_`).
        new: String,
        /// The team directory (holds vision.md).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Seal every private entry in clear whose readers all have keys.
    #[command(
        after_help = "Each private feedback or support entry in clear is sealed with age for its readers (its `readers`, else its author and the member's manager, plus `[private] recipients`), when every reader has `keys:`; every other byte of the file stays. Only `date`, `private`, `readers` and `sealed` stay in clear. See docs/private.md.\n\nExamples:\n  mastery seal my-team\n  mastery seal my-team && git commit -am \"Seal private feedback\""
    )]
    Seal {
        /// The team directory (holds vision.md).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Seal again the entries whose readers changed (a new manager), with an identity that opens them.
    #[command(
        after_help = "A sealed entry whose readers leave out the member's current manager is opened with the identities given and sealed again for its readers and the manager. With --all, every entry the identities open is sealed again (after a reader's key changed).\n\nExamples:\n  mastery reseal my-team --identity ~/.config/mastery/identity.txt\n  mastery reseal my-team --all"
    )]
    Reseal {
        /// The team directory (holds vision.md).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Seal again every entry the identities open, not only those
        /// whose readers changed.
        #[arg(long)]
        all: bool,
        /// Where the secret keys come from.
        #[command(flatten)]
        identity: IdentityArgs,
    },
    /// Print a member's private entries, opening the sealed ones you are a reader of.
    #[command(
        after_help = "Examples:\n  mastery unseal alice-chen --dir my-team\n  MASTERY_IDENTITY=~/keys/me.txt mastery unseal alice-chen"
    )]
    Unseal {
        /// The member id (file name without `.md`).
        id: String,
        /// The team directory (holds vision.md).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
        /// Where the secret keys come from.
        #[command(flatten)]
        identity: IdentityArgs,
    },
    /// Write the `git filter-repo --replace-text` file that takes private entries committed in clear out of the history.
    #[command(
        name = "purge-text",
        after_help = "Reads HEAD's history for every version of a private entry that said something in clear (its note, or what was given), while private or while public before it was made private, and writes one expression each: the entry becomes its date alone, marked private, so every rewritten commit still parses and `private-in-history` is silent. The file holds the private text it purges: it must lie outside the repository, and be deleted after use. See docs/private.md.\n\nExamples:\n  mastery purge-text my-team -o ../purge.txt\n  git clone --no-local . ../purged && cd ../purged && git filter-repo --replace-text ../purge.txt"
    )]
    PurgeText {
        /// The team directory (holds vision.md), inside a git work tree.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The file to write, outside the repository (it holds the text to purge).
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
    },
    /// List every rule: id, default level, one line.
    #[command(after_help = "Example:\n  mastery rules")]
    Rules,
    /// Explain what a rule checks, why it matters and how to fix it.
    #[command(after_help = "Example:\n  mastery explain stale-learning-goal")]
    Explain {
        /// The rule id, as `mastery rules` lists it.
        rule: String,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  mastery completions bash > ~/.local/share/bash-completion/completions/mastery\n  mastery completions zsh > ~/.zfunc/_mastery\n  mastery completions fish > ~/.config/fish/completions/mastery.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): mastery(1), or one command's.
    #[command(
        after_help = "Examples:\n  mastery man > mastery.1 && man ./mastery.1\n  mastery man check | man -l -\n  mastery man --out /usr/local/share/man/man1"
    )]
    Man {
        /// The command whose page to print (`check` prints mastery-check(1)).
        command: Option<String>,
        /// Write every page (mastery.1, mastery-check.1, ...) into this folder instead.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        out: Option<PathBuf>,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    mastery::date::parse(text)
}

/// Every manual page, `mastery` first and then one per command
/// (`mastery-check`...), as (name, roff), each with its exit status.
pub fn man_pages() -> Vec<(String, String)> {
    use clap::CommandFactory;
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    std::iter::once(&cli)
        .chain(cli.get_subcommands())
        .map(|command| {
            let name = command
                .get_display_name()
                .unwrap_or(command.get_name())
                .to_owned();
            let mut roff = Vec::new();
            clap_mangen::Man::new(command.clone())
                .render(&mut roff)
                .expect("writing to memory cannot fail");
            let mut roff = String::from_utf8(roff).expect("clap_mangen writes UTF-8");
            roff.push_str(".SH \"EXIT STATUS\"\n");
            for (code, meaning) in exit_status(command.get_name()) {
                roff.push_str(&format!(".TP\n{code}\n{meaning}\n"));
            }
            (name, roff)
        })
        .collect()
}

/// What each exit code of a command means.
fn exit_status(command: &str) -> &'static [(u8, &'static str)] {
    const USAGE: (u8, &str) = (
        2,
        "Usage, configuration or I/O error (the message says which).",
    );
    match command {
        "check" => &[
            (
                0,
                "No error-level finding (under --deny warnings, no warning either).",
            ),
            (
                1,
                "Error-level findings (or warnings under --deny warnings).",
            ),
            USAGE,
        ],
        "build" => &[
            (0, "The report was written; no error-level finding."),
            (1, "The report was written; there are error-level findings."),
            (
                2,
                "Usage, configuration or I/O error; the report folder is as it was.",
            ),
        ],
        "diff" => &[(0, "The changes were printed."), USAGE],
        "watch" | "serve" => &[
            (0, "Stopped by Ctrl-C or SIGTERM after the current rebuild."),
            USAGE,
            (130, "A second Ctrl-C or SIGTERM ended it at once."),
        ],
        "mastery" => &[
            (0, "Success: for check and build, no error-level finding."),
            (1, "check or build found error-level findings."),
            USAGE,
        ],
        _ => &[(0, "Success."), USAGE],
    }
}

#[cfg(test)]
mod tests;
