// The macro crate's own source, compiled into a benchmark as plain modules: the exact
// code rustc runs. `include!`d at a benchmark's root; keep the list in step with
// `cnn-macros/src/lib.rs`.

#[path = "../cnn-macros/src/ast.rs"]
mod ast;
#[path = "../cnn-macros/src/check.rs"]
mod check;
#[path = "../cnn-macros/src/errors.rs"]
mod errors;
#[path = "../cnn-macros/src/expand.rs"]
mod expand;
#[path = "../cnn-macros/src/parse.rs"]
mod parse;
#[path = "../cnn-macros/src/settings.rs"]
mod settings;
// Its unit tests are the macro crate's; compiled here their imports go unused.
#[allow(unused_imports)]
#[path = "../cnn-macros/src/vocab.rs"]
mod vocab;
