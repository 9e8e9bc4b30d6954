//! The whole macro on `proc-macro2` tokens: `lib.rs`'s `#[proc_macro]` calls it, and so
//! do the tests and the benchmarks (`benches/macro_src.rs` includes this file).

use crate::{check, expand, fallback, parse};

/// The whole macro on `proc-macro2` tokens, so that it runs outside rustc too (tests,
/// benchmarks): parse, check, then the consts, or after an error the fallback.
pub fn run(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let network = match parse::network(input) {
        Ok(network) => network,
        Err(diag) => return fallback::fallback(None, &[], diag.into_error(None)),
    };
    let mut errors = crate::errors::Errors::default();
    match check::check(&network, &mut errors) {
        Ok(checked) => expand::network(&network, &checked),
        Err(names) => {
            let error = errors.into_error().unwrap_or_else(|| {
                syn::Error::new(
                    proc_macro2::Span::call_site(),
                    "the network could not be checked",
                )
            });
            fallback::fallback(Some(&network), &names, error)
        }
    }
}
