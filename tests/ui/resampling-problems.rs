mod output_padding_too_large {
    // E18: output padding equal to the stride (dilation 1).
    cnn::cnn! { input 8x7x7; upconv 4 k3 s2 p1 op2 }
}
mod output_padding_per_axis {
    // E18: stride 2x1 leaves no room for output padding along the width.
    cnn::cnn! { input 8x7x7; upconv 4 k3 s2x1 op1 }
}
mod output_below_one {
    // E18: (1-1)*1 + 0 + 0 + 1 = 1, less 2*1.
    cnn::cnn! { input 1x1x1; upconv 2 k1 p1 }
}
mod upconv_takes_no_same {
    // E4: `same`, `valid` and `dw` are `conv`'s.
    cnn::cnn! { input 8x7x7; upconv 4 k2 s2 same }
}
mod upconv_needs_a_kernel {
    cnn::cnn! { input 8x7x7; upconv 4 s2 }
}
mod mode_of_another_rank {
    // E16: `trilinear` is for 3-D maps.
    cnn::cnn! { input 8x7x7; upsample 2 trilinear }
}
mod two_modes {
    cnn::cnn! { input 8x7x7; resize 14 nearest bilinear }
}
mod zero_size {
    // E5: Rust lexes `0x8` as hexadecimal; it is a zero height.
    cnn::cnn! { input 8x7x7; resize 0x8 }
}
mod missing_size {
    cnn::cnn! { input 8x7x7; adaptiveavgpool; relu }
}
mod resize_on_flat {
    // E7: a flat vector has no size to change.
    cnn::cnn! { input 8x7x7; flatten; adaptivemaxpool 1 }
}
mod upsample_groups {
    cnn::cnn! { input 8x7x7; upconv 6 k2 s2 g4 }
}
fn main() {}
