// Counted before any pass is walked: each is an error at once.
mod billion_empty_passes {
    cnn::cnn! { input 8; repeat 1000000000 { } }
}
mod u64_max {
    cnn::cnn! { input 8; repeat 18446744073709551615 { } }
}
mod nested_empty_blocks {
    cnn::cnn! { input 8; repeat 1000000 { repeat 1 { } } }
}
mod many_layers {
    cnn::cnn! { input 8; repeat 50000 { relu; relu; relu } }
}
fn main() {}
