//! `mastery check`.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use mastery::check::render;
use mastery::cli::{CheckArgs, Cli, Format};

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
/// which files.
fn fix_round(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<(usize, Vec<String>)> {
    let opened = super::open(cli, &args.dir, None, None, true, &mut std::io::sink())?;
    let team = &opened.project.team;
    let fixes = mastery::fix::certain(team);
    let prefix = super::folder_prefix(&args.dir);
    let records = (team.members.iter().map(|m| &m.record)).chain(team.visions().map(|v| &v.record));
    let mut files = Vec::new();
    for record in records {
        let own: Vec<&mastery::fix::Fix> = fixes
            .iter()
            .filter(|f| f.path == record.source.path)
            .collect();
        if own.is_empty() {
            continue;
        }
        files.push(record.source.path.clone());
        let path = format!("{prefix}{}", record.source.path);
        if args.diff {
            let after = mastery::fix::applied(record, &own);
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
            let changes = own.iter().map(|f| f.change.clone()).collect();
            super::record::Record::of(&args.dir, record)?.write(changes)?;
        }
        if !cli.global.quiet {
            for fix in &own {
                let how = if args.diff { "would fix" } else { "fixed" };
                super::print(err, &format!("{how} {path}:{}: {}\n", fix.line, fix.said))?;
            }
        }
    }
    Ok((fixes.len(), files))
}
