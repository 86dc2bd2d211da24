//! `mastery init` and `mastery new`: starter files with every field
//! present and explained. Nothing in them is a placeholder that counts: a
//! new team and a new member check without errors, and say what is still
//! missing.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use jiff::civil::Date;

use crate::load;
use crate::paths::{Existing, write_file};

mod starter;

use starter::{
    EXAMPLE_FRAMEWORK, FIRST_OUTCOME, align_comments, config, member, sub_vision, vision,
};

/// Start a team in `dir`: its vision, configuration and the lead's member
/// file, `LEAD.md` (`team-lead` unless given), whom the vision's first
/// outcome names as its owner.
pub fn init(
    dir: &Path,
    lead: Option<&str>,
    framework: bool,
    today: Date,
) -> anyhow::Result<Vec<PathBuf>> {
    let lead = lead.unwrap_or("team-lead");
    check_id(lead).context("--lead")?;
    let team = team_name(dir);
    let starter = Starter {
        name: Some(name_from_id(lead)),
        ..Starter::default()
    };
    let lead_file = format!("{lead}.md");
    let mut files = vec![
        ("vision.md", align_comments(&vision(&team, lead, today))),
        ("mastery.toml", config(&team)),
        (
            lead_file.as_str(),
            align_comments(&member(&starter, Some(FIRST_OUTCOME), today)),
        ),
    ];
    if framework {
        files.push(("frameworks/engineering.md", EXAMPLE_FRAMEWORK.to_owned()));
    }
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    // A link counts as there, even one that leads nowhere.
    if let Some(existing) = paths.iter().find(|p| fs::symlink_metadata(p).is_ok()) {
        bail!(
            "`{}` already exists; mastery init never overwrites files. \
             Choose an empty folder, or add members with `mastery new ID`",
            existing.display()
        );
    }
    if dir.is_dir() {
        refuse_taken_id(dir, &members_of(dir), lead)?;
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    for ((_, contents), path) in files.iter().zip(&paths) {
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .with_context(|| format!("cannot create `{}`", folder.display()))?;
        }
        write_file(path, contents.as_bytes(), Existing::Refuse)?;
    }
    let mut paths = paths;
    paths.extend(ignore_report(dir)?);
    // `mastery build DIR` run from the repository's root writes `report/`
    // there: that one is ignored too.
    if let Ok(repo) = load::Repo::open(dir) {
        let root = repo.team.ancestors().nth(repo.prefix.components().count());
        if let Some(root) = root.filter(|_| !repo.prefix.as_os_str().is_empty()) {
            paths.extend(ignore_report(root)?);
        }
    }
    Ok(paths)
}

/// What `init` adds to the team folder's `.gitignore`: the report folder
/// `mastery build` writes when run inside it, which is generated, not a
/// record.
pub const IGNORED_REPORT: &str = "/report/";

/// Add [`IGNORED_REPORT`] to `dir/.gitignore` (creating it), unless it is
/// there; the path, when written.
fn ignore_report(dir: &Path) -> anyhow::Result<Option<PathBuf>> {
    let path = dir.join(".gitignore");
    if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Ok(None); // a link or a folder: not ours to touch
    }
    let existing = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
    };
    if existing.lines().any(|l| l.trim() == IGNORED_REPORT) {
        return Ok(None);
    }
    let separator = if existing.is_empty() || existing.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let text = format!(
        "{existing}{separator}# The HTML report `mastery build` writes here: generated, not a record.\n{IGNORED_REPORT}\n"
    );
    write_file(&path, text.as_bytes(), Existing::Replace)?;
    Ok(Some(path))
}

/// The member files of the team at `root`, as its configuration reads it
/// (a configuration that cannot be read excludes nothing: `check` says
/// why).
fn members_of(root: &Path) -> Vec<load::Found> {
    let tree = load::WorkTree::new(root, None);
    let layout = crate::config::Config::load(&tree, None)
        .map(|c| c.layout)
        .unwrap_or_default();
    load::member_files(&tree, &layout).unwrap_or_default()
}

/// Refuse `id` when one of `members` (the team at `root`'s) already has it.
fn refuse_taken_id(root: &Path, members: &[load::Found], id: &str) -> anyhow::Result<()> {
    let clash = members.iter().find(|f| {
        // Ids that differ only in case cannot both be files on macOS or
        // Windows.
        load::member_id(&f.path).to_lowercase() == id.to_lowercase()
    });
    if let Some(clash) = clash {
        let existing = load::member_id(&clash.path);
        let how = if existing == id {
            ""
        } else {
            " (ids that differ only in case clash on macOS and Windows)"
        };
        bail!(
            "a member with id `{existing}` already exists: `{}`{how}; ids must be unique across the team",
            root.join(&clash.path).display()
        );
    }
    Ok(())
}

/// Refuse a name that cannot stand in a record: empty or invisible, or
/// with control characters (a new line would break the YAML).
fn check_name(name: &str) -> anyhow::Result<()> {
    if name.chars().any(char::is_control) {
        bail!("a name cannot contain control characters such as a new line or a tab");
    }
    let visible = name
        .chars()
        .any(|c| !c.is_whitespace() && !crate::printable::hidden(c));
    if !visible {
        bail!(
            "the name is empty; give the person's name with --name, for example --name \"Alex Kim\""
        );
    }
    Ok(())
}

/// What a new member file starts with; the rest is commented examples.
#[derive(Debug, Default)]
pub struct Starter {
    /// The full name (default: from the id, `alex-kim` is Alex Kim).
    pub name: Option<String>,
    /// `role`, when given.
    pub role: Option<String>,
    /// `manager`: a member id of the team.
    pub manager: Option<String>,
    /// `mentor`: a member id of the team.
    pub mentor: Option<String>,
    /// `joined` (default: today).
    pub joined: Option<Date>,
}

/// A member file `new` created.
#[derive(Debug)]
pub struct NewMember {
    /// The file.
    pub path: PathBuf,
    /// The team folder it belongs to (the nearest with a `vision.md`).
    pub team: PathBuf,
    /// The folder it went in, when `new` had to create it.
    pub created_folder: Option<PathBuf>,
}

/// Create `dir/<id>.md` for a new member. Refuses an id that is not a safe
/// file name or that a member of the team already has.
pub fn new_member(
    id: &str,
    dir: &Path,
    starter: Starter,
    today: Date,
) -> anyhow::Result<NewMember> {
    check_id(id)?;
    let name = starter.name.clone().unwrap_or_else(|| name_from_id(id));
    check_name(&name)?;
    let starter = Starter {
        name: Some(name),
        ..starter
    };
    if let Some(role) = &starter.role {
        check_name(role).context("--role")?;
    }
    let root = team_root(dir);
    // One walk of the team serves every check below.
    let members = members_of(&root);
    refuse_taken_id(&root, &members, id)?;
    for (option, named) in [
        ("--manager", &starter.manager),
        ("--mentor", &starter.mentor),
    ] {
        if let Some(named) = named {
            refuse_unknown_member(&root, &members, option, named)?;
        }
    }
    let path = dir.join(format!("{id}.md"));
    if fs::symlink_metadata(&path).is_ok() {
        bail!("`{}` already exists", path.display());
    }
    // The starter objective serves the member's own team's vision.
    let outcome = vision_folders(dir).first().and_then(|v| first_outcome(v));
    let created_folder = (!dir.is_dir()).then(|| dir.to_path_buf());
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let text = align_comments(&member(&starter, outcome.as_deref(), today));
    write_file(&path, text.as_bytes(), Existing::Refuse)?;
    Ok(NewMember {
        path,
        team: root,
        created_folder,
    })
}

/// Refuse `id` for a member of the team in `dir` that is to have it: not a
/// safe file name, or taken.
pub fn check_new_id(dir: &Path, id: &str) -> anyhow::Result<()> {
    check_id(id)?;
    let root = team_root(dir);
    refuse_taken_id(&root, &members_of(&root), id)
}

/// Refuse an id that is not a safe file name, or names no member file.
fn check_id(id: &str) -> anyhow::Result<()> {
    let safe = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && id.starts_with(|c: char| c.is_ascii_alphanumeric());
    if !safe {
        bail!(
            "`{id}` is not a safe member id: use letters, digits, `-` and `_` \
             (starting with a letter or digit), for example `alex-kim`"
        );
    }
    if ["readme", "vision"].contains(&id.to_ascii_lowercase().as_str()) {
        bail!("`{id}.md` is not read as a member file; choose another id, for example `alex-kim`");
    }
    Ok(())
}

/// Refuse `named` for `option` unless a member of the team at `root` has
/// that id (with the nearest id, when one is near).
fn refuse_unknown_member(
    root: &Path,
    members: &[load::Found],
    option: &str,
    named: &str,
) -> anyhow::Result<()> {
    let ids: Vec<String> = (members.iter()).map(|f| load::member_id(&f.path)).collect();
    if ids.iter().any(|id| id == named) {
        return Ok(());
    }
    let hint = crate::suggest::did_you_mean(named, ids.iter().map(String::as_str))
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    bail!(
        "{option} `{named}` is not a member of the team in `{}`{hint}",
        root.display()
    )
}

/// The folders at or above `dir` that have a `vision.md`, the nearest
/// first, spelt as `dir` is (relative when it is; the working folder as
/// `.`).
pub fn vision_folders(dir: &Path) -> Vec<PathBuf> {
    let spelt: Vec<&Path> = dir
        .ancestors()
        .filter(|d| !d.as_os_str().is_empty())
        .collect();
    let top = spelt.last().copied().unwrap_or(Path::new("."));
    let cwd = std::env::current_dir().ok();
    // Above what `dir` spells out (`..` and beyond).
    let beyond = std::path::absolute(top).ok().into_iter().flat_map(|top| {
        let above: Vec<PathBuf> = top.ancestors().skip(1).map(Path::to_path_buf).collect();
        above
    });
    spelt
        .iter()
        .map(|d| d.to_path_buf())
        .chain(beyond.map(|d| match &cwd {
            Some(cwd) if *cwd == d => PathBuf::from("."),
            _ => d,
        }))
        .filter(|d| d.join("vision.md").is_file())
        .collect()
}

/// The team folder `dir` is in: the outermost folder at or above it with a
/// `vision.md` (a sub-team's folder has one too), else `dir`.
fn team_root(dir: &Path) -> PathBuf {
    vision_folders(dir)
        .pop()
        .unwrap_or_else(|| dir.to_path_buf())
}

/// The id of the first outcome of the vision in `folder`.
fn first_outcome(folder: &Path) -> Option<String> {
    outcome_ids(folder).into_iter().next()
}

/// The outcome ids of the vision in `folder`, in order.
fn outcome_ids(folder: &Path) -> Vec<String> {
    let Ok(bytes) = fs::read(folder.join("vision.md")) else {
        return Vec::new();
    };
    let (record, node) = load::parse_record("vision.md".into(), bytes);
    let team = load::assemble([(record, node)]);
    let outcomes = team.vision.into_iter().flat_map(|v| v.outcomes.items);
    outcomes.filter_map(|o| o.id.map(|id| id.value)).collect()
}

/// Start a sub-team's vision in `dir`, a folder below a team's: one outcome
/// (its id made from the folder's name, unique among the team's visions)
/// serving the first outcome of the nearest vision above. Returns the file,
/// the outcome it serves and the team folder.
pub fn init_sub(dir: &Path, today: Date) -> anyhow::Result<(PathBuf, Option<String>, PathBuf)> {
    let path = dir.join("vision.md");
    if fs::symlink_metadata(&path).is_ok() {
        bail!(
            "`{}` already exists; mastery init never overwrites files",
            path.display()
        );
    }
    let above = dir.parent().map(vision_folders).unwrap_or_default();
    let Some(parent) = above.first() else {
        bail!(
            "no vision.md above `{}`: a sub-team's vision serves the one above it; \
             run `mastery init` in the team folder first",
            dir.display()
        );
    };
    let root = above.last().unwrap_or(parent).clone();
    let serves = first_outcome(parent);
    let id = unique_outcome_id(&root, &format!("{}-outcome", folder_slug(dir)));
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let text = sub_vision(&team_name(dir), &id, serves.as_deref(), today);
    write_file(&path, align_comments(&text).as_bytes(), Existing::Refuse)?;
    Ok((path, serves, root))
}

/// `wanted`, or `wanted-2`, `wanted-3`... whichever no vision of the team at
/// `root` defines.
fn unique_outcome_id(root: &Path, wanted: &str) -> String {
    let (found, _) = load::WorkTree::new(root, None).walk();
    let taken: std::collections::HashSet<String> = found
        .iter()
        .filter(|f| crate::model::alignment::is_vision(&f.path))
        .filter_map(|f| f.file.parent().map(outcome_ids))
        .flatten()
        .collect();
    (1..)
        .map(|n| match n {
            1 => wanted.to_owned(),
            n => format!("{wanted}-{n}"),
        })
        .find(|id| !taken.contains(id))
        .expect("some suffix is free")
}

/// The folder's name as an outcome id: lower case, words joined by `-`.
fn folder_slug(dir: &Path) -> String {
    let words: Vec<String> = folder_name(dir)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "sub-team".to_owned()
    } else {
        words.join("-")
    }
}

/// The last name of `dir` as it resolves (`.` is the working folder's).
fn folder_name(dir: &Path) -> String {
    std::path::absolute(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

fn team_name(dir: &Path) -> String {
    let name = name_from_id(&folder_name(dir));
    if name.trim().is_empty() {
        "Our Team".to_owned()
    } else {
        name
    }
}

/// `alex-kim` -> `Alex Kim`.
fn name_from_id(id: &str) -> String {
    id.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
