//! What the macro adds to a user's build: a crate of networks checked with `cnn!`
//! against the same crate with the macro's expansion written out as source (by the
//! macro's own expansion function, so the baseline cannot drift). With dependencies
//! prebuilt and `CARGO_INCREMENTAL=0`, it alternates `cargo check` of the two (touch,
//! then check) and prints the median over the pairs of macro / expanded, for one
//! 1,000-layer network and for 200 everyday networks.
//!
//! A third case, `resnet50_in_a_user_crate`, measures what one ResNet-50 written with
//! `cnn!` adds to `cargo check` of a small user crate: the crate with it against the
//! same crate without it (both with `cnn` as a dependency), alternating the same way;
//! `resnet50_drawn_against_not` the same network drawn (`#[cnn(diagram)]`) against not,
//! and `resnet50_named_against_unnamed` it with torchvision's module paths against it
//! unnamed.
//!
//! `cargo bench --bench compile_overhead` (`CNN_BENCH_PAIRS=N` for more than 7 pairs).

include!("macro_src.rs");

// Each benchmark uses some of the shared helpers.
#[allow(dead_code)]
mod networks;
#[allow(dead_code)]
mod support;

use proc_macro2::TokenStream;

/// The two versions of a crate holding `networks` (each `cnn!` input, in a module of
/// its own): through the macro, and expanded.
fn sources(networks: &[String]) -> (String, String) {
    let (mut with_macro, mut expanded) = (String::new(), String::new());
    for (i, network) in networks.iter().enumerate() {
        let tokens: TokenStream = network.parse().expect("generated networks lex");
        let out = run(tokens).to_string();
        assert!(
            !out.contains("compile_error"),
            "network {i} does not compile: {network}"
        );
        with_macro.push_str(&format!("pub mod n{i} {{ cnn::cnn! {{ {network} }} }}\n"));
        expanded.push_str(&format!("pub mod n{i} {{ {out} }}\n"));
    }
    (with_macro, expanded)
}

/// Median seconds of `cargo check` for each crate, alternating, and their ratio.
fn measure(name: &str, networks: &[String]) {
    let dir = support::scratch(name);
    let target = dir.join("target");
    let (with_macro, expanded) = sources(networks);
    let cnn = format!("cnn = {{ path = {:?} }}", support::root());
    let a = support::write_crate(&dir, "with_macro", &cnn, &with_macro);
    let b = support::write_crate(&dir, "expanded", &cnn, &expanded);
    // Dependencies once, untimed.
    support::cargo(&a, &target, &["check"]);
    support::cargo(&b, &target, &["check"]);
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..support::pairs() {
        support::touch(&a);
        ta.push(support::cargo(&a, &target, &["check"]));
        support::touch(&b);
        tb.push(support::cargo(&b, &target, &["check"]));
    }
    let (ma, mb) = (support::median(&ta), support::median(&tb));
    // Each pair ran back to back, so its ratio is the least disturbed by the machine
    // drifting; the median of those is the figure.
    let ratios: Vec<f64> = ta.iter().zip(&tb).map(|(a, b)| a / b).collect();
    println!(
        "{name}: cargo check with cnn! {ma:.3} s, expanded {mb:.3} s; median ratio of {} pairs {:.3} \
         (ratio of medians {:.3}; {} bytes expanded)",
        ta.len(),
        support::median(&ratios),
        ma / mb,
        expanded.len()
    );
}

/// A small user crate's own code, the same with and without a network.
const USER_CODE: &str =
    "pub fn mean(xs: &[f32]) -> f32 { xs.iter().sum::<f32>() / xs.len().max(1) as f32 }\n\
    pub struct Config { pub lr: f32, pub epochs: u32 }\n\
    impl Default for Config { fn default() -> Self { Config { lr: 0.1, epochs: 10 } } }\n";

/// What [`resnet50_in_a_user_crate`] compares.
#[derive(Clone, Copy, PartialEq)]
enum Case {
    /// One ResNet-50 in a user crate against the same crate without it.
    Plain,
    /// The ResNet-50 with `#[cnn(diagram)]` against the same without.
    Drawn,
    /// The ResNet-50 with torchvision's module paths against the same unnamed.
    Named,
}

fn resnet50_in_a_user_crate(case: Case) {
    let name = match case {
        Case::Plain => "resnet50_in_a_user_crate",
        Case::Drawn => "resnet50_drawn_against_not",
        Case::Named => "resnet50_named_against_unnamed",
    };
    let dir = support::scratch(name);
    let target = dir.join("target");
    let crate_with = |attribute: &str, network: &str| {
        let tokens: TokenStream = network.parse().expect("ResNet-50 lexes");
        assert!(!run(tokens).to_string().contains("compile_error"));
        format!(
            "{USER_CODE}cnn::cnn! {{ {attribute} {network} }}
             const _: () = assert!(ResNet50::PARAMS == 25_557_032);
"
        )
    };
    let (plain, named) = (networks::resnet50(), networks::resnet50_named());
    let cnn = format!("cnn = {{ path = {:?} }}", support::root());
    let (a, b) = match case {
        Case::Drawn => (
            support::write_crate(&dir, "drawn", &cnn, &crate_with("#[cnn(diagram)]", &plain)),
            support::write_crate(&dir, "not_drawn", &cnn, &crate_with("", &plain)),
        ),
        Case::Plain => (
            support::write_crate(&dir, "with_resnet50", &cnn, &crate_with("", &plain)),
            support::write_crate(&dir, "bare", &cnn, USER_CODE),
        ),
        Case::Named => (
            support::write_crate(&dir, "named", &cnn, &crate_with("", &named)),
            support::write_crate(&dir, "unnamed", &cnn, &crate_with("", &plain)),
        ),
    };
    support::cargo(&a, &target, &["check"]);
    support::cargo(&b, &target, &["check"]);
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..support::pairs() {
        support::touch(&a);
        ta.push(support::cargo(&a, &target, &["check"]));
        support::touch(&b);
        tb.push(support::cargo(&b, &target, &["check"]));
    }
    let (ma, mb) = (support::median(&ta), support::median(&tb));
    let ratios: Vec<f64> = ta.iter().zip(&tb).map(|(a, b)| a / b).collect();
    println!(
        "{name}: cargo check of the first {ma:.3} s, of the second {mb:.3} s, {:.0} ms more; \
         median ratio of {} pairs {:.3}",
        (ma - mb) * 1000.0,
        ta.len(),
        support::median(&ratios)
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that names neither case skips both.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    if wanted("one_1000_layer_network") {
        let big = format!("pub struct Big; {}", networks::sequential(1_000).1);
        measure("one_1000_layer_network", &[big]);
    }
    if wanted("200_everyday_networks") {
        let many: Vec<String> = (0..200).map(networks::realistic).collect();
        measure("200_everyday_networks", &many);
    }
    if wanted("resnet50_in_a_user_crate") {
        resnet50_in_a_user_crate(Case::Plain);
    }
    if wanted("resnet50_drawn_against_not") {
        resnet50_in_a_user_crate(Case::Drawn);
    }
    if wanted("resnet50_named_against_unnamed") {
        resnet50_in_a_user_crate(Case::Named);
    }
}
