mod two_numbers_for_one_axis {
    // E16: `k3x3` is two numbers; a signal has one axis.
    cnn::cnn! { input 1x16000; conv 8 k3x3 }
}
mod two_numbers_for_three_axes {
    cnn::cnn! { input 3x16x112x112; conv 8 k3 s1x2 }
}
mod conv1d_on_an_image {
    // E16: a rank keyword on an input of another rank.
    cnn::cnn! { input 1x28x28; conv1d 8 k3 }
}
mod maxpool3d_on_a_signal {
    cnn::cnn! { input 1x16000; maxpool3d 2 }
}
mod conv2d_on_a_volume {
    cnn::cnn! { input 1x8x8x8; conv2d 4 k3 }
}
mod conv1d_on_a_flat_vector {
    cnn::cnn! { input 1x100; flatten; conv1d 4 k3 }
}
mod bilinear_on_a_signal {
    cnn::cnn! { input 1x100; upsample 2 bilinear }
}
mod window_one_past_the_signal {
    // E6: k81 on 80 samples; k80 fits (tests/ranks.rs).
    cnn::cnn! { input 2x80; conv1d 4 k81 }
}
mod window_one_past_the_depth {
    cnn::cnn! { input 1x3x5x5; conv3d 2 k4x5x5 }
}
mod resize_per_axis_on_a_volume {
    cnn::cnn! { input 1x8x8x8; resize 4x4 }
}
mod four_numbers {
    cnn::cnn! { input 1x8x8x8; conv 4 k3x3x3x3 }
}
fn main() {}
