mod a {
    // Four spatial axes: a map has at most three (`1x28` is a signal, `1x28x28x3` a
    // volume, since issue 12).
    cnn::cnn! { input 1x2x3x4x5; }
}
mod b {
    cnn::cnn! { input 1xx28; }
}
mod c {
    cnn::cnn! { input 1x28y28; }
}
fn main() {}
