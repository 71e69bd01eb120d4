using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Datasets.Synthesis;
using WakeWord.Training;
using WakeWord.Training.Eval;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword train-default --out DIR</c>: reproduces the shipped default model in one command: synthesizes the
/// recipe's training data into DIR/data (resumable; reused when complete), trains into DIR/model, then adds the test
/// streams to DIR/data and evaluates the float and int8 models into DIR/model/eval.json, and prints the wall time of
/// each stage (docs/training.md).
/// </summary>
public sealed class TrainDefaultCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("train-default", "Reproduce the shipped default model: synthesize its dataset, train, evaluate (one command).");
        var output = new Option<DirectoryInfo>("--out") { Description = "Work folder: data/ and model/ go there.", Required = true };
        var threads = new Option<int>("--threads") { Description = "Worker threads for synthesis, training and evaluation.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var skipEval = new Option<bool>("--skip-eval") { Description = "Stop after training: the test streams are neither rendered nor evaluated." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Feature cache folder (default: artifacts/work/feature-cache)." };
        var extraEngines = new Option<string[]>("--extra-voice-engines")
        {
            Description = "Train the recipe with these train-only extra voices instead of its own (data synth --extra-voice-engines: mbrola, pico, rhvoice); the printed commands say what ran.",
            AllowMultipleArgumentsPerToken = true,
        };
        var extraShare = new Option<double?>("--extra-voice-share") { Description = "With --extra-voice-engines: their share of the train split (data synth --extra-voice-share)." };
        var keepEspeak = new Option<bool>("--extra-voices-keep-espeak") { Description = "With --extra-voice-engines: espeak-ng keeps its share (data synth --extra-voices-keep-espeak)." };
        foreach (var o in new Option[] { output, threads, skipEval, cache, extraEngines, extraShare, keepEspeak }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var n = pr.GetValue(threads);
            if (n < 1) throw new WakeWordException("--threads: must be at least 1");
            var root = pr.GetValue(output)!.FullName;
            var data = Path.Combine(root, "data");
            var model = Path.Combine(root, "model");
            var recipe = DefaultRecipe.Default;
            // Names as data synth takes them (comma-separated or repeated): VoiceCatalog.ExtraEngines parses them.
            var engines = pr.GetValue(extraEngines) ?? [];
            if (engines.Length > 0)
                recipe = recipe with
                {
                    ExtraVoiceEngines = engines, ExtraVoiceShare = pr.GetValue(extraShare) ?? recipe.ExtraVoiceShare,
                    ExtraVoicesKeepEspeak = pr.GetValue(keepEspeak),
                };
            else if (pr.GetValue(extraShare) is not null || pr.GetValue(keepEspeak))
                throw new WakeWordException("--extra-voice-share and --extra-voices-keep-espeak need --extra-voice-engines");
            var inv = CultureInfo.InvariantCulture;
            var total = Stopwatch.StartNew();
            ctx.Out.WriteLine("recipe (equivalent commands):");
            foreach (var line in recipe.Commands(data, model)) ctx.Out.WriteLine("  " + line);

            // The test streams are only needed by the evaluation and have their own seeds: render the training data
            // first, train, then add the test streams (the model does not depend on them).
            var sw = Stopwatch.StartNew();
            var synthOptions = recipe.Synth(data, n);
            var synth = Synthesizer.Run(synthOptions with { DeferTestStreams = true }, new LineProgress(ctx.Out));
            ctx.Out.WriteLine(string.Create(inv,
                $"1/4 data: {synth.Clips} clips ({synth.ClipsRendered} rendered), {synth.StreamSeconds / 3600:0.00} h of training streams, {sw.Elapsed.TotalMinutes:0.0} min"));

            sw.Restart();
            var train = recipe.Train with { Threads = n };
            var features = recipe.Features with
            {
                Seed = train.Seed, CacheDir = pr.GetValue(cache)?.FullName ?? RepoPaths.WorkDir("feature-cache"),
            };
            // Teachers are independent: train as many at once as there are threads (each with its share of them);
            // a model does not depend on its thread count, so the result is the same either way. Their features
            // first, once per seed on all threads (the teachers of a seed share them).
            var specs = recipe.Teachers;
            TrainRequest TeacherRequest(RecipeTeacher spec, int threads) => new(data, recipe.TeacherDir(model, spec),
                train with { Seed = spec.Seed, Threads = threads, StreamWindows = recipe.TeacherStreamWindows },
                features with { Seed = spec.Seed, Coefficients = spec.Coefficients }, recipe.Phrase);
            foreach (var first in specs.DistinctBy(t => t.Seed))
            {
                TrainPipeline.PrepareFeatures(TeacherRequest(first, n), line => ctx.Out.WriteLine($"   seed {first.Seed}: " + line));
                ctx.Out.WriteLine(string.Create(inv, $"   seed {first.Seed}: features ready, {sw.Elapsed.TotalMinutes:0.0} min so far"));
            }
            var concurrent = Math.Max(1, Math.Min(n, specs.Count));
            var gate = new object();
            void Log(string line) { lock (gate) ctx.Out.WriteLine(line); }
            var teachers = new string[specs.Count];
            // In recipe order: each free thread takes the next teacher (no range partitioning).
            var order = System.Collections.Concurrent.Partitioner.Create(Enumerable.Range(0, specs.Count),
                System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
            Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = concurrent }, i =>
            {
                var request = TeacherRequest(specs[i], Math.Max(1, n / concurrent));
                var name = Path.GetFileName(request.OutDir);
                var t = TrainPipeline.Run(request, line => Log($"   {name}: " + line));
                Log(string.Create(inv, $"   {name}: {t.ModelPath}, test accuracy float {t.TestAccuracyFloat:P2}, {sw.Elapsed.TotalMinutes:0.0} min so far"));
                teachers[i] = t.ModelPath;
            });
            var s = TrainPipeline.Run(new TrainRequest(data, model, train with { Teachers = teachers }, features, recipe.Phrase),
                line => ctx.Out.WriteLine("   " + line));
            ctx.Out.WriteLine(string.Create(inv,
                $"2/4 train: {s.ModelPath} ({s.Epochs} epochs, best {s.BestEpoch}), test accuracy float {s.TestAccuracyFloat:P2}, int8 {s.TestAccuracyInt8Sim:P2}, {sw.Elapsed.TotalMinutes:0.0} min"));
            ctx.Out.WriteLine(string.Create(inv, $"train-default: model reproduced in {total.Elapsed.TotalMinutes:0.0} min (data and training)"));

            if (!pr.GetValue(skipEval))
            {
                sw.Restart();
                var streams = Synthesizer.Run(synthOptions, new LineProgress(ctx.Out));
                ctx.Out.WriteLine(string.Create(inv,
                    $"3/4 test streams: {streams.StreamsRendered} of {streams.Streams} streams rendered, {streams.StreamSeconds / 3600:0.00} h of streams in all, {sw.Elapsed.TotalMinutes:0.0} min"));
                sw.Restart();
                var report = EvalPipeline.Run(new EvalRequest(s.ModelPath, data, Threads: n), line => ctx.Out.WriteLine("   " + line));
                foreach (var m in report.Models)
                {
                    ctx.Out.WriteLine($"4/4 eval {m.Name}: FRR at 0.5/1/2 FA/h = {m.FrrSummary()} over {m.StreamHours.ToString("0.00", inv)} h of streams; " +
                                      $"{m.OrdinaryFrrSummary()} over the {m.OrdinaryStreamHours?.ToString("0.00", inv) ?? "n/a"} h of ordinary audio (planted confusables excluded)");
                }
                ctx.Out.WriteLine(string.Create(inv, $"    eval {sw.Elapsed.TotalMinutes:0.0} min"));
            }
            else
            {
                ctx.Out.WriteLine($"train-default: --skip-eval: the test streams are not rendered; `./wakeword data synth` with the recipe's options (above) adds them to {data}");
            }
            ctx.Out.WriteLine(string.Create(inv, $"train-default: done in {total.Elapsed.TotalMinutes:0.0} min; model {Path.Combine(model, TrainPipeline.ModelFile)}"));
            return 0;
        });
        return cmd;
    }

    /// <summary>Synthesis progress as a line per tenth of the clips and of the stream audio (log-friendly).</summary>
    private sealed class LineProgress(TextWriter o) : ISynthProgress
    {
        private readonly object _gate = new();
        private int _clips, _clipsDone, _clipTenth;
        private double _streams, _streamsDone;
        private int _streamTenth;

        public void Begin(int clips, int clipsResumed, double streamSeconds, double streamSecondsResumed)
        {
            lock (_gate)
            {
                _clips = clips;
                _clipsDone = clipsResumed;
                _streams = streamSeconds;
                _streamsDone = streamSecondsResumed;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   data: {clips} clips ({clipsResumed} already done), {streamSeconds / 3600:0.00} h of streams ({streamSecondsResumed / 3600:0.00} h done)"));
            }
        }

        public void ClipDone()
        {
            lock (_gate)
            {
                _clipsDone++;
                var tenth = _clips == 0 ? 10 : 10 * _clipsDone / _clips;
                if (tenth <= _clipTenth) return;
                _clipTenth = tenth;
                o.WriteLine($"   data: clips {_clipsDone}/{_clips}");
            }
        }

        public void StreamProgress(double seconds)
        {
            lock (_gate)
            {
                _streamsDone += seconds;
                var tenth = _streams <= 0 ? 10 : (int)(10 * _streamsDone / _streams);
                if (tenth <= _streamTenth) return;
                _streamTenth = tenth;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   data: streams {_streamsDone / 3600:0.00}/{_streams / 3600:0.00} h"));
            }
        }
    }
}
