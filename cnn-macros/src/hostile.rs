//! Hostile and huge input: each case is an error whose cost is bounded by construction
//! (limits counted before the work, literals measured before they are read), so these
//! tests take as long as the input is to read, however large the numbers in it.

use proc_macro2::TokenStream;

/// Expands `source` and returns the expansion as text.
fn expand(source: &str) -> String {
    let tokens: TokenStream = source.parse().expect("the test input lexes");
    crate::run(tokens).to_string()
}

/// The messages of the `compile_error!`s in an expansion.
fn errors(expansion: &str) -> Vec<String> {
    expansion
        .split("compile_error ! {")
        .skip(1)
        .map(|e| e.split(" }").next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn written_layers_past_the_limit() {
    // The input and 100_000 layers: one past MAX_LAYERS, on the last relu.
    let source = format!("input 8; {}", "relu; ".repeat(100_000));
    let found = errors(&expand(&source));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("the network has more than 100_000 layers in relu100000 (layer 100000"),
        "{found:?}"
    );
}

#[test]
fn blocks_past_the_limit() {
    // Two blocks and one layer (the sum) each: the 50_001st passes 100_000 blocks.
    let source = format!("input 8; {}", "residual { } shortcut { } ".repeat(50_001));
    let found = errors(&expand(&source));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("the network has more than 100_000 blocks and passes in residual50001"),
        "{found:?}"
    );
    // Written repeats: each is a block and a pass.
    let source = format!("input 8; {}", "repeat 1 { } ".repeat(50_001));
    let found = errors(&expand(&source));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("repeating a body 1 times makes the network's blocks and passes more than 100_000 in repeat50001"),
        "{found:?}"
    );
}

#[test]
fn huge_repeat_counts() {
    for count in ["1000000000", "18446744073709551615"] {
        let found = errors(&expand(&format!("input 8; repeat {count} {{ }}")));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("blocks and passes more than 100_000"),
            "{found:?}"
        );
    }
    // A million passes of a block holding an empty block: two million blocks.
    let found = errors(&expand("input 8; repeat 1000000 { repeat 1 { } }"));
    assert!(found[0]
        .contains("1_000_000 times makes the network's blocks and passes more than 100_000"));
    // Nested repeats within the limits multiply out: 100 * 1_000 passes is too many,
    // though each count alone is fine.
    let found = errors(&expand("input 8; repeat 100 { repeat 1000 { } }"));
    assert!(found[0].contains("repeating a body 100 times"), "{found:?}");
}

#[test]
fn long_literals_are_refused_unread() {
    // A megabyte of digits: measured, never parsed (syn's parsing is quadratic).
    let digits = "1".repeat(1 << 20);
    let found = errors(&expand(&format!("input {digits};")));
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("a literal of 1_048_576 characters is too long"));
    // The message echoes none of it.
    assert!(found[0].len() < 400, "{}", found[0].len());
    // In a budget, an option's place and a dropout too.
    for source in [
        format!("budget params <= {digits}; input 8;"),
        format!("input 8; dropout 0.{digits};"),
        format!("input 8; conv 8 k3 s({digits}, 1);"),
    ] {
        let found = errors(&expand(&source));
        assert!(found[0].contains("too long"), "{found:?}");
    }
}

#[test]
fn long_names_and_words() {
    let name = "n".repeat(65_536);
    let found = errors(&expand(&format!("input 8; {name}: relu; relu;")));
    assert!(found[0].contains("is 65_536 characters long"), "{found:?}");
    assert!(found[0].len() < 400);
    // A long unknown keyword, option and header name: short excerpts, no suggestion
    // search over the whole word.
    let word = "c".repeat(65_536);
    for source in [
        format!("input 8; {word};"),
        format!("input 1x8x8; conv 8 k3 {word};"),
        format!("pub struct {word} input 8;"),
    ] {
        let found = errors(&expand(&source));
        assert!(
            // The list of the language's layers is most of the message.
            !found.is_empty() && found.iter().all(|e| e.len() < 800),
            "{found:?}"
        );
    }
    // 64 characters is fine.
    let ok = "n".repeat(64);
    assert!(errors(&expand(&format!("input 8; {ok}: relu;"))).is_empty());
}

#[test]
fn a_flood_of_errors_is_capped() {
    let source = format!("input 8; {}", "cnv 8; ".repeat(10_000));
    let found = errors(&expand(&source));
    assert_eq!(found.len(), cnn_lang::errors::MAX_ERRORS + 1);
    // 10_000 unknown layers: 32 shown, and one error for the other 9_968.
    let last = &found[cnn_lang::errors::MAX_ERRORS];
    assert!(last.contains("9_968 more errors not shown"), "{last}");
}

#[test]
fn deep_nesting_is_refused_before_recursion() {
    // Far deeper than blocks may nest: refused at depth 32, without walking the rest.
    let depth = 10_000;
    let source = format!(
        "input 8; {}relu{}",
        "residual { ".repeat(depth),
        " }".repeat(depth)
    );
    let found = errors(&expand(&source));
    assert!(
        found
            .iter()
            .any(|e| e.contains("blocks nest deeper than 32")),
        "{found:?}"
    );
}
