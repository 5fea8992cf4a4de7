//! A real `redis-server` for the tests: installed from Debian's packages if missing (when
//! root or in CI), started on a free loopback port, stopped when the guard drops.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running server; killed on drop, whatever the tests did.
pub struct RedisServer {
    child: Child,
    pub url: String,
    pub binary: PathBuf,
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find(binary: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(binary))
        .find(|p| p.is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

fn install() -> Result<(), String> {
    if !(is_root() || std::env::var_os("CI").is_some()) {
        return Err("redis-server is not installed; install it (Debian: `apt-get install -y redis-server`) or run as root to let xtask do it".into());
    }
    println!("xtask: installing redis-server from Debian's packages");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    if apt(&["install", "-y", "-qq", "redis-server"])
        || (apt(&["update", "-qq"]) && apt(&["install", "-y", "-qq", "redis-server"]))
    {
        Ok(())
    } else {
        Err("apt-get install redis-server failed".into())
    }
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("finding a free port: {e}"))
}

fn answers_ping(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_millis(200)));
    let mut buf = [0u8; 7];
    s.write_all(b"PING\r\n").is_ok() && s.read_exact(&mut buf).is_ok() && &buf == b"+PONG\r\n"
}

/// Installs (if needed) and starts redis-server; waits until it answers PING.
pub fn start() -> Result<RedisServer, String> {
    let binary = match find("redis-server") {
        Some(b) => b,
        None => {
            install()?;
            find("redis-server").ok_or("redis-server still not on PATH after installing it")?
        }
    };
    let port = free_port()?;
    let child = Command::new(&binary)
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("starting {}: {e}", binary.display()))?;
    let server = RedisServer {
        child,
        url: format!("redis://127.0.0.1:{port}/"),
        binary,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !answers_ping(port) {
        if Instant::now() > deadline {
            return Err(format!(
                "redis-server on port {port} did not answer PING within 10 s"
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    println!(
        "xtask: redis-server {} on {}",
        server.binary.display(),
        server.url
    );
    Ok(server)
}
