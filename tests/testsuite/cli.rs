//! CLI cases as data: `tests/cmd/*.toml` with their exact stdout, stderr
//! and exit code (TRYCMD=overwrite regenerates them for review).

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        // The fixtures are not read with this project's history (the sample
        // team's cases pass `--no-history`).
        .env(
            "GIT_CEILING_DIRECTORIES",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
        )
        .case("tests/cmd/*.toml");
}
