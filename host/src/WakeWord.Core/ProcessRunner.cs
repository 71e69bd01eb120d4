using System.Diagnostics;
using System.Text;

namespace WakeWord.Core;

/// <summary>Result of an external program run: exit code and captured output.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs external tools (cmake, gcc, qemu, sox, espeak-ng) with captured output and clear errors.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="exe"/>; returns its result without judging the exit code.</summary>
    public static ProcessResult Run(string exe, IEnumerable<string> args, string? workDir = null,
        TimeSpan? timeout = null, byte[]? stdin = null, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new WakeWordException($"{exe}: could not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new WakeWordException($"{exe}: not found or not executable ({e.Message}); run ./scripts/prereqs.sh", e);
        }
        using (p)
        {
            var so = new StringBuilder();
            var se = new StringBuilder();
            p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (so) so.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (se) se.AppendLine(e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            if (stdin != null)
            {
                p.StandardInput.BaseStream.Write(stdin);
                p.StandardInput.Close();
            }
            if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(30)))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new WakeWordException($"{exe} {string.Join(' ', args)}: timed out after {(timeout ?? TimeSpan.FromMinutes(30)).TotalSeconds:0} s");
            }
            p.WaitForExit();
            return new ProcessResult(p.ExitCode, so.ToString(), se.ToString());
        }
    }

    /// <summary>Runs <paramref name="exe"/> and throws a <see cref="WakeWordException"/> with its stderr tail if it fails.</summary>
    public static ProcessResult Check(string exe, IEnumerable<string> args, string? workDir = null,
        TimeSpan? timeout = null, byte[]? stdin = null, IDictionary<string, string>? env = null)
    {
        var list = args.ToList();
        var r = Run(exe, list, workDir, timeout, stdin, env);
        if (r.ExitCode != 0)
        {
            var tail = string.Join('\n', (r.StdErr + r.StdOut).Split('\n').TakeLast(25));
            throw new WakeWordException($"{exe} {string.Join(' ', list)} failed with exit code {r.ExitCode}:\n{tail}");
        }
        return r;
    }

    /// <summary>Full path of <paramref name="tool"/> in the PATH-style <paramref name="searchPath"/> (default: this
    /// process's PATH), or null.</summary>
    public static string? FindTool(string tool, string? searchPath = null)
    {
        foreach (var dir in (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
