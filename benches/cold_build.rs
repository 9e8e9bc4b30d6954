//! What depending on `cnn` costs a fresh build: a user crate with one small network
//! against a user crate with one `thiserror` derive, each built from an empty target
//! directory, alternating, several times; prints the median over the pairs of
//! cnn / thiserror.
//!
//! `cargo bench --bench cold_build` (`CNN_BENCH_PAIRS=N` for more than 7 pairs). The
//! first run downloads `thiserror` from crates.io into cargo's cache; downloads are not
//! timed.

// Each benchmark uses some of the shared helpers.
#[allow(dead_code)]
mod support;

const WITH_CNN: &str = "cnn::cnn! {
    pub struct LeNet;
    input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
}
const _: () = assert!(LeNet::PARAMS == 217_706);
";

const WITH_THISERROR: &str = "#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(\"kernel {0} does not fit\")]
    Kernel(u64),
}
";

fn main() {
    let dir = support::scratch("cold_build");
    let cnn = format!("cnn = {{ path = {:?} }}", support::root());
    let a = support::write_crate(&dir, "with_cnn", &cnn, WITH_CNN);
    let b = support::write_crate(&dir, "with_thiserror", "thiserror = \"2\"", WITH_THISERROR);
    // Resolve and download once, untimed.
    support::cargo(&a, &dir.join("warm"), &["fetch"]);
    support::cargo(&b, &dir.join("warm"), &["fetch"]);
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for i in 0..support::pairs() {
        let target = dir.join(format!("target{i}"));
        ta.push(support::cargo(&a, &target.join("a"), &["build"]));
        tb.push(support::cargo(&b, &target.join("b"), &["build"]));
        let _ = std::fs::remove_dir_all(&target);
    }
    let (ma, mb) = (support::median(&ta), support::median(&tb));
    let ratios: Vec<f64> = ta.iter().zip(&tb).map(|(a, b)| a / b).collect();
    println!(
        "cold build: cnn {ma:.2} s, thiserror {mb:.2} s; median ratio of {} pairs {:.3} \
         (ratio of medians {:.3}; {} jobs)",
        ta.len(),
        support::median(&ratios),
        ma / mb,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
