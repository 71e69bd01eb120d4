using System.Buffers.Binary;
using WakeWord.Core;

namespace WakeWord.Datasets.Audio;

/// <summary>What a WAV header says, and whether the data chunk is all there.</summary>
public sealed record WavInfo(int SampleRate, int Channels, int BitsPerSample, int FormatTag, long DataBytes, long Frames);

/// <summary>
/// WAV access for datasets: the header inspection that <c>data check</c> needs (it must say exactly what is
/// wrong with a file) and 48 kHz 16-bit mono reading and writing for the generator.
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

    /// <summary>Reads a 48 kHz 16-bit mono WAV; any other format is an error naming the file.</summary>
    public static short[] ReadMono48k(string path)
    {
        using var fs = File.OpenRead(path);
        var info = ReadInfo(fs, path, out _);
        var problem = FormatProblem(info);
        if (problem != null) throw new WakeWordException($"{path}: {problem}");
        var bytes = new byte[info.Frames * 2];
        fs.ReadExactly(bytes);
        var samples = new short[info.Frames];
        for (var i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
        return samples;
    }

    /// <summary>Writes 48 kHz 16-bit mono PCM to <paramref name="path"/> (canonical 44-byte header).</summary>
    public static void WriteMono16(string path, ReadOnlySpan<short> samples, int sampleRate = SampleRate)
    {
        var bytes = new byte[44 + samples.Length * 2];
        var b = bytes.AsSpan();
        "RIFF"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], (uint)(36 + samples.Length * 2));
        "WAVEfmt "u8.CopyTo(b[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(b[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(b[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(b[28..], (uint)(sampleRate * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(b[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(b[34..], 16);
        "data"u8.CopyTo(b[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[40..], (uint)(samples.Length * 2));
        for (var i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(b[(44 + 2 * i)..], samples[i]);
        File.WriteAllBytes(path, bytes);
    }
}
