// F.pad's rules: pairs for the last axis first, at most one per spatial axis.
fn too_many_pairs() {
    cnn::cnn! { input 4x16; pad (1, 1, 1, 1); }
}

// reflect, replicate and circular pad every spatial axis.
fn mode_needs_every_axis() {
    cnn::cnn! { input 3x8x8; pad (1, 1) reflect; }
}

// A reflection of the whole size, and a crop to nothing.
fn reflect_too_wide() {
    cnn::cnn! { input 3x4x4; pad (4, 0, 0, 0) reflect; }
}
fn cropped_away() {
    cnn::cnn! { input 8x6; pad (-3, -3); }
}

// An odd count, and the pairs not in parentheses.
fn odd_count() {
    cnn::cnn! { input 3x8x8; pad (1, 1, 1); }
}
fn no_parentheses() {
    cnn::cnn! { input 3x8x8; pad 1; }
}

fn main() {}
