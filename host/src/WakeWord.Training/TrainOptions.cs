namespace WakeWord.Training;

/// <summary>Hyper-parameters of <see cref="Trainer"/>. Defaults are the ones the default model was trained with.</summary>
public sealed record TrainOptions
{
    public int Epochs { get; init; } = 40;
    /// <summary>Model size: conv filters and LSTM hidden units per direction (strides are the default shape's).</summary>
    public int Conv1Filters { get; init; } = 8;
    public int Conv2Filters { get; init; } = 16;
    public int Hidden { get; init; } = 32;
    /// <summary>Conv strides (rows = time, columns = coefficients).</summary>
    public (int H, int W) Conv1Stride { get; init; } = (2, 2);
    public (int H, int W) Conv2Stride { get; init; } = (2, 2);
    /// <summary>
    /// Per-window mean normalization of the features inside the model (<see cref="Onnx.CrnnShape.WindowMean"/>); on
    /// by default: on held-out voices it measured far better than absolute features (docs/training.md).
    /// </summary>
    public bool WindowMean { get; init; } = true;
    /// <summary>Quantization-aware fine-tuning epochs after float training (0 = none).</summary>
    public int QatEpochs { get; init; } = 8;
    public int Seed { get; init; } = 1;
    public int Threads { get; init; } = 1;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 3e-3;
    /// <summary>Learning rate during QAT, as a fraction of <see cref="LearningRate"/>.</summary>
    public double QatLearningRateScale { get; init; } = 0.2;
    public double SeqDropout { get; init; } = 0.1;
    public double FcDropout { get; init; } = 0.2;
    /// <summary>
    /// Decay of an exponential moving average of the weights over the float epochs' steps (0 = off): validation,
    /// early stopping and the weights QAT starts from are the average's (<see cref="Optim.WeightAverage"/>).
    /// </summary>
    public double WeightAverageDecay { get; init; }
    /// <summary>Epochs without validation improvement before float training stops early.</summary>
    public int Patience { get; init; } = 15;
    /// <summary>Weight the loss by inverse class frequency of the training split.</summary>
    public bool ClassWeighting { get; init; } = true;
    /// <summary>
    /// Give confusable-phrase negatives a class of their own ("confusable", index 3) instead of "speech"; on by default:
    /// distilled from teachers trained the same way it measured ahead of the three-class recipe (docs/training.md).
    /// </summary>
    public bool ConfusableClass { get; init; } = true;
    /// <summary>Extra loss weight of confusable-phrase negatives (hard negatives), on top of the class weight.</summary>
    public double ConfusableWeight { get; init; } = 1;
    /// <summary>
    /// Engine balance P: a training clip's loss weight is also scaled by n^-P, n the clips of its manifest label from the
    /// same synthesis engine or recording source (mean weight per label kept at 1); 0 = off, 1 = every engine the same share.
    /// </summary>
    public double EngineBalance { get; init; }
    /// <summary>Random windows per epoch from the training-split streams (continuous negative audio), if any.</summary>
    public int StreamWindows { get; init; } = 4000;
    /// <summary>
    /// Hard offsets for negatives: a non-wake clip's training window is the one, of this many random offsets, whose wake
    /// posterior the current model (inference, no dropout; int8-simulated during QAT) rates highest, so the loss sees a
    /// negative where a streaming detector would fire on it (1 = off: one random offset).
    /// </summary>
    public int HardNegativeOffsets { get; init; } = 1;
    /// <summary>
    /// Hard-negative repetition: from the second epoch on, this share of the non-wake clips, those the model rated
    /// most wake-like in the previous epoch, is trained a second time per epoch (another copy, offset and mask); 0 = off.
    /// </summary>
    public double HardNegativeShare { get; init; }
    /// <summary>Maximum random window shift in frames (each side) of non-wake clips during training.</summary>
    public int MaxShiftFrames { get; init; } = 16;
    /// <summary>Placement of wake windows around the spoken span, and partial-phrase negatives.</summary>
    public Data.WindowOptions Windows { get; init; } = new();
    /// <summary>Feature masks per training sample: time spans and coefficient bands set to the mean.</summary>
    public int TimeMasks { get; init; } = 1;
    public int MaxTimeMask { get; init; } = 10;
    public int FeatureMasks { get; init; } = 1;
    public int MaxFeatureMask { get; init; } = 3;
    /// <summary>
    /// Draw coefficient bands over the features the model uses only (c0..c(N-1) of <see cref="Data.FeatureOptions.Coefficients"/>
    /// and log-energy, adjacent in that order), so every band masks as many used features as its width; false = over all
    /// features, where part of a band can fall on ignored coefficients and mask nothing.
    /// </summary>
    public bool BandMaskUsedOnly { get; init; }
    /// <summary>
    /// Distillation teachers: trained CRNN models (<c>crnn.onnx</c> of earlier runs, any size, same input and classes);
    /// their softened probabilities, averaged, are a second target of the loss. Empty = no distillation.
    /// </summary>
    public IReadOnlyList<string> Teachers { get; init; } = [];
    /// <summary>Share of the loss that follows the teachers (the rest is the cross-entropy with the labels).</summary>
    public double DistillWeight { get; init; } = 0.5;
    /// <summary>Softmax temperature of teacher and student in the distillation term.</summary>
    public double DistillTemperature { get; init; } = 2;
    /// <summary>Training samples used to calibrate activation ranges before QAT.</summary>
    public int CalibrationSamples { get; init; } = 512;
}
