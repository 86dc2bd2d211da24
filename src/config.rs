//! `mastery.toml`: thresholds, per-rule levels and report settings.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, bail};
use serde::Deserialize;

use crate::check::{Level, Rule, rules};

/// The file name looked for at the team root.
pub const FILE_NAME: &str = "mastery.toml";

/// The whole configuration, defaults filled in.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Day limits of the cadence rules.
    pub thresholds: Thresholds,
    /// Levels set in `[rules]`; `None` switches a rule off.
    levels: BTreeMap<String, Option<Level>>,
    /// `[report]` settings.
    pub report: ReportSettings,
    /// `[limits]`.
    pub limits: Limits,
}

/// `[thresholds]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// `missing-feedback` fires past this many days without feedback.
    pub feedback_days: u32,
    /// `stale-learning-goal` fires past this many days without progress.
    pub learning_stale_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            feedback_days: 30,
            learning_stale_days: 60,
        }
    }
}

/// `[limits]`: how much mastery reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Record files larger than this are not read (a finding says so).
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: crate::load::MAX_FILE_BYTES,
        }
    }
}

/// `[report]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSettings {
    /// Title of the report (default: the team name).
    pub title: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    thresholds: Thresholds,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    report: ReportSettings,
    #[serde(default)]
    limits: Limits,
}

impl Config {
    /// The level a rule runs at, or `None` when it is switched off.
    pub fn level(&self, rule: &Rule) -> Option<Level> {
        self.levels
            .get(rule.id)
            .copied()
            .unwrap_or(Some(rule.level))
    }

    /// Read `explicit`, else `root/mastery.toml` if it exists, else
    /// defaults. The team's own file is read by the walker's rules (a
    /// regular file, or a symlink to one inside the team); either file must
    /// be a regular file of at most [`MAX_BYTES`].
    pub fn load(root: &Path, explicit: Option<&Path>) -> anyhow::Result<Config> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => {
                let path = root.join(FILE_NAME);
                let Ok(meta) = std::fs::symlink_metadata(&path) else {
                    return Ok(Config::default());
                };
                if meta.file_type().is_symlink() {
                    let team = std::fs::canonicalize(root)?;
                    if let Err(why) = crate::load::walk::symlink_target(&team, &path) {
                        bail!(
                            "`{}` is {why} (copy the file into the team, or pass --config)",
                            path.display()
                        );
                    }
                }
                path
            }
        };
        let text = read_small(&path)
            .with_context(|| format!("cannot read the configuration `{}`", path.display()))?;
        Config::parse(&text).with_context(|| format!("invalid configuration `{}`", path.display()))
    }

    /// Parse configuration text; unknown keys, rule ids and levels are errors.
    pub fn parse(text: &str) -> anyhow::Result<Config> {
        let file: File = toml::from_str(text).map_err(|e| parse_error(text, &e))?;
        let mut levels = BTreeMap::new();
        for (id, level) in file.rules {
            if rules::find_rule(&id).is_none() {
                let hint = crate::suggest::closest(&id, rules::ALL.iter().map(|r| r.id))
                    .map(|r| format!(" (did you mean `{r}`?)"))
                    .unwrap_or_default();
                bail!("unknown rule `{id}` in [rules]{hint}; `mastery rules` lists them");
            }
            let level = Level::parse_setting(&level)
                .map_err(|why| anyhow::anyhow!("rule `{id}` in [rules]: {why}"))?;
            levels.insert(id, level);
        }
        Ok(Config {
            thresholds: file.thresholds,
            levels,
            report: file.report,
            limits: file.limits,
        })
    }
}

/// Largest configuration file read.
pub const MAX_BYTES: u64 = 64 * 1024;

/// A regular file's text, if it is at most [`MAX_BYTES`].
fn read_small(path: &Path) -> anyhow::Result<String> {
    // Checked before opening: opening a FIFO would wait for a writer.
    if !std::fs::metadata(path)?.is_file() {
        bail!("it is not a regular file");
    }
    let bytes = crate::load::read_at_most(path, MAX_BYTES)?
        .with_context(|| format!("it is larger than {MAX_BYTES} bytes"))?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("it is not UTF-8 text"))
}

/// A TOML error that quotes at most the line it is on (shortened), never
/// more of the file: a configuration can sit beside secrets.
fn parse_error(text: &str, error: &toml::de::Error) -> anyhow::Error {
    let message = error.message().trim_end();
    let Some(span) = error.span() else {
        return anyhow::anyhow!("{message}");
    };
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_number = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let line = text[line_start..].lines().next().unwrap_or("");
    let mut quoted: String = line.chars().take(80).collect();
    if quoted.len() < line.len() {
        quoted.push('…');
    }
    let quoted = crate::printable::printable(&quoted);
    anyhow::anyhow!("line {line_number}, column {column}: {message}\n  | {quoted}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_section() {
        let config = Config::parse(
            "[thresholds]\nfeedback_days = 14\n[rules]\nno-ownership = \"allow\"\n\
             missing-feedback = \"error\"\n[report]\ntitle = \"T\"\n",
        )
        .unwrap();
        assert_eq!(config.thresholds.feedback_days, 14);
        assert_eq!(config.thresholds.learning_stale_days, 60);
        let rule = |id| rules::find_rule(id).unwrap();
        assert_eq!(config.level(rule("no-ownership")), None);
        assert_eq!(config.level(rule("missing-feedback")), Some(Level::Error));
        assert_eq!(config.level(rule("no-learning-goal")), Some(Level::Warning));
        assert_eq!(config.report.title.as_deref(), Some("T"));
        assert_eq!(config.limits.max_file_bytes, crate::load::MAX_FILE_BYTES);
        let small = Config::parse("[limits]\nmax_file_bytes = 10\n").unwrap();
        assert_eq!(small.limits.max_file_bytes, 10);
    }

    #[test]
    fn names_what_is_wrong() {
        let error = |text| format!("{:#}", Config::parse(text).unwrap_err());
        assert!(
            error("[thresholds]\nfeedback_dayz = 3\n").contains("unknown field `feedback_dayz`")
        );
        assert!(error("colour = 1\n").contains("unknown field `colour`"));
        assert_eq!(
            error("[rules]\nmissing-feedbak = \"error\"\n"),
            "unknown rule `missing-feedbak` in [rules] (did you mean `missing-feedback`?); \
             `mastery rules` lists them"
        );
        assert!(
            error("[rules]\nno-ownership = \"loud\"\n")
                .contains("rule `no-ownership` in [rules]: `loud` is not a level")
        );
        assert!(error("[thresholds]\nfeedback_days = -1\n").contains("feedback_days"));
    }
}
