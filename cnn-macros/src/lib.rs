//! The `cnn!` procedural macro: an implementation detail of the
//! [`cnn`](https://docs.rs/cnn) crate, which re-exports it. Depend on `cnn`, not on
//! this crate.
//!
//! `run` is the whole macro: `cnn-lang`, the language's front end that the command
//! line shares, parses the tokens and checks the network with `cnn-core`, then
//! `expand` writes the consts, or `fallback` the errors with placeholders that keep
//! the user's other code quiet. ARCHITECTURE.md at the repository's root maps them.
#![forbid(unsafe_code)]

// benches/macro_src.rs compiles these modules and `run` too: keep it in step.
mod expand;
mod fallback;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod hostile;
mod run;

use run::run;

/// Declares a convolutional network whose shapes, parameters and MACs are consts
/// checked at compile time. See the `cnn` crate for the language.
#[proc_macro]
pub fn cnn(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    run(input.into()).into()
}
