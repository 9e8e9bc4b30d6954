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
mod render;
mod run;
mod settings;
mod suggest;
mod tokens;

use run::run;

/// Declares a convolutional network whose shapes, parameters and MACs are consts
/// checked at compile time. See the `cnn` crate for the language.
#[proc_macro]
pub fn cnn(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    run(input.into()).into()
}
