//! `mastery log feedback|support`, `mastery goal`, `mastery objective`:
//! record in one command, in the member's file, every other byte kept.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, GoalArgs, LogCommand, ObjectiveArgs};
use anyhow::{Context as _, bail};
use mastery::config::Config;
use mastery::edit::{self, Change, field, scalar, text_of};
use mastery::load::{self, WorkTree};
use mastery::model::{
    EntryKind, FeedbackKind, GoalKind, GoalStatus, Keyword, ObjectiveStatus, Place, Seal,
};
use mastery::paths::{Existing, FolderLock, write_file};
use mastery::project::{Project, as_of_or_today};
use mastery::suggest::{Named, named};
use mastery::yaml::{Node, Value};

use super::SUCCESS;

/// The byte-order mark some editors begin a file with: kept as it was.
const BOM: &str = "\u{feff}";

/// A member's record, read for editing.
pub(super) struct Record {
    /// Team-relative path, for messages.
    pub path: String,
    /// The file to write.
    pub file: PathBuf,
    /// The file's text.
    pub text: String,
    /// Its front matter.
    pub root: Node,
}

impl Record {
    /// A record (a member's, a vision) of the team at `dir`, as it was
    /// loaded.
    pub fn of(dir: &Path, loaded: &mastery::model::Record) -> anyhow::Result<Self> {
        let source = &loaded.source;
        let Some(root) = load::front_matter(loaded) else {
            bail!("`{}` does not read as a record; fix it first", source.path);
        };
        Ok(Self {
            path: source.path.clone(),
            file: {
                // A name that is not UTF-8 is kept escaped in the text.
                let written = dir.join(&source.path);
                if written.exists() {
                    written
                } else {
                    dir.join(mastery::paths::from_text(&source.path))
                }
            },
            text: source.text.clone(),
            root,
        })
    }

    /// The record of member `id` in the team at `dir`.
    fn open(cli: &Cli, dir: &Path, id: &str) -> anyhow::Result<Self> {
        let tree = WorkTree::new(dir, None);
        let config = Config::load(&tree, cli.global.config.as_deref())?;
        let found = load::member_files(&tree, &config.layout)?;
        let members = found.iter();
        let Some(file) = members.clone().find(|f| load::member_id(&f.path) == id) else {
            let ids: Vec<String> = members.map(|f| load::member_id(&f.path)).collect();
            return Err(super::no_member(id, ids.iter().map(String::as_str), dir));
        };
        let (record, node) = load::read_record(&tree, file, config.limits.max_file_bytes);
        let root = match node {
            Some(root) if !record.front_matter_failed() => root,
            _ => bail!(
                "`{}` does not read as a record; fix it first (`mastery check {}` says how)",
                file.path,
                dir.display()
            ),
        };
        Ok(Self {
            path: file.path.clone(),
            file: file.file.clone(),
            text: record.source.text.clone(),
            root,
        })
    }

    /// The items of the list under `key` (none when absent or empty).
    fn items(&self, key: &str) -> &[Node] {
        match field(&self.root, key) {
            Some((
                _,
                Node {
                    value: Value::Seq(items),
                    ..
                },
            )) => items,
            _ => &[],
        }
    }

    /// Make `changes`, check the result still reads as the same kind of
    /// record, and replace the file atomically, its byte-order mark kept.
    /// A file that changed since it was read (an editor saved it) is not
    /// replaced: that change would be lost. (Record commands hold the
    /// team's [`FolderLock`], so they never change it under each other.)
    pub fn write(&self, changes: Vec<Change>) -> anyhow::Result<()> {
        let text = edit::apply(&self.text, changes);
        let (record, node) = load::parse_record(self.path.clone(), text.clone().into_bytes());
        if node.is_none() || record.front_matter_failed() {
            bail!(
                "the edit would leave `{}` unreadable, so nothing was written; edit it by hand",
                self.path
            );
        }
        let now = std::fs::read(&self.file)
            .with_context(|| format!("cannot read `{}` again", self.path))?;
        let bom = now.starts_with(BOM.as_bytes());
        if now[if bom { BOM.len() } else { 0 }..] != *self.text.as_bytes() {
            bail!(
                "`{}` changed while mastery was editing it, so nothing was written; run the command again",
                self.path
            );
        }
        let bytes = if bom { format!("{BOM}{text}") } else { text };
        write_file(&self.file, bytes.as_bytes(), Existing::Replace)
    }
}

/// Fields to set on an entry, and how to say each.
#[derive(Default)]
struct Moves {
    fields: Vec<(&'static str, String)>,
    said: Vec<String>,
}

impl Moves {
    /// Set `key` to a value (as YAML, as said), when given.
    fn set(&mut self, key: &'static str, value: Option<(String, String)>) {
        if let Some((yaml, shown)) = value {
            self.fields.push((key, yaml));
            self.said.push(format!("{key} {shown}"));
        }
    }
}

/// The word an option gives, of a closed set, or an error naming the set.
fn word_option<K: Keyword>(
    option: &str,
    word: Option<&str>,
) -> anyhow::Result<Option<&'static str>> {
    let Some(word) = word else {
        return Ok(None);
    };
    match K::ALL.iter().find(|(w, _)| *w == word) {
        Some((w, _)) => Ok(Some(w)),
        None => {
            let hint = mastery::suggest::did_you_mean(word, K::words_list())
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            bail!("{option} must be one of {}{hint}", K::words())
        }
    }
}

/// The one entry of `items` whose `key` text is `name` or begins with it
/// (ignoring case): its index, or `None` when none does. Two or more that
/// begin with it are refused, each named.
fn pick(items: &[Node], key: &str, name: &str, what: &str) -> anyhow::Result<Option<usize>> {
    let titles: Vec<&str> = items
        .iter()
        .map(|item| text_of(item, key).unwrap_or(""))
        .collect();
    match named(name, &titles) {
        Named::Same(i) => Ok(Some(i)),
        Named::Begun(begun) => match begun.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => {
                let names: Vec<String> = many.iter().map(|&i| format!("“{}”", titles[i])).collect();
                bail!(
                    "“{name}” begins {} {what}s: {}; give more of the one you mean",
                    many.len(),
                    names.join(" and ")
                )
            }
        },
    }
}

pub fn log(
    cli: &Cli,
    command: &LogCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let today = as_of_or_today(cli.global.as_of);
    let (id, dir, list, date, author, mut fields, private, in_clear, said) = match command {
        LogCommand::Feedback {
            id,
            note,
            from,
            kind,
            private,
            in_clear,
            date,
            dir,
        } => {
            let date = date.unwrap_or(today);
            let mut fields = vec![("from", scalar(from))];
            if let Some(kind) = word_option::<FeedbackKind>("--kind", kind.as_deref())? {
                fields.push(("kind", kind.to_owned()));
            }
            if let Some(note) = note {
                fields.push(("note", scalar(&from_stdin(note)?)));
            }
            let said = format!("feedback from {from} ({date})");
            (
                id,
                dir,
                EntryKind::Feedback,
                date,
                Some(from.as_str()),
                fields,
                *private,
                *in_clear,
                said,
            )
        }
        LogCommand::Support {
            id,
            what,
            private,
            in_clear,
            date,
            dir,
        } => {
            let date = date.unwrap_or(today);
            let what = from_stdin(what)?;
            let said = if *private {
                format!("support ({date})")
            } else {
                format!("support “{what}” ({date})")
            };
            let fields = vec![("what", scalar(&what))];
            let (private, in_clear) = (*private, *in_clear);
            let list = EntryKind::Support;
            (id, dir, list, date, None, fields, private, in_clear, said)
        }
    };
    let date = date.to_string();
    super::team_folder(dir)?;
    let _lock = FolderLock::acquire(dir)?;
    // A private entry needs its readers' keys: the team is read once, and
    // the record taken from it.
    let project = private
        .then(|| super::open_records(cli, dir, cli.global.as_of))
        .transpose()?;
    let record = match &project {
        Some(project) => {
            let index = super::member_index(&project.team, id, dir)?;
            Record::of(dir, &project.team.members[index].record)?
        }
        None => Record::open(cli, dir, id)?,
    };
    let fields = if let Some(project) = &project {
        match sealed(project, id, list, author, &date, &fields)? {
            Ok(sealed) => sealed,
            // Once a team seals, a note in clear would be read by everyone
            // with the repository (and kept by its history): refused.
            Err(unsealed) if unsealed.team_seals && !in_clear => bail!(
                "nothing was written: this team seals private entries, and this one cannot be sealed: {}; add the key (docs/private.md), or give --in-clear to write it in clear on purpose",
                unsealed.why
            ),
            Err(unsealed) => {
                writeln!(
                    err,
                    "note: written in clear, marked private: {}",
                    unsealed.why
                )?;
                fields.push(("private", "true".to_owned()));
                fields
            }
        }
    } else {
        fields
    };
    // Feedback is dated first; support says what first (as the starter
    // files write them); a sealed entry holds its own date.
    let mut entry = fields;
    if !entry.iter().any(|(k, _)| *k == "date") {
        let at = if list == EntryKind::Support { 1 } else { 0 };
        entry.insert(at.min(entry.len()), ("date", date));
    }
    // Newest first, as the starter files say.
    let changes = edit::add_entry(&record.text, &record.root, list.key(), &entry, true)?;
    record.write(changes)?;
    let how = if private { "private " } else { "" };
    done(cli, out, &format!("added {how}{said} to {}", record.path))
}

/// `text`, or standard input when it is `-` (a private note stays out of
/// the shell's history), its last line break dropped.
pub(super) fn from_stdin(text: &str) -> anyhow::Result<String> {
    if text != "-" {
        return Ok(text.to_owned());
    }
    let read =
        std::io::read_to_string(std::io::stdin().lock()).context("cannot read standard input")?;
    let read = read.strip_suffix('\n').unwrap_or(&read);
    let read = read.strip_suffix('\r').unwrap_or(read);
    if read.trim().is_empty() {
        bail!("standard input is empty: give the text after `-` on standard input");
    }
    Ok(read.to_owned())
}

/// The fields of a new private entry by `author` for member `id`, sealed
/// in memory for its readers (the clear text is never written); or why it
/// cannot be (a reader without a usable key, no reader), and whether the
/// team seals (a member has keys, or recipients are configured), when
/// writing it in clear would leak it.
fn sealed(
    project: &Project,
    id: &str,
    list: EntryKind,
    author: Option<&str>,
    date: &str,
    fields: &[(&'static str, String)],
) -> anyhow::Result<Result<Vec<(&'static str, String)>, Unsealed>> {
    let keyring = mastery::model::Keyring::new(&project.team, &project.config.private.recipients);
    let Some(member) = keyring.member(id) else {
        return Ok(Err(Unsealed {
            why: format!("`{id}` is not a readable member record"),
            team_seals: keyring.seals(),
        }));
    };
    let readers: Vec<String> = (member.default_readers(author, |r| keyring.is_member(r)))
        .into_iter()
        .map(str::to_owned)
        .collect();
    let seal = Seal {
        readers,
        recipients: keyring.recipients().to_vec(),
        place: Some(Place {
            member: id.to_owned(),
            list: Some(list),
            date: date.parse().ok(),
        }),
    };
    let keys_text: String = fields.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    let why = match keyring.seal(&seal, &keys_text)? {
        Ok(armor) => {
            let readers: Vec<&str> = seal.readers.iter().map(String::as_str).collect();
            return Ok(Ok(edit::sealed_fields(Some(date), &readers, armor)));
        }
        Err(missing) if missing.is_empty() => "it has no reader to seal it for (no manager, an author who is not a member, no `[private] recipients`)".to_owned(),
        Err(missing) => {
            let lacking: Vec<String> = missing.iter().map(|m| keyring.lacking(m)).collect();
            lacking.join("; ")
        }
    };
    Ok(Err(Unsealed {
        why,
        team_seals: keyring.seals(),
    }))
}

/// Why a private entry could not be sealed.
struct Unsealed {
    why: String,
    /// The team seals its private entries: one in clear would leak.
    team_seals: bool,
}

pub fn goal(cli: &Cli, args: &GoalArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let today = as_of_or_today(cli.global.as_of);
    super::team_folder(&args.dir)?;
    let _lock = FolderLock::acquire(&args.dir)?;
    let record = Record::open(cli, &args.dir, &args.id)?;
    let status = word_option::<GoalStatus>("--status", args.status.as_deref())?;
    let kind = word_option::<GoalKind>("--kind", args.kind.as_deref())?;
    let goals = record.items("learning");
    let titles: Vec<&str> = (goals.iter()).filter_map(|g| text_of(g, "goal")).collect();
    let found = if args.new {
        if let Some(same) = titles.iter().find(|t| t.eq_ignore_ascii_case(&args.goal)) {
            bail!(
                "`{}` already has the learning goal “{same}”; move it without --new",
                args.id
            );
        }
        None
    } else {
        let found = pick(goals, "goal", &args.goal, "learning goal")?;
        if found.is_none() {
            bail!(
                "no learning goal of `{}` begins “{}”{}; to start it, add --new",
                args.id,
                args.goal,
                listed(&titles, "no goals")
            );
        }
        found
    };
    let said = match found {
        Some(index) => {
            let title = text_of(&goals[index], "goal").unwrap_or("(untitled)");
            let mut moves = Moves::default();
            moves.set("progress", progress(args.progress, status));
            moves.set("status", status.map(|s| (s.to_owned(), s.to_owned())));
            moves.set(
                "target",
                args.target.map(|t| (t.to_string(), t.to_string())),
            );
            moves.set("area", args.area.as_ref().map(|a| (scalar(a), a.clone())));
            moves.set("kind", kind.map(|k| (k.to_owned(), k.to_owned())));
            let Moves { mut fields, said } = moves;
            if fields.is_empty() {
                bail!(
                    "say what changed: --progress N, --status {}, --target or --area",
                    GoalStatus::words()
                );
            }
            // Any move is progress on the goal: `stale-learning-goal` reads it.
            fields.push(("updated", today.to_string()));
            let changes = edit::set_fields(&record.text, &goals[index], &fields)?;
            record.write(changes)?;
            format!("learning goal “{title}”: {}", said.join(", "))
        }
        None => {
            let mut fields = vec![("goal", scalar(&args.goal))];
            if let Some(kind) = kind {
                fields.push(("kind", kind.to_owned()));
            }
            if let Some(area) = &args.area {
                fields.push(("area", scalar(area)));
            }
            fields.push(("status", status.unwrap_or("active").to_owned()));
            fields.push(("started", today.to_string()));
            if let Some(target) = args.target {
                fields.push(("target", target.to_string()));
            }
            fields.push(("updated", today.to_string()));
            fields.push(("progress", args.progress.unwrap_or(0).to_string()));
            let changes = edit::add_entry(&record.text, &record.root, "learning", &fields, false)?;
            record.write(changes)?;
            format!("started learning goal “{}”", args.goal)
        }
    };
    done(cli, out, &format!("{said} in {}", record.path))
}

pub fn objective(cli: &Cli, args: &ObjectiveArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    super::team_folder(&args.dir)?;
    let _lock = FolderLock::acquire(&args.dir)?;
    let record = Record::open(cli, &args.dir, &args.id)?;
    let status = word_option::<ObjectiveStatus>("--status", args.status.as_deref())?;
    let objectives = record.items("objectives");
    let Some(index) = pick(objectives, "objective", &args.objective, "objective")? else {
        let titles: Vec<&str> = (objectives.iter())
            .filter_map(|o| text_of(o, "objective"))
            .collect();
        bail!(
            "no objective of `{}` begins “{}”{}",
            args.id,
            args.objective,
            listed(
                &titles,
                "none (add them in the file: they name vision outcomes)"
            )
        );
    };
    let mut moves = Moves::default();
    moves.set("progress", progress(args.progress, status));
    moves.set("status", status.map(|s| (s.to_owned(), s.to_owned())));
    let Moves { fields, said } = moves;
    if fields.is_empty() {
        bail!(
            "say what changed: --progress N or --status {}",
            ObjectiveStatus::words()
        );
    }
    let title = text_of(&objectives[index], "objective").unwrap_or(&args.objective);
    let changes = edit::set_fields(&record.text, &objectives[index], &fields)?;
    record.write(changes)?;
    done(
        cli,
        out,
        &format!(
            "objective “{title}”: {} in {}",
            said.join(", "),
            record.path
        ),
    )
}

/// "; it has “A”, “B”" (or "; it has NONE"), for an error naming what
/// the member has.
pub(super) fn listed(titles: &[&str], none: &str) -> String {
    if titles.is_empty() {
        return format!("; it has {none}");
    }
    let quoted: Vec<String> = titles.iter().map(|t| format!("“{t}”")).collect();
    format!("; it has {}", quoted.join(", "))
}

/// The progress to set, as YAML and as said: the one given, else 100 when
/// the entry is marked done (done is all the way).
fn progress(given: Option<u8>, status: Option<&str>) -> Option<(String, String)> {
    let progress = given.or((status == Some("done")).then_some(100))?;
    Some((progress.to_string(), format!("{progress}%")))
}

pub(super) fn done(cli: &Cli, out: &mut dyn Write, said: &str) -> anyhow::Result<u8> {
    if !cli.global.quiet {
        super::print(out, &format!("{said}\n"))?;
    }
    Ok(SUCCESS)
}

#[cfg(test)]
mod tests;
