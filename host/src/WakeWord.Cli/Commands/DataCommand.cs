using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using WakeWord.Datasets.Check;
using WakeWord.Datasets.Import;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Probe;
using WakeWord.Datasets.Synthesis;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword data synth|import|check</c>: make, import and check datasets (datasets/README.md).</summary>
public sealed class DataCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("data", "Make, import and check datasets (WAV folders with manifest.csv).");
        cmd.Subcommands.Add(Synth(ctx));
        cmd.Subcommands.Add(Import(ctx));
        cmd.Subcommands.Add(Check(ctx));
        cmd.Subcommands.Add(Probe(ctx));
        return cmd;
    }

    private static IAnsiConsole Console(CliContext ctx) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(ctx.Out),
        Interactive = InteractionSupport.Detect,
        Ansi = AnsiSupport.Detect,
    });

    private static Command Synth(CliContext ctx)
    {
        var c = new Command("synth", "Synthesize a wake-word dataset with espeak-ng, flite and festival voices, sox augmentation and negative streams.");
        var phrase = new Option<string>("--phrase") { Description = "Wake phrase.", DefaultValueFactory = _ => "hey nova" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output dataset folder (new, or an earlier run's to resume).", Required = true };
        var count = new Option<int>("--count") { Description = "Number of short clips (wake, speech, background).", DefaultValueFactory = _ => 10000 };
        var seed = new Option<long>("--seed") { Description = "Random seed; the same seed gives the same files.", DefaultValueFactory = _ => 1 };
        var hours = new Option<double>("--stream-hours") { Description = "Hours of long negative streams (10-minute files, split test).", DefaultValueFactory = _ => 3 };
        var trainHours = new Option<double>("--train-stream-hours")
        {
            Description = "Hours of streams made of training-split voices, recordings and noise (split train): continuous negative audio the trainer cuts windows from.",
            DefaultValueFactory = _ => 0,
        };
        var randomVoices = new Option<int>("--random-voices")
        {
            Description = "espeak-ng speakers with random timbres (pitch, formants, voice quality) for the train split only; val and test stay as they are.",
            DefaultValueFactory = _ => 0,
        };
        var randomShare = new Option<double>("--random-voice-share")
        {
            Description = "Share of the train split's espeak-ng utterances spoken by the random timbres.",
            DefaultValueFactory = _ => 0.5,
        };
        var foreignVoices = new Option<bool>("--foreign-voices")
        {
            Description = "festival speakers of other languages (Italian, Finnish, Czech) read the train split's text with their own accent; val and test stay as they are.",
        };
        var foreignShare = new Option<double>("--foreign-voice-share")
        {
            Description = "Share of the train split's utterances spoken by the foreign voices.",
            DefaultValueFactory = _ => 0.2,
        };
        var gnuspeechVoices = new Option<int>("--gnuspeech-voices")
        {
            Description = "GnuSpeech (articulatory synthesis) speakers with random vocal tracts for the train split only; val and test stay as they are. Needs Node.js and npm (the synthesizer is installed with npm on first use).",
            DefaultValueFactory = _ => 0,
        };
        var gnuspeechShare = new Option<double>("--gnuspeech-share")
        {
            Description = "Share of the train split's utterances spoken by the GnuSpeech speakers.",
            DefaultValueFactory = _ => 0.2,
        };
        var extraVoices = new Option<bool>("--extra-voices")
        {
            Description = "English voices of more engines for the train split only: four MBROLA diphone voices (through espeak-ng) and SVOX Pico's two, or those --extra-voice-engines names (RHVoice's bdl and clb too); val and test stay as they are. Needs Debian's contrib and non-free packages (./scripts/prereqs.sh --extra-voices).",
        };
        var extraShare = new Option<double>("--extra-voice-share")
        {
            Description = "Share of the train split's utterances spoken by the extra voices.",
            DefaultValueFactory = _ => 0.2,
        };
        var extraEngines = new Option<string[]>("--extra-voice-engines")
        {
            Description = "Which extra voices: mbrola, pico, rhvoice (comma-separated or repeated; default mbrola and pico).",
            AllowMultipleArgumentsPerToken = true,
        };
        var keepEspeak = new Option<bool>("--extra-voices-keep-espeak")
        {
            Description = "The extra voices take their share from flite's and festival's utterances only, so espeak-ng keeps its 60 % of the train split (--extra-voice-share at most 0.4).",
        };
        var familySplit = new Option<string[]>("--family-split")
        {
            Description = "FAMILY=SPLIT (repeatable): move a voice family between train and val after the seeded split, e.g. slt=train ked=val; test families stay in test.",
            AllowMultipleArgumentsPerToken = true,
        };
        var deferTest = new Option<bool>("--defer-test-streams")
        {
            Description = "Render the clips and training streams only: the test streams are planned (an earlier run's are kept) but left out of this run and its manifest; run again without it to add them.",
        };
        var jobs = new Option<int>("--jobs") { Description = "Parallel jobs (default: processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        foreach (var o in new Option[] { phrase, output, count, seed, hours, trainHours, randomVoices, randomShare, foreignVoices, foreignShare, gnuspeechVoices, gnuspeechShare, extraVoices, extraShare, extraEngines, keepEspeak, familySplit, deferTest, jobs }) c.Options.Add(o);
        c.SetAction(pr =>
        {
            var options = new SynthOptions(pr.GetValue(phrase)!, pr.GetValue(output)!.FullName, pr.GetValue(count), pr.GetValue(seed),
                pr.GetValue(hours), pr.GetValue(jobs), TrainStreamHours: pr.GetValue(trainHours),
                RandomVoices: pr.GetValue(randomVoices), RandomVoiceShare: pr.GetValue(randomShare),
                ForeignVoices: pr.GetValue(foreignVoices), ForeignVoiceShare: pr.GetValue(foreignShare),
                FamilySplits: VoiceCatalog.ParseFamilySplits(pr.GetValue(familySplit) ?? []),
                GnuSpeechVoices: pr.GetValue(gnuspeechVoices), GnuSpeechShare: pr.GetValue(gnuspeechShare),
                DeferTestStreams: pr.GetValue(deferTest), ExtraVoices: pr.GetValue(extraVoices), ExtraVoiceShare: pr.GetValue(extraShare),
                ExtraVoiceEngines: pr.GetValue(extraEngines), ExtraVoicesKeepEspeak: pr.GetValue(keepEspeak));
            var console = Console(ctx);
            SynthResult? result = null;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(p =>
                {
                    var bars = new ProgressBars(p);
                    result = Synthesizer.Run(options, bars);
                });
            var r = result!;
            var inv = CultureInfo.InvariantCulture;
            ctx.Out.WriteLine(string.Create(inv,
                $"wrote {options.OutDir}: {r.Clips} clips ({r.ClipsRendered} rendered, {r.Clips - r.ClipsRendered} resumed), {r.Streams} streams = {r.StreamSeconds / 3600:0.00} h ({r.StreamsRendered} rendered)"));
            ctx.Out.WriteLine("labels: " + string.Join(", ", r.ByLabel.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")) +
                              $"; {r.Voices} voices, {r.Confusables} confusable phrases");
            ctx.Out.WriteLine("stage time (summed over jobs): " + string.Join(", ",
                r.Stages.Where(s => s.Calls > 0).Select(s => string.Create(inv, $"{s.Stage} {s.Seconds:0.0} s/{s.Calls}"))));
            ctx.Out.WriteLine(string.Create(inv, $"wall time {r.Wall.TotalSeconds:0.0} s with {options.EffectiveJobs} jobs"));
            return 0;
        });
        return c;
    }

    private sealed class ProgressBars(ProgressContext p) : ISynthProgress
    {
        private ProgressTask? _clips, _streams;

        public void Begin(int clips, int clipsResumed, double streamSeconds, double streamSecondsResumed)
        {
            _clips = p.AddTask("clips", maxValue: Math.Max(1, clips));
            _clips.Increment(clipsResumed);
            _streams = p.AddTask("streams (s)", maxValue: Math.Max(1, streamSeconds));
            _streams.Increment(streamSecondsResumed);
            if (clips == 0) _clips.Increment(1);
            if (streamSeconds == 0) _streams.Increment(1);
        }

        public void ClipDone() => _clips?.Increment(1);

        public void StreamProgress(double seconds) => _streams?.Increment(seconds);
    }

    private static Command Import(CliContext ctx)
    {
        var c = new Command("import", "Import a dataset (Speech Commands layout or one folder per label) into a WakeWord dataset folder.");
        var from = new Option<DirectoryInfo>("--from") { Description = "Source folder.", Required = true };
        var format = new Option<string>("--format") { Description = "speech-commands or folders.", Required = true };
        format.AcceptOnlyFromAmong(DatasetImporter.Formats.ToArray());
        var output = new Option<DirectoryInfo>("--out") { Description = "Output dataset folder (replaced atomically).", Required = true };
        var wake = new Option<string?>("--wake-word") { Description = "Speech Commands word folder that is the wake word." };
        var jobs = new Option<int>("--jobs") { Description = "Parallel jobs (default: processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        foreach (var o in new Option[] { from, format, output, wake, jobs }) c.Options.Add(o);
        c.SetAction(pr =>
        {
            var r = DatasetImporter.Import(pr.GetValue(from)!.FullName, pr.GetValue(format)!, pr.GetValue(output)!.FullName,
                pr.GetValue(wake), pr.GetValue(jobs));
            ctx.Out.WriteLine($"imported {r.Count} files into {pr.GetValue(output)!.FullName}: " +
                              string.Join(", ", r.GroupBy(e => $"{e.Label}/{e.Split}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
            return 0;
        });
        return c;
    }

    private static Command Probe(CliContext ctx)
    {
        var c = new Command("probe", "Robustness probe: a split's clips as they are and through sox effects (vocal tract, pitch, tempo, channel), with its streams; eval lists the share accepted per speaker and effect.");
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder with manifest.csv.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Probe dataset folder (replaced atomically).", Required = true };
        var split = new Option<string>("--split") { Description = "Split whose clips and streams are used.", DefaultValueFactory = _ => DatasetSplits.Test };
        var label = new Option<string>("--label") { Description = "Label of the clips to probe.", DefaultValueFactory = _ => DatasetLabels.Wake };
        var speaker = new Option<string[]>("--speaker") { Description = "Only speakers whose id contains this (repeatable; default: all)." };
        var effect = new Option<string[]>("--effect")
        {
            Description = "NAME=SOX EFFECTS, repeatable (default: " + string.Join(", ", ProbeBuilder.DefaultEffects.Select(e => $"{e.Name}={string.Join(' ', e.Sox)}")) + ").",
        };
        var jobs = new Option<int>("--jobs") { Description = "Parallel jobs (default: processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        foreach (var o in new Option[] { data, output, split, label, speaker, effect, jobs }) c.Options.Add(o);
        c.SetAction(pr =>
        {
            var fx = pr.GetValue(effect) is { Length: > 0 } specs ? specs.Select(ProbeEffect.Parse).ToList() : ProbeBuilder.DefaultEffects;
            var outDir = pr.GetValue(output)!.FullName;
            var r = ProbeBuilder.Build(pr.GetValue(data)!.FullName, outDir, pr.GetValue(split)!, pr.GetValue(label)!,
                pr.GetValue(speaker) ?? [], fx, pr.GetValue(jobs));
            var clips = r.Count(e => e.Label != DatasetLabels.Stream);
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outDir}: {clips / (fx.Count + 1)} {pr.GetValue(label)} clips x ({fx.Count} effects + as they are) = {clips} clips, {r.Count - clips} streams; " +
                $"next: ./wakeword eval --model M/crnn.onnx --data {outDir} --breakdown-threshold T"));
            return 0;
        });
        return c;
    }

    private static Command Check(CliContext ctx)
    {
        var c = new Command("check", "List every bad file of a dataset folder; exit code 1 if there is any.");
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "Dataset folder." };
        c.Arguments.Add(dir);
        c.SetAction(pr =>
        {
            var r = DatasetChecker.Check(pr.GetValue(dir)!.FullName);
            foreach (var p in r.Problems) ctx.Out.WriteLine(p.ToString());
            var table = new Table().AddColumn("label");
            foreach (var s in DatasetSplits.All) table.AddColumn(new TableColumn(s).RightAligned());
            foreach (var l in DatasetLabels.All)
                table.AddRow([l, .. DatasetSplits.All.Select(s => r.Entries.Count(e => e.Label == l && e.Split == s).ToString(CultureInfo.InvariantCulture))]);
            Console(ctx).Write(table);
            var speakers = r.Entries.Select(e => e.Speaker).Distinct().Count();
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Entries.Count} good files, {r.TotalSeconds / 3600:0.00} h ({r.TotalSeconds:0} s), {speakers} speakers; {r.Problems.Count} problems"));
            return r.Ok ? 0 : 1;
        });
        return c;
    }
}
