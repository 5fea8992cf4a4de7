//! `cargo xtask new-endpoint <METHOD> <path> --name <product::domain::verb> --doc <url>`:
//! the data half of adding an endpoint. It checks the name against the naming rule, writes
//! the doc-example fixture skeleton `tests/fixtures/doc-examples/<name>.json` (endpoint and
//! doc URL filled in; request and reply to copy from the official page) unless it exists,
//! and adds the inventory row (or turns the existing row of that method and path into a
//! `declared` row naming the endpoint). The declaration itself is written by hand
//! (CONTRIBUTING.md); until it exists `cargo xtask codegen --check` reports the row.

use crate::inventory::{self, Row, HEADER, INVENTORY_TSV};
use std::path::Path;

pub(crate) const FIXTURES: &str = "tests/fixtures/doc-examples";

const USAGE: &str =
    "usage: cargo xtask new-endpoint <GET|POST> <path> --name <product::domain::verb> --doc <url>";

/// The parsed command line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Args {
    pub method: String,
    pub path: String,
    pub name: String,
    pub doc: String,
}

pub(crate) fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut positional = Vec::new();
    let (mut name, mut doc) = (None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--name" => name = it.next().cloned(),
            "--doc" => doc = it.next().cloned(),
            other if other.starts_with("--") => {
                return Err(format!("unknown option {other}\n{USAGE}"))
            }
            other => positional.push(other.to_owned()),
        }
    }
    let [method, path] = <[String; 2]>::try_from(positional).map_err(|_| USAGE.to_owned())?;
    let method = method.to_ascii_uppercase();
    if !matches!(method.as_str(), "GET" | "POST") {
        return Err(format!("the method is GET or POST, not {method}\n{USAGE}"));
    }
    // A full URL is accepted: its host and query are dropped.
    let path = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"))
        .map_or(path.as_str(), |rest| {
            rest.find('/').map_or("/", |i| &rest[i..])
        });
    let path = path.split('?').next().unwrap_or_default().to_owned();
    if !path.starts_with('/') {
        return Err(format!("the path starts with `/`: {path}\n{USAGE}"));
    }
    let name = name.ok_or_else(|| format!("--name is required\n{USAGE}"))?;
    let doc = doc.ok_or_else(|| format!("--doc is required\n{USAGE}"))?;
    if !doc.starts_with("https://") {
        return Err(format!("--doc is the official page's https URL, not {doc}"));
    }
    crate::codegen::check_name(&name)?;
    Ok(Args {
        method,
        path,
        name,
        doc,
    })
}

fn fixture_skeleton(a: &Args) -> String {
    let body = if a.method == "POST" {
        ",\n    \"body\": {}"
    } else {
        ""
    };
    format!(
        "{{\n  \"endpoint\": {:?},\n  \"doc_url\": {:?},\n  \"page_example\": \"as-documented\",\n  \"request\": {{\n    \"query\": {{}}{body}\n  }},\n  \"reply\": {{}},\n  \"comment\": \"\"\n}}\n",
        a.name, a.doc
    )
}

/// Scaffolds under `root`; returns what it did, one line per file.
pub(crate) fn scaffold(root: &Path, a: &Args) -> Result<Vec<String>, String> {
    let tsv = root.join(INVENTORY_TSV);
    let text = std::fs::read_to_string(&tsv).unwrap_or_else(|_| format!("{HEADER}\n"));
    let rows = inventory::parse(INVENTORY_TSV, &text).map_err(|e| e.join("\n"))?;
    if let Some(other) = rows
        .iter()
        .find(|r| r.endpoint == a.name && r.path != a.path)
    {
        return Err(format!(
            "{INVENTORY_TSV}:{}: `{}` already names {} {}",
            other.line, a.name, other.method, other.path
        ));
    }
    let mut done = Vec::new();
    let fixture = root
        .join(FIXTURES)
        .join(format!("{}.json", a.name.replace("::", ".")));
    if fixture.exists() {
        done.push(format!("kept {} (exists)", fixture.display()));
    } else {
        if let Some(dir) = fixture.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&fixture, fixture_skeleton(a))
            .map_err(|e| format!("{}: {e}", fixture.display()))?;
        done.push(format!(
            "wrote {}: copy the page's request and reply examples into it",
            fixture.display()
        ));
    }

    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    match rows
        .iter()
        .find(|r| r.method == a.method && r.path == a.path)
    {
        Some(row) => {
            let updated = Row {
                status: "declared".into(),
                endpoint: a.name.clone(),
                doc_url: a.doc.clone(),
                ..row.clone()
            };
            lines[row.line - 1] = updated.to_tsv();
            done.push(format!(
                "updated {INVENTORY_TSV}:{}: declared as {}",
                row.line, a.name
            ));
        }
        None => {
            let mut segments = a.name.split("::");
            let product = match segments.next() {
                Some("oa") => "oa",
                Some("wxa") => "wxa",
                _ => "both",
            };
            let group = segments.next().unwrap_or_default();
            let official = a.path.rsplit('/').next().unwrap_or_default();
            let row = Row {
                line: 0,
                product: product.into(),
                group: group.into(),
                name: official.into(),
                method: a.method.clone(),
                path: a.path.clone(),
                doc_url: a.doc.clone(),
                status: "declared".into(),
                endpoint: a.name.clone(),
                note: String::new(),
            };
            lines.push(row.to_tsv());
            done.push(format!(
                "added to {INVENTORY_TSV}:{}: {} {} as {}",
                lines.len(),
                a.method,
                a.path,
                a.name
            ));
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    std::fs::write(&tsv, out).map_err(|e| format!("{}: {e}", tsv.display()))?;
    Ok(done)
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let a = parse_args(args)?;
    for line in scaffold(root, &a)? {
        println!("{line}");
    }
    println!(
        "next: declare `{}` with #[wx_endpoint({} \"{}\", ..., doc = \"{}\")], add its sandbox answer and wire snapshot, then `cargo xtask codegen` (CONTRIBUTING.md)",
        a.name, a.method, a.path, a.doc
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    struct TempRoot(std::path::PathBuf);

    impl TempRoot {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("wx-xtask-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("wx-api/data")).unwrap();
            Self(dir)
        }
    }

    impl Drop for TempRoot {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const DOC: &str = "https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html";

    #[test]
    fn names_that_break_the_rule_are_refused() {
        for bad in [
            "oa::kf::kf_list",
            "oa::kf::accounts",
            "kf::list",
            "mp::kf::list",
        ] {
            let r = parse_args(&args(&[
                "GET",
                "/cgi-bin/customservice/getkflist",
                "--name",
                bad,
                "--doc",
                DOC,
            ]));
            assert!(r.is_err(), "{bad} was accepted");
        }
        assert!(parse_args(&args(&[
            "PUT",
            "/x",
            "--name",
            "oa::kf::list",
            "--doc",
            DOC
        ]))
        .is_err());
        assert!(parse_args(&args(&["GET", "/x", "--name", "oa::kf::list"])).is_err());
        let a = parse_args(&args(&[
            "get",
            "https://api.weixin.qq.com/cgi-bin/customservice/getkflist?access_token=ACCESS_TOKEN",
            "--name",
            "oa::kf::list",
            "--doc",
            DOC,
        ]))
        .unwrap();
        assert_eq!(
            (a.method.as_str(), a.path.as_str()),
            ("GET", "/cgi-bin/customservice/getkflist")
        );
    }

    #[test]
    fn scaffolds_the_fixture_and_adds_then_updates_the_row() {
        let root = TempRoot::new("scaffold");
        let tsv = root.0.join(INVENTORY_TSV);
        std::fs::write(
            &tsv,
            format!("# header comment\n{HEADER}\noa\tkf\tadd\tPOST\t/customservice/kfaccount/add\thttps://d/add\tplanned\t\t\n"),
        )
        .unwrap();
        // A new path: a row is appended and the fixture written.
        let a = parse_args(&args(&[
            "GET",
            "/cgi-bin/customservice/getkflist",
            "--name",
            "oa::kf::list",
            "--doc",
            DOC,
        ]))
        .unwrap();
        scaffold(&root.0, &a).unwrap();
        let fixture = root.0.join(FIXTURES).join("oa.kf.list.json");
        let json: serde_like::Fixture = serde_like::read(&fixture);
        assert_eq!(json.endpoint, "oa::kf::list");
        assert_eq!(json.doc_url, DOC);
        let text = std::fs::read_to_string(&tsv).unwrap();
        assert!(text.starts_with("# header comment\n"), "{text}");
        assert!(text.contains(&format!("oa\tkf\tgetkflist\tGET\t/cgi-bin/customservice/getkflist\t{DOC}\tdeclared\toa::kf::list\t\n")), "{text}");
        // An existing planned row becomes declared; the fixture written before is kept.
        std::fs::write(&fixture, "{\"kept\": true}").unwrap();
        let b = parse_args(&args(&[
            "POST",
            "/customservice/kfaccount/add",
            "--name",
            "oa::kf::add",
            "--doc",
            DOC,
        ]))
        .unwrap();
        scaffold(&root.0, &b).unwrap();
        let text = std::fs::read_to_string(&tsv).unwrap();
        assert!(
            text.contains(&format!(
                "oa\tkf\tadd\tPOST\t/customservice/kfaccount/add\t{DOC}\tdeclared\toa::kf::add\t\n"
            )),
            "{text}"
        );
        assert_eq!(
            text.matches("/customservice/kfaccount/add").count(),
            1,
            "{text}"
        );
        // Running again changes nothing and the file still parses.
        scaffold(&root.0, &a).unwrap();
        let again = std::fs::read_to_string(&tsv).unwrap();
        assert_eq!(again.matches("getkflist").count(), 2, "{again}");
        assert!(inventory::parse("t", &again).is_ok());
        assert_eq!(
            std::fs::read_to_string(&fixture).unwrap(),
            "{\"kept\": true}"
        );
        // A name already used for another path is refused.
        let c = parse_args(&args(&[
            "GET",
            "/cgi-bin/other",
            "--name",
            "oa::kf::list",
            "--doc",
            DOC,
        ]))
        .unwrap();
        assert!(scaffold(&root.0, &c).is_err());
    }

    /// Just enough JSON reading for the test (xtask does not depend on serde).
    mod serde_like {
        pub struct Fixture {
            pub endpoint: String,
            pub doc_url: String,
        }

        fn field(text: &str, key: &str) -> String {
            let start = text.find(&format!("\"{key}\": \"")).unwrap() + key.len() + 5;
            text[start..].split('"').next().unwrap().to_owned()
        }

        pub fn read(path: &std::path::Path) -> Fixture {
            let text = std::fs::read_to_string(path).unwrap();
            Fixture {
                endpoint: field(&text, "endpoint"),
                doc_url: field(&text, "doc_url"),
            }
        }
    }
}
