#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wx_fuzz::targets::component_push(data));
