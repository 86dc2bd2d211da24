//! The reference documentation, generated from the code: `docs/format.md`
//! from the record tables ([`crate::model::schema`]) and the configuration's
//! settings, `docs/rules.md` from the rule registry, `docs/templates.md`
//! from the page types (`src/report/pages.rs`). A test regenerates them and
//! fails when the committed files differ; `MASTERY_UPDATE_DOCS=1 cargo test
//! --lib docs` writes them.

use std::fmt::Write as _;

use crate::check::rules;
use crate::config::{self, Config};
use crate::model::schema::{self, Kind, Table};

/// Every generated file: (path in the repository, contents).
pub fn all(pages_source: &str) -> Vec<(&'static str, String)> {
    vec![
        ("docs/format.md", format()),
        ("docs/rules.md", rules()),
        ("docs/templates.md", templates(pages_source)),
    ]
}

const GENERATED: &str = "<!-- Generated from the code by `MASTERY_UPDATE_DOCS=1 cargo test --lib docs` \
(src/docs.rs); edit the code, not this file. -->\n\n";

/// `docs/format.md`: the team folder, every key of a member file and of
/// the vision, and `mastery.toml`.
pub fn format() -> String {
    let mut out = String::from(GENERATED);
    out.push_str(
        "# The record format\n\n\
         A team is a folder: `vision.md` at its root, one Markdown file per member \
         anywhere below it, and an optional `mastery.toml`. Each record file starts \
         with YAML front matter between `---` lines; the Markdown after it is free \
         notes, shown on the member's page.\n\n\
         ## The team folder\n\n\
         - Every `*.md` file below the root is a member file, except `vision.md` and \
         `README.md` in any folder and the files directly in `frameworks/` at the \
         root, which are growth frameworks (docs/frameworks.md; a framework's id is its \
         file name without `.md`). A `vision.md` in a sub-folder is that sub-team's \
         vision (docs/sub-teams.md): its outcomes name in `serves` the outcomes of the \
         vision above that they serve. An objective's `outcome` names an outcome of \
         the nearest vision at or above the member's folder, or of one above that, up \
         to the root's; outcome ids are unique across every vision.\n\
         - A member's **id** is its file name without `.md` (`platform/bob.md` is \
         `bob`); `manager`, `mentor` and an outcome's `owner` name members by id.\n\
         - Never read: hidden files and folders, anything a `.gitignore` in the tree \
         ignores (git checkout or not), the report's output folder, and the files \
         `[team] exclude` in `mastery.toml` names (other Markdown such as notes or docs).\n\
         - A folder without `vision.md` is not taken for a team when folders below it \
         hold one and every Markdown file below is in them (a repository's root: \
         every command stops with exit 2 and names them), or when it holds over 5,000 \
         Markdown files (a home folder); otherwise it is a team whose vision is \
         missing (`missing-vision`).\n\
         - Symlinks are followed only to regular files inside the team folder; a \
         symlink out of it, a loop, a FIFO, socket or device named `*.md` is skipped \
         with a note and never opened. A folder that cannot be listed is an \
         `invalid-front-matter` finding at the folder.\n\
         - A record larger than `[limits] max_file_bytes` is not read \
         (`invalid-front-matter`); YAML is limited to 64 levels of nesting and \
         250,000 values after alias expansion.\n\n\
         ## Values\n\n\
         YAML 1.2: `yes` and `no` are text, not booleans. Dates are `YYYY-MM-DD`, \
         quoted or not, and must exist (2026-02-30 is an `invalid-field`). Text fields \
         keep numbers and booleans as written (`role: 2IC`). A UTF-8 byte-order mark \
         and CRLF line endings are fine. A key the tables below do not define is an \
         `unknown-field` warning naming the closest key; a value of the wrong type is \
         an `invalid-field` error, and every other field of the file is still read.\n\n",
    );
    // Each file's table, then the tables of its lists' entries.
    for file_or_entry in schema::ALL {
        let heading = match (file_or_entry.path, file_or_entry.what) {
            ("", file @ "vision.md") => format!("## `{file}`"),
            ("", what) => format!("## {}{}", what[..1].to_uppercase(), &what[1..]),
            (path, _) => format!("### Entries of `{path}`"),
        };
        let _ = writeln!(out, "{heading}\n");
        table(&mut out, file_or_entry);
    }
    settings(&mut out);
    out
}

fn table(out: &mut String, table: &Table) {
    if table.open {
        out.push_str(
            "Keys not listed here are read past, never reported: published frameworks carry their own.\n\n",
        );
    }
    out.push_str("| key | type | required | default | read by |\n|---|---|---|---|---|\n");
    for field in table.fields {
        let kind = match &field.kind {
            Kind::List(inner) => format!("list of entries (`{}`)", inner.path),
            kind => kind.describe(),
        };
        // The rules that name this key among what they read.
        let reads = |r: &&rules::Rule| {
            (r.reads.iter()).any(|(t, key)| std::ptr::eq(*t, table) && *key == field.key)
        };
        let rules: Vec<String> = rules::ALL
            .iter()
            .filter(reads)
            .map(|r| format!("`{}`", r.id))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {kind} | {} | {} | {} |",
            field.key,
            if field.required { "yes" } else { "" },
            field.default,
            rules.join(", "),
        );
    }
    out.push('\n');
    for field in table.fields {
        let _ = writeln!(out, "- `{}`: {}", field.key, field.about);
    }
    out.push('\n');
}

fn settings(out: &mut String) {
    let defaults = Config::default();
    out.push_str(
        "## `mastery.toml`\n\n\
         Optional, at the team root (or `--config PATH`); a regular file of at most \
         64 KiB. An unknown section, key, rule id or level is a usage error (exit 2) \
         naming it and the closest valid one.\n\n\
         | setting | type | default | what it does |\n|---|---|---|---|\n",
    );
    for setting in config::SETTINGS {
        let _ = writeln!(
            out,
            "| `[{}] {}` | {} | {} | {} |",
            setting.section,
            setting.key,
            setting.kind,
            (setting.default)(&defaults),
            setting.about
        );
    }
    out.push_str(
        "| `[rules] <rule-id>` | `\"error\"`, `\"warning\"`, `\"note\"` or `\"allow\"` \
         | the rule's level in [rules.md](rules.md) | The rule's level; `\"allow\"` switches it off. |\n",
    );
}

/// `docs/rules.md`: every rule of the registry.
pub fn rules() -> String {
    let mut out = String::from(GENERATED);
    out.push_str(
        "# Rules\n\n\
         `mastery rules` lists them and `mastery explain RULE` prints one. A rule's \
         level can be changed in `mastery.toml` under `[rules]`, and a member file can \
         switch rules off for itself with `allow: [rule-id]`. Rules marked \"active \
         members\" look only at members whose `status` is `active`.\n\n\
         | id | default level | applies to | flags |\n|---|---|---|---|\n",
    );
    for rule in rules::ALL {
        let _ = writeln!(
            out,
            "| [`{id}`](#{id}) | {} | {} | {} |",
            rule.level.as_str(),
            if rule.cadence {
                "active members"
            } else {
                "every record"
            },
            rule.summary,
            id = rule.id,
        );
    }
    for rule in rules::ALL {
        let _ = write!(
            out,
            "\n## {}\n\nDefault level: {}.{} {}{}\n\n{}\n\nIn the output: *help: {}*\n",
            rule.id,
            rule.level.as_str(),
            if rule.team_wide {
                " About the team as a whole: `--changed-since` keeps its findings whichever files changed."
            } else {
                ""
            },
            if rule.cadence {
                "Applies to members whose `status` is `active`."
            } else {
                ""
            },
            reads_of_others(rule),
            rule.explanation,
            rule.fix
        );
    }
    out.replace(" \n", "\n")
}

/// What a per-file rule reads of other files, said as a sentence: an edit
/// to those checks every file again (watch, the language server).
fn reads_of_others(rule: &rules::Rule) -> String {
    let read: Vec<&str> = rule.shared.iter().map(|s| s.as_str()).collect();
    if read.is_empty() {
        return String::new();
    }
    format!(
        " Reads of other files {}: a change to {} checks every file again.",
        crate::words::list(&read),
        if read.len() == 1 { "it" } else { "them" }
    )
}

/// `docs/templates.md`: every variable each template sees, read from the
/// page types' source (their fields and doc comments).
pub fn templates(pages_source: &str) -> String {
    let mut out = String::from(GENERATED);
    let names: Vec<String> = crate::report::template_names()
        .map(|name| format!("`{name}`"))
        .collect();
    let _ = write!(
        out,
        "# Templates\n\n\
         `mastery build --templates DIR` replaces any built-in template with the file \
         of the same name in DIR: {} (copy them from `templates/` to start). Templates are \
         [Tera 2](https://keats.github.io/tera/); values are escaped in `.html` \
         templates, and the filter `thousands` writes a count as `10,000`. Every page \
         also sees `root` (the way back to the report's root, \
         `\"\"` or `\"../\"`), `include_private` (whether `--include-private` was given) and \
         `private` (with it: `opened`, `in_clear` and `sealed`, the counts of private entries \
         opened, shown in clear and left sealed, which every page states at its top).\n\n\
         | template | its variables |\n|---|---|\n\
         | `index.html` | the fields of [`Overview`](#overview) |\n\
         | `member.html` | the fields of [`MemberPage`](#memberpage) |\n\
         | `manager.html` | the fields of [`ManagerPage`](#managerpage) (a manager's direct reports) |\n\
         | `team.html` | the fields of [`GroupPage`](#grouppage) (reports of more than 300 members) |\n\
         | `sub-teams.html` | the fields of [`SubTeamsPage`](#subteamspage) (reports of more than 300 members) |\n\
         | `outcome.html` | the fields of [`OutcomePage`](#outcomepage) (reports of more than 300 members) |\n\
         | `framework.html` | the fields of [`FrameworkPage`](#frameworkpage) (a growth framework, `frameworks/ID.md`) |\n",
        names.join(", ")
    );
    for (name, doc, fields) in page_types(pages_source) {
        let _ = write!(
            out,
            "\n## {name}\n\n{doc}\n\n| variable | type | what it is |\n|---|---|---|\n"
        );
        for (field, kind, doc) in fields {
            let _ = writeln!(out, "| `{field}` | {} | {doc} |", type_name(&kind));
        }
    }
    out
}

/// A field's Rust type, as a template author reads it.
fn type_name(rust: &str) -> String {
    let rust = rust.trim();
    if let Some(inner) = rust
        .strip_prefix("Option<")
        .and_then(|r| r.strip_suffix('>'))
    {
        return format!("{}, or none", type_name(inner));
    }
    if let Some(inner) = rust.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        return format!("list of {}", type_name(inner));
    }
    if rust.starts_with('[') {
        return "list of text".to_owned();
    }
    match rust {
        "String" | "&'static str" | "Cow<'static, str>" => "text".to_owned(),
        "word" => "the word".to_owned(),
        "bool" => "true or false".to_owned(),
        "usize" | "u32" | "u8" | "i64" => "number".to_owned(),
        other => format!("[`{other}`](#{})", other.to_lowercase()),
    }
}

/// A page type: its name, doc comment, and (field, Rust type, doc) rows.
type PageType = (String, String, Vec<(String, String, String)>);

/// The serialisable structs of `pages.rs`: (name, doc, [(field, type,
/// doc)]). A struct or field without a doc comment is an error the
/// `missing_docs` lint already refuses, so every row has its sentence.
fn page_types(source: &str) -> Vec<PageType> {
    let mut types = Vec::new();
    let mut doc: Vec<&str> = Vec::new();
    let mut enum_open = false;
    for line in source.lines().map(str::trim) {
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim());
        } else if let Some(name) = line
            .strip_prefix("pub struct ")
            .and_then(|r| r.strip_suffix(" {"))
        {
            types.push((name.to_owned(), doc.join(" "), Vec::new()));
            doc.clear();
        } else if let Some(name) = line
            .strip_prefix("pub enum ")
            .and_then(|r| r.strip_suffix(" {"))
        {
            let about = format!("{} One of these words:", doc.join(" "));
            types.push((name.to_owned(), about, Vec::new()));
            enum_open = true;
            doc.clear();
        } else if enum_open && let Some(variant) = line.strip_suffix(',') {
            // Variants are serialised as lowercase words.
            if let Some((_, _, values)) = types.last_mut() {
                values.push((variant.to_lowercase(), "word".to_owned(), doc.join(" ")));
            }
            doc.clear();
        } else if let Some((field, kind)) = line
            .strip_prefix("pub ")
            .and_then(|r| r.strip_suffix(','))
            .and_then(|r| r.split_once(": "))
        {
            if let Some((_, _, fields)) = types.last_mut() {
                fields.push((field.to_owned(), kind.to_owned(), doc.join(" ")));
            }
            doc.clear();
        } else if !line.starts_with("#[") {
            enum_open &= line != "}";
            doc.clear();
        }
    }
    types
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The committed docs are what the code generates now.
    #[test]
    fn docs_are_generated_from_the_code() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        // The page types, in the order their files list them.
        let pages = [
            "src/report/pages.rs",
            "src/report/pages/member.rs",
            "src/report/pages/framework.rs",
        ]
        .map(|file| std::fs::read_to_string(root.join(file)).unwrap())
        .join("\n");
        let update = std::env::var_os("MASTERY_UPDATE_DOCS").is_some();
        let mut stale = Vec::new();
        for (path, text) in all(&pages) {
            let file = root.join(path);
            if update {
                std::fs::write(&file, &text).unwrap();
            } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
                stale.push(path);
            }
        }
        assert!(
            stale.is_empty(),
            "{stale:?} differ from what the code generates; run \
             `MASTERY_UPDATE_DOCS=1 cargo test --lib docs` and review the diff"
        );
    }

    /// Every page type's field appears, with its doc comment.
    #[test]
    fn templates_list_every_page_field() {
        let source = "/// A page.\n#[derive(Serialize)]\npub struct Page {\n    \
                      /// Its title.\n    pub title: String,\n    /// Links.\n    \
                      pub links: Vec<Link>,\n}\n";
        let types = page_types(source);
        assert_eq!(types.len(), 1);
        assert_eq!(types[0].1, "A page.");
        assert_eq!(
            types[0].2,
            [
                ("title".into(), "String".into(), "Its title.".into()),
                ("links".into(), "Vec<Link>".into(), "Links.".into())
            ]
        );
        assert_eq!(type_name("Vec<Link>"), "list of [`Link`](#link)");
    }

    /// Every key a rule reads is a key of its table.
    #[test]
    fn rules_read_real_keys() {
        for rule in rules::ALL {
            for (table, key) in rule.reads {
                assert!(
                    table.fields.iter().any(|f| f.key == *key),
                    "{} reads `{key}`, which {} does not have",
                    rule.id,
                    table.what
                );
            }
        }
    }
}
