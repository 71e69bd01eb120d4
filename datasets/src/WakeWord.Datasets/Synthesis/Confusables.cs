using System.Text;
using WakeWord.Core;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// Makes confusable negatives from the wake phrase: its words alone, the phrase cut short, words with the
/// first consonant sound swapped ("say nova"), with the inner consonant swapped ("hey nora"), with the last
/// vowel changed, and the words reversed. Candidates that espeak-ng pronounces like the phrase in any of the
/// generator's accents ("hay nova"; "hey nover" in a non-rhotic accent) are removed, so no negative is really the
/// wake phrase as one of our voices says it.
/// </summary>
public static class Confusables
{
    private static readonly string[] Onsets = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "sh", "st", ""];
    private static readonly string[] Inner = ["r", "l", "b", "m", "t", "d", "s", "n", "v", "k"];
    private static readonly string[] Finals = ["a", "o", "i", "er", "ee"];

    /// <summary>Candidate texts before the pronunciation filter, sorted and without duplicates.</summary>
    public static IReadOnlyList<string> Candidates(string phrase)
    {
        var words = TextSources.Normalize(phrase).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new WakeWordException("--phrase: the wake phrase has no letters");
        var set = new SortedSet<string>(StringComparer.Ordinal);
        if (words.Length > 1)
        {
            foreach (var w in words) set.Add(w);
            set.Add(string.Join(' ', words[..^1]));
            set.Add(string.Join(' ', words[1..]));
            set.Add(string.Join(' ', words.Reverse()));
        }
        for (var i = 0; i < words.Length; i++)
        {
            var variants = WordVariants(words[i]).ToList();
            // The phrase with this word cut to its first syllable: "hey no".
            var cut = FirstSyllable(words[i]);
            if (cut != words[i]) variants.Add(cut);
            foreach (var v in variants)
            {
                var copy = (string[])words.Clone();
                copy[i] = v;
                set.Add(string.Join(' ', copy));
            }
        }
        if (words.Length > 1)
        {
            // Both ends changed at once.
            var first = WordVariants(words[0]).Take(4).ToList();
            var last = WordVariants(words[^1]).Take(4).ToList();
            foreach (var a in first)
                foreach (var b in last)
                    set.Add(string.Join(' ', [a, .. words[1..^1], b]));
        }
        var norm = string.Join(' ', words);
        set.Remove(norm);
        set.RemoveWhere(s => s.Length == 0);
        return set.ToList();
    }

    /// <summary>Candidates that sound unlike the phrase in every espeak-ng accent of the generator (<see cref="Filter"/>).</summary>
    public static IReadOnlyList<string> Generate(string phrase) => Filter(phrase, Candidates(phrase));

    /// <summary>
    /// Keeps the candidates whose espeak-ng phonemes differ from the phrase's in every accent the generator speaks
    /// (<see cref="VoiceCatalog.EspeakAccents"/>), after <see cref="Reduce"/> (a schwa and an r-coloured schwa
    /// count as the same sound: "nover" is "nova" with a rhotic ending at most).
    /// </summary>
    public static IReadOnlyList<string> Filter(string phrase, IReadOnlyList<string> candidates)
    {
        var keep = new bool[candidates.Count];
        Array.Fill(keep, true);
        foreach (var voice in VoiceCatalog.EspeakAccents)
        {
            var ph = Phonemes(voice, [TextSources.Normalize(phrase), .. candidates.Select(TextSources.Normalize)]).Select(Reduce).ToList();
            for (var i = 0; i < candidates.Count; i++)
                if (ph[i + 1] == ph[0]) keep[i] = false;
        }
        return candidates.Where((_, i) => keep[i]).ToList();
    }

    /// <summary>
    /// An espeak-ng phoneme string with the reduced central vowels merged: schwa "@", r-coloured schwa "3" and the
    /// RP final "a#" all become "@".
    /// </summary>
    public static string Reduce(string phonemes) => phonemes.Replace("a#", "@", StringComparison.Ordinal).Replace('3', '@');

    /// <summary>espeak-ng phoneme strings (stress marks and spaces removed), one per text.</summary>
    public static IReadOnlyList<string> Phonemes(string voice, IReadOnlyList<string> texts)
    {
        var input = new StringBuilder();
        foreach (var t in texts) input.Append(t).Append(".\n");
        var r = ProcessRunner.Check("espeak-ng", ["-q", "-x", "-v", voice, "--stdin"], stdin: Encoding.UTF8.GetBytes(input.ToString()));
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != texts.Count)
            throw new WakeWordException($"espeak-ng -x: expected {texts.Count} phoneme lines, got {lines.Length}");
        return lines.Select(l => new string(l.Where(c => c is not ('\'' or ',' or ' ' or '_' or ':')).ToArray())).ToList();
    }

    private static IEnumerable<string> WordVariants(string w)
    {
        var onsetLen = 0;
        while (onsetLen < w.Length && !IsVowel(w[onsetLen])) onsetLen++;
        if (onsetLen == w.Length) yield break;
        var rest = w[onsetLen..];
        foreach (var o in Onsets)
            if (o != w[..onsetLen]) yield return o + rest;
        // Inner consonant: the first consonant after the first vowel group, if a vowel follows it.
        var i = onsetLen;
        while (i < w.Length && IsVowel(w[i])) i++;
        if (i < w.Length - 1 && IsVowel(w[i + 1]))
            foreach (var c in Inner)
                if (c != w[i].ToString()) yield return w[..i] + c + w[(i + 1)..];
        // Final vowel changed.
        if (IsVowel(w[^1]) && w.Length > 2)
            foreach (var f in Finals)
                if (!w.EndsWith(f, StringComparison.Ordinal)) yield return w[..^1] + f;
    }

    private static string FirstSyllable(string w)
    {
        var i = 0;
        while (i < w.Length && !IsVowel(w[i])) i++;
        while (i < w.Length && IsVowel(w[i])) i++;
        return i >= w.Length || i < 2 ? w : w[..i];
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
