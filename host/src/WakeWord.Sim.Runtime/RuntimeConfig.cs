using System.Text.Json.Serialization;
using WakeWord.Core;

namespace WakeWord.Sim.Runtime;

/// <summary>
/// Every constant of the streaming runtime (detector, energy gate, DVFS policy, audio blocks) and the
/// simulator's cost and power model. One record is the source of truth: the firmware gets it as the
/// generated <c>ww_runtime_config.h</c> (<see cref="RuntimeHeaderEmitter"/>), the simulator reads the
/// package's <c>runtime.json</c>. Posteriors are the softmax's int8 output (scale 1/256, zero point -128):
/// probability p is int8 <c>round(256 p) - 128</c>.
/// </summary>
public sealed record RuntimeConfig
{
    /// <summary>48 kHz samples per DMA half-buffer (480 = one 10 ms hop).</summary>
    public int AudioBlockSamples { get; init; } = 480;

    /// <summary>
    /// Depth of the audio block FIFO between the DMA callbacks and the service loop. A service call that
    /// is busy for S hops (one inference spanning S hops) loses nothing while S &lt;= AudioBlocks; 8 covers
    /// the default CRNN at the HIGH clock on both STM32H7 cores with room.
    /// </summary>
    public int AudioBlocks { get; init; } = 8;

    /// <summary>Frames in the model window (the model's input frames, 98).</summary>
    public int WindowFrames { get; init; } = 98;

    /// <summary>The CRNN runs every this many frames (10 = every 100 ms).</summary>
    public int InferEvery { get; init; } = 10;

    /// <summary>Index of the wake class in the model output.</summary>
    public int WakeClass { get; init; } = 0;

    /// <summary>Wake posteriors averaged by the detector (integer mean).</summary>
    public int SmoothK { get; init; } = 3;

    /// <summary>Smoothed wake probability that fires a detection.</summary>
    public double Threshold { get; init; } = 0.6;

    /// <summary>Evaluations ignored after a detection (10 = 1 s at the default rate).</summary>
    public int Refractory { get; init; } = 10;

    /// <summary>Energy gate margin above the noise floor, in feature LSBs (1/128 nat: 160 is about 5.4 dB).</summary>
    public int GateMargin { get; init; } = 160;

    /// <summary>Log energy (feature LSBs) at or below which a frame never opens the gate (about -70 dBFS).</summary>
    public int GateMinEnergy { get; init; } = 1024;

    /// <summary>Noise floor rise per frame: 2^-GateRiseShift of the difference (slow).</summary>
    public int GateRiseShift { get; init; } = 8;

    /// <summary>Noise floor fall per frame: 2^-GateFallShift of the difference (fast).</summary>
    public int GateFallShift { get; init; } = 2;

    /// <summary>Consecutive quiet hops (gate closed, no pre-trigger) before DVFS drops to LOW.</summary>
    public int DvfsQuietHops { get; init; } = 20;

    /// <summary>Wake probability of a single inference that switches DVFS to HIGH.</summary>
    public double DvfsPretrigger { get; init; } = 0.3;

    /// <summary>Detections the firmware queues for ww_runtime_poll_event.</summary>
    public int EventQueueLength { get; init; } = 4;

    /// <summary>Cycle and power model the simulator uses for its estimates.</summary>
    public CostModel Cost { get; init; } = new();

    /// <summary>int8 detector threshold.</summary>
    [JsonIgnore] public int ThresholdQ => ProbabilityToInt8(Threshold);

    /// <summary>int8 DVFS pre-trigger.</summary>
    [JsonIgnore] public int DvfsPretriggerQ => ProbabilityToInt8(DvfsPretrigger);

    [JsonIgnore] public DetectorConfig Detector => new(SmoothK, ThresholdQ, Refractory);
    [JsonIgnore] public GateConfig Gate => new(GateMargin, GateMinEnergy, GateRiseShift, GateFallShift, WindowFrames);
    [JsonIgnore] public DvfsConfig Dvfs => new(DvfsQuietHops, DvfsPretriggerQ);

    public static RuntimeConfig Default { get; } = new();

    /// <summary>Softmax int8 convention: round(256 p) - 128, clamped to int8.</summary>
    public static int ProbabilityToInt8(double p) => Math.Clamp((int)Math.Round(p * 256.0, MidpointRounding.AwayFromZero) - 128, -128, 127);

    /// <summary>Throws a <see cref="WakeWordException"/> naming the first field out of range.</summary>
    public RuntimeConfig Validate(string source = "runtime config")
    {
        void Fail(string field, string why) => throw new WakeWordException($"{source}: {field} {why}");
        if (AudioBlockSamples < 1 || AudioBlockSamples > 48000) Fail(nameof(AudioBlockSamples), "must be 1..48000");
        if (AudioBlocks < 1 || AudioBlocks > 256) Fail(nameof(AudioBlocks), "must be 1..256");
        if (WindowFrames < 1 || WindowFrames > 1024) Fail(nameof(WindowFrames), "must be 1..1024");
        if (InferEvery < 1 || InferEvery > 1000) Fail(nameof(InferEvery), "must be 1..1000");
        if (WakeClass < 0 || WakeClass > 63) Fail(nameof(WakeClass), "must be 0..63");
        if (SmoothK < 1 || SmoothK > 64) Fail(nameof(SmoothK), "must be 1..64");
        if (!(Threshold >= 0 && Threshold <= 1)) Fail(nameof(Threshold), "must be a probability 0..1");
        if (Refractory < 0 || Refractory > 100000) Fail(nameof(Refractory), "must be 0..100000");
        if (GateMargin < 0 || GateMargin > 8192) Fail(nameof(GateMargin), "must be 0..8192");
        if (GateMinEnergy < -32768 || GateMinEnergy > 32767) Fail(nameof(GateMinEnergy), "must fit int16");
        if (GateRiseShift < 0 || GateRiseShift > 20) Fail(nameof(GateRiseShift), "must be 0..20");
        if (GateFallShift < 0 || GateFallShift > 20) Fail(nameof(GateFallShift), "must be 0..20");
        if (DvfsQuietHops < 1 || DvfsQuietHops > 100000) Fail(nameof(DvfsQuietHops), "must be 1..100000");
        if (!(DvfsPretrigger >= 0 && DvfsPretrigger <= 1)) Fail(nameof(DvfsPretrigger), "must be a probability 0..1");
        if (EventQueueLength < 1 || EventQueueLength > 64) Fail(nameof(EventQueueLength), "must be 1..64");
        Cost.Validate(source);
        return this;
    }

    /// <summary>The config as JSON (runtime.json in the firmware package; <see cref="StrictJson"/>).</summary>
    public string ToJson() => StrictJson.ToJson(this);

    /// <summary>Parses and validates JSON; <paramref name="source"/> names the file in errors, an unknown field is refused.</summary>
    public static RuntimeConfig FromJson(string json, string source = "runtime.json") => StrictJson.FromJson<RuntimeConfig>(json, source).Validate(source);

    /// <summary>Writes runtime.json atomically.</summary>
    public void Save(string path) => StrictJson.Save(path, this);

    /// <summary>Reads and validates runtime.json.</summary>
    public static RuntimeConfig Load(string path) => StrictJson.Load<RuntimeConfig>(path).Validate(path);
}

/// <summary>
/// Cycle and power model of the simulator's estimates and of the slice planner. Cycle constants are per-kernel
/// costs on the Cortex-M4 with the portable kernels (instructions under QEMU stand in for cycles), calibrated
/// from <c>wakeword report</c>'s per-layer profile (<c>ww_qemu_profile</c>); power is per DVFS level.
/// </summary>
public sealed record CostModel
{
    /// <summary>Front-end cycles per 10 ms hop (decimator, FFT, mel, DCT).</summary>
    public double FrontendCyclesPerHop { get; init; } = 160_000;

    /// <summary>Runtime bookkeeping per hop (quantizer, ring, gate, DVFS).</summary>
    public double RuntimeCyclesPerHop { get; init; } = 3_000;

    /// <summary>Cycles per MAC of a convolution layer.</summary>
    public double ConvCyclesPerMac { get; init; } = 3.65;

    /// <summary>Cycles per MAC of a first convolution with one input channel.</summary>
    public double FirstConvCyclesPerMac { get; init; } = 14.0;

    /// <summary>Cycles per MAC of the LSTM.</summary>
    public double LstmCyclesPerMac { get; init; } = 3.4;

    /// <summary>Cycles per MAC of fully connected layers.</summary>
    public double FcCyclesPerMac { get; init; } = 4.5;

    /// <summary>Cycles per input element of the window-mean layer (column sums, then one requantized difference per element).</summary>
    public double SubtractMeanCyclesPerElement { get; init; } = 35;

    /// <summary>Cycles per output byte of the data-movement layers (time reverse, select step, concat).</summary>
    public double CopyCyclesPerByte { get; init; } = 0.8;

    /// <summary>Cycles per element of the softmax.</summary>
    public double SoftmaxCyclesPerElement { get; init; } = 450;

    /// <summary>Cycles per layer besides its work (the call, the hook check, parameter set-up).</summary>
    public double LayerCallCycles { get; init; } = 100;

    /// <summary>Fixed cycles per inference besides its layers (the window copy into the model input, the detector).</summary>
    public double InferenceOverheadCycles { get; init; } = 20_000;

    /// <summary>Core clock at LOW (Hz).</summary>
    public double LowClockHz { get; init; } = 64e6;

    /// <summary>Core clock at HIGH (Hz).</summary>
    public double HighClockHz { get; init; } = 240e6;

    /// <summary>Active power at LOW (mW).</summary>
    public double LowActiveMw { get; init; } = 12;

    /// <summary>Active power at HIGH (mW).</summary>
    public double HighActiveMw { get; init; } = 90;

    /// <summary>Sleep power between hops (mW, WFI with DMA running).</summary>
    public double SleepMw { get; init; } = 3;

    /// <summary>
    /// Cycles per unit of work of a layer kind as <see cref="ModelExecutorRunner.LayerWork"/> names and counts
    /// them: per MAC for "conv_first" (a convolution with one input channel), "conv", "lstm", "fc"; per input
    /// element for "subtract_mean"; per output byte for "copy"; per element for "softmax"; 0 for other kinds.
    /// </summary>
    public double CyclesPerUnit(string kind) => kind switch
    {
        "conv_first" => FirstConvCyclesPerMac,
        "conv" => ConvCyclesPerMac,
        "lstm" => LstmCyclesPerMac,
        "fc" => FcCyclesPerMac,
        "subtract_mean" => SubtractMeanCyclesPerElement,
        "copy" => CopyCyclesPerByte,
        "softmax" => SoftmaxCyclesPerElement,
        _ => 0.0,
    };

    /// <summary>Estimated cycles of one layer: its units of work at the kind's rate plus <see cref="LayerCallCycles"/>.</summary>
    public double LayerCycles(string kind, long units) => units * CyclesPerUnit(kind) + LayerCallCycles;

    public void Validate(string source)
    {
        void Fail(string field, string why) => throw new WakeWordException($"{source}: cost.{field} {why}");
        foreach (var (name, v) in new[] { (nameof(FrontendCyclesPerHop), FrontendCyclesPerHop), (nameof(RuntimeCyclesPerHop), RuntimeCyclesPerHop),
            (nameof(ConvCyclesPerMac), ConvCyclesPerMac), (nameof(FirstConvCyclesPerMac), FirstConvCyclesPerMac), (nameof(LstmCyclesPerMac), LstmCyclesPerMac),
            (nameof(FcCyclesPerMac), FcCyclesPerMac), (nameof(SubtractMeanCyclesPerElement), SubtractMeanCyclesPerElement),
            (nameof(CopyCyclesPerByte), CopyCyclesPerByte), (nameof(SoftmaxCyclesPerElement), SoftmaxCyclesPerElement),
            (nameof(LayerCallCycles), LayerCallCycles), (nameof(InferenceOverheadCycles), InferenceOverheadCycles), (nameof(LowActiveMw), LowActiveMw),
            (nameof(HighActiveMw), HighActiveMw), (nameof(SleepMw), SleepMw) })
            if (!(v >= 0 && v < 1e12)) Fail(name, "must be 0..1e12");
        if (!(LowClockHz > 0 && HighClockHz >= LowClockHz)) Fail(nameof(HighClockHz), "must satisfy 0 < LowClockHz <= HighClockHz");
    }
}
