//! `mastery diff`.

use std::io::Write;
use std::sync::Arc;

use crate::cli::{Cli, DiffArgs, DiffFormat};
use mastery::config::Config;
use mastery::diff::{self, Side};
use mastery::load::{Found, GitTree, Repo};
use mastery::project::{Project, as_of_or_today};

use super::SUCCESS;

pub fn run(
    cli: &Cli,
    args: &DiffArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    // FROM is always committed: the repository is opened once, for both.
    let repo = Arc::new(Repo::open(&args.dir)?);
    let (from, from_side, from_tree) = side(cli, args, &repo, Some(&args.from), None, err)?;
    let earlier = Some((&from, &from_tree));
    let (mut to, to_side, _) = side(cli, args, &repo, args.to.as_deref(), earlier, err)?;
    // Who gains or loses read access is a finding of the later side.
    to.compare_with(&from);
    let review = diff::review((&from, from_side), (&to, to_side));
    let text = match args.format {
        DiffFormat::Human => review.human(),
        DiffFormat::Json => review.json(),
        DiffFormat::Markdown => review.markdown(),
    };
    super::print(out, &text)?;
    Ok(SUCCESS)
}

/// One side, checked: a revision, a date (the last commit by the end of
/// that day, checked as of that day), or the work tree (`None`; checked as
/// of `--as-of` or today). A committed side takes from the `earlier` one
/// every record whose blob is the same, rather than reading it again: a
/// quarter changes a few files of thousands.
fn side(
    cli: &Cli,
    args: &DiffArgs,
    repo: &Arc<Repo>,
    spec: Option<&str>,
    earlier: Option<(&Project, &Option<GitTree>)>,
    err: &mut dyn Write,
) -> anyhow::Result<(Project, Side, Option<GitTree>)> {
    let config = cli.global.config.as_deref();
    let Some(spec) = spec else {
        let as_of = as_of_or_today(cli.global.as_of);
        let project = super::open_records(cli, &args.dir, Some(as_of))?;
        let side = Side {
            rev: None,
            commit: None,
            date: as_of.to_string(),
        };
        return Ok((project, side, None));
    };
    let (tree, as_of) = GitTree::at_spec(Arc::clone(repo), spec, None)?;
    // A commit whose time is out of any calendar's range dates nothing:
    // it is checked as of `--as-of` or today, and said so.
    if as_of.is_none() {
        let short = tree.commit.to_hex_with_len(7).to_string();
        writeln!(err, "warning: {}", mastery::open::undated(&[short]))?;
    }
    let as_of = as_of.unwrap_or_else(|| as_of_or_today(cli.global.as_of));
    let config = Config::load(&tree, config)?;
    let limit = config.limits.max_file_bytes;
    let reuse = |file: &Found| {
        let (project, Some(before)) = earlier? else {
            return None;
        };
        // The same bytes read under the same limit give the same record.
        let same_limit = project.config.limits.max_file_bytes == limit;
        let same = same_limit && before.blob_of(file)? == tree.blob_of(file)?;
        if same {
            project.entry(&file.path)
        } else {
            None
        }
    };
    let (project, _) = Project::open_with(&tree, config, Some(as_of), &reuse, None)?;
    let side = Side {
        rev: Some(spec.to_owned()),
        commit: Some(tree.commit.to_string()),
        date: as_of.to_string(),
    };
    Ok((project, side, Some(tree)))
}
