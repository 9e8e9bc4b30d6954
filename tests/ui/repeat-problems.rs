mod too_many {
    cnn::cnn! { input 64x8x8; repeat 1_000_000 { relu } }
}
mod missing_body {
    cnn::cnn! { input 64x8x8; repeat 2; }
}
fn main() {}
