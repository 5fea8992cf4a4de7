//! Doc-example conformance: every declared endpoint (`wx_api::registry`) against the
//! request and reply examples of its official page, kept as data in
//! `tests/fixtures/doc-examples/<name with :: as .>.json`:
//!
//! ```json
//! {
//!   "endpoint": "oa::tags::create",
//!   "doc_url": "https://developers.weixin.qq.com/doc/...",
//!   "page_example": "repaired",
//!   "request": { "query": { "next_openid": "" }, "body": { "tag": { "name": "广东" } } },
//!   "reply": { "tag": { "id": 134, "name": "广东" } },
//!   "comment": "where the page's example is wrong, what the code follows instead"
//! }
//! ```
//!
//! For every endpoint: the fixture exists (all missing ones are listed at once), names the
//! endpoint and its declared doc URL; (a) the reply example decodes as the endpoint's reply;
//! (b) the request built from the example's query and body fields (one flat object) renders
//! (`wx_core::wire::render`) with exactly the example's query (minus the credentials the
//! client adds: `access_token`, `appid`, `secret` per the endpoint's auth) and a body equal to
//! the example's as JSON values. Secret-typed fields render as placeholders
//! (`ACCESS_TOKEN`, `APPSECRET`...), so a placeholder on our side matches any example value.
//! `request: null` (no example, or a multipart body) and `reply: null` (a binary reply) need
//! a `comment` saying why. A fixture naming no declared endpoint fails.
//!
//! `page_example` says how the fixture relates to the official page's example, so that the
//! wrong ones can be counted (`cargo xtask codegen` lists them in docs/COVERAGE.md):
//! - `as-documented`: the page's examples, copied as they are;
//! - `repaired`: the page's example is not valid JSON (unquoted placeholders, `//` comments,
//!   elisions, a cut-off stored copy) or is trimmed; made JSON without changing its meaning;
//! - `wrong`: the example contradicts its own field table (or the live API); the fixture
//!   and the code follow the table;
//! - `built`: the page has no usable example; built from its field table.
//!
//! Every value but `as-documented` needs a `comment` saying what was done.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use wx_api::registry::{self, Entry};
use wx_api::wire;
use wx_api::Auth;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/doc-examples")
}

/// The file name of an endpoint's fixture: `oa::tags::create` → `oa.tags.create.json`.
fn file_name(endpoint: &str) -> String {
    format!("{}.json", endpoint.replace("::", "."))
}

/// Every problem found in `dir` against `entries`, one line each (empty: all good).
fn check_dir(dir: &Path, entries: &[Entry]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut files = BTreeMap::new();
    match std::fs::read_dir(dir) {
        Ok(read) => {
            for entry in read.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") {
                    files.insert(name, entry.path());
                } else {
                    problems.push(format!("{name}: not a .json fixture"));
                }
            }
        }
        Err(e) => problems.push(format!("{}: {e}", dir.display())),
    }
    let mut missing = Vec::new();
    for entry in entries {
        let name = file_name(entry.name);
        match files.remove(&name) {
            None => missing.push(name),
            Some(path) => {
                for p in check_fixture(entry, &path) {
                    problems.push(format!("{name}: {p}"));
                }
            }
        }
    }
    if !missing.is_empty() {
        problems.push(format!(
            "{} endpoint(s) without a doc-example fixture in {}: {}",
            missing.len(),
            dir.display(),
            missing.join(", ")
        ));
    }
    for name in files.keys() {
        problems.push(format!("{name}: names no declared endpoint"));
    }
    problems
}

fn check_fixture(entry: &Entry, path: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return vec![e.to_string()],
    };
    let fixture: Map<String, Value> = match serde_json::from_str(&text) {
        Ok(f) => f,
        Err(e) => return vec![format!("not a JSON object: {e}")],
    };
    for key in fixture.keys() {
        if !matches!(
            key.as_str(),
            "endpoint" | "doc_url" | "page_example" | "request" | "reply" | "comment"
        ) {
            problems.push(format!("unknown key `{key}`"));
        }
    }
    let meta = entry.meta;
    if fixture.get("endpoint").and_then(Value::as_str) != Some(entry.name) {
        problems.push(format!(
            "`endpoint` is {:?}, the file belongs to {:?}",
            fixture.get("endpoint"),
            entry.name
        ));
    }
    if fixture.get("doc_url").and_then(Value::as_str) != Some(meta.doc_url) {
        problems.push(format!(
            "`doc_url` is {:?}, the declaration links {:?}",
            fixture.get("doc_url"),
            meta.doc_url
        ));
    }
    let has_comment = fixture
        .get("comment")
        .and_then(Value::as_str)
        .is_some_and(|c| !c.trim().is_empty());
    match fixture.get("page_example").and_then(Value::as_str) {
        Some("as-documented") => {}
        Some("repaired" | "wrong" | "built") if has_comment => {}
        Some(kind @ ("repaired" | "wrong" | "built")) => problems.push(format!(
            "`page_example` is {kind:?} without a `comment` saying what"
        )),
        other => problems.push(format!(
            "`page_example` is {other:?}: as-documented, repaired, wrong or built"
        )),
    }
    match fixture.get("reply") {
        None => problems.push("no `reply` (use null with a comment for a binary reply)".into()),
        Some(Value::Null) => {
            if !has_comment {
                problems.push("`reply` is null without a `comment` saying why".into());
            }
        }
        Some(reply) => match entry.decode_reply {
            None => problems.push("the endpoint's reply is binary: `reply` must be null".into()),
            Some(decode) => {
                if let Err(e) = decode(&reply.to_string()) {
                    problems.push(format!("(a) the reply example does not decode: {e}"));
                }
            }
        },
    }
    match fixture.get("request") {
        None => problems.push("no `request` (use null with a comment)".into()),
        Some(Value::Null) => {
            if !has_comment {
                problems.push("`request` is null without a `comment` saying why".into());
            }
        }
        Some(request) => {
            if let Err(p) = check_request(entry, request) {
                problems.push(format!("(b) {p}"));
            }
        }
    }
    problems
}

/// Text of a query value as it travels in a URL.
fn query_text(name: &str, v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!(
            "query `{name}` is not a string, number or boolean: {other}"
        )),
    }
}

const PLACEHOLDERS: &[&str] = &[
    wire::TOKEN_PLACEHOLDER,
    wire::SECRET_PLACEHOLDER,
    wire::REFRESH_TOKEN_PLACEHOLDER,
    wire::APPID_PLACEHOLDER,
];

/// `ours == example`, where a string placeholder on our side (a secret-typed field)
/// matches any string of the example, and a fractional number on our side (an `f64` field,
/// which serde writes `5.0`) matches the same value written as an integer (`5`): JSON has
/// one number type, and the pages write amounts either way.
fn same(ours: &Value, example: &Value) -> bool {
    match (ours, example) {
        (Value::String(a), Value::String(_)) if PLACEHOLDERS.contains(&a.as_str()) => true,
        (Value::Number(a), Value::Number(b)) if a.is_f64() => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
        }
        _ => ours == example,
    }
}

fn check_request(entry: &Entry, request: &Value) -> Result<(), String> {
    let Value::Object(request) = request else {
        return Err("`request` must be an object with `query` and/or `body`, or null".into());
    };
    if let Some(key) = request
        .keys()
        .find(|k| !matches!(k.as_str(), "query" | "body"))
    {
        return Err(format!("unknown key `request.{key}`"));
    }
    let empty = Map::new();
    let query = match request.get("query") {
        None => &empty,
        Some(Value::Object(q)) => q,
        Some(_) => return Err("`request.query` must be an object".into()),
    };
    let body = match request.get("body") {
        None => None,
        Some(Value::Object(b)) => Some(b),
        Some(_) => return Err("`request.body` must be a JSON object".into()),
    };
    let Some(build) = entry.request_from_json else {
        return Err("the endpoint has no JSON request (multipart): `request` must be null".into());
    };
    // One flat object: query fields and body fields.
    let mut flat = query.clone();
    for (k, v) in body.into_iter().flatten() {
        if flat.insert(k.clone(), v.clone()).is_some() {
            return Err(format!("`{k}` is both a query and a body field"));
        }
    }
    let built = build(Value::Object(flat)).map_err(|e| format!("building the request: {e}"))?;
    let rendered = built
        .render()
        .map_err(|e| format!("rendering the request: {e}"))?;

    // The URL's query, minus the credentials the client adds.
    let first = rendered.lines().next().unwrap_or_default();
    let url = first
        .split_once(' ')
        .map(|(_, u)| u)
        .ok_or_else(|| format!("no URL in {rendered:?}"))?;
    let url = reqwest::Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
    let added: &[&str] = match entry.meta.auth {
        Auth::AccessToken => &["access_token"],
        Auth::AppCredentials => &["appid", "secret"],
        Auth::AppId => &["appid"],
        _ => &[],
    };
    let mut ours: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !added.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut theirs = query
        .iter()
        .map(|(k, v)| Ok((k.clone(), query_text(k, v)?)))
        .collect::<Result<Vec<_>, String>>()?;
    ours.sort();
    theirs.sort();
    let query_matches = ours.len() == theirs.len()
        && ours.iter().zip(&theirs).all(|((k1, v1), (k2, v2))| {
            k1 == k2 && (v1 == v2 || PLACEHOLDERS.contains(&v1.as_str()))
        });
    if !query_matches {
        return Err(format!(
            "the query differs: ours {ours:?}, the example's {theirs:?}"
        ));
    }

    // The body, as JSON values.
    let our_body = match rendered.split_once("\n\n") {
        None => None,
        Some((_, text)) => Some(
            serde_json::from_str::<Value>(text.trim_end())
                .map_err(|e| format!("our body is not JSON ({e}): {text}"))?,
        ),
    };
    match (&our_body, body) {
        (None, None) => Ok(()),
        (Some(ours), Some(theirs)) if same(ours, &Value::Object(theirs.clone())) => Ok(()),
        (ours, theirs) => Err(format!(
            "the body differs:\n  ours     {}\n  example  {}",
            ours.as_ref().map_or("(none)".into(), Value::to_string),
            theirs.map_or("(none)".into(), |b| Value::Object(b.clone()).to_string())
        )),
    }
}

#[test]
fn every_endpoint_matches_its_official_examples() {
    let problems = check_dir(&fixture_dir(), registry::all());
    assert!(
        problems.is_empty(),
        "{} doc-example problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The checker itself, on fixtures written here: it must catch what it is for.
mod checker {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> Self {
            // Tests run in parallel: one directory per call.
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir()
                .join(format!("wx-doc-examples-{tag}-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }

        fn write(&self, name: &str, json: &Value) {
            std::fs::write(self.0.join(name), json.to_string()).unwrap();
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn entry(name: &str) -> Entry {
        *registry::find(name).unwrap()
    }

    #[test]
    fn an_f64_field_matches_an_integral_example_and_nothing_else() {
        use serde_json::json;
        // `tips` is an f64: rendered `5.0`, the page writes `5`.
        assert!(same(&json!({ "tips": 5.0 }), &json!({ "tips": 5 })));
        assert!(!same(&json!({ "tips": 5.0 }), &json!({ "tips": 6 })));
        assert!(!same(&json!({ "tips": 5.5 }), &json!({ "tips": 5 })));
        // An integer field stays exact: `5` on our side does not match `5.0`.
        assert!(!same(&json!({ "scene": 5 }), &json!({ "scene": 5.0 })));
    }

    /// A fixture for `oa::user::list` (`GET /cgi-bin/user/get`).
    fn user_get(request: Value, reply: Value) -> Value {
        serde_json::json!({
            "endpoint": "oa::user::list",
            "doc_url": entry("oa::user::list").meta.doc_url,
            "page_example": "as-documented",
            "request": request,
            "reply": reply,
        })
    }

    const REPLY: &str = r#"{"total":2,"count":2,"data":{"openid":["OPENID1","OPENID2"]},"next_openid":"NEXT_OPENID"}"#;

    fn problems_for(fixture: &Value) -> Vec<String> {
        let dir = TempDir::new("one");
        dir.write("oa.user.list.json", fixture);
        check_dir(&dir.0, &[entry("oa::user::list")])
    }

    #[test]
    fn a_good_fixture_passes() {
        let reply: Value = serde_json::from_str(REPLY).unwrap();
        let good = user_get(
            serde_json::json!({"query": {"next_openid": "NEXT_OPENID1"}}),
            reply,
        );
        assert_eq!(problems_for(&good), Vec::<String>::new());
    }

    #[test]
    fn a_typo_a_wrong_value_and_a_bad_reply_are_caught() {
        let reply: Value = serde_json::from_str(REPLY).unwrap();
        let typo = user_get(
            serde_json::json!({"query": {"next_openidd": ""}}),
            reply.clone(),
        );
        let p = problems_for(&typo).join("\n");
        assert!(p.contains("unknown field `next_openidd`"), "{p}");

        let stray_body = user_get(
            serde_json::json!({"query": {}, "body": {"x": 1}}),
            reply.clone(),
        );
        assert!(!problems_for(&stray_body).is_empty());

        let bad_reply = user_get(
            serde_json::json!({"query": {}}),
            serde_json::json!({"total": "two"}),
        );
        let p = problems_for(&bad_reply).join("\n");
        assert!(p.contains("(a) the reply example does not decode"), "{p}");

        let null_no_comment = user_get(Value::Null, reply.clone());
        let p = problems_for(&null_no_comment).join("\n");
        assert!(p.contains("without a `comment`"), "{p}");

        let mut unexplained = user_get(serde_json::json!({"query": {}}), reply.clone());
        unexplained["page_example"] = "wrong".into();
        let p = problems_for(&unexplained).join("\n");
        assert!(
            p.contains("`page_example` is \"wrong\" without a `comment`"),
            "{p}"
        );
        unexplained["comment"] =
            "the page's example sends `openids`; its table says next_openid".into();
        assert_eq!(problems_for(&unexplained), Vec::<String>::new());
        unexplained["page_example"] = "fine".into();
        let p = problems_for(&unexplained).join("\n");
        assert!(p.contains("as-documented, repaired, wrong or built"), "{p}");

        let mut wrong_name = user_get(serde_json::json!({"query": {}}), reply);
        wrong_name["endpoint"] = "oa::user::get".into();
        wrong_name["doc_url"] = "https://example.com".into();
        let p = problems_for(&wrong_name).join("\n");
        assert!(
            p.contains("`endpoint` is") && p.contains("`doc_url` is"),
            "{p}"
        );
    }

    #[test]
    fn a_body_that_differs_is_caught_and_placeholders_match_any_secret() {
        let create = entry("oa::qrcode::create");
        let fixture = |body: Value| {
            serde_json::json!({
                "endpoint": "oa::qrcode::create",
                "doc_url": create.meta.doc_url,
                "page_example": "as-documented",
                "request": {"body": body},
                "reply": {"ticket": "T", "expire_seconds": 60, "url": "http://weixin.qq.com/q/x"},
            })
        };
        let run = |f: &Value| {
            let dir = TempDir::new("qr");
            dir.write("oa.qrcode.create.json", f);
            check_dir(&dir.0, &[create])
        };
        let body = serde_json::json!({"expire_seconds": 604800, "action_name": "QR_SCENE", "action_info": {"scene": {"scene_id": 123}}});
        assert_eq!(run(&fixture(body)), Vec::<String>::new());
        // Optional fields the example omits stay out; a value of the wrong type is refused.
        let other = serde_json::json!({"action_name": "QR_SCENE", "action_info": {"scene": {"scene_id": 123}}});
        assert_eq!(run(&fixture(other)), Vec::<String>::new());
        let wrong = serde_json::json!({"expire_seconds": "604800", "action_name": "QR_SCENE", "action_info": {"scene": {"scene_id": 123}}});
        assert!(!run(&fixture(wrong)).is_empty());

        assert!(same(
            &serde_json::json!({"secret": wire::SECRET_PLACEHOLDER}),
            &serde_json::json!({"secret": "the-real-one"})
        ));
        assert!(!same(
            &serde_json::json!({"secret": "x"}),
            &serde_json::json!({"secret": "y"})
        ));
        assert!(!same(
            &serde_json::json!({"a": 1}),
            &serde_json::json!({"a": 1, "b": 2})
        ));
    }

    #[test]
    fn missing_fixtures_are_all_listed_and_strays_are_refused() {
        let dir = TempDir::new("missing");
        dir.write("oa.nothing.get.json", &serde_json::json!({}));
        let entries = [entry("oa::user::get"), entry("token::get")];
        let p = check_dir(&dir.0, &entries).join("\n");
        assert!(
            p.contains("2 endpoint(s) without a doc-example fixture"),
            "{p}"
        );
        assert!(
            p.contains("oa.user.get.json") && p.contains("token.get.json"),
            "{p}"
        );
        assert!(
            p.contains("oa.nothing.get.json: names no declared endpoint"),
            "{p}"
        );
    }
}
