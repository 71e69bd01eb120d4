return WakeWord.Cli.CliApp.Run(args);
