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

    /// The same problem with a fix; a second fix goes on a line of its own.
    pub fn help(mut self, help: impl Display) -> Self {
        self.help = Some(match self.help.take() {
            Some(first) => format!("{first}\nhelp: {help}"),
            None => help.to_string(),
        });
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

/// The most errors one invocation reports: a flood of bad statements stops there,
/// with a last error saying how many more there were.
pub const MAX_ERRORS: usize = 32;

/// Errors gathered while parsing and checking, combined into one `syn::Error`.
#[derive(Default)]
pub struct Errors {
    all: Option<syn::Error>,
    shown: usize,
    /// Those past [`MAX_ERRORS`], and where the first of them was.
    more: usize,
    more_at: Option<proc_macro2::Span>,
}

impl Errors {
    /// Adds an error.
    pub fn push(&mut self, error: syn::Error) {
        if self.shown >= MAX_ERRORS {
            self.more += 1;
            self.more_at.get_or_insert(error.span());
            return;
        }
        self.shown += 1;
        match &mut self.all {
            Some(all) => all.combine(error),
            None => self.all = Some(error),
        }
    }

    /// Whether any error was added.
    pub fn is_empty(&self) -> bool {
        self.all.is_none()
    }

    /// The combined error, if any.
    pub fn into_error(self) -> Option<syn::Error> {
        let mut all = self.all?;
        if let Some(span) = self.more_at {
            let s = if self.more == 1 { "" } else { "s" };
            all.combine(syn::Error::new(
                span,
                format!(
                    "{} more error{s} not shown: fix the ones above first",
                    cnn_core::Grouped(self.more as u64)
                ),
            ));
        }
        Some(all)
    }
}
