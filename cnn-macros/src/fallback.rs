//! After an error: the errors, and the network's items (its consts and those of every
//! layer the statements name) with placeholder values that depend on the errors, so
//! that the user sees the errors and nothing that follows from them.

use crate::expand::{const_type, krate, place, root};
use cnn_core::{ConstName, NetworkConst};
use cnn_lang::ast::Network;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::HashSet;

/// The errors and placeholders; `network` is `None` when not even the header could be
/// read, and `names` are the layers' names.
pub fn fallback(network: Option<&Network>, names: &[String], errors: syn::Error) -> TokenStream {
    let errors = errors.to_compile_error();
    let header = network.and_then(|n| n.header.as_ref());
    let krate = krate(network);
    let poison = format_ident!("__CNN_ERROR");
    let root = root(&header);
    let mut seen = HashSet::with_capacity(names.len());
    let reserved: Vec<&str> = NetworkConst::ALL.iter().map(|c| c.name()).collect();
    let unique: Vec<Ident> = names
        .iter()
        .map(|name| ConstName(name).to_string())
        .filter(|upper| !reserved.contains(&upper.as_str()) && seen.insert(upper.clone()))
        .map(|upper| Ident::new(&upper, Span::call_site()))
        .collect();
    let network_consts = NetworkConst::ALL.iter().map(|&c| {
        let name = Ident::new(c.name(), Span::call_site());
        let (ty, placeholder) = const_type(c, &krate);
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
    match network {
        Some(network) => place(network, &krate, items, None),
        None => items,
    }
}
