namespace WakeWord.Core;

/// <summary>
/// An error the user can act on: bad input, a missing tool, a failed check. The message names the
/// file, node or field at fault. The CLI prints it on one line and exits with <see cref="ExitCode"/>.
/// Anything else that escapes is a bug and is reported with its stack trace.
/// </summary>
public class WakeWordException : Exception
{
    public WakeWordException(string message, int exitCode = 1) : base(message) => ExitCode = exitCode;

    public WakeWordException(string message, Exception inner, int exitCode = 1) : base(message, inner) => ExitCode = exitCode;

    /// <summary>Process exit code for this failure (non-zero).</summary>
    public int ExitCode { get; }
}
