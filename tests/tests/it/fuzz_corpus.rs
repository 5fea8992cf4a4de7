//! Runs every committed fuzz input through its target in the normal suite: the corpus
//! (`fuzz/corpus/<target>/`, seeded from the push fixtures and minimised after fuzzing) and
//! the crash regressions (`fuzz/regressions/<target>/`, one file per crash the fuzzer
//! found, named after the defect). The target bodies are the fuzz crate's own
//! (`fuzz/src/targets.rs`, included here by path), so this needs no nightly and no
//! cargo-fuzz; see docs/FUZZING.md.

#[allow(dead_code)]
#[path = "../../../fuzz/src/targets.rs"]
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs the inputs under `kind/<target>/` for every target; returns (inputs run, failures).
fn run(kind: &str) -> (usize, Vec<String>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for (name, target) in targets::TARGETS {
        for file in files(&fuzz_dir().join(kind).join(name)) {
            let data = std::fs::read(&file).unwrap();
            count += 1;
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| target(&data))) {
                let msg = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!(
                    "fuzz/{kind}/{name}/{}: {msg}",
                    file.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    (count, failures)
}

#[test]
fn every_corpus_input_passes_its_target() {
    let (count, failures) = run("corpus");
    assert!(count >= 300, "the corpus is missing: {count} inputs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_crash_found_by_fuzzing_stays_fixed() {
    let (_, failures) = run("regressions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
