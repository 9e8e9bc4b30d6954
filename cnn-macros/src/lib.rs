//! The `cnn!` procedural macro: an implementation detail of the
//! [`cnn`](https://docs.rs/cnn) crate, which re-exports it. Depend on `cnn`, not on
//! this crate.
//!
//! The stages are one file each: `parse` turns tokens into the typed `ast`,
//! `check` evaluates it with `cnn-core` and maps its errors back to tokens, and
//! `expand` writes the consts (or, after an error, placeholders that keep the
//! user's other code quiet).
#![forbid(unsafe_code)]

mod ast;
mod check;
mod errors;
mod expand;
#[cfg(test)]
mod fuzz;
mod parse;
mod vocab;

use proc_macro::TokenStream;

/// Declares a convolutional network whose shapes, parameters and MACs are consts
/// checked at compile time. See the `cnn` crate for the language.
#[proc_macro]
pub fn cnn(input: TokenStream) -> TokenStream {
    expand(input.into()).into()
}

/// The whole macro on `proc-macro2` tokens, so that it runs outside rustc in tests.
fn expand(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let network = match parse::network(input) {
        Ok(network) => network,
        Err(diag) => return expand::fallback(None, &[], diag.into_error(None)),
    };
    let mut errors = errors::Errors::default();
    match check::check(&network, &mut errors) {
        Ok(checked) => expand::network(&network, &checked),
        Err(names) => {
            let error = errors.into_error().unwrap_or_else(|| {
                syn::Error::new(
                    proc_macro2::Span::call_site(),
                    "the network could not be checked",
                )
            });
            expand::fallback(Some(&network), &names, error)
        }
    }
}
