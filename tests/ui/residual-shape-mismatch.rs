mod channels {
    // The body doubles the channels; the identity shortcut keeps 64.
    cnn::cnn! {
        input 64x56x56;
        residual { conv 128 k3 p1 nobias; bn; relu; conv 128 k3 p1 nobias; bn }
    }
}
mod spatial {
    // The body halves the size and doubles the channels.
    cnn::cnn! {
        input 64x56x56;
        residual { conv 128 k3 s2 p1 nobias; bn; relu; conv 128 k3 p1 nobias; bn }
    }
}
mod wrong_shortcut {
    // A shortcut that forgets the stride.
    cnn::cnn! {
        input 64x56x56;
        residual { conv 128 k3 s2 p1 nobias; bn }
        shortcut { conv 128 k1 nobias; bn }
    }
}
mod bottleneck {
    // A long body: the message names the layer that gave it its shape, the last conv.
    cnn::cnn! {
        input 64x56x56;
        residual {
            conv 64 k1 nobias; bn; relu;
            conv 64 k3 p1 nobias; bn; relu;
            conv 256 k1 nobias; bn
        }
    }
}
mod flat {
    cnn::cnn! { input 256; residual { dense 128; relu } }
}
fn main() {}
