//! Merge blocks through the run-time API, by hand: `concat`, `add`, `mul`, `scale` and
//! `split`, their merge layers, names, fields, the liveness model and their errors.

mod common;

use cnn_core::*;
use common::*;

fn conv_p(filters: u64, k: u64, p: u64) -> Node<'static> {
    Node::layer(Kind::Conv(Conv {
        padding: Padding::Explicit(PerAxis::uniform(p)),
        ..conv(filters, k)
    }))
}

fn input(c: u64, h: u64) -> Vec<Node<'static>> {
    vec![Node::layer(Kind::Input(Shape::image(c, h, h)))]
}

#[test]
fn an_inception_module() {
    // Four branches on 192x35x35, concatenated: 64 + 64 + 96 + 32 = 256 channels.
    let pool = Node::layer(Kind::AvgPool(Pool {
        stride: PerAxis::uniform(1),
        padding: PerAxis::uniform(1),
        ..pool(3)
    }));
    let nodes = [
        input(192, 35),
        block(
            BlockKind::Concat,
            &[
                &[conv_p(64, 1, 0)],
                &[conv_p(48, 1, 0), conv_p(64, 5, 2)],
                &[conv_p(64, 1, 0), conv_p(96, 3, 1), conv_p(96, 3, 1)],
                &[pool, conv_p(32, 1, 0)],
            ],
        ),
    ]
    .concat();
    let (layers, blocks, totals) = run(&nodes).unwrap();
    let last = layers.last().unwrap();
    assert_eq!(
        (last.name.as_str(), last.output),
        ("cat1", Shape::image(256, 35, 35))
    );
    // (192+1)*64; (192+1)*48 + (5*5*48+1)*64; (192+1)*64 + (9*64+1)*96 + (9*96+1)*96;
    // (192+1)*32.
    assert_eq!(
        totals.params,
        12_352 + 9_264 + 76_864 + 12_352 + 55_392 + 83_040 + 6_176
    );
    let names: Vec<(&str, u32)> = blocks.iter().map(|b| (b.name.as_str(), b.depth)).collect();
    assert_eq!(
        names,
        [
            ("concat1", 0),
            ("branch1", 1),
            ("branch2", 1),
            ("branch3", 1),
            ("branch4", 1)
        ]
    );
    // Branch layers sit two levels in; the merge layer one.
    assert_eq!((layers[1].depth, last.depth), (2, 1));
    // The field is the widest branch's: two 3x3 convs see 5, the 5x5 sees 5, the pool
    // and its 1x1 see 3: 5.
    assert_eq!(last.field.size, PerAxis::uniform(5));
}

#[test]
fn dense_and_shuffle_blocks() {
    // DenseNet's layer: the identity and a new 32-channel map, concatenated.
    let nodes = [
        input(64, 8),
        block(BlockKind::Concat, &[&[], &[conv_p(32, 3, 1)]]),
    ]
    .concat();
    let (layers, _, _) = run(&nodes).unwrap();
    assert_eq!(layers.last().unwrap().output, Shape::image(96, 8, 8));
    // ShuffleNetV2's split: each of two branches gets 8 of the 16 channels.
    let nodes = [
        input(16, 8),
        block(BlockKind::Split, &[&[conv_p(8, 3, 1)], &[]]),
    ]
    .concat();
    let (layers, _, totals) = run(&nodes).unwrap();
    assert_eq!(layers[1].input, Shape::image(8, 8, 8));
    assert_eq!(totals.params, (9 * 8 + 1) * 8);
    assert_eq!(layers.last().unwrap().output, Shape::image(16, 8, 8));
    // Three branches do not divide 16 channels (E17).
    let nodes = [input(16, 8), block(BlockKind::Split, &[&[], &[], &[]])].concat();
    assert_eq!(
        first_error(&nodes).kind,
        ErrorKind::SplitChannels {
            branches: 3,
            channels: 16
        }
    );
}

#[test]
fn products_and_sums() {
    let gap = Node::layer(Kind::GlobalAvgPool);
    let relu = Node::layer(Kind::Activation(Activation::Relu));
    let sigmoid = Node::layer(Kind::Activation(Activation::Sigmoid));
    // Squeeze-and-excitation: the input scaled by gap, 64->16->64 and a sigmoid.
    let nodes = [
        input(64, 8),
        block(
            BlockKind::Scale,
            &[&[gap, conv_p(16, 1, 0), relu, conv_p(64, 1, 0), sigmoid]],
        ),
    ]
    .concat();
    let (layers, blocks, totals) = run(&nodes).unwrap();
    let last = layers.last().unwrap();
    assert_eq!(
        (last.name.as_str(), last.output),
        ("mul1", Shape::image(64, 8, 8))
    );
    // (64+1)*16 + (16+1)*64 parameters; 64*16 + 16*64 MACs on the 1x1 map; the
    // product costs none.
    assert_eq!((totals.params, totals.macs), (1_040 + 1_088, 1_024 + 1_024));
    assert_eq!(blocks[0].name, "scale1");
    // mul: a Cx1x1 gate against CxHxW in either order; channels must agree.
    let nodes = [input(8, 4), block(BlockKind::Mul, &[&[gap], &[]])].concat();
    assert_eq!(
        run(&nodes).unwrap().0.last().unwrap().output,
        Shape::image(8, 4, 4)
    );
    let nodes = [
        input(8, 4),
        block(BlockKind::Mul, &[&[gap], &[conv_p(4, 1, 0)]]),
    ]
    .concat();
    assert!(matches!(
        first_error(&nodes).kind,
        ErrorKind::Unmergeable { branch: 2, .. }
    ));
    // add: equal shapes; its sum is numbered with residuals' (add1), the block too.
    let nodes = [
        input(8, 4),
        block(BlockKind::Add, &[&[conv_p(8, 3, 1)], &[conv_p(8, 1, 0)]]),
    ]
    .concat();
    let (layers, blocks, _) = run(&nodes).unwrap();
    assert_eq!(
        (
            layers.last().unwrap().name.as_str(),
            blocks[0].name.as_str()
        ),
        ("add1", "add1")
    );
}

#[test]
fn liveness_of_a_two_branch_block() {
    // input 4x8x8 (256 values); concat { branch { conv 8 k1 } branch { conv 8 k1 } }:
    // - the input alone: 256;
    // - branch 1's conv: the block's input (held) and its output 8*64 = 512: 768;
    // - branch 2's conv: the input, branch 1's output (waiting) and its own: 1_280;
    // - cat: the input, both outputs and its 16*64 = 1_024: 2_304, the peak.
    let nodes = [
        input(4, 8),
        block(BlockKind::Concat, &[&[conv_p(8, 1, 0)], &[conv_p(8, 1, 0)]]),
    ]
    .concat();
    let (rows, totals) = lives(&nodes);
    let live: Vec<u64> = rows.iter().map(|r| r.1).collect();
    assert_eq!(live, [256, 768, 1_280, 2_304]);
    assert_eq!((totals.peak, totals.peak_at), (2_304, 3));
}

#[test]
fn merge_errors() {
    // A pooled branch against the identity: 8x4x4 and 8x8x8 cannot be concatenated; the
    // error is on the second branch (its part node, 3).
    let nodes = [
        input(8, 8),
        block(
            BlockKind::Concat,
            &[&[Node::layer(Kind::MaxPool(pool(2)))], &[]],
        ),
    ]
    .concat();
    let err = first_error(&nodes);
    assert_eq!(err.id, 4);
    assert_eq!(
        err.to_string(),
        "`concat` needs branches of the same size: branch 1 gives 8x4x4, branch 2 gives \
         8x8x8 in concat1 (layer 2, input is 8x8x8)"
    );
    // A merge block without branches (E18).
    let nodes = [input(8, 8), vec![Node::block(BlockKind::Add, 0)]].concat();
    assert_eq!(
        first_error(&nodes).to_string(),
        "`add` holds no branches in add1 (layer 1, input is 8x8x8)"
    );
}
