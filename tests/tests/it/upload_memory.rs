//! A 50 MiB upload, from a path and from an async reader, is streamed: the process's peak
//! memory grows far less than the file. Each case runs in a process of its own
//! ([`crate::alone`]) and resets the high-water mark (`/proc/self/clear_refs`) before
//! measuring.

use axum::body::Body;
use body_stream::next_chunk;
use std::io::Write;
use std::time::Duration;
use wx_api::token::{source_fn, FreshToken};
use wx_api::{wx_endpoint, AppCredentials, Client, Upload};

/// An upload endpoint without size limits, to push 50 MB through the multipart machinery.
#[wx_endpoint(POST "/test/upload", app = oa, doc = "https://developers.weixin.qq.com/doc/test")]
pub mod big_upload {
    pub struct Request {
        #[wx(file)]
        pub media: ::wx_core::Upload,
    }
    pub struct Response {
        pub received: u64,
    }
}

mod body_stream {
    use axum::body::Body;
    /// Next data frame of a body, without buffering the rest.
    pub async fn next_chunk(body: &mut Body) -> Option<Result<axum::body::Bytes, axum::Error>> {
        use http_body_util::BodyExt;
        loop {
            match body.frame().await? {
                Ok(frame) => {
                    if let Ok(data) = frame.into_data() {
                        return Some(Ok(data));
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Resets the peak to the current RSS (Linux ≥ 4.0), so that each case measures its own
/// peak. Without it the second case could hide under the first one's peak.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

const FILE_SIZE: u64 = 50 * 1024 * 1024;

/// A 50 MiB file of its own for a case.
fn write_file(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("wx-50mb-{name}-{}.bin", std::process::id()));
    let mut f = std::fs::File::create(&path).expect("create");
    let chunk = vec![0x5Au8; 1024 * 1024];
    for _ in 0..FILE_SIZE / (1024 * 1024) {
        f.write_all(&chunk).expect("write");
    }
    path
}

/// A server that counts the bytes it receives without keeping them, and a client for it.
/// Not the sandbox: a test endpoint that must not buffer what it measures in this process.
async fn counting_server() -> Client {
    let app = axum::Router::new()
        .route(
            "/test/upload",
            axum::routing::post(move |body: Body| async move {
                let mut body = body;
                let mut total = 0u64;
                while let Some(Ok(chunk)) = next_chunk(&mut body).await {
                    total += chunk.len() as u64;
                }
                axum::Json(serde_json::json!({ "received": total }))
            }),
        )
        .layer(axum::extract::DefaultBodyLimit::disable());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Client::official_account(
        AppCredentials::new("wx-mem", "secret"),
        source_fn(|_| async { Ok(FreshToken::new("fixed-token", Duration::from_secs(7200))) }),
    )
    .base_url(url)
    .build()
    .expect("client")
}

/// Sends the upload and checks both its size on the wire and the peak memory it took.
async fn measure(label: &str, wx: &Client, upload: impl FnOnce() -> Upload) {
    wx.access_token().await.expect("token");
    let isolated = reset_peak_rss();
    let before = peak_rss_kib();
    let upload = upload();
    assert_eq!(upload.len(), FILE_SIZE);
    let reply = wx
        .send(big_upload::Request::new(upload))
        .await
        .expect("upload");
    let after = peak_rss_kib();

    // The multipart framing adds a few hundred bytes around the file.
    assert!(
        reply.received > FILE_SIZE && reply.received < FILE_SIZE + 1024,
        "{}",
        reply.received
    );
    let growth_kib = after.saturating_sub(before);
    println!(
        "50 MiB streamed upload {label}: peak RSS before {before} KiB, peak during {after} KiB, \
         growth {growth_kib} KiB ({:.1}% of the file){}",
        growth_kib as f64 * 1024.0 * 100.0 / FILE_SIZE as f64,
        if isolated {
            ""
        } else {
            " [peak not reset: shared with earlier work]"
        }
    );
    assert!(
        growth_kib < 16 * 1024,
        "{label}: peak memory grew by {growth_kib} KiB while uploading a {} KiB file",
        FILE_SIZE / 1024
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_megabytes_stream_from_disk_with_bounded_memory() {
    if !crate::alone("upload_memory::fifty_megabytes_stream_from_disk_with_bounded_memory") {
        return;
    }
    let path = write_file("path");
    let wx = counting_server().await;
    measure("from a path", &wx, || {
        Upload::from_path(&path).expect("path")
    })
    .await;
    std::fs::remove_file(&path).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_megabytes_stream_from_a_reader_with_bounded_memory() {
    if !crate::alone("upload_memory::fifty_megabytes_stream_from_a_reader_with_bounded_memory") {
        return;
    }
    let path = write_file("reader");
    let wx = counting_server().await;
    let file = tokio::fs::File::open(&path).await.expect("open");
    measure("from a reader (tokio File)", &wx, move || {
        Upload::from_reader("big.bin", FILE_SIZE, file)
    })
    .await;
    std::fs::remove_file(&path).ok();
}
