// Keras refuses `padding="same"` with strides above 1 together with dilations above 1.
cnn::cnn! { input 3x32x32; conv 8 k3 s2 d2 same; }
fn main() {}
