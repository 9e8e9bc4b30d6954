// E19: a `from` that names nothing computed before it, the nearest names suggested.
fn unknown_path() {
    cnn::cnn! {
        input 3x32x32;
        stem: conv 16 k3 p1;
        layer1: seq { conv 16 k3 p1; relu }
        add { branch { } branch { from layer2 } }
    }
}

// A dotted path is absolute: `layer1.0` is there, `layer1.5` is not.
fn unknown_dotted_path() {
    cnn::cnn! {
        input 3x32x32;
        layer1: seq { conv 16 k3 p1; relu }
        add { branch { } branch { from layer1.5 } }
    }
}

// A `from` reads only earlier statements: not the block it is in.
fn reads_itself() {
    cnn::cnn! {
        input 3x32x32;
        c: seq { conv 16 k3 p1; add { branch { } branch { from c } } }
    }
}

// Nothing may be read inside a residual, or second in a branch.
fn where_nothing_may_be_read() {
    cnn::cnn! {
        input 3x32x32;
        x: conv 16 k3 p1;
        residual { from x; relu }
    }
}
fn second_in_a_branch() {
    cnn::cnn! {
        input 3x32x32;
        x: conv 16 k3 p1;
        add { branch { } branch { relu; from x } }
    }
}

// A tensor computed and never read: the flow starts again from the input.
fn never_read() {
    cnn::cnn! {
        input 3x32x32;
        conv 16 k3 p1;
        from input;
        conv 8 k1;
    }
}

// A `from` takes no name, and reads a path.
fn named_from() {
    cnn::cnn! {
        input 3x32x32;
        x: conv 16 k3 p1;
        y: from x;
    }
}
fn no_path() {
    cnn::cnn! {
        input 3x32x32;
        conv 16 k3 p1;
        from;
    }
}

fn main() {}
