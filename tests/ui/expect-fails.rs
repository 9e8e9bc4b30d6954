// `expect` pins a figure: when the network has another, the error shows both values.
mod params {
    cnn::cnn! {
        pub struct LeNet;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
        expect params 217_707;
    }
}
mod macs_and_output {
    cnn::cnn! {
        input 1x28x28; conv 32 k5; pool 2;
        expect macs 1_000;
        expect output 32x13x13;
        expect non_trainable 0;
    }
}
mod malformed {
    cnn::cnn! { input 4; dense 2; expect flops 10; }
}
mod twice {
    cnn::cnn! { input 4; dense 2; expect params 10; expect params 10; }
}
fn main() {}
