//! The inventory of the official API (`wx-api/data/inventory.tsv`) checked against the
//! declarations, and the coverage report generated from it (`docs/COVERAGE.md`).
//!
//! Format (also in the file's header comment): tab-separated, one header line
//! `product group name method path doc_url status endpoint note`, `#` comment lines and
//! blank lines allowed. `product` is `oa`, `wxa` or `both`; `method` `GET` or `POST`;
//! `path` the URL path without host or query (`/cgi-bin/kf/list`); `status` one of
//! `declared` (then `endpoint` names the declaration, e.g. `oa::kf::list`), `planned`,
//! `deprecated` (officially retired) or `out-of-scope`; `note` is the reason, required for
//! `deprecated` and `out-of-scope`. One row per product and (method, path); `both` counts
//! as either product (the Official Account and the Mini Program pages of one path may be
//! two rows, `oa` and `wxa`, or one row `both`).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use wx_codegen::EndpointDecl;

pub(crate) const INVENTORY_TSV: &str = "wx-api/data/inventory.tsv";
pub(crate) const COVERAGE_MD: &str = "docs/COVERAGE.md";
/// A declaration: its name (`oa::kf::list`) and what the macro parsed.
pub(crate) type Decl<'a> = (&'a str, &'a EndpointDecl);

pub(crate) const HEADER: &str =
    "product\tgroup\tname\tmethod\tpath\tdoc_url\tstatus\tendpoint\tnote";

/// One row of the inventory, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub line: usize,
    pub product: String,
    pub group: String,
    pub name: String,
    pub method: String,
    pub path: String,
    pub doc_url: String,
    pub status: String,
    pub endpoint: String,
    pub note: String,
}

impl Row {
    pub(crate) fn to_tsv(&self) -> String {
        [
            self.product.as_str(),
            &self.group,
            &self.name,
            &self.method,
            &self.path,
            &self.doc_url,
            &self.status,
            &self.endpoint,
            &self.note,
        ]
        .join("\t")
    }
}

const STATUSES: &[&str] = &["declared", "planned", "deprecated", "out-of-scope"];

/// Parses the inventory; every malformed row is reported (`file:line: what`), not only the
/// first.
pub(crate) fn parse(file: &str, text: &str) -> Result<Vec<Row>, Vec<String>> {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut header_seen = false;
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let at = |what: String| format!("{file}:{line}: {what}");
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        if !header_seen {
            if raw != HEADER {
                errors.push(at(format!(
                    "the first non-comment line must be the header `{}`",
                    HEADER.replace('\t', "\\t")
                )));
                return Err(errors);
            }
            header_seen = true;
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        if cols.len() != 9 {
            errors.push(at(format!(
                "expected 9 tab-separated columns, found {}",
                cols.len()
            )));
            continue;
        }
        let row = Row {
            line,
            product: cols[0].trim().to_owned(),
            group: cols[1].trim().to_owned(),
            name: cols[2].trim().to_owned(),
            method: cols[3].trim().to_owned(),
            path: cols[4].trim().to_owned(),
            doc_url: cols[5].trim().to_owned(),
            status: cols[6].trim().to_owned(),
            endpoint: cols[7].trim().to_owned(),
            note: cols[8].trim().to_owned(),
        };
        let before = errors.len();
        if !matches!(row.product.as_str(), "oa" | "wxa" | "both") {
            errors.push(at(format!(
                "product must be oa, wxa or both, not `{}`",
                row.product
            )));
        }
        if row.group.is_empty() || row.name.is_empty() {
            errors.push(at("group and name must not be empty".into()));
        }
        if !matches!(row.method.as_str(), "GET" | "POST") {
            errors.push(at(format!(
                "method must be GET or POST, not `{}`",
                row.method
            )));
        }
        if !row.path.starts_with('/') || row.path.contains(['?', ' ']) {
            errors.push(at(format!(
                "path must be a URL path without host or query (`/cgi-bin/...`), not `{}`",
                row.path
            )));
        }
        if !row.doc_url.starts_with("https://") {
            errors.push(at(format!(
                "doc_url must be an https URL, not `{}`",
                row.doc_url
            )));
        }
        if !STATUSES.contains(&row.status.as_str()) {
            errors.push(at(format!(
                "status must be one of {}, not `{}`",
                STATUSES.join(", "),
                row.status
            )));
        }
        match row.status.as_str() {
            "declared" if row.endpoint.is_empty() => errors.push(at(
                "a `declared` row names its endpoint (`oa::kf::list`)".into(),
            )),
            "declared" => {}
            _ if !row.endpoint.is_empty() => errors.push(at(format!(
                "only a `declared` row names an endpoint (this one is `{}`)",
                row.status
            ))),
            "deprecated" | "out-of-scope" if row.note.is_empty() => errors.push(at(format!(
                "a `{}` row needs its reason in `note`",
                row.status
            ))),
            _ => {}
        }
        // One row per product and (method, path); `both` stands for either product.
        let products: &[&str] = match row.product.as_str() {
            "both" => &["oa", "wxa"],
            "oa" => &["oa"],
            _ => &["wxa"],
        };
        for product in products {
            let key = ((*product).to_owned(), row.method.clone(), row.path.clone());
            if let Some(first) = seen.get(&key) {
                errors.push(at(format!(
                    "duplicate row: {} {} ({product}) is already on line {first}",
                    row.method, row.path
                )));
                break;
            }
            seen.insert(key, line);
        }
        if errors.len() == before {
            rows.push(row);
        }
    }
    if !header_seen && errors.is_empty() {
        errors.push(format!("{file}: no header line"));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Cross-checks rows and declarations: every declaration has its row (same method and
/// path, `declared`, naming it) and every `declared` row names a declaration with its path.
pub(crate) fn check(file: &str, rows: &[Row], found: &[Decl<'_>]) -> Vec<String> {
    let mut errors = Vec::new();
    let by_name: HashMap<&str, &EndpointDecl> = found.iter().copied().collect();
    let mut named: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        let at = |what: String| format!("{file}:{}: {what}", row.line);
        if row.status != "declared" {
            if let Some((name, _)) = found.iter().find(|(_, d)| {
                d.path == row.path && d.method_str() == row.method && overlaps(&row.product, d.app)
            }) {
                errors.push(at(format!(
                    "{} {} is declared by `{name}`: the row's status must be `declared`",
                    row.method, row.path
                )));
            }
            continue;
        }
        match by_name.get(row.endpoint.as_str()) {
            None => errors.push(at(format!(
                "`declared` row names `{}`, which no #[wx_endpoint] declares",
                row.endpoint
            ))),
            Some(d) => {
                if d.path != row.path || d.method_str() != row.method {
                    errors.push(at(format!(
                        "`{}` is declared as {} {}, the row says {} {}",
                        row.endpoint,
                        d.method_str(),
                        d.path,
                        row.method,
                        row.path
                    )));
                }
            }
        }
        if let Some(first) = named.insert(row.endpoint.as_str(), row.line) {
            errors.push(at(format!(
                "`{}` is already named on line {first}",
                row.endpoint
            )));
        }
    }
    for (name, d) in found {
        if !named.contains_key(name) {
            errors.push(format!(
                "{file}: the declaration `{name}` ({} {}) has no `declared` row naming it in the inventory",
                d.method_str(),
                d.path
            ));
        }
    }
    errors
}

/// Whether a row's product and a declaration's app kind can be the same endpoint.
fn overlaps(product: &str, app: wx_codegen::AppDecl) -> bool {
    use wx_codegen::AppDecl;
    matches!(
        (product, app),
        ("both", _)
            | (_, AppDecl::Both)
            | ("oa", AppDecl::OfficialAccount)
            | ("wxa", AppDecl::MiniProgram)
    )
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format!("{:.0}%", part as f64 * 100.0 / whole as f64)
    }
}

fn product_name(p: &str) -> &'static str {
    match p {
        "oa" => "Official Account",
        "wxa" => "Mini Program",
        _ => "both",
    }
}

/// `docs/COVERAGE.md`.
pub(crate) fn coverage(rows: &[Row]) -> String {
    #[derive(Default)]
    struct Counts {
        declared: usize,
        planned: usize,
        deprecated: usize,
        out: usize,
    }
    let mut groups: BTreeMap<(&str, &str), Counts> = BTreeMap::new();
    let mut total = Counts::default();
    for r in rows {
        let c = groups
            .entry((r.product.as_str(), r.group.as_str()))
            .or_default();
        for c in [c, &mut total] {
            match r.status.as_str() {
                "declared" => c.declared += 1,
                "planned" => c.planned += 1,
                "deprecated" => c.deprecated += 1,
                _ => c.out += 1,
            }
        }
    }
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!-- @generated by `cargo xtask codegen` from {INVENTORY_TSV}. Do not edit. -->\n"
    );
    let _ = writeln!(o, "# Coverage of the official server API\n");
    let _ = writeln!(
        o,
        "From the inventory `{INVENTORY_TSV}`: one row per endpoint of the official Official Account and Mini Program server API documentation. \"In scope\" is declared + planned; deprecated (officially retired) and out-of-scope rows are listed below with their reasons. `cargo xtask codegen --check` fails when a declaration has no row, when a `declared` row names no declaration, or when this file is stale.\n"
    );
    let _ = writeln!(
        o,
        "**Total: {} declared of {} in scope ({})**; {} deprecated, {} out of scope, {} rows.\n",
        total.declared,
        total.declared + total.planned,
        percent(total.declared, total.declared + total.planned),
        total.deprecated,
        total.out,
        rows.len()
    );
    let _ = writeln!(
        o,
        "| product | group | declared | in scope | coverage | deprecated | out of scope |"
    );
    let _ = writeln!(o, "|---|---|---|---|---|---|---|");
    for ((product, group), c) in &groups {
        let scope = c.declared + c.planned;
        let _ = writeln!(
            o,
            "| {} | {group} | {} | {scope} | {} | {} | {} |",
            product_name(product),
            c.declared,
            percent(c.declared, scope),
            c.deprecated,
            c.out
        );
    }
    let scope = total.declared + total.planned;
    let _ = writeln!(
        o,
        "| **total** | | **{}** | **{scope}** | **{}** | {} | {} |",
        total.declared,
        percent(total.declared, scope),
        total.deprecated,
        total.out
    );
    let list = |o: &mut String, title: &str, status: &str, with_note: bool| {
        let picked: Vec<&Row> = rows.iter().filter(|r| r.status == status).collect();
        let _ = writeln!(o, "\n## {title} ({})\n", picked.len());
        if picked.is_empty() {
            let _ = writeln!(o, "None.");
            return;
        }
        if with_note {
            let _ = writeln!(o, "| product | group | name | method | path | reason |");
            let _ = writeln!(o, "|---|---|---|---|---|---|");
        } else {
            let _ = writeln!(o, "| product | group | name | method | path | note |");
            let _ = writeln!(o, "|---|---|---|---|---|---|");
        }
        for r in picked {
            let _ = writeln!(
                o,
                "| {} | {} | [{}]({}) | {} | `{}` | {} |",
                product_name(&r.product),
                r.group,
                r.name.replace('|', "\\|"),
                r.doc_url,
                r.method,
                r.path,
                r.note.replace('|', "\\|")
            );
        }
    };
    list(&mut o, "Planned", "planned", false);
    list(&mut o, "Deprecated", "deprecated", true);
    list(&mut o, "Out of scope", "out-of-scope", true);
    o
}

/// Reads, parses and cross-checks the inventory; `docs/COVERAGE.md`'s content, or every
/// error found.
pub(crate) fn generate(root: &Path, found: &[Decl<'_>]) -> Result<String, String> {
    let path = root.join(INVENTORY_TSV);
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("reading {INVENTORY_TSV}: {e}"))?;
    let rows = parse(INVENTORY_TSV, &text).map_err(|e| e.join("\n"))?;
    let errors = check(INVENTORY_TSV, &rows, found);
    if errors.is_empty() {
        Ok(coverage(&rows) + &crate::examples::section(root)?)
    } else {
        Err(format!(
            "the inventory does not match the declarations:\n{}",
            errors.join("\n")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(rust_path: &'static str, method: &str, path: &str) -> (&'static str, EndpointDecl) {
        let module: syn::ItemMod = syn::parse_str(
            "pub mod m { pub struct Request { #[wx(query)] pub a: String } pub struct Response { pub b: String } }",
        )
        .unwrap();
        let mut module = module;
        module.ident = syn::Ident::new(
            rust_path.rsplit("::").next().unwrap(),
            proc_macro2::Span::call_site(),
        );
        let args: proc_macro2::TokenStream = format!(
            "{method} \"{path}\", app = oa, doc = \"https://developers.weixin.qq.com/doc/x.html\""
        )
        .parse()
        .unwrap();
        (rust_path, EndpointDecl::parse(args, module).unwrap())
    }

    fn tsv(rows: &[&str]) -> String {
        let mut t = format!("# a comment\n{HEADER}\n");
        for r in rows {
            t.push_str(&r.replace(' ', "\t"));
            t.push('\n');
        }
        t
    }

    const KF: &str =
        "oa kf getkflist GET /cgi-bin/customservice/getkflist https://d/kf declared oa::kf::list ";

    #[test]
    fn a_consistent_inventory_gives_its_coverage() {
        let text = tsv(&[
            KF,
            "oa kf add POST /customservice/kfaccount/add https://d/a planned  ",
            "oa kf old POST /customservice/old https://d/o deprecated  retired_in_2020",
        ]);
        let rows = parse("inv", &text).unwrap();
        let found = [found(
            "oa::kf::list",
            "GET",
            "/cgi-bin/customservice/getkflist",
        )];
        let decls: Vec<Decl<'_>> = found.iter().map(|(n, d)| (*n, d)).collect();
        assert_eq!(check("inv", &rows, &decls), Vec::<String>::new());
        let md = coverage(&rows);
        assert!(
            md.contains("| Official Account | kf | 1 | 2 | 50% | 1 | 0 |"),
            "{md}"
        );
        assert!(
            md.contains("**Total: 1 declared of 2 in scope (50%)**"),
            "{md}"
        );
        assert!(md.contains("retired_in_2020"), "{md}");
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        let text = tsv(&[
            "oa kf x GET /a https://d/x shipped  ",
            "oa kf x GET /b https://d/x out-of-scope  ",
            "oa kf x GET /c https://d/x declared  ",
            KF,
            KF,
            "oa kf x GET /d https://d/x",
        ]);
        let errors = parse("inv", &text).unwrap_err().join("\n");
        assert!(errors.contains("inv:3: status must be one of"), "{errors}");
        assert!(
            errors.contains("inv:4: a `out-of-scope` row needs its reason"),
            "{errors}"
        );
        assert!(
            errors.contains("inv:5: a `declared` row names its endpoint"),
            "{errors}"
        );
        assert!(errors.contains("inv:7: duplicate row: GET /cgi-bin/customservice/getkflist (oa) is already on line 6"), "{errors}");
        assert!(
            errors.contains("inv:8: expected 9 tab-separated columns"),
            "{errors}"
        );
    }

    #[test]
    fn declarations_and_rows_must_agree() {
        let text = tsv(&[
            KF,
            "oa kf y GET /cgi-bin/other https://d/y declared oa::kf::gone ",
            "oa kf z POST /cgi-bin/planned https://d/z planned  ",
        ]);
        let rows = parse("inv", &text).unwrap();
        let found = [
            // Declared with another path than its row says.
            found("oa::kf::list", "GET", "/cgi-bin/customservice/getkflist2"),
            // Its path is in the inventory but not as `declared`.
            found("oa::kf::add", "POST", "/cgi-bin/planned"),
        ];
        let decls: Vec<Decl<'_>> = found.iter().map(|(n, d)| (*n, d)).collect();
        let errors = check("inv", &rows, &decls).join("\n");
        assert!(
            errors.contains(
                "inv:3: `oa::kf::list` is declared as GET /cgi-bin/customservice/getkflist2"
            ),
            "{errors}"
        );
        assert!(
            errors.contains("inv:4: `declared` row names `oa::kf::gone`"),
            "{errors}"
        );
        assert!(
            errors.contains("inv:5: POST /cgi-bin/planned is declared by `oa::kf::add`"),
            "{errors}"
        );
        assert!(
            errors.contains("`oa::kf::add` (POST /cgi-bin/planned) has no `declared` row"),
            "{errors}"
        );
    }
}
