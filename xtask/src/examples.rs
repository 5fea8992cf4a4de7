//! The "official doc examples" section of docs/COVERAGE.md, from the doc-example fixtures
//! (`tests/fixtures/doc-examples/*.json`): how many of the official pages' examples were
//! taken as they are, repaired into JSON, found wrong, or built from a field table, and the
//! list of the wrong ones with what was wrong. The fixtures themselves are checked by the
//! `doc_examples` test; this only reads `endpoint`, `page_example` and `comment`.

use crate::new_endpoint::FIXTURES;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The kinds a fixture's `page_example` may have, in the order the section lists them.
pub(crate) const KINDS: &[(&str, &str)] = &[
    ("as-documented", "copied from the page as they are"),
    (
        "repaired",
        "not valid JSON on the page (unquoted placeholders, `//` comments, elisions, a cut-off copy) or trimmed; made JSON without changing their meaning",
    ),
    (
        "wrong",
        "contradict their own field table or the live API; the fixture and the code follow the table",
    ),
    ("built", "no usable example on the page; built from its field table"),
];

struct Fixture {
    endpoint: String,
    kind: String,
    comment: String,
}

fn read(root: &Path) -> Result<Vec<Fixture>, String> {
    let dir = root.join(FIXTURES);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let field = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        out.push(Fixture {
            endpoint: field("endpoint"),
            kind: field("page_example"),
            comment: field("comment"),
        });
    }
    Ok(out)
}

/// The section's Markdown (appended to docs/COVERAGE.md).
pub(crate) fn section(root: &Path) -> Result<String, String> {
    Ok(render(&read(root)?))
}

fn render(fixtures: &[Fixture]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in fixtures {
        *counts.entry(f.kind.as_str()).or_default() += 1;
    }
    let mut o = String::new();
    let _ = writeln!(o, "\n## Official doc examples ({})\n", fixtures.len());
    let _ = writeln!(
        o,
        "Every declared endpoint has a fixture `{FIXTURES}/<name>.json` holding its official page's request and reply examples; the `doc_examples` test decodes the reply and rebuilds the request from them. Its `page_example` says how the page's examples were taken:\n"
    );
    let _ = writeln!(o, "| page_example | fixtures | meaning |");
    let _ = writeln!(o, "|---|---|---|");
    for (kind, meaning) in KINDS {
        let n = counts.get(kind).copied().unwrap_or(0);
        let _ = writeln!(o, "| {kind} | {n} | {meaning} |");
    }
    let wrong: Vec<&Fixture> = fixtures.iter().filter(|f| f.kind == "wrong").collect();
    let _ = writeln!(o, "\n### Wrong official examples ({})\n", wrong.len());
    if wrong.is_empty() {
        let _ = writeln!(o, "None.");
    } else {
        let _ = writeln!(o, "| endpoint | what is wrong, and what the code follows |");
        let _ = writeln!(o, "|---|---|");
        for f in wrong {
            let _ = writeln!(
                o,
                "| `{}` | {} |",
                f.endpoint,
                f.comment.replace('|', "\\|").replace('\n', " ")
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(endpoint: &str, kind: &str, comment: &str) -> Fixture {
        Fixture {
            endpoint: endpoint.into(),
            kind: kind.into(),
            comment: comment.into(),
        }
    }

    #[test]
    fn counts_every_kind_and_lists_the_wrong_ones_with_their_reason() {
        let md = render(&[
            fixture("oa::a::get", "as-documented", ""),
            fixture("oa::b::get", "wrong", "sends `x|y`; the table says z"),
            fixture("oa::c::get", "repaired", "placeholders"),
            fixture("oa::d::get", "as-documented", ""),
        ]);
        assert!(md.contains("## Official doc examples (4)"), "{md}");
        assert!(md.contains("| as-documented | 2 |"), "{md}");
        assert!(md.contains("| built | 0 |"), "{md}");
        assert!(md.contains("### Wrong official examples (1)"), "{md}");
        assert!(
            md.contains("| `oa::b::get` | sends `x\\|y`; the table says z |"),
            "{md}"
        );
        assert!(!md.contains("oa::c::get"), "{md}");
    }
}
