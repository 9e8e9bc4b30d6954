//! What the build benchmarks share: scratch crates, timed commands, medians.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The workspace root, for path dependencies on `cnn`.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory under `target/`, emptied.
pub fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target").join("bench-crates").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

/// Writes a library crate `name` in `dir` with `dependencies` (TOML lines) and
/// `source` as its `lib.rs`, pinned to the workspace's lockfile.
/// With `CNN_BENCH_OPTIMIZE_MACROS=1`, the crate builds its proc macros optimized
/// (`[profile.dev.build-override] opt-level = 3`), as a user may choose to.
pub fn write_crate(dir: &Path, name: &str, dependencies: &str, source: &str) -> PathBuf {
    let krate = dir.join(name);
    std::fs::create_dir_all(krate.join("src")).expect("create the crate");
    let profile = match std::env::var("CNN_BENCH_OPTIMIZE_MACROS").as_deref() {
        Ok("1") => "\n[profile.dev.build-override]\nopt-level = 3\n",
        _ => "",
    };
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{dependencies}\n\n[workspace]\n{profile}"
    );
    std::fs::write(krate.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    std::fs::write(krate.join("src").join("lib.rs"), source).expect("write lib.rs");
    let _ = std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock"));
    krate
}

/// `cargo <args>` in `krate` with `target` as its target directory; the seconds it took.
pub fn cargo(krate: &Path, target: &Path, args: &[&str]) -> f64 {
    let start = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .arg("--quiet")
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .expect("run cargo");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        status.success(),
        "cargo {args:?} failed in {}",
        krate.display()
    );
    seconds
}

/// Makes cargo see `krate`'s source as changed.
pub fn touch(krate: &Path) {
    let lib = krate.join("src").join("lib.rs");
    let text = std::fs::read(&lib).expect("read lib.rs");
    std::fs::write(&lib, text).expect("rewrite lib.rs");
}

/// The median of some samples.
pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// The number of pairs to run: `CNN_BENCH_PAIRS`, at least 7 by default.
pub fn pairs() -> usize {
    std::env::var("CNN_BENCH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7)
}
