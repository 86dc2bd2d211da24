//! One way to open a team, for every command, `watch` and the language
//! server: from its folder or as committed at a revision, with its history
//! when it is in a git repository. What goes wrong is an [`Error`] a caller
//! can branch on; what only lessens the result (a history that cannot be
//! read, a commit that dates nothing) is a warning every caller says the
//! same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::config::Config;
use crate::history::{self, History};
use crate::load::git::without_history;
use crate::load::walk::{NotATeam, not_a_team};
use crate::load::{GitTree, RecordSource, Repo, WorkTree};
use crate::project::Project;

/// What to open.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The team folder.
    pub dir: &'a Path,
    /// A revision or a date (`--at`): the team as committed then.
    pub at: Option<&'a str>,
    /// The report folder, never read as records.
    pub exclude: Option<&'a Path>,
    /// `--config`.
    pub config: Option<&'a Path>,
    /// `--as-of`.
    pub as_of: Option<Date>,
    /// Read the repository's history (not under `--no-history`).
    pub history: bool,
}

/// A team opened.
pub struct Opened {
    /// The project, checked with the dates its history vouches for.
    pub project: Project,
    /// What reading it took.
    pub read: crate::project::Opened,
    /// The team's history and repository, when it has them.
    pub history: Option<(History, Arc<Repo>)>,
    /// What lessens the result, to say as warnings.
    pub warnings: Vec<String>,
    /// What to say under `--verbose`.
    pub notes: Vec<String>,
}

/// Why a team could not be opened.
#[derive(Debug)]
pub enum Error {
    /// The folder is clearly not a team folder.
    NotATeam {
        /// The folder given.
        dir: PathBuf,
        /// Why not.
        why: NotATeam,
    },
    /// The revision or date of `--at` names no commit, or the folder is
    /// not in a repository.
    Revision(anyhow::Error),
    /// The configuration cannot be read or is not valid.
    Configuration(anyhow::Error),
    /// The records cannot be read.
    Records(anyhow::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotATeam { dir, why } => write!(f, "{}", not_a_team_message(dir, why)),
            Error::Revision(e) | Error::Configuration(e) | Error::Records(e) => write!(f, "{e}"),
        }
    }
}

/// The cause is the wrapped error's own: a chain prints each once.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::NotATeam { .. } => None,
            Error::Revision(e) | Error::Configuration(e) | Error::Records(e) => e.source(),
        }
    }
}

/// Refuse, before reading anything, a folder that is clearly not a team
/// folder: no `vision.md`, and folders below that hold one (the command
/// ran from a repository's root), notes without front matter, or more
/// Markdown than any team holds.
pub fn team_folder(dir: &Path) -> Result<(), Error> {
    match not_a_team(dir) {
        None => Ok(()),
        Some(why) => Err(Error::NotATeam {
            dir: dir.to_path_buf(),
            why,
        }),
    }
}

/// What to say of a folder that is not a team folder.
fn not_a_team_message(dir: &Path, why: &NotATeam) -> String {
    let shown = dir.display();
    // `a/team` rather than `./a/team`.
    let below = |folder: &str| match dir == Path::new(".") {
        true => folder.to_owned(),
        false => dir.join(folder).display().to_string(),
    };
    match why {
        NotATeam::VisionsBelow(folders) => {
            let named: Vec<String> = folders.iter().map(|f| format!("`{}`", below(f))).collect();
            format!(
                "`{shown}` holds no vision.md, so it is not a team folder; {} below {} one: give the team folder instead, such as `{}`",
                named.join(", "),
                if named.len() == 1 { "holds" } else { "hold" },
                below(&folders[0])
            )
        }
        NotATeam::Notes => format!(
            "`{shown}` holds no vision.md, and most of its Markdown files have no front matter: it does not look like a team folder, and no folder below holds a vision.md; give the folder that holds vision.md (or start one with `mastery init`)"
        ),
        NotATeam::Crowded => format!(
            "`{shown}` holds no vision.md and thousands of Markdown files: it does not look like a team folder; give the folder that holds vision.md (or start one with `mastery init`)"
        ),
    }
}

/// Open the team `request` names.
pub fn open(request: &Request) -> Result<Opened, Error> {
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let dir = request.dir;
    let (source, repo, tip, as_of): (Box<dyn RecordSource>, Option<Arc<Repo>>, _, _) = match request
        .at
    {
        None => {
            team_folder(dir)?;
            let repo = match (request.history, Repo::open(dir)) {
                (false, _) => None,
                (true, Ok(repo)) => Some(Arc::new(repo)),
                (true, Err(error)) if error.is_not_found() => {
                    notes.push(format!(
                            "`{}` is not in a git repository: no history (timelines, trends, `backdated-entry`)",
                            dir.display()
                        ));
                    None
                }
                // A repository there but unreadable changes the findings
                // (`backdated-entry`, git-dated staleness): never in silence.
                (true, Err(error)) => {
                    warnings.push(without_history(error));
                    None
                }
            };
            let tree = WorkTree::new(dir, request.exclude);
            (Box::new(tree), repo, None, request.as_of)
        }
        Some(rev) => {
            let (tree, day) = GitTree::open(dir, rev, request.exclude).map_err(Error::Revision)?;
            let as_of = request.as_of.or(day);
            let repo = request.history.then(|| Arc::clone(&tree.repo));
            let tip = Some(tree.commit);
            (Box::new(tree), repo, tip, as_of)
        }
    };
    let config = Config::load(&*source, request.config).map_err(Error::Configuration)?;
    let started = std::time::Instant::now();
    let dated =
        history::open(&*source, repo.as_deref(), tip, config, as_of).map_err(Error::Records)?;
    let history = match dated.history {
        Ok(Some(history)) => {
            if !history.undated.is_empty() {
                warnings.push(undated(&history.undated));
            }
            notes.push(format!(
                "read {} of history ({} new) and checked in {} ms",
                crate::words::plural(history.commits() as i64, "commit"),
                history.computed,
                started.elapsed().as_millis()
            ));
            Some(history)
        }
        Ok(None) => {
            if repo.is_some() {
                notes.push("the repository has no commits yet: no history".to_owned());
            }
            None
        }
        Err(error) => {
            warnings.push(without_history(format!("{error:#}")));
            None
        }
    };
    Ok(Opened {
        project: dated.project,
        read: dated.opened,
        history: history.zip(repo),
        warnings,
        notes,
    })
}

/// The warning for commits whose committer time is out of any calendar's
/// range (`ids`, short): the same in every command.
pub fn undated(ids: &[String]) -> String {
    format!(
        "{} a committer date out of any calendar's range ({}): read, but dating nothing (timelines, `backdated-entry`, dates given to `--at` and `diff`)",
        match ids.len() {
            1 => "1 commit has".to_owned(),
            n => format!("{n} commits have"),
        },
        ids.join(", ")
    )
}
