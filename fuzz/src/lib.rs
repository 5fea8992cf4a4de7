//! Fuzz targets of `wx-core` (see docs/FUZZING.md). The target bodies live in
//! [`targets`]; `fuzz_targets/*.rs` wrap each one for libFuzzer, and the `replay` binary
//! times every corpus input through the same functions.

pub mod targets;
