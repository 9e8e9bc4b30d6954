//! The macro's own cost: parse, evaluate and expand, through `proc-macro2` outside
//! rustc, on generated networks of 10 to 10,000 layers. Run with
//! `cargo bench --bench expand`; divan reports the time per expansion and, as
//! throughput, layers per second, so linear growth shows as a flat rate.

include!("macro_src.rs");

#[path = "networks.rs"]
// Each benchmark uses some of the shared helpers.
#[allow(dead_code)]
mod networks;

use divan::counter::ItemsCount;
use divan::Bencher;
use proc_macro2::TokenStream;

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

fn main() {
    divan::main();
}

/// Times the expansion alone: lexing the text into tokens is done beforehand.
fn bench(bencher: Bencher, (layers, source): (usize, String)) {
    bencher
        .counter(ItemsCount::new(layers))
        .with_inputs(|| source.parse::<TokenStream>().unwrap_or_default())
        .bench_values(run);
}

/// A sequence of `conv 16 k3 p1; bn; relu; pool 3 s1 p1`.
#[divan::bench(args = SIZES)]
fn sequential(bencher: Bencher, layers: usize) {
    bench(bencher, networks::sequential(layers));
}

/// `repeat 2 { residual { conv; bn; relu; conv; bn } relu; }` units.
#[divan::bench(args = SIZES)]
fn blocks(bencher: Bencher, layers: usize) {
    bench(bencher, networks::blocks(layers));
}

/// Inception-like `concat` units of two branches.
#[divan::bench(args = SIZES)]
fn merges(bencher: Bencher, layers: usize) {
    bench(bencher, networks::merges(layers));
}

/// torchvision's ResNet-50 (175 layers) unnamed, and with torchvision's module paths.
#[divan::bench(args = [false, true])]
fn resnet50(bencher: Bencher, named: bool) {
    let text = if named {
        networks::resnet50_named()
    } else {
        networks::resnet50()
    };
    bench(bencher, (175, text));
}

/// The same trunk (named) with a feature pyramid reading three of its stages with
/// `from` (191 layers): a network with `from`s is evaluated twice.
#[divan::bench]
fn resnet50_fpn(bencher: Bencher) {
    bench(bencher, (191, networks::resnet50_fpn()));
}

/// The stages of a 1,000-layer expansion alone: where the time goes.
mod stages {
    use super::*;

    fn tokens() -> TokenStream {
        networks::sequential(1_000).1.parse().unwrap_or_default()
    }

    #[divan::bench]
    fn parse(bencher: Bencher) {
        bencher
            .with_inputs(tokens)
            .bench_values(|t| cnn_lang::parse(t).is_ok());
    }

    #[divan::bench]
    fn parse_and_check(bencher: Bencher) {
        bencher
            .with_inputs(tokens)
            .bench_values(|t| matches!(cnn_lang::check(t), cnn_lang::Outcome::Checked(..)));
    }
}
