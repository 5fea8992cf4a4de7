//! `#[wx_endpoint]` misuse is a compile error that points at the offending token and says
//! how to fix it; each case's message is pinned by its `.stderr` file.

#[test]
fn macro_diagnostics() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
