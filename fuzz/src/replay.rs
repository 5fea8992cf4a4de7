//! Runs every input of the given corpus directories through its target, in a plain
//! (non-instrumented) build, and reports the slowest input of each target.
//!
//! `replay --seed <fixtures dir> <corpus dir>` instead writes the seed corpus: every push
//! fixture in the form each target takes, plus hand-written seeds for the reply encoder and
//! the client's reply decoding (file names start with `seed-`).
//!
//! `replay DIR... [-- TARGET...]`: reads `DIR/<target>/*` for every DIR (the committed
//! corpus, the regressions, a local work corpus); prints one line per target:
//! `target inputs slowest_ms slowest_input` (tab-separated). Each input is run a few
//! times and its fastest run is kept, so a descheduled run on a busy machine does not
//! count as a slow input.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use wx_push::PayloadFormat;
use wx_fuzz::targets::{seeds_from_fixture, TARGETS};

const RUNS: usize = 3;

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Client replies: (endpoint, status, content type) selector bytes, then the body.
const CLIENT_SEEDS: &[(&str, [u8; 3], &[u8])] = &[
    ("token", [0, 0, 1], br#"{"access_token":"ACCESS_TOKEN","expires_in":7200}"#),
    ("token-error", [0, 0, 1], br#"{"errcode":40013,"errmsg":"invalid appid rid: 6612f3a1-0b7c0d1e"}"#),
    ("user-info", [1, 0, 1], br#"{"subscribe":1,"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","language":"zh_CN","subscribe_time":1382694957,"unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL","remark":"","groupid":0,"tagid_list":[128,2],"subscribe_scene":"ADD_SCENE_QR_CODE","qr_scene":98765,"qr_scene_str":""}"#),
    ("qrcode", [2, 0, 1], br#"{"ticket":"gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==","expire_seconds":60,"url":"http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI"}"#),
    ("qrcode-ok-envelope", [2, 0, 1], br#"{"errcode":0,"errmsg":"ok","ticket":"t","expire_seconds":60,"url":"u"}"#),
    ("count", [3, 0, 0], br#"{"voice_count":1,"video_count":2,"image_count":3,"news_count":4}"#),
    ("count-500", [3, 7, 4], b"<html><body>502 Bad Gateway</body></html>"),
    ("material-json", [4, 0, 1], br#"{"title":"t","description":"d","down_url":"http://example.com/v.mp4"}"#),
    ("material-bytes", [4, 0, 3], b"\xff\xd8\xff\xe0JFIF"),
    ("material-error-as-image", [4, 0, 3], br#"{"errcode":40007,"errmsg":"invalid media_id"}"#),
    ("code-bytes", [5, 0, 3], b"\x89PNG\r\n"),
    ("code-error", [5, 0, 2], br#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#),
];

/// Replies: variant selector byte, then NUL-separated strings (to, from, fields...).
const REPLY_SEEDS: &[(&str, u8, &[u8])] = &[
    ("success", 0, b""),
    ("text", 2, b"oUser\0gh_account\0hello <world> ]]> & done"),
    ("image", 3, b"oUser\0gh_account\0MEDIA_ID"),
    ("voice", 4, b"oUser\0gh_account\0MEDIA_ID"),
    (
        "video",
        5,
        b"oUser\0gh_account\0MEDIA_ID\0title\0description",
    ),
    (
        "music",
        6,
        b"oUser\0gh_account\0t\0d\0http://m\0http://hq\0THUMB",
    ),
    (
        "news",
        7,
        b"oUser\0gh_account\0title\0desc\0http://pic\0http://url",
    ),
    ("transfer", 8, b"oUser\0gh_account\0kf2001@account"),
];

fn write(dir: &Path, name: &str, data: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(format!("seed-{name}")), data)
}

fn seed(fixtures: &Path, corpus: &Path) -> std::io::Result<()> {
    for file in inputs(fixtures) {
        let format = match file.extension().and_then(|e| e.to_str()) {
            Some("xml") => PayloadFormat::Xml,
            Some("json") => PayloadFormat::Json,
            _ => continue,
        };
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let data = std::fs::read(&file)?;
        for (target, input) in seeds_from_fixture(&data, format) {
            write(&corpus.join(target), &name, &input)?;
        }
    }
    for (name, head, body) in CLIENT_SEEDS {
        let mut input = head.to_vec();
        input.extend_from_slice(body);
        write(&corpus.join("client_decode"), name, &input)?;
    }
    for (name, selector, body) in REPLY_SEEDS {
        let mut input = vec![*selector];
        input.extend_from_slice(body);
        write(&corpus.join("reply_roundtrip"), name, &input)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--seed") {
        let (Some(fixtures), Some(corpus)) = (args.nth(1), args.next()) else {
            eprintln!("usage: replay --seed <fixtures dir> <corpus dir>");
            return ExitCode::from(2);
        };
        return match seed(Path::new(&fixtures), Path::new(&corpus)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("replay: seeding failed: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut dirs = Vec::new();
    for a in args.by_ref() {
        if a == "--" {
            break;
        }
        dirs.push(PathBuf::from(a));
    }
    if dirs.is_empty() {
        eprintln!("usage: replay DIR... [-- TARGET...]");
        return ExitCode::from(2);
    }
    let wanted: Vec<String> = args.collect();
    for name in &wanted {
        if !TARGETS.iter().any(|(n, _)| n == name) {
            eprintln!("replay: unknown target {name}");
            return ExitCode::from(2);
        }
    }
    let mut failed = false;
    for (name, target) in TARGETS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == name) {
            continue;
        }
        let files: Vec<PathBuf> = dirs.iter().flat_map(|d| inputs(&d.join(name))).collect();
        let mut slowest: Option<(Duration, &Path)> = None;
        for file in &files {
            let data = match std::fs::read(file) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("replay: {}: {e}", file.display());
                    return ExitCode::FAILURE;
                }
            };
            let mut best = Duration::MAX;
            for _ in 0..RUNS {
                let start = Instant::now();
                if catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
                    eprintln!("replay: {name}: {} FAILS its target", file.display());
                    failed = true;
                    break;
                }
                best = best.min(start.elapsed());
            }
            if best != Duration::MAX && slowest.is_none_or(|(d, _)| best > d) {
                slowest = Some((best, file));
            }
        }
        let (ms, input) = match slowest {
            Some((d, f)) => (
                d.as_secs_f64() * 1e3,
                f.file_name().map(|n| n.to_string_lossy().into_owned()),
            ),
            None => (0.0, None),
        };
        println!(
            "{name}\t{}\t{ms:.3}\t{}",
            files.len(),
            input.as_deref().unwrap_or("-")
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
