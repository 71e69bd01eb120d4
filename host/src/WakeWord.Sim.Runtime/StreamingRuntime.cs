// twin of ww_runtime.c
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Sim.Runtime;

/// <summary>A detection (twin of <c>ww_event_t</c>).</summary>
public readonly record struct DetectionEvent(uint Frame, int Score, uint Index);

/// <summary>Counters of the runtime (twin of <c>ww_stats_t</c>, without the cycle counters).</summary>
public sealed record RuntimeStats
{
    public uint Frames { get; set; }
    public uint Inferences { get; set; }
    public uint Gated { get; set; }
    public uint Detections { get; set; }
    public uint Overruns { get; set; }
    public uint EventsDropped { get; set; }
    public PerfLevel PerfLevel { get; set; }
}

/// <summary>
/// The streaming runtime, integer for integer the same as firmware/src/runtime/ww_runtime.c: front end,
/// feature ring, CRNN every <see cref="RuntimeConfig.InferEvery"/> frames, energy gate, detector, DVFS,
/// DMA double buffer feeding an audio block FIFO with overrun accounting, and the same trace.
/// <para>
/// Time-sliced inference: a model in N slices (<see cref="IModelRunner.SliceFirstLayers"/>) runs slice 0 in the
/// inference hop F (after the window copy) and slice k in hop F + k; the posterior goes to the detector in hop
/// F + N - 1, stamped with that frame. Layer records keep frame F (the window's frame). N = 1 is the unsliced run.
/// </para>
/// </summary>
public sealed class StreamingRuntime
{
    private readonly RuntimeConfig _config;
    private readonly Frontend.Frontend _frontend;
    private readonly IModelRunner _model;
    private readonly TraceWriter? _trace;
    private readonly TraceFlags _flags;
    private readonly int _features;
    private readonly int _chunk;
    private readonly short[] _featureBuf;
    private readonly FeatureQuantizer _quantizer;
    private readonly FeatureRing _ring;
    private readonly sbyte[] _quantized;
    private readonly sbyte[] _window;
    private readonly sbyte[] _probs;
    private readonly EnergyGate _gate;
    private readonly Detector _detector;
    private readonly DvfsPolicy _dvfs;
    private readonly Queue<DetectionEvent> _events = new();
    private readonly short[] _dmaBuffer;
    private readonly short[] _block;
    private readonly short[] _fifo;
    private readonly int _fifoDepth;
    private uint _fifoIn, _fifoOut, _overruns, _overrunsTraced;
    private int _dmaWriteHalf;
    private bool _pretriggerHit;
    private uint _hookFrame;
    private readonly LayerHook _hook;
    private readonly int _numSlices;
    private int _sliceNext;      // next slice of the inference in flight; 0 = none in flight
    private uint _inferFrame;    // frame whose window the inference in flight runs on

    public StreamingRuntime(RuntimeConfig config, FrontendTables frontend, IModelRunner model, TraceWriter? trace = null, TraceFlags flags = TraceFlags.None)
    {
        config.Validate();
        _config = config;
        _frontend = new Frontend.Frontend(frontend);
        _model = model;
        _trace = trace;
        _flags = trace == null ? TraceFlags.None : flags;
        _features = frontend.Config.Features;
        if (_features != model.InputFeatures)
            throw new Core.WakeWordException($"front end gives {_features} features per frame, the model expects {model.InputFeatures}");
        if (config.WindowFrames != model.InputFrames)
            throw new Core.WakeWordException($"runtime.json: windowFrames {config.WindowFrames} differs from the model's {model.InputFrames} input frames");
        if (config.WakeClass >= model.NumClasses)
            throw new Core.WakeWordException($"runtime.json: wakeClass {config.WakeClass} but the model has {model.NumClasses} classes");
        _chunk = config.AudioBlockSamples;
        _featureBuf = new short[Frontend.Frontend.MaxFrames(frontend.Config, _chunk) * _features];
        _quantizer = model.Quantizer;
        _ring = new FeatureRing(config.WindowFrames, _features);
        _quantized = new sbyte[_features];
        _window = new sbyte[config.WindowFrames * _features];
        _probs = new sbyte[model.NumClasses];
        _gate = new EnergyGate(config.Gate);
        _detector = new Detector(config.Detector);
        _dvfs = new DvfsPolicy(config.Dvfs);
        _dmaBuffer = new short[2 * config.AudioBlockSamples];
        _block = new short[config.AudioBlockSamples];
        _fifoDepth = config.AudioBlocks;
        _fifo = new short[_fifoDepth * config.AudioBlockSamples];
        _hook = (layer, name, data) => _trace!.Layer(_hookFrame, layer, name, data);
        _numSlices = model.SliceFirstLayers.Count;
        if (_numSlices < 1 || _numSlices > config.InferEvery)
            throw new Core.WakeWordException($"the model runs in {_numSlices} inference slices; runtime.json inferEvery {config.InferEvery} must be at least that (one slice per hop)");
        if (_flags != TraceFlags.None)
            _trace!.Header(_features, config.WindowFrames, model.NumClasses, config.InferEvery, _flags);
    }

    public RuntimeStats Stats { get; } = new();

    /// <summary>
    /// Called once per frame with the level in force for that hop and the inference slice that ran in it
    /// (-1 = none), for the estimates.
    /// </summary>
    public Action<PerfLevel, int>? OnHop { get; set; }

    /// <summary>True while an inference is in flight (slices pending for the next hops).</summary>
    public bool InferencePending => _sliceNext != 0;

    /// <summary>ww_on_detection.</summary>
    public Action<DetectionEvent>? OnDetection { get; set; }

    /// <summary>ww_runtime_push_audio: any number of samples, processed now.</summary>
    public void PushAudio(ReadOnlySpan<short> pcm)
    {
        while (pcm.Length > 0)
        {
            var n = Math.Min(pcm.Length, _chunk);
            var frames = _frontend.Process(pcm[..n], _featureBuf);
            for (var f = 0; f < frames; f++) ProcessFrame(_featureBuf.AsSpan(f * _features, _features));
            pcm = pcm[n..];
        }
    }

    /// <summary>ww_runtime_dma_complete: half 0 or 1 was filled; it goes into the FIFO, or is dropped (an overrun) when the FIFO is full.</summary>
    public void DmaComplete(int half)
    {
        half &= 1;
        var n = _config.AudioBlockSamples;
        if (_fifoIn - _fifoOut >= (uint)_fifoDepth)
        {
            _overruns++;
            return;
        }
        _dmaBuffer.AsSpan(half * n, n).CopyTo(_fifo.AsSpan((int)(_fifoIn % (uint)_fifoDepth) * n, n));
        _fifoIn++;
    }

    /// <summary>ww_runtime_dma_write_block: the simulated DMA copies one block into the next half.</summary>
    public void DmaWriteBlock(ReadOnlySpan<short> block)
    {
        var half = _dmaWriteHalf;
        block[.._config.AudioBlockSamples].CopyTo(_dmaBuffer.AsSpan(half * _config.AudioBlockSamples));
        _dmaWriteHalf = half ^ 1;
        DmaComplete(half);
    }

    /// <summary>ww_runtime_audio_queued: blocks waiting in the FIFO.</summary>
    public int AudioQueued => (int)(_fifoIn - _fifoOut);

    /// <summary>ww_runtime_service: drains the FIFO oldest first.</summary>
    public int Service()
    {
        var consumed = 0;
        var n = _config.AudioBlockSamples;
        for (; ; )
        {
            TraceOverruns();
            if (_fifoIn == _fifoOut) break;
            _fifo.AsSpan((int)(_fifoOut % (uint)_fifoDepth) * n, n).CopyTo(_block);
            _fifoOut++;
            PushAudio(_block);
            consumed++;
        }
        return consumed;
    }

    /// <summary>ww_runtime_poll_event.</summary>
    public bool PollEvent(out DetectionEvent ev) => _events.TryDequeue(out ev);

    private void TraceOverruns()
    {
        Stats.Overruns = _overruns;
        if (_overruns == _overrunsTraced) return;
        _overrunsTraced = _overruns;
        if ((_flags & TraceFlags.Decisions) != 0) _trace!.Overrun(Stats.Frames, _overruns);
    }

    private void ProcessFrame(ReadOnlySpan<short> features)
    {
        var frame = Stats.Frames++;
        if ((_flags & TraceFlags.Features) != 0) _trace!.Features(frame, features);
        _quantizer.Quantize(features, _quantized);
        _ring.Push(_quantized);
        _gate.Update(features[_features - 1]);
        var gateOpen = _gate.IsOpen;
        // An inference in flight (slices pending) counts as activity: the level stays HIGH until it is done.
        if (_dvfs.Step(gateOpen || _sliceNext != 0, _pretriggerHit))
        {
            if ((_flags & TraceFlags.Decisions) != 0) _trace!.Dvfs(frame, _dvfs.Level);
        }
        _pretriggerHit = false;
        Stats.PerfLevel = _dvfs.Level;
        var slice = -1;
        if (_sliceNext != 0)
        {
            slice = _sliceNext;
            RunSlice(frame);
        }
        else if ((frame + 1) % (uint)_config.InferEvery == 0 && _ring.Count == _config.WindowFrames)
        {
            slice = Evaluate(frame, gateOpen) ? 0 : -1;
        }
        OnHop?.Invoke(_dvfs.Level, slice);
    }

    /// <summary>An evaluation at inference frame <paramref name="frame"/>: slice 0 when the gate is open, else posterior 0 now.</summary>
    private bool Evaluate(uint frame, bool gateOpen)
    {
        if (!gateOpen)
        {
            _probs.AsSpan().Fill(-128);
            Stats.Gated++;
            Decide(frame, false, false);
            return false;
        }
        _ring.CopyWindow(_window);
        _inferFrame = frame;
        RunSlice(frame);
        return true;
    }

    /// <summary>Runs slice _sliceNext of the inference started at _inferFrame; the last one (or a failing one) decides at <paramref name="frame"/>.</summary>
    private void RunSlice(uint frame)
    {
        _hookFrame = _inferFrame;
        var status = _model.InvokeSlice(_sliceNext, _window, _probs, (_flags & TraceFlags.Layers) != 0 ? _hook : null);
        _sliceNext++;
        if (status == 0 && _sliceNext < _numSlices) return;
        _sliceNext = 0;
        Stats.Inferences++;
        if (status != 0) _probs.AsSpan().Fill(-128);
        Decide(frame, true, true);
    }

    private void Decide(uint frame, bool ran, bool gateOpen)
    {
        var wake = _probs[_config.WakeClass];
        var detected = _detector.Step(wake, out var smoothed);
        _pretriggerHit = ran && wake >= _config.DvfsPretriggerQ;
        if ((_flags & TraceFlags.Decisions) != 0) _trace!.Posterior(frame, ran, gateOpen, smoothed, _probs);
        if (detected)
        {
            var ev = new DetectionEvent(frame, smoothed, Stats.Detections++);
            if ((_flags & TraceFlags.Decisions) != 0) _trace!.Detection(frame, smoothed, ev.Index);
            if (_events.Count == _config.EventQueueLength) Stats.EventsDropped++;
            else _events.Enqueue(ev);
            OnDetection?.Invoke(ev);
        }
    }
}
