//! Code generation: the consts of a checked network, and what the fallback shares
//! with it (the facade's path, the network trait's impl, where the consts go).
//!
//! Generated code names the facade crate by the path of the network's `crate =`
//! setting (`::cnn` by default) and primitives by their full paths
//! (`::core::primitive::u64`), so that neither a renamed dependency nor a user's item
//! named `u64` breaks it. Each of `cnn-core`'s types becomes tokens through one function
//! that destructures it whole, so that a field added in `cnn-core` is a compile error
//! here.

use cnn_core::{
    Activation, Block, BlockKind, ConstName, Conv, ConvTranspose, Dense, Dropout, Field, Grouped,
    Groups, Interpolation, Kind, Layer, NetworkConst, Norm, Pad, PadMode, Padding, PerAxis, Pool,
    Resize, Shape, Upsample,
};
use cnn_lang::ast::{Header, Network};
use cnn_lang::check::Checked;
use cnn_lang::render::{self, Texts};
use proc_macro2::{Ident, Literal, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};

/// The path generated code names the facade crate by: `crate = PATH;`, or `::cnn`.
pub fn krate(network: Option<&Network>) -> TokenStream {
    match network {
        Some(Network {
            krate: Some((path, _)),
            ..
        }) => path.clone(),
        Some(network) => alias(network).into_token_stream(),
        None => quote!(::cnn),
    }
}

/// The name generated code gives `::cnn` when no `crate =` names it otherwise: every
/// path goes through one `use ::cnn as ...;`, so that where `cnn` is a renamed
/// dependency the one unresolved import is the one error (rustc quiets the uses of a
/// failed import), not one per path.
fn alias(network: &Network) -> Ident {
    match &network.header {
        Some(h) => {
            let name = h.ident.to_string();
            let name = name.trim_start_matches("r#");
            Ident::new(&format!("__cnn_{name}"), Span::call_site())
        }
        None => Ident::new("__cnn", Span::call_site()),
    }
}

/// The `use` of [`alias`], when the network does not name the facade itself.
fn alias_use(network: &Network) -> Option<TokenStream> {
    network.krate.is_none().then(|| {
        let alias = alias(network);
        quote! {
            #[doc(hidden)]
            #[allow(unused_imports)]
            use ::cnn as #alias;
        }
    })
}

/// The names the tables use, from the facade's `__private::prelude`, imported by name:
/// a glob through a failed import would leave each name to fail on its own.
fn prelude(krate: &TokenStream) -> TokenStream {
    const NAMES: [&str; 21] = [
        "Activation",
        "Block",
        "BlockKind",
        "Conv",
        "ConvTranspose",
        "Dense",
        "Dropout",
        "Field",
        "Groups",
        "Interpolation",
        "Kind",
        "Layer",
        "Norm",
        "Pad",
        "PadMode",
        "Padding",
        "PerAxis",
        "Pool",
        "Resize",
        "Shape",
        "Upsample",
    ];
    let names = NAMES.iter().map(|n| Ident::new(n, Span::call_site()));
    quote! {
        #[allow(unused_imports)]
        use #krate::__private::prelude::{#(#names,)* ANY_RANK, NORM};
    }
}

/// A network-wide const's type, and the value it takes after an error (never read).
pub fn const_type(c: NetworkConst, krate: &TokenStream) -> (TokenStream, TokenStream) {
    let u64 = quote!(::core::primitive::u64);
    let str = quote!(&'static ::core::primitive::str);
    match c {
        NetworkConst::Layers => (quote!(&'static [#krate::Layer]), quote!(&[])),
        NetworkConst::Blocks => (quote!(&'static [#krate::Block]), quote!(&[])),
        NetworkConst::Outputs => (quote!(&'static [#krate::Output]), quote!(&[])),
        NetworkConst::Params
        | NetworkConst::NonTrainableParams
        | NetworkConst::Macs
        | NetworkConst::InputBytes
        | NetworkConst::ParamBytes
        | NetworkConst::ActivationBytes
        | NetworkConst::PeakActivationBytes => (u64, quote!(0)),
        NetworkConst::Flops => (quote!(::core::primitive::u128), quote!(0)),
        NetworkConst::Dtype => (quote!(#krate::Dtype), quote!(#krate::Dtype::F32)),
        NetworkConst::ReceptiveField => (quote!(#krate::Field), quote!(#krate::Field::INPUT)),
        NetworkConst::Summary
        | NetworkConst::SummaryMarkdown
        | NetworkConst::GraphDot
        | NetworkConst::GraphMermaid
        | NetworkConst::DiagramSvg => (str, quote!("")),
    }
}

/// A network-wide const's value, for a checked network.
fn const_value(
    c: NetworkConst,
    checked: &Checked,
    header: &Option<Header>,
    texts: &Texts,
    krate: &TokenStream,
) -> TokenStream {
    let Checked {
        layers,
        blocks,
        report,
    } = checked;
    let Texts {
        summary,
        markdown,
        dot,
        mermaid,
        svg,
    } = texts;
    let t = report.totals;
    let number = |n: u64| Literal::u64_unsuffixed(n).into_token_stream();
    let prelude = prelude(krate);
    match c {
        NetworkConst::Layers => {
            let rows = layers.iter().map(layer);
            quote!({
                #prelude
                &[#(#rows),*]
            })
        }
        NetworkConst::Blocks if blocks.is_empty() => quote!(&[]),
        NetworkConst::Blocks => {
            let rows = blocks.iter().map(block);
            quote!({
                #prelude
                &[#(#rows),*]
            })
        }
        // Each output's shape is its layer's, read from `LAYERS`: no prelude to import,
        // a few tokens per network.
        NetworkConst::Outputs => {
            let root = root(header);
            let rows = cnn_core::outputs(layers, blocks).map(|o| {
                let (name, layer) = (Literal::string(o.name), Literal::usize_unsuffixed(o.layer));
                quote!(#krate::Output { name: #name, layer: #layer, shape: #root LAYERS[#layer].output })
            });
            quote!(&[#(#rows),*])
        }
        NetworkConst::Params => number(t.params),
        NetworkConst::NonTrainableParams => number(t.non_trainable),
        NetworkConst::Macs => number(t.macs),
        NetworkConst::Flops => Literal::u128_unsuffixed(report.flops).into_token_stream(),
        NetworkConst::Dtype => {
            let dtype = Ident::new(&format!("{:?}", report.dtype), Span::call_site());
            quote!(#krate::Dtype::#dtype)
        }
        NetworkConst::InputBytes => number(report.input_bytes),
        NetworkConst::ParamBytes => number(report.param_bytes),
        NetworkConst::ActivationBytes => number(report.activation_bytes),
        NetworkConst::PeakActivationBytes => number(report.peak_activation_bytes),
        NetworkConst::ReceptiveField => {
            let field = field(report.field);
            quote!({
                #prelude
                #field
            })
        }
        NetworkConst::Summary => Literal::string(summary).into_token_stream(),
        NetworkConst::SummaryMarkdown => Literal::string(markdown).into_token_stream(),
        NetworkConst::GraphDot => Literal::string(dot).into_token_stream(),
        NetworkConst::GraphMermaid => Literal::string(mermaid).into_token_stream(),
        NetworkConst::DiagramSvg => Literal::string(svg).into_token_stream(),
    }
}

/// The module a network without a header keeps its consts in, re-exported with a
/// glob: two such networks in one module then clash once, on this name, rather than
/// once per const.
const HEADERLESS: &str = "__cnn_network_without_header";

/// The consts of a network that passed its checks.
pub fn network(network: &Network, checked: &Checked) -> TokenStream {
    let krate = krate(Some(network));
    let drawn = network.header.as_ref().is_some_and(|h| h.diagram);
    let texts = render::texts(checked, drawn);
    let consts = NetworkConst::ALL.iter().map(|&c| {
        let (name, doc) = (Ident::new(c.name(), Span::call_site()), c.doc());
        let (ty, _) = const_type(c, &krate);
        let value = const_value(c, checked, &network.header, &texts, &krate);
        // clippy takes a table in an associated const for an array on the stack
        // (`large_stack_arrays`, pedantic): it is not one.
        let allow = matches!(c, NetworkConst::Layers | NetworkConst::Blocks)
            .then(|| quote!(#[allow(clippy::large_stack_arrays)]));
        quote! {
            #[doc = #doc]
            #allow
            pub const #name: #ty = #value;
        }
    });
    let root = root(&network.header);
    let network_consts = quote!(#(#consts)*);
    let layers = &checked.layers;
    let layer_consts = layers.iter().enumerate().map(|(i, l)| {
        let ident = Ident::new(&ConstName(&l.name).to_string(), Span::call_site());
        let doc = layer_doc(i, l);
        let index = Literal::usize_unsuffixed(i);
        quote! {
            #[doc = #doc]
            pub const #ident: #krate::Layer = #root LAYERS[#index];
        }
    });
    let items = quote! { #network_consts #(#layer_consts)* };
    let totals = checked.report.totals;
    let doc = network.header.as_ref().map(|h| {
        let mut doc = format!(
            "\n\n{} layers, {} parameters, {} MACs: the table is [`{}::SUMMARY`].",
            layers.len(),
            Grouped(totals.params),
            Grouped(totals.macs),
            h.ident
        );
        if h.diagram {
            // Inline SVG: rustdoc passes HTML blocks through.
            doc.push_str(&format!(
                "\n\n<div style=\"overflow-x: auto\">\n{}\n</div>",
                texts.svg
            ));
        }
        doc
    });
    place(network, &krate, items, doc)
}

/// Where a network's items go: into the impl of its struct, with the struct, its
/// attributes and `doc`, and the trait's impl; or, without a header, into the hidden
/// module re-exported into the user's.
pub fn place(
    network: &Network,
    krate: &TokenStream,
    items: TokenStream,
    doc: Option<String>,
) -> TokenStream {
    let alias = alias_use(network);
    let Some(Header { vis, ident, .. }) = &network.header else {
        let module = Ident::new(HEADERLESS, Span::call_site());
        return quote! {
            #[doc(hidden)]
            mod #module {
                #[allow(unused_imports)]
                use super::*;
                #alias
                #items
            }
            #[allow(unused_imports)]
            pub use #module::*;
        };
    };
    let attrs = &network.attrs;
    let cfgs = cfgs(attrs);
    let doc = doc.map(|d| quote!(#[doc = #d]));
    let consts = NetworkConst::ALL.iter().map(|&c| {
        let name = Ident::new(c.name(), Span::call_site());
        let (ty, _) = const_type(c, krate);
        quote!(const #name: #ty = #ident::#name;)
    });
    quote! {
        #cfgs
        #alias
        #attrs
        #doc
        #vis struct #ident;
        #cfgs
        impl #ident { #items }
        #cfgs
        impl #krate::Network for #ident {
            #(#consts)*
        }
    }
}

/// The `#[cfg(...)]` attributes among the header's: the impls go where the struct goes.
fn cfgs(attrs: &TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = attrs.clone().into_iter().collect();
    tokens
        .chunks(2)
        .filter(|pair| match pair {
            [_, TokenTree::Group(g)] => {
                matches!(g.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "cfg")
            }
            _ => false,
        })
        .flatten()
        .cloned()
        .collect()
}

/// How a layer const names the table: `Self::` inside the impl, nothing at module level.
pub fn root<H>(header: &Option<H>) -> TokenStream {
    match header {
        Some(_) => quote!(Self::),
        None => TokenStream::new(),
    }
}

/// The doc comment of a layer const: where it is, what it does, what it costs.
fn layer_doc(index: usize, l: &Layer<String>) -> String {
    let mut doc = format!(
        "`{}` (layer {index}): `{}` → `{}`",
        l.name, l.input, l.output
    );
    if let Some(formula) = l.formula() {
        doc.push_str(&format!("; params `{formula} = {}`", Grouped(l.params)));
    }
    if l.non_trainable > 0 {
        doc.push_str(&format!(" + `{}` non-trainable", Grouped(l.non_trainable)));
    }
    if l.macs > 0 {
        doc.push_str(&format!("; MACs `{}`", Grouped(l.macs)));
    }
    doc
}

/// A `Layer`, for a table that imports the prelude.
fn layer(l: &Layer<String>) -> TokenStream {
    let Layer {
        name,
        kind: k,
        input,
        output,
        params,
        non_trainable,
        macs,
        depth,
        field: f,
    } = l;
    let name = Literal::string(name);
    let kind = kind(k);
    let input = shape(*input);
    let output = shape(*output);
    let params = Literal::u64_unsuffixed(*params);
    let non_trainable = Literal::u64_unsuffixed(*non_trainable);
    let macs = Literal::u64_unsuffixed(*macs);
    let depth = Literal::u32_unsuffixed(*depth);
    let field = field(*f);
    quote! {
        Layer {
            name: #name,
            kind: #kind,
            input: #input,
            output: #output,
            params: #params,
            non_trainable: #non_trainable,
            macs: #macs,
            depth: #depth,
            field: #field,
        }
    }
}

/// A receptive field, for a table that imports the prelude.
/// Square fields, the usual case, through `Field::uniform`: a third of the tokens.
fn field(f: Field) -> TokenStream {
    let Field {
        size,
        jump,
        denominator,
        center,
        center_depth,
    } = f;
    let square = size.rank() == 0 && jump.rank() == 0 && denominator == PerAxis::uniform(1);
    if square && center.0 == center.1 && center_depth == center.0 {
        let (size, jump) = (
            Literal::u64_unsuffixed(size.h),
            Literal::u64_unsuffixed(jump.h),
        );
        let center = float(center.0);
        return quote!(Field::uniform(#size, #jump, #center));
    }
    let (size, jump, denominator) = (pair(size), pair(jump), pair(denominator));
    let (h, w, d) = (float(center.0), float(center.1), float(center_depth));
    quote!(Field { size: #size, jump: #jump, denominator: #denominator, center: (#h, #w), center_depth: #d })
}

/// A normalization's numbers: PyTorch's defaults as one prelude token (`NORM`), as
/// most networks write them.
fn norm(n: Norm) -> TokenStream {
    if n == Norm::DEFAULT {
        return quote!(NORM);
    }
    let (eps, momentum) = (
        Literal::f64_suffixed(n.eps),
        Literal::f64_suffixed(n.momentum),
    );
    quote!(Norm { eps: #eps, momentum: #momentum })
}

/// A finite float as a literal, its sign as a separate token.
fn float(v: f64) -> TokenStream {
    let literal = Literal::f64_unsuffixed(v.abs());
    if v < 0.0 {
        quote!(-#literal)
    } else {
        literal.into_token_stream()
    }
}

/// A `Block`, for a table that imports the prelude.
fn block(b: &Block<String>) -> TokenStream {
    let Block {
        name,
        level,
        kind,
        depth,
        first,
        len,
        input,
        output,
        params,
        non_trainable,
        macs,
    } = b;
    let name = Literal::string(name);
    let kind = match *kind {
        BlockKind::Residual => quote!(BlockKind::Residual),
        BlockKind::Shortcut => quote!(BlockKind::Shortcut),
        BlockKind::Repeat(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(BlockKind::Repeat(#n))
        }
        BlockKind::Concat => quote!(BlockKind::Concat),
        BlockKind::Add => quote!(BlockKind::Add),
        BlockKind::Mul => quote!(BlockKind::Mul),
        BlockKind::Scale => quote!(BlockKind::Scale),
        BlockKind::Split => quote!(BlockKind::Split),
        BlockKind::Seq => quote!(BlockKind::Seq),
        BlockKind::ChannelsLast => quote!(BlockKind::ChannelsLast),
        BlockKind::Head => quote!(BlockKind::Head),
        BlockKind::Branch => quote!(BlockKind::Branch),
    };
    let depth = Literal::u32_unsuffixed(*depth);
    let (first, len) = (
        Literal::usize_unsuffixed(*first),
        Literal::usize_unsuffixed(*len),
    );
    let (input, output) = (shape(*input), shape(*output));
    let params = Literal::u64_unsuffixed(*params);
    let non_trainable = Literal::u64_unsuffixed(*non_trainable);
    let macs = Literal::u64_unsuffixed(*macs);
    quote! {
        Block {
            name: #name,
            level: #level,
            kind: #kind,
            depth: #depth,
            first: #first,
            len: #len,
            input: #input,
            output: #output,
            params: #params,
            non_trainable: #non_trainable,
            macs: #macs,
        }
    }
}

fn shape(s: Shape) -> TokenStream {
    let number = Literal::u64_unsuffixed;
    match s {
        Shape::Image {
            channels,
            height,
            width,
        } => {
            let (c, h, w) = (number(channels), number(height), number(width));
            quote!(Shape::image(#c, #h, #w))
        }
        Shape::Flat(n) => {
            let n = number(n);
            quote!(Shape::Flat(#n))
        }
        Shape::Signal { channels, length } => {
            let (c, l) = (number(channels), number(length));
            quote!(Shape::signal(#c, #l))
        }
        Shape::Volume {
            channels,
            depth,
            height,
            width,
        } => {
            let (c, d, h, w) = (
                number(channels),
                number(depth),
                number(height),
                number(width),
            );
            quote!(Shape::volume(#c, #d, #h, #w))
        }
    }
}

fn pair(p: PerAxis) -> TokenStream {
    let PerAxis { d, h, w, .. } = p;
    let rank = p.rank();
    // Equal values written per axis keep their count (`k3x3`): `PerAxis::new` would not.
    let differ = match rank {
        3 => d != h || h != w,
        _ => h != w,
    };
    let [d, h, w] = [d, h, w].map(Literal::u64_unsuffixed);
    match rank {
        0 => quote!(PerAxis::uniform(#w)),
        3 if differ => quote!(PerAxis::new3(#d, #h, #w)),
        2 if differ => quote!(PerAxis::new(#h, #w)),
        _ => {
            let rank = Literal::u8_unsuffixed(rank);
            quote!(PerAxis::exact(#rank, [#d, #h, #w]))
        }
    }
}

/// The rank a layer's keyword insists on.
fn rank(r: Option<u8>) -> TokenStream {
    match r {
        Some(r) => {
            let r = Literal::u8_unsuffixed(r);
            quote!(::core::option::Option::Some(#r))
        }
        None => quote!(ANY_RANK),
    }
}

fn pool(p: &Pool) -> TokenStream {
    let Pool {
        kernel,
        stride,
        padding,
        ceil,
        rank: r,
    } = *p;
    let (kernel, stride, padding, r) = (pair(kernel), pair(stride), pair(padding), rank(r));
    quote!(Pool { kernel: #kernel, stride: #stride, padding: #padding, ceil: #ceil, rank: #r })
}

/// A `Kind`, for a table that imports the prelude.
fn kind(k: &Kind) -> TokenStream {
    match *k {
        Kind::Input(s) => {
            let s = shape(s);
            quote!(Kind::Input(#s))
        }
        Kind::Conv(Conv {
            filters,
            kernel,
            stride,
            padding,
            dilation,
            groups,
            bias,
            rank: r,
        }) => {
            let r = rank(r);
            let filters = Literal::u64_unsuffixed(filters);
            let (kernel, stride, dilation) = (pair(kernel), pair(stride), pair(dilation));
            let padding = match padding {
                Padding::Explicit(p) => {
                    let p = pair(p);
                    quote!(Padding::Explicit(#p))
                }
                Padding::Same => quote!(Padding::Same),
            };
            let groups = match groups {
                Groups::Count(g) => {
                    let g = Literal::u64_unsuffixed(g);
                    quote!(Groups::Count(#g))
                }
                Groups::Depthwise => quote!(Groups::Depthwise),
            };
            quote!(Kind::Conv(Conv {
                filters: #filters,
                kernel: #kernel,
                stride: #stride,
                padding: #padding,
                dilation: #dilation,
                groups: #groups,
                bias: #bias,
                rank: #r,
            }))
        }
        Kind::ConvTranspose(ConvTranspose {
            filters,
            kernel,
            stride,
            padding,
            output_padding,
            dilation,
            groups,
            bias,
            rank: r,
        }) => {
            let r = rank(r);
            let (filters, groups) = (
                Literal::u64_unsuffixed(filters),
                Literal::u64_unsuffixed(groups),
            );
            let (kernel, stride, padding) = (pair(kernel), pair(stride), pair(padding));
            let (output_padding, dilation) = (pair(output_padding), pair(dilation));
            quote!(Kind::ConvTranspose(ConvTranspose {
                filters: #filters,
                kernel: #kernel,
                stride: #stride,
                padding: #padding,
                output_padding: #output_padding,
                dilation: #dilation,
                groups: #groups,
                bias: #bias,
                rank: #r,
            }))
        }
        Kind::AdaptiveAvgPool(size) => {
            let size = pair(size);
            quote!(Kind::AdaptiveAvgPool(#size))
        }
        Kind::AdaptiveMaxPool(size) => {
            let size = pair(size);
            quote!(Kind::AdaptiveMaxPool(#size))
        }
        Kind::Upsample(Upsample { scale, mode }) => {
            let (scale, mode) = (pair(scale), interpolation(mode));
            quote!(Kind::Upsample(Upsample { scale: #scale, mode: #mode }))
        }
        Kind::Resize(Resize { size, mode }) => {
            let (size, mode) = (pair(size), interpolation(mode));
            quote!(Kind::Resize(Resize { size: #size, mode: #mode }))
        }
        Kind::MaxPool(p) => {
            let p = pool(&p);
            quote!(Kind::MaxPool(#p))
        }
        Kind::AvgPool(p) => {
            let p = pool(&p);
            quote!(Kind::AvgPool(#p))
        }
        Kind::GlobalAvgPool => quote!(Kind::GlobalAvgPool),
        Kind::Flatten => quote!(Kind::Flatten),
        Kind::Dense(Dense { units, bias }) => {
            let units = Literal::u64_unsuffixed(units);
            quote!(Kind::Dense(Dense { units: #units, bias: #bias }))
        }
        Kind::Linear(Dense { units, bias }) => {
            let units = Literal::u64_unsuffixed(units);
            quote!(Kind::Linear(Dense { units: #units, bias: #bias }))
        }
        Kind::BatchNorm(n) => {
            let n = norm(n);
            quote!(Kind::BatchNorm(#n))
        }
        Kind::LayerNorm(n) => {
            let n = norm(n);
            quote!(Kind::LayerNorm(#n))
        }
        Kind::GroupNorm(g, n) => {
            let (g, n) = (Literal::u64_unsuffixed(g), norm(n));
            quote!(Kind::GroupNorm(#g, #n))
        }
        Kind::LayerScale => quote!(Kind::LayerScale),
        Kind::DropPath(Dropout { p }) => {
            let p = Literal::f64_suffixed(p);
            quote!(Kind::DropPath(Dropout { p: #p }))
        }
        Kind::Shuffle(g) => {
            let g = Literal::u64_unsuffixed(g);
            quote!(Kind::Shuffle(#g))
        }
        Kind::PixelShuffle(r) => {
            let r = Literal::u64_unsuffixed(r);
            quote!(Kind::PixelShuffle(#r))
        }
        Kind::PixelUnshuffle(r) => {
            let r = Literal::u64_unsuffixed(r);
            quote!(Kind::PixelUnshuffle(#r))
        }
        Kind::Pad(Pad { pairs, count, mode }) => {
            let pairs = pairs.iter().map(|&(a, b)| {
                let (a, b) = (Literal::i64_unsuffixed(a), Literal::i64_unsuffixed(b));
                quote!((#a, #b))
            });
            let count = Literal::u8_unsuffixed(count);
            let mode = Ident::new(
                match mode {
                    PadMode::Zeros => "Zeros",
                    PadMode::Reflect => "Reflect",
                    PadMode::Replicate => "Replicate",
                    PadMode::Circular => "Circular",
                },
                Span::call_site(),
            );
            quote!(Kind::Pad(Pad { pairs: [#(#pairs),*], count: #count, mode: PadMode::#mode }))
        }
        Kind::InstanceNorm(affine, n) => {
            let n = norm(n);
            quote!(Kind::InstanceNorm(#affine, #n))
        }
        Kind::PRelu => quote!(Kind::PRelu),
        Kind::Add => quote!(Kind::Add),
        Kind::Cat => quote!(Kind::Cat),
        Kind::From(layer) => quote!(Kind::From(#layer)),
        Kind::Mul => quote!(Kind::Mul),
        Kind::Activation(a) => {
            let a = activation(a);
            quote!(Kind::Activation(#a))
        }
        Kind::Dropout(Dropout { p }) => {
            let p = Literal::f64_suffixed(p);
            quote!(Kind::Dropout(Dropout { p: #p }))
        }
    }
}

fn interpolation(m: Interpolation) -> TokenStream {
    match m {
        Interpolation::Nearest => quote!(Interpolation::Nearest),
        Interpolation::Linear => quote!(Interpolation::Linear),
        Interpolation::Bilinear => quote!(Interpolation::Bilinear),
        Interpolation::Bicubic => quote!(Interpolation::Bicubic),
        Interpolation::Trilinear => quote!(Interpolation::Trilinear),
    }
}

fn activation(a: Activation) -> TokenStream {
    match a {
        Activation::Relu => quote!(Activation::Relu),
        Activation::Relu6 => quote!(Activation::Relu6),
        Activation::LeakyRelu { negative_slope } => {
            let v = float(negative_slope);
            quote!(Activation::LeakyRelu { negative_slope: #v })
        }
        Activation::Elu { alpha } => {
            let v = float(alpha);
            quote!(Activation::Elu { alpha: #v })
        }
        Activation::Gelu => quote!(Activation::Gelu),
        Activation::Silu => quote!(Activation::Silu),
        Activation::Sigmoid => quote!(Activation::Sigmoid),
        Activation::Tanh => quote!(Activation::Tanh),
        Activation::Hardswish => quote!(Activation::Hardswish),
        Activation::Softmax => quote!(Activation::Softmax),
        Activation::Hardsigmoid => quote!(Activation::Hardsigmoid),
        Activation::Mish => quote!(Activation::Mish),
        Activation::Hardtanh => quote!(Activation::Hardtanh),
        Activation::LogSoftmax => quote!(Activation::LogSoftmax),
    }
}
