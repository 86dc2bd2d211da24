//! Markdown notes -> HTML -> sanitiser. Nothing may panic, and no script,
//! event handler or `javascript:` link may come out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        mastery::fuzzing::render_markdown(text);
    }
});
