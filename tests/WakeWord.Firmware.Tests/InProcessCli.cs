using WakeWord.Cli;

namespace WakeWord.Firmware.Tests;

/// <summary>Runs the <c>wakeword</c> CLI in-process and captures its exit code, standard output and standard error.</summary>
internal static class InProcessCli
{
    public static (int Code, string Out, string Err) RunCli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
