//! The `cnn` binary run as a user runs it: its exit status, stdout and stderr. The
//! figures are worked out by hand in each test's comments.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `cnn ARGS`, run in this crate's directory (so that `tests/nets/...` resolves).
fn cnn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cnn"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cnn binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// LeNet (README): conv 32 k5 on 1x28x28 has (5*5*1+1)*32 = 832 parameters and
/// 24*24*32*25 = 460,800 MACs; conv 32 k3 on 32x12x12, (3*3*32+1)*32 = 9,248 and
/// 10*10*32*288 = 921,600; dense 256 on 32x5x5 = 800, 801*256 = 205,056 and 204,800;
/// output 10, 257*10 = 2,570 and 2,560. 217,706 parameters, 1,589,760 MACs, 7 layers
/// with the input.
#[test]
fn check_prints_the_size_of_a_network_that_checks() {
    let out = cnn(&["check", "tests/nets/lenet.cnn"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "LeNet: 7 layers, 217_706 parameters, 1_589_760 MACs\n"
    );
    assert_eq!(text(&out.stderr), "");
}

/// Without a header: conv 16 k3 p1 on 3x32x32, 16*27+16 = 448 parameters and
/// 32*32*16*27 = 442,368 MACs; bn, 32 (and 32 running statistics, not counted);
/// maxpool to 16x16x16 = 4,096; dense 10, 4,096*10+10 = 40,970 and 40,960 MACs.
#[test]
fn a_network_without_a_header_is_named_network() {
    let out = cnn(&["check", "tests/nets/headerless.cnn"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "network: 6 layers, 41_450 parameters, 483_328 MACs\n"
    );
}

/// The summary is the `SUMMARY` table: LeNet's rows and totals as the README shows them.
#[test]
fn summary_prints_the_table() {
    let out = cnn(&["summary", "tests/nets/lenet.cnn"]);
    assert_eq!(out.status.code(), Some(0));
    let table = text(&out.stdout);
    for row in [
        "  1  conv2d1   32x24x24    (5*5*1+1)*32   =      832  460_800  5",
        "  5  dense1    256         (32*5*5+1)*256 =  205_056  204_800  28",
        "Total params: 217_706",
        "MACs: 1_589_760",
    ] {
        assert!(table.contains(row), "{row} not in\n{table}");
    }
    let markdown = text(&cnn(&["summary", "--markdown", "tests/nets/lenet.cnn"]).stdout);
    assert!(markdown.starts_with('|'), "{markdown}");
    assert!(markdown.contains("| conv2d1 |"), "{markdown}");
}

/// The pictures, each in its own format.
#[test]
fn pictures_print_in_their_formats() {
    for (command, start) in [
        ("svg", "<svg"),
        ("dot", "digraph"),
        ("mermaid", "flowchart"),
    ] {
        let out = cnn(&[command, "tests/nets/lenet.cnn"]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        let picture = text(&out.stdout);
        assert!(picture.starts_with(start), "{command}: {picture}");
        assert!(picture.contains("conv2d2"), "{command}");
    }
}

/// An error as rustc shows a `compile_error!`: the message with the layer and its
/// input (conv 32 k5 makes 32x24x24, pool 2 32x12x12: layer 3 gets 32x12x12), the file,
/// line 5 and column 9 (`conv 32 ` is 8 characters), the line, and a caret under `k13`.
#[test]
fn check_renders_an_error_on_its_token() {
    let out = cnn(&["check", "tests/nets/broken.cnn"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    let expected = "error: kernel 13 does not fit the input height 12 in conv2d2 (layer 3, input is 32x12x12)\n";
    assert!(stderr.starts_with(expected), "{stderr}");
    assert!(
        stderr.contains(" --> tests/nets/broken.cnn:5:9\n  |\n5 | conv 32 k13;\n  |         ^^^\n"),
        "{stderr}"
    );
    assert!(
        stderr
            .ends_with("error: could not check `tests/nets/broken.cnn` due to 1 previous error\n"),
        "{stderr}"
    );
}

/// Every independent error, in the order of the file: `g5` (line 3, column 12) and the
/// unknown `convv` (line 4, column 1).
#[test]
fn check_reports_every_error_in_file_order() {
    let out = cnn(&["check", "tests/nets/two_errors.cnn"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let first = stderr.find(" --> tests/nets/two_errors.cnn:3:12\n");
    let second = stderr.find(" --> tests/nets/two_errors.cnn:4:1\n");
    assert!(first.is_some() && second.is_some(), "{stderr}");
    assert!(first < second, "{stderr}");
    assert!(stderr.contains("4 | convv 8 k3;\n  | ^^^^^\n"), "{stderr}");
    assert!(stderr.ends_with("due to 2 previous errors\n"), "{stderr}");
}

/// `-` reads standard input.
#[test]
fn a_dash_reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cnn"))
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the cnn binary runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(b"input 4; dense 2;")
        .expect("written");
    let out = child.wait_with_output().expect("it ends");
    assert_eq!(out.status.code(), Some(0));
    // dense 2 on 4 inputs: 4*2+2 = 10 parameters, 8 MACs.
    assert_eq!(
        text(&out.stdout),
        "network: 2 layers, 10 parameters, 8 MACs\n"
    );
}

/// A file that cannot be read, and a command line that is wrong: status 2.
#[test]
fn unreadable_files_and_bad_command_lines_exit_with_2() {
    let out = cnn(&["check", "tests/nets/nowhere.cnn"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot read `tests/nets/nowhere.cnn`: "),
        "{stderr}"
    );
    assert_eq!(cnn(&["frobnicate", "x.cnn"]).status.code(), Some(2));
    assert_eq!(cnn(&["check"]).status.code(), Some(2));
}

/// `cnn` run from the workspace's root.
fn cnn_at_root(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cnn"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the cnn binary runs")
}

/// The README's session is what the command prints, exactly.
#[test]
fn the_readme_session_is_real() {
    let readme = include_str!("../../README.md");
    let prompt = "```console\n$ cnn check cnn-cli/tests/nets/broken.cnn\n";
    let start = readme.find(prompt).expect("the README shows the session") + prompt.len();
    let shown = &readme[start..start + readme[start..].find("```").expect("its end")];
    let out = cnn_at_root(&["check", "cnn-cli/tests/nets/broken.cnn"]);
    assert_eq!(text(&out.stderr), shown);
}

#[path = "../../examples/cifar.rs"]
#[allow(dead_code)]
mod cifar;
#[path = "../../examples/lenet.rs"]
#[allow(dead_code)]
mod lenet;

/// The `.cnn` files beside the examples are the examples' networks: the same summary
/// as the macro's const. CifarNet by hand: convolutions 896 + 9,248 + 18,496 + 36,928,
/// BatchNorms 64 + 64 + 128 + 128, dense 4,096*512+512 = 2,097,664, output 5,130:
/// 2,168,746 parameters.
#[test]
fn the_example_files_are_the_examples() {
    for (file, summary) in [
        ("examples/lenet.cnn", lenet::LeNet::SUMMARY),
        ("examples/cifar.cnn", cifar::CifarNet::SUMMARY),
    ] {
        let out = cnn_at_root(&["summary", file]);
        assert_eq!(out.status.code(), Some(0), "{file}");
        assert_eq!(text(&out.stdout).trim_end(), summary.trim_end(), "{file}");
    }
    let out = cnn_at_root(&["check", "examples/cifar.cnn"]);
    assert!(text(&out.stdout).starts_with("CifarNet: 22 layers, 2_168_746 parameters,"));
}

/// LeNet's tensors under PyTorch's names and shapes, random.
fn lenet_tensors() -> std::collections::HashMap<String, candle_core::Tensor> {
    use candle_core::{Device, Tensor};
    let mut tensors = std::collections::HashMap::new();
    for layer in lenet::LeNet::LAYERS {
        for p in layer.param_shapes().iter() {
            let dims: Vec<usize> = p.dims.iter().map(|&d| d as usize).collect();
            let t = Tensor::randn(0f32, 1.0, dims, &Device::Cpu).unwrap();
            tensors.insert(p.key(layer.name).to_string(), t);
        }
    }
    tensors
}

/// `cnn onnx`: the model written is what `cnn_onnx::export` makes of the network and
/// the weights file (checked against runtimes in cnn-onnx's own tests); a weight
/// missing from the file is an error naming it.
#[test]
fn onnx_writes_the_model() {
    let dir = std::env::temp_dir().join(format!("cnn-cli-onnx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut tensors = lenet_tensors();
    let weights = dir.join("lenet.safetensors");
    candle_core::safetensors::save(&tensors, &weights).unwrap();
    let model = dir.join("lenet.onnx");
    let export = || {
        cnn(&[
            "onnx",
            "tests/nets/lenet.cnn",
            "--weights",
            weights.to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
        ])
    };
    let out = export();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).starts_with("wrote LeNet to "),
        "{}",
        text(&out.stderr)
    );
    let expected = cnn_onnx::export(lenet::LeNet::LAYERS, lenet::LeNet::BLOCKS, &|k| {
        tensors.get(k).cloned()
    })
    .unwrap();
    assert_eq!(std::fs::read(&model).unwrap(), expected);

    tensors.remove("output.bias");
    candle_core::safetensors::save(&tensors, &weights).unwrap();
    let out = export();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no tensor `output.bias`"),
        "{}",
        text(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `cnn import`: a model `cnn onnx` wrote reads back as the network it came from (its
/// text checks to LeNet's figures, README) and its weights as they were; a torchvision
/// model as `cnn_onnx::import` reads it; what is not a model is status 1, a missing
/// file status 2.
#[test]
fn import_reads_models_back() {
    use candle_core::Device;
    let dir = std::env::temp_dir().join(format!("cnn-cli-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tensors = lenet_tensors();
    let (weights, model, back) = (
        dir.join("lenet.safetensors"),
        dir.join("lenet.onnx"),
        dir.join("back.safetensors"),
    );
    candle_core::safetensors::save(&tensors, &weights).unwrap();
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let out = cnn(&[
        "onnx",
        "tests/nets/lenet.cnn",
        "--weights",
        &path(&weights),
        "-o",
        &path(&model),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = cnn(&[
        "import",
        &path(&model),
        "--name",
        "LeNet",
        "--weights",
        &path(&back),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!(
            "imported LeNet from `{}`: 7 layers, 217_706 parameters, 1_589_760 MACs\n",
            path(&model)
        )
    );
    let file = dir.join("lenet_back.cnn");
    std::fs::write(&file, &out.stdout).unwrap();
    let check = cnn(&["check", &path(&file)]);
    assert_eq!(
        text(&check.stdout),
        "LeNet: 7 layers, 217_706 parameters, 1_589_760 MACs\n"
    );
    let read = candle_core::safetensors::load(&back, &Device::Cpu).unwrap();
    assert_eq!(read.len(), tensors.len());
    for (k, t) in &tensors {
        let d = (t - &read[k]).unwrap().abs().unwrap().max_all().unwrap();
        assert_eq!(d.to_scalar::<f32>().unwrap(), 0.0, "{k}");
    }

    let onnx = "../cnn-onnx/tests/fixtures/torchvision/resnet18_small.onnx";
    let out = cnn(&["import", onnx]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let expected = cnn_onnx::import(
        &std::fs::read(format!("{}/{onnx}", env!("CARGO_MANIFEST_DIR"))).unwrap(),
        "Resnet18Small",
    )
    .unwrap();
    assert_eq!(text(&out.stdout), expected.text);

    let out = cnn(&["import", "tests/nets/lenet.cnn"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .starts_with("error: cannot import `tests/nets/lenet.cnn`: this is not an ONNX model"),
        "{}",
        text(&out.stderr)
    );
    let out = cnn(&["import", "no/such.onnx"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
