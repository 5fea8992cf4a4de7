//! `cargo run -p wx-sandbox -- [--port N] [--token-ttl SECS] [--token-overlap SECS] [--token-quota N] [--ticket-ttl SECS] [--app ID:SECRET]... [--mini-program ID:SECRET]...`

use std::net::SocketAddr;
use std::time::Duration;
use wx_sandbox::{Sandbox, SandboxApp};

const USAGE: &str = "\
usage: wx-sandbox [--port N] [--token-ttl SECS] [--token-overlap SECS] [--token-quota N]
                  [--ticket-ttl SECS] [--app ID:SECRET]... [--mini-program ID:SECRET]...

  --port N              listen on 127.0.0.1:N (default: a free port)
  --token-ttl SECS      expires_in of issued tokens (default 7200)
  --token-overlap SECS  how long a replaced /cgi-bin/token token stays valid, and how early
                        a stable token is renewed before it expires (default 300)
  --token-quota N       token fetches per app before 45009 (default 2000)
  --ticket-ttl SECS     expires_in of JS-SDK and card tickets (default 7200)
  --app ID:SECRET       an Official Account (the first --app/--mini-program replaces the
                        default apps)
  --mini-program ID:SECRET
                        a Mini Program
  -h, --help            print this and exit";

/// A usage error: the usage on stderr, exit status 2.
fn usage() -> ! {
    eprintln!("{USAGE}");
    std::process::exit(2)
}

fn secs(v: Option<String>) -> Duration {
    Duration::from_secs(v.and_then(|v| v.parse().ok()).unwrap_or_else(|| usage()))
}

fn pair(v: Option<String>) -> (String, String) {
    match v.as_deref().and_then(|v| v.split_once(':')) {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
            (id.to_owned(), secret.to_owned())
        }
        _ => usage(),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut builder = Sandbox::builder();
    let mut port = 0u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--port" => {
                port = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--token-ttl" => builder = builder.token_ttl(secs(args.next())),
            "--token-overlap" => builder = builder.token_overlap(secs(args.next())),
            "--ticket-ttl" => builder = builder.ticket_ttl(secs(args.next())),
            "--token-quota" => {
                builder = builder.daily_token_quota(
                    args.next()
                        .and_then(|v| v.parse().ok())
                        .unwrap_or_else(|| usage()),
                );
            }
            "--app" => {
                let (id, secret) = pair(args.next());
                builder = builder.app(SandboxApp::official_account(id, secret));
            }
            "--mini-program" => {
                let (id, secret) = pair(args.next());
                builder = builder.app(SandboxApp::mini_program(id, secret));
            }
            _ => usage(),
        }
    }
    let sandbox = builder
        .listen(SocketAddr::from(([127, 0, 0, 1], port)))
        .start()
        .await?;
    println!("wx-sandbox listening on {}", sandbox.url());
    for app in &sandbox.config().apps {
        println!(
            "  {:?}: appid {} secret {}",
            app.kind, app.app_id, app.secret
        );
    }
    println!(
        "point wx at it with ClientBuilder::base_url(\"{}\"); Ctrl-C stops it",
        sandbox.url()
    );
    tokio::signal::ctrl_c().await?;
    Ok(())
}
