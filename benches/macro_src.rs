// The macro crate's own source, compiled into a benchmark as plain modules: the exact
// code rustc runs, `run` included. `include!`d at a benchmark's root; keep the list in
// step with `cnn-macros/src/lib.rs`'s modules (whose `#[proc_macro]` item cannot be
// compiled here).

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
#[path = "../cnn-macros/src/render.rs"]
mod render;
#[path = "../cnn-macros/src/settings.rs"]
mod settings;
// Its unit tests are the macro crate's; compiled here their imports go unused.
#[allow(unused_imports)]
#[path = "../cnn-macros/src/suggest.rs"]
mod suggest;
#[path = "../cnn-macros/src/tokens.rs"]
mod tokens;

// Its unit tests are the macro crate's; compiled here their imports go unused.
#[allow(unused_imports)]
#[path = "../cnn-macros/src/run.rs"]
mod run;
use run::run;
