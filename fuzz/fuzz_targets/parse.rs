//! Arbitrary bytes through the whole reader and parser: whatever the bytes, the
//! parse returns (a model or a clear error) without panicking, and a model's YAML
//! reads back to the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(model) = kehoach::parse_bytes("fuzz.txt", data) {
        let yaml = kehoach::render::to_yaml(&model);
        let back = kehoach::render::from_str(&yaml).expect("the YAML of a model reads back");
        assert_eq!(back, model);
    }
});
