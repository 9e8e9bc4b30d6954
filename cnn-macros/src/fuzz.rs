//! No input makes the macro panic: valid networks, mutated token by token, each expand
//! to the consts or to a compile error.
//!
//! The run is seeded and reproducible. `cargo test --workspace` runs 4,000 cases (a
//! quick check while working), `.ci/run` 100,000 (`CNN_FUZZ_CASES=100000`); for ten
//! million, optimized but with overflow checks on (the workspace's `fuzz`
//! profile: an overflow in release mode would wrap silently, not panic):
//!
//! ```text
//! CNN_FUZZ_CASES=10000000 cargo test --profile fuzz -p cnn-macros fuzz -- --nocapture
//! ```
//!
//! `CNN_FUZZ_SEED` picks another seed. A failure prints the seed, the case number and
//! the input, which `run` then reproduces alone.

use proc_macro2::TokenStream;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// Networks that compile, covering every statement and option.
const SEEDS: &[&str] = &[
    "pub struct LeNet; input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;",
    "input 8x8x8; bn eps 1e-3 momentum 0.01; ln eps 1e-6; gn 2 eps 0.001; relu; bn;",
    "input 1x8x8; conv 4 k3; expect params 40; expect non_trainable 0; expect macs (9*4*36); \
     expect output 4x6x6;",
    "input 3x32x32; conv 32 k3 p1; bn; relu; conv 32 k3 p1; bn; relu; pool 2; dropout 0.25; \
     flatten; dense 512; relu6; dropout 0.5; output 10",
    "#[doc = \"x\"] pub(crate) struct Net; input 3x64x64; stem: conv 16 k3 s2 same nobias; \
     conv 16 k3 dw p1; conv 32 k1 g4; conv2d 32 k3x5 p2 d2; avgpool 3 s2 p1 ceil; \
     globalavgpool; flatten; batchnorm; linear 10 nobias; softmax;",
    "input 784; fc 100; leaky_relu; dense 50 nobias; elu; gelu; silu; swish; sigmoid; tanh; \
     hardswish; dropout 0;",
    "dtype i8; input 6148914691236517205; dense 3 nobias; valid_name: relu;",
    "pub struct Mcu; dtype i8; budget params <= 100K; budget macs <= 50M; \
     budget peak_memory <= 256KiB; budget param_memory <= 1MiB; budget activation_memory <= 1MB; \
     input 3x32x32; conv 16 k3 p1; relu; pool 2; gap; output 10;",
    "dtype i8; input 1x4000000000x4000000000; conv 3 k3 s7x9 p1x2 d2; gap;",
    "pub struct Res; input 16x8x8; stage: repeat 2 { residual { conv 16 k3 p1 nobias; bn; relu; \
     conv 16 k3 p1 nobias; bn } relu; } residual { conv 32 k3 s2 p1; bn } \
     shortcut { conv 32 k1 s2; bn } gap; output 10;",
    "crate = ::cnn; input 3x9x20; conv 8 k1x5 s3 p0x2; pool 2 p0x1 ceil; leaky_relu 0.1; \
     elu -1.5; repeat 3 { repeat 2 { relu } } avgpool 3 s2 p1 ceil;",
    "pub struct Merges; input 32x8x8; concat { b1: branch { conv 16 k1 } branch { pool 3 s1 p1 } } \
     add { branch { } branch { conv 48 k3 p1 } } scale { gap; conv 8 k1; relu; conv 48 k1; sigmoid } \
     split { branch { } branch { mul { branch { } branch { gap } } } } repeat 2 { concat { branch { } } }",
    "input 96x14x14; residual { conv 96 k7 p3 dw; ln; conv 384 k1; gelu; conv 96 k1; layerscale; \
     droppath 0.1 } gn 32; prelu; shuffle 2; hardsigmoid; mish; hardtanh; gap; output 10; logsoftmax;",
    "pub struct Up; input 16x8x8; concat { branch { } branch { pool 2; conv 32 k3 p1; \
     upconv 16 k2 s2 } } convtranspose 8 k3 s2 p1 op1 d1 g2 nobias; upsample 2 bilinear; \
     resize 20x12 bicubic; adaptiveavgpool 7; adaptivemaxpool 3x2; adaptivepool 1; \
     upsample 2x3 nearest; output 4;",
    "pub struct Audio; input 1x16000; conv1d 32 k80 s4; bn; relu; maxpool1d 4; conv 32 k3 p1; \
     avgpool1d 2 ceil; convtranspose1d 16 k4 s2 p1; upsample 2 linear; adaptivemaxpool 8; gap; output 10;",
    "input 3x16x112x112; conv3d 8 k3x7x7 s1x2x2 p1x3x3 nobias; bn; relu; maxpool3d 1x3x3 s1x2x2 p0x1x1; \
     residual { conv 8 k3 p1; bn } shortcut { } convtranspose3d 4 k2 s2 op1x0x0 d2x1x1; \
     resize 4x8x8 trilinear; adaptiveavgpool 1x2x2; flatten; output 2;",
    "pub struct Pyramid; input 3x32x32; c3: conv 8 k3 s2 p1; c4: seq { conv 16 k3 s2 p1; relu } \
     p4: head { conv 4 k1 } add { branch { from c3; conv 4 k1 } branch { conv 4 k1; upsample 2 } } \
     p3: head { from c4.0; pad (1, 0, 0, 1) reflect; pixelshuffle 2; instancenorm affine } \
     stage: repeat 2 { seq { skip: conv 4 k1; concat { branch { } branch { from skip } } conv 4 k1 } } \
     gap;",
];

/// Tokens spliced in: edge-case numbers, wrong literal kinds, keywords, options,
/// punctuation and nested groups.
const SPLICES: &[&str] = &[
    "0",
    "1",
    "2",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999",
    "2.5",
    "1e5",
    "1.5",
    "0.",
    "0x10",
    "0x28x28",
    "0o7",
    "0b1",
    "-3",
    "-0.5",
    "32u8",
    "7usize",
    "1x28",
    "1x28x28",
    "0x0x0",
    "1x0",
    "0x1",
    "2x0x3x3",
    "2x3x0x3",
    "2x3x3x0",
    "1x0x0x0",
    "3x3",
    "\"s\"",
    "'c'",
    "b\"x\"",
    "true",
    "_",
    "x",
    "{ conv 8 k3 }",
    "( )",
    "[ 1 ]",
    "{ }",
    ";",
    ":",
    "::",
    ",",
    "#",
    "-",
    "=",
    "input",
    "from",
    "from c3",
    "head { gap }",
    "conv",
    "pool",
    "avgpool",
    "dense",
    "output",
    "bn",
    "relu",
    "dropout",
    "gap",
    "flatten",
    "residual",
    "repeat",
    "shortcut",
    "pub",
    "struct",
    "k",
    "k0",
    "k3",
    "k99999999999999999999",
    "k3x0",
    "k2x3x4",
    "s0",
    "s2",
    "p9",
    "p1x1",
    "d0",
    "d3",
    "g0",
    "g3",
    "dw",
    "same",
    "valid",
    "nobias",
    "ceil",
    "params",
    "Stem",
    "name",
    "self",
    "r#type",
    "1000000000",
    "99999",
    "repeat 1000000 { repeat 1 { } }",
    "repeat 18446744073709551615 { }",
    "p-1",
    "k(3, 3)",
    "k=3",
    "0.1",
    "leaky_relu",
    "elu",
    "crate",
    "= ::cnn",
    "x",
    "#[doc = \"x\"]",
    "p0x2",
    "k0x5",
    "ln",
    "gn",
    "gn 3",
    "shuffle",
    "shuffle 5",
    "droppath",
    "layerscale",
    "prelu",
    "mish",
    "concat",
    "branch",
    "{ branch { } branch { pool 2 } }",
    "scale",
    "split",
    "(4*64)",
    "(3-5)",
    "(1/0)",
    "k(3)",
    "p((5-1)/2)",
    "(18446744073709551615*2)",
    "upconv 8 k2 s2",
    "op1",
    "op2",
    "upsample",
    "upsample 2",
    "resize 0x8",
    "resize 18446744073709551615",
    "adaptiveavgpool",
    "adaptivemaxpool 3x2",
    "bilinear",
    "trilinear",
    "linear",
    "conv1d",
    "conv3d 4 k3",
    "maxpool3d",
    "avgpool1d 2",
    "k3x3x3",
    "s1x2x2",
    "p0x1x1",
    "k1x2x3x4",
    "1x16000",
    "1x8x8x8",
];

/// Splices too long to write out: literals and names past their limits, and groups
/// nested past the depth limit.
fn long_splices() -> Vec<String> {
    vec![
        "1".repeat(150),
        format!("{}x28x28", "1".repeat(120)),
        format!("k{}", "9".repeat(150)),
        format!("{}: relu", "n".repeat(70)),
        "c".repeat(10_000),
        format!("{}{}", "(".repeat(40), ")".repeat(40)),
        format!("{}relu{}", "residual { ".repeat(40), " }".repeat(40)),
    ]
}

/// The most one case may take. A case takes about a millisecond; this bound catches
/// work that grows with the numbers or lengths in the input (a quadratic parse, a
/// repeat walked pass by pass), not a slow machine.
const CASE_BOUND: Duration = Duration::from_secs(10);

/// splitmix64: a small, fast, seeded generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A seed network split into its top-level tokens, as text.
fn words(source: &str) -> Vec<String> {
    let tokens: TokenStream = source.parse().unwrap_or_default();
    tokens.into_iter().map(|t| t.to_string()).collect()
}

/// One to four deletions, duplications, swaps or replacements.
fn mutate(rng: &mut Rng, mut tokens: Vec<String>, long: &[String]) -> Vec<String> {
    for _ in 0..=rng.below(4) {
        let len = tokens.len();
        match rng.below(4) {
            0 if len > 0 => {
                tokens.remove(rng.below(len));
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let t = tokens[i].clone();
                tokens.insert(i, t);
            }
            2 if len > 1 => tokens.swap(rng.below(len), rng.below(len)),
            _ => {
                let pick = rng.below(SPLICES.len() + long.len());
                let splice = match SPLICES.get(pick) {
                    Some(s) => (*s).to_owned(),
                    None => long[pick - SPLICES.len()].clone(),
                };
                if len > 0 && rng.below(2) == 0 {
                    let i = rng.below(len);
                    tokens[i] = splice;
                } else {
                    tokens.insert(rng.below(len + 1), splice);
                }
            }
        }
    }
    tokens
}

fn cases() -> u64 {
    std::env::var("CNN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(4_000)
}

fn seed() -> u64 {
    std::env::var("CNN_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x_c0ff_ee00_cafe)
}

fn is_error(out: &TokenStream) -> bool {
    out.to_string().contains("compile_error")
}

#[test]
fn seeds_expand_without_errors() {
    for source in SEEDS {
        let out = crate::run(source.parse().unwrap_or_default());
        assert!(!is_error(&out), "{source}\n=> {out}");
    }
}

#[test]
fn mutated_networks_never_panic() -> Result<(), String> {
    let seeds: Vec<Vec<String>> = SEEDS.iter().map(|s| words(s)).collect();
    let (cases, seed) = (cases(), seed());
    let long = long_splices();
    let mut rng = Rng(seed);
    let (mut ok, mut errors) = (0u64, 0u64);
    let mut slowest = Duration::ZERO;
    for case in 0..cases {
        let base = seeds[rng.below(seeds.len())].clone();
        let source = mutate(&mut rng, base, &long).join(" ");
        // Every splice is a balanced token tree, so the text always lexes.
        let tokens: TokenStream = source
            .parse()
            .map_err(|_| format!("case {case} does not lex: {source}"))?;
        let start = Instant::now();
        let expanded = catch_unwind(AssertUnwindSafe(|| crate::run(tokens)));
        let took = start.elapsed();
        slowest = slowest.max(took);
        if took > CASE_BOUND {
            return Err(format!(
                "case {case} (seed {seed}) took {took:?}, past {CASE_BOUND:?}:\n{source}"
            ));
        }
        match expanded {
            Ok(out) if is_error(&out) => errors += 1,
            Ok(_) => ok += 1,
            Err(_) => {
                return Err(format!(
                    "the macro panicked (seed {seed}, case {case}) on:\n{source}"
                ))
            }
        }
    }
    println!(
        "{cases} cases: {ok} expanded, {errors} compile errors, no panic; slowest {slowest:?}"
    );
    // Mutations must reach both outcomes, or the test exercises too little.
    assert!(ok > 0 && errors > 0, "{ok} expanded, {errors} errors");
    Ok(())
}
