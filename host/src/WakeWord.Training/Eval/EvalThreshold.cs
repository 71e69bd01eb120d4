using System.Text.Json;
using WakeWord.Core;

namespace WakeWord.Training.Eval;

/// <summary>
/// The detector a package should run to hold a false-accept budget that <c>wakeword eval</c> measured: the lowest
/// int8 threshold of one evaluated model (normally "int8", the simulator's) whose false accepts per hour stay within
/// the target, with the smoothing and refractory period the evaluation used. <c>wakeword generate --threshold-from</c>
/// writes it into the package's runtime config.
/// </summary>
public sealed record EvalThreshold(int ThresholdQ, int SmoothK, int Refractory, int InferEvery, int WindowFrames,
    double FaPerHour, double FalseRejectRate, string Model, bool OrdinaryAudio)
{
    /// <summary>The threshold as the runtime config's probability: (q + 128) / 256, which maps back to q exactly.</summary>
    public double Probability => (ThresholdQ + 128) / 256.0;

    /// <summary>Reads <paramref name="path"/> (an eval.json) and picks the operating point; names what is missing.</summary>
    public static EvalThreshold FromReport(string path, double targetFaPerHour, bool ordinaryAudio = false, string model = "int8")
    {
        if (!(targetFaPerHour >= 0)) throw new WakeWordException($"--threshold-fa: must be zero or more (got {targetFaPerHour})");
        if (!File.Exists(path)) throw new WakeWordException($"--threshold-from {path}: file not found");
        EvalReport? report;
        try
        {
            report = JsonSerializer.Deserialize<EvalReport>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new WakeWordException($"--threshold-from {path}: not an eval.json ({e.Message})");
        }
        if (report?.Models == null || report.Settings == null)
            throw new WakeWordException($"--threshold-from {path}: not an eval.json (no 'Models' or 'Settings')");
        var m = report.Models.FirstOrDefault(x => x.Name == model)
            ?? throw new WakeWordException($"--threshold-from {path}: no model '{model}' (has: {string.Join(", ", report.Models.Select(x => x.Name))})");
        var curve = ordinaryAudio
            ? m.OrdinaryFaPerHour ?? throw new WakeWordException($"--threshold-from {path}: model '{model}' has no 'OrdinaryFaPerHour' (the streams had no labels files)")
            : m.FaPerHour;
        if (curve == null || curve.Length != 256 || m.FalseRejectRate == null || m.FalseRejectRate.Length != 256)
            throw new WakeWordException($"--threshold-from {path}: model '{model}' needs 256-entry 'FaPerHour' and 'FalseRejectRate' curves");
        for (var t = 0; t < curve.Length; t++)
        {
            if (curve[t] <= targetFaPerHour)
            {
                var s = report.Settings;
                return new EvalThreshold(ModelEvaluation.ThresholdOf(t), s.SmoothK, s.Refractory, s.InferEvery, s.WindowFrames,
                    curve[t], m.FalseRejectRate[t], model, ordinaryAudio);
            }
        }
        throw new WakeWordException($"--threshold-from {path}: no threshold of model '{model}' stays within {targetFaPerHour} FA/h");
    }
}
