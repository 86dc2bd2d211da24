//! mastery keeps a team's growth records in git as Markdown files with YAML
//! front matter, checks them like a compiler checks code, and renders a
//! team-mastery report.
//!
//! The data flows one way: [`load`] walks a team directory into the typed
//! [`model`], [`check`] runs the rules over it and renders the findings.
//! Every command opens one [`project::Project`] (configuration, records,
//! findings); the library never prints and holds no process state: the
//! binary's `cmd` modules own the streams, signals and environment.

pub mod agenda;
pub mod check;
pub mod config;
pub mod date;
pub mod depends;
pub mod diff;
/// The generator of docs/*.md, run by `cargo test` (not shipped).
#[cfg(test)]
mod docs;
pub mod edit;
pub mod export;
/// The fuzz targets' bodies: for `cargo test` and the `fuzzing` feature
/// that fuzz/ enables (not shipped).
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod git;
pub mod history;
pub mod level;
pub mod load;
pub mod lsp;
pub mod model;
pub mod open;
pub mod packet;
pub mod paths;
pub mod printable;
pub mod project;
pub mod report;
pub mod scaffold;
pub mod seal;
pub mod secret;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod url;
pub mod watch;
pub mod words;
pub mod yaml;

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// The library's source files: every `.rs` under src/ but the
    /// binary's (`main.rs`, `cmd/`), with their path relative to src/.
    fn library_files() -> Vec<(String, std::path::PathBuf)> {
        fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    visit(&path, files);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        visit(&src, &mut files);
        let relative = |file: &Path| {
            file.strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        };
        (files.into_iter())
            .map(|file| (relative(&file), file))
            .filter(|(name, _)| {
                !["main.rs", "cli.rs"].contains(&name.as_str()) && !name.starts_with("cmd/")
            })
            .collect()
    }

    /// The library's top-level modules and those each names (`crate::x`),
    /// outside its tests.
    fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (relative, file) in library_files() {
            let top = relative.split(['/', '.']).next().unwrap().to_owned();
            if top == "lib" {
                continue; // the crate root
            }
            let mut used = imported(&file, "crate::");
            used.retain(|name| *name != top && name != "self");
            graph.entry(top.clone()).or_default().extend(used);
        }
        graph
    }

    /// The shipped library reads no environment variable and keeps no
    /// process-wide state: the binary's `cmd` modules own those (the
    /// docs generator and the fuzz helpers are not shipped).
    #[test]
    fn the_library_reads_no_environment_and_keeps_no_globals() {
        let mut read = 0;
        for (relative, file) in library_files() {
            if ["docs.rs", "fuzzing.rs"].contains(&relative.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
            for line in code.lines().map(str::trim_start) {
                let is_static = ["static ", "pub static ", "pub(crate) static "]
                    .iter()
                    .any(|start| line.starts_with(start));
                // A `LazyLock` is a constant worked out once (the HTML
                // sanitiser's settings); a `OnceLock` is set from outside.
                let mutable = ["mut ", "OnceLock", "Mutex", "RwLock", "Atomic", "Cell"]
                    .iter()
                    .any(|kind| line.contains(kind));
                let global = (is_static && mutable) || line.starts_with("thread_local!");
                assert!(!global, "{relative}: process-wide state: {line}");
                assert!(
                    !line.contains("env::var"),
                    "{relative}: reads the environment: {line}"
                );
            }
            read += 1;
        }
        assert!(read > 50, "the library is read");
    }

    /// The names `file` (outside its tests) imports after `prefix`
    /// (`crate::a`, `crate::{a, b}`).
    fn imported(file: &Path, prefix: &str) -> BTreeSet<String> {
        let text = std::fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let mut names = BTreeSet::new();
        for part in code.split(prefix).skip(1) {
            let mut group = vec![];
            if let Some(inner) = part.strip_prefix('{') {
                group.extend(inner.split('}').next().unwrap().split(','));
            } else {
                group.push(part);
            }
            for item in group {
                let name: String = (item.trim())
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        }
        names
    }

    /// Inside a folder, no two files import each other (`super::a` in `b`
    /// and `super::b` in `a`): what both need lives in the folder's
    /// `mod.rs` or a file of its own.
    #[test]
    fn no_two_files_of_a_folder_import_each_other() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut folders = vec![src];
        let mut checked = 0;
        while let Some(folder) = folders.pop() {
            let mut siblings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                if path.extension().is_none_or(|e| e != "rs") || name == "mod" {
                    continue;
                }
                siblings.insert(name, imported(&path, "super::"));
            }
            for (a, used) in &siblings {
                for b in used.iter().filter(|b| *b != a) {
                    let back = siblings.get(b).is_some_and(|u| u.contains(a));
                    assert!(
                        !back,
                        "{} and {b}.rs import each other in {}",
                        a,
                        folder.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10, "the imports are read");
    }

    /// No module imports one that imports it back, however indirectly: the
    /// layers of ARCHITECTURE.md hold.
    #[test]
    fn modules_import_no_cycle() {
        let graph = module_graph();
        assert!(
            graph["model"].contains("yaml"),
            "the graph is read: {graph:?}"
        );
        for (start, names) in &graph {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<&String> = names.iter().collect();
            while let Some(next) = stack.pop() {
                assert_ne!(next, start, "{start} imports itself back: {graph:#?}");
                if seen.insert(next) {
                    stack.extend(graph.get(next).into_iter().flatten());
                }
            }
        }
    }
}
