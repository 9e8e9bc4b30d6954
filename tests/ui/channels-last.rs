// Inside `channelslast` only `ln`, `dense` and element-wise layers run: a convolution
// or a BatchNorm would act on the wrong axis.
fn conv_inside() {
    cnn::cnn! { input 8x4x4; channelslast { ln; conv 8 k1; gelu } }
}

fn bn_inside() {
    cnn::cnn! { input 8x4x4; block: seq { conv 8 k3 p1; channelslast { bn; dense 16 } } }
}

fn main() {}
