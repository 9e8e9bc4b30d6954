//! torchvision's GoogLeNet with its two auxiliary classifiers (`aux_logits=True`), at
//! 3x224x224: three outputs, `aux1` after `inception4a`, `aux2` after `inception4d`,
//! and the classifier, each an `InceptionAux` head with torchvision's module paths
//! (`aux1.conv.conv.weight`, `aux2.fc2.bias`). The same `googlenet!` macro as
//! `examples/googlenet.rs`, with `=> aux1` and `=> aux2` after two modules.
//!
//! `cargo run --example googlenet_aux` prints its summary: 13,004,888 parameters, as
//! torchvision's `googlenet(aux_logits=True)` holds in training mode.

#[macro_use]
#[allow(dead_code)]
#[path = "googlenet.rs"]
pub mod googlenet;

googlenet! {
    GoogLeNetAux;
    [maxpool2: pool 3 s2 ceil]
    inception3a: 64, 96 > 128, 16 > 32, 32;
    inception3b: 128, 128 > 192, 32 > 96, 64;
    [maxpool3: pool 3 s2 ceil]
    inception4a: 192, 96 > 208, 16 > 48, 64 => aux1;
    inception4b: 160, 112 > 224, 24 > 64, 64;
    inception4c: 128, 128 > 256, 24 > 64, 64;
    inception4d: 112, 144 > 288, 32 > 64, 64 => aux2;
    inception4e: 256, 160 > 320, 32 > 128, 128;
    [maxpool4: pool 2 s2 ceil]
    inception5a: 256, 160 > 320, 32 > 128, 128;
    inception5b: 384, 192 > 384, 48 > 128, 128;
}

// torchvision's googlenet(aux_logits=True): 13,004,888 parameters; forward hooks over
// its convolutions and linear layers in training mode (the heads run) sum 1,506,748,416
// MACs; 2 * 7_536 running statistics.
const _: () = assert!(GoogLeNetAux::PARAMS == 13_004_888);
const _: () = assert!(GoogLeNetAux::MACS == 1_506_748_416);
const _: () = assert!(GoogLeNetAux::NON_TRAINABLE_PARAMS == 15_072);
// Three outputs of 1000 classes: aux1, aux2, then the classifier.
const _: () = assert!(GoogLeNetAux::OUTPUTS.len() == 3);

fn main() {
    println!("{}", GoogLeNetAux::SUMMARY);
}
