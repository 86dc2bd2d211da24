//! The fuzz targets' bodies, here so that `cargo test` replays the fuzz
//! corpus (`fuzz/corpus/`) against exactly the same code.

use crate::check;
use crate::config::Config;
use crate::load;

/// One record file's bytes through everything `check` does with it: the
/// file is checked as a member beside a small vision, then as the vision
/// itself, and the findings are rendered in every format.
pub fn load_and_check(data: &[u8]) {
    let vision = b"---\nteam: T\nstatement: S\noutcomes:\n  - id: o\n    title: O\n---\n".to_vec();
    for (path, other) in [
        ("member.md", ("vision.md", vision)),
        ("vision.md", ("x.md", Vec::new())),
    ] {
        let team = load::assemble([
            load::parse_record(other.0.to_owned(), other.1.clone()),
            load::parse_record(path.to_owned(), data.to_vec()),
        ]);
        let findings = check::check(&team, &Config::default(), jiff::civil::date(2026, 11, 27));
        for d in &findings.diagnostics {
            if let Some(span) = d.span {
                let source = team
                    .members
                    .iter()
                    .map(|m| &m.record.source)
                    .chain(team.visions().map(|v| &v.record.source))
                    .find(|s| s.path == d.path)
                    .expect("findings name a loaded file");
                assert!(
                    span.start <= source.text.len(),
                    "a finding points past the end"
                );
            }
        }
        check::render::human(&findings.diagnostics, &team, "");
        check::render::json(&findings);
        check::render::sarif(&findings, "");
        check::render::github(&findings, "");
    }
}

/// Markdown through the renderer and sanitiser; panics if anything that
/// could run or fetch survives.
pub fn render_markdown(text: &str) {
    let html = crate::report::markdown_to_html(text).to_lowercase();
    for tag in html
        .split('<')
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
    {
        let element = tag.split_whitespace().next().unwrap_or("");
        assert!(
            ![
                "script", "iframe", "object", "embed", "form", "svg", "img", "style", "math"
            ]
            .contains(&element),
            "<{tag}> survived"
        );
        for (name, value) in attributes(tag) {
            assert!(!name.starts_with("on"), "<{tag}> has an event handler");
            if ["href", "src", "action", "formaction"].contains(&name.as_str()) {
                let value = value.trim_start();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(!value.starts_with(scheme), "<{tag}> links to {scheme}");
                }
            }
        }
    }
}

/// The attributes of a tag's inside (`a href="x" title='y'`), quotes
/// respected.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = tag.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start();
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        if name_end == 0 {
            break;
        }
        let name = rest[..name_end].trim_end_matches('/').to_owned();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, r) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(quote).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_owned();
            rest = r;
        }
        attributes.push((name, value));
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_respect_quotes() {
        assert_eq!(
            attributes("a href=\"x y\" title='onclick=1' rel=n"),
            [
                ("href".to_owned(), "x y".to_owned()),
                ("title".to_owned(), "onclick=1".to_owned()),
                ("rel".to_owned(), "n".to_owned())
            ]
        );
    }

    /// The seed set (a spread of the fuzzers' corpus, and every crash they
    /// ever found) replays cleanly. The whole corpus, `fuzz/corpus/`, is
    /// for `cargo fuzz` runs, not for every test run.
    #[test]
    fn the_fuzz_seeds_replay_cleanly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
        let mut replayed = 0;
        for (target, run) in [
            ("load", load_and_check as fn(&[u8])),
            ("markdown", |data: &[u8]| {
                if let Ok(text) = std::str::from_utf8(data) {
                    render_markdown(text);
                }
            }),
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(target)) else {
                continue;
            };
            for entry in entries {
                run(&std::fs::read(entry.unwrap().path()).unwrap());
                replayed += 1;
            }
        }
        assert!(replayed > 0, "fuzz/seeds is committed");
    }
}
