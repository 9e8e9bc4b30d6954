// E17: a group count that does not divide the channels.
mod group_norm {
    cnn::cnn! { input 30x8x8; gn 4; }
}
mod shuffle {
    cnn::cnn! { input 30x8x8; shuffle 4; }
}
mod shuffle_flat {
    // A flat vector has no channels to shuffle (E7).
    cnn::cnn! { input 30; shuffle 2; }
}
mod zero_groups {
    cnn::cnn! { input 30x8x8; gn 0; }
}
mod drop_path {
    cnn::cnn! { input 30x8x8; droppath 1.5; }
}
fn main() {}
