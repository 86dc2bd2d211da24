#![allow(clippy::print_stdout, missing_docs)]
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let config = mastery::config::Config::load(&dir, None).unwrap();
    let team = mastery::load::load(&dir, None, 1 << 23).unwrap().team;
    let findings = mastery::check::check(&team, &config, jiff::civil::date(2026, 11, 27));
    println!("{} {}", team.members.len(), findings.diagnostics.len());
}
