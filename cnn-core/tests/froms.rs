//! `from` (§13): reading earlier tensors, worked by hand: shapes, totals, liveness,
//! receptive fields, the lookup rules and E19.

mod common;

use cnn_core::*;
use common::*;

fn from(path: &str) -> Node<'_> {
    Node {
        name: None,
        op: Op::From(path),
    }
}

fn named<'a>(name: &'a str, kind: Kind) -> Node<'a> {
    Node {
        name: Some(name),
        op: Op::Layer(kind),
    }
}

fn up(s: u64) -> Kind {
    Kind::Upsample(Upsample {
        scale: PerAxis::uniform(s),
        mode: Interpolation::Nearest,
    })
}

fn padded(filters: u64, k: u64, p: u64) -> Kind {
    Kind::Conv(Conv {
        padding: Padding::Explicit(PerAxis::uniform(p)),
        ..conv(filters, k)
    })
}

/// input 1x8x8; a: conv 4 k3 p1; pool 2; conv 8 k3 p1;
/// m: add { branch { upsample 2; conv 4 k1 } branch { from a } }
fn pyramid() -> Vec<Node<'static>> {
    let mut nodes = vec![
        Node::layer(Kind::Input(Shape::image(1, 8, 8))),
        named("a", padded(4, 3, 1)),
        Node::layer(Kind::MaxPool(pool(2))),
        Node::layer(padded(8, 3, 1)),
    ];
    let up_branch = [Node::layer(up(2)), Node::layer(Kind::Conv(conv(4, 1)))];
    let mut merge = block(BlockKind::Add, &[&up_branch, &[from("a")]]);
    merge[0].name = Some("m");
    nodes.extend(merge);
    nodes
}

#[test]
fn a_branch_reads_an_earlier_tensor() {
    let (layers, _, totals) = run(&pyramid()).unwrap();
    let rows: Vec<(String, String)> = layers
        .iter()
        .map(|l| (l.name.to_string(), l.output.to_string()))
        .collect();
    let expect = [
        ("input", "1x8x8"),
        ("a", "4x8x8"),
        ("maxpool1", "4x4x4"),
        ("conv2d2", "8x4x4"),
        ("m.0", "8x8x8"),
        ("m.1", "4x8x8"),
        ("m.from1", "4x8x8"),
        ("m.add1", "4x8x8"),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(rows, expect);
    // The `from` names the layer it reads, and computes nothing.
    assert_eq!(layers[6].kind, Kind::From(1));
    assert_eq!((layers[6].params, layers[6].macs), (0, 0));
    // conv 4 k3 on 1 channel, conv 8 k3 on 4, conv 4 k1 on 8, each with its bias.
    assert_eq!(totals.params, (9 + 1) * 4 + (4 * 9 + 1) * 8 + (8 + 1) * 4);
    assert_eq!(totals.macs, 4 * 9 * 64 + 8 * 4 * 9 * 16 + 4 * 8 * 64);
    // Every layer's output but the input's and the `from`'s (which makes none).
    assert_eq!(totals.activations, 256 + 64 + 128 + 512 + 256 + 256);
}

#[test]
fn a_tensor_read_later_stays_alive_until_its_last_from() {
    let (rows, totals) = lives(&pyramid());
    let live: Vec<u64> = rows.iter().map(|r| r.1).collect();
    // input: 64 alone. a: 64 in + 256 out. From then on `a` (256) is alive for the
    // `from`: pool: 64 out + 256; conv: 64 in + 128 out + 256. The add block holds
    // its input (128): upsample: 128 + 512 out + 256; conv k1: 128 + 512 in + 256 out
    // + 256; the branch's output (256) waits for the sum: from: 128 + 256 + 256 (`a`,
    // read now, counted once); the sum: 128 + 256 + 256 (`a`, the second branch's
    // output) + 256 out.
    assert_eq!(live, [64, 320, 320, 448, 896, 1152, 640, 896]);
    assert_eq!((totals.peak, totals.peak_at), (1152, 5));
}

#[test]
fn the_field_of_what_a_from_reads() {
    let (layers, _, _) = run(&pyramid()).unwrap();
    // `a` sees 3x3; the sum takes the wider of its branches: the upsampled one sees
    // conv 3 + pool 2 + conv 3 (at stride 2): 3 + 1 + 2*2 = 8.
    assert_eq!(layers[6].field, layers[1].field);
    assert_eq!(layers[1].field.size, PerAxis::uniform(3));
    assert_eq!(layers[7].field.size, PerAxis::uniform(8));
}

#[test]
fn a_single_segment_is_looked_up_from_the_innermost_level_outwards() {
    // input 2x4x4; x: relu; b: seq { x: conv 3 k1; add { branch { } branch { from x } } }
    // `from x` inside `b` reads `b.x` (3 channels), not the outer `x` (2).
    let mut nodes = vec![
        Node::layer(Kind::Input(Shape::image(2, 4, 4))),
        named("x", Kind::Activation(Activation::Relu)),
    ];
    let inner = [named("x", Kind::Conv(conv(3, 1)))];
    let merge = block(BlockKind::Add, &[&[], &[from("x")]]);
    let body: Vec<Node> = inner.iter().copied().chain(merge).collect();
    let mut seq = block(BlockKind::Seq, &[&body]);
    seq[0].name = Some("b");
    nodes.extend(seq);
    let (layers, _, _) = run(&nodes).unwrap();
    let read = layers
        .iter()
        .find(|l| matches!(l.kind, Kind::From(_)))
        .unwrap();
    assert_eq!(read.kind, Kind::From(2));
    assert_eq!(read.output, Shape::image(3, 4, 4));
    // A dotted path is absolute: after the block, `from x` reads the outer `x`,
    // `from b.x` the inner one.
    let mut top = nodes.clone();
    top.extend(block(
        BlockKind::Concat,
        &[&[], &[from("x")], &[from("b.x")]],
    ));
    let (layers, _, _) = run(&top).unwrap();
    let n = layers.len();
    assert_eq!(layers[n - 3].kind, Kind::From(1));
    assert_eq!(layers[n - 2].kind, Kind::From(2));
    assert_eq!(layers[n - 1].output, Shape::image(3 + 2 + 3, 4, 4));
}

/// input 2x4x4; stage: repeat `passes` { seq { skip: conv 2 k1;
/// add { branch { relu } branch { from skip } } } }
fn repeated(passes: u64) -> Vec<Node<'static>> {
    let merge = block(
        BlockKind::Add,
        &[
            &[Node::layer(Kind::Activation(Activation::Relu))],
            &[from("skip")],
        ],
    );
    let body: Vec<Node> = [named("skip", Kind::Conv(conv(2, 1)))]
        .into_iter()
        .chain(merge)
        .collect();
    let pass = block(BlockKind::Seq, &[&body]);
    let mut stage = block(BlockKind::Repeat(passes), &[&pass]);
    stage[0].name = Some("stage");
    let mut nodes = vec![Node::layer(Kind::Input(Shape::image(2, 4, 4)))];
    nodes.extend(stage);
    nodes
}

#[test]
fn a_from_in_a_repeat_reads_its_own_pass() {
    let (layers, _, _) = run(&repeated(2)).unwrap();
    let reads: Vec<(String, Kind)> = layers
        .iter()
        .filter(|l| matches!(l.kind, Kind::From(_)))
        .map(|l| (l.name.clone(), l.kind))
        .collect();
    // Pass 0: input, stage.0.skip (1), relu (2), from (3), add (4); pass 1: skip (5).
    assert_eq!(
        reads,
        [
            ("stage.0.from1".to_string(), Kind::From(1)),
            ("stage.1.from2".to_string(), Kind::From(5)),
        ]
    );
}

#[test]
fn e19_a_from_naming_nothing_before_it() {
    // input 2x4x4; conv 2 k1; add { branch { } branch { from later } } later: relu
    let mut nodes = vec![
        Node::layer(Kind::Input(Shape::image(2, 4, 4))),
        Node::layer(Kind::Conv(conv(2, 1))),
    ];
    nodes.extend(block(BlockKind::Add, &[&[], &[from("later")]]));
    nodes.push(named("later", Kind::Activation(Activation::Relu)));
    let e = first_error(&nodes);
    assert_eq!(e.kind, ErrorKind::FromUnknown);
    assert_eq!(
        e.to_string(),
        "`from later` names nothing computed before it"
    );
}

#[test]
fn e19_a_from_where_nothing_may_be_read() {
    // input 2x4x4; x: relu; residual { from x }: a residual's body reads its input.
    let mut nodes = vec![
        Node::layer(Kind::Input(Shape::image(2, 4, 4))),
        named("x", Kind::Activation(Activation::Relu)),
    ];
    nodes.extend(block(BlockKind::Residual, &[&[from("x")]]));
    assert_eq!(first_error(&nodes).kind, ErrorKind::FromPlace);
    // Second in a branch, in a `split` branch: the same.
    let mut nodes = vec![
        Node::layer(Kind::Input(Shape::image(2, 4, 4))),
        named("x", Kind::Activation(Activation::Relu)),
    ];
    let relu = Node::layer(Kind::Activation(Activation::Relu));
    nodes.extend(block(BlockKind::Add, &[&[], &[relu, from("x")]]));
    assert_eq!(first_error(&nodes).kind, ErrorKind::FromPlace);
    let mut nodes = vec![Node::layer(Kind::Input(Shape::image(2, 4, 4)))];
    nodes.extend(block(BlockKind::Split, &[&[], &[from("input")]]));
    assert_eq!(first_error(&nodes).kind, ErrorKind::FromPlace);
}

#[test]
fn e19_a_tensor_never_read() {
    // input 2x4x4; conv 3 k1; from input; gap: the convolution's output is dropped.
    let nodes = [
        Node::layer(Kind::Input(Shape::image(2, 4, 4))),
        Node::layer(Kind::Conv(conv(3, 1))),
        from("input"),
        Node::layer(Kind::GlobalAvgPool),
    ];
    let e = first_error(&nodes);
    assert_eq!(e.kind, ErrorKind::NeverRead);
    assert_eq!(e.name.to_string(), "conv2d1");
    assert_eq!(e.id, 1);
    // Read by a later `from`, it is not dropped: conv2d1 is read again.
    let nodes = [
        Node::layer(Kind::Input(Shape::image(2, 4, 4))),
        named("c", Kind::Conv(conv(3, 1))),
        from("input"),
        Node::layer(Kind::Conv(conv(3, 1))),
        from("c"),
        Node::layer(Kind::GlobalAvgPool),
    ];
    // ... but now the second convolution is never read.
    assert_eq!(first_error(&nodes).name.to_string(), "conv2d2");
    // A head reads what flows: nothing is dropped.
    let mut nodes = vec![
        Node::layer(Kind::Input(Shape::image(2, 4, 4))),
        Node::layer(Kind::Conv(conv(3, 1))),
    ];
    nodes.extend(block(
        BlockKind::Head,
        &[&[Node::layer(Kind::GlobalAvgPool)]],
    ));
    nodes.push(from("input"));
    nodes.push(Node::layer(Kind::GlobalAvgPool));
    assert!(run(&nodes).is_ok());
    // A merge none of whose branches reads its input drops it.
    let mut nodes = vec![
        named("i", Kind::Input(Shape::image(2, 4, 4))),
        Node::layer(Kind::Conv(conv(2, 1))),
    ];
    nodes.extend(block(BlockKind::Add, &[&[from("i")], &[from("i")]]));
    let e = first_error(&nodes);
    assert_eq!(
        (e.kind, e.name.to_string()),
        (ErrorKind::NeverRead, "conv2d1".to_string())
    );
}

#[test]
fn a_network_ending_in_a_head_that_starts_with_from() {
    // input 2x4x4; x: conv 2 k1; relu; h: head { from x; gap }: relu's output is
    // neither read nor an output.
    let mut nodes = vec![
        Node::layer(Kind::Input(Shape::image(2, 4, 4))),
        named("x", Kind::Conv(conv(2, 1))),
        Node::layer(Kind::Activation(Activation::Relu)),
    ];
    let mut head = block(
        BlockKind::Head,
        &[&[from("x"), Node::layer(Kind::GlobalAvgPool)]],
    );
    head[0].name = Some("h");
    nodes.extend(head);
    let e = first_error(&nodes);
    assert_eq!(
        (e.kind, e.name.to_string()),
        (ErrorKind::NeverRead, "relu1".to_string())
    );
}

#[test]
fn a_from_reads_a_head_result_and_a_blocks_output() {
    // input 2x4x4; c: seq { conv 4 k1; relu } p: head { conv 3 k1 }
    // m: concat { branch { from p } branch { from c } }
    let mut nodes = vec![Node::layer(Kind::Input(Shape::image(2, 4, 4)))];
    let mut c = block(
        BlockKind::Seq,
        &[&[
            Node::layer(Kind::Conv(conv(4, 1))),
            Node::layer(Kind::Activation(Activation::Relu)),
        ]],
    );
    c[0].name = Some("c");
    let mut p = block(BlockKind::Head, &[&[Node::layer(Kind::Conv(conv(3, 1)))]]);
    p[0].name = Some("p");
    nodes.extend(c);
    nodes.extend(p);
    nodes.extend(block(BlockKind::Concat, &[&[from("p")], &[from("c")]]));
    let (layers, blocks, _) = run(&nodes).unwrap();
    // input 0, c.0 1, c.1 2, p.0 3, from 4 (reads p's result, layer 3), from 5 (c's, 2).
    assert_eq!(layers[4].kind, Kind::From(3));
    assert_eq!(layers[5].kind, Kind::From(2));
    assert_eq!(layers.last().unwrap().output, Shape::image(7, 4, 4));
    let outs: Vec<(String, String)> = outputs(&layers, &blocks)
        .map(|o| (o.name.clone(), o.shape.to_string()))
        .collect();
    assert_eq!(
        outs,
        [
            ("p".to_string(), "3x4x4".to_string()),
            ("cat1".to_string(), "7x4x4".to_string())
        ]
    );
}

#[test]
fn read_back_at_another_size_a_from_reads_the_same_layer() {
    // The repeat of `a_from_in_a_repeat_reads_its_own_pass` (three passes), and the
    // pyramid: read back from their tables (as `Model::for_input` does) at another
    // input size, the same layers under the same names, each `from` reading the same
    // layer.
    let repeated = repeated(3);
    for (nodes, input) in [
        (repeated, Shape::image(2, 6, 5)),
        (pyramid(), Shape::image(1, 12, 16)),
    ] {
        let (layers, blocks, _) = run(&nodes).unwrap();
        let named: Vec<Layer<&str>> = layers
            .iter()
            .map(|l| l.clone().map_name(|_| l.name.as_str()))
            .collect();
        let framed: Vec<Block<&str>> = blocks
            .iter()
            .map(|b| b.clone().map_name(|_| b.name.as_str()))
            .collect();
        let mut again = Vec::new();
        Graph::new(&named, &framed).nodes(input, &mut |n| again.push(n));
        let (bigger, _, _) = run(&again).unwrap();
        let rows = |ls: &[Layer<String>]| -> Vec<(String, Kind)> {
            ls.iter()
                .skip(1)
                .map(|l| (l.name.clone(), l.kind))
                .collect()
        };
        assert_eq!(rows(&bigger), rows(&layers));
        assert_eq!(bigger[0].output, input);
    }
}
