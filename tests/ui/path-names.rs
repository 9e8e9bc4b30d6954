// A path written with dots instead of a string.
fn dotted() {
    cnn::cnn! { input 8x4x4; layer1.0.conv1: conv 8 k3 p1; }
}

// A string name with an empty segment, and one with a space.
fn empty_segment() {
    cnn::cnn! { input 8x4x4; "features..0": relu; }
}
fn space() {
    cnn::cnn! { input 8x4x4; "conv 1": relu; }
}

// Two statements of one level under one name: the message names both.
fn twice_in_a_level() {
    cnn::cnn! { input 8x4x4; block: seq { relu: relu; conv 8 k1; relu: relu } }
}

// A name inside a named repeat whose body is not a `seq`: each pass gives it again.
fn named_in_repeat() {
    cnn::cnn! { input 8x4x4; stage: repeat 2 { conv1: conv 8 k3 p1; relu } }
}

// Two paths that give one const.
fn one_const() {
    cnn::cnn! { input 8x4x4; "a-b": relu; a_b: relu; }
}

// Levels nested past the 15 a path holds.
fn too_deep() {
    cnn::cnn! { input 8; a: seq { b: seq { c: seq { d: seq { e: seq { f: seq { g: seq { h: seq { i: seq { j: seq { k: seq { l: seq { m: seq { n: seq { o: seq { p: seq { relu } } } } } } } } } } } } } } } } }
}

fn main() {}
