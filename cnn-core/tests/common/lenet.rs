//! LeNet, the seed network, and its summary table worked out by hand: pinned once,
//! here, for `cnn-core`'s tests and the `cnn` facade's (which includes this file).

/// The seed table of LeNet (`input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2;
/// dense 256; output 10;`), line by line, with the arithmetic behind each figure. Since
/// issue 14 each row has its MACs: 5*5*1*32 * 24*24, 3*3*32*32 * 10*10, 800*256 and
/// 256*10.
pub const LENET_SUMMARY: &[&str] = &[
    "  #  name      size        parameters                    MACs  field",
    "---  --------  ----------  -------------------------  -------  -----",
    "  0  input     1x28x28                             0        0  1",
    "  1  conv2d1   32x24x24    (5*5*1+1)*32   =      832  460_800  5",
    "  2  maxpool1  32x12x12                            0        0  6",
    "  3  conv2d2   32x10x10    (3*3*32+1)*32  =    9_248  921_600  10",
    "  4  maxpool2  32x5x5                              0        0  12",
    "  5  dense1    256         (32*5*5+1)*256 =  205_056  204_800  28",
    "  6  output    10          (256+1)*10     =    2_570    2_560  28",
    "",
    "Total params: 217_706",
    "Trainable params: 217_706",
    "Non-trainable params: 0",
    "MACs: 1_589_760",
    // A multiply and an add per multiply-accumulate.
    "FLOPs (2 x MACs): 3_179_520",
    // 12 + (5 - 1) * 4: the dense layer sees the whole 5x5 map of 4-pixel jumps.
    "Receptive field: 28",
    "Element type: f32 (4 bytes a value)",
    // torchinfo's, as `torchinfo.summary(lenet, input_size=(1, 1, 28, 28))` prints
    // them: the input's 784 * 4 bytes and the storage's 64-byte header, 3_200; twice
    // the outputs of the layers with parameters, 2 * (18_432 + 3_200 + 256 + 10) * 4
    // = 175_184; the parameters, 217_706 * 4 = 870_824; their sum 1_049_208.
    "Input size (MB): 0.00",
    "Forward/backward pass size (MB): 0.18",
    "Params size (MB): 0.87",
    "Estimated Total Size (MB): 1.05",
    // Every layer's output once, (18_432 + 4_608 + 3_200 + 800 + 256 + 10) * 4 =
    // 109_224; parameters with running statistics (none here), 870_824.
    "Activations size (MB): 0.11",
    "Params and buffers size (MB): 0.87",
    // maxpool1's 32x24x24 input and 32x12x12 output: 23_040 * 4 bytes.
    "Peak activation size (MB): 0.09",
];
