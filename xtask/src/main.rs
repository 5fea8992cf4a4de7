//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask test`,
//! `cargo xtask new-endpoint <METHOD> <path> --name <name> --doc <url>`,
//! `cargo xtask bench [--quick] [--http] [--compile]`, `cargo xtask fuzz [--time S] [TARGET...]`.

mod bench;
mod codegen;
mod examples;
mod fuzz;
mod inventory;
mod new_endpoint;
mod redis;
mod test;
// Checks over the sources, run by `cargo test -p xtask` (so by `cargo xtask test`).
#[cfg(test)]
mod tidy;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo xtask <command>\n\n\
         commands:\n  \
         codegen [--check]   regenerate generated files (--check: fail, naming the file, if any is stale)\n  \
         test                run the whole test suite, starting the services it needs\n  \
         new-endpoint <GET|POST> <path> --name <product::domain::verb> --doc <url>\n                     \
         scaffold a new endpoint's doc-example fixture and inventory row (CONTRIBUTING.md)\n  \
         bench [--quick] [--http] [--compile]\n                     run the benchmarks and rewrite docs/BENCHMARKS.md (--quick: smoke run, no rewrite;\n                     --http: only the HTTP push benchmark, rewriting only its section;\n                     --compile: only the per-endpoint compile cost, printed, no rewrite)\n  \
         fuzz [--time S] [--replay] [--no-replay] [--merge] [--asan] [--dev] [TARGET...]\n                      \
         run the cargo-fuzz targets S seconds each (default 30), then time every corpus input\n                      \
         (--replay: only time the corpus; --merge: minimise new inputs into fuzz/corpus;\n                      --asan: AddressSanitizer; --dev: unoptimised build, for the CI smoke)"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&root(), args.iter().any(|a| a == "--check")),
        Some("test") => test::run(&root(), &args[1..]),
        Some("new-endpoint") => new_endpoint::run(&root(), &args[1..]),
        Some("fuzz") => fuzz::run(&root(), &args[1..]),
        Some("bench") if args.iter().any(|a| a == "--compile") => {
            bench::run_compile_only(&root(), args.iter().any(|a| a == "--quick"))
        }
        Some("bench") => bench::run(
            &root(),
            args.iter().any(|a| a == "--quick"),
            args.iter().any(|a| a == "--http"),
        ),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
