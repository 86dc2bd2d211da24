//! Tests of `cli`.

use clap::CommandFactory;

#[test]
fn verify_cli() {
    super::Cli::command().debug_assert();
}

/// Each command's help lists its own options first and the global
/// ones under their own heading.
#[test]
fn global_options_have_their_own_heading() {
    let mut command = super::Cli::command();
    // Global options reach the commands when the whole is built.
    command.build();
    for sub in ["check", "build", "log"] {
        let help = command
            .find_subcommand_mut(sub)
            .unwrap()
            .render_long_help()
            .to_string();
        let (own, global) = help
            .split_once("Global options:")
            .unwrap_or_else(|| panic!("{help}"));
        assert!(
            global.contains("--as-of") && !own.contains("--as-of"),
            "{help}"
        );
        assert!(
            global.contains("--verbose") && !own.contains("--color"),
            "{help}"
        );
    }
}

/// Help speaks to users: it points at the docs shipped with the tool,
/// never at the project's SPEC.
#[test]
fn no_help_text_cites_the_spec() {
    for (name, page) in super::man_pages() {
        assert!(!page.contains("SPEC"), "{name} cites the SPEC");
    }
}

/// mastery(1) and a page per command, each with its exit status; every
/// page mastery(1) refers to exists.
#[test]
fn every_command_has_a_manual_page() {
    let pages = super::man_pages();
    let names: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
    let commands = super::Cli::command();
    let expected: Vec<String> = std::iter::once("mastery".to_owned())
        .chain(
            commands
                .get_subcommands()
                .map(|c| format!("mastery-{}", c.get_name())),
        )
        .collect();
    assert_eq!(names, expected);
    let main = &pages[0].1;
    for (name, roff) in &pages {
        assert!(roff.contains(".SH \"EXIT STATUS\""), "{name}");
        if name != "mastery" {
            let reference = name.replace('-', "\\-");
            assert!(main.contains(&reference), "mastery(1) names {name}");
        }
    }
}
