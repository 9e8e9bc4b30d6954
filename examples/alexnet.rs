//! torchvision's AlexNet at 3x224x224, with torchvision's module paths:
//! `cargo run --example alexnet`.

cnn::cnn! {
    /// AlexNet as torchvision builds it; its adaptive 6x6 pool is the identity at 224.
    #[cnn(diagram)]
    pub struct AlexNet;
    input 3x224x224;
    // torchvision's module paths: features.0 .. features.12, avgpool, classifier.0 .. 6.
    features: seq {
        conv 64 k11 s4 p2; relu; pool 3 s2;
        conv 192 k5 p2; relu; pool 3 s2;
        conv 384 k3 p1; relu;
        conv 256 k3 p1; relu;
        conv 256 k3 p1; relu; pool 3 s2;
    }
    avgpool: adaptiveavgpool 6;
    flatten;
    classifier: seq {
        dropout 0.5; dense 4096; relu;
        dropout 0.5; dense 4096; relu;
        dense 1000;
    }
}

// torchvision's published figures.
const _: () = assert!(AlexNet::PARAMS == 61_100_840);
const _: () = assert!(AlexNet::MACS == 714_188_480);

fn main() {
    println!("{}", AlexNet::SUMMARY);
}
