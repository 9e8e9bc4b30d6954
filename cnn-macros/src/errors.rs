//! Diagnostics: a message on a span with an optional fix, and the collection of
//! independent errors so that one build reports them all.

use proc_macro2::Span;
use std::fmt::Display;

/// One problem, before it becomes a `syn::Error`: the check stage adds the layer's
/// name and incoming shape once it knows them.
#[derive(Clone, Debug)]
pub struct Diag {
    /// The token at fault.
    pub span: Span,
    /// What is wrong, lower-case, without a trailing period.
    pub message: String,
    /// How to fix it, where that is clear.
    pub help: Option<String>,
}

impl Diag {
    /// A problem at `span`.
    pub fn new(span: Span, message: impl Display) -> Self {
        Diag {
            span,
            message: message.to_string(),
            help: None,
        }
    }

    /// The same problem with a fix.
    pub fn help(mut self, help: impl Display) -> Self {
        self.help = Some(help.to_string());
        self
    }

    /// The error rustc shows: the message, the context (`in conv2d3 (layer 5, input is
    /// 32x3x3)`) when there is one, and `help:` on the next line.
    pub fn into_error(self, context: Option<&str>) -> syn::Error {
        let mut text = self.message;
        if let Some(context) = context {
            text.push(' ');
            text.push_str(context);
        }
        if let Some(help) = self.help {
            text.push_str("\nhelp: ");
            text.push_str(&help);
        }
        syn::Error::new(self.span, text)
    }
}

impl From<syn::Error> for Diag {
    fn from(e: syn::Error) -> Self {
        Diag::new(e.span(), e)
    }
}

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
