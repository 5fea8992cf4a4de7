//! Reply bodies are read into memory only up to `Config::max_reply_bytes`: a server that
//! announces or streams more gets a typed error, not the process's memory.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wx_api::oa::qrcode;
use wx_api::token::{source_fn, FreshToken};
use wx_api::{AppCredentials, Client, Error, OfficialAccount};

const LIMIT: usize = 64 * 1024;

#[derive(Clone, Copy)]
enum Framing {
    /// `Content-Length: n`, then the body.
    Announced,
    /// `Content-Length` claiming `n` bytes, then nothing: the check must not wait for them.
    Claimed(u64),
    /// `Transfer-Encoding: chunked`, in pieces of this many bytes.
    Chunked(usize),
}

/// A raw HTTP/1.1 server answering every request with `body` framed as asked.
/// Not a WeChat double but a fault injector: it writes lying or chunked framing by hand.
async fn server(body: Vec<u8>, framing: Framing) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                // Read the request head and its (small, announced) body.
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
                    if let Some(head_end) = text.find("\r\n\r\n") {
                        let announced = text
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if request.len() >= head_end + 4 + announced {
                            break;
                        }
                    }
                }
                let mut reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n".to_vec();
                match framing {
                    Framing::Announced => {
                        reply.extend(format!("content-length: {}\r\n\r\n", body.len()).bytes());
                        reply.extend_from_slice(&body);
                    }
                    Framing::Claimed(n) => {
                        reply.extend(format!("content-length: {n}\r\n\r\n").bytes());
                    }
                    Framing::Chunked(size) => {
                        reply.extend_from_slice(b"transfer-encoding: chunked\r\n\r\n");
                        for piece in body.chunks(size) {
                            reply.extend(format!("{:x}\r\n", piece.len()).bytes());
                            reply.extend_from_slice(piece);
                            reply.extend_from_slice(b"\r\n");
                        }
                        reply.extend_from_slice(b"0\r\n\r\n");
                    }
                }
                let _ = socket.write_all(&reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

fn client(base: &str) -> Client<OfficialAccount> {
    Client::official_account(
        AppCredentials::new("wx-limits", "secret"),
        source_fn(|_| async { Ok(FreshToken::new("token", Duration::from_secs(7200))) }),
    )
    .base_url(base)
    .max_reply_bytes(LIMIT)
    .timeout(Duration::from_secs(10))
    .build()
    .expect("client")
}

/// A valid create_qrcode reply padded with an unknown field to `len` bytes.
fn reply_of_len(len: usize) -> Vec<u8> {
    let head = r#"{"ticket":"T","url":"http://weixin.qq.com/q/x","pad":""#;
    let tail = r#""}"#;
    let mut out = head.as_bytes().to_vec();
    out.resize(len - tail.len(), b'x');
    out.extend_from_slice(tail.as_bytes());
    out
}

async fn send(base: &str) -> Result<qrcode::create::Response, Error> {
    client(base)
        .send(qrcode::create::Request::temporary_id(1, 60))
        .await
}

#[tokio::test]
async fn replies_up_to_the_limit_are_read_whole_however_they_are_framed() {
    for framing in [Framing::Announced, Framing::Chunked(1000)] {
        let base = server(reply_of_len(LIMIT), framing).await;
        let reply = send(&base).await.expect("a reply at the limit decodes");
        assert_eq!(reply.ticket, "T");
    }
}

#[tokio::test]
async fn an_announced_reply_over_the_limit_is_refused_before_reading_it() {
    let base = server(reply_of_len(LIMIT + 1), Framing::Announced).await;
    match send(&base).await {
        Err(Error::ReplyTooLarge {
            limit, announced, ..
        }) => {
            assert_eq!((limit, announced), (LIMIT, Some(LIMIT as u64 + 1)));
        }
        other => panic!("expected ReplyTooLarge, got {other:?}"),
    }
    // 1 TiB announced and never sent: refused at once, not after a timeout.
    let base = server(Vec::new(), Framing::Claimed(1 << 40)).await;
    let started = std::time::Instant::now();
    let err = send(&base).await.expect_err("refused");
    assert!(matches!(err, Error::ReplyTooLarge { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        err.to_string()
            .contains("larger than the limit of 65536 bytes"),
        "{err}"
    );
}

#[tokio::test]
async fn a_streamed_reply_over_the_limit_is_cut_off() {
    let base = server(reply_of_len(LIMIT * 4), Framing::Chunked(4096)).await;
    match send(&base).await {
        Err(Error::ReplyTooLarge {
            limit, announced, ..
        }) => assert_eq!((limit, announced), (LIMIT, None)),
        other => panic!("expected ReplyTooLarge, got {other:?}"),
    }
}
