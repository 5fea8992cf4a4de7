//! `cargo xtask fuzz [--time S] [--no-replay] [--merge] [--asan] [--dev] [TARGET...]`: runs the cargo-fuzz
//! targets of `fuzz/` for S seconds each (default 30), then times every corpus input
//! through the same target functions in a plain release build (`replay`), and prints a
//! table (target, execs, exec/s, crashes, slowest ms, slowest input) for docs/FUZZING.md.
//!
//! `--replay` alone only times the corpus (no nightly, no cargo-fuzz needed). New inputs
//! found while fuzzing go to `target/fuzz-corpus/<target>/`, not to the committed corpus;
//! `--merge` minimises them into `fuzz/corpus/<target>/` afterwards (libFuzzer `-merge=1`).
//!
//! Needs cargo-fuzz and a nightly toolchain (or `RUSTC_BOOTSTRAP=1` on stable, used when
//! no nightly is installed); where either is missing the run says so and skips, exit 0.

use std::path::Path;
use std::process::{Command, Stdio};

const TARGETS: &[&str] = &[
    "push_xml_plain",
    "push_json_plain",
    "push_xml_encrypted",
    "push_json_encrypted",
    "push_xml_decrypted",
    "push_json_decrypted",
    "xml_reader",
    "parse_message",
    "reply_roundtrip",
    "client_decode",
    "component_push",
];

/// Slowest acceptable input (issue 11): any corpus input above it fails the run.
const SLOW_MS: f64 = 10.0;

#[derive(Default)]
struct Row {
    execs: Option<u64>,
    exec_per_s: Option<u64>,
    crashes: Option<u32>,
    crash_file: Option<String>,
    inputs: Option<usize>,
    slowest_ms: Option<f64>,
    slowest_input: Option<String>,
}

struct Options {
    time: u64,
    replay: bool,
    fuzz: bool,
    merge: bool,
    /// cargo-fuzz `--sanitizer`: `none` unless `--asan` (the project has no `unsafe`, so
    /// AddressSanitizer only watches dependencies, at 2-3x the cost per execution).
    sanitizer: &'static str,
    /// `--dev`: an unoptimised build (the CI smoke: minutes less to build, slower to run).
    dev: bool,
    targets: Vec<String>,
}

impl Options {
    /// `run <target>` with this run's build flags (the same for fuzzing and merging, so
    /// merging does not rebuild).
    fn run_args(&self, target: &str) -> Vec<String> {
        let mut v = vec!["run".to_owned(), format!("--sanitizer={}", self.sanitizer)];
        if self.dev {
            v.push("--dev".to_owned());
        }
        v.push(target.to_owned());
        v
    }
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        time: 30,
        replay: true,
        fuzz: true,
        merge: false,
        sanitizer: "none",
        dev: false,
        targets: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--time" => {
                let v = it.next().ok_or("--time needs seconds")?;
                o.time = v.parse().map_err(|_| format!("--time {v}: not seconds"))?;
            }
            "--replay" => o.fuzz = false,
            "--no-replay" => o.replay = false,
            "--merge" => o.merge = true,
            "--asan" => o.sanitizer = "address",
            "--dev" => o.dev = true,
            t if TARGETS.contains(&t) => o.targets.push(t.to_owned()),
            other => {
                return Err(format!(
                    "fuzz: unknown argument {other} (targets: {})",
                    TARGETS.join(", ")
                ))
            }
        }
    }
    if o.targets.is_empty() {
        o.targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    Ok(o)
}

/// `cargo [+nightly] fuzz` through rustup's `cargo` (which understands `+toolchain`), or
/// why fuzzing cannot run here.
fn fuzz_toolchain() -> Result<Command, String> {
    let has_nightly = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("nightly"))
        .unwrap_or(false);
    let mut cargo = Command::new("cargo");
    if has_nightly {
        cargo.arg("+nightly");
    } else {
        // cargo-fuzz passes nightly-only `-Z` flags to rustc; a stable rustc accepts them
        // with RUSTC_BOOTSTRAP=1 (docs/FUZZING.md).
        cargo.env("RUSTC_BOOTSTRAP", "1");
    }
    let probe = Command::new("cargo")
        .args(if has_nightly {
            vec!["+nightly", "fuzz", "--version"]
        } else {
            vec!["fuzz", "--version"]
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match probe {
        Ok(s) if s.success() => {
            cargo.arg("fuzz");
            Ok(cargo)
        }
        _ => Err("cargo-fuzz is not installed (install: cargo install cargo-fuzz)".into()),
    }
}

fn stat(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim_start_matches(':').trim().parse().ok())
}

fn fuzz_one(root: &Path, o: &Options, target: &str, time: u64) -> Result<Row, String> {
    let work = root.join("target/fuzz-corpus").join(target);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let mut cmd = fuzz_toolchain()?;
    cmd.current_dir(root)
        .args(o.run_args(target))
        .arg(&work)
        .arg(root.join("fuzz/corpus").join(target))
        .arg("--")
        .arg(format!("-max_total_time={time}"))
        .args([
            "-timeout=1",
            "-rss_limit_mb=2048",
            "-max_len=65536",
            "-print_final_stats=1",
        ]);
    println!("xtask: fuzzing {target} for {time} s");
    let out = cmd
        .stdout(Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo fuzz run {target}: {e}"))?;
    let log = String::from_utf8_lossy(&out.stderr);
    let crash_file = log
        .lines()
        .find_map(|l| l.split("Test unit written to ").nth(1))
        .map(|s| s.trim().to_owned());
    if !out.status.success() && crash_file.is_none() {
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "cargo fuzz run {target} failed ({}):\n{}",
            out.status,
            tail.join("\n")
        ));
    }
    if let Some(file) = &crash_file {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        eprintln!("{}", tail.join("\n"));
        eprintln!("xtask: {target} CRASHED; input saved to {file}");
    }
    Ok(Row {
        execs: stat(&log, "stat::number_of_executed_units"),
        exec_per_s: stat(&log, "stat::average_exec_per_sec"),
        crashes: Some(u32::from(crash_file.is_some())),
        crash_file,
        ..Row::default()
    })
}

/// Adds the inputs of the work corpus that bring new coverage to the committed corpus
/// (libFuzzer `-merge=1`: the first directory receives them).
fn merge(root: &Path, o: &Options, target: &str) -> Result<(), String> {
    let mut cmd = fuzz_toolchain()?;
    let out = cmd
        .current_dir(root)
        .args(o.run_args(target))
        .arg(root.join("fuzz/corpus").join(target))
        .arg(root.join("target/fuzz-corpus").join(target))
        .args(["--", "-merge=1", "-max_len=65536", "-timeout=1"])
        .output()
        .map_err(|e| format!("cargo fuzz run {target} -merge=1: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("cargo fuzz run {target} -merge=1: {}", out.status))
    }
}

/// Times every input (committed corpus, regressions, and this machine's work corpus).
fn replay(root: &Path, targets: &[String], rows: &mut [(String, Row)]) -> Result<(), String> {
    println!("xtask: timing every corpus input (release build of fuzz/src/replay.rs)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(root.join("fuzz"))
        .args([
            "run",
            "--quiet",
            "--release",
            "--no-default-features",
            "--bin",
            "replay",
            "--",
        ])
        .arg(root.join("fuzz/corpus"))
        .arg(root.join("fuzz/regressions"))
        .arg(root.join("target/fuzz-corpus"))
        .arg("--")
        .args(targets)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("replay: {e}"))?;
    let failed = !out.status.success();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, inputs, ms, input] = cols.as_slice() else {
            continue;
        };
        if let Some((_, row)) = rows.iter_mut().find(|(n, _)| n == name) {
            row.inputs = inputs.parse().ok();
            row.slowest_ms = ms.parse().ok();
            row.slowest_input = Some(input.to_string());
        }
    }
    if failed {
        return Err("some corpus or regression inputs fail their target (listed above)".into());
    }
    Ok(())
}

fn cell<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "-".to_owned(), T::to_string)
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let o = parse_args(args)?;
    let mut rows: Vec<(String, Row)> = o
        .targets
        .iter()
        .map(|t| (t.clone(), Row::default()))
        .collect();
    let mut fuzzed = false;
    if o.fuzz {
        match fuzz_toolchain() {
            Err(why) => println!("xtask: fuzzing SKIPPED: {why}"),
            Ok(_) => {
                fuzzed = true;
                for (target, row) in rows.iter_mut() {
                    *row = fuzz_one(root, &o, target, o.time)?;
                    if o.merge && row.crashes == Some(0) {
                        merge(root, &o, target)?;
                    }
                }
            }
        }
    }
    let replayed = if o.replay {
        replay(root, &o.targets, &mut rows)
    } else {
        Ok(())
    };
    println!();
    println!("| target | execs | exec/s | crashes | inputs timed | slowest ms | slowest input |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    for (name, r) in &rows {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            cell(&r.execs),
            cell(&r.exec_per_s),
            cell(&r.crashes),
            cell(&r.inputs),
            r.slowest_ms
                .map_or_else(|| "-".into(), |ms| format!("{ms:.3}")),
            cell(&r.slowest_input),
        );
    }
    let crashed: Vec<String> = rows
        .iter()
        .filter_map(|(n, r)| r.crash_file.as_ref().map(|f| format!("{n}: {f}")))
        .collect();
    let slow: Vec<String> = rows
        .iter()
        .filter(|(_, r)| r.slowest_ms.is_some_and(|ms| ms > SLOW_MS))
        .map(|(n, r)| format!("{n}: {} ({})", cell(&r.slowest_input), cell(&r.slowest_ms)))
        .collect();
    if !fuzzed && o.fuzz {
        println!("xtask: fuzzing was skipped (see above); only the replay ran");
    }
    replayed?;
    if !crashed.is_empty() {
        return Err(format!("crashes found:\n{}", crashed.join("\n")));
    }
    if !slow.is_empty() {
        return Err(format!(
            "inputs slower than {SLOW_MS} ms:\n{}",
            slow.join("\n")
        ));
    }
    Ok(())
}
