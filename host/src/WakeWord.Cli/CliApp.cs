using System.CommandLine;
using System.Reflection;
using WakeWord.Core;

namespace WakeWord.Cli;

/// <summary>Builds the root command from every <see cref="ICliCommand"/> and runs it with uniform error handling.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand("WakeWord: wake-word firmware for Cortex-M, proven bit-exact by a .NET simulator.");
        var commands = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => ((ICliCommand)Activator.CreateInstance(t)!).Build(ctx))
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var c in commands) root.Subcommands.Add(c);
        return root;
    }

    /// <summary>Runs the CLI. User errors print one line "error: ..." and return their exit code.</summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var ctx = new CliContext(stdout ?? Console.Out, stderr ?? Console.Error);
        try
        {
            var parse = BuildRoot(ctx).Parse(args);
            var config = new InvocationConfiguration { Output = ctx.Out, Error = ctx.Error, EnableDefaultExceptionHandler = false };
            return parse.Invoke(config);
        }
        catch (Exception e) when (Unwrap(e) is WakeWordException w)
        {
            ctx.Error.WriteLine($"error: {w.Message}");
            return w.ExitCode;
        }
    }

    private static Exception Unwrap(Exception e) =>
        e is TargetInvocationException or AggregateException && e.InnerException != null ? Unwrap(e.InnerException) : e;
}
