//! The integration tests of the workspace, as one test binary (`cargo test -p wx-tests
//! --test it`): one link instead of one per file. Each module was its own test binary
//! before; they now share one process and run in parallel, so a test must not rely on
//! process-wide state being its own (environment, global subscriber, ports, memory
//! figures): those that measure the process re-execute the binary for one test
//! ([`alone`]). Insta snapshots live in `snapshots/`, named `it__<module>__<name>.snap`.
//! The trybuild cases (`tests/tests/ui.rs`) stay a binary of their own: they spend minutes
//! compiling the cases, which a filtered run of this binary should not pay.

// Test code: helpers outside #[test] fns unwrap and panic to fail the test at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod catalogue;
mod client;
mod doc_examples;
mod followers;
mod fuzz_corpus;
mod kf;
mod layering;
mod macro_serde;
mod material;
mod messages;
mod oa_basics;
mod oa_comments;
mod oa_menus;
mod oa_misc;
mod oauth;
mod push_accounts;
mod push_axum;
mod push_axum_limits;
mod push_bad_input;
mod push_component;
mod push_dedup;
mod push_dedup_memory;
mod push_fixtures;
mod push_handlers;
mod push_production;
mod push_redis_dedup;
mod push_reply;
mod push_roundtrip;
mod push_secrets;
mod push_vectors;
mod push_wechatpy;
mod push_xml_differential;
mod redis_tokens;
mod reply_envelope;
mod reply_limits;
mod sandbox;
mod sandbox_push;
mod secret_leaks;
mod subscribe_templates;
mod templates;
mod tickets;
mod upload_memory;
mod wire;
mod wire_basics;
mod wire_cv;
mod wire_delivery;
mod wire_express;
mod wire_followers;
mod wire_kf;
mod wire_live;
mod wire_material;
mod wire_messages;
mod wire_oamisc;
mod wire_oauth;
mod wire_subscribe;
mod wire_template;
mod wire_tickets;
mod wire_version;
mod wire_wxa;
mod wire_wxa_data;
mod wire_wxa_kf;
mod wxa_cv;
mod wxa_datacube;
mod wxa_delivery;
mod wxa_doc_examples;
mod wxa_express;
mod wxa_kf;
mod wxa_links;
mod wxa_live;
mod wxa_operation;
mod wxa_plugin;
mod wxa_security;
mod wxa_updatable;
mod wxa_user;
mod wxa_version;

/// Runs the test `test` (its full path in this binary, e.g. `upload_memory::name`) in a
/// process of its own, for a test that measures the process (peak or resident memory),
/// which the other tests running in parallel would disturb.
///
/// Returns `true` in that process: the caller runs its body. Returns `false` in the
/// calling process after the re-executed binary ran exactly that test and it passed; a
/// failure there fails the caller with the child's output.
pub fn alone(test: &str) -> bool {
    const VAR: &str = "WX_IT_ALONE";
    if std::env::var(VAR).as_deref() == Ok(test) {
        return true;
    }
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([test, "--exact", "--nocapture", "--test-threads", "1"])
        .env(VAR, test)
        .output()
        .expect("re-execute the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    assert!(out.status.success(), "{test} failed in its own process");
    // A misspelt name runs nothing and still exits 0.
    assert!(
        stdout.contains("1 passed"),
        "{test} did not run in its own process"
    );
    false
}
