//! Benchmark: HTTP throughput of the push endpoint over loopback, against the same workload
//! served by the Node `wechat` middleware on express and by wechatpy behind gunicorn.
//!
//! `cargo bench -p wx-tests --bench http [-- --quick]`; `cargo xtask bench` installs the
//! peers and passes them in `WX_BENCH_NODE_MODULES` (a `node_modules` with `wechat` and
//! `express`, tests/http-bench/package.json) and `WX_BENCH_GUNICORN` (a venv's gunicorn with
//! wechatpy, tests/http-bench/requirements.txt); a peer whose variable is unset is skipped.
//!
//! The workload, the same for every server: safe-mode (encrypted) XML pushes of a text
//! message, each with its own `MsgId`, `Content`, nonce and signatures, built before the
//! clock starts; each server answers with an encrypted passive text reply `got <Content>`.
//! wx runs [`PushEndpoint`] as shipped (in-memory dedup on, so every push is a first
//! sighting) on a single-threaded tokio runtime. Every server is pinned to core 0
//! (`taskset -c 0`: one Node process, one gunicorn gthread worker) and this load generator
//! to core 1: N keep-alive connections over raw HTTP/1.1, closed loop (each connection
//! sends its next push when the previous reply has arrived), latency from the write of a
//! request to the last byte of its reply.
//!
//! Before measuring, a warm-up check decrypts every reply of each server (signature,
//! app id, text) and stops the bench if one differs; during the timed runs every reply
//! must be a 200 carrying `<Encrypt>`, and anything else is counted and reported.
//! Rounds alternate the servers, so a noisy period on a shared machine hits all of them.

// Test code: helpers outside #[test] fns unwrap and panic to fail the test at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wx_api::push::crypto::{self, AesKey};
use wx_api::push::signature::{msg_signature, signature};
use wx_api::push::*;

const TOKEN: &str = "pamtest";
const EAK: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wxb11529c136998cb6";
const TO_USER: &str = "gh_97417a04a28d";
const FROM_USER: &str = "oUser_openid_1234567890";
/// Marks the re-executed, pinned process.
const PINNED: &str = "WX_HTTP_BENCH_PINNED";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--serve-wx") {
        serve_wx();
        return;
    }
    if pin_self(&args) {
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    run(quick);
}

/// Re-runs this process under `taskset -c 1` (the load generator's core) unless it already
/// is; returns true when the pinned child did the work (its status is passed on).
fn pin_self(args: &[String]) -> bool {
    if std::env::var_os(PINNED).is_some() || !can_pin() {
        return false;
    }
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    // `nice -n -10` (servers inherit it) keeps other work on the machine, such as builds,
    // from taking the pinned cores' time while measuring; without the right to raise
    // priority, nice says so and runs the bench at normal priority. (Not a real-time
    // policy: tried with `chrt -f 10`, the Node server, whose threads then shared core 0 at
    // equal FIFO priority, stopped making progress.)
    let priority: &[&str] = &["nice", "-n", "-10"];
    let status = Command::new("taskset")
        .args(["-c", "1"])
        .args(priority)
        .arg(exe)
        .args(&args[1..])
        .env(PINNED, "1")
        .status();
    match status {
        Ok(st) => std::process::exit(st.code().unwrap_or(1)),
        Err(e) => {
            println!("taskset failed ({e}); running unpinned");
            false
        }
    }
}

fn can_pin() -> bool {
    // Once pinned, this process sees one core: the parent checked before pinning it.
    if std::env::var_os(PINNED).is_some() {
        return true;
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    cores >= 2
        && Command::new("taskset")
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// `--serve-wx`: the wx server, one runtime thread, prints `LISTENING <port>`.
fn serve_wx() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let server = PushServer::new(PushConfig::new(TOKEN, APPID).encoding_aes_key(EAK).unwrap());
        let router = PushEndpoint::new(server, |incoming: Incoming| async move {
            match &incoming.message.body {
                Body::Text(t) => Reply::text(format!("got {}", t.content)),
                _ => Reply::Success,
            }
        })
        .router_at("/wx");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("LISTENING {}", listener.local_addr().unwrap().port());
        axum::serve(listener, router).await.unwrap();
    });
}

/// A server process, stopped (SIGTERM, then SIGKILL) when dropped.
struct Server {
    name: &'static str,
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `cmd` pinned to core 0 when pinning works.
fn pinned(program: &std::ffi::OsStr) -> Command {
    if can_pin() {
        let mut c = Command::new("taskset");
        c.args(["-c", "0"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn peer_env(cmd: &mut Command) -> &mut Command {
    cmd.env("WX_TOKEN", TOKEN)
        .env("WX_AES_KEY", EAK)
        .env("WX_APP_ID", APPID)
}

/// Starts a server that prints `LISTENING <port>` on stdout.
fn start_listening(name: &'static str, mut cmd: Command) -> Server {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the {name} server: {e}"));
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let port = line
        .trim()
        .strip_prefix("LISTENING ")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("the {name} server did not start: {line:?}"));
    Server { name, child, port }
}

fn start_wx() -> Server {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = pinned(exe.as_os_str());
    cmd.arg("--serve-wx").env_remove(PINNED);
    start_listening("wx", cmd)
}

fn start_node(node_modules: &str) -> Server {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/http-bench/server.js");
    let mut cmd = pinned("node".as_ref());
    cmd.arg(script).env("NODE_PATH", node_modules);
    peer_env(&mut cmd);
    start_listening("node", cmd)
}

fn start_python(gunicorn: &str) -> Server {
    // gunicorn takes the port on its command line: find a free one.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let mut cmd = pinned(gunicorn.as_ref());
    cmd.args([
        "--chdir",
        concat!(env!("CARGO_MANIFEST_DIR"), "/http-bench"),
        "--workers",
        "1",
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--keep-alive",
        "120",
        "--log-level",
        "warning",
        "--bind",
    ])
    .arg(format!("127.0.0.1:{port}"))
    .arg("wsgi_app:app")
    .stdout(Stdio::null());
    peer_env(&mut cmd);
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start gunicorn: {e}"));
    let server = Server {
        name: "python",
        child,
        port,
    };
    let until = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "gunicorn did not start listening");
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

/// CPU time (user + system, seconds) used so far by process `pid` and its descendants
/// (gunicorn's worker is a child of its master), from /proc; `None` where /proc is missing.
fn cpu_seconds(pid: u32) -> Option<f64> {
    cpu_seconds_of(pid, true)
}

fn cpu_seconds_of(pid: u32, with_children: bool) -> Option<f64> {
    // Fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    let mut total = ticks / 100.0;
    if !with_children {
        return Some(total);
    }
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    for task in tasks.flatten() {
        let children = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
        for child in children.split_whitespace().filter_map(|c| c.parse().ok()) {
            total += cpu_seconds(child).unwrap_or(0.0);
        }
    }
    Some(total)
}

/// This process's nice value (field 19 of /proc/self/stat).
fn niceness() -> Option<i32> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(16)?.parse().ok()
}

/// This process's scheduling policy (field 41 of /proc/self/stat; 1 is SCHED_FIFO).
fn scheduling_policy() -> u32 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let after_name = stat.get(stat.rfind(')')? + 2..)?.to_owned();
            after_name.split(' ').nth(38)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Pushes with distinct `MsgId`s across the whole run.
struct Factory {
    key: AesKey,
    next_id: u64,
}

/// One pre-built HTTP request and the text its reply must carry.
struct Push {
    request: Vec<u8>,
    expect: String,
}

impl Factory {
    fn new() -> Self {
        Factory {
            key: AesKey::from_encoding_aes_key(EAK).unwrap(),
            next_id: 24_000_000_000_000_000,
        }
    }

    fn build(&mut self, n: usize) -> Vec<Push> {
        let token = Token::new(TOKEN);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        (0..n)
            .map(|_| {
                self.next_id += 1;
                let id = self.next_id;
                let content = format!("hello {id}");
                let inner = format!(
                    "<xml><ToUserName><![CDATA[{TO_USER}]]></ToUserName><FromUserName><![CDATA[{FROM_USER}]]></FromUserName><CreateTime>{now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{id}</MsgId></xml>"
                );
                let encrypt = crypto::encrypt(&self.key, inner.as_bytes(), APPID).unwrap();
                let nonce = format!("{}", id % 1_000_000_007);
                let body = format!(
                    "<xml><ToUserName><![CDATA[{TO_USER}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
                );
                let path = format!(
                    "/wx?signature={}&timestamp={now}&nonce={nonce}&openid={FROM_USER}&encrypt_type=aes&msg_signature={}",
                    signature(&token, &now, &nonce),
                    msg_signature(&token, &now, &nonce, &encrypt),
                );
                let mut request = format!(
                    "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: Mozilla/4.0\r\nAccept: */*\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                request.extend_from_slice(body.as_bytes());
                Push {
                    request,
                    expect: format!("got {content}"),
                }
            })
            .collect()
    }
}

/// Checks one reply fully: signature over the reply's own timestamp and nonce, decryption
/// with the app id, and the text.
fn check_reply(key: &AesKey, body: &[u8], expect: &str) -> Result<(), String> {
    let body = std::str::from_utf8(body).map_err(|_| "reply is not UTF-8".to_owned())?;
    let field = |tag: &str| -> Result<&str, String> {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        let start = body
            .find(&open)
            .ok_or_else(|| format!("reply without {tag}: {body}"))?
            + open.len();
        let end = start
            + body[start..]
                .find(&close)
                .ok_or_else(|| format!("reply without </{tag}>: {body}"))?;
        let v = &body[start..end];
        Ok(v.strip_prefix("<![CDATA[")
            .and_then(|v| v.strip_suffix("]]>"))
            .unwrap_or(v))
    };
    let encrypt = field("Encrypt")?;
    let (sig, ts, nonce) = (field("MsgSignature")?, field("TimeStamp")?, field("Nonce")?);
    if msg_signature(&Token::new(TOKEN), ts, nonce, encrypt) != sig {
        return Err(format!("reply signature does not check: {body}"));
    }
    let inner = crypto::decrypt(key, encrypt, APPID).map_err(|e| format!("reply: {e}"))?;
    let want = format!("<![CDATA[{expect}]]>");
    if !inner.contains("text") || !(inner.contains(&want) || inner.contains(expect)) {
        return Err(format!("reply does not carry {expect:?}: {inner}"));
    }
    Ok(())
}

/// What one run measured.
struct RunResult {
    done: usize,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
    latencies_us: Vec<u32>,
}

impl RunResult {
    fn per_sec(&self) -> f64 {
        self.done as f64 / self.elapsed.as_secs_f64()
    }
    fn percentile_ms(&mut self, p: f64) -> f64 {
        self.latencies_us.sort_unstable();
        let n = self.latencies_us.len();
        if n == 0 {
            return f64::NAN;
        }
        let i = ((n as f64 * p).ceil() as usize).clamp(1, n) - 1;
        f64::from(self.latencies_us[i]) / 1000.0
    }
}

/// One HTTP/1.1 reply read off a keep-alive connection.
struct HttpReply {
    status: u16,
    body: Vec<u8>,
    close: bool,
}

/// Reads one reply (Content-Length or chunked) from `stream`; `buf` keeps bytes past it.
async fn read_reply(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<HttpReply> {
    let eof = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed");
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if stream.read_buf(buf).await? == 0 {
            return Err(eof());
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = None;
    let mut chunked = false;
    let mut close = false;
    for line in head.lines().skip(1) {
        if let Some((k, v)) = line.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
            match k.as_str() {
                "content-length" => length = v.parse::<usize>().ok(),
                "transfer-encoding" => chunked = v.contains("chunked"),
                "connection" => close = v == "close",
                _ => {}
            }
        }
    }
    buf.drain(..head_end);
    let body = if chunked {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(i) = buf.windows(2).position(|w| w == b"\r\n") {
                    break i;
                }
                if stream.read_buf(buf).await? == 0 {
                    return Err(eof());
                }
            };
            let size_text = String::from_utf8_lossy(&buf[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| std::io::Error::other("bad chunk size"))?;
            while buf.len() < line_end + 2 + size + 2 {
                if stream.read_buf(buf).await? == 0 {
                    return Err(eof());
                }
            }
            body.extend_from_slice(&buf[line_end + 2..line_end + 2 + size]);
            buf.drain(..line_end + 2 + size + 2);
            if size == 0 {
                break body;
            }
        }
    } else {
        let n = length.unwrap_or(0);
        while buf.len() < n {
            if stream.read_buf(buf).await? == 0 {
                return Err(eof());
            }
        }
        buf.drain(..n).collect()
    };
    Ok(HttpReply {
        status,
        body,
        close,
    })
}

/// Sends `pushes` over `connections` keep-alive connections, closed loop, until all are
/// sent or `limit` has passed. With `verify`, every reply is decrypted and checked;
/// otherwise it must be a 200 with `<Encrypt>` in its body.
fn drive(
    port: u16,
    pushes: Arc<Vec<Push>>,
    connections: usize,
    limit: Duration,
    verify: bool,
) -> RunResult {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let next = Arc::new(AtomicUsize::new(0));
        let start = Instant::now();
        let deadline = start + limit;
        let mut tasks = Vec::new();
        for _ in 0..connections {
            let (pushes, next) = (Arc::clone(&pushes), Arc::clone(&next));
            tasks.push(tokio::spawn(async move {
                let key = AesKey::from_encoding_aes_key(EAK).unwrap();
                let mut lat = Vec::with_capacity(pushes.len() / connections + 16);
                let (mut done, mut errors, mut first_error) = (0usize, 0usize, None);
                let mut conn: Option<TcpStream> = None;
                let mut buf = Vec::with_capacity(4096);
                loop {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(push) = pushes.get(i) else { break };
                    let t = Instant::now();
                    let outcome: Result<HttpReply, String> = async {
                        if conn.is_none() {
                            let s = TcpStream::connect(("127.0.0.1", port))
                                .await
                                .map_err(|e| format!("connect: {e}"))?;
                            let _ = s.set_nodelay(true);
                            conn = Some(s);
                            buf.clear();
                        }
                        let s = conn.as_mut().ok_or("no connection")?;
                        s.write_all(&push.request)
                            .await
                            .map_err(|e| format!("write: {e}"))?;
                        read_reply(s, &mut buf)
                            .await
                            .map_err(|e| format!("read: {e}"))
                    }
                    .await;
                    let elapsed = t.elapsed();
                    let problem = match outcome {
                        Err(e) => {
                            conn = None;
                            Some(e)
                        }
                        Ok(r) => {
                            if r.close {
                                conn = None;
                            }
                            if r.status != 200 {
                                Some(format!(
                                    "status {}: {}",
                                    r.status,
                                    String::from_utf8_lossy(&r.body)
                                ))
                            } else if verify {
                                check_reply(&key, &r.body, &push.expect).err()
                            } else if !r.body.windows(9).any(|w| w == b"<Encrypt>") {
                                Some(format!(
                                    "reply without <Encrypt>: {}",
                                    String::from_utf8_lossy(&r.body)
                                ))
                            } else {
                                None
                            }
                        }
                    };
                    match problem {
                        None => {
                            done += 1;
                            lat.push(elapsed.as_micros().min(u128::from(u32::MAX)) as u32);
                        }
                        Some(e) => {
                            errors += 1;
                            first_error.get_or_insert(e);
                        }
                    }
                }
                (done, errors, first_error, lat)
            }));
        }
        let mut result = RunResult {
            done: 0,
            errors: 0,
            first_error: None,
            elapsed: Duration::ZERO,
            latencies_us: Vec::new(),
        };
        for t in tasks {
            let (done, errors, first_error, lat) = t.await.unwrap();
            result.done += done;
            result.errors += errors;
            if result.first_error.is_none() {
                result.first_error = first_error;
            }
            result.latencies_us.extend(lat);
        }
        result.elapsed = start.elapsed();
        result
    })
}

/// One server's figures over the rounds.
struct Series {
    server: Server,
    rate_estimate: f64,
    per_sec: Vec<f64>,
    p50: Vec<f64>,
    p99: Vec<f64>,
    /// Server CPU time per reply, µs.
    cpu_us: Vec<f64>,
    errors: usize,
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

fn run(quick: bool) {
    const CONNECTIONS: usize = 16;
    let (rounds, run_len, warm_len) = if quick {
        (1, Duration::from_millis(1000), Duration::from_millis(500))
    } else {
        (5, Duration::from_secs(5), Duration::from_secs(2))
    };
    println!(
        "http: {CONNECTIONS} keep-alive connections, {rounds} round(s) of {:.1} s per server{}",
        run_len.as_secs_f64(),
        if can_pin() {
            "; servers on core 0, load generator on core 1"
        } else {
            "; NOT pinned (taskset missing or fewer than 2 cores)"
        }
    );
    let load = |when: &str| {
        let avg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let one = avg.split(' ').next().unwrap_or("nan").to_owned();
        println!("RESULT http.loadavg_{when} {one}");
        println!("http: load average (1 min) at the {when}: {one}");
    };
    load("start");
    let nice = niceness().unwrap_or(0);
    let policy = scheduling_policy();
    println!("RESULT http.nice {nice}");
    println!("RESULT http.realtime {}", u8::from(policy == 1));
    println!("http: running at nice {nice}, scheduling policy {policy} (0: normal, 1: FIFO)");
    let mut servers = vec![start_wx()];
    match std::env::var("WX_BENCH_NODE_MODULES") {
        Ok(dir) if !dir.is_empty() => servers.push(start_node(&dir)),
        _ => println!(
            "http: WX_BENCH_NODE_MODULES not set: skipping the Node (wechat + express) server"
        ),
    }
    match std::env::var("WX_BENCH_GUNICORN") {
        Ok(g) if !g.is_empty() => servers.push(start_python(&g)),
        _ => println!(
            "http: WX_BENCH_GUNICORN not set: skipping the Python (wechatpy + gunicorn) server"
        ),
    }
    let mut factory = Factory::new();
    let mut series: Vec<Series> = Vec::new();
    for server in servers {
        // Warm-up check: every reply decrypted and compared, then a short unchecked run to
        // warm the server (JITs, caches) and estimate its rate for sizing the pools.
        let check = Arc::new(factory.build(200));
        let r = drive(
            server.port,
            check,
            CONNECTIONS,
            Duration::from_secs(60),
            true,
        );
        assert!(
            r.errors == 0 && r.done == 200,
            "{} server: warm-up check failed ({} of 200 replies wrong): {}",
            server.name,
            r.errors,
            r.first_error.unwrap_or_default()
        );
        let pool = Arc::new(factory.build(if quick { 20_000 } else { 120_000 }));
        let r = drive(server.port, pool, CONNECTIONS, warm_len, false);
        assert!(
            r.errors == 0,
            "{} server: warm-up run: {} errors: {}",
            server.name,
            r.errors,
            r.first_error.unwrap_or_default()
        );
        println!(
            "http: {} server on port {} replies correctly (200 replies decrypted and checked); warm-up {:.0} req/s",
            server.name,
            server.port,
            r.per_sec()
        );
        series.push(Series {
            rate_estimate: r.per_sec(),
            server,
            per_sec: Vec::new(),
            p50: Vec::new(),
            p99: Vec::new(),
            cpu_us: Vec::new(),
            errors: 0,
        });
    }
    for round in 0..rounds {
        for s in series.iter_mut() {
            // Enough pushes for the run even if it goes 60% faster than the warm-up.
            let n = (s.rate_estimate * run_len.as_secs_f64() * 1.6) as usize + 1000;
            let pool = Arc::new(factory.build(n));
            let cpu_before = cpu_seconds(s.server.child.id());
            let own_before = cpu_seconds_of(std::process::id(), false);
            let mut r = drive(s.server.port, pool, CONNECTIONS, run_len, false);
            let cpu_us = match (cpu_before, cpu_seconds(s.server.child.id())) {
                (Some(a), Some(b)) => (b - a) * 1e6 / r.done.max(1) as f64,
                _ => f64::NAN,
            };
            let gen_us = match (own_before, cpu_seconds_of(std::process::id(), false)) {
                (Some(a), Some(b)) => (b - a) * 1e6 / r.done.max(1) as f64,
                _ => f64::NAN,
            };
            let (p50, p99) = (r.percentile_ms(0.50), r.percentile_ms(0.99));
            println!(
                "http: round {} {}: {:.0} req/s, p50 {p50:.2} ms, p99 {p99:.2} ms, server CPU {cpu_us:.1} µs/req, load generator CPU {gen_us:.1} µs/req ({} replies, {} errors{})",
                round + 1,
                s.server.name,
                r.per_sec(),
                r.done,
                r.errors,
                r.first_error.as_deref().map(|e| format!(": {e}")).unwrap_or_default()
            );
            // A server still warming up (Node's JIT) can outrun its warm-up estimate.
            s.rate_estimate = s.rate_estimate.max(r.per_sec());
            s.per_sec.push(r.per_sec());
            s.p50.push(p50);
            s.p99.push(p99);
            s.cpu_us.push(cpu_us);
            s.errors += r.errors;
        }
    }
    load("end");
    println!("RESULT http.connections {CONNECTIONS}");
    println!("RESULT http.rounds {rounds}");
    println!("RESULT http.run_s {}", run_len.as_secs_f64());
    println!("RESULT http.pinned {}", u8::from(can_pin()));
    let mut wx_rates: Vec<f64> = Vec::new();
    let mut wx_cpu: Vec<f64> = Vec::new();
    for s in &series {
        let name = s.server.name;
        let rate = median(&s.per_sec);
        let (lo, hi) = min_max(&s.per_sec);
        let (p99_lo, p99_hi) = min_max(&s.p99);
        println!("RESULT http.{name}.per_sec {rate:.0}");
        println!("RESULT http.{name}.per_sec_min {lo:.0}");
        println!("RESULT http.{name}.per_sec_max {hi:.0}");
        println!("RESULT http.{name}.p50_ms {:.3}", median(&s.p50));
        println!("RESULT http.{name}.p99_ms {:.3}", median(&s.p99));
        println!("RESULT http.{name}.p99_ms_min {p99_lo:.3}");
        println!("RESULT http.{name}.p99_ms_max {p99_hi:.3}");
        println!("RESULT http.{name}.errors {}", s.errors);
        println!("RESULT http.{name}.cpu_us {:.1}", median(&s.cpu_us));
        println!(
            "http: {name}: {rate:.0} req/s (rounds {lo:.0}..{hi:.0}), p50 {:.2} ms, p99 {:.2} ms (rounds {p99_lo:.2}..{p99_hi:.2}), {} errors",
            median(&s.p50),
            median(&s.p99),
            s.errors
        );
        println!(
            "http: {name}: server CPU {:.1} µs per reply (median of the rounds)",
            median(&s.cpu_us)
        );
        if name == "wx" {
            wx_rates = s.per_sec.clone();
            wx_cpu = s.cpu_us.clone();
        } else {
            let cpu: Vec<f64> = s.cpu_us.iter().zip(&wx_cpu).map(|(o, w)| o / w).collect();
            println!("RESULT http.cpu_ratio_{name} {:.2}", median(&cpu));
            println!(
                "http: {name} CPU per reply / wx CPU per reply: {:.1}x",
                median(&cpu)
            );
            // Paired: each round's wx figure over the same round's figure of this server.
            let ratios: Vec<f64> = wx_rates
                .iter()
                .zip(&s.per_sec)
                .map(|(w, o)| w / o)
                .collect();
            let (r_lo, r_hi) = min_max(&ratios);
            println!("RESULT http.ratio_{name} {:.2}", median(&ratios));
            println!("RESULT http.ratio_{name}_min {r_lo:.2}");
            println!("RESULT http.ratio_{name}_max {r_hi:.2}");
            println!(
                "http: wx / {name}: {:.1}x (median of the rounds' ratios; {r_lo:.1}..{r_hi:.1})",
                median(&ratios)
            );
        }
    }
}
