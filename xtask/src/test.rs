//! `cargo xtask test`: the whole suite, with the services it needs started here
//! (a Python venv with wechatpy for the cross-checks, a loopback redis-server).

use std::path::{Path, PathBuf};
use std::process::Command;

fn status(cmd: &mut Command, what: &str) -> Result<(), String> {
    let st = cmd
        .status()
        .map_err(|e| format!("{what}: could not start: {e}"))?;
    if st.success() {
        Ok(())
    } else {
        Err(format!("{what}: failed ({st})"))
    }
}

/// Creates (once) a venv under target/ with the packages of tests/py/requirements.txt and
/// returns its interpreter. Re-creates it when the requirements or the interpreter's
/// version change (a venv is tied to the Python that made it).
pub fn python_env(root: &Path) -> Result<Option<PathBuf>, String> {
    venv(root, "tests/py/requirements.txt", "target/wx-pyenv")
}

/// Creates (once) the venv `dir` (relative to `root`) with the packages of `requirements`
/// and returns its interpreter; `None` when the requirements file does not exist.
pub fn venv(root: &Path, requirements: &str, dir: &str) -> Result<Option<PathBuf>, String> {
    let requirements_path = root.join(requirements);
    if !requirements_path.exists() {
        return Ok(None);
    }
    let system_python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let version = python_version(&system_python)?;
    let wanted = format!(
        "{version}\n{}",
        std::fs::read_to_string(&requirements_path).map_err(|e| e.to_string())?
    );
    let venv = root.join(dir);
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.installed");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(Some(python));
    }
    println!("xtask: creating a Python venv in {}", venv.display());
    status(
        Command::new(&system_python)
            .args(["-m", "venv", "--clear"])
            .arg(&venv),
        "python3 -m venv",
    )?;
    status(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements_path),
        &format!("pip install -r {requirements}"),
    )?;
    std::fs::write(&stamp, wanted).map_err(|e| e.to_string())?;
    Ok(Some(python))
}

/// `python --version` (Python 2 printed it on stderr).
fn python_version(python: &str) -> Result<String, String> {
    let out = Command::new(python)
        .arg("--version")
        .output()
        .map_err(|e| format!("{python} --version: could not start: {e}"))?;
    if !out.status.success() {
        return Err(format!("{python} --version: failed ({})", out.status));
    }
    let text = [out.stdout, out.stderr].concat();
    Ok(String::from_utf8_lossy(&text).trim().to_owned())
}

pub fn run(root: &Path, extra: &[String]) -> Result<(), String> {
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .current_dir(root)
        .args(["test", "--workspace", "--all-features"])
        .args(extra);
    if let Some(python) = python_env(root)? {
        cargo.env("WX_PYTHON", python);
    }
    // Kept alive until the tests end; dropping it stops the server, pass or fail.
    let redis = crate::redis::start()?;
    cargo
        .env("WX_REDIS_URL", &redis.url)
        .env("WX_REDIS_SERVER", &redis.binary);
    let result = status(&mut cargo, "cargo test");
    drop(redis);
    result
}
