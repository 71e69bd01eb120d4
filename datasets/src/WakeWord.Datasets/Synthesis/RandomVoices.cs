using System.Globalization;
using System.Text;
using WakeWord.Core;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// Training-only espeak-ng speakers with random timbres. Each is an espeak-ng voice variant file (the format of
/// espeak-ng-data/voices/!v: gender, pitch base and top, the frequency, height and width of formants 0 to 8 in percent,
/// flutter, roughness, consonant strength, optionally the Klatt synthesizer and an echo) drawn from the run seed, so
/// the dataset has as many espeak-ng timbres as it asks for instead of the installed 32. They speak every espeak-ng
/// accent and join the train split only: the family split of the installed voices, and with it every val and test
/// clip and stream, stays as it was.
/// <para>espeak-ng reads variants from its data folder only, so <see cref="Prepare"/> builds a private one: links to
/// every entry of the installed data folder, with voices/!v a real folder holding links to the installed variants
/// and the generated files. The renderer passes it with <c>--path</c> for these voices alone.</para>
/// </summary>
public static class RandomVoices
{
    /// <summary>Version of the parameter draw; part of every generated voice's name, so changing the draw
    /// re-renders the clips that used it.</summary>
    public const string Prefix = "wwr1-";

    /// <summary>The variant name of random voice <paramref name="k"/>.</summary>
    public static string Name(int k) => $"{Prefix}{k:D3}";

    /// <summary>
    /// The variant file of random voice <paramref name="k"/>. Ranges: male and female equally likely; pitch base
    /// 70-115 Hz (male) or 135-200 Hz (female) with a top 25-60 or 40-100 Hz above; an overall formant scale 0.86-1.04
    /// (male) or 1.00-1.18 (female) times a per-formant jitter of +-6 %; formant heights 60-130 % and widths 80-160 %;
    /// flutter and roughness each in half of the voices; consonants 70-130 %; the Klatt synthesizer (1-4) in a
    /// quarter and an echo in a fifth.
    /// </summary>
    public static string VariantText(long seed, int k)
    {
        var rng = StableRng.ForItem(seed, "random-voice:" + Name(k));
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var female = rng.Chance(0.5);
        sb.Append("language variant\n");
        sb.Append(inv, $"name {Name(k)}\n");
        sb.Append(female ? "gender female\n" : "gender male\n");
        var pitchBase = female ? rng.Range(135, 200) : rng.Range(70, 115);
        var pitchTop = pitchBase + (female ? rng.Range(40, 100) : rng.Range(25, 60));
        sb.Append(inv, $"pitch {pitchBase} {pitchTop}\n");
        var scale = female ? rng.Uniform(1.00, 1.18) : rng.Uniform(0.86, 1.04);
        for (var f = 0; f <= 8; f++)
        {
            var freq = (int)Math.Round(100 * scale * rng.Uniform(0.94, 1.06));
            var height = f <= 5 ? rng.Range(60, 130) : rng.Range(40, 100);
            var width = rng.Range(80, 160);
            sb.Append(inv, $"formant {f} {freq} {height} {width}\n");
        }
        if (rng.Chance(0.5)) sb.Append(inv, $"flutter {rng.Range(0, 25)}\n");
        if (rng.Chance(0.5)) sb.Append(inv, $"roughness {rng.Range(0, 4)}\n");
        sb.Append(inv, $"consonants {rng.Range(70, 130)} {rng.Range(70, 130)}\n");
        if (rng.Chance(0.25)) sb.Append(inv, $"klatt {rng.Range(1, 4)}\n");
        if (rng.Chance(0.2)) sb.Append(inv, $"echo {rng.Range(100, 160)} {rng.Range(5, 15)}\n");
        return sb.ToString();
    }

    /// <summary>
    /// Writes the private espeak-ng data folder for <paramref name="count"/> random voices under
    /// <paramref name="folder"/> (replaced) and returns their voices, every accent of
    /// <paramref name="accents"/> for each (family "espeak-ng+wwr1-NNN").
    /// </summary>
    public static IReadOnlyList<Voice> Prepare(string folder, long seed, int count, IReadOnlyList<string> accents)
    {
        if (count <= 0) return [];
        var installed = InstalledDataFolder();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var data = Path.Combine(folder, "espeak-ng-data");
        Directory.CreateDirectory(data);
        foreach (var e in Directory.EnumerateFileSystemEntries(installed))
            if (Path.GetFileName(e) != "voices") File.CreateSymbolicLink(Path.Combine(data, Path.GetFileName(e)), e);
        var voicesDir = Path.Combine(data, "voices");
        Directory.CreateDirectory(voicesDir);
        foreach (var e in Directory.EnumerateFileSystemEntries(Path.Combine(installed, "voices")))
            if (Path.GetFileName(e) != "!v") File.CreateSymbolicLink(Path.Combine(voicesDir, Path.GetFileName(e)), e);
        var variants = Path.Combine(voicesDir, "!v");
        Directory.CreateDirectory(variants);
        var installedVariants = Path.Combine(installed, "voices", "!v");
        if (Directory.Exists(installedVariants))
            foreach (var e in Directory.EnumerateFileSystemEntries(installedVariants))
                File.CreateSymbolicLink(Path.Combine(variants, Path.GetFileName(e)), e);
        for (var k = 0; k < count; k++)
            File.WriteAllText(Path.Combine(variants, Name(k)), VariantText(seed, k));

        // espeak-ng falls back to the plain accent without a word when a variant is missing: check that it sees them.
        var listed = ProcessRunner.Check("espeak-ng", [$"--path={folder}", "--voices=variant"]).StdOut;
        for (var k = 0; k < count; k++)
            if (!listed.Contains("!v/" + Name(k), StringComparison.Ordinal))
                throw new WakeWordException($"espeak-ng does not list the generated variant {Name(k)} in {variants}");

        var voices = new List<Voice>();
        for (var k = 0; k < count; k++)
            foreach (var accent in accents)
            {
                var name = $"{accent}+{Name(k)}";
                voices.Add(new Voice(TtsEngine.EspeakNg, $"espeak-ng:{name}", name, $"espeak-ng+{Name(k)}", folder));
            }
        return voices;
    }

    /// <summary>The installed espeak-ng data folder, as espeak-ng reports it ("Data at: ...").</summary>
    public static string InstalledDataFolder()
    {
        var version = ProcessRunner.Check("espeak-ng", ["--version"]).StdOut;
        var at = version.IndexOf("Data at:", StringComparison.Ordinal);
        var path = at < 0 ? "" : version[(at + "Data at:".Length)..].Trim();
        if (path.Length == 0 || !Directory.Exists(path))
            throw new WakeWordException($"espeak-ng --version names no data folder ('{version.Trim()}')");
        return path;
    }
}
