//! Memory: the peak under the liveness model, bytes, budgets and the summary's totals.
#![allow(clippy::identity_op)] // formulas are written out in full, `*1` included

mod common;

use cnn_core::*;
use common::*;

#[test]
fn seed_summary_table() {
    let mut kinds = lenet().to_vec();
    kinds.pop();
    let mut nodes: Vec<Node> = kinds.iter().map(|&kind| Node::layer(kind)).collect();
    nodes.push(Node {
        name: Some("output"),
        op: Op::Layer(dense(10)),
    });
    let (layers, blocks, totals) = run(&nodes).unwrap();
    let report = report(&layers, totals);
    let table = Summary::new(&layers, &blocks, &report).to_string();
    assert_eq!(table, lenet::LENET_SUMMARY.join("\n"));
}

#[test]
fn peak_memory_by_hand() {
    // LeNet: input 784; then in + out: 784+18_432, 18_432+4_608, 4_608+3_200,
    // 3_200+800, 800+256, 256+10. The pooling after the first conv is the peak.
    let (rows, totals) = lives(&lenet().map(Node::layer));
    let live: Vec<u64> = rows.iter().map(|r| r.1).collect();
    assert_eq!(live, [784, 19_216, 23_040, 7_808, 4_000, 1_056, 266]);
    assert_eq!((totals.peak, totals.peak_at), (23_040, 2));

    // Identity residual on 8x4x4 (128 values): the block keeps its input alive.
    let nodes = identity_residual_net();
    let (rows, totals) = lives(&nodes);
    let live: Vec<u64> = rows.iter().map(|r| r.1).collect();
    // conv: x (held, its input) + out; bn: x + in + out; add: x + body + out; relu: in + out.
    assert_eq!(live, [128, 256, 384, 384, 256]);
    assert_eq!(totals.peak, 384);

    // Projection residual on 4x8x8 (256 values), body and shortcut to 8x4x4 (128).
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::image(4, 8, 8)))],
        block(
            BlockKind::Residual,
            &[
                &[
                    Node::layer(conv_with(8, 3, 2, 1)),
                    Node::layer(Kind::BatchNorm(Norm::DEFAULT)),
                ],
                &[
                    Node::layer(conv_with(8, 1, 2, 0)),
                    Node::layer(Kind::BatchNorm(Norm::DEFAULT)),
                ],
            ],
        ),
    ]
    .concat();
    let (rows, totals) = lives(&nodes);
    let live: Vec<u64> = rows.iter().map(|r| r.1).collect();
    // body conv: x 256 + out 128; body bn: x + 128 + 128; shortcut conv: x + body 128 +
    // out 128; shortcut bn: x + body + 128 + 128; add: x + body + shortcut + out.
    assert_eq!(live, [256, 384, 512, 512, 640, 640]);
    assert_eq!((totals.peak, totals.peak_at), (640, 4));
}

#[test]
fn bytes_and_budgets() {
    let (layers, totals) = net(&lenet());
    let f32_report = report(&layers, totals);
    assert_eq!(f32_report.input_bytes, 784 * 4);
    assert_eq!(f32_report.param_bytes, 217_706 * 4);
    assert_eq!(f32_report.activation_bytes, 27_306 * 4);
    assert_eq!(f32_report.peak_activation_bytes, 23_040 * 4);
    let i8_report = Report::new(totals, Dtype::I8, f32_report.field).unwrap();
    assert_eq!(i8_report.param_bytes, 217_706);
    assert_eq!(Dtype::Bf16.bytes(), 2);

    let within = Budget {
        metric: Metric::PeakMemory,
        limit: 92_160,
    };
    assert!(within.check(&f32_report).is_ok());
    let over = Budget {
        metric: Metric::PeakMemory,
        limit: 90_000,
    }
    .check(&f32_report)
    .unwrap_err();
    // 90_000 / 1024 = 87.89 KiB.
    assert_eq!(
        over.to_string(),
        "the activations alive at once peak at 92_160 bytes (90.0 KiB), 2_160 bytes over its budget of 90_000 bytes (87.9 KiB)"
    );
    let over = Budget {
        metric: Metric::Macs,
        limit: 1_000_000,
    }
    .check(&f32_report)
    .unwrap_err();
    assert_eq!(
        over.to_string(),
        "the network has 1_589_760 MACs, 589_760 over its budget of 1_000_000"
    );
    // The layers that weigh most: dense1, conv2d2, output by parameters.
    let params = top_three(
        layers
            .iter()
            .map(|l| Metric::Params.share(l, 0, Dtype::F32)),
    );
    assert_eq!(
        params,
        [Some((5, 205_056)), Some((3, 9_248)), Some((6, 2_570))]
    );
    assert_eq!(top_three([0, 7, 7, 0]), [Some((1, 7)), Some((2, 7)), None]);
    assert_eq!(Binary(256 * 1024).to_string(), "256.0 KiB");
    assert_eq!(Binary(1_500_000).to_string(), "1.4 MiB");
    assert_eq!(Binary(1000).to_string(), "1000 B");
}
