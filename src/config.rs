//! `mastery.toml`: thresholds, per-rule levels and report settings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::level::Level;
use crate::load::source::{RecordSource, read_regular_file};

/// The file name looked for at the team root.
pub use crate::load::source::CONFIG_FILE as FILE_NAME;

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
    /// `[private]`.
    pub private: PrivateSettings,
    /// `[team] exclude` and `[frameworks] paths`, compiled: what each file
    /// of the team folder is.
    pub layout: crate::load::Layout,
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
}

/// `[thresholds]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// `missing-feedback` fires past this many days without feedback.
    pub feedback_days: u32,
    /// `stale-learning-goal` fires past this many days without progress.
    pub learning_stale_days: u32,
    /// `backdated-entry` fires for entries dated more than this many days
    /// before the commit that first held them.
    pub backdate_days: u32,
    /// `evidence-gap` fires for a framework topic with no evidence at the
    /// member's level or above for this many days.
    pub evidence_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            feedback_days: 30,
            learning_stale_days: 60,
            backdate_days: 14,
            evidence_days: 180,
        }
    }
}

/// `[limits]`: how much mastery reads.
#[derive(Debug, Clone, Deserialize, Serialize)]
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

/// `[team]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
struct TeamSettings {
    /// Gitignore patterns of files in the team folder that are not records.
    exclude: Vec<String>,
}

/// `[frameworks]`: where growth frameworks are read from (docs/frameworks.md).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
struct FrameworkSettings {
    /// Gitignore patterns of the framework files; `None` reads
    /// `frameworks/*.md`.
    paths: Option<Vec<String>>,
}

/// `[private]`: how private entries are sealed (docs/private.md).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivateSettings {
    /// Public keys that read every sealed entry besides its readers (HR,
    /// a second manager), each checked when the file is read.
    pub recipients: Vec<String>,
}

/// `[report]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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
    #[serde(default)]
    team: TeamSettings,
    #[serde(default)]
    private: PrivateSettings,
    #[serde(default)]
    frameworks: FrameworkSettings,
}

impl Config {
    /// The level `[rules]` sets for the rule `id`: `None` when it sets
    /// none, `Some(None)` when it switches the rule off.
    pub fn configured_level(&self, id: &str) -> Option<Option<Level>> {
        self.levels.get(id).copied()
    }

    /// The rule ids `[rules]` names (checked against the registry by
    /// `check::validate`).
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.levels.keys().map(String::as_str)
    }

    /// Read `explicit`, else the team's own `mastery.toml` if it has one,
    /// else defaults. Either file must be a regular file of at most
    /// [`MAX_BYTES`].
    pub fn load(source: &dyn RecordSource, explicit: Option<&Path>) -> anyhow::Result<Config> {
        let (path, bytes) = match explicit {
            Some(path) => {
                let bytes = read_regular_file(path, MAX_BYTES).with_context(|| {
                    format!("cannot read the configuration `{}`", path.display())
                })?;
                (path.to_path_buf(), bytes)
            }
            None => match source.config_file(MAX_BYTES)? {
                Some(file) => file,
                None => return Ok(Config::default()),
            },
        };
        let text = text(bytes)
            .with_context(|| format!("cannot read the configuration `{}`", path.display()))?;
        let mut config = Config::parse(&text)
            .with_context(|| format!("invalid configuration `{}`", path.display()))?;
        config.path = Some(path);
        Ok(config)
    }

    /// Parse configuration text; unknown keys and levels are errors.
    pub fn parse(text: &str) -> anyhow::Result<Config> {
        let file: File = toml::from_str(text).map_err(|e| parse_error(text, &e))?;
        let mut levels = BTreeMap::new();
        for (id, level) in file.rules {
            let level = Level::parse_setting(&level)
                .map_err(|why| anyhow::anyhow!("rule `{id}` in [rules]: {why}"))?;
            levels.insert(id, level);
        }
        for (i, key) in file.private.recipients.iter().enumerate() {
            crate::seal::PublicKey::parse(key)
                .map_err(|why| anyhow::anyhow!("[private] recipients, entry {}: {why}", i + 1))?;
        }
        Ok(Config {
            private: file.private,
            thresholds: file.thresholds,
            levels,
            report: file.report,
            limits: file.limits,
            layout: crate::load::Layout::new(&file.team.exclude, file.frameworks.paths.as_deref())?,
            path: None,
        })
    }
}

/// One setting of `mastery.toml`, for `docs/format.md` (a test holds
/// this list to the sections' fields and defaults).
#[derive(Debug)]
pub struct Setting {
    /// `[section]`.
    pub section: &'static str,
    /// The key.
    pub key: &'static str,
    /// What its value must be.
    pub kind: &'static str,
    /// Its value when absent, from [`Config::default`].
    pub default: fn(&Config) -> String,
    /// What it is for, and which rules read it.
    pub about: &'static str,
}

/// Every setting but the per-rule levels of `[rules]`.
pub static SETTINGS: &[Setting] = &[
    Setting {
        section: "thresholds",
        key: "feedback_days",
        kind: "whole number of days",
        default: |c| c.thresholds.feedback_days.to_string(),
        about: "`missing-feedback` fires when an active member's newest feedback is older.",
    },
    Setting {
        section: "thresholds",
        key: "learning_stale_days",
        kind: "whole number of days",
        default: |c| c.thresholds.learning_stale_days.to_string(),
        about: "`stale-learning-goal` fires when an active goal has not moved for longer.",
    },
    Setting {
        section: "thresholds",
        key: "backdate_days",
        kind: "whole number of days",
        default: |c| c.thresholds.backdate_days.to_string(),
        about: "`backdated-entry` fires when an entry is dated more days before the commit that first held it.",
    },
    Setting {
        section: "thresholds",
        key: "evidence_days",
        kind: "whole number of days",
        default: |c| c.thresholds.evidence_days.to_string(),
        about: "`evidence-gap` fires when a framework topic has no evidence at the member's level or above for longer.",
    },
    Setting {
        section: "team",
        key: "exclude",
        kind: "list of gitignore patterns",
        default: |_| "[]".to_owned(),
        about: "Files in the team folder that are not records (notes, docs), relative to it: `[\"notes.md\", \"docs/\"]`. They are never read.",
    },
    Setting {
        section: "frameworks",
        key: "paths",
        kind: "list of gitignore patterns",
        default: |_| "[\"frameworks/*.md\"]".to_owned(),
        about: "The growth framework files, relative to the team folder: `[\"ladders/*.md\"]`. They replace the `frameworks/` folder; a `vision.md` stays a vision. See docs/frameworks.md.",
    },
    Setting {
        section: "report",
        key: "title",
        kind: "text",
        default: |_| "\"<team> — team mastery\", from the vision's `team`".to_owned(),
        about: "The report's title.",
    },
    Setting {
        section: "limits",
        key: "max_file_bytes",
        kind: "whole number of bytes",
        default: |c| c.limits.max_file_bytes.to_string(),
        about: "Larger record files are not read (`invalid-front-matter` says so).",
    },
    Setting {
        section: "private",
        key: "recipients",
        kind: "list of public keys",
        default: |_| "[]".to_owned(),
        about: "Keys that read every sealed entry besides its readers (HR, a second manager): age keys (`age1…`) or `ssh-ed25519 …` lines; RSA keys are refused. See docs/private.md.",
    },
];

/// Largest configuration file read.
pub const MAX_BYTES: u64 = 64 * 1024;

/// The configuration's text, if it was small enough and is UTF-8.
fn text(bytes: Option<Vec<u8>>) -> anyhow::Result<String> {
    let bytes = bytes.with_context(|| format!("it is larger than {MAX_BYTES} bytes"))?;
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
        assert_eq!(config.configured_level("no-ownership"), Some(None));
        assert_eq!(
            config.configured_level("missing-feedback"),
            Some(Some(Level::Error))
        );
        assert_eq!(config.configured_level("no-learning-goal"), None);
        assert_eq!(config.report.title.as_deref(), Some("T"));
        assert_eq!(config.limits.max_file_bytes, crate::load::MAX_FILE_BYTES);
        let small = Config::parse("[limits]\nmax_file_bytes = 10\n").unwrap();
        assert_eq!(small.limits.max_file_bytes, 10);
        let ladders = Config::parse("[frameworks]\npaths = [\"ladders/*.md\"]\n").unwrap();
        assert_eq!(
            ladders.layout.kind("ladders/web.md"),
            crate::load::Kind::Framework
        );
        assert_eq!(
            config.layout.kind("ladders/web.md"),
            crate::load::Kind::Member
        );
    }

    /// `SETTINGS` names every field of every section, and only those.
    #[test]
    fn settings_list_every_field() {
        let defaults = Config::default();
        let sections = [
            ("thresholds", serde_json::to_value(&defaults.thresholds)),
            ("report", serde_json::to_value(&defaults.report)),
            ("limits", serde_json::to_value(&defaults.limits)),
            ("team", serde_json::to_value(TeamSettings::default())),
            ("private", serde_json::to_value(&defaults.private)),
            (
                "frameworks",
                serde_json::to_value(FrameworkSettings::default()),
            ),
        ];
        let mut seen = 0;
        for (section, value) in sections {
            let fields: Vec<String> = value
                .unwrap()
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            let mut listed: Vec<String> = (SETTINGS.iter())
                .filter(|s| s.section == section)
                .map(|s| s.key.to_owned())
                .collect();
            listed.sort();
            assert_eq!(listed, fields, "[{section}]");
            seen += listed.len();
        }
        assert_eq!(
            seen,
            SETTINGS.len(),
            "every setting is in one of the sections above"
        );
    }

    #[test]
    fn recipients_are_public_keys() {
        let key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        let config = Config::parse(&format!("[private]\nrecipients = [\"{key}\"]\n")).unwrap();
        assert_eq!(config.private.recipients, [key]);
        let error = format!(
            "{:#}",
            Config::parse("[private]\nrecipients = [\"ssh-rsa AAAAB3Nza x\"]\n").unwrap_err()
        );
        assert!(
            error.contains("entry 1: RSA keys are not supported"),
            "{error}"
        );
    }

    #[test]
    fn names_what_is_wrong() {
        let error = |text| format!("{:#}", Config::parse(text).unwrap_err());
        assert!(
            error("[thresholds]\nfeedback_dayz = 3\n").contains("unknown field `feedback_dayz`")
        );
        assert!(error("colour = 1\n").contains("unknown field `colour`"));
        assert!(
            error("[rules]\nno-ownership = \"loud\"\n")
                .contains("rule `no-ownership` in [rules]: `loud` is not a level")
        );
        assert!(error("[thresholds]\nfeedback_days = -1\n").contains("feedback_days"));
    }
}
