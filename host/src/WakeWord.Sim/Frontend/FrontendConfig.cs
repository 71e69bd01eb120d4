using System.Text.Json.Serialization;
using WakeWord.Core;

namespace WakeWord.Sim.Frontend;

/// <summary>
/// Every number the fixed-point front end depends on. One record is the single source of truth: the
/// simulator builds its tables from it (<see cref="FrontendTables"/>) and the firmware gets the same tables
/// through the generated <c>ww_frontend_config.h</c> (<see cref="FrontendHeaderEmitter"/>). Defaults follow
/// the design: 48 kHz in, 16 kHz after the decimator, 25 ms Hamming frames every 10 ms, 512-point FFT,
/// 40 mel filters from 20 Hz to 7.6 kHz, 23 cepstra plus log energy.
/// </summary>
/// <remarks>
/// Feature scale: every feature is an int16 in natural-log units with <see cref="FeatureFracBits"/>
/// fractional bits (default 7: one LSB = 1/128 nat). Cepstra are the orthonormal DCT-II of
/// ln(max(mel energy, <see cref="MelFloor"/>)); the last feature is ln(max(frame energy, <see cref="EnergyFloor"/>)).
/// Energies are measured on the 16 kHz int16 samples in LSB² after the Hamming window (peak 1.0), so a
/// full-scale sine gives a log energy of about 25 nats. The floors (1e4 by default, ln = 9.21) sit about 20 dB above the
/// power the int16 rounding of the decimator output adds to a mel band, so that rounding noise does not
/// decide the features of near-silent frames; a floor of 1e4 matches white noise at roughly -75 dBFS.
/// </remarks>
public sealed record FrontendConfig
{
    /// <summary>Input rate of the PCM the front end consumes (Hz).</summary>
    public int InputRate { get; init; } = 48000;

    /// <summary>Integer decimation factor of the polyphase FIR (48 kHz / 3 = 16 kHz).</summary>
    public int Decimation { get; init; } = 3;

    /// <summary>FIR taps per polyphase branch; the filter has Decimation x this many taps.</summary>
    public int ResamplerTapsPerPhase { get; init; } = 96;

    /// <summary>FIR cutoff (-6 dB point) in Hz at the input rate.</summary>
    public double ResamplerCutoffHz { get; init; } = 7500;

    /// <summary>Kaiser window beta of the FIR design.</summary>
    public double ResamplerKaiserBeta { get; init; } = 8.0;

    /// <summary>Frame length in 16 kHz samples (25 ms).</summary>
    public int FrameLength { get; init; } = 400;

    /// <summary>Hop in 16 kHz samples (10 ms).</summary>
    public int Hop { get; init; } = 160;

    /// <summary>Real FFT length (power of two, at least the frame length).</summary>
    public int FftLength { get; init; } = 512;

    /// <summary>Number of triangular mel filters.</summary>
    public int MelBands { get; init; } = 40;

    /// <summary>Lower edge of the first mel filter (Hz).</summary>
    public double MelLowHz { get; init; } = 20;

    /// <summary>Upper edge of the last mel filter (Hz).</summary>
    public double MelHighHz { get; init; } = 7600;

    /// <summary>Number of cepstral coefficients c0..c(n-1); log energy follows them.</summary>
    public int Cepstra { get; init; } = 23;

    /// <summary>Fractional bits of the int16 features (natural-log units).</summary>
    public int FeatureFracBits { get; init; } = 7;

    /// <summary>Floor applied to each mel energy before the log (LSB² units, see remarks).</summary>
    public double MelFloor { get; init; } = 1e4;

    /// <summary>Floor applied to the frame energy before the log (LSB² units).</summary>
    public double EnergyFloor { get; init; } = 1e4;

    /// <summary>Output rate of the decimator (Hz).</summary>
    [JsonIgnore] public int SampleRate => InputRate / Decimation;

    /// <summary>Total FIR taps.</summary>
    [JsonIgnore] public int ResamplerTaps => Decimation * ResamplerTapsPerPhase;

    /// <summary>int16 values per feature frame: cepstra plus log energy (24 by default).</summary>
    [JsonIgnore] public int Features => Cepstra + 1;

    /// <summary>Real value of one feature LSB (nats).</summary>
    [JsonIgnore] public double FeatureScale => 1.0 / (1 << FeatureFracBits);

    /// <summary>The design defaults.</summary>
    public static FrontendConfig Default { get; } = new();

    /// <summary>Throws a <see cref="WakeWordException"/> naming the first field that is out of range.</summary>
    public FrontendConfig Validate(string source = "frontend config")
    {
        void Fail(string field, string why) => throw new WakeWordException($"{source}: {field} {why}");
        if (InputRate <= 0) Fail(nameof(InputRate), "must be positive");
        if (Decimation < 1 || InputRate % Decimation != 0) Fail(nameof(Decimation), "must divide the input rate");
        if (ResamplerTapsPerPhase < 1 || ResamplerTapsPerPhase > 256) Fail(nameof(ResamplerTapsPerPhase), "must be 1..256");
        if (!(ResamplerCutoffHz > 0 && ResamplerCutoffHz < InputRate / 2.0)) Fail(nameof(ResamplerCutoffHz), "must be between 0 and half the input rate");
        if (!(ResamplerKaiserBeta >= 0 && ResamplerKaiserBeta <= 20)) Fail(nameof(ResamplerKaiserBeta), "must be 0..20");
        if (FftLength < 16 || FftLength > 4096 || (FftLength & (FftLength - 1)) != 0) Fail(nameof(FftLength), "must be a power of two 16..4096");
        if (FrameLength < 2 || FrameLength > FftLength) Fail(nameof(FrameLength), "must be 2..FftLength");
        if (Hop < 1 || Hop > FrameLength) Fail(nameof(Hop), "must be 1..FrameLength");
        if (MelBands < 1 || MelBands > 128) Fail(nameof(MelBands), "must be 1..128");
        if (!(MelLowHz >= 0 && MelHighHz > MelLowHz && MelHighHz <= SampleRate / 2.0)) Fail(nameof(MelHighHz), "must satisfy 0 <= MelLowHz < MelHighHz <= rate/2");
        if (Cepstra < 1 || Cepstra > MelBands) Fail(nameof(Cepstra), "must be 1..MelBands");
        if (FeatureFracBits < 0 || FeatureFracBits > 12) Fail(nameof(FeatureFracBits), "must be 0..12");
        if (!(MelFloor >= 1.0 && MelFloor < 1e12)) Fail(nameof(MelFloor), "must be 1..1e12");
        if (!(EnergyFloor >= 1.0 && EnergyFloor < 1e12)) Fail(nameof(EnergyFloor), "must be 1..1e12");
        return this;
    }

    /// <summary>The config as JSON (frontend.json in the firmware package; <see cref="StrictJson"/>).</summary>
    public string ToJson() => StrictJson.ToJson(this);

    /// <summary>Parses and validates JSON; <paramref name="source"/> names the file in errors, an unknown field is refused.</summary>
    public static FrontendConfig FromJson(string json, string source = "frontend.json") => StrictJson.FromJson<FrontendConfig>(json, source).Validate(source);

    /// <summary>Writes frontend.json atomically.</summary>
    public void Save(string path) => StrictJson.Save(path, this);

    /// <summary>Reads and validates frontend.json.</summary>
    public static FrontendConfig Load(string path) => StrictJson.Load<FrontendConfig>(path).Validate(path);
}
