//! Code generation: the consts of a checked network, and placeholders after an error.
//!
//! Generated code names the facade crate by the path of the network's `crate =`
//! setting (`::cnn` by default) and primitives by their full paths
//! (`::core::primitive::u64`), so that neither a renamed dependency nor a user's item
//! named `u64` breaks it.

use crate::ast::{Header, Network};
use crate::check::Checked;
use crate::errors::Errors;
use cnn_core::{
    Activation, Block, BlockKind, Field, Grouped, Groups, Kind, Layer, Padding, Pair, Pool2d, Shape,
};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use std::collections::HashSet;

/// The whole macro on `proc-macro2` tokens: parse, check, then the consts or, after an
/// error, the errors and placeholders. It runs outside rustc too, for tests and
/// benchmarks.
pub fn cnn(input: TokenStream) -> TokenStream {
    let network = match crate::parse::network(input) {
        Ok(network) => network,
        Err(diag) => return fallback(None, &[], diag.into_error(None)),
    };
    let mut errors = Errors::default();
    match crate::check::check(&network, &mut errors) {
        Ok(checked) => self::network(&network, &checked),
        Err(names) => {
            let error = errors.into_error().unwrap_or_else(|| {
                syn::Error::new(Span::call_site(), "the network could not be checked")
            });
            fallback(Some(&network), &names, error)
        }
    }
}

/// A network-wide const: its name, type, doc, and the value a placeholder takes.
pub struct Const {
    /// The const's name, reserved: no layer const may take it.
    pub name: &'static str,
    ty: TokenStream,
    doc: &'static str,
    placeholder: TokenStream,
}

/// The path generated code names the facade crate by: `crate = PATH;`, or `::cnn`.
fn krate(network: Option<&Network>) -> TokenStream {
    match network.and_then(|n| n.krate.as_ref()) {
        Some((path, _)) => path.clone(),
        None => quote!(::cnn),
    }
}

/// The names of the network-wide consts: no layer const may take one.
pub fn reserved() -> Vec<&'static str> {
    network_consts(&quote!(::cnn))
        .iter()
        .map(|c| c.name)
        .collect()
}

/// The network-wide consts, in the order they are emitted; [`network`] gives their
/// values in the same order. `krate` is the facade's path.
fn network_consts(krate: &TokenStream) -> Vec<Const> {
    let u64 = quote!(::core::primitive::u64);
    let str = quote!(&'static ::core::primitive::str);
    let count = |name, doc| Const {
        name,
        ty: u64.clone(),
        doc,
        placeholder: quote!(0),
    };
    vec![
        Const {
            name: "LAYERS",
            ty: quote!(&'static [#krate::Layer]),
            doc: "Every layer in order, `input` first.",
            placeholder: quote!(&[]),
        },
        Const {
            name: "BLOCKS",
            ty: quote!(&'static [#krate::Block]),
            doc: "Every `residual`, `shortcut` and `repeat` block, by first layer, outer first.",
            placeholder: quote!(&[]),
        },
        count(
            "PARAMS",
            "Total learnable parameters, as PyTorch's `parameters()` counts them.",
        ),
        count(
            "NON_TRAINABLE_PARAMS",
            "BatchNorm running means and variances: stored, not learned.",
        ),
        count(
            "MACS",
            "Multiply-accumulates for one input, biases not included.",
        ),
        Const {
            name: "DTYPE",
            ty: quote!(#krate::Dtype),
            doc: "The element type of parameters and activations (`dtype`; `f32` by default).",
            placeholder: quote!(#krate::Dtype::F32),
        },
        count("INPUT_BYTES", "Bytes of one input."),
        count(
            "PARAM_BYTES",
            "Bytes of the parameters and BatchNorm running statistics.",
        ),
        count(
            "ACTIVATION_BYTES",
            "Bytes of every layer's output added up, each once (not torchinfo's forward/backward pass size, which counts twice the outputs of the layers with parameters).",
        ),
        count(
            "PEAK_ACTIVATION_BYTES",
            "The most activation bytes alive at once during one inference (see `cnn::evaluate`).",
        ),
        Const {
            name: "RECEPTIVE_FIELD",
            ty: quote!(#krate::Field),
            doc: "The receptive field of the last layer.",
            placeholder: quote!(#krate::Field::INPUT),
        },
        Const {
            name: "SUMMARY",
            ty: str.clone(),
            doc: "The summary table, ready to print.",
            placeholder: quote!(""),
        },
        Const {
            name: "SUMMARY_MARKDOWN",
            ty: str,
            doc: "The summary table as Markdown, for a README or rustdoc.",
            placeholder: quote!(""),
        },
    ]
}

/// The module a network without a header keeps its consts in, re-exported with a
/// glob: two such networks in one module then clash once, on this name, rather than
/// once per const.
const HEADERLESS: &str = "__cnn_network_without_header";

/// The consts of a network that passed its checks.
pub fn network(network: &Network, checked: &Checked) -> TokenStream {
    let Checked {
        layers,
        blocks,
        report,
        summary,
        markdown,
    } = checked;
    let krate = krate(Some(network));
    let table: Vec<TokenStream> = layers.iter().map(layer).collect();
    let block_table = if blocks.is_empty() {
        quote!(&[])
    } else {
        let rows = blocks.iter().map(block);
        quote!({
            use #krate::__private::prelude::*;
            &[#(#rows),*]
        })
    };
    let t = report.totals;
    let number = |n: u64| Literal::u64_unsuffixed(n).into_token_stream();
    let dtype = Ident::new(&format!("{:?}", report.dtype), Span::call_site());
    let field = field(report.field);
    let values = [
        quote!({
            use #krate::__private::prelude::*;
            &[#(#table),*]
        }),
        block_table,
        number(t.params),
        number(t.non_trainable),
        number(t.macs),
        quote!(#krate::Dtype::#dtype),
        number(report.input_bytes),
        number(report.param_bytes),
        number(report.activation_bytes),
        number(report.peak_activation_bytes),
        quote!({
            use #krate::__private::prelude::*;
            #field
        }),
        Literal::string(summary).into_token_stream(),
        Literal::string(markdown).into_token_stream(),
    ];
    let consts = network_consts(&krate)
        .into_iter()
        .zip(values)
        .map(|(c, value)| {
            let (name, ty, doc) = (Ident::new(c.name, Span::call_site()), c.ty, c.doc);
            quote! {
                #[doc = #doc]
                pub const #name: #ty = #value;
            }
        });
    let root = root(&network.header);
    let network_consts = quote!(#(#consts)*);
    let layer_consts = layers.iter().enumerate().map(|(i, l)| {
        let ident = Ident::new(&l.name.to_uppercase(), Span::call_site());
        let doc = layer_doc(i, l);
        let index = Literal::usize_unsuffixed(i);
        quote! {
            #[doc = #doc]
            pub const #ident: #krate::Layer = #root LAYERS[#index];
        }
    });
    match &network.header {
        None => headerless(quote! { #network_consts #(#layer_consts)* }),
        Some(Header {
            vis: struct_vis,
            ident,
        }) => {
            let network_impl = network_impl(ident, &krate);
            let attrs = &network.attrs;
            let table_doc = format!(
                "\n\n{} layers, {} parameters, {} MACs: the table is [`{ident}::SUMMARY`].",
                layers.len(),
                Grouped(t.params),
                Grouped(t.macs)
            );
            quote! {
                #attrs
                #[doc = #table_doc]
                #struct_vis struct #ident;
                impl #ident {
                    #network_consts
                    #(#layer_consts)*
                }
                #network_impl
            }
        }
    }
}

/// The items of a network without a header: in a hidden module, re-exported into the
/// user's, so that a second such network in the same module is one error, on the
/// module's name.
fn headerless(items: TokenStream) -> TokenStream {
    let module = Ident::new(HEADERLESS, Span::call_site());
    quote! {
        #[doc(hidden)]
        mod #module {
            #[allow(unused_imports)]
            use super::*;
            #items
        }
        #[allow(unused_imports)]
        pub use #module::*;
    }
}

/// `impl cnn::Network`, forwarding to the struct's associated consts.
fn network_impl(ident: &Ident, krate: &TokenStream) -> TokenStream {
    let consts = network_consts(krate).into_iter().map(|c| {
        let (name, ty) = (Ident::new(c.name, Span::call_site()), c.ty);
        quote!(const #name: #ty = #ident::#name;)
    });
    quote! {
        impl #krate::Network for #ident {
            #(#consts)*
        }
    }
}

/// How a layer const names the table: `Self::` inside the impl, nothing at module level.
fn root<H>(header: &Option<H>) -> TokenStream {
    match header {
        Some(_) => quote!(Self::),
        None => TokenStream::new(),
    }
}

/// After an error: the errors, and the network's items (its consts and those of every
/// layer the statements name) with placeholder values that depend on the errors, so
/// that the user sees the errors and nothing that follows from them.
pub fn fallback(network: Option<&Network>, names: &[String], errors: syn::Error) -> TokenStream {
    let errors = errors.to_compile_error();
    let header = network.and_then(|n| n.header.as_ref());
    let krate = krate(network);
    let poison = format_ident!("__CNN_ERROR");
    let root = root(&header);
    let mut seen = HashSet::with_capacity(names.len());
    let reserved = reserved();
    let unique: Vec<Ident> = names
        .iter()
        .map(|name| name.to_uppercase())
        .filter(|upper| !reserved.contains(&upper.as_str()) && seen.insert(upper.clone()))
        .map(|upper| Ident::new(&upper, Span::call_site()))
        .collect();
    let network_consts = network_consts(&krate).into_iter().map(|c| {
        let (name, ty, placeholder) = (Ident::new(c.name, Span::call_site()), c.ty, c.placeholder);
        quote!(pub const #name: #ty = { let () = #root #poison; #placeholder };)
    });
    let items = quote! {
        #[doc(hidden)]
        #[allow(dead_code)]
        const #poison: () = { #errors };
        #(#network_consts)*
        #(
            pub const #unique: #krate::Layer = {
                let () = #root #poison;
                #krate::__private::PLACEHOLDER
            };
        )*
    };
    match (network, header) {
        (Some(network), Some(Header { vis, ident })) => {
            let network_impl = network_impl(ident, &krate);
            let attrs = &network.attrs;
            quote! {
                #attrs
                #vis struct #ident;
                impl #ident { #items }
                #network_impl
            }
        }
        (Some(_), None) => headerless(items),
        (None, _) => items,
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

fn layer(l: &Layer<String>) -> TokenStream {
    let name = Literal::string(&l.name);
    let kind = kind(&l.kind);
    let input = shape(l.input);
    let output = shape(l.output);
    let params = Literal::u64_unsuffixed(l.params);
    let non_trainable = Literal::u64_unsuffixed(l.non_trainable);
    let macs = Literal::u64_unsuffixed(l.macs);
    let depth = Literal::u32_unsuffixed(l.depth);
    let field = field(l.field);
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
/// Square fields, the usual case, through `Field::square`: a third of the tokens.
fn field(f: Field) -> TokenStream {
    if f.size.h == f.size.w && f.jump.h == f.jump.w && f.center.0 == f.center.1 {
        let (size, jump) = (
            Literal::u64_unsuffixed(f.size.h),
            Literal::u64_unsuffixed(f.jump.h),
        );
        let center = float(f.center.0);
        return quote!(Field::square(#size, #jump, #center));
    }
    let (size, jump) = (pair(f.size), pair(f.jump));
    let (h, w) = (float(f.center.0), float(f.center.1));
    quote!(Field { size: #size, jump: #jump, center: (#h, #w) })
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

fn block(b: &Block<String>) -> TokenStream {
    let name = Literal::string(&b.name);
    let kind = match b.kind {
        BlockKind::Residual => quote!(BlockKind::Residual),
        BlockKind::Shortcut => quote!(BlockKind::Shortcut),
        BlockKind::Repeat(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(BlockKind::Repeat(#n))
        }
    };
    let depth = Literal::u32_unsuffixed(b.depth);
    let (first, len) = (
        Literal::usize_unsuffixed(b.first),
        Literal::usize_unsuffixed(b.len),
    );
    let (input, output) = (shape(b.input), shape(b.output));
    let params = Literal::u64_unsuffixed(b.params);
    let non_trainable = Literal::u64_unsuffixed(b.non_trainable);
    let macs = Literal::u64_unsuffixed(b.macs);
    quote! {
        Block {
            name: #name,
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
    match s {
        Shape::Spatial {
            channels,
            height,
            width,
        } => {
            let (c, h, w) = (
                Literal::u64_unsuffixed(channels),
                Literal::u64_unsuffixed(height),
                Literal::u64_unsuffixed(width),
            );
            quote!(Shape::spatial(#c, #h, #w))
        }
        Shape::Flat(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(Shape::Flat(#n))
        }
    }
}

fn pair(p: Pair) -> TokenStream {
    if p.h == p.w {
        let v = Literal::u64_unsuffixed(p.h);
        return quote!(Pair::square(#v));
    }
    let (h, w) = (Literal::u64_unsuffixed(p.h), Literal::u64_unsuffixed(p.w));
    quote!(Pair { h: #h, w: #w })
}

fn pool(p: &Pool2d) -> TokenStream {
    let (kernel, stride, padding, ceil) = (pair(p.kernel), pair(p.stride), pair(p.padding), p.ceil);
    quote!(Pool2d { kernel: #kernel, stride: #stride, padding: #padding, ceil: #ceil })
}

fn kind(k: &Kind) -> TokenStream {
    match k {
        Kind::Input(s) => {
            let s = shape(*s);
            quote!(Kind::Input(#s))
        }
        Kind::Conv2d(c) => {
            let filters = Literal::u64_unsuffixed(c.filters);
            let (kernel, stride, dilation) = (pair(c.kernel), pair(c.stride), pair(c.dilation));
            let padding = match c.padding {
                Padding::Explicit(p) => {
                    let p = pair(p);
                    quote!(Padding::Explicit(#p))
                }
                Padding::Same => quote!(Padding::Same),
            };
            let groups = match c.groups {
                Groups::Count(g) => {
                    let g = Literal::u64_unsuffixed(g);
                    quote!(Groups::Count(#g))
                }
                Groups::Depthwise => quote!(Groups::Depthwise),
            };
            let bias = c.bias;
            quote!(Kind::Conv2d(Conv2d {
                filters: #filters,
                kernel: #kernel,
                stride: #stride,
                padding: #padding,
                dilation: #dilation,
                groups: #groups,
                bias: #bias,
            }))
        }
        Kind::MaxPool2d(p) => {
            let p = pool(p);
            quote!(Kind::MaxPool2d(#p))
        }
        Kind::AvgPool2d(p) => {
            let p = pool(p);
            quote!(Kind::AvgPool2d(#p))
        }
        Kind::GlobalAvgPool => quote!(Kind::GlobalAvgPool),
        Kind::Flatten => quote!(Kind::Flatten),
        Kind::Dense(d) => {
            let (units, bias) = (Literal::u64_unsuffixed(d.units), d.bias);
            quote!(Kind::Dense(Dense { units: #units, bias: #bias }))
        }
        Kind::BatchNorm => quote!(Kind::BatchNorm),
        Kind::Add => quote!(Kind::Add),
        Kind::Activation(a) => {
            let variant = Ident::new(activation_variant(*a), Span::call_site());
            let argument = match *a {
                Activation::LeakyRelu { negative_slope } => {
                    let v = float(negative_slope);
                    quote!({ negative_slope: #v })
                }
                Activation::Elu { alpha } => {
                    let v = float(alpha);
                    quote!({ alpha: #v })
                }
                _ => TokenStream::new(),
            };
            quote!(Kind::Activation(Activation::#variant #argument))
        }
        Kind::Dropout(d) => {
            let p = Literal::f64_suffixed(d.p);
            quote!(Kind::Dropout(Dropout { p: #p }))
        }
    }
}

fn activation_variant(a: Activation) -> &'static str {
    match a {
        Activation::Relu => "Relu",
        Activation::Relu6 => "Relu6",
        Activation::LeakyRelu { .. } => "LeakyRelu",
        Activation::Elu { .. } => "Elu",
        Activation::Gelu => "Gelu",
        Activation::Silu => "Silu",
        Activation::Sigmoid => "Sigmoid",
        Activation::Tanh => "Tanh",
        Activation::Hardswish => "Hardswish",
        Activation::Softmax => "Softmax",
    }
}
