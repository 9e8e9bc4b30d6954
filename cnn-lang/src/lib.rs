//! The `cnn` language's front end: an implementation detail of the
//! [`cnn`](https://docs.rs/cnn) crate, shared by its `cnn!` macro (`cnn-macros`) and
//! its command line (`cnn-cli`), so that both read a network with one parser and one
//! set of checks. Depend on `cnn`, not on this crate.
//!
//! [`check()`] is the whole front end on `proc-macro2` tokens (which lex a string as
//! well as a macro's input): `parse` turns tokens into the typed [`ast`] (with
//! `settings` for `dtype`, `budget` and `crate`, and `tokens` for what every parser
//! shares), `check::check` evaluates it with `cnn-core` and maps its errors back to
//! tokens, and [`render`] writes the texts of a checked network. Every problem is a
//! `syn::Error` on the token at fault. ARCHITECTURE.md at the repository's root maps
//! the modules.
#![forbid(unsafe_code)]

pub mod ast;
pub mod check;
pub mod errors;
mod expr;
mod parse;
pub mod render;
mod settings;
mod suggest;
mod tokens;

use proc_macro2::{Span, TokenStream};

/// What a network's tokens came to.
// Made once a network and moved once: the size of its larger variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    /// It passed every check.
    Checked(ast::Network, check::Checked),
    /// It did not.
    Failed {
        /// The network as parsed, when its header could be read.
        network: Option<ast::Network>,
        /// The names of the layers that could be named, for placeholders.
        names: Vec<String>,
        /// Every problem found, combined (`syn::Error` iterates over them).
        error: syn::Error,
    },
}

/// Parses a network without checking it (what [`check()`] does first): `Err` only when
/// its header is unreadable; every other problem is kept in its `problems`.
pub fn parse(tokens: TokenStream) -> syn::Result<ast::Network> {
    parse::network(tokens).map_err(|diag| diag.into_error(None))
}

/// Parses and checks a network: the body of a `cnn!` invocation, or of a `.cnn` file.
///
/// ```
/// let tokens = "pub struct Tiny; input 3x8x8; conv 4 k3; dense 2;".parse().unwrap();
/// let cnn_lang::Outcome::Checked(_, checked) = cnn_lang::check(tokens) else {
///     panic!("Tiny checks");
/// };
/// // conv: 4 x (3 x 3 x 3) + 4 = 112; dense: 2 x (4 x 6 x 6) + 2 = 290
/// assert_eq!(checked.report.totals.params, 112 + 290);
/// ```
pub fn check(tokens: TokenStream) -> Outcome {
    let network = match parse(tokens) {
        Ok(network) => network,
        Err(error) => {
            return Outcome::Failed {
                network: None,
                names: Vec::new(),
                error,
            }
        }
    };
    let mut errors = errors::Errors::default();
    match check::check(&network, &mut errors) {
        Ok(checked) => Outcome::Checked(network, checked),
        Err(names) => Outcome::Failed {
            error: errors.into_error().unwrap_or_else(|| {
                syn::Error::new(Span::call_site(), "the network could not be checked")
            }),
            network: Some(network),
            names,
        },
    }
}
