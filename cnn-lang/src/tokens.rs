//! Token-level helpers every parsing stage shares: invisible groups seen through,
//! literals and nesting measured before syn reads them, excerpts for messages, and
//! the runner that hands a statement's tokens to a parser.

use crate::errors::Diag;
use cnn_core::{Grouped, MAX_DEPTH};
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};

type Result<T> = std::result::Result<T, Diag>;

/// The longest literal a statement may hold: a `u64` is 20 digits, and a shape three
/// of them with `_`s and `x`s. A longer one is refused before syn reads it, as syn's
/// reading of an integer literal takes time quadratic in its length.
const MAX_LITERAL: usize = 100;

/// The most characters of the input a message echoes.
const EXCERPT: usize = 40;

/// The user's text as a message shows it: at most [`EXCERPT`] characters, then `…`.
pub fn excerpt(text: impl std::fmt::Display) -> String {
    let text = text.to_string();
    match text.char_indices().nth(EXCERPT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Tokens from `macro_rules!` fragments (`$vis`, `$n:literal`, `$c:expr`, `$k:tt`)
/// may arrive wrapped in invisible (`Delimiter::None`) groups: they are unwrapped
/// here, once, so that every later stage reads the tokens as written. Groups deeper
/// than blocks may nest are left as they are: the parser refuses them.
pub fn see_through(tokens: TokenStream, depth: u32) -> TokenStream {
    if !has_invisible(&tokens, depth) {
        return tokens;
    }
    let mut out = Vec::new();
    for tt in tokens {
        match tt {
            // An `$e:expr` fragment is one operand, as Rust reads it: `($c*2)` with
            // `$c = 1 + 3` is 8, not 7, and `conv $e` with `$e = 2 * 4` is 8 filters.
            TokenTree::Group(g) if g.delimiter() == Delimiter::None && is_arithmetic(&g) => {
                let mut inner =
                    Group::new(Delimiter::Parenthesis, see_through(g.stream(), depth + 1));
                inner.set_span(g.span());
                out.push(TokenTree::Group(inner));
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
                out.extend(see_through(g.stream(), depth + 1));
            }
            TokenTree::Group(g) if depth <= MAX_DEPTH + 1 => {
                let mut inner = Group::new(g.delimiter(), see_through(g.stream(), depth + 1));
                inner.set_span(g.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// Whether an invisible group holds an integer expression of more than one token
/// (literals, `+ - * / %` and parentheses), which must stay one operand.
fn is_arithmetic(group: &Group) -> bool {
    let mut count = 0;
    let mut operator = false;
    let all = group.stream().into_iter().all(|tt| {
        count += 1;
        match tt {
            // `-3` stays as written: a negative value has a message of its own.
            TokenTree::Punct(_) if count == 1 => false,
            TokenTree::Literal(_) => true,
            TokenTree::Punct(p) if "+-*/%".contains(p.as_char()) => {
                operator = true;
                true
            }
            TokenTree::Group(g) => {
                matches!(g.delimiter(), Delimiter::Parenthesis | Delimiter::None)
            }
            _ => false,
        }
    });
    all && operator && count > 1
}

/// Whether `tokens` hold an invisible group within the depth [`see_through`] reads.
fn has_invisible(tokens: &TokenStream, depth: u32) -> bool {
    tokens.clone().into_iter().any(|tt| match tt {
        TokenTree::Group(g) => {
            g.delimiter() == Delimiter::None
                || (depth <= MAX_DEPTH + 1 && has_invisible(&g.stream(), depth + 1))
        }
        _ => false,
    })
}

/// E5: a literal longer than [`MAX_LITERAL`] among the statement's tokens (a block's
/// body is its own statements), found in time linear in the tokens.
pub fn long_literal(input: ParseStream) -> Result<()> {
    fn tree(tt: &TokenTree, depth: u32) -> Result<()> {
        match tt {
            TokenTree::Literal(lit) => {
                let len = lit.to_string().chars().count();
                if len > MAX_LITERAL {
                    return Err(Diag::new(
                        lit.span(),
                        format!("a literal of {} characters is too long", Grouped(len as u64)),
                    )
                    .help(format!(
                        "numbers in `cnn!` take at most {MAX_LITERAL} characters; the largest count, u64::MAX, takes 20"
                    )));
                }
                Ok(())
            }
            // Groups nested deeper than blocks may are refused as stray tokens,
            // never read: no need to look inside.
            TokenTree::Group(g) if g.delimiter() != Delimiter::Brace && depth < MAX_DEPTH => g
                .stream()
                .into_iter()
                .try_for_each(|tt| tree(&tt, depth + 1)),
            _ => Ok(()),
        }
    }
    let mut cursor = input.cursor();
    while let Some((tt, next)) = cursor.token_tree() {
        tree(&tt, 0)?;
        cursor = next;
    }
    Ok(())
}

/// The first group nested deeper than blocks may (with a group or two of arguments in
/// the innermost): syn copies every nested group, recursively, before any parser runs,
/// so a chunk is measured first. The measure stops at the limit.
fn too_deep(tokens: &TokenStream, depth: u32) -> Option<(Span, Delimiter)> {
    tokens.clone().into_iter().find_map(|tt| match tt {
        TokenTree::Group(g) if depth >= MAX_DEPTH + 2 => Some((g.span_open(), g.delimiter())),
        TokenTree::Group(g) => too_deep(&g.stream(), depth + 1),
        _ => None,
    })
}

/// Runs a statement parser over a whole chunk; what it leaves is reported by the
/// parser itself, so syn's own "unexpected token" never shows.
pub fn run<T>(parse: impl FnOnce(ParseStream) -> Result<T>, tokens: TokenStream) -> Result<T> {
    if let Some((span, delimiter)) = too_deep(&tokens, 0) {
        return Err(match delimiter {
            Delimiter::Brace => Diag::new(span, format!("blocks nest deeper than {MAX_DEPTH}")),
            _ => Diag::new(
                span,
                format!("groups nest deeper than {} levels", MAX_DEPTH + 2),
            )
            .help("an expression needs a few parentheses, as in `((5-1)/2)`"),
        });
    }
    let parser = |input: ParseStream| {
        let result = parse(input);
        // Consume whatever is left after an error.
        input.step(|cursor| {
            let mut rest = *cursor;
            while let Some((_, next)) = rest.token_tree() {
                rest = next;
            }
            Ok(((), rest))
        })?;
        Ok(result)
    };
    parser.parse2(tokens)?
}

/// The next token as a message echoes it: an excerpt.
pub fn first_token(input: ParseStream) -> String {
    input
        .fork()
        .parse::<TokenTree>()
        .map(|t| token_excerpt(&t))
        .unwrap_or_default()
}

/// A token as a message echoes it: a group as its delimiters around `…`, so that
/// neither a long nor a deeply nested group is written out.
pub fn token_excerpt(tt: &TokenTree) -> String {
    match tt {
        TokenTree::Group(g) => match g.delimiter() {
            Delimiter::Parenthesis => "(…)".to_owned(),
            Delimiter::Brace => "{…}".to_owned(),
            Delimiter::Bracket => "[…]".to_owned(),
            Delimiter::None => "…".to_owned(),
        },
        other => excerpt(other),
    }
}
