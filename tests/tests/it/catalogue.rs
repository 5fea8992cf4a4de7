//! Every endpoint in the generated catalogue (docs/ENDPOINTS.md) has a wire snapshot: a
//! `METHOD URL` line in some `wire*` snapshot. An endpoint added without one fails here.

use std::path::Path;

#[test]
fn every_catalogued_endpoint_has_a_wire_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let catalogue =
        std::fs::read_to_string(root.join("docs/ENDPOINTS.md")).expect("docs/ENDPOINTS.md");
    let snapshots: Vec<String> = std::fs::read_dir(root.join("tests/tests/it/snapshots"))
        .expect("snapshots dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("it__wire"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let mut endpoints = 0;
    let mut missing = Vec::new();
    // The first table (by name); the second one lists the same endpoints by path.
    let by_name = catalogue.split("\n## ").next().unwrap_or_default();
    for row in by_name.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // | endpoint | app | method | URL | ...
        let (Some(name), Some(method), Some(url)) = (cells.get(1), cells.get(3), cells.get(4))
        else {
            panic!("unexpected catalogue row: {row}");
        };
        let url = url.trim_matches('`');
        let line = format!("{method} {url}");
        let found = snapshots.iter().any(|snap| {
            snap.lines().any(|l| {
                l.strip_prefix(line.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('?'))
            })
        });
        endpoints += 1;
        if !found {
            missing.push(format!("{name} ({line})"));
        }
    }
    assert!(endpoints >= 46, "only {endpoints} catalogue rows read");
    assert!(missing.is_empty(), "no wire snapshot for: {missing:#?}");
}
