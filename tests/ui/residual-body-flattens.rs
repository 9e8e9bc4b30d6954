cnn::cnn! {
    input 64x8x8;
    residual { conv 64 k3 p1; flatten; dense 64 }
}
fn main() {}
