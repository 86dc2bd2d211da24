//! The floor: the least work any tool doing mastery's job must do. Walk the
//! tree, read each file, split off the front matter, parse the YAML into a
//! generic value and render the Markdown body with pulldown-cmark, in
//! parallel on all cores; no checks, no model.
//!
//!     cargo run --release -p mastery-floor -- DIR [saphyr|yaml-rust2|serde_yaml|serde-saphyr] [OUT]
//!
//! With OUT, it also writes each rendered body to a file of its own under a
//! fresh folder and then replaces OUT with it, deleting the previous output:
//! the least a build must add (a report is replaced whole, never half
//! written).
//!
//! Prints the number of files and YAML values seen (so no work can be
//! optimised away). BENCHMARKS.md compares `check` and `build` against it.

#![allow(clippy::print_stdout, reason = "a benchmark prints its count")]

use std::path::Path;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: floor DIR [PARSER]");
    let parser = args.next().unwrap_or_else(|| "yaml-rust2".to_owned());
    let out = args.next().map(std::path::PathBuf::from);
    let files: Vec<_> = ignore::WalkBuilder::new(&dir)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    let staging = out.as_ref().map(|out| out.with_extension("new"));
    if let Some(staging) = &staging {
        std::fs::create_dir_all(staging).expect("output folder");
    }
    let values: usize = files
        .par_iter()
        .map(|path| {
            let target = staging.as_ref().map(|staging| {
                let relative = path.strip_prefix(&dir).expect("under DIR");
                staging.join(relative).with_extension("html")
            });
            one(path, &parser, target.as_deref())
        })
        .sum();
    if let (Some(out), Some(staging)) = (&out, &staging) {
        if out.exists() {
            std::fs::remove_dir_all(out).expect("previous output removed");
        }
        std::fs::rename(staging, out).expect("output swapped in");
    }
    println!("{} files, {values} values", files.len());
}

fn one(path: &Path, parser: &str, target: Option<&Path>) -> usize {
    let text = std::fs::read_to_string(path).expect("readable UTF-8");
    let rest = text.strip_prefix("---\n").unwrap_or(&text);
    let (yaml, body) = rest.split_once("\n---\n").unwrap_or((rest, ""));
    let values = match parser {
        "yaml-rust2" => {
            count_yaml_rust2(&yaml_rust2::YamlLoader::load_from_str(yaml).expect("YAML")[0])
        }
        "saphyr" => {
            use saphyr::LoadableYamlNode;
            count_saphyr(&saphyr::Yaml::load_from_str(yaml).expect("YAML")[0])
        }
        "serde_yaml" => count_json(&serde_yaml::from_str::<serde_json::Value>(yaml).expect("YAML")),
        "serde-saphyr" => {
            count_json(&serde_saphyr::from_str::<serde_json::Value>(yaml).expect("YAML"))
        }
        other => panic!("unknown parser {other}"),
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
    if let Some(target) = target {
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).expect("output sub-folder");
        }
        std::fs::write(target, &html).expect("page written");
    }
    values + usize::from(!html.is_empty())
}

fn count_yaml_rust2(value: &yaml_rust2::Yaml) -> usize {
    use yaml_rust2::Yaml;
    1 + match value {
        Yaml::Array(items) => items.iter().map(count_yaml_rust2).sum(),
        Yaml::Hash(map) => map
            .iter()
            .map(|(k, v)| count_yaml_rust2(k) + count_yaml_rust2(v))
            .sum(),
        _ => 0,
    }
}

fn count_saphyr(value: &saphyr::Yaml) -> usize {
    use saphyr::Yaml;
    1 + match value {
        Yaml::Sequence(items) => items.iter().map(count_saphyr).sum(),
        Yaml::Mapping(map) => map
            .iter()
            .map(|(k, v)| count_saphyr(k) + count_saphyr(v))
            .sum(),
        _ => 0,
    }
}

fn count_json(value: &serde_json::Value) -> usize {
    use serde_json::Value;
    1 + match value {
        Value::Array(items) => items.iter().map(count_json).sum(),
        Value::Object(map) => map.values().map(|v| 1 + count_json(v)).sum(),
        _ => 0,
    }
}
