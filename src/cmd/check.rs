//! `mastery check`.

use std::io::Write;
use std::path::Path;

use crate::cli::{CheckArgs, Cli, Format};
use anyhow::Context as _;
use mastery::check::render;

pub fn run(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    if args.fix
        && let Some(code) = fix(cli, args, out, err)?
    {
        return Ok(code);
    }
    let at = args.at.as_deref();
    let super::Opened {
        mut project,
        opened,
        ..
    } = super::open(cli, &args.dir, at, None, args.no_history, err)?;
    super::report_opened(cli, &opened, &project.findings, &args.dir, err)?;
    let mut left_out = 0;
    if let Some(reference) = &args.changed_since {
        let since = mastery::git::changed_files(&args.dir, reference)?;
        compared_with(cli, &mut project, &since.then)?;
        left_out = std::sync::Arc::make_mut(&mut project.findings).only_in(&since.files);
    }
    let findings = &project.findings;
    let prefix = super::folder_prefix(&args.dir);
    match args.format {
        _ if args.statistics => out.write_all(render::statistics(findings).as_bytes())?,
        Format::Human => {
            out.write_all(
                super::human(cli, findings, &project.team, &args.dir, args.deny).as_bytes(),
            )?;
        }
        Format::Json => out.write_all(render::json(findings).as_bytes())?,
        Format::Sarif => out.write_all(render::sarif(findings, &prefix).as_bytes())?,
        Format::Github => {
            out.write_all(render::github(findings, &prefix).as_bytes())?;
            if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY") {
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&summary)
                    .with_context(|| {
                        format!(
                            "cannot append to GITHUB_STEP_SUMMARY `{}`",
                            Path::new(&summary).display()
                        )
                    })?;
                file.write_all(render::github_summary(findings, &prefix).as_bytes())?;
            }
        }
    }
    if let Some(reference) = args
        .changed_since
        .as_ref()
        .filter(|_| !cli.global.quiet && left_out > 0)
    {
        writeln!(
            err,
            "note: left out {} in files unchanged since `{reference}`",
            mastery::words::plural(left_out as i64, "finding")
        )?;
    }
    let code = super::exit_code(findings, args.deny);
    super::discard(project);
    Ok(code)
}

/// Compare `project` with the team as committed in `then`: who gains or
/// loses read access (`reader-change`).
fn compared_with(
    cli: &Cli,
    project: &mut mastery::project::Project,
    then: &mastery::load::GitTree,
) -> anyhow::Result<()> {
    let config = mastery::config::Config::load(then, cli.global.config.as_deref())?;
    let (earlier, _) = mastery::project::Project::open_with(then, config, None, &|_| None, None)?;
    project.compare_with(&earlier);
    Ok(())
}

/// `--fix`: make the certain fixes (or, with `--diff`, show them and
/// return the exit code); say each on standard error.
fn fix(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Option<u8>> {
    let _lock = mastery::paths::FolderLock::acquire(&args.dir)?;
    let (mut made, mut files) = (0, std::collections::BTreeSet::new());
    // A fix can make another certain (a misspelt `managr:` whose value is
    // a name): fix again until nothing is left, a few rounds at most.
    for _ in 0..if args.diff { 1 } else { 4 } {
        let (count, touched) = fix_round(cli, args, out, err)?;
        made += count;
        files.extend(touched);
        if count == 0 {
            break;
        }
    }
    if !cli.global.quiet {
        let how = if args.diff { "would make" } else { "made" };
        writeln!(
            err,
            "{how} {} in {}",
            match made {
                1 => "1 certain fix".to_owned(),
                n => format!("{n} certain fixes"),
            },
            mastery::words::plural(files.len() as i64, "file")
        )?;
    }
    Ok(args.diff.then_some(if made == 0 {
        super::SUCCESS
    } else {
        super::FINDINGS
    }))
}

/// One round of `--fix`: how many fixes it made (or would make) and in
/// which files. The fixes are the findings' own, the safe ones: every
/// change `--fix` makes belongs to a finding.
fn fix_round(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<(usize, Vec<String>)> {
    let opened = super::open(cli, &args.dir, None, None, true, &mut std::io::sink())?;
    let project = &opened.project;
    let team = &project.team;
    let prefix = super::folder_prefix(&args.dir);
    let records = (team.members.iter().map(|m| &m.record)).chain(team.visions().map(|v| &v.record));
    let mut files = Vec::new();
    let mut made = 0;
    for record in records {
        // Never two edits in one place.
        let mut fixes: Vec<&mastery::check::Fix> = (project.findings.of_path(&record.source.path))
            .iter()
            .filter_map(|d| d.fix.as_ref().filter(|f| f.safe))
            .collect();
        fixes.sort_by_key(|f| f.edits.first().map(|e| e.span.start));
        fixes.dedup_by_key(|f| f.edits.first().map(|e| e.span.start));
        if fixes.is_empty() {
            continue;
        }
        made += fixes.len();
        files.push(record.source.path.clone());
        let path = format!("{prefix}{}", record.source.path);
        let changes: Vec<mastery::edit::Change> = (fixes.iter())
            .flat_map(|f| &f.edits)
            .map(|e| mastery::edit::Change::replace(e.span, e.text.clone()))
            .collect();
        if args.diff {
            let after = mastery::edit::apply(&record.source.text, changes);
            let mut text = format!("--- {path}\n+++ {path}\n");
            let member = team
                .member_at(&record.source.path)
                .map(|i| &team.members[i]);
            let lines = record.source.text.lines().zip(after.lines()).enumerate();
            for (i, (was, now)) in lines.filter(|(_, (a, b))| a != b) {
                let start = record.source.line_start(i + 1);
                let end = start + was.len().saturating_sub(1);
                // A private entry's line tells its author or its words.
                let private = |m: &std::sync::Arc<mastery::model::Member>| {
                    m.is_private_at(start) || m.is_private_at(end)
                };
                let (was, now) = if member.is_some_and(private) {
                    (
                        "(a line of a private entry, not shown)",
                        "(the same line, fixed)",
                    )
                } else {
                    (was, now)
                };
                text.push_str(&format!("@@ -{0} +{0} @@\n-{was}\n+{now}\n", i + 1));
            }
            super::print(out, &text)?;
        } else {
            super::record::Record::of(&args.dir, record)?.write(changes)?;
        }
        if !cli.global.quiet {
            for fix in &fixes {
                let how = if args.diff { "would fix" } else { "fixed" };
                let line = fix.edits.first().map_or(1, |e| e.start.line);
                let said = if fix.private {
                    "made a certain fix inside a private entry (not shown)"
                } else {
                    fix.title.as_str()
                };
                super::print(err, &format!("{how} {path}:{line}: {said}\n"))?;
            }
        }
    }
    Ok((made, files))
}
