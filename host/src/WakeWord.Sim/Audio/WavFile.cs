using System.Buffers.Binary;
using WakeWord.Core;

namespace WakeWord.Sim.Audio;

/// <summary>
/// Our own RIFF/WAVE reader and writer. Reads integer PCM (8-bit unsigned, 16/24/32-bit signed), IEEE
/// float (32/64-bit) and WAVE_FORMAT_EXTENSIBLE with either subformat, any channel count. Strict: every
/// inconsistency (truncated chunk, sizes that do not add up, unsupported encoding) is a
/// <see cref="WakeWordException"/> naming the file and the problem. Chunks other than fmt and data are
/// skipped (odd-sized chunks are padded to even size, as RIFF requires).
/// </summary>
public static class WavFile
{
    private const ushort TagPcm = 1, TagFloat = 3, TagExtensible = 0xFFFE;

    // KSDATAFORMAT_SUBTYPE_* GUIDs end in these 14 bytes; the first two bytes are the format tag.
    private static readonly byte[] GuidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Reads and decodes a WAV file.</summary>
    public static WavAudio Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WakeWordException($"{path}: cannot read ({e.Message})", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Mono int16 at 48 kHz (channels averaged, rate converted): the front end's input.</summary>
    public static short[] ReadMono48k(string path) => Read(path).ToMono48k();

    /// <summary>Decodes WAV bytes; <paramref name="source"/> names the file in errors.</summary>
    public static WavAudio Parse(ReadOnlySpan<byte> b, string source)
    {
        void Fail(string why) => throw new WakeWordException($"{source}: {why}");
        if (b.Length < 12) Fail($"{b.Length} bytes, too short for a RIFF/WAVE header (12 bytes)");
        if (!b[..4].SequenceEqual("RIFF"u8))
        {
            if (b[..4].SequenceEqual("RF64"u8)) Fail("RF64 (64-bit WAV) is not supported");
            Fail("not a RIFF file (no 'RIFF' magic)");
        }
        if (!b.Slice(8, 4).SequenceEqual("WAVE"u8)) Fail("RIFF file is not WAVE");
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        if (riffSize < 4) Fail($"RIFF size {riffSize} is too small");
        if ((long)riffSize + 8 > b.Length) Fail($"RIFF header says {riffSize + 8L} bytes but the file has only {b.Length} (truncated)");
        var end = (int)(riffSize + 8);

        var pos = 12;
        bool haveFmt = false, extensible = false;
        int channels = 0, rate = 0, bits = 0, blockAlign = 0;
        var format = WavSampleFormat.Pcm;
        ReadOnlySpan<byte> data = default;
        var haveData = false;
        while (pos + 8 <= end)
        {
            var id = System.Text.Encoding.ASCII.GetString(b.Slice(pos, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(b[(pos + 4)..]);
            var body = pos + 8;
            var remain = end - body;
            if (size > remain) Fail($"'{Printable(id)}' chunk at byte {pos} says {size} bytes but only {remain} remain (truncated)");
            var chunk = b.Slice(body, (int)size);
            if (id == "fmt ")
            {
                if (haveFmt) Fail("two fmt chunks");
                if (size < 16) Fail($"fmt chunk has {size} bytes, needs at least 16");
                var tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
                rate = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]));
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
                if (tag == TagExtensible)
                {
                    extensible = true;
                    if (size < 40) Fail($"WAVE_FORMAT_EXTENSIBLE fmt chunk has {size} bytes, needs 40");
                    var cb = BinaryPrimitives.ReadUInt16LittleEndian(chunk[16..]);
                    if (cb < 22) Fail($"WAVE_FORMAT_EXTENSIBLE extension size {cb}, needs 22");
                    var valid = BinaryPrimitives.ReadUInt16LittleEndian(chunk[18..]);
                    if (valid > bits) Fail($"valid bits per sample {valid} exceed the container's {bits}");
                    var guid = chunk.Slice(24, 16);
                    if (!guid[2..].SequenceEqual(GuidTail)) Fail("WAVE_FORMAT_EXTENSIBLE subformat GUID is not PCM or IEEE float");
                    tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
                }
                format = tag switch
                {
                    TagPcm => WavSampleFormat.Pcm,
                    TagFloat => WavSampleFormat.IeeeFloat,
                    _ => throw new WakeWordException($"{source}: unsupported WAV encoding (format tag 0x{tag:X4}); only PCM and IEEE float"),
                };
                if (channels == 0) Fail("fmt chunk says 0 channels");
                if (rate == 0) Fail("fmt chunk says sample rate 0");
                var okBits = format == WavSampleFormat.Pcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
                if (!okBits) Fail($"unsupported {bits}-bit {(format == WavSampleFormat.Pcm ? "PCM" : "float")} samples");
                if (blockAlign != channels * bits / 8) Fail($"block align {blockAlign} does not match {channels} channels x {bits} bits");
                haveFmt = true;
            }
            else if (id == "data")
            {
                if (!haveFmt) Fail("data chunk comes before the fmt chunk");
                if (haveData) Fail("two data chunks");
                data = chunk;
                haveData = true;
            }
            pos = body + (int)size + (int)(size & 1);
        }
        if (pos < end && end - pos < 8) Fail($"{end - pos} stray bytes after the last chunk");
        if (!haveFmt) Fail("no fmt chunk");
        if (!haveData) Fail("no data chunk");
        if (data.Length % blockAlign != 0) Fail($"data chunk of {data.Length} bytes is not a whole number of {blockAlign}-byte frames");

        var frames = data.Length / blockAlign;
        var samples = new float[channels][];
        for (var c = 0; c < channels; c++) samples[c] = new float[frames];
        var bps = bits / 8;
        for (var f = 0; f < frames; f++)
        {
            var row = data.Slice(f * blockAlign, blockAlign);
            for (var c = 0; c < channels; c++)
            {
                var s = row.Slice(c * bps, bps);
                samples[c][f] = (format, bits) switch
                {
                    (WavSampleFormat.Pcm, 8) => (s[0] - 128) / 128f,
                    (WavSampleFormat.Pcm, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                    (WavSampleFormat.Pcm, 24) => ((s[0] | (s[1] << 8) | (s[2] << 16)) << 8 >> 8) / 8388608f,
                    (WavSampleFormat.Pcm, 32) => (float)(BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0),
                    (WavSampleFormat.IeeeFloat, 32) => CheckFinite(BinaryPrimitives.ReadSingleLittleEndian(s), source, f),
                    _ => CheckFinite((float)BinaryPrimitives.ReadDoubleLittleEndian(s), source, f),
                };
            }
        }
        return new WavAudio(rate, channels, bits, format, extensible, samples);
    }

    private static float CheckFinite(float v, string source, int frame) =>
        float.IsFinite(v) ? v : throw new WakeWordException($"{source}: sample at frame {frame} is {v} (not finite)");

    private static string Printable(string id) => new(id.Select(ch => ch is >= ' ' and <= '~' ? ch : '?').ToArray());

    /// <summary>Writes 16-bit PCM mono, atomically.</summary>
    public static void WriteMono16(string path, ReadOnlySpan<short> pcm, int sampleRate)
    {
        var bytes = new byte[44 + pcm.Length * 2];
        WriteHeader(bytes, 1, sampleRate, 16, TagPcm, pcm.Length * 2, extensible: false);
        for (var i = 0; i < pcm.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(44 + 2 * i), pcm[i]);
        AtomicOutput.WriteFile(path, tmp => File.WriteAllBytes(tmp, bytes));
    }

    /// <summary>
    /// Encodes <paramref name="audio"/> in its own format (PCM 8/16/24/32 or float 32/64, optionally
    /// WAVE_FORMAT_EXTENSIBLE). Integer formats round to nearest and saturate.
    /// </summary>
    public static byte[] Encode(WavAudio audio)
    {
        int ch = audio.Channels, bits = audio.BitsPerSample, bps = bits / 8, frames = audio.Frames;
        var tag = audio.Format == WavSampleFormat.Pcm ? TagPcm : TagFloat;
        var header = audio.Extensible ? 68 : 44;
        var dataBytes = frames * ch * bps;
        var b = new byte[header + dataBytes + (dataBytes & 1)];
        WriteHeader(b, ch, audio.SampleRate, bits, tag, dataBytes, audio.Extensible);
        var p = header;
        for (var f = 0; f < frames; f++)
        {
            for (var c = 0; c < ch; c++, p += bps)
            {
                double v = audio.Samples[c][f];
                var s = b.AsSpan(p, bps);
                switch (audio.Format, bits)
                {
                    case (WavSampleFormat.Pcm, 8): s[0] = (byte)(Quant(v, 128) + 128); break;
                    case (WavSampleFormat.Pcm, 16): BinaryPrimitives.WriteInt16LittleEndian(s, (short)Quant(v, 32768)); break;
                    case (WavSampleFormat.Pcm, 24):
                        var q = (int)Quant(v, 8388608);
                        s[0] = (byte)q; s[1] = (byte)(q >> 8); s[2] = (byte)(q >> 16);
                        break;
                    case (WavSampleFormat.Pcm, 32): BinaryPrimitives.WriteInt32LittleEndian(s, (int)Quant(v, 2147483648.0)); break;
                    case (WavSampleFormat.IeeeFloat, 32): BinaryPrimitives.WriteSingleLittleEndian(s, (float)v); break;
                    case (WavSampleFormat.IeeeFloat, 64): BinaryPrimitives.WriteDoubleLittleEndian(s, v); break;
                    default: throw new WakeWordException($"cannot encode {bits}-bit {audio.Format} WAV");
                }
            }
        }
        return b;
    }

    /// <summary>Writes <paramref name="audio"/> atomically in its own format.</summary>
    public static void Write(string path, WavAudio audio)
    {
        var bytes = Encode(audio);
        AtomicOutput.WriteFile(path, tmp => File.WriteAllBytes(tmp, bytes));
    }

    private static long Quant(double v, double full) => (long)Math.Clamp(Math.Round(v * full, MidpointRounding.AwayFromZero), -full, full - 1);

    private static void WriteHeader(Span<byte> b, int channels, int rate, int bits, ushort tag, int dataBytes, bool extensible)
    {
        var fmtSize = extensible ? 40 : 16;
        var header = 20 + fmtSize + 8;
        "RIFF"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], (uint)(header - 8 + dataBytes + (dataBytes & 1)));
        "WAVE"u8.CopyTo(b[8..]);
        "fmt "u8.CopyTo(b[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[16..], (uint)fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(b[20..], extensible ? TagExtensible : tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(b[24..], (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(b[28..], (uint)(rate * channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(b[32..], (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(b[34..], (ushort)bits);
        var p = 36;
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[36..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(b[38..], (ushort)bits);
            BinaryPrimitives.WriteUInt32LittleEndian(b[40..], channels <= 18 ? (uint)((1L << channels) - 1) : 0u);
            BinaryPrimitives.WriteUInt16LittleEndian(b[44..], tag);
            GuidTail.CopyTo(b[46..]);
            p = 60;
        }
        "data"u8.CopyTo(b[p..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[(p + 4)..], (uint)dataBytes);
    }
}
