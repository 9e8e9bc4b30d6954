//! Parsing the network-wide statements: `dtype TYPE;`, `budget METRIC <= LIMIT;`,
//! `expect FIGURE VALUE;` and `crate = PATH;`.
//!
//! ```text
//! crate   := "crate" "=" "::"? IDENT ("::" IDENT)*
//! dtype   := "dtype" ("f32" | "f16" | "bf16" | "i8")
//! budget  := "budget" METRIC "<=" LIMIT
//! expect  := "expect" ("params" | "non_trainable" | "macs") COUNT | "expect" "output" DIMS
//! METRIC  := "params" | "macs" | "param_memory" | "activation_memory" | "peak_memory"
//! LIMIT   := counts: 250_000, 60K, 1.5M, 2G; bytes: 4096, 256KiB, 1MiB, 1GiB, 512KB, 1MB, 1GB
//! ```

use crate::errors::Diag;
use crate::suggest;
use cnn_core::{Budget, Dtype, Figure, Keyword, Metric, SettingWord, DTYPES, FIGURES, METRICS};
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{LitFloat, LitInt, Token};

/// What a network-wide statement sets.
pub enum Setting {
    /// `dtype f16`.
    Dtype(Dtype, Span),
    /// `budget params <= 250_000`, with the span of the metric.
    Budget(Budget, Span),
    /// `expect params 217_706`: the figure, its word, and the value's tokens, which the
    /// parser reads as it reads a layer's count or an input's shape.
    Expect(Figure, Ident, TokenStream),
    /// `crate = ::mycnn`: the path generated code names the facade by (serde's
    /// `#[serde(crate = "...")]`), for a renamed dependency or a re-export.
    Crate(TokenStream, Span),
}

/// Whether a top-level statement is a setting: `dtype`, `budget` or `crate`, not used
/// as a name.
pub fn is_setting(chunk: &TokenStream) -> bool {
    let mut tokens = chunk.clone().into_iter();
    let first = matches!(
        tokens.next(),
        Some(TokenTree::Ident(i)) if Keyword::of(&i.to_string()).is_some_and(Keyword::is_setting)
    );
    let named = matches!(tokens.next(), Some(TokenTree::Punct(p)) if p.as_char() == ':');
    first && !named
}

/// Parses a setting statement.
pub fn setting(tokens: TokenStream) -> Result<Setting, Diag> {
    crate::tokens::run(parse, tokens)
}

fn parse(input: ParseStream) -> Result<Setting, Diag> {
    crate::tokens::long_literal(input)?;
    let keyword = Ident::parse_any(input)?;
    let setting = match Keyword::of(&keyword.to_string()) {
        Some(Keyword::Setting(SettingWord::Dtype)) => dtype(input, &keyword)?,
        Some(Keyword::Setting(SettingWord::Crate)) => krate(input, &keyword)?,
        Some(Keyword::Setting(SettingWord::Expect)) => expect(input, &keyword)?,
        _ => budget(input, &keyword)?,
    };
    if !input.is_empty() {
        return Err(Diag::new(
            input.span(),
            format!("expected `;` after the `{keyword}` statement"),
        ));
    }
    Ok(setting)
}

/// `crate = PATH`: `::mycnn`, `mycnn`, `crate::vendored::cnn`.
fn krate(input: ParseStream, keyword: &Ident) -> Result<Setting, Diag> {
    let example = "write the path to the `cnn` crate, as in `crate = ::mycnn;`";
    if input.parse::<Token![=]>().is_err() {
        return Err(Diag::new(keyword.span(), "expected `=` after `crate`").help(example));
    }
    let mut path = TokenStream::new();
    let start = input.span();
    // `::` is two punctuation tokens, moved as they are.
    let colons = |path: &mut TokenStream| -> Result<(), Diag> {
        for _ in 0..2 {
            path.extend([input.parse::<TokenTree>()?]);
        }
        Ok(())
    };
    if input.peek(Token![::]) {
        colons(&mut path)?;
    }
    loop {
        let Ok(segment) = Ident::parse_any(input) else {
            return Err(
                Diag::new(input.span(), "expected the path to the `cnn` crate").help(example),
            );
        };
        segment.to_tokens(&mut path);
        if !input.peek(Token![::]) {
            break;
        }
        colons(&mut path)?;
    }
    Ok(Setting::Crate(path, start))
}

fn dtype(input: ParseStream, keyword: &Ident) -> Result<Setting, Diag> {
    let (dtype, ident) = word_of(
        input,
        keyword,
        DTYPES,
        &Words {
            missing: "`dtype` needs an element type",
            example: "dtype f16;",
            unknown: "element type",
            takes: "the element types are",
        },
    )?;
    Ok(Setting::Dtype(dtype, ident.span()))
}

/// `expect FIGURE VALUE`: `params`, `non_trainable` or `macs` and a count, or `output`
/// and a shape.
fn expect(input: ParseStream, keyword: &Ident) -> Result<Setting, Diag> {
    let (figure, ident) = word_of(
        input,
        keyword,
        FIGURES,
        &Words {
            missing: "`expect` needs the figure it pins",
            example: "expect params 217_706;",
            unknown: "figure",
            takes: "`expect` pins",
        },
    )?;
    let value: TokenStream = input.parse()?;
    Ok(Setting::Expect(figure, ident, value))
}

/// How a setting names the words it takes, for its messages.
struct Words {
    /// The error when none is written.
    missing: &'static str,
    /// A whole statement, for the help.
    example: &'static str,
    /// What an unknown word is: `unknown {unknown} ...`.
    unknown: &'static str,
    /// The help's start before the list: `budgets limit`.
    takes: &'static str,
}

/// The word after a setting's keyword, looked up in its table; the errors say what the
/// table holds, with a suggestion for a typo.
fn word_of<T: Copy>(
    input: ParseStream,
    keyword: &Ident,
    table: &[(&'static str, T)],
    words: &Words,
) -> Result<(T, Ident), Diag> {
    let names = || table.iter().map(|(w, _)| *w);
    let list = suggest::listed(names());
    let Ok(ident) = input.parse::<Ident>() else {
        return Err(Diag::new(keyword.span(), words.missing)
            .help(format!("write one of {list}, as in `{}`", words.example)));
    };
    let word = ident.to_string();
    match table.iter().find(|(w, _)| *w == word) {
        Some(&(_, value)) => Ok((value, ident)),
        None => {
            let help = suggest::suggest(&word, names(), &format!("{} {list}", words.takes));
            Err(Diag::new(
                ident.span(),
                format!(
                    "unknown {} `{}`",
                    words.unknown,
                    crate::tokens::excerpt(&word)
                ),
            )
            .help(help))
        }
    }
}

fn budget(input: ParseStream, keyword: &Ident) -> Result<Setting, Diag> {
    let (metric, ident) = word_of(
        input,
        keyword,
        METRICS,
        &Words {
            missing: "`budget` needs what it limits",
            example: "budget params <= 250_000;",
            unknown: "budget",
            takes: "budgets limit",
        },
    )?;
    let word = ident.to_string();
    let example = if metric.is_bytes() {
        "256KiB"
    } else {
        "250_000"
    };
    if input.parse::<Token![<=]>().is_err() {
        let found = input
            .fork()
            .parse::<TokenTree>()
            .map(|t| t.to_string())
            .unwrap_or_default();
        let at = if found.is_empty() {
            ident.span()
        } else {
            input.span()
        };
        return Err(
            Diag::new(at, format!("expected `<=` after `budget {word}`")).help(format!(
                "a budget is an upper bound: `budget {word} <= {example};`"
            )),
        );
    }
    let (value, span) = limit(input, metric, &word, example)?;
    Ok(Setting::Budget(
        Budget {
            metric,
            limit: value,
        },
        span.unwrap_or(ident.span()),
    ))
}

/// The limit: an integer or decimal with an optional unit suffix; its span too.
fn limit(
    input: ParseStream,
    metric: Metric,
    word: &str,
    example: &str,
) -> Result<(u64, Option<Span>), Diag> {
    let (text, digits, suffix, span) = if input.peek(LitInt) {
        let lit: LitInt = input.parse()?;
        (
            lit.to_string(),
            lit.base10_digits().to_owned(),
            lit.suffix().to_owned(),
            lit.span(),
        )
    } else if input.peek(LitFloat) {
        let lit: LitFloat = input.parse()?;
        (
            lit.to_string(),
            lit.base10_digits().to_owned(),
            lit.suffix().to_owned(),
            lit.span(),
        )
    } else {
        return Err(
            Diag::new(input.span(), format!("`budget {word}` needs a limit"))
                .help(format!("write it as in `budget {word} <= {example};`")),
        );
    };
    let units: &[(&str, u64)] = if metric.is_bytes() {
        &[
            ("", 1),
            ("B", 1),
            ("KB", 1_000),
            ("MB", 1_000_000),
            ("GB", 1_000_000_000),
            ("KiB", 1 << 10),
            ("MiB", 1 << 20),
            ("GiB", 1 << 30),
        ]
    } else {
        &[
            ("", 1),
            ("K", 1_000),
            ("k", 1_000),
            ("M", 1_000_000),
            ("G", 1_000_000_000),
        ]
    };
    let Some(&(_, scale)) = units.iter().find(|(u, _)| *u == suffix) else {
        let kinds = if metric.is_bytes() {
            "bytes take `KiB`, `MiB`, `GiB` (or `KB`, `MB`, `GB`)"
        } else {
            "counts take `K`, `M` or `G`"
        };
        return Err(Diag::new(
            span,
            format!("unexpected unit `{suffix}` in the limit `{text}`"),
        )
        .help(format!("{kinds}, as in `budget {word} <= {example};`")));
    };
    if text.starts_with("0x")
        || text.starts_with("0o")
        || text.starts_with("0b")
        || text.starts_with('-')
    {
        return Err(Diag::new(
            span,
            format!("expected a limit in decimal, found `{text}`"),
        ));
    }
    if digits.contains(['e', 'E']) {
        return Err(
            Diag::new(span, format!("unexpected exponent in the limit `{text}`")).help(format!(
                "use a unit instead, as in `budget {word} <= {example};`"
            )),
        );
    }
    match scaled(&digits, scale) {
        Some(Ok(v)) => Ok((v, Some(span))),
        Some(Err(())) => Err(Diag::new(
            span,
            format!(
                "the limit `{text}` is not a whole number of {}",
                if metric.is_bytes() { "bytes" } else { "units" }
            ),
        )),
        None => Err(Diag::new(
            span,
            format!("the limit `{text}` does not fit in u64"),
        )),
    }
}

/// `digits` (such as `1.5` or `250000`) times `scale`, exactly: `None` past u64,
/// `Some(Err)` when not whole.
fn scaled(digits: &str, scale: u64) -> Option<Result<u64, ()>> {
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut value: u128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        value = value.checked_mul(10)?.checked_add(u128::from(digit))?;
    }
    let value = value.checked_mul(u128::from(scale))?;
    let divisor = 10u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
    if value % divisor != 0 {
        return Some(Err(()));
    }
    u64::try_from(value / divisor).ok().map(Ok)
}
