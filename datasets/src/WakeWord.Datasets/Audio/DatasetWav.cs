using System.Buffers.Binary;
using WakeWord.Core;
using WakeWord.Sim.Audio;

namespace WakeWord.Datasets.Audio;

/// <summary>What a WAV header says, and whether the data chunk is all there.</summary>
public sealed record WavInfo(int SampleRate, int Channels, int BitsPerSample, int FormatTag, long DataBytes, long Frames);

/// <summary>
/// WAV access for datasets, over the simulator's <see cref="WavFile"/>: full strict decoding for
/// <c>data check</c>, a header-only look for fast planning decisions, and 48 kHz 16-bit mono reading and
/// writing for the generator.
/// </summary>
public static class DatasetWav
{
    public const int SampleRate = 48000;

    /// <summary>Reads the header of <paramref name="path"/>; throws a <see cref="WakeWordException"/> naming the file if corrupt.</summary>
    public static WavInfo ReadInfo(string path)
    {
        using var fs = File.OpenRead(path);
        return ReadInfo(fs, path, out _);
    }

    private static WavInfo ReadInfo(Stream s, string path, out long dataOffset)
    {
        Span<byte> head = stackalloc byte[12];
        if (s.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12) throw new WakeWordException($"{path}: corrupt WAV: shorter than a RIFF header");
        if (!head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8))
            throw new WakeWordException($"{path}: corrupt WAV: not a RIFF/WAVE file");
        int rate = 0, channels = 0, bits = 0, tag = 0;
        var haveFmt = false;
        Span<byte> ch = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[40];
        while (true)
        {
            if (s.ReadAtLeast(ch, 8, throwOnEndOfStream: false) < 8)
                throw new WakeWordException($"{path}: corrupt WAV: no data chunk");
            var id = ch[..4];
            long size = BinaryPrimitives.ReadUInt32LittleEndian(ch[4..]);
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) throw new WakeWordException($"{path}: corrupt WAV: fmt chunk of {size} bytes");
                var n = (int)Math.Min(size, fmt.Length);
                if (s.ReadAtLeast(fmt[..n], n, throwOnEndOfStream: false) < n) throw new WakeWordException($"{path}: corrupt WAV: truncated fmt chunk");
                tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (tag == 0xFFFE && size >= 26) tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
                s.Seek(size - n + (size & 1), SeekOrigin.Current);
                haveFmt = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFmt) throw new WakeWordException($"{path}: corrupt WAV: data chunk before fmt chunk");
                if (channels <= 0 || bits <= 0) throw new WakeWordException($"{path}: corrupt WAV: {channels} channels, {bits} bits");
                dataOffset = s.Position;
                var left = s.Length - s.Position;
                if (size > left) throw new WakeWordException($"{path}: corrupt WAV: data chunk says {size} bytes, file holds {left}");
                var frameBytes = channels * ((bits + 7) / 8);
                return new WavInfo(rate, channels, bits, tag, size, size / frameBytes);
            }
            else
            {
                if (s.Position + size > s.Length) throw new WakeWordException($"{path}: corrupt WAV: chunk '{System.Text.Encoding.ASCII.GetString(id)}' runs past the end");
                s.Seek(size + (size & 1), SeekOrigin.Current);
            }
        }
    }

    /// <summary>Why a file is not a dataset WAV (48 kHz, 16-bit PCM, mono, not empty), or null if it is one.</summary>
    public static string? FormatProblem(WavInfo w)
    {
        if (w.FormatTag != 1) return $"format tag {w.FormatTag}, expected 1 (integer PCM)";
        if (w.BitsPerSample != 16) return $"{w.BitsPerSample}-bit samples, expected 16-bit";
        if (w.Channels != 1) return $"{w.Channels} channels, expected mono";
        if (w.SampleRate != SampleRate) return $"sample rate {w.SampleRate} Hz, expected {SampleRate} Hz";
        if (w.Frames == 0) return "no samples";
        if (w.DataBytes % 2 != 0) return "odd number of data bytes";
        return null;
    }

    /// <summary>Reads a 48 kHz mono WAV as floats in [-1, 1); any other rate or channel count is an error naming the file.</summary>
    public static float[] ReadMono48kFloat(string path)
    {
        var a = WavFile.Read(path);
        if (a.SampleRate != SampleRate || a.Channels != 1)
            throw new WakeWordException($"{path}: {a.Channels} channels at {a.SampleRate} Hz, expected mono at {SampleRate} Hz");
        return a.Samples[0];
    }

    /// <summary>
    /// Any WAV converted to 48 kHz 16-bit mono with the simulator's converter (<see cref="WavFile.ReadMono48k"/>),
    /// so imported audio reaches training exactly as the host tools would feed it to the front end.
    /// </summary>
    public static short[] ConvertToMono48k(string path) => WavFile.ReadMono48k(path);

    /// <summary>Writes 16-bit mono PCM (48 kHz unless told) with the simulator's WAV writer, atomically.</summary>
    public static void WriteMono16(string path, ReadOnlySpan<short> samples, int sampleRate = SampleRate) =>
        WavFile.WriteMono16(path, samples, sampleRate);

    /// <summary>
    /// Decodes <paramref name="path"/> fully with the simulator's strict WAV reader and returns what its header
    /// says; a corrupt file throws a <see cref="WakeWordException"/> naming the file and the problem.
    /// </summary>
    public static WavInfo Decode(string path)
    {
        var a = WavFile.Read(path);
        var tag = a.Format == WavSampleFormat.Pcm ? 1 : 3;
        return new WavInfo(a.SampleRate, a.Channels, a.BitsPerSample, tag, (long)a.Frames * a.Channels * (a.BitsPerSample / 8), a.Frames);
    }
}
