// pixelshuffle's factor squared must divide the channels.
fn shuffle_channels() {
    cnn::cnn! { input 12x4x4; pixelshuffle 3; }
}

// pixelunshuffle's factor must divide the height and the width.
fn unshuffle_size() {
    cnn::cnn! { input 3x8x6; pixelunshuffle 4; }
}

// Both are 2-D.
fn shuffle_signal() {
    cnn::cnn! { input 4x16; pixelshuffle 2; }
}

// instancenorm on a flat vector, and `affine` where it does not belong.
fn instance_flat() {
    cnn::cnn! { input 16; instancenorm; }
}
fn affine_on_bn() {
    cnn::cnn! { input 4x8x8; bn affine; }
}

fn main() {}
