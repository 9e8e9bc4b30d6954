//! The whole macro on `proc-macro2` tokens: `lib.rs`'s `#[proc_macro]` calls it, and so
//! do the tests and the benchmarks (`benches/macro_src.rs` includes this file).

use crate::{expand, fallback};
use cnn_lang::Outcome;

/// The whole macro on `proc-macro2` tokens, so that it runs outside rustc too (tests,
/// benchmarks): parse and check (`cnn-lang`), then the consts, or after an error the
/// fallback.
pub fn run(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    match cnn_lang::check(input) {
        Outcome::Checked(network, checked) => expand::network(&network, &checked),
        Outcome::Failed {
            network,
            names,
            error,
        } => fallback::fallback(network.as_ref(), &names, error),
    }
}

#[cfg(test)]
mod tests {
    use super::run;

    /// Where `cnn` is a renamed dependency, `::cnn` fails to resolve: the expansion
    /// names it once, in the alias's `use`, so that rustc reports one error (it quiets
    /// the uses of a failed import), with a header, without one, and after an error.
    #[test]
    fn the_facade_is_named_once() {
        for source in [
            "pub struct LeNet; input 1x28x28; conv 32 k5; pool 2; residual { relu } dense 10;",
            "input 4; concat { branch { dense 2 } branch { dense 2 } }",
            "pub struct Broken; input 4; conv 2 k3;",
            "input 4; conv 2 k3; dense 2;",
        ] {
            let out = run(source.parse().unwrap()).to_string();
            assert_eq!(out.matches(":: cnn").count(), 1, "{source}: {out}");
            assert!(out.contains("use :: cnn as __cnn"), "{source}");
        }
        // With `crate =`, the path given is used and `::cnn` never appears.
        let out = run("pub struct A; crate = ::mycnn; input 4; dense 2;"
            .parse()
            .unwrap());
        assert!(!out.to_string().contains(":: cnn"));
    }
}
