//! The `cnn` crate depended on under another name (`mycnn = { package = "cnn", ... }`),
//! so that no `::cnn` exists here: generated code names the facade by the path the
//! `crate = ...` setting gives, and primitives by their full paths, so that items
//! named `u64` and `str` in scope change nothing.
#![forbid(unsafe_code)]
#![deny(warnings, missing_docs)]

/// Items named like the primitives the expansion uses.
#[allow(non_camel_case_types, dead_code)]
struct u64;
#[allow(non_camel_case_types, dead_code)]
struct str;

mycnn::cnn! {
    /// LeNet, through the renamed crate.
    pub struct LeNet;
    crate = ::mycnn;
    input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
}

/// Without a header: module-level consts.
pub mod headerless {
    #[allow(non_camel_case_types, dead_code)]
    struct u64;

    mycnn::cnn! {
        crate = mycnn;
        input 16x8x8;
        residual { conv 16 k3 p1 nobias; bn; relu; conv 16 k3 p1 nobias; bn }
        relu;
        gap;
        output 10;
    }
}

/// Through a re-export: `crate = crate::reexport;`.
pub mod reexport {
    pub use mycnn::*;
}

mycnn::cnn! {
    /// A network whose expansion names the facade through `crate::reexport`.
    pub struct Reexported;
    crate = crate::reexport;
    input 784; dense 10;
}

// (5*5*1+1)*32 + (3*3*32+1)*32 + (32*5*5+1)*256 + (256+1)*10.
const _: () = assert!(LeNet::PARAMS == 832 + 9_248 + 205_056 + 2_570);
// Two 3x3 convs of 16 to 16 without bias: 2 * 2_304; two BatchNorms: 2 * 32; the
// output (16 + 1) * 10.
const _: () = assert!(headerless::PARAMS == 2 * 2_304 + 2 * 32 + 170);
const _: () = assert!(Reexported::PARAMS == 7_850);

#[cfg(test)]
mod tests {
    use mycnn::Network;

    #[test]
    fn the_network_trait_is_the_renamed_crates() {
        fn params<N: Network>() -> core::primitive::u64 {
            N::PARAMS
        }
        assert_eq!(params::<super::LeNet>(), 217_706);
        assert_eq!(super::headerless::ADD1.output.to_string(), "16x8x8");
    }
}
