mod params {
    cnn::cnn! {
        pub struct LeNet;
        budget params <= 200K;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
}
mod macs {
    cnn::cnn! {
        budget macs <= 1.5M;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
}
mod param_memory {
    cnn::cnn! {
        dtype f16;
        budget param_memory <= 256KiB;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
}
mod activation_memory {
    cnn::cnn! {
        budget activation_memory <= 100KB;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
}
mod peak_memory {
    cnn::cnn! {
        budget peak_memory <= 64KiB;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
}
fn main() {}
