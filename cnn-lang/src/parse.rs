//! Parsing: tokens to [`Network`]. Statements are read one at a time, so that one bad
//! statement does not hide the errors of the next; each problem is a [`Diag`] on the
//! token at fault, to which the check stage adds the layer's name and input.
//!
//! ```text
//! network  := header? item (";" item)* ";"?
//! header   := attr* vis "struct" IDENT ";"          (the header comes first)
//! item     := setting | stmt                        (settings: settings.rs)
//! stmt     := (IDENT ":")? (layer | block)
//! layer    := LAYER-WORD value? option*             (words and options: cnn-core's
//!                                                    words.rs, WORDS and OPTIONS)
//! block    := "residual" body ("shortcut" body)?
//!           | "repeat" COUNT body
//!           | ("concat" | "add" | "mul" | "split") "{" ((IDENT ":")? "branch" body)+ "}"
//!           | "scale" body
//! body     := "{" stmt (";" stmt)* ";"? "}"
//! COUNT    := INTEGER | "(" expr ")"                (integer expressions: expr.rs)
//! ```

use crate::ast::{ArgSpans, Header, Network, Part, Stmt, StmtName, StmtOp};
use crate::errors::Diag;
use crate::expr;
use crate::settings::{self, Setting};
use crate::suggest;
use crate::tokens::{excerpt, first_token, long_literal, run, see_through, token_excerpt};
use cnn_core::{
    keywords, options, Activation, Arg, BlockKind, BlockWord, Conv, ConvTranspose, Dense, Dropout,
    Expect, Figure, Grouped, Groups, Interpolation, Keyword, Kind, LayerWord, Norm, Opt,
    OptionWord, Pad, PadMode, Padding, PerAxis, Pool, Resize, SettingWord, Shape, Upsample, Value,
    MAX_DEPTH,
};
use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{LitFloat, LitInt, Token};

type Result<T> = std::result::Result<T, Diag>;

/// Parses a whole invocation; `Err` only when the header is unreadable.
pub fn network(tokens: TokenStream) -> Result<Network> {
    let mut chunks = split(see_through(tokens, 0)).into_iter().peekable();
    let mut network = Network {
        attrs: TokenStream::new(),
        header: None,
        stmts: Vec::new(),
        dtype: None,
        budgets: Vec::new(),
        expects: Vec::new(),
        krate: None,
        problems: Vec::new(),
    };
    // Settings before the header: an error, and the header read all the same.
    let mut settings_first = Vec::new();
    while let Some((chunk, _)) = chunks.peek() {
        if !settings::is_setting(chunk) {
            break;
        }
        if let Some((chunk, _)) = chunks.next() {
            settings_first.push(chunk);
        }
    }
    if let Some((first, _)) = chunks.peek() {
        if starts_header(first) {
            if let Some((first, end)) = chunks.next() {
                if let (Some(setting), Some(head)) =
                    (settings_first.first(), first.clone().into_iter().next())
                {
                    let setting = excerpt(setting);
                    network.problems.push(
                        Diag::new(head.span(), "the header comes first, before the settings")
                            .help(format!("move `{setting};` after the header")),
                    );
                }
                let mut problems = Vec::new();
                let (attrs, head, rest) = run(|input| header(input, &mut problems), first)?;
                network.problems.append(&mut problems);
                match head {
                    Ok(head) => {
                        if let Some(next) = rest.clone().into_iter().next() {
                            let ident = excerpt(&head.ident);
                            network.problems.push(
                                Diag::new(
                                    next.span(),
                                    format!("expected `;` after `struct {ident}`"),
                                )
                                .help(format!("end the header with `;`: `struct {ident};`")),
                            );
                            network.stmts.push(stmt(rest, end, 0));
                        }
                        network.attrs = attrs;
                        network.header = Some(head);
                    }
                    // Attributes without a header: the error, and the network read on
                    // without a header, so that its consts still exist.
                    Err(diag) => {
                        network.problems.push(diag);
                        network.stmts.push(stmt(rest, end, 0));
                    }
                }
            }
        }
    }
    for chunk in settings_first {
        setting(&mut network, chunk);
    }
    for (chunk, end) in chunks {
        if settings::is_setting(&chunk) {
            setting(&mut network, chunk);
        } else {
            network.stmts.push(stmt(chunk, end, 0));
        }
    }
    Ok(network)
}

/// A `dtype` or `budget` statement, each at most once.
fn setting(network: &mut Network, chunk: TokenStream) {
    match settings::setting(chunk) {
        Ok(Setting::Dtype(dtype, span)) => match network.dtype {
            Some((first, _)) => network.problems.push(
                Diag::new(
                    span,
                    format!(
                        "`dtype` is given twice, as `{}` and `{}`",
                        first.keyword(),
                        dtype.keyword()
                    ),
                )
                .help("keep one"),
            ),
            None => network.dtype = Some((dtype, span)),
        },
        Ok(Setting::Budget(budget, span)) => {
            if network
                .budgets
                .iter()
                .any(|(b, _)| b.metric == budget.metric)
            {
                network.problems.push(
                    Diag::new(
                        span,
                        format!("`budget {}` is given twice", budget.metric.keyword()),
                    )
                    .help("keep the tighter one"),
                );
            } else {
                network.budgets.push((budget, span));
            }
        }
        Ok(Setting::Expect(figure, word, value)) => {
            match run(|i| expected(i, &word, figure), value) {
                Err(diag) => network.problems.push(diag),
                Ok((expect, span)) => {
                    if network
                        .expects
                        .iter()
                        .any(|(e, _)| e.figure() == expect.figure())
                    {
                        network.problems.push(
                            Diag::new(
                                span,
                                format!("`expect {}` is given twice", expect.figure().keyword()),
                            )
                            .help("keep one"),
                        );
                    } else {
                        network.expects.push((expect, span));
                    }
                }
            }
        }
        Ok(Setting::Crate(path, span)) => match network.krate {
            Some(_) => network
                .problems
                .push(Diag::new(span, "`crate` is given twice").help("keep one")),
            None => network.krate = Some((path, span)),
        },
        Err(diag) => network.problems.push(diag),
    }
}

/// Splits a statement list at each top-level `;`, and after a block's closing brace
/// unless a part's word (`shortcut`) follows, remembering where each statement ends. Empty statements
/// (`;;`, or `;` after a block) are dropped.
fn split(tokens: TokenStream) -> Vec<(TokenStream, Span)> {
    let mut chunks = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let part_at = |i: usize| {
        matches!(
            tokens.get(i),
            Some(TokenTree::Ident(w)) if Keyword::of(&w.to_string()).is_some_and(Keyword::is_part)
        )
    };
    let colon_at = |i: usize| matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Alone);
    for (i, tt) in tokens.iter().enumerate() {
        let tt = tt.clone();
        let end = match &tt {
            TokenTree::Punct(p) if p.as_char() == ';' => Some(p.span()),
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                // A part word after a block's brace, named or not, continues the block.
                let shortcut = part_at(i + 1) || (colon_at(i + 2) && part_at(i + 3));
                current.push(tt.clone());
                (!shortcut).then(|| g.span_close())
            }
            _ => {
                current.push(tt);
                None
            }
        };
        if let Some(end) = end {
            if !current.is_empty() {
                chunks.push((current.drain(..).collect(), end));
            }
        }
    }
    if let Some(last) = current.last() {
        let end = last.span();
        chunks.push((current.into_iter().collect(), end));
    }
    chunks
}

/// A list of statements, as a block's body: each pushed onto `out`.
fn seq(tokens: TokenStream, depth: u32) -> Vec<Stmt> {
    split(tokens)
        .into_iter()
        .map(|(chunk, end)| stmt(chunk, end, depth))
        .collect()
}

/// Whether a chunk opens with attributes, a visibility or `struct`.
fn starts_header(chunk: &TokenStream) -> bool {
    match chunk.clone().into_iter().next() {
        Some(TokenTree::Punct(p)) => p.as_char() == '#',
        Some(TokenTree::Ident(i)) => i == "pub" || i == "struct",
        _ => false,
    }
}

/// `#[attr]* vis struct NAME`, and any tokens after it. Attributes without a
/// visibility or `struct` after them are an error that leaves the rest to be read as a
/// statement.
#[allow(clippy::type_complexity)]
fn header(
    input: ParseStream,
    problems: &mut Vec<Diag>,
) -> Result<(TokenStream, Result<Header>, TokenStream)> {
    let mut attrs = TokenStream::new();
    let mut diagram = false;
    while input.peek(Token![#]) {
        let pound: TokenTree = input.parse()?;
        let group: TokenTree = input.parse()?;
        match &group {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
                // `#[cnn(diagram)]` is the macro's own; other attributes go to the struct.
                // A wrong one is an error, and the header is read on.
                match own_attribute(g) {
                    Ok(Some(own)) => diagram |= own,
                    Ok(None) => attrs.extend([pound, group]),
                    Err(diag) => problems.push(diag),
                }
            }
            other => return Err(Diag::new(other.span(), "expected `[` after `#`")),
        }
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
        if vis.is_empty() {
            let diag = Diag::new(
                attrs
                    .clone()
                    .into_iter()
                    .next()
                    .map_or_else(|| input.span(), |t| t.span()),
                "attributes and doc comments need a network header to attach to",
            )
            .help("add `pub struct Name;` after them");
            return Ok((attrs, Err(diag), input.parse()?));
        }
        let diag = Diag::new(input.span(), "expected `struct` after the visibility")
            .help("write the header as `pub struct LeNet;`");
        // `pub enum Net`, `pub type Net`: the error, and `Net` read as the name.
        if !(input.peek(Ident::peek_any) && input.peek2(syn::Ident)) {
            return Err(diag);
        }
        problems.push(diag);
        input.call(Ident::parse_any)?;
    } else {
        input.parse::<Token![struct]>()?;
    }
    let ident: Ident = input.parse().map_err(|e| {
        Diag::new(e.span(), "expected the network's name")
            .help("write the header as `pub struct LeNet;`")
    })?;
    // What follows a header without its `;` is taken as the first statement.
    let rest: TokenStream = input.parse()?;
    Ok((
        attrs,
        Ok(Header {
            vis,
            ident,
            diagram,
        }),
        rest,
    ))
}

/// `#[cnn(diagram)]`: `Some(true)`; an attribute that is not `cnn(...)`: `None`; any
/// other `cnn(...)` is an error.
fn own_attribute(group: &Group) -> Result<Option<bool>> {
    // A `$attr:meta` fragment arrives in an invisible group.
    let mut tokens = see_through(group.stream(), 0).into_iter();
    match tokens.next() {
        Some(TokenTree::Ident(i)) if i == "cnn" => {}
        _ => return Ok(None),
    }
    let inner = match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Group(g)), None) if g.delimiter() == Delimiter::Parenthesis => g,
        _ => {
            return Err(Diag::new(group.span(), "expected `#[cnn(diagram)]`")
                .help("the one `cnn` attribute is `#[cnn(diagram)]`, which draws the network"))
        }
    };
    match see_through(inner.stream(), 0)
        .into_iter()
        .collect::<Vec<_>>()[..]
    {
        [TokenTree::Ident(ref i)] if i == "diagram" => Ok(Some(true)),
        _ => Err(Diag::new(inner.span(), "unknown `cnn` attribute")
            .help("the one `cnn` attribute is `#[cnn(diagram)]`, which draws the network")),
    }
}

/// One statement, pushed onto `out` with its body after it if it is a block; a
/// statement that fails keeps what could be read of it.
fn stmt(tokens: TokenStream, end: Span, depth: u32) -> Stmt {
    let first = tokens.clone().into_iter().next().map_or(end, |t| t.span());
    let mut head = Head {
        name: None,
        keyword: None,
        spans: ArgSpans::new(first),
        parts: Vec::new(),
        problems: Vec::new(),
    };
    let op = run(|input| statement(input, &mut head, depth), tokens);
    Stmt {
        name: head.name,
        keyword: head.keyword,
        spans: head.spans,
        read: if op.is_err() { head.parts } else { Vec::new() },
        op,
        problems: head.problems,
    }
}

/// What is known of a statement before its arguments, and after an error.
struct Head {
    name: Option<StmtName>,
    keyword: Option<Keyword>,
    spans: ArgSpans,
    /// A block's parts, pushed as each is read.
    parts: Vec<Part>,
    /// Problems that do not stop the statement from being read.
    problems: Vec<Diag>,
}

/// `[name:] keyword args...`, with nothing left over; fills in `head` as it goes and
/// pushes a block's body onto `out`.
fn statement(input: ParseStream, head: &mut Head, depth: u32) -> Result<StmtOp> {
    if input.peek(Token![#]) {
        head.problems.push(
            Diag::new(
                input.span(),
                "statements take no attributes or doc comments",
            )
            .help(
                "write comments inside `cnn!` with `//`; attributes and `///` go before the header",
            ),
        );
        // The statement is read all the same, so that its const exists.
        while input.peek(Token![#]) {
            input.parse::<Token![#]>()?;
            input.parse::<TokenTree>()?;
        }
    }
    if input.peek(Token![crate]) {
        return Err(Diag::new(
            input.span(),
            "`crate` belongs at the top level of the network",
        )
        .help("move it out of the block"));
    }
    if let Some(name) = written_name(input)? {
        head.spans = ArgSpans::new(name.span);
        head.name = Some(name);
    }
    // Any identifier, keywords too: `in` is `instancenorm`'s alias.
    let ident: Ident = match input.call(Ident::parse_any) {
        Ok(ident) => ident,
        Err(_) if input.is_empty() => {
            return Err(Diag::new(
                head.spans.get(Arg::Keyword),
                "expected a layer after the name",
            )
            .help("write it as in `stem: conv 32 k3`"))
        }
        Err(_) => {
            return Err(Diag::new(
                input.span(),
                format!("expected a layer keyword, found `{}`", first_token(input)),
            )
            .help(format!("the layers are {}", keyword_list())))
        }
    };
    head.spans = ArgSpans::new(ident.span());
    long_literal(input)?;
    let word = ident.to_string();
    let Some(keyword) = Keyword::of(&word) else {
        if input.peek(Token![!]) {
            return Err(Diag::new(
                ident.span(),
                format!("`{}!` is a macro call: macros are not expanded inside `cnn!`", excerpt(&word)),
            )
            .help("write a `macro_rules!` around `cnn!` that pastes the repeated part in, as in `macro_rules! net { ($($stage:tt)*) => { cnn::cnn! { input 3x224x224; $($stage)* } } }`"));
        }
        return Err(unknown_keyword(&ident, &word));
    };
    head.keyword = Some(keyword);
    if head.name.is_none() && keyword == Keyword::Layer(LayerWord::Output) {
        head.name = Some(StmtName {
            text: Keyword::Layer(LayerWord::Output).word().to_string(),
            span: ident.span(),
        });
    }
    let args = Args {
        input,
        keyword,
        ident: &ident,
    };
    match keyword {
        Keyword::Layer(word) => args.kind(word, &mut head.spans).map(StmtOp::Layer),
        Keyword::From => {
            if let Some(name) = &head.name {
                return Err(Diag::new(
                    name.span,
                    "a `from` takes no name: it reads a tensor and computes none",
                )
                .help("name the statement it reads, and write the name after `from`"));
            }
            args.from(&mut head.spans).map(StmtOp::From)
        }
        Keyword::Block(word) => match word.merge() {
            Some(kind) => args.merge(kind, &mut head.parts, depth),
            None => args.block(word, &mut head.spans, &mut head.parts, depth),
        },
        Keyword::Shortcut => Err(Diag::new(ident.span(), "`shortcut` without a `residual` block before it")
            .help("write it right after the block's closing brace: `residual { ... } shortcut { ... }`")),
        Keyword::Branch => Err(Diag::new(
            ident.span(),
            format!(
                "`{ident}` belongs inside a merge block: {}",
                suggest::listed(
                    [BlockWord::Concat, BlockWord::Add, BlockWord::Mul, BlockWord::Split]
                        .map(|w| Keyword::Block(w).word())
                )
            ),
        )
        .help("write the branches inside their merge block: `concat { branch { ... } branch { ... } }`")),
        Keyword::Cat => Err(Diag::new(
            ident.span(),
            format!("`{ident}` is the concatenation that ends a `concat` or `split` block, not a statement"),
        )
        .help("write the block: `concat { branch { ... } branch { ... } }`, whose concatenation is named cat1, cat2, ...")),
        Keyword::Setting(_) => Err(Diag::new(
            ident.span(),
            format!("`{ident}` belongs at the top level of the network"),
        )
        .help("move it out of the block")),
    }
}

/// The options of a statement, for messages: `kK`, `sS`, `pP`, `same`, ...
fn option_list(keyword: Keyword) -> String {
    suggest::listed(options(keyword).map(|o| o.name()))
}

/// The statement keywords, for messages.
fn keyword_list() -> String {
    suggest::listed(keywords())
}

fn unknown_keyword(ident: &Ident, word: &str) -> Diag {
    let candidates = cnn_core::WORDS.iter().map(|w| w.text);
    let help = suggest::suggest(
        word,
        candidates,
        &format!("the layers are {}", keyword_list()),
    );
    Diag::new(ident.span(), format!("unknown layer `{}`", excerpt(word))).help(help)
}

/// The longest name written: it becomes a const and a column of the summary.
pub const MAX_NAME: usize = 64;

/// `NAME:` before a statement or a part (§12), if written: any Rust identifier, or a
/// string of segments joined by dots. A path written with dots outside a string, as
/// in `layer1.0.conv1: ...`, is an error that writes it as a string.
fn written_name(input: ParseStream) -> Result<Option<StmtName>> {
    let colon = |input: ParseStream| input.peek2(Token![:]) && !input.peek2(Token![::]);
    if input.peek(syn::LitStr) && colon(input) {
        let lit: syn::LitStr = input.parse()?;
        input.parse::<Token![:]>()?;
        let text = lit.value();
        check_path(&text, lit.span())?;
        return Ok(Some(StmtName {
            text,
            span: lit.span(),
        }));
    }
    let fork = input.fork();
    let Ok(ident) = fork.call(Ident::parse_any) else {
        return Ok(None);
    };
    if fork.peek(Token![.]) && !fork.peek(Token![..]) {
        // `layer1.0.conv1:`: the tokens up to the colon, as the string they spell.
        let mut spelled = ident.to_string();
        let ahead = fork.fork();
        let at_colon = |s: ParseStream| s.peek(Token![:]) && !s.peek(Token![::]);
        while !ahead.is_empty() && !at_colon(&ahead) {
            match ahead.parse::<TokenTree>() {
                Ok(TokenTree::Group(_)) | Err(_) => return Ok(None),
                Ok(tt) => spelled.push_str(&tt.to_string()),
            }
            if spelled.len() > MAX_NAME * 2 {
                break;
            }
        }
        if ahead.peek(Token![:]) {
            return Err(Diag::new(
                ident.span(),
                format!(
                    "`{}` is a path: a name written with dots is a string",
                    excerpt(&spelled)
                ),
            )
            .help(format!(
                "write it in quotes, as in `\"{}\": ...`, or name each level: `{}: seq {{ ... }}`",
                excerpt(&spelled),
                excerpt(ident.to_string())
            )));
        }
        return Ok(None);
    }
    if !colon(input) {
        return Ok(None);
    }
    let ident = input.call(Ident::parse_any)?;
    input.parse::<Token![:]>()?;
    let raw = ident.to_string();
    let text = raw.strip_prefix("r#").unwrap_or(&raw).to_string();
    check_length(&text, ident.span())?;
    Ok(Some(StmtName {
        text,
        span: ident.span(),
    }))
}

/// A written name takes at most [`MAX_NAME`] characters.
fn check_length(text: &str, span: Span) -> Result<()> {
    let len = text.chars().count();
    if len <= MAX_NAME {
        return Ok(());
    }
    Err(Diag::new(
        span,
        format!(
            "layer name `{}` is {} characters long",
            excerpt(text),
            Grouped(len as u64)
        ),
    )
    .help(format!("a name takes at most {MAX_NAME} characters")))
}

/// A name written as a string: segments joined by dots, none empty, no control
/// character or space (PyTorch's `add_module` refuses an empty name and a dot in one).
fn check_path(text: &str, span: Span) -> Result<()> {
    check_length(text, span)?;
    if text.is_empty() {
        return Err(Diag::new(span, "a name cannot be empty")
            .help("write a segment, as in `\"block1-0\": seq { ... }`"));
    }
    if let Some(c) = text.chars().find(|c| c.is_control() || c.is_whitespace()) {
        let what = if c.is_whitespace() {
            "a space"
        } else {
            "a control character"
        };
        return Err(Diag::new(
            span,
            format!("name `{}` holds {what}", excerpt(text).escape_debug()),
        )
        .help(
            "a name's segments are letters, digits and signs such as `_` or `-`, joined by dots",
        ));
    }
    if text.split('.').any(str::is_empty) {
        return Err(Diag::new(
            span,
            format!("path `{}` has an empty segment", excerpt(text)),
        )
        .help("join segments with one dot each, as in `\"inner_blocks.2.0\"`"));
    }
    Ok(())
}

/// The value of `expect FIGURE VALUE` after its figure's word: a count (a literal or a
/// `(...)` expression), or for `output` a shape written as `input` writes one; and
/// where it is written.
fn expected(input: ParseStream, word: &Ident, figure: Figure) -> Result<(Expect, Span)> {
    let args = Args {
        input,
        keyword: Keyword::Setting(SettingWord::Expect),
        ident: word,
    };
    let mut spans = ArgSpans::new(word.span());
    let example = format!("expect {word} 217_706");
    let count = |spans: &mut ArgSpans| args.count("the expected figure", &example, spans);
    let expect = match figure {
        Figure::Params => Expect::Params(count(&mut spans)?),
        Figure::NonTrainable => Expect::NonTrainable(count(&mut spans)?),
        Figure::Macs => Expect::Macs(count(&mut spans)?),
        Figure::Output => Expect::Output(args.dims(&mut spans)?),
    };
    Ok((expect, spans.get(Arg::Value)))
}

/// A statement being read after its keyword.
struct Args<'a, 'b> {
    input: ParseStream<'a>,
    keyword: Keyword,
    ident: &'b Ident,
}

impl Args<'_, '_> {
    /// `residual { ... } [shortcut { ... }]` or `repeat N { ... }`, each body pushed
    /// onto `read` as it is read (after an error, they name the layers they hold).
    fn block(
        &self,
        word: BlockWord,
        spans: &mut ArgSpans,
        read: &mut Vec<Part>,
        depth: u32,
    ) -> Result<StmtOp> {
        let keyword = self.ident;
        if depth >= MAX_DEPTH {
            return Err(Diag::new(
                keyword.span(),
                format!("blocks nest deeper than {MAX_DEPTH}"),
            ));
        }
        let count = match word {
            BlockWord::Repeat => {
                Some(self.count("the repeat count", "repeat 2 { conv 64 k3 p1 }", spans)?)
            }
            BlockWord::Residual
            | BlockWord::Seq
            | BlockWord::ChannelsLast
            | BlockWord::Head
            | BlockWord::Concat
            | BlockWord::Add
            | BlockWord::Mul
            | BlockWord::Scale
            | BlockWord::Split => None,
        };
        read.push(self.body(self.ident.span(), depth)?);
        let kind = match count {
            Some(count) => BlockKind::Repeat(count),
            None if word == BlockWord::Seq => BlockKind::Seq,
            None if word == BlockWord::ChannelsLast => BlockKind::ChannelsLast,
            None if word == BlockWord::Head => BlockKind::Head,
            None => {
                let name = written_name(self.input)?;
                if name.is_some() || self.input.peek(syn::Ident) {
                    let next: Ident = self.input.parse()?;
                    if next != Keyword::Shortcut.word() {
                        return Err(Diag::new(
                            next.span(),
                            format!("expected `;` or `shortcut` before `{}`", excerpt(&next)),
                        ));
                    }
                    // The shortcut is a block inside its residual: its layers are two
                    // levels deeper than the residual.
                    if depth + 1 >= MAX_DEPTH {
                        return Err(Diag::new(
                            next.span(),
                            format!("blocks nest deeper than {MAX_DEPTH}"),
                        )
                        .help("a `shortcut` is a block inside its `residual`: it counts as one more level"));
                    }
                    let mut part = self.body(next.span(), depth + 1)?;
                    part.name = name;
                    read.push(part);
                }
                BlockKind::Residual
            }
        };
        self.end_of_block()?;
        Ok(StmtOp::Block {
            kind,
            parts: std::mem::take(read),
        })
    }

    /// E14 for tokens after a block's closing brace.
    fn end_of_block(&self) -> Result<()> {
        if self.input.is_empty() {
            return Ok(());
        }
        Err(Diag::new(
            self.input.span(),
            format!("unexpected `{}` after the block", first_token(self.input)),
        )
        .help("end the block with its closing brace, or a `;` after it"))
    }

    /// A merge block: `concat`, `add`, `mul`, `split` with their `branch`es, or `scale`
    /// with its body. Each branch is a part, its statements two levels deeper, pushed
    /// onto `read` as it is read.
    fn merge(&self, kind: BlockKind, read: &mut Vec<Part>, depth: u32) -> Result<StmtOp> {
        let keyword = self.ident;
        if depth + 1 >= MAX_DEPTH {
            return Err(Diag::new(
                keyword.span(),
                format!("blocks nest deeper than {MAX_DEPTH}"),
            )
            .help("a merge block's branches are one more level"));
        }
        if kind == BlockKind::Scale {
            // E18: an empty `scale { }` multiplies the input by itself.
            let body = self.body(keyword.span(), depth + 1)?;
            let empty = body.stmts.is_empty();
            read.push(body);
            if empty {
                return Err(Diag::new(keyword.span(), format!("`{keyword}` needs a body"))
                    .help(format!(
                        "write the gate it scales by, as in `{keyword} {{ gap; conv 16 k1; relu; conv 64 k1; sigmoid }}`"
                    )));
            }
        } else {
            self.branches(read, depth)?;
        }
        self.end_of_block()?;
        Ok(StmtOp::Block {
            kind,
            parts: std::mem::take(read),
        })
    }

    /// `{ [name:] branch { ... } ... }` onto `read`: E18 for anything but a branch (the
    /// other branches are still read), or none.
    fn branches(&self, read: &mut Vec<Part>, depth: u32) -> Result<()> {
        let keyword = self.ident;
        let branch = Keyword::Branch.word();
        let example =
            format!("write them as in `{keyword} {{ {branch} {{ ... }} {branch} {{ ... }} }}`");
        let Ok(TokenTree::Group(group)) = self.input.parse::<TokenTree>() else {
            return Err(Diag::new(
                keyword.span(),
                format!("`{keyword}` needs its branches in braces"),
            )
            .help(example));
        };
        if group.delimiter() != Delimiter::Brace {
            return Err(Diag::new(
                group.span(),
                format!("`{keyword}` needs its branches in braces"),
            )
            .help(example));
        }
        let mut first_error = None;
        for (chunk, _) in split(group.stream()) {
            match run(|input| self.branch(input, depth), chunk) {
                Ok(part) => read.push(part),
                Err(diag) => {
                    first_error.get_or_insert(diag);
                }
            }
        }
        if let Some(diag) = first_error {
            return Err(diag);
        }
        if read.is_empty() {
            return Err(
                Diag::new(group.span_open(), format!("`{keyword}` holds no branches"))
                    .help(example),
            );
        }
        Ok(())
    }

    /// One `[name:] branch { ... }` of a merge block.
    fn branch(&self, input: ParseStream, depth: u32) -> Result<Part> {
        let name = written_name(input)?;
        let word = Keyword::Branch.word();
        let found: TokenTree = input.parse()?;
        let is_branch = matches!(&found, TokenTree::Ident(i) if *i == word);
        if !is_branch {
            let shown = token_excerpt(&found);
            let diag = Diag::new(
                found.span(),
                format!(
                    "`{}` holds only `{word} {{ ... }}` parts, found `{shown}`",
                    self.ident
                ),
            );
            // `brnach { ... }` is a typo, not a statement to wrap.
            return Err(match suggest::nearest(&shown, [word]) {
                Some(near) => diag.help(format!("did you mean `{near}`?")),
                None => diag.help(format!("wrap it: `{word} {{ {shown} ... }}`")),
            });
        }
        let span = found.span();
        let Ok(TokenTree::Group(group)) = input.parse::<TokenTree>() else {
            return Err(
                Diag::new(span, format!("`{word}` needs a body in braces")).help(format!(
                    "write it as in `{word} {{ conv 64 k1 }}`; `{word} {{ }}` is the identity"
                )),
            );
        };
        if !input.is_empty() {
            return Err(Diag::new(
                input.span(),
                format!("unexpected `{}` after the branch", first_token(input)),
            ));
        }
        Ok(Part {
            name,
            span,
            stmts: seq(group.stream(), depth + 2),
        })
    }

    /// `{ statements }`, a part of a block that starts at `span`.
    fn body(&self, span: Span, depth: u32) -> Result<Part> {
        let group: TokenTree =
            match self.input.parse() {
                Ok(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => TokenTree::Group(g),
                _ => return Err(Diag::new(
                    self.ident.span(),
                    format!("`{}` needs a body in braces", self.ident),
                )
                .help(match self.keyword {
                    Keyword::Block(BlockWord::Repeat) => {
                        "write it as in `repeat 2 { conv 64 k3 p1; relu }`"
                    }
                    _ => "write it as in `residual { conv 64 k3 p1; bn; relu; conv 64 k3 p1; bn }`",
                })),
            };
        let TokenTree::Group(group) = group else {
            return Ok(Part {
                name: None,
                span,
                stmts: Vec::new(),
            });
        };
        Ok(Part {
            name: None,
            span,
            stmts: seq(group.stream(), depth + 1),
        })
    }

    /// `from PATH`'s path: a name (any identifier), segments joined by dots
    /// (`layer3.5`, `backbone.body.layer2`), or a string (`"inner_blocks.2.0"`).
    fn from(&self, spans: &mut ArgSpans) -> Result<String> {
        let input = self.input;
        let usual = "write the path of an earlier statement, as in `from layer3` or `from backbone.layer2.3`";
        let (text, span) = if input.peek(syn::LitStr) {
            let lit: syn::LitStr = input.parse()?;
            (lit.value(), lit.span())
        } else {
            let mut text = String::new();
            let mut span: Option<Span> = None;
            loop {
                let piece = if input.peek(syn::LitInt) {
                    let lit: syn::LitInt = input.parse()?;
                    (lit.to_string(), lit.span())
                } else if input.peek(syn::LitFloat) {
                    // `layer1.0.1` reads as `layer1`, `.`, `0.1`.
                    let lit: syn::LitFloat = input.parse()?;
                    (lit.to_string(), lit.span())
                } else if let Ok(ident) = input.call(Ident::parse_any) {
                    let name = ident.to_string();
                    let name = name.strip_prefix("r#").map_or(name.clone(), str::to_string);
                    (name, ident.span())
                } else {
                    let found = first_token(input);
                    let message = if found.is_empty() {
                        "expected the path `from` reads".to_string()
                    } else {
                        format!(
                            "expected the path `from` reads, found `{}`",
                            excerpt(&found)
                        )
                    };
                    let at = if input.is_empty() {
                        self.ident.span()
                    } else {
                        input.span()
                    };
                    return Err(Diag::new(at, message).help(usual));
                };
                text.push_str(&piece.0);
                span = Some(span.map_or(piece.1, |s| s.join(piece.1).unwrap_or(s)));
                if !input.peek(Token![.]) {
                    break;
                }
                input.parse::<Token![.]>()?;
                text.push('.');
            }
            (text, span.unwrap_or_else(|| input.span()))
        };
        check_path(&text, span)?;
        spans.set(Arg::Value, span);
        if !input.is_empty() {
            return Err(self.stray());
        }
        Ok(text)
    }

    fn kind(&self, word: LayerWord, spans: &mut ArgSpans) -> Result<Kind> {
        // `conv1d`, `maxpool3d`: the rank the word insists on.
        let rank = Keyword::rank_of(&self.ident.to_string());
        let kind = match word {
            LayerWord::Input => Kind::Input(self.dims(spans)?),
            LayerWord::Conv => {
                let example = format!("{} 32 k3", self.ident);
                let filters = self.count("the number of filters", &example, spans)?;
                Kind::Conv(Conv {
                    rank,
                    ..self.conv(filters, spans)?
                })
            }
            LayerWord::Upconv => {
                let example = format!("{} 64 k2 s2", self.ident);
                let filters = self.count("the number of filters", &example, spans)?;
                Kind::ConvTranspose(ConvTranspose {
                    rank,
                    ..self.upconv(filters, spans)?
                })
            }
            LayerWord::MaxPool => Kind::MaxPool(Pool {
                rank,
                ..self.pool(spans)?
            }),
            LayerWord::AvgPool => Kind::AvgPool(Pool {
                rank,
                ..self.pool(spans)?
            }),
            LayerWord::AdaptiveAvgPool => {
                Kind::AdaptiveAvgPool(self.sizes("the output size", "7", spans)?)
            }
            LayerWord::AdaptiveMaxPool => {
                Kind::AdaptiveMaxPool(self.sizes("the output size", "7", spans)?)
            }
            LayerWord::Pad => Kind::Pad(self.pad(spans)?),
            LayerWord::Upsample => Kind::Upsample(Upsample {
                scale: self.sizes("the scale factor", "2", spans)?,
                mode: self.mode(spans)?,
            }),
            LayerWord::Resize => Kind::Resize(Resize {
                size: self.sizes("the output size", "224", spans)?,
                mode: self.mode(spans)?,
            }),
            LayerWord::Dense | LayerWord::Output => {
                let example = format!("{} 10", self.ident);
                let units = self.count("the number of units", &example, spans)?;
                let mut dense = Dense { units, bias: true };
                self.options(&mut |o| {
                    dense.bias = o.option != OptionWord::NoBias;
                    Ok(())
                })?;
                Kind::Dense(dense)
            }
            LayerWord::Dropout => Kind::Dropout(Dropout {
                p: self.real("the probability", "dropout 0.5", false, spans)?,
            }),
            LayerWord::Gap => Kind::GlobalAvgPool,
            LayerWord::Flatten => Kind::Flatten,
            LayerWord::BatchNorm => Kind::BatchNorm(self.norm(spans)?.0),
            LayerWord::LayerNorm => Kind::LayerNorm(self.norm(spans)?.0),
            LayerWord::InstanceNorm => {
                let (norm, affine) = self.norm(spans)?;
                Kind::InstanceNorm(affine, norm)
            }
            LayerWord::PixelShuffle => {
                let example = format!("{} 2", self.ident);
                Kind::PixelShuffle(self.count("the upscale factor", &example, spans)?)
            }
            LayerWord::PixelUnshuffle => {
                let example = format!("{} 2", self.ident);
                Kind::PixelUnshuffle(self.count("the downscale factor", &example, spans)?)
            }
            LayerWord::LayerScale => Kind::LayerScale,
            LayerWord::PRelu => Kind::PRelu,
            LayerWord::GroupNorm => {
                let example = format!("{} 32", self.ident);
                let groups = self.count("the number of groups", &example, spans)?;
                Kind::GroupNorm(groups, self.norm(spans)?.0)
            }
            LayerWord::Shuffle => {
                let example = format!("{} 2", self.ident);
                Kind::Shuffle(self.count("the number of groups", &example, spans)?)
            }
            LayerWord::DropPath => {
                let example = format!("{} 0.1", self.ident);
                Kind::DropPath(Dropout {
                    p: self.real("the probability", &example, false, spans)?,
                })
            }
            LayerWord::Activation(a) => Kind::Activation(self.activation(a, spans)?),
        };
        // Statements without options still reject stray tokens.
        self.options(&mut |_| Ok(()))?;
        Ok(kind)
    }

    /// A normalization's options, `eps E` and (BatchNorm's) `momentum M`, starting from
    /// PyTorch's defaults.
    /// A normalization's `eps E`, `momentum M` and, for `instancenorm`, `affine`; the
    /// options table refuses each where it does not belong.
    fn norm(&self, spans: &mut ArgSpans) -> Result<(Norm, bool)> {
        let mut norm = Norm::DEFAULT;
        let mut affine = false;
        self.options(&mut |o| {
            let value = o.real.unwrap_or(f64::NAN);
            match o.option {
                OptionWord::Affine => affine = true,
                OptionWord::Eps => {
                    norm.eps = value;
                    spans.set(Arg::Eps, o.span);
                }
                OptionWord::Momentum => {
                    norm.momentum = value;
                    spans.set(Arg::Momentum, o.span);
                }
                OptionWord::Kernel
                | OptionWord::Stride
                | OptionWord::Padding
                | OptionWord::Same
                | OptionWord::Valid
                | OptionWord::Dilation
                | OptionWord::Groups
                | OptionWord::Depthwise
                | OptionWord::NoBias
                | OptionWord::Ceil
                | OptionWord::OutputPadding
                | OptionWord::Mode(_)
                | OptionWord::PadMode(_) => {}
            }
            Ok(())
        })?;
        Ok((norm, affine))
    }

    /// `conv`'s options, starting from `Conv::new`'s defaults.
    fn conv(&self, filters: u64, spans: &mut ArgSpans) -> Result<Conv> {
        let mut kernel = None;
        let mut conv = Conv::new(filters, PerAxis::uniform(1));
        self.options(&mut |o| {
            match o.option {
                OptionWord::Kernel => kernel = Some(o.pair()?),
                OptionWord::Stride => conv.stride = o.pair()?,
                OptionWord::Padding => conv.padding = Padding::Explicit(o.pair()?),
                OptionWord::Same => conv.padding = Padding::Same,
                OptionWord::Valid => conv.padding = Padding::Explicit(PerAxis::uniform(0)),
                OptionWord::Dilation => conv.dilation = o.pair()?,
                OptionWord::Groups => conv.groups = Groups::Count(o.single()?),
                OptionWord::Depthwise => conv.groups = Groups::Depthwise,
                OptionWord::NoBias => conv.bias = false,
                OptionWord::Ceil
                | OptionWord::OutputPadding
                | OptionWord::Mode(_)
                | OptionWord::Eps
                | OptionWord::Momentum
                | OptionWord::Affine
                | OptionWord::PadMode(_) => {}
            }
            if let Some(arg) = o.arg() {
                spans.set(arg, o.span);
            }
            Ok(())
        })?;
        conv.kernel = self.kernel(kernel, &format!("{filters} k3"))?;
        Ok(conv)
    }

    /// The kernel a convolution requires, or E3 with `usual` as the example.
    fn kernel(&self, kernel: Option<PerAxis>, usual: &str) -> Result<PerAxis> {
        kernel.ok_or_else(|| {
            Diag::new(
                self.ident.span(),
                format!("`{}` needs a kernel size", self.ident),
            )
            .help(format!("add one, as in `{} {usual}`", self.ident))
        })
    }

    /// `upconv`'s options, starting from `ConvTranspose::new`'s defaults.
    fn upconv(&self, filters: u64, spans: &mut ArgSpans) -> Result<ConvTranspose> {
        let mut kernel = None;
        let mut up = ConvTranspose::new(filters, PerAxis::uniform(1));
        self.options(&mut |o| {
            match o.option {
                OptionWord::Kernel => kernel = Some(o.pair()?),
                OptionWord::Stride => up.stride = o.pair()?,
                OptionWord::Padding => up.padding = o.pair()?,
                OptionWord::OutputPadding => up.output_padding = o.pair()?,
                OptionWord::Dilation => up.dilation = o.pair()?,
                OptionWord::Groups => up.groups = o.single()?,
                OptionWord::NoBias => up.bias = false,
                OptionWord::Same
                | OptionWord::Valid
                | OptionWord::Depthwise
                | OptionWord::Ceil
                | OptionWord::Mode(_)
                | OptionWord::Eps
                | OptionWord::Momentum
                | OptionWord::Affine
                | OptionWord::PadMode(_) => {}
            }
            if let Some(arg) = o.arg() {
                spans.set(arg, o.span);
            }
            Ok(())
        })?;
        up.kernel = self.kernel(kernel, &format!("{filters} k2 s2"))?;
        Ok(up)
    }

    /// The sizes or factor after `adaptiveavgpool`, `resize` or `upsample`: one number
    /// for every axis, or one per axis (`7`, `7x5`).
    fn sizes(&self, what: &str, usual: &str, spans: &mut ArgSpans) -> Result<PerAxis> {
        let example = format!("{} {usual}", self.ident);
        let (sizes, span) = self.value(what, &example, pair_text)?;
        spans.set(Arg::Value, span);
        Ok(sizes)
    }

    /// The interpolation mode among the options, `nearest` when none is written.
    /// `pad (A, B, ...) [mode]`: 2, 4 or 6 integers in parentheses, each may be
    /// negative, `F.pad`'s pairs for the last axis first; then its mode.
    fn pad(&self, spans: &mut ArgSpans) -> Result<Pad> {
        let example = "write its (before, after) pairs in parentheses, the last axis first, as `F.pad` takes them: `pad (2, 0)`, `pad (1, 1, 1, 1) reflect`";
        let group = match self.input.parse::<TokenTree>() {
            Ok(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => g,
            Ok(other) => {
                return Err(Diag::new(
                    other.span(),
                    format!("`{}` needs its padding in parentheses", self.ident),
                )
                .help(example))
            }
            Err(_) => {
                return Err(Diag::new(
                    self.ident.span(),
                    format!("`{}` needs its padding", self.ident),
                )
                .help(example))
            }
        };
        spans.set(Arg::Value, group.span());
        let values = run(
            |input| {
                let mut values: Vec<i64> = Vec::new();
                while !input.is_empty() {
                    let negative = input.parse::<Option<Token![-]>>()?.is_some();
                    let lit: LitInt = input.parse().map_err(|_| {
                        Diag::new(input.span(), "expected an integer").help(example)
                    })?;
                    let value: i64 = lit.base10_parse().map_err(|_| {
                        Diag::new(
                            lit.span(),
                            format!("`{}` is not a padding", excerpt(lit.to_string())),
                        )
                        .help("write an integer without a suffix")
                    })?;
                    values.push(if negative { -value } else { value });
                    if !input.is_empty() {
                        input.parse::<Token![,]>()?;
                    }
                }
                Ok(values)
            },
            group.stream(),
        )?;
        if values.is_empty() || values.len() % 2 != 0 || values.len() > 6 {
            return Err(Diag::new(
                group.span(),
                format!(
                    "`{}` takes 2, 4 or 6 numbers, not {}",
                    self.ident,
                    values.len()
                ),
            )
            .help("give a (before, after) pair for each axis it pads, the last axis first"));
        }
        let pairs: Vec<(i64, i64)> = values.chunks(2).map(|p| (p[0], p[1])).collect();
        let mut mode = PadMode::Zeros;
        self.options(&mut |o| {
            if let OptionWord::PadMode(m) = o.option {
                mode = m;
                spans.set(Arg::Mode, o.span);
            }
            Ok(())
        })?;
        Ok(Pad::new(&pairs, mode))
    }

    fn mode(&self, spans: &mut ArgSpans) -> Result<Interpolation> {
        let mut mode = Interpolation::Nearest;
        self.options(&mut |o| {
            if let OptionWord::Mode(m) = o.option {
                mode = m;
                spans.set(Arg::Mode, o.span);
            }
            Ok(())
        })?;
        Ok(mode)
    }

    /// `pool K [sS] [pP] [ceil]`, starting from `Pool::new`'s defaults.
    fn pool(&self, spans: &mut ArgSpans) -> Result<Pool> {
        let example = format!("{} 2", self.ident);
        let (window, span) = self.value("the window size", &example, pair_text)?;
        spans.set(Arg::Kernel, span);
        let mut pool = Pool::new(window);
        self.options(&mut |o| {
            match o.option {
                OptionWord::Stride => pool.stride = o.pair()?,
                OptionWord::Padding => pool.padding = o.pair()?,
                OptionWord::Ceil => pool.ceil = true,
                OptionWord::Kernel
                | OptionWord::Same
                | OptionWord::Valid
                | OptionWord::Dilation
                | OptionWord::Groups
                | OptionWord::Depthwise
                | OptionWord::NoBias
                | OptionWord::OutputPadding
                | OptionWord::Mode(_)
                | OptionWord::Eps
                | OptionWord::Momentum
                | OptionWord::Affine
                | OptionWord::PadMode(_) => {}
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
        if let Some(diag) = self.shape_in_pieces(None) {
            return Err(diag);
        }
        let written = self
            .input
            .fork()
            .parse::<TokenTree>()
            .map(|t| t.to_string());
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
                [c, l] => Ok(Shape::signal(number(c)?, number(l)?)),
                [c, h, w] => Ok(Shape::image(number(c)?, number(h)?, number(w)?)),
                [c, d, h, w] => Ok(Shape::volume(
                    number(c)?,
                    number(d)?,
                    number(h)?,
                    number(w)?,
                )),
                _ => Err(Problem::Shape),
            }
        })?;
        spans.set(Arg::Value, span);
        if let Some(diag) = self.shape_in_pieces(written.ok()) {
            return Err(diag);
        }
        Ok(shape)
    }

    /// E5: an input shape written in pieces — `3 x 224 x 224`, `3, 224, 224`,
    /// `(3, 224, 224)` — with the one token it should be. `first` is the number
    /// already read, if any.
    fn shape_in_pieces(&self, first: Option<String>) -> Option<Diag> {
        let fork = self.input.fork();
        let next: TokenTree = fork.parse().ok()?;
        let pieces = match (&next, &first) {
            (TokenTree::Group(g), None) => {
                matches!(g.delimiter(), Delimiter::Parenthesis | Delimiter::Bracket)
                    && !expr::is_expression(g)
            }
            (TokenTree::Punct(p), Some(_)) => matches!(p.as_char(), ',' | '*'),
            (TokenTree::Ident(i), Some(_)) => {
                let text = i.to_string();
                let mut rest = text.chars();
                matches!(rest.next(), Some('x' | 'X'))
                    && rest.all(|c| c.is_ascii_digit() || matches!(c, 'x' | 'X' | '_'))
            }
            _ => false,
        };
        if !pieces {
            return None;
        }
        // Every number written, in order: `3`, then those of the pieces.
        fn gather(tokens: TokenStream, numbers: &mut Vec<String>, depth: u32) {
            if depth > 2 {
                return;
            }
            for tt in tokens {
                match tt {
                    TokenTree::Literal(lit) => numbers.push(lit.to_string()),
                    TokenTree::Ident(i) => numbers.extend(
                        i.to_string()
                            .split(['x', 'X'])
                            .filter(|n| !n.is_empty())
                            .map(str::to_owned),
                    ),
                    TokenTree::Group(g) => gather(g.stream(), numbers, depth + 1),
                    TokenTree::Punct(_) => {}
                }
            }
        }
        let mut numbers: Vec<String> = first.into_iter().collect();
        let rest: TokenStream = fork.parse().ok()?;
        gather(
            std::iter::once(next.clone()).chain(rest).collect(),
            &mut numbers,
            0,
        );
        Some(
            Diag::new(
                next.span(),
                "the input shape is one token, without spaces, commas or parentheses",
            )
            .help(format!(
                "write `input {}`: channels first, then height and width",
                excerpt(numbers.join("x"))
            )),
        )
    }

    /// A single count: filters or units.
    fn count(&self, what: &str, example: &str, spans: &mut ArgSpans) -> Result<u64> {
        let (n, span) = self.value(what, example, |text| {
            if is_radix(text) {
                Err(Problem::Radix)
            } else if has_suffix(text) {
                Err(Problem::Suffix)
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
        if let Some(group) = self.expression() {
            let n = expr::evaluate(&group)?;
            let text = n.to_string();
            return match read(&text) {
                Ok(v) => Ok((v, group.span())),
                Err(problem) => Err(problem.diag(group.span(), &text, what, &text)),
            };
        }
        if !self.input.peek(LitInt) {
            return Err(self.not_an_integer(what, example));
        }
        let lit: LitInt = self.input.parse()?;
        let text = lit.to_string();
        if text.starts_with('-') {
            return Err(Diag::new(lit.span(), format!("{what} cannot be negative"))
                .help(format!("write it as in `{example}`")));
        }
        match read(&text) {
            Ok(v) => Ok((v, lit.span())),
            Err(problem) => Err(problem.diag(lit.span(), &text, what, lit.base10_digits())),
        }
    }

    /// A parenthesized integer expression next, taken: `(4*64)`.
    fn expression(&self) -> Option<Group> {
        match self.input.fork().parse::<TokenTree>() {
            Ok(TokenTree::Group(g)) if expr::is_expression(&g) => {
                let _ = self.input.parse::<TokenTree>();
                Some(g)
            }
            _ => None,
        }
    }

    /// The error for a missing value, or one that is not an integer.
    fn not_an_integer(&self, what: &str, example: &str) -> Diag {
        let input = self.input;
        if input.peek(LitFloat) {
            if let Ok(lit) = input.parse::<LitFloat>() {
                let text = lit.to_string();
                return Problem::Float.diag(lit.span(), &text, what, lit.base10_digits());
            }
        }
        let mut help = format!("write it as in `{example}`");
        if let (Keyword::Layer(LayerWord::MaxPool) | Keyword::Layer(LayerWord::AvgPool), Ok(next)) =
            (self.keyword, input.fork().parse::<Ident>())
        {
            let next = next.to_string();
            if let Some(window) = next.strip_prefix('k').filter(|w| pair_text(w).is_ok()) {
                help = format!(
                    "the window is a plain number, without `k`: `{} {window}`",
                    self.ident
                );
            }
        }
        if input.peek(Token![-]) {
            return Diag::new(input.span(), format!("{what} cannot be negative")).help(help);
        }
        if input.peek(syn::Lit) {
            let found = first_token(input);
            return Diag::new(input.span(), format!("expected {what}, found `{found}`")).help(help);
        }
        if let Ok(name) = input.fork().call(Ident::parse_any) {
            let text = name.to_string();
            if text.starts_with(|c: char| c.is_ascii_uppercase()) || input.peek2(Token![::]) {
                return Diag::new(
                    name.span(),
                    format!("expected {what}, found the Rust name `{}`", excerpt(&text)),
                )
                .help("`cnn!` reads literals and `(...)` expressions only: it runs before consts have values, so write the number (a `macro_rules!` around `cnn!` can paste it in)");
            }
        }
        Diag::new(self.ident.span(), format!("`{}` needs {what}", self.ident)).help(help)
    }

    /// A real number after the keyword, an integer or decimal literal: dropout's
    /// probability, `leaky_relu`'s slope. `negative` is whether it may be below zero.
    fn real(&self, what: &str, example: &str, negative: bool, spans: &mut ArgSpans) -> Result<f64> {
        let input = self.input;
        let (digits, suffix, span, text) = if input.peek(LitFloat) {
            let lit: LitFloat = input.parse()?;
            let digits = lit.base10_digits().to_owned();
            (digits, lit.suffix().to_owned(), lit.span(), lit.to_string())
        } else if input.peek(LitInt) {
            let lit: LitInt = input.parse()?;
            let text = lit.to_string();
            if is_radix(text.trim_start_matches('-')) {
                return Err(Problem::Radix.diag(lit.span(), &text, what, lit.base10_digits()));
            }
            let digits = lit.base10_digits().to_owned();
            (digits, lit.suffix().to_owned(), lit.span(), text)
        } else {
            return Err(self.not_an_integer(what, example));
        };
        if text.starts_with('-') && !negative {
            return Err(Diag::new(span, format!("{what} cannot be negative"))
                .help(format!("write it as in `{example}`")));
        }
        if !suffix.is_empty() {
            return Err(Problem::Suffix.diag(span, &text, what, &digits));
        }
        let value: f64 = digits
            .parse()
            .map_err(|_| Problem::Malformed.diag(span, &text, what, &digits))?;
        if !value.is_finite() {
            return Err(Diag::new(
                span,
                format!("{what} `{}` does not fit in f64", excerpt(&text)),
            ));
        }
        spans.set(Arg::Value, span);
        Ok(value)
    }

    /// An activation, with the argument PyTorch's module takes where it takes one:
    /// `leaky_relu 0.1` (`nn.LeakyReLU(0.1)`), `elu 1.0`.
    fn activation(&self, a: Activation, spans: &mut ArgSpans) -> Result<Activation> {
        let input = self.input;
        let given = input.peek(LitFloat) || input.peek(LitInt);
        let word = self.ident;
        Ok(match a {
            Activation::LeakyRelu { .. } if given => Activation::LeakyRelu {
                negative_slope: self.real(
                    "the negative slope",
                    &format!("{word} 0.1"),
                    true,
                    spans,
                )?,
            },
            Activation::Elu { .. } if given => Activation::Elu {
                alpha: self.real("alpha", &format!("{word} 1.0"), true, spans)?,
            },
            other => other,
        })
    }

    /// Reads options to the end of the statement, checking that each is one this
    /// statement takes and is given once, and hands each to `each`.
    /// `each` is a trait object: one copy of this long function, not one per caller.
    fn options(&self, each: &mut dyn FnMut(&Written) -> Result<()>) -> Result<()> {
        let input = self.input;
        let mut seen: Vec<(&Opt, String)> = Vec::new();
        while !input.is_empty() {
            if !input.peek(syn::Ident) {
                return Err(self.stray());
            }
            let ident: Ident = input.parse()?;
            let text = ident.to_string();
            let split = text
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(text.len());
            let (word, number) = text.split_at(split);
            let opt = options(self.keyword)
                .find(|o| o.word == word && (o.takes_number() || number.is_empty()));
            // A statement word that is not one of this statement's options (`linear` is
            // `upsample`'s mode and `dense`'s alias) starts the next statement.
            let Some(opt) = opt else {
                if Keyword::of(&text).is_some() {
                    return Err(
                        Diag::new(ident.span(), format!("expected `;` before `{text}`"))
                            .help(format!("end the `{}` statement with `;`", self.ident)),
                    );
                }
                return Err(self.unknown_option(&ident, &text));
            };
            let shown = excerpt(&text);
            if let Some((_, first)) = seen.iter().find(|(o, _)| o.word == opt.word) {
                return Err(Diag::new(
                    ident.span(),
                    format!(
                        "option `{}` is given twice, as `{first}` and `{shown}`",
                        opt.name()
                    ),
                )
                .help("keep one"));
            }
            // Options that set the same thing conflict: `p1 same`, `g2 dw`.
            if let Some((_, first)) = seen.iter().find(|(o, _)| o.sets == opt.sets) {
                return Err(Diag::new(
                    ident.span(),
                    format!("`{first}` and `{shown}` both set {}", opt.sets),
                )
                .help("keep one"));
            }
            if opt.value == Value::Real {
                // `eps 1e-3`: the number after a space, as PyTorch's keyword argument.
                let example = format!("{word} 1e-3");
                if !(input.peek(LitFloat) || input.peek(LitInt)) {
                    return Err(Diag::new(
                        ident.span(),
                        format!("`{word}` needs a number after it"),
                    )
                    .help(format!("write it as in `{} {example}`", self.ident)));
                }
                let mut at = ArgSpans::new(ident.span());
                let real = self.real(&format!("`{word}`"), &example, false, &mut at)?;
                seen.push((opt, shown));
                each(&Written {
                    option: opt.option,
                    value: None,
                    real: Some(real),
                    span: at.get(Arg::Value),
                    text,
                })?;
                continue;
            }
            let value = if opt.takes_number() {
                if number.is_empty() {
                    // `k(3)`, `p((5-1)/2)`: an expression for every axis.
                    let Some(group) = self.expression() else {
                        return Err(self.value_not_attached(&ident, opt));
                    };
                    let n = expr::evaluate(&group)?;
                    seen.push((opt, shown));
                    each(&Written {
                        option: opt.option,
                        value: Some(PerAxis::uniform(n)),
                        real: None,
                        span: ident.span(),
                        text: format!("{word}{n}"),
                    })?;
                    continue;
                }
                let what = format!("the value of `{}`", opt.word);
                Some(pair_text(number).map_err(|p| p.diag(ident.span(), &text, &what, number))?)
            } else {
                None
            };
            seen.push((opt, shown));
            each(&Written {
                option: opt.option,
                value,
                real: None,
                span: ident.span(),
                text,
            })?;
        }
        Ok(())
    }

    /// E3/E5: an option whose number is not right after it: `k 3`, `p-1`, `k(3, 3)`,
    /// `k=3`, or none at all.
    fn value_not_attached(&self, ident: &Ident, opt: &Opt) -> Diag {
        let input = self.input;
        let word = opt.word;
        // The least value, and a usual one: `p1`, `k3`, `s2`.
        let (least, usual) = match opt.option {
            OptionWord::Padding => (0, 1),
            OptionWord::Kernel => (1, 3),
            _ => (1, 2),
        };
        let negative = input.peek(Token![-])
            || ((input.peek(LitInt) || input.peek(LitFloat))
                && first_token(input).starts_with('-'));
        if negative {
            return Diag::new(input.span(), format!("{} cannot be negative", opt.sets)).help(
                format!("write {least} or more right after `{word}`, as in `{word}{usual}`"),
            );
        }
        // The numbers inside `(3, 3)` or after `=`, to write them as the DSL does.
        let fork = input.fork();
        if fork.peek(Token![=]) {
            let _ = fork.parse::<Token![=]>();
        }
        let numbers: Option<Vec<String>> = match fork.parse::<TokenTree>() {
            Ok(TokenTree::Literal(lit)) => Some(vec![lit.to_string()]),
            Ok(TokenTree::Group(g)) if g.delimiter() != Delimiter::Brace => Some(
                g.stream()
                    .into_iter()
                    .filter_map(|t| match t {
                        TokenTree::Literal(lit) => Some(lit.to_string()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        };
        let Some(mut numbers) = numbers.filter(|n| !n.is_empty()) else {
            return Diag::new(ident.span(), format!("option `{word}` needs a number"))
                .help(format!("write it as in `{word}3`"));
        };
        // `k(3, 3)` is `k3`: one number stands for both axes.
        numbers.dedup();
        let fixed = excerpt(format!("{word}{}", numbers.join("x")));
        Diag::new(
            ident.span(),
            format!("option `{word}` takes its number right after it"),
        )
        .help(format!("write `{fixed}`"))
    }

    /// E14: a token that is neither an option nor `;`.
    fn stray(&self) -> Diag {
        let input = self.input;
        let found = first_token(input);
        if let Some(diag) = self.no_arguments(input.span(), &found) {
            return diag;
        }
        let list = option_list(self.keyword);
        let message = format!("unexpected `{found}`: expected `;`");
        if matches!(found.as_str(), "+" | "-" | "*" | "/" | "%") {
            return Diag::new(input.span(), format!("{message} or an option")).help(
                "a computed value goes in parentheses: write the whole expression as in `conv (2*64)`",
            );
        }
        if list.is_empty() {
            Diag::new(input.span(), message)
        } else {
            Diag::new(input.span(), format!("{message} or an option"))
                .help(format!("`{}` takes {list}", self.ident))
        }
    }

    /// E4 for a statement that takes no arguments (`relu 0.1`, `bn 64`), saying so;
    /// `None` for one that takes some.
    fn no_arguments(&self, span: Span, found: &str) -> Option<Diag> {
        let word = self.ident;
        let help = match self.keyword {
            Keyword::Layer(LayerWord::BatchNorm) => {
                format!("BatchNorm's channels come from its input: write `{word};`")
            }
            Keyword::Layer(LayerWord::LayerNorm) | Keyword::Layer(LayerWord::LayerScale) => {
                format!("its channels come from its input: write `{word};`")
            }
            Keyword::Layer(LayerWord::PRelu) => {
                format!("`{word}` is `nn.PReLU()`, one slope for all channels: write `{word};`")
            }
            Keyword::Layer(LayerWord::Gap) => format!("it always pools to Cx1x1: write `{word};`"),
            Keyword::Layer(LayerWord::Flatten) => format!("write `{word};`"),
            Keyword::Layer(LayerWord::Activation(Activation::LeakyRelu { .. })) => {
                format!("`{word}` takes at most one number, its negative slope, as in `{word} 0.1`")
            }
            Keyword::Layer(LayerWord::Activation(Activation::Elu { .. })) => {
                format!("`{word}` takes at most one number, its alpha, as in `{word} 1.0`")
            }
            Keyword::Layer(LayerWord::Activation(_)) => format!("write `{word};`"),
            _ => return None,
        };
        let takes = match self.keyword {
            Keyword::Layer(LayerWord::Activation(
                Activation::LeakyRelu { .. } | Activation::Elu { .. },
            )) => {
                format!("unexpected `{found}` after `{word}`")
            }
            // `bn` and `ln` take options (`eps E`), not a number.
            _ if options(self.keyword).next().is_some() => {
                format!("`{word}` takes no number, found `{found}`")
            }
            _ => format!("`{word}` takes no arguments, found `{found}`"),
        };
        Some(Diag::new(span, takes).help(help))
    }

    /// E4: an option this statement does not take.
    fn unknown_option(&self, ident: &Ident, text: &str) -> Diag {
        // A statement with options lists them instead.
        if options(self.keyword).next().is_none() {
            if let Some(diag) = self.no_arguments(ident.span(), &excerpt(text)) {
                return diag;
            }
        }
        let list = option_list(self.keyword);
        if list.is_empty() {
            return Diag::new(
                ident.span(),
                format!(
                    "`{}` takes no options, found `{}`",
                    self.ident,
                    excerpt(text)
                ),
            )
            .help("end the statement with `;`");
        }
        let split = text
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(text.len());
        let (word, number) = text.split_at(split);
        let takes = format!("`{}` takes {list}", self.ident);
        let near = suggest::nearest(word, options(self.keyword).map(|o| o.word));
        let kernel = OptionWord::Kernel.opt().word;
        let help = match (self.keyword, near) {
            (Keyword::Layer(LayerWord::MaxPool) | Keyword::Layer(LayerWord::AvgPool), _)
                if word == kernel && !number.is_empty() =>
            {
                format!(
                    "the window is the number after `{0}`, as in `{0} {number}`; {takes}",
                    self.ident
                )
            }
            (_, Some(near)) if near != word => format!("did you mean `{near}`? {takes}"),
            _ => takes,
        };
        Diag::new(
            ident.span(),
            format!("unknown option `{}` for `{}`", excerpt(text), self.ident),
        )
        .help(help)
    }
}

/// One option as written: `k3x5` is the kernel, with value 3x5.
struct Written {
    option: OptionWord,
    value: Option<PerAxis>,
    /// The real number after the word, for `eps E` and `momentum M`.
    real: Option<f64>,
    span: Span,
    text: String,
}

impl Written {
    fn pair(&self) -> Result<PerAxis> {
        self.value.ok_or_else(|| {
            Diag::new(
                self.span,
                format!("option `{}` needs a number", self.word()),
            )
        })
    }

    fn single(&self) -> Result<u64> {
        let pair = self.pair()?;
        if self.text.contains('x') {
            return Err(Diag::new(
                self.span,
                format!("option `{}` takes a single number", self.word()),
            )
            .help(format!("write it as in `{}{}`", self.word(), pair.h)));
        }
        Ok(pair.h)
    }

    /// The argument this option sets, for error spans.
    fn arg(&self) -> Option<Arg> {
        self.option.arg()
    }

    /// The option's word: `k`.
    fn word(&self) -> &'static str {
        self.option.opt().word
    }
}

/// What is wrong with a number as written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Problem {
    Malformed,
    Shape,
    Axes,
    NotSingle,
    Radix,
    Float,
    Suffix,
    TooLarge,
}

impl Problem {
    /// E5 (E12 for a number past u64) on the literal `text`, which should be `what`.
    fn diag(self, span: Span, text: &str, what: &str, decimal: &str) -> Diag {
        match self {
            Problem::Malformed => {
                Diag::new(span, format!("expected {what} as a plain integer, found `{text}`"))
                    .help("write digits only, with `_` between groups if you like")
            }
            Problem::Suffix => Diag::new(span, format!("unexpected suffix on {what} `{text}`"))
                .help(format!("write `{decimal}`")),
            Problem::Shape => Diag::new(span, format!("expected {what} as CxHxW, CxL, CxDxHxW or N, found `{text}`"))
                .help("write the channels, then one size per axis: `input 1x28x28` (an image), `input 1x16000` (a signal), `input 1x64x128x128` (a volume), or a flat size as in `input 784`"),
            Problem::Axes => Diag::new(span, format!("expected {what} as one number for every axis or one per axis, found `{text}`"))
                .help("a map has at most three axes: write `3`, `3x5` or `3x5x5`"),
            Problem::NotSingle => {
                Diag::new(span, format!("expected {what} as a single number, found `{text}`"))
            }
            Problem::Radix => Diag::new(span, format!("expected {what} in decimal, found `{text}`"))
                .help(format!("write `{decimal}`")),
            Problem::Float => {
                Diag::new(span, format!("expected {what} as an integer, found `{text}`"))
                    .help("write digits only, without `.` or an exponent")
            }
            Problem::TooLarge => Diag::new(span, format!("{what} `{text}` does not fit in u64"))
                .help("the largest count is 18_446_744_073_709_551_615"),
        }
    }
}

/// `32u8`, `10usize`: an integer with a type suffix.
fn has_suffix(text: &str) -> bool {
    [
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ]
    .iter()
    .any(|suffix| text.ends_with(suffix))
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

/// `3` or `3x5`. An option's value is part of an identifier, never a radix literal:
/// `p0x2` is 0 rows and 2 columns of padding (`padding=(0, 2)`). A literal window such
/// as `pool 0x2`, which Rust lexes as hexadecimal, is read the same way: a zero size.
fn pair_text(text: &str) -> std::result::Result<PerAxis, Problem> {
    if text.starts_with("0o") || text.starts_with("0b") {
        return Err(Problem::Radix);
    }
    // One number for every axis, or one per axis, kept as written (`k3x3` is two).
    match text.split('x').collect::<Vec<_>>()[..] {
        [v] => Ok(PerAxis::uniform(parse_u64(v)?)),
        [h, w] => Ok(PerAxis::exact(2, [0, parse_u64(h)?, parse_u64(w)?])),
        [d, h, w] => Ok(PerAxis::exact(
            3,
            [parse_u64(d)?, parse_u64(h)?, parse_u64(w)?],
        )),
        _ => Err(Problem::Axes),
    }
}
