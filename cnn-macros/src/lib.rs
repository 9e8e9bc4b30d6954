//! The `cnn!` procedural macro: an implementation detail of the
//! [`cnn`](https://docs.rs/cnn) crate, which re-exports it. Depend on `cnn`, not on
//! this crate.
//!
//! The stages are one file each: `parse` turns tokens into the typed `ast`,
//! `check` evaluates it with `cnn-core` and maps its errors back to tokens, and
//! `expand` writes the consts (or, after an error, placeholders that keep the
//! user's other code quiet).
#![forbid(unsafe_code)]

// benches/macro_src.rs compiles these modules too: keep its list in step.
mod ast;
mod check;
mod errors;
mod expand;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod hostile;
mod parse;
mod settings;
mod vocab;

use proc_macro::TokenStream;

/// Declares a convolutional network whose shapes, parameters and MACs are consts
/// checked at compile time. See the `cnn` crate for the language.
#[proc_macro]
pub fn cnn(input: TokenStream) -> TokenStream {
    expand::cnn(input.into()).into()
}
