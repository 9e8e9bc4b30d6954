//! The graph exports, GRAPH_DOT and GRAPH_MERMAID: nodes, edges and clusters counted by
//! hand for LeNet, a residual block and an Inception module.

/// (nodes, edges, clusters) of a DOT graph.
fn dot_counts(dot: &str) -> (usize, usize, usize) {
    let nodes = dot.lines().filter(|l| l.contains(" [label=\"")).count();
    let edges = dot.lines().filter(|l| l.contains("\" -> \"")).count();
    let clusters = dot
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph \"cluster_"))
        .count();
    (nodes, edges, clusters)
}

/// (nodes, edges, subgraphs) of a Mermaid flowchart.
fn mermaid_counts(mermaid: &str) -> (usize, usize, usize) {
    let lines = || mermaid.lines().map(str::trim_start);
    let nodes = lines()
        .filter(|l| !l.starts_with("subgraph") && l.contains("[\""))
        .count();
    let edges = lines().filter(|l| l.contains(" --> ")).count();
    let subgraphs = lines().filter(|l| l.starts_with("subgraph ")).count();
    assert_eq!(subgraphs, lines().filter(|l| *l == "end").count());
    (nodes, edges, subgraphs)
}

mod lenet {
    cnn::cnn! {
        pub struct LeNet;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
}

mod residual {
    cnn::cnn! {
        pub struct Basic;
        input 64x8x8;
        residual { conv 64 k3 p1 nobias; bn; relu; conv 64 k3 p1 nobias; bn }
        relu;
    }
}

mod inception {
    // GoogLeNet's inception3a, its convolutions without BatchNorm and ReLU.
    cnn::cnn! {
        pub struct Inception3a;
        input 192x28x28;
        concat {
            branch { conv 64 k1 }
            branch { conv 96 k1; conv 128 k3 p1 }
            branch { conv 16 k1; conv 32 k5 p2 }
            branch { pool 3 s1 p1; conv 32 k1 }
        }
    }
}

#[test]
fn lenet_is_a_chain() {
    // Seven layers, each reading the one before: six edges, no clusters.
    let dot = lenet::LeNet::GRAPH_DOT;
    assert_eq!(dot_counts(dot), (7, 6, 0));
    assert_eq!(mermaid_counts(lenet::LeNet::GRAPH_MERMAID), (7, 6, 0));
    assert!(dot.starts_with("digraph network {"), "{dot}");
    assert!(
        dot.contains("\"conv2d1\" [label=\"conv2d1\\nconv 32 k5\\n32x24x24\""),
        "{dot}"
    );
    assert!(dot.contains("\"maxpool2\" -> \"dense1\";"));
    assert!(lenet::LeNet::GRAPH_MERMAID.contains("  conv2d2 --> maxpool2\n"));
}

#[test]
fn a_residual_block_joins_at_its_sum() {
    // input, two convolutions, two BatchNorms, a ReLU inside, the sum and the ReLU
    // after: 8 nodes; the chain has 7 edges and the identity shortcut one more, from
    // the input to the sum; one cluster.
    let dot = residual::Basic::GRAPH_DOT;
    assert_eq!(dot_counts(dot), (8, 8, 1));
    assert_eq!(mermaid_counts(residual::Basic::GRAPH_MERMAID), (8, 8, 1));
    assert!(dot.contains("\"input\" -> \"add1\";"));
    assert!(dot.contains("\"bn2\" -> \"add1\";"));
}

#[test]
fn an_inception_module_fans_out_and_in() {
    // input, 1 + 2 + 2 + 2 branch layers and the concatenation: 9 nodes. The input
    // feeds the four branches, three branches have an edge inside, and the four
    // branches feed the concatenation: 4 + 3 + 4 = 11 edges. The block and its four
    // branches are clusters.
    let dot = inception::Inception3a::GRAPH_DOT;
    assert_eq!(dot_counts(dot), (9, 11, 5));
    assert_eq!(
        mermaid_counts(inception::Inception3a::GRAPH_MERMAID),
        (9, 11, 5)
    );
    for first in ["conv2d1", "conv2d2", "conv2d4", "maxpool1"] {
        assert!(
            dot.contains(&format!("\"input\" -> \"{first}\";")),
            "{first}"
        );
    }
    for last in ["conv2d1", "conv2d3", "conv2d5", "conv2d6"] {
        assert!(dot.contains(&format!("\"{last}\" -> \"cat1\";")), "{last}");
    }
}
