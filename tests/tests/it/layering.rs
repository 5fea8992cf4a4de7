//! The crate layering of docs/ARCHITECTURE.md, checked mechanically on the resolved
//! dependency graph (`cargo tree`, offline, from Cargo.lock).
//!
//! Invariant: `wx-push` depends on no other wx crate and, with default features, on no HTTP
//! client, async runtime or Redis client; its optional features add only the axum adapter and
//! Redis dedup, never the client runtime. A webhook-only service can depend on it alone.

use std::collections::BTreeSet;
use std::process::Command;

/// Package names in the normal (non-dev) dependency graph of `package`.
fn normal_deps(package: &str, features: &[&str]) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args([
            "tree",
            "--offline",
            "--locked",
            "-p",
            package,
            "-e",
            "normal",
        ])
        .args(["--prefix", "none", "--format", "{p}"])
        .args(features);
    let out = cmd.output().expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

const NEVER_IN_PUSH: &[&str] = &[
    "wx-core",
    "wx-api",
    "wx-macros",
    "wx-codegen",
    "reqwest",
    "hyper-rustls",
];
const NOT_BY_DEFAULT: &[&str] = &["tokio", "redis", "axum", "hyper", "tracing"];

#[test]
fn wx_push_default_features_have_no_client_runtime_or_redis() {
    let deps = normal_deps("wx-push", &[]);
    assert!(deps.contains("wx-push"), "cargo tree listed {deps:?}");
    for name in NEVER_IN_PUSH.iter().chain(NOT_BY_DEFAULT) {
        assert!(
            !deps.contains(*name),
            "wx-push (default features) depends on {name}"
        );
    }
}

#[test]
fn wx_push_all_features_still_have_no_wx_crate_or_http_client() {
    let deps = normal_deps("wx-push", &["--all-features"]);
    assert!(
        deps.contains("axum") && deps.contains("redis"),
        "features not applied: {deps:?}"
    );
    for name in NEVER_IN_PUSH {
        assert!(
            !deps.contains(*name),
            "wx-push (all features) depends on {name}"
        );
    }
}

#[test]
fn the_check_sees_a_dependency_that_breaks_the_rule() {
    // wx-api depends on wx-core and reqwest: the same query must report them, or the two
    // tests above could pass on an empty listing.
    let deps = normal_deps("wx-api", &[]);
    assert!(deps.contains("wx-core") && deps.contains("reqwest") && deps.contains("wx-push"));
}
