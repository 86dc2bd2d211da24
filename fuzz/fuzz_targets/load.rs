//! Bytes -> front matter split -> YAML -> model -> every rule -> every
//! output format. Nothing may panic, hang or run away with memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mastery::fuzzing::load_and_check(data);
});
