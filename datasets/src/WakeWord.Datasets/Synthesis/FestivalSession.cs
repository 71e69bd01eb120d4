using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using WakeWord.Core;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// A running <c>festival --pipe</c> that synthesizes one utterance per request. Starting festival loads its
/// voice and lexicon (about a second on a busy machine), so the generator keeps one session per job instead
/// of running <c>text2wave</c> per clip. Each request sets every parameter it uses, so the output does not
/// depend on earlier requests (the reproducibility test runs one job and two jobs and compares bytes).
/// </summary>
internal sealed class FestivalSession : IDisposable
{
    private const string Marker = "WW-FESTIVAL-DONE";
    private readonly Process _p;
    private readonly StringBuilder _out = new();

    public FestivalSession()
    {
        var psi = new ProcessStartInfo("festival")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--pipe");
        try
        {
            _p = Process.Start(psi) ?? throw new WakeWordException("festival: could not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new WakeWordException($"festival: not found or not executable ({e.Message}); run ./scripts/prereqs.sh", e);
        }
        // Festival block-buffers stdout on a pipe, so the end-of-request marker goes to (unbuffered) stderr.
        _p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_out) _out.AppendLine(e.Data); };
        _p.BeginOutputReadLine();
    }

    /// <summary>Synthesizes <paramref name="text"/> with the default voice into a 16 kHz RIFF WAV.</summary>
    public void Synth(string text, double durationStretch, string wavOut)
    {
        var escaped = text.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var path = wavOut.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var stretch = durationStretch.ToString("0.###", CultureInfo.InvariantCulture);
        _p.StandardInput.Write(
            $"(Parameter.set 'Duration_Stretch {stretch})\n" +
            $"(utt.save.wave (utt.synth (Utterance Text \"{escaped}\")) \"{path}\" 'riff)\n" +
            $"(format stderr \"{Marker}\\n\")\n");
        _p.StandardInput.Flush();
        var output = new StringBuilder();
        while (true)
        {
            var line = _p.StandardError.ReadLine();
            if (line == null)
            {
                string stdout;
                lock (_out) stdout = _out.ToString();
                throw new WakeWordException($"festival: exited while synthesizing '{text}': {output}{stdout}".TrimEnd());
            }
            if (line.Contains(Marker, StringComparison.Ordinal)) break;
            output.AppendLine(line);
        }
        if (!File.Exists(wavOut)) throw new WakeWordException($"festival: wrote no audio for '{text}': {output}".TrimEnd());
    }

    public void Dispose()
    {
        try
        {
            _p.StandardInput.Close();
            if (!_p.WaitForExit(5000)) _p.Kill();
        }
        catch (InvalidOperationException) { }
        _p.Dispose();
    }
}

/// <summary>Festival sessions shared by the jobs of a run: each request borrows one, and the pool ends them all.</summary>
internal sealed class FestivalPool : IDisposable
{
    private readonly ConcurrentBag<FestivalSession> _idle = [];
    private readonly ConcurrentBag<FestivalSession> _all = [];

    public void Synth(string text, double durationStretch, string wavOut)
    {
        if (!_idle.TryTake(out var s))
        {
            s = new FestivalSession();
            _all.Add(s);
        }
        try { s.Synth(text, durationStretch, wavOut); }
        finally { _idle.Add(s); }
    }

    public void Dispose()
    {
        foreach (var s in _all) s.Dispose();
    }
}
