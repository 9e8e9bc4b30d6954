//! torchvision's DenseNet-121 at 3x224x224: each dense layer concatenates its input with
//! 32 new channels, written once and repeated, because the layers take their channels
//! from their input.
//!
//! `cargo run --example densenet121` prints its summary: 7,978,856 parameters and
//! 2.83 GMACs, as torchvision publishes ("GFLOPS" 2.83).

cnn::cnn! {
    /// DenseNet-121: growth 32, bottleneck 4 (128 channels), blocks of 6, 12, 24 and 16
    /// layers, transitions halving the channels and the size.
    #[cnn(diagram)]
    pub struct DenseNet121;
    input 3x224x224;
    conv 64 k7 s2 p3 nobias; bn; relu; pool 3 s2 p1;
    block1: repeat 6 {
        concat { branch { } branch { bn; relu; conv 128 k1 nobias; bn; relu; conv 32 k3 p1 nobias } }
    }
    bn; relu; conv 128 k1 nobias; avgpool 2;
    block2: repeat 12 {
        concat { branch { } branch { bn; relu; conv 128 k1 nobias; bn; relu; conv 32 k3 p1 nobias } }
    }
    bn; relu; conv 256 k1 nobias; avgpool 2;
    block3: repeat 24 {
        concat { branch { } branch { bn; relu; conv 128 k1 nobias; bn; relu; conv 32 k3 p1 nobias } }
    }
    bn; relu; conv 512 k1 nobias; avgpool 2;
    block4: repeat 16 {
        concat { branch { } branch { bn; relu; conv 128 k1 nobias; bn; relu; conv 32 k3 p1 nobias } }
    }
    bn; relu; gap; output 1000;
}

// torchvision's published figures: 7,978,856 parameters and 2.83 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(DenseNet121::PARAMS == 7_978_856);
const _: () = assert!(DenseNet121::MACS == 2_834_161_664);

#[allow(dead_code)]
fn main() {
    println!("{}", DenseNet121::SUMMARY);
}
