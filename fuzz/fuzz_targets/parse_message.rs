#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wx_fuzz::targets::parse_message_target(data));
