//! Collecting independent errors so that one build reports them all.

/// Errors gathered while parsing and checking, combined into one `syn::Error`.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    /// Adds an error.
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// Whether any error was added.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The combined error, if any.
    pub fn into_error(self) -> Option<syn::Error> {
        self.0
    }
}

/// A message in rustc's shape: the problem, then `help:` with the fix on its own line.
pub fn with_help(message: impl std::fmt::Display, help: Option<impl std::fmt::Display>) -> String {
    match help {
        Some(help) => format!("{message}\nhelp: {help}"),
        None => message.to_string(),
    }
}
