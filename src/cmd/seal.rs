//! `mastery seal`, `reseal` and `unseal`, and opening sealed entries for
//! `--include-private`: where the identities come from (the process's
//! environment and home folder) and the span edits that seal an entry.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, IdentityArgs};
use anyhow::Context as _;
use mastery::edit::{self, Change};
use mastery::load::source::read_regular_file;
use mastery::model::private::CLEAR_KEYS;
use mastery::model::{Keyring, Member, MemberStatus, Opening, Place, PrivateEntry, Seal};
use mastery::printable::printable;
use mastery::project::Project;
use mastery::seal::{Identities, Unopened};
use mastery::words::plural;
use mastery::yaml::{Node, Value};

use super::record::Record;

/// Largest identity file read: an age identity is a few lines, an OpenSSH
/// key a few kilobytes.
const MAX_IDENTITY_BYTES: u64 = 64 * 1024;

/// What a command that would open sealed entries says when no identity is
/// to be found.
const NO_IDENTITY: &str = "note: sealed entries stay closed: no identity given (--identity FILE, MASTERY_IDENTITY, ~/.config/mastery/identity.txt or ~/.ssh/id_ed25519)";

/// The identities given: `--identity` files, else `MASTERY_IDENTITY` (a
/// file, or the key itself), else `~/.config/mastery/identity.txt`, else
/// `~/.ssh/id_ed25519`; none when none of these is there.
pub fn identities(args: &IdentityArgs) -> anyhow::Result<Identities> {
    let mut identities = Identities::default();
    if !args.files.is_empty() {
        for file in &args.files {
            read_identity(&mut identities, file)?;
        }
        return Ok(identities);
    }
    if let Some(value) = std::env::var_os("MASTERY_IDENTITY").filter(|v| !v.is_empty()) {
        from_environment(&mut identities, &value)?;
        return Ok(identities);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let defaults = [".config/mastery/identity.txt", ".ssh/id_ed25519"];
    for default in home.iter().flat_map(|h| defaults.map(|d| h.join(d))) {
        if default.is_file() {
            read_identity(&mut identities, &default)?;
            break;
        }
    }
    Ok(identities)
}

/// `MASTERY_IDENTITY`: the text of an identity (a key, or a key file's
/// lines pasted into a CI secret, comments first) or a file's path. Its
/// value is never quoted unless it names a file that is there: it may be
/// a key.
fn from_environment(identities: &mut Identities, value: &std::ffi::OsStr) -> anyhow::Result<()> {
    const NAME: &str = "MASTERY_IDENTITY";
    let text = value.to_str();
    let is_text = text.is_some_and(|t| {
        t.contains('\n') || mastery::seal::looks_secret(t) || t.trim_start().starts_with('#')
    });
    if let Some(text) = text.filter(|_| is_text) {
        return identities.add_text(text, NAME);
    }
    let path = Path::new(value);
    if std::fs::symlink_metadata(path).is_err() {
        anyhow::bail!(
            "{NAME} is neither a file that is there nor an identity (its value is not shown: it may hold a key); set it to an identity file's path or to the key itself"
        );
    }
    read_identity(identities, path)
}

fn read_identity(identities: &mut Identities, path: &Path) -> anyhow::Result<()> {
    let name = path.display().to_string();
    let bytes = read_regular_file(path, MAX_IDENTITY_BYTES)
        .with_context(|| format!("cannot read the identity `{name}`"))?
        .with_context(|| format!("the identity `{name}` is too large to be a key"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("the identity `{name}` is not text"))?;
    identities.add_text(&text, &name)
}

/// With `--include-private`, open what the identities can and say how
/// many sealed entries stayed closed.
pub fn open_private(
    project: &mut Project,
    include_private: bool,
    args: &IdentityArgs,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let sealed = project
        .team
        .members
        .iter()
        .filter(|m| m.has_sealed())
        .count();
    if !include_private || sealed == 0 {
        return Ok(());
    }
    let identities = identities(args)?;
    if identities.is_empty() {
        writeln!(err, "{NO_IDENTITY}")?;
        return Ok(());
    }
    let opening = project.open_sealed(&identities);
    say_opening(&opening, err)
}

/// "opened 3 sealed entries; 2 are sealed for other readers".
fn say_opening(opening: &Opening, err: &mut dyn Write) -> anyhow::Result<()> {
    let mut said = format!(
        "note: opened {}",
        plural(opening.opened as i64, "sealed entry")
    );
    let others = opening.not_a_reader;
    if others > 0 {
        let verb = if others == 1 { "is" } else { "are" };
        said.push_str(&format!("; {others} {verb} sealed for other readers"));
    }
    if opening.damaged > 0 {
        said.push_str(&format!(
            "; {} could not be read (damaged, or changed after sealing)",
            plural(opening.damaged as i64, "entry")
        ));
    }
    if opening.misplaced > 0 {
        said.push_str(&format!(
            "; {} sealed for another place, not shown (misplaced-sealed)",
            plural(opening.misplaced as i64, "entry")
        ));
    }
    writeln!(err, "{said}")?;
    Ok(())
}

/// One entry to seal: where it is and what goes in.
struct Sealing<'a> {
    entry: PrivateEntry<'a>,
    /// Who it is for and where it belongs.
    seal: Seal,
    /// The entry's other keys as YAML lines, when opened (else read from
    /// the file).
    keys: Option<String>,
}

impl Sealing<'_> {
    /// Sealed for `readers`, with the configured recipients, bound to its
    /// place in `member`'s record.
    fn new<'a>(
        member: &Member,
        entry: PrivateEntry<'a>,
        readers: Vec<String>,
        keyring: &Keyring,
        keys: Option<String>,
    ) -> Sealing<'a> {
        let place = Place {
            member: member.id.clone(),
            list: Some(entry.kind),
            date: entry.date,
        };
        Sealing {
            entry,
            seal: Seal {
                readers,
                recipients: keyring.recipients().to_vec(),
                place: Some(place),
            },
            keys,
        }
    }
}

/// The change that writes `sealing` sealed in the record `text`.
fn sealed_change(
    text: &str,
    root: &Node,
    sealing: &Sealing,
    keyring: &Keyring,
) -> anyhow::Result<Option<Change>> {
    let Some(node) = entry_node(root, sealing.entry) else {
        return Ok(None);
    };
    let keys = match &sealing.keys {
        Some(keys) => keys.clone(),
        None => edit::keys_as_yaml(node, CLEAR_KEYS),
    };
    let Ok(armor) = keyring.seal(&sealing.seal, &keys)? else {
        return Ok(None);
    };
    let date =
        edit::field(node, "date").map(|(_, v)| &text[v.span.start..v.span.start + v.span.len]);
    let readers = ids(&sealing.seal.readers);
    let fields = edit::sealed_fields(date, &readers, armor);
    edit::replace_entry(text, node, &fields).map(Some)
}

/// Why a sealed entry stayed closed, for `unseal`.
fn closed(privacy: &mastery::model::Privacy) -> &'static str {
    if privacy.misplaced {
        "sealed for another place: copied here from another member, list or date (misplaced-sealed), not shown"
    } else if privacy.damaged {
        "cannot be read (damaged, or changed after sealing)"
    } else {
        "sealed for other readers"
    }
}

/// Borrowed ids, for the functions that take them so.
fn ids(readers: &[String]) -> Vec<&str> {
    readers.iter().map(String::as_str).collect()
}

/// The YAML node of a private entry in its record's front matter.
fn entry_node<'n>(root: &'n Node, entry: PrivateEntry) -> Option<&'n Node> {
    let (_, list) = edit::field(root, entry.kind.key())?;
    let Value::Seq(items) = &list.value else {
        return None;
    };
    items
        .iter()
        .find(|item| item.span.start == entry.privacy.extent.start)
}

/// The team at `dir`, checked, for an edit of its records.
fn open_team(cli: &Cli, dir: &Path) -> anyhow::Result<Project> {
    super::open_records(cli, dir, cli.global.as_of)
}

/// Write each member's sealed entries; how many were sealed, in how many
/// files.
fn write_sealed<'a>(
    dir: &Path,
    project: &'a Project,
    keyring: &Keyring<'a>,
    mut plan: impl FnMut(&'a Member) -> Vec<Sealing<'a>>,
) -> anyhow::Result<(usize, usize)> {
    let (mut sealed, mut files) = (0, 0);
    for member in &project.team.members {
        let sealings = plan(member);
        if sealings.is_empty() {
            continue;
        }
        let record = Record::of(dir, &member.record)?;
        let mut changes = Vec::new();
        for sealing in &sealings {
            changes.extend(sealed_change(&record.text, &record.root, sealing, keyring)?);
        }
        if changes.is_empty() {
            continue;
        }
        sealed += changes.len();
        files += 1;
        record.write(changes)?;
    }
    Ok((sealed, files))
}

/// `mastery seal [DIR]`.
pub fn seal(cli: &Cli, dir: &Path, out: &mut dyn Write) -> anyhow::Result<u8> {
    let _lock = mastery::paths::FolderLock::acquire(dir)?;
    let project = open_team(cli, dir)?;
    let keyring = Keyring::new(&project.team, &project.config.private.recipients);
    let mut left = 0;
    let (sealed, files) = write_sealed(dir, &project, &keyring, |member| {
        let mut plan = Vec::new();
        for entry in member.private_entries().filter(|e| e.privacy.in_clear()) {
            let readers = member.readers(&entry, |id| keyring.is_member(id));
            if keyring.keys(&readers).is_ok() {
                let readers = readers.into_iter().map(str::to_owned).collect();
                plan.push(Sealing::new(member, entry, readers, &keyring, None));
            } else {
                left += 1;
            }
        }
        plan
    })?;
    if !cli.global.quiet {
        let mut said = format!(
            "sealed {} in {}",
            plural(sealed as i64, "private entry"),
            plural(files as i64, "file")
        );
        if left > 0 {
            said.push_str(&format!(
                "; {} left in clear: a reader has no usable key (`mastery check {}` says which)",
                plural(left as i64, "entry"),
                dir.display()
            ));
        }
        writeln!(out, "{said}")?;
    }
    Ok(super::SUCCESS)
}

/// What `reseal` found among the sealed entries it did not seal again.
#[derive(Default)]
struct Left {
    /// Not opened by the identities given.
    closed: Opening,
    /// A reader still has no usable key.
    no_keys: usize,
    /// Keys in clear beside `sealed:`, or sealed without readers or a
    /// place inside (by hand): for a person to look at.
    aside: usize,
}

/// The readers an entry sealed for `sealed` is for now, in `member`'s
/// record: each resolved through `former_ids`, those who are no longer
/// members (or departed) dropped, and the current manager added.
fn readers_now(sealed: &[String], member: &Member, keyring: &Keyring) -> Vec<String> {
    let current = |id: &str| {
        keyring
            .named(id)
            .filter(|m| m.status != MemberStatus::Departed)
            .map(|m| m.id.clone())
    };
    let manager = member.manager.as_ref().map(|m| m.value.as_str());
    let mut readers: Vec<String> = Vec::new();
    for id in sealed.iter().map(String::as_str).chain(manager) {
        if let Some(id) = current(id).filter(|id| !readers.contains(id)) {
            readers.push(id);
        }
    }
    readers
}

/// `mastery reseal [DIR]`.
pub fn reseal(
    cli: &Cli,
    dir: &Path,
    all: bool,
    args: &IdentityArgs,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let identities = identities(args)?;
    if identities.is_empty() {
        anyhow::bail!(
            "no identity to open sealed entries with: give --identity FILE (or set MASTERY_IDENTITY, or keep one at ~/.config/mastery/identity.txt)"
        );
    }
    let _lock = mastery::paths::FolderLock::acquire(dir)?;
    let project = open_team(cli, dir)?;
    let keyring = Keyring::new(&project.team, &project.config.private.recipients);
    let mut left = Left::default();
    let (sealed, files) = write_sealed(dir, &project, &keyring, |member| {
        let mut plan = Vec::new();
        for entry in member.private_entries() {
            let source = &member.record.source;
            let Some(armor) = entry.privacy.armor(&source.path, &source.text) else {
                continue;
            };
            // Keys written in clear beside the seal would be lost, or
            // sealed unseen: left for a person to look at.
            if entry.privacy.beside {
                left.aside += 1;
                continue;
            }
            let payload = match identities.open(&armor) {
                Ok(payload) => payload,
                Err(Unopened::NotAReader) => {
                    left.closed.not_a_reader += 1;
                    continue;
                }
                Err(Unopened::Damaged) => {
                    left.closed.damaged += 1;
                    continue;
                }
            };
            let payload = mastery::source::Source::new(&source.path, payload);
            let Ok(node) = mastery::yaml::parse(&payload, 0, payload.text.len()) else {
                left.closed.damaged += 1;
                continue;
            };
            // The readers and place sealed inside, never the clear list
            // anyone may edit. An entry sealed without them (by hand) could
            // have come from anywhere: it is never sealed again.
            let Some(Seal {
                readers,
                recipients,
                place: Some(place),
            }) = Seal::read(&node)
            else {
                left.aside += 1;
                continue;
            };
            let names = keyring.names_of(member);
            if !place.fits(|id| names.iter().any(|n| n == id), entry.kind, entry.date) {
                left.closed.misplaced += 1;
                continue;
            }
            let now = readers_now(&readers, member, &keyring);
            // The clear `readers:` says who can open it; edited, it is set
            // back to what is sealed.
            let listed = entry.privacy.readers.items.iter().map(|r| &r.value);
            let moved = readers != now
                || !listed.eq(now.iter())
                || recipients != keyring.recipients()
                || place.member != member.id;
            if !(all || moved) {
                continue;
            }
            if keyring.keys(&ids(&now)).is_err() {
                left.no_keys += 1;
                continue;
            }
            let keys = edit::keys_as_yaml(&node, Seal::KEYS);
            plan.push(Sealing::new(member, entry, now, &keyring, Some(keys)));
        }
        plan
    })?;
    if !cli.global.quiet {
        let mut said = format!(
            "sealed {} again in {}",
            plural(sealed as i64, "entry"),
            plural(files as i64, "file")
        );
        let closed = left.closed.not_a_reader + left.closed.damaged;
        if closed > 0 {
            said.push_str(&format!(
                "; {} could not be opened with {} (sealed for other readers, or damaged)",
                plural(closed as i64, "entry"),
                identities.sources.join(", ")
            ));
        }
        if left.closed.misplaced > 0 {
            said.push_str(&format!(
                "; {} sealed for another place (copied from another member, list or date: misplaced-sealed) left as they were",
                plural(left.closed.misplaced as i64, "entry"),
            ));
        }
        if left.aside > 0 {
            said.push_str(&format!(
                "; {} left as they were: keys in clear beside `sealed`, or sealed by hand without readers and place inside (check them by hand)",
                plural(left.aside as i64, "entry")
            ));
        }
        if left.no_keys > 0 {
            said.push_str(&format!(
                "; {} left as they were: a reader has no usable key",
                plural(left.no_keys as i64, "entry")
            ));
        }
        writeln!(out, "{said}")?;
    }
    Ok(super::SUCCESS)
}

/// `mastery unseal ID`.
pub fn unseal(
    cli: &Cli,
    id: &str,
    dir: &Path,
    args: &IdentityArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut project = open_team(cli, dir)?;
    let index = super::member_index(&project.team, id, dir)?;
    let identities = identities(args)?;
    let names = project.team.names_of(&project.team.members[index]);
    let member = std::sync::Arc::make_mut(&mut project.team.members[index]);
    let opening = if identities.is_empty() {
        Opening::default()
    } else {
        member.open_sealed(&identities, &names)
    };
    let path = member.record.source.path.clone();
    let mut lines = Vec::new();
    for feedback in member.feedback.items.iter().filter(|f| f.privacy.private) {
        let date = mastery::model::day(&feedback.date).unwrap_or_else(|| "undated".to_owned());
        if feedback.privacy.closed() {
            lines.push(format!("- {date} feedback: {}", closed(&feedback.privacy)));
            continue;
        }
        let kind = feedback
            .kind
            .map_or(String::new(), |k| format!(" ({})", k.as_str()));
        let from =
            mastery::model::text(&feedback.from).map_or(String::new(), |f| format!(" from {f}"));
        let note = mastery::model::text(&feedback.note).map_or(String::new(), |n| format!(": {n}"));
        let clear = if feedback.privacy.sealed.is_none() {
            " [in clear]"
        } else {
            ""
        };
        lines.push(format!("- {date} feedback{kind}{from}{note}{clear}"));
    }
    for support in member.support.items.iter().filter(|s| s.privacy.private) {
        let date = mastery::model::day(&support.date).unwrap_or_else(|| "undated".to_owned());
        let what = match mastery::model::text(&support.what) {
            _ if support.privacy.closed() => closed(&support.privacy).to_owned(),
            Some(what) => what.to_owned(),
            None => String::new(),
        };
        let clear = if support.privacy.sealed.is_none() {
            " [in clear]"
        } else {
            ""
        };
        lines.push(format!("- {date} support: {what}{clear}"));
    }
    writeln!(
        out,
        "{}: {}",
        path,
        plural(lines.len() as i64, "private entry")
    )?;
    for entry in &lines {
        // A note of several lines goes on under its entry.
        let shown: Vec<_> = entry.trim_end().lines().map(printable).collect();
        writeln!(out, "{}", shown.join("\n  "))?;
    }
    if member.has_sealed() {
        if identities.is_empty() {
            writeln!(err, "{NO_IDENTITY}")?;
        } else {
            say_opening(&opening, err)?;
        }
    }
    Ok(super::SUCCESS)
}
