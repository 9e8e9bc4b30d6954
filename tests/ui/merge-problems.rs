mod sizes_differ {
    // E15: a pooled branch against the identity; the error is on the second branch.
    cnn::cnn! { input 8x8x8; concat { branch { pool 2 } branch { } } }
}
mod channels_differ {
    cnn::cnn! { input 8x8x8; add { branch { conv 16 k1 } branch { } } }
}
mod split_channels {
    // E17: three branches do not divide 16 channels.
    cnn::cnn! { input 16x8x8; split { branch { } branch { } branch { } } }
}
mod not_a_branch {
    // E18: a merge block holds branches only.
    cnn::cnn! { input 8x8x8; concat { conv 8 k1; branch { } } }
}
mod no_branches {
    cnn::cnn! { input 8x8x8; mul { } }
}
mod empty_scale {
    cnn::cnn! { input 8x8x8; scale { } }
}
mod empty_head {
    // E18: a head that computes nothing would output its input.
    cnn::cnn! { input 8x8x8; aux: head { } conv 8 k1; }
}
mod heads_only {
    cnn::cnn! { input 8x8x8; outer: head { inner: head { gap } } conv 8 k1; }
}
mod stray_branch {
    cnn::cnn! { input 8x8x8; branch { relu } }
}
fn main() {}
