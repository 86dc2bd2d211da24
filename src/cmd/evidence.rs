//! `mastery evidence`: evidence against a criterion of the member's growth
//! framework, in their file, every other byte kept.

use std::io::Write;

use anyhow::bail;
use mastery::edit::{self, scalar};
use mastery::model::{Criterion, quoted};
use mastery::paths::FolderLock;
use mastery::project::as_of_or_today;

use super::record::{Record, done, from_stdin, listed};
use crate::cli::{Cli, EvidenceArgs};

pub fn evidence(cli: &Cli, args: &EvidenceArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let date = args.date.unwrap_or(as_of_or_today(cli.global.as_of));
    let note = from_stdin(&args.note)?;
    super::team_folder(&args.dir)?;
    let _lock = FolderLock::acquire(&args.dir)?;
    let project = super::open_records(cli, &args.dir, cli.global.as_of)?;
    let team = &project.team;
    let member = &team.members[super::member_index(team, &args.id, &args.dir)?];
    let framework = team.framework_of(member).map_err(|why| {
        anyhow::anyhow!(
            "`{}` has no framework to record evidence in: {why}",
            args.id
        )
    })?;
    let Some(topic) = framework.topic(&args.topic) else {
        let hint = mastery::suggest::did_you_mean(&args.topic, framework.topic_names())
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        bail!(
            "framework `{}` has no topic `{}`{hint}",
            framework.id,
            args.topic
        );
    };
    if let Some(most) = framework.levels.as_ref().map(|l| l.value)
        && args.level > most
    {
        bail!(
            "framework `{}` has {most} levels; --level {} is above them",
            framework.id,
            args.level
        );
    }
    let criterion = match topic.criterion(Some(args.level), &args.criterion) {
        Criterion::One(one) => one.to_owned(),
        Criterion::None => bail!(
            "no criterion of topic `{}` at level {} begins “{}”{}",
            args.topic,
            args.level,
            args.criterion,
            listed(
                &topic.criteria(Some(args.level)),
                "no criteria at that level"
            )
        ),
        Criterion::Several(several) => bail!(
            "“{}” begins {} criteria of topic `{}` at level {} ({}); give more of the one meant",
            args.criterion,
            several.len(),
            args.topic,
            args.level,
            quoted(&several)
        ),
    };
    let mut fields = vec![
        ("date", date.to_string()),
        ("topic", scalar(&args.topic)),
        ("level", args.level.to_string()),
        ("criterion", scalar(&criterion)),
        ("note", scalar(&note)),
    ];
    if let Some(link) = &args.link {
        fields.push(("link", scalar(link)));
    }
    if let Some(from) = &args.from {
        fields.push(("from", scalar(from)));
    }
    let record = Record::of(&args.dir, &member.record)?;
    let changes = edit::add_entry(&record.text, &record.root, "evidence", &fields, true)?;
    record.write(changes)?;
    done(
        cli,
        out,
        &format!(
            "added evidence for `{}` at level {} ({date}) to {}",
            args.topic, args.level, record.path
        ),
    )
}
