//! `mastery diff`.

use std::io::Write;

use mastery::cli::{Cli, DiffArgs, DiffFormat};
use mastery::diff::{self, Side};
use mastery::load::{GitTree, WorkTree};
use mastery::project::{Project, as_of_or_today};

use super::SUCCESS;

pub fn run(
    cli: &Cli,
    args: &DiffArgs,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let from = side(cli, args, Some(&args.from))?;
    let to = side(cli, args, args.to.as_deref())?;
    let review = diff::review((&from.0, from.1), (&to.0, to.1));
    let text = match args.format {
        DiffFormat::Human => review.human(),
        DiffFormat::Json => review.json(),
        DiffFormat::Markdown => review.markdown(),
    };
    out.write_all(text.as_bytes())?;
    Ok(SUCCESS)
}

/// One side, checked: a revision, a date (the last commit by the end of
/// that day, checked as of that day), or the work tree (`None`; checked as
/// of `--as-of` or today).
fn side(cli: &Cli, args: &DiffArgs, spec: Option<&str>) -> anyhow::Result<(Project, Side)> {
    let config = cli.global.config.as_deref();
    let Some(spec) = spec else {
        let as_of = as_of_or_today(cli.global.as_of);
        let (project, _) = Project::open(&WorkTree::new(&args.dir, None), config, Some(as_of))?;
        let side = Side {
            rev: None,
            commit: None,
            date: as_of.to_string(),
        };
        return Ok((project, side));
    };
    let (tree, as_of) = match mastery::date::parse(spec) {
        Ok(day) => {
            let commit = GitTree::commit_on(&args.dir, day)?;
            (GitTree::open(&args.dir, &commit, None)?, day)
        }
        Err(_) => {
            let tree = GitTree::open(&args.dir, spec, None)?;
            let committed = tree.committed;
            (tree, committed)
        }
    };
    let (project, _) = Project::open(&tree, config, Some(as_of))?;
    let side = Side {
        rev: Some(spec.to_owned()),
        commit: Some(tree.commit.to_string()),
        date: as_of.to_string(),
    };
    Ok((project, side))
}
