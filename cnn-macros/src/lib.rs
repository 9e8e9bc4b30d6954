//! The `cnn!` procedural macro: an implementation detail of the
//! [`cnn`](https://docs.rs/cnn) crate, which re-exports it. Depend on `cnn`, not on
//! this crate.
//!
//! `run` is the whole macro, one stage a file: `parse` turns tokens into the typed
//! `ast` (with `settings` for `dtype`, `budget` and `crate`, and `tokens` for what
//! every parser shares), `check` evaluates it with `cnn-core` and maps its errors back
//! to tokens, then `expand` writes the consts, or `fallback` the errors with
//! placeholders that keep the user's other code quiet. ARCHITECTURE.md at the
//! repository's root maps them.
#![forbid(unsafe_code)]

// benches/macro_src.rs compiles these modules and `run` too: keep it in step.
mod ast;
mod check;
mod errors;
mod expand;
mod expr;
mod fallback;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod hostile;
mod parse;
mod settings;
mod suggest;
mod tokens;

use errors::Errors;

/// Declares a convolutional network whose shapes, parameters and MACs are consts
/// checked at compile time. See the `cnn` crate for the language.
#[proc_macro]
pub fn cnn(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    run(input.into()).into()
}

/// The whole macro on `proc-macro2` tokens, so that it runs outside rustc too (tests,
/// benchmarks): parse, check, then the consts, or after an error the fallback.
fn run(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let network = match parse::network(input) {
        Ok(network) => network,
        Err(diag) => return fallback::fallback(None, &[], diag.into_error(None)),
    };
    let mut errors = Errors::default();
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
