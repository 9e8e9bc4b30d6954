//! Integer expressions: where the language takes a count or an option's value, a
//! parenthesized expression of decimal literals with `+ - * / %` and parentheses, so
//! that a `macro_rules!` around `cnn!` can compute `(4*$c)` or `p(($k-1)/2)`.
//!
//! ```text
//! expr := term (("+" | "-") term)*
//! term := atom (("*" | "/" | "%") atom)*
//! atom := INTEGER | "(" expr ")"
//! ```
//!
//! Arithmetic is Rust's on `u64`: division rounds toward zero; a division by zero, a
//! result below zero and an overflow are errors on the whole expression.

use crate::errors::Diag;
use crate::tokens::{excerpt, token_excerpt};
use proc_macro2::{Delimiter, Group, Span, TokenTree};

type Result<T> = std::result::Result<T, Diag>;

/// The value of the expression in `group` (its parentheses included).
pub fn evaluate(group: &Group) -> Result<u64> {
    let whole = TokenTree::Group(group.clone());
    let shown = excerpt(&whole);
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    if tokens.is_empty() {
        return Err(
            Diag::new(group.span(), "expected an integer expression in `()`")
                .help("write literals with `+ - * / %` and parentheses, as in `(4*64)`"),
        );
    }
    let mut reader = Reader {
        tokens: &tokens,
        at: 0,
        whole: group.span(),
        shown: &shown,
    };
    let value = reader.expr()?;
    match reader.tokens.get(reader.at) {
        None => Ok(value),
        Some(tt) => Err(reader.unexpected(tt)),
    }
}

/// Whether `group` holds an expression rather than a list (`(3, 3)`): no commas.
pub fn is_expression(group: &Group) -> bool {
    group.delimiter() == Delimiter::Parenthesis
        && !group
            .stream()
            .into_iter()
            .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
}

struct Reader<'t> {
    tokens: &'t [TokenTree],
    at: usize,
    /// The whole expression, where overflow and division by zero are reported.
    whole: Span,
    shown: &'t str,
}

impl Reader<'_> {
    fn expr(&mut self) -> Result<u64> {
        let mut value = self.term()?;
        while let Some(op) = self.operator(&['+', '-']) {
            let rhs = self.term()?;
            value = match op {
                '+' => value.checked_add(rhs).ok_or_else(|| self.overflow())?,
                _ => value.checked_sub(rhs).ok_or_else(|| {
                    Diag::new(self.whole, format!("`{}` is below zero", self.shown))
                        .help("a count is 0 or more: subtract less")
                })?,
            };
        }
        Ok(value)
    }

    fn term(&mut self) -> Result<u64> {
        let mut value = self.atom()?;
        while let Some(op) = self.operator(&['*', '/', '%']) {
            let rhs = self.atom()?;
            value = match op {
                '*' => value.checked_mul(rhs).ok_or_else(|| self.overflow())?,
                _ if rhs == 0 => {
                    return Err(Diag::new(
                        self.whole,
                        format!("division by zero in `{}`", self.shown),
                    ))
                }
                '/' => value / rhs,
                _ => value % rhs,
            };
        }
        Ok(value)
    }

    fn atom(&mut self) -> Result<u64> {
        let Some(tt) = self.tokens.get(self.at) else {
            return Err(Diag::new(
                self.whole,
                format!("`{}` ends where a number should be", self.shown),
            )
            .help("write literals with `+ - * / %` and parentheses, as in `(4*64)`"));
        };
        self.at += 1;
        match tt {
            TokenTree::Literal(lit) => digits(&lit.to_string()).ok_or_else(|| {
                Diag::new(
                    lit.span(),
                    format!("expected a decimal integer, found `{}`", token_excerpt(tt)),
                )
                .help("write digits only, with `_` between groups if you like")
            }),
            TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {
                let tokens: Vec<TokenTree> = g.stream().into_iter().collect();
                let mut inner = Reader {
                    tokens: &tokens,
                    at: 0,
                    whole: self.whole,
                    shown: self.shown,
                };
                let value = inner.expr()?;
                match inner.tokens.get(inner.at) {
                    None => Ok(value),
                    Some(tt) => Err(inner.unexpected(tt)),
                }
            }
            other => Err(self.unexpected(other)),
        }
    }

    /// The next token if it is one of `ops`.
    fn operator(&mut self, ops: &[char]) -> Option<char> {
        match self.tokens.get(self.at) {
            Some(TokenTree::Punct(p)) if ops.contains(&p.as_char()) => {
                self.at += 1;
                Some(p.as_char())
            }
            _ => None,
        }
    }

    fn overflow(&self) -> Diag {
        Diag::new(self.whole, format!("`{}` overflows u64", self.shown))
    }

    fn unexpected(&self, tt: &TokenTree) -> Diag {
        Diag::new(
            tt.span(),
            format!(
                "unexpected `{}` in an integer expression",
                token_excerpt(tt)
            ),
        )
        .help("write literals with `+ - * / %` and parentheses, as in `(4*64)`")
    }
}

/// Decimal digits with optional `_` separators, starting with a digit.
fn digits(text: &str) -> Option<u64> {
    if !text.starts_with(|c: char| c.is_ascii_digit())
        || !text.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    text.bytes()
        .filter(|&b| b != b'_')
        .try_fold(0u64, |acc, b| {
            acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::TokenStream;

    fn eval(text: &str) -> std::result::Result<u64, String> {
        let stream: TokenStream = text.parse().unwrap_or_default();
        let group = match stream.into_iter().next() {
            Some(TokenTree::Group(g)) => g,
            _ => return Err("not a group".into()),
        };
        evaluate(&group).map_err(|d| d.message)
    }

    #[test]
    fn arithmetic_as_rust_does_it() {
        assert_eq!(eval("(4*64)"), Ok(256));
        assert_eq!(eval("(6-1)"), Ok(5));
        assert_eq!(eval("((5-1)/2)"), Ok(2));
        // Precedence and left associativity: 2 + 3*4 = 14; 20 - 5 - 3 = 12; 7 / 2 = 3.
        assert_eq!(eval("(2+3*4)"), Ok(14));
        assert_eq!(eval("(20-5-3)"), Ok(12));
        assert_eq!(eval("(7/2)"), Ok(3));
        assert_eq!(eval("(7%4*2)"), Ok(6));
        assert_eq!(eval("(1_000*2)"), Ok(2_000));
        // u64::MAX is fine; one more overflows.
        assert_eq!(eval("(18446744073709551614+1)"), Ok(u64::MAX));
        assert!(eval("(18446744073709551615+1)")
            .unwrap_err()
            .contains("overflows u64"));
        assert!(eval("(4/0)").unwrap_err().contains("division by zero"));
        assert!(eval("(4%(2-2))").unwrap_err().contains("division by zero"));
        assert!(eval("(3-5)").unwrap_err().contains("is below zero"));
        assert!(eval("()")
            .unwrap_err()
            .contains("expected an integer expression"));
        assert!(eval("(3*)")
            .unwrap_err()
            .contains("ends where a number should be"));
        assert!(eval("(3 x)").unwrap_err().contains("unexpected `x`"));
        assert!(eval("(2.5*2)").unwrap_err().contains("decimal integer"));
    }
}
