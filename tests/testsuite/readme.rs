//! The README's commands are the ones the tests run, and what it shows of
//! their output is what they print.

use std::path::Path;

/// The README's section under `heading`, up to the next `## `.
fn section(heading: &str) -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("## {heading}"));
    let rest = &readme[start + heading.len() + 5..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
}

/// The commands (`$ …` lines, comments dropped) and the other fenced
/// blocks (`text`) of a section.
fn blocks(section: &str, language: &str) -> Vec<String> {
    let fence = format!("```{language}\n");
    section
        .split(&fence)
        .skip(1)
        .map(|block| block.split("```").next().unwrap().to_owned())
        .collect()
}

#[test]
fn the_two_commands_are_the_ones_that_run() {
    let two = section("The two commands");
    let commands: Vec<String> = blocks(&two, "console")
        .iter()
        .flat_map(|b| {
            b.lines()
                .filter_map(|l| l.strip_prefix("$ "))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    // The test command is what CI runs, with the ignored tests required.
    assert_eq!(commands[1], "cargo test --locked");
    let ci =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run")).unwrap();
    assert!(
        ci.lines()
            .any(|l| l == "cargo test --locked -- --include-ignored"),
        "{ci}"
    );
    // The main job: its arguments run here, from a folder like the clone.
    let args = commands[0]
        .strip_prefix("cargo run --release -- ")
        .expect(&commands[0]);
    let args: Vec<&str> = args.split_whitespace().collect();
    let scratch = tempfile::tempdir().unwrap();
    crate::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-team"),
        &scratch.path().join("sample-team"),
    );
    let (code, stdout, stderr) = crate::run(&args, scratch.path());
    assert_eq!(code, 0, "{stderr}");
    let printed = format!("{stderr}{stdout}");
    // Every paragraph of the example output is printed as shown.
    let example = blocks(&two, "text")
        .into_iter()
        .next()
        .expect("an example output");
    for paragraph in example.split("\n\n") {
        assert!(
            printed.contains(paragraph.trim_end()),
            "not printed:\n{paragraph}\n\nprinted:\n{printed}"
        );
    }
    let written = std::fs::read_dir(scratch.path().join("report"))
        .unwrap()
        .count();
    assert!(written > 0);
}

#[test]
fn the_install_command_builds_this_crate_s_binary() {
    let install = section("Install");
    let commands: Vec<&str> = install
        .lines()
        .filter_map(|l| l.strip_prefix("$ "))
        .collect();
    assert_eq!(commands.len(), 1, "{commands:?}");
    let command = commands[0].split('#').next().unwrap().trim();
    assert_eq!(command, "cargo install --locked --path .");
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("[[bin]]\nname = \"mastery\""),
        "the clone installs `mastery`"
    );
    // Nothing claims a published release.
    assert!(install.contains("No release is published yet"), "{install}");
}
