//! CLI cases as data: `tests/cmd/*.toml` with their exact stdout, stderr
//! and exit code (TRYCMD=overwrite regenerates them for review).

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
