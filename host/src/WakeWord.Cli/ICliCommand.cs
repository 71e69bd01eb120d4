using System.CommandLine;

namespace WakeWord.Cli;

/// <summary>Where a command writes: injected so tests can run commands in-process and read their output.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error);

/// <summary>
/// One top-level <c>wakeword</c> command. Each lives in its own file under <c>Commands/</c> and is found by
/// reflection (a public parameterless class implementing this interface), so adding a command touches
/// no shared file. Actions stay thin: parse options, call a library service, print.
/// </summary>
public interface ICliCommand
{
    /// <summary>Builds the command; its action returns the process exit code.</summary>
    Command Build(CliContext ctx);
}
