// The macro crate's own source, compiled into a benchmark as plain modules: the exact
// code rustc runs, `run` included, with `cnn-lang` (the front end it shares with the
// command line) as a dependency. `include!`d at a benchmark's root; keep the list in
// step with `cnn-macros/src/lib.rs`'s modules (whose `#[proc_macro]` item cannot be
// compiled here).

#[path = "../cnn-macros/src/expand.rs"]
mod expand;
#[path = "../cnn-macros/src/fallback.rs"]
mod fallback;

// Its unit tests are the macro crate's; compiled here their imports go unused.
#[allow(unused_imports)]
#[path = "../cnn-macros/src/run.rs"]
mod run;
use run::run;
