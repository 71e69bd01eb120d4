using System.CommandLine;
using System.Reflection;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword version</c>: the tool version that generated code and reports name.</summary>
public sealed class VersionCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("version", "Print the WakeWord tool version.");
        cmd.SetAction(_ =>
        {
            var v = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            ctx.Out.WriteLine($"wakeword {v}");
            return 0;
        });
        return cmd;
    }
}
