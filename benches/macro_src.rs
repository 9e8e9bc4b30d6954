// The macro crate's own source, compiled into a benchmark as plain modules: the exact
// code rustc runs. `include!`d at a benchmark's root; keep the list, and `run`, in step
// with `cnn-macros/src/lib.rs` (whose `#[proc_macro]` item cannot be compiled here).

#[path = "../cnn-macros/src/ast.rs"]
mod ast;
#[path = "../cnn-macros/src/check.rs"]
mod check;
#[path = "../cnn-macros/src/errors.rs"]
mod errors;
#[path = "../cnn-macros/src/expand.rs"]
mod expand;
// Its unit tests are the macro crate's: compiled here, they go unused.
#[allow(dead_code, unused_imports)]
#[path = "../cnn-macros/src/expr.rs"]
mod expr;
#[path = "../cnn-macros/src/fallback.rs"]
mod fallback;
#[path = "../cnn-macros/src/parse.rs"]
mod parse;
#[path = "../cnn-macros/src/settings.rs"]
mod settings;
// Its unit tests are the macro crate's; compiled here their imports go unused.
#[allow(unused_imports)]
#[path = "../cnn-macros/src/suggest.rs"]
mod suggest;
#[path = "../cnn-macros/src/tokens.rs"]
mod tokens;

/// `cnn-macros`' `run`: parse, check, then the consts or the fallback.
fn run(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let network = match parse::network(input) {
        Ok(network) => network,
        Err(diag) => return fallback::fallback(None, &[], diag.into_error(None)),
    };
    let mut errors = errors::Errors::default();
    match check::check(&network, &mut errors) {
        Ok(checked) => expand::network(&network, &checked),
        Err(names) => {
            let error = errors.into_error().unwrap_or_else(|| {
                syn::Error::new(proc_macro2::Span::call_site(), "the network could not be checked")
            });
            fallback::fallback(Some(&network), &names, error)
        }
    }
}
