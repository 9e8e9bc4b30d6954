//! Parsing: tokens to [`Network`], every problem a spanned error. Statements are parsed
//! one at a time, so that one bad statement does not hide the errors of the next.
//!
//! ```text
//! network   := attr* header? stmt (";" stmt)* ";"?
//! header    := vis "struct" IDENT ";"
//! stmt      := (IDENT ":")? keyword args
//! input     := "input" DIMS                       DIMS: CxHxW or N
//! conv      := ("conv" | "conv2d") C option*      kK sS pP same valid dD gG dw nobias
//! pool      := ("pool" | "maxpool" | "avgpool") K option*      sS pP ceil
//! dense     := ("dense" | "fc" | "linear" | "output") N nobias?
//! dropout   := "dropout" P
//! bare      := "gap" | "flatten" | "bn" | activation
//! ```

use crate::ast::{ArgSpans, Header, Network, Stmt};
use crate::errors::{with_help, Errors};
use crate::vocab::{self, Keyword};
use cnn_core::{Arg, Conv2d, Dense, Dropout, Groups, Kind, Padding, Pair, Pool2d, Shape};
use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::{Error, LitFloat, LitInt, Result, Token};

/// Parses a whole invocation. Statement errors are collected in `errors` and the
/// statements that parsed are kept; `None` when the header itself is unreadable.
pub fn network(tokens: TokenStream, errors: &mut Errors) -> Option<Network> {
    let mut chunks = split(tokens).into_iter().peekable();
    let mut network = Network {
        attrs: TokenStream::new(),
        header: None,
        stmts: Vec::new(),
    };
    if let Some(first) = chunks.peek() {
        if starts_header(first) {
            let first = chunks.next().unwrap_or_default();
            match header.parse2(first) {
                Ok((attrs, head)) => {
                    network.attrs = attrs;
                    network.header = head;
                }
                Err(e) => {
                    errors.push(e);
                    return None;
                }
            }
        }
    }
    for chunk in chunks {
        match stmt.parse2(chunk) {
            Ok(stmt) => network.stmts.push(stmt),
            Err(e) => errors.push(e),
        }
    }
    Some(network)
}

/// Splits the input into statements: at each top-level `;`. A chunk that would be
/// empty (a `;` after another) is dropped.
fn split(tokens: TokenStream) -> Vec<TokenStream> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ';' => {
                if !current.is_empty() {
                    chunks.push(current.drain(..).collect());
                }
            }
            _ => current.push(tt),
        }
    }
    if !current.is_empty() {
        chunks.push(current.into_iter().collect());
    }
    chunks
}

/// Whether a chunk opens with attributes, a visibility or `struct`.
fn starts_header(chunk: &TokenStream) -> bool {
    match chunk.clone().into_iter().next() {
        Some(TokenTree::Punct(p)) => p.as_char() == '#',
        Some(TokenTree::Ident(i)) => i == "pub" || i == "struct",
        _ => false,
    }
}

/// `#[attr]* [vis struct NAME]`.
fn header(input: ParseStream) -> Result<(TokenStream, Option<Header>)> {
    let mut attrs = TokenStream::new();
    while input.peek(Token![#]) {
        let pound: TokenTree = input.parse()?;
        let group: TokenTree = input.parse()?;
        match &group {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {}
            other => return Err(Error::new(other.span(), "expected `[` after `#`")),
        }
        attrs.extend([pound, group]);
    }
    let mut vis = TokenStream::new();
    if input.peek(Token![pub]) {
        let pub_token: TokenTree = input.parse()?;
        vis.extend([pub_token]);
        if input.peek(syn::token::Paren) {
            let restriction: TokenTree = input.parse()?;
            vis.extend([restriction]);
        }
    }
    if !input.peek(Token![struct]) {
        let message = if vis.is_empty() {
            "attributes and doc comments belong to a network header: add `pub struct Name;` after them"
        } else {
            "expected `struct` after the visibility, as in `pub struct LeNet;`"
        };
        return Err(input.error(message));
    }
    input.parse::<Token![struct]>()?;
    let ident: Ident = input.parse().map_err(|e| {
        Error::new(
            e.span(),
            "expected the network's name, as in `pub struct LeNet;`",
        )
    })?;
    if !input.is_empty() {
        return Err(input.error(format!("expected `;` after `struct {ident}`")));
    }
    Ok((attrs, Some(Header { vis, ident })))
}

/// One statement: `[name:] keyword args...`, with nothing left over.
fn stmt(input: ParseStream) -> Result<Stmt> {
    let mut name = None;
    if input.peek(syn::Ident) && input.peek2(Token![:]) && !input.peek2(Token![::]) {
        let ident: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        check_name(&ident)?;
        name = Some(ident);
    }
    let keyword_ident: Ident = match input.parse() {
        Ok(ident) => ident,
        Err(_) if input.is_empty() => {
            return Err(input.error("expected a layer after the name, as in `stem: conv 32 k3`"))
        }
        Err(_) => {
            return Err(Error::new(
                input.span(),
                with_help(
                    format!("expected a layer keyword, found `{}`", first_token(input)),
                    Some(format!("the layers are {}", keyword_list())),
                ),
            ))
        }
    };
    let word = keyword_ident.to_string();
    let Some(keyword) = vocab::keyword(&word) else {
        return Err(unknown_keyword(&keyword_ident, &word));
    };
    let mut spans = ArgSpans::new(keyword_ident.span());
    let at = Args {
        input,
        keyword,
        ident: &keyword_ident,
    };
    let kind = at.kind(&mut spans)?;
    if name.is_none() && keyword == Keyword::Output {
        name = Some(Ident::new("output", keyword_ident.span()));
    }
    Ok(Stmt { name, kind, spans })
}

fn first_token(input: ParseStream) -> String {
    input
        .fork()
        .parse::<TokenTree>()
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// The primary keywords, for messages.
fn keyword_list() -> String {
    let mut seen: Vec<Keyword> = Vec::new();
    let mut words = Vec::new();
    for &(word, keyword) in vocab::KEYWORDS {
        if !seen.contains(&keyword) {
            seen.push(keyword);
            words.push(format!("`{word}`"));
        }
    }
    words.join(", ")
}

fn unknown_keyword(ident: &Ident, word: &str) -> Error {
    let near = vocab::nearest(word, vocab::KEYWORDS.iter().map(|(w, _)| *w));
    let help = match near {
        Some(near) => format!("did you mean `{near}`? the layers are {}", keyword_list()),
        None => format!("the layers are {}", keyword_list()),
    };
    Error::new(
        ident.span(),
        with_help(format!("unknown layer `{word}`"), Some(help)),
    )
}

/// Layer names are snake_case: they become `SCREAMING_CASE` consts.
fn check_name(ident: &Ident) -> Result<()> {
    let text = ident.to_string();
    let mut chars = text.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if first_ok && rest_ok {
        return Ok(());
    }
    let suggestion: String = text
        .trim_start_matches(|c: char| !c.is_ascii_alphabetic())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let help = (!suggestion.is_empty()).then(|| format!("write `{suggestion}`"));
    Err(Error::new(
        ident.span(),
        with_help(
            format!("layer name `{text}` is not snake_case: it starts with a lower-case letter and has only a-z, 0-9 and _"),
            help,
        ),
    ))
}

/// A statement being parsed after its keyword.
struct Args<'a, 'b> {
    input: ParseStream<'a>,
    keyword: Keyword,
    ident: &'b Ident,
}

impl Args<'_, '_> {
    fn kind(&self, spans: &mut ArgSpans) -> Result<Kind> {
        let kind = match self.keyword {
            Keyword::Input => Kind::Input(self.dims(spans)?),
            Keyword::Conv => {
                let filters = self.count("the number of filters", "conv 32 k3", spans)?;
                self.conv(filters, spans)?
            }
            Keyword::MaxPool => Kind::MaxPool2d(self.pool(spans)?),
            Keyword::AvgPool => Kind::AvgPool2d(self.pool(spans)?),
            Keyword::Gap => Kind::GlobalAvgPool,
            Keyword::Flatten => Kind::Flatten,
            Keyword::BatchNorm => Kind::BatchNorm,
            Keyword::Activation(a) => Kind::Activation(a),
            Keyword::Dense | Keyword::Output => {
                let example = format!("{} 10", self.ident);
                let units = self.count("the number of units", &example, spans)?;
                let mut bias = true;
                self.options(|option| {
                    if option.word == "nobias" {
                        bias = false;
                    }
                    Ok(())
                })?;
                Kind::Dense(Dense { units, bias })
            }
            Keyword::Dropout => Kind::Dropout(Dropout {
                p: self.probability(spans)?,
            }),
        };
        if matches!(
            self.keyword,
            Keyword::Gap
                | Keyword::Flatten
                | Keyword::BatchNorm
                | Keyword::Activation(_)
                | Keyword::Dropout
                | Keyword::Input
        ) {
            self.options(|_| Ok(()))?;
        }
        Ok(kind)
    }

    /// `conv`'s options, starting from `Conv2d::new`'s defaults.
    fn conv(&self, filters: u64, spans: &mut ArgSpans) -> Result<Kind> {
        let mut kernel = None;
        let mut conv = Conv2d::new(filters, Pair::square(1));
        self.options(|o| {
            match o.word {
                "k" => kernel = o.value,
                "s" => conv.stride = o.pair()?,
                "p" => conv.padding = Padding::Explicit(o.pair()?),
                "same" => conv.padding = Padding::Same,
                "valid" => conv.padding = Padding::Explicit(Pair::square(0)),
                "d" => conv.dilation = o.pair()?,
                "g" => conv.groups = Groups::Count(o.single()?),
                "dw" => conv.groups = Groups::Depthwise,
                "nobias" => conv.bias = false,
                _ => {}
            }
            if let Some(arg) = o.arg() {
                spans.set(arg, o.span);
            }
            Ok(())
        })?;
        conv.kernel = match kernel {
            Some(k) => k,
            None => {
                return Err(Error::new(
                    self.ident.span(),
                    with_help(
                        format!("`{}` needs a kernel size", self.ident),
                        Some(format!("add one, as in `{} {filters} k3`", self.ident)),
                    ),
                ))
            }
        };
        Ok(Kind::Conv2d(conv))
    }

    /// `pool K [sS] [pP] [ceil]`, starting from `Pool2d::new`'s defaults.
    fn pool(&self, spans: &mut ArgSpans) -> Result<Pool2d> {
        let example = format!("{} 2", self.ident);
        let (window, span) = self.value("the window size", &example, pair_text)?;
        spans.set(Arg::Kernel, span);
        let mut pool = Pool2d::new(window);
        self.options(|o| {
            match o.word {
                "s" => pool.stride = o.pair()?,
                "p" => pool.padding = o.pair()?,
                "ceil" => pool.ceil = true,
                _ => {}
            }
            if let Some(arg) = o.arg() {
                spans.set(arg, o.span);
            }
            Ok(())
        })?;
        Ok(pool)
    }

    /// `CxHxW` or `N`.
    fn dims(&self, spans: &mut ArgSpans) -> Result<Shape> {
        let (shape, span) = self.value("the input shape", "input 1x28x28", |text| {
            // `0x28x28` splits too: its zero channels are E5 from cnn-core.
            let parts: Vec<&str> = text.split('x').collect();
            let number = |s: &str| {
                parse_u64(s).map_err(|p| match p {
                    Problem::TooLarge => p,
                    _ => Problem::Shape,
                })
            };
            match parts[..] {
                [n] => Ok(Shape::Flat(number(n)?)),
                [c, h, w] => Ok(Shape::spatial(number(c)?, number(h)?, number(w)?)),
                _ => Err(Problem::Shape),
            }
        })?;
        spans.set(Arg::Value, span);
        Ok(shape)
    }

    /// A single positive count: filters or units.
    fn count(&self, what: &str, example: &str, spans: &mut ArgSpans) -> Result<u64> {
        let (n, span) = self.value(what, example, |text| {
            if is_radix(text) {
                Err(Problem::Radix)
            } else if text.contains('x') {
                Err(Problem::NotSingle)
            } else {
                parse_u64(text)
            }
        })?;
        spans.set(Arg::Value, span);
        Ok(n)
    }

    /// The integer literal after the keyword, read by `read` from its text.
    fn value<T>(
        &self,
        what: &str,
        example: &str,
        read: impl Fn(&str) -> std::result::Result<T, Problem>,
    ) -> Result<(T, Span)> {
        let input = self.input;
        if input.peek(LitInt) {
            let lit: LitInt = input.parse()?;
            let text = lit.to_string();
            let result = read(&text);
            return match result {
                Ok(v) => Ok((v, lit.span())),
                Err(problem) => Err(problem.error(lit.span(), &text, what, lit.base10_digits())),
            };
        }
        Err(self.not_a_number(what, example))
    }

    /// The error for a missing or non-integer value.
    fn not_a_number(&self, what: &str, example: &str) -> Error {
        let input = self.input;
        if input.peek(LitFloat) {
            if let Ok(lit) = input.parse::<LitFloat>() {
                return Problem::Float.error(
                    lit.span(),
                    &lit.to_string(),
                    what,
                    lit.base10_digits(),
                );
            }
        }
        if input.peek(Token![-]) {
            return Error::new(input.span(), format!("{what} cannot be negative"));
        }
        if input.peek(syn::Lit) {
            return Error::new(
                input.span(),
                with_help(
                    format!("expected {what}, found `{}`", first_token(input)),
                    Some(format!("write it as in `{example}`")),
                ),
            );
        }
        Error::new(
            self.ident.span(),
            with_help(
                format!("`{}` needs {what}", self.ident),
                Some(format!("write it as in `{example}`")),
            ),
        )
    }

    /// Dropout's probability, an integer or decimal literal.
    fn probability(&self, spans: &mut ArgSpans) -> Result<f64> {
        let input = self.input;
        let (digits, suffix, span, text) = if input.peek(LitFloat) {
            let lit: LitFloat = input.parse()?;
            (
                lit.base10_digits().to_owned(),
                lit.suffix().to_owned(),
                lit.span(),
                lit.to_string(),
            )
        } else if input.peek(LitInt) {
            let lit: LitInt = input.parse()?;
            let text = lit.to_string();
            if is_radix(&text) {
                return Err(Problem::Radix.error(
                    lit.span(),
                    &text,
                    "the probability",
                    lit.base10_digits(),
                ));
            }
            (
                lit.base10_digits().to_owned(),
                lit.suffix().to_owned(),
                lit.span(),
                text,
            )
        } else {
            return Err(self.not_a_number("the probability of dropping a value", "dropout 0.5"));
        };
        if !suffix.is_empty() {
            return Err(Problem::Suffix.error(span, &text, "the probability", &digits));
        }
        let p: f64 = digits
            .parse()
            .map_err(|_| Problem::Malformed.error(span, &text, "the probability", &digits))?;
        spans.set(Arg::Value, span);
        Ok(p)
    }

    /// Reads options to the end of the statement, checking each is known to this
    /// statement and given once, and hands each to `each`.
    fn options(&self, mut each: impl FnMut(&Opt) -> Result<()>) -> Result<()> {
        let input = self.input;
        let keyword = self.keyword;
        let allowed = vocab::options(keyword);
        let mut seen: Vec<(&str, Span, String)> = Vec::new();
        while !input.is_empty() {
            if !input.peek(syn::Ident) {
                return Err(self.stray());
            }
            let ident: Ident = input.parse()?;
            let text = ident.to_string();
            if vocab::keyword(&text).is_some() {
                return Err(Error::new(
                    ident.span(),
                    with_help(
                        format!("expected `;` before `{text}`"),
                        Some(format!("end the `{}` statement with `;`", self.ident)),
                    ),
                ));
            }
            let split = text
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(text.len());
            let (word, number) = text.split_at(split);
            let Some(&(word, takes_number)) = allowed
                .iter()
                .find(|(w, takes)| *w == word && (*takes || number.is_empty()))
            else {
                return Err(self.unknown_option(&ident, &text));
            };
            if let Some((_, _, first)) = seen.iter().find(|(w, _, _)| *w == word) {
                return Err(Error::new(
                    ident.span(),
                    format!(
                        "`{}` is given twice: `{first}` and `{text}`",
                        option_name(word, takes_number)
                    ),
                ));
            }
            // Options that set the same thing conflict: padding, groups.
            let group = |w: &str| match w {
                "p" | "same" | "valid" => Some("the padding"),
                "g" | "dw" => Some("the groups"),
                _ => None,
            };
            if let Some(what) = group(word) {
                if let Some((_, _, first)) = seen.iter().find(|(w, _, _)| group(w) == Some(what)) {
                    return Err(Error::new(
                        ident.span(),
                        format!("`{first}` and `{text}` both set {what}: keep one"),
                    ));
                }
            }
            let value = if takes_number {
                if number.is_empty() {
                    let help = if input.peek(LitInt) {
                        format!(
                            "write the number right after it, as in `{word}{}`",
                            first_token(input)
                        )
                    } else {
                        format!("write it as in `{word}3`")
                    };
                    return Err(Error::new(
                        ident.span(),
                        with_help(format!("`{word}` needs a number"), Some(help)),
                    ));
                }
                match pair_text(number) {
                    Ok(pair) => Some(pair),
                    Err(problem) => {
                        let what = format!("`{word}`'s value");
                        return Err(problem.error(ident.span(), &text, &what, number));
                    }
                }
            } else {
                None
            };
            seen.push((word, ident.span(), text.clone()));
            each(&Opt {
                word,
                value,
                span: ident.span(),
                text,
            })?;
        }
        Ok(())
    }

    fn stray(&self) -> Error {
        let input = self.input;
        let found = first_token(input);
        let list = vocab::option_list(self.keyword);
        let expected = if list.is_empty() {
            String::from("expected `;`")
        } else {
            format!("expected `;` or an option of `{}`: {list}", self.ident)
        };
        Error::new(input.span(), format!("unexpected `{found}`: {expected}"))
    }

    fn unknown_option(&self, ident: &Ident, text: &str) -> Error {
        let keyword = self.keyword;
        let list = vocab::option_list(keyword);
        if list.is_empty() {
            return Error::new(
                ident.span(),
                with_help(
                    format!("`{}` takes no options, found `{text}`", self.ident),
                    Some("end the statement with `;`"),
                ),
            );
        }
        let split = text
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(text.len());
        let near = vocab::nearest(
            &text[..split],
            vocab::options(keyword).iter().map(|(w, _)| *w),
        );
        let mut help = match (keyword, &text[..split]) {
            (Keyword::MaxPool | Keyword::AvgPool, "k") => format!(
                "the window is the number after `{}`, as in `{} {}`",
                self.ident,
                self.ident,
                &text[split..]
            ),
            _ => match near {
                Some(near) => format!("did you mean `{near}`? "),
                None => String::new(),
            },
        };
        if !help.ends_with(' ') && !help.is_empty() {
            help.push_str("; ");
        }
        help.push_str(&format!("`{}` takes {list}", self.ident));
        Error::new(
            ident.span(),
            with_help(
                format!("unknown option `{text}` for `{}`", self.ident),
                Some(help),
            ),
        )
    }
}

/// One option as written: `k3x5` is word `k`, value 3x5.
struct Opt {
    word: &'static str,
    value: Option<Pair>,
    span: Span,
    text: String,
}

impl Opt {
    fn pair(&self) -> Result<Pair> {
        self.value
            .ok_or_else(|| Error::new(self.span, format!("`{}` needs a number", self.word)))
    }

    fn single(&self) -> Result<u64> {
        let pair = self.pair()?;
        if pair.h == pair.w && !self.text.contains('x') {
            Ok(pair.h)
        } else {
            Err(Error::new(
                self.span,
                format!(
                    "`{}` takes a single number, as in `{}4`",
                    self.word, self.word
                ),
            ))
        }
    }

    /// The argument this option sets, for error spans.
    fn arg(&self) -> Option<Arg> {
        match self.word {
            "k" => Some(Arg::Kernel),
            "s" => Some(Arg::Stride),
            "p" | "same" | "valid" => Some(Arg::Padding),
            "d" => Some(Arg::Dilation),
            "g" | "dw" => Some(Arg::Groups),
            _ => None,
        }
    }
}

/// `"k"` as `kK`, `"same"` as itself.
fn option_name(word: &str, takes_number: bool) -> String {
    if takes_number {
        format!("{word}{}", word.to_uppercase())
    } else {
        word.to_owned()
    }
}

/// What is wrong with a number as written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Problem {
    Malformed,
    Shape,
    NotSingle,
    Radix,
    Float,
    Suffix,
    TooLarge,
}

impl Problem {
    fn error(self, span: Span, text: &str, what: &str, decimal: &str) -> Error {
        let (message, help) = match self {
            Problem::Malformed | Problem::Suffix => (
                format!("expected {what} as a plain integer, found `{text}`"),
                Some(String::from("write digits only, with `_` between groups if you like")),
            ),
            Problem::Shape => (
                format!("expected the input shape as CxHxW or N, found `{text}`"),
                Some(String::from("write channels, height and width as in `input 1x28x28`, or a flat size as in `input 784`")),
            ),
            Problem::NotSingle => (
                format!("expected {what} as a single number, found `{text}`"),
                None,
            ),
            Problem::Radix => (
                format!("expected {what} in decimal, found `{text}`"),
                Some(format!("write `{decimal}`")),
            ),
            Problem::Float => (
                format!("expected {what} as an integer, found `{text}`"),
                None,
            ),
            Problem::TooLarge => (
                format!("{what} `{text}` does not fit in u64"),
                Some(String::from("the largest count is 18_446_744_073_709_551_615")),
            ),
        };
        Error::new(span, with_help(message, help))
    }
}

/// `0x10`, `0o20`, `0b1`: a literal in another base.
fn is_radix(text: &str) -> bool {
    ["0x", "0o", "0b"].iter().any(|p| text.starts_with(p))
}

/// Digits with optional `_` separators, not starting with `_`.
fn parse_u64(text: &str) -> std::result::Result<u64, Problem> {
    let digits = text.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if !text.starts_with(|c: char| c.is_ascii_digit()) || !digits {
        return Err(Problem::Malformed);
    }
    text.bytes()
        .filter(|&b| b != b'_')
        .try_fold(0u64, |acc, b| {
            acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        })
        .ok_or(Problem::TooLarge)
}

/// `3` or `3x5`.
fn pair_text(text: &str) -> std::result::Result<Pair, Problem> {
    if is_radix(text) {
        return Err(Problem::Radix);
    }
    match text.split_once('x') {
        None => Ok(Pair::square(parse_u64(text)?)),
        Some((h, w)) => Ok(Pair::new(parse_u64(h)?, parse_u64(w)?)),
    }
}
