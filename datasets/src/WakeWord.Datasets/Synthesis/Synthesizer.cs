using System.Diagnostics;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Datasets.Check;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>Progress callbacks of a synthetic run (called from worker threads).</summary>
public interface ISynthProgress
{
    void Begin(int clips, int clipsResumed, double streamSeconds, double streamSecondsResumed);
    void ClipDone();
    void StreamProgress(double seconds);
}

/// <summary>What a run did.</summary>
public sealed record SynthResult(int Clips, int ClipsRendered, int Streams, int StreamsRendered, double StreamSeconds,
    IReadOnlyDictionary<string, int> ByLabel, IReadOnlyList<(string Stage, double Seconds, long Calls)> Stages,
    int Voices, int Confusables, TimeSpan Wall);

/// <summary>
/// <c>wakeword data synth</c>: plans and renders a synthetic dataset (see datasets/README.md) into a folder,
/// resumably and in parallel, then writes its manifest. The folder's <c>.synth/</c> holds the resume state and
/// the noise-bed cache.
/// </summary>
public static class Synthesizer
{
    public static SynthResult Run(SynthOptions o, ISynthProgress? progress = null)
    {
        var wall = Stopwatch.StartNew();
        if (string.IsNullOrWhiteSpace(o.Phrase)) throw new WakeWordException("--phrase: empty wake phrase");
        if (o.Count < 0) throw new WakeWordException($"--count: {o.Count} is negative");
        if (o.StreamHours < 0) throw new WakeWordException($"--stream-hours: {o.StreamHours} is negative");
        if (o.TrainStreamHours < 0) throw new WakeWordException($"--train-stream-hours: {o.TrainStreamHours} is negative");
        if (o.StreamFileSeconds <= 0) throw new WakeWordException("stream file length must be positive");
        if (o.GnuSpeechVoices < 0) throw new WakeWordException($"--gnuspeech-voices: {o.GnuSpeechVoices} is negative");
        if (!(o.GnuSpeechShare is >= 0 and <= 1)) throw new WakeWordException($"--gnuspeech-share: {o.GnuSpeechShare} is not in 0..1");
        if (!(o.ExtraVoiceShare is >= 0 and <= 1)) throw new WakeWordException($"--extra-voice-share: {o.ExtraVoiceShare} is not in 0..1");
        if (o.ExtraVoicesKeepEspeak && o.ExtraVoiceShare > 1 - SynthPlanner.EspeakWeight + 1e-12)
            throw new WakeWordException(string.Create(CultureInfo.InvariantCulture,
                $"--extra-voice-share: {o.ExtraVoiceShare} is more than flite's and festival's {1 - SynthPlanner.EspeakWeight:0.##}, which --extra-voices-keep-espeak takes it from"));
        // Before any folder is made: an unknown engine or a missing package leaves nothing behind.
        var extra = o.ExtraVoices ? VoiceCatalog.InstalledExtra(o.ExtraVoiceEngines) : [];
        var root = Path.GetFullPath(o.OutDir);
        var stateDir = Path.Combine(root, DatasetChecker.StateFolder);
        if (File.Exists(root)) throw new WakeWordException($"{o.OutDir}: --out is a file, not a folder");
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any() && !Directory.Exists(stateDir))
            throw new WakeWordException($"{o.OutDir}: folder is not empty and is not an earlier synth output (no {DatasetChecker.StateFolder}/); choose a new folder");
        Directory.CreateDirectory(stateDir);
        var tmp = Path.Combine(stateDir, "tmp");
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        var manifestPath = Path.Combine(root, DatasetManifest.FileName);
        if (File.Exists(manifestPath)) File.Delete(manifestPath);

        var jobs = o.EffectiveJobs;
        if (o.RandomVoices < 0) throw new WakeWordException($"--random-voices: {o.RandomVoices} is negative");
        if (!(o.RandomVoiceShare is >= 0 and <= 1)) throw new WakeWordException($"--random-voice-share: {o.RandomVoiceShare} is not in 0..1");
        var installed = VoiceCatalog.Installed();
        var random = RandomVoices.Prepare(Path.Combine(stateDir, "espeak"), o.Seed, o.RandomVoices,
            installed.Where(v => v.Engine == TtsEngine.EspeakNg).Select(v => v.Name.Split('+')[0]).Distinct().ToList());
        if (!(o.ForeignVoiceShare is >= 0 and <= 1)) throw new WakeWordException($"--foreign-voice-share: {o.ForeignVoiceShare} is not in 0..1");
        var foreign = o.ForeignVoices ? VoiceCatalog.InstalledForeign() : [];
        var gnuspeech = GnuSpeechVoices.Prepare(o.Seed, o.GnuSpeechVoices);
        var voices = new VoiceCatalog(installed, o.Seed, [.. random, .. foreign, .. gnuspeech, .. extra], o.FamilySplits);
        var sounds = SoundLibrary.Discover();
        sounds.Prepare(Path.Combine(stateDir, "noise"), o.Seed, jobs);
        var confusables = Confusables.Generate(o.Phrase);
        var planner = new SynthPlanner(o, voices, sounds, confusables);
        var clips = planner.Clips();
        var allStreams = planner.Streams();
        var streams = o.DeferTestStreams ? allStreams.Where(s => s.Split != DatasetSplits.Test).ToList() : allStreams;

        var times = new StageTimes();
        var speech = new SpeechRenderer(tmp, times);
        var clipRenderer = new ClipRenderer(sounds, speech, times);
        var streamRenderer = new StreamRenderer(planner, sounds, speech, confusables, o.Phrase, times);

        using var state = new SynthState(Path.Combine(stateDir, "state.tsv"));
        var planned = clips.Select(c => c.Path).Concat(allStreams.Select(s => s.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in state.Records.Where(r => !planned.Contains(r.Path)).ToList())
        {
            var f = Path.Combine(root, stale.Path);
            if (File.Exists(f)) File.Delete(f);
            if (File.Exists(StreamLabels.PathFor(f))) File.Delete(StreamLabels.PathFor(f));
            state.Forget(stale.Path);
        }

        var streamDone = new bool[streams.Count];
        var clipDone = new bool[clips.Count];
        Parallelism.ForEach(Enumerable.Range(0, streams.Count + clips.Count), jobs, i =>
        {
            if (i < streams.Count)
                streamDone[i] = state.IsDone(root, streams[i].Path, streams[i].Key) &&
                                File.Exists(StreamLabels.PathFor(Path.Combine(root, streams[i].Path)));
            else clipDone[i - streams.Count] = state.IsDone(root, clips[i - streams.Count].Path, clips[i - streams.Count].Key);
        });
        var todoStreams = streams.Where((_, i) => !streamDone[i]).ToList();
        var todoClips = clips.Where((_, i) => !clipDone[i]).ToList();
        var streamSeconds = streams.Sum(s => s.Seconds);
        progress?.Begin(clips.Count, clips.Count - todoClips.Count, streamSeconds, streamSeconds - todoStreams.Sum(s => s.Seconds));

        // Long items first so the jobs finish together.
        var work = todoStreams.Select(s => (object)s).Concat(todoClips).ToList();
        Parallelism.ForEach(work, jobs, item =>
        {
            var (path, key) = item is ClipSpec c ? (c.Path, c.Key) : (((StreamSpec)item).Path, ((StreamSpec)item).Key);
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var part = Path.Combine(tmp, path.Replace('/', '_') + ".part");
            if (item is ClipSpec clip)
            {
                clipRenderer.Render(clip, part);
                progress?.ClipDone();
            }
            else
            {
                // Labels first, so a stream WAV in place always has its labels next to it.
                var labelsPart = part + StreamLabels.Suffix;
                streamRenderer.Render((StreamSpec)item, part, labelsPart, s => progress?.StreamProgress(s));
                File.Move(labelsPart, StreamLabels.PathFor(full), overwrite: true);
            }
            var sha = times.Time(5, () => StableHash.FileSha256(part));
            var size = new FileInfo(part).Length;
            File.Move(part, full, overwrite: true);
            state.Done(path, key, size, sha);
        });

        var entries = clips.Select(c => c.Entry).Concat(streams.Select(s => s.Entry)).ToList();
        DatasetManifest.Write(manifestPath, entries);
        Directory.Delete(tmp, recursive: true);
        var byLabel = entries.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count());
        return new SynthResult(clips.Count, todoClips.Count, streams.Count, todoStreams.Count, streamSeconds, byLabel, times.Snapshot(),
            voices.Voices.Count, confusables.Count, wall.Elapsed);
    }
}
