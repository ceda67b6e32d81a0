using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.Json;

namespace Kairos.Kronos.Safetensors;

/// <summary>
/// A memory-mapped safetensors file. The header is validated completely when the file is opened
/// (header length, JSON, dtypes, shapes, data offsets in range and non-overlapping, sizes = dtype size × element count),
/// so later accesses cannot read outside the mapping. F32 tensors are exposed as zero-copy views over the mapping;
/// F16/BF16 are converted to float on request; I64 buffers can be read as longs.
/// </summary>
/// <remarks>Layout: 8-byte little-endian header length n, n bytes of UTF-8 JSON, then the raw little-endian data.</remarks>
public sealed unsafe class SafetensorsFile : IDisposable
{
    // A header above this size is certainly corrupt (real checkpoints have a few tens of kilobytes).
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly Dictionary<string, SafetensorsTensorInfo> _tensors;
    private byte* _base;
    private byte* _data;
    private long _dataLength;

    private SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePtr, long headerLength, long fileLength, Dictionary<string, SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = basePtr;
        _data = basePtr + 8 + headerLength;
        _dataLength = fileLength - 8 - headerLength;
        _tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The path the file was opened from (used in every error message).</summary>
    public string Path { get; }

    /// <summary>All tensors of the header by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _tensors;

    /// <summary>The optional <c>__metadata__</c> string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens and validates a safetensors file.</summary>
    /// <exception cref="SafetensorsFormatException">The file is truncated or its header is invalid.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileLength = new FileInfo(path).Length; // throws FileNotFoundException with the path
        if (fileLength < 8)
        {
            throw new SafetensorsFormatException($"{path}: truncated safetensors file ({fileLength} bytes, the 8-byte header length is missing).");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* ptr = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref ptr);
            acquired = true;
            ptr += view.PointerOffset;

            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(ptr, 8));
            if (headerLength == 0 || headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
            {
                throw new SafetensorsFormatException($"{path}: invalid header length {headerLength} (file has {fileLength} bytes).");
            }

            var dataLength = fileLength - 8 - (long)headerLength;
            var (tensors, metadata) = ParseHeader(path, new ReadOnlySpan<byte>(ptr + 8, (int)headerLength), dataLength);
            return new SafetensorsFile(path, map, view, ptr, (long)headerLength, fileLength, tensors, metadata);
        }
        catch
        {
            if (acquired)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Size in bytes of one element of <paramref name="dtype"/>.</summary>
    public static int ElementSize(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        _ => 1,
    };

    /// <summary>The tensor's header entry.</summary>
    /// <exception cref="SafetensorsFormatException">No tensor of that name.</exception>
    public SafetensorsTensorInfo Get(string name)
    {
        if (!_tensors.TryGetValue(name, out var info))
        {
            throw new SafetensorsFormatException($"{Path}: tensor '{name}' is missing.");
        }

        return info;
    }

    /// <summary>Zero-copy view of an F32 tensor. Valid until the file is disposed.</summary>
    public ReadOnlySpan<float> GetF32(string name)
    {
        var info = Get(name);
        if (info.DType != SafetensorsDType.F32)
        {
            throw new SafetensorsFormatException($"{Path}: tensor '{name}' has dtype {info.DType}, expected F32.");
        }

        return new ReadOnlySpan<float>(DataPointer(info), checked((int)info.ElementCount));
    }

    /// <summary>Pointer to the first data byte of a tensor. Valid until the file is disposed.</summary>
    internal byte* DataPointer(SafetensorsTensorInfo info)
    {
        ObjectDisposedException.ThrowIf(_base == null, this);
        return _data + info.DataBegin;
    }

    /// <summary>Reads a floating-point tensor (F32, F16, BF16 or F64) into a new float array.</summary>
    public float[] ReadAsFloat(string name)
    {
        var info = Get(name);
        var n = checked((int)info.ElementCount);
        var result = GC.AllocateUninitializedArray<float>(n, pinned: true);
        ConvertToFloat(info, result);
        return result;
    }

    /// <summary>Converts a floating-point tensor into <paramref name="destination"/> (length = element count).</summary>
    internal void ConvertToFloat(SafetensorsTensorInfo info, Span<float> destination)
    {
        var p = DataPointer(info);
        var n = destination.Length;
        switch (info.DType)
        {
            case SafetensorsDType.F32:
                new ReadOnlySpan<float>(p, n).CopyTo(destination);
                break;
            case SafetensorsDType.F16:
                var h = new ReadOnlySpan<Half>(p, n);
                for (var i = 0; i < n; i++)
                {
                    destination[i] = (float)h[i];
                }

                break;
            case SafetensorsDType.BF16:
                var b = new ReadOnlySpan<ushort>(p, n);
                for (var i = 0; i < n; i++)
                {
                    // bfloat16 is the upper half of an IEEE float32.
                    destination[i] = BitConverter.Int32BitsToSingle(b[i] << 16);
                }

                break;
            case SafetensorsDType.F64:
                var d = new ReadOnlySpan<double>(p, n);
                for (var i = 0; i < n; i++)
                {
                    destination[i] = (float)d[i];
                }

                break;
            default:
                throw new SafetensorsFormatException($"{Path}: tensor '{info.Name}' has dtype {info.DType}, expected a floating-point dtype.");
        }
    }

    /// <summary>Reads an I64 tensor.</summary>
    public long[] ReadI64(string name)
    {
        var info = Get(name);
        if (info.DType != SafetensorsDType.I64)
        {
            throw new SafetensorsFormatException($"{Path}: tensor '{name}' has dtype {info.DType}, expected I64.");
        }

        return new ReadOnlySpan<long>(DataPointer(info), checked((int)info.ElementCount)).ToArray();
    }

    public void Dispose()
    {
        if (_base != null)
        {
            _view!.SafeMemoryMappedViewHandle.ReleasePointer();
            _base = null;
            _data = null;
            _dataLength = 0;
        }

        _view?.Dispose();
        _map?.Dispose();
    }

    private static (Dictionary<string, SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata) ParseHeader(string path, ReadOnlySpan<byte> header, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' '));
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"{path}: the header is not valid JSON ({e.Message}).", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException($"{path}: the header is not a JSON object.");
            }

            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new SafetensorsFormatException($"{path}: __metadata__ is not an object.");
                    }

                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    }

                    continue;
                }

                if (tensors.ContainsKey(prop.Name))
                {
                    throw new SafetensorsFormatException($"{path}: tensor '{prop.Name}' appears twice in the header.");
                }

                tensors[prop.Name] = ParseEntry(path, prop.Name, prop.Value, dataLength);
            }

            // Non-overlapping: sorted by start, every tensor must begin at or after the previous one's end.
            SafetensorsTensorInfo? previous = null;
            foreach (var t in tensors.Values.Where(t => t.DataEnd > t.DataBegin).OrderBy(t => t.DataBegin))
            {
                if (previous is not null && t.DataBegin < previous.DataEnd)
                {
                    throw new SafetensorsFormatException($"{path}: tensor '{t.Name}' (bytes {t.DataBegin}..{t.DataEnd}) overlaps tensor '{previous.Name}' (bytes {previous.DataBegin}..{previous.DataEnd}).");
                }

                previous = t;
            }

            return (tensors, metadata);
        }
    }

    private static SafetensorsTensorInfo ParseEntry(string path, string name, JsonElement e, long dataLength)
    {
        string Where() => $"{path}: tensor '{name}'";
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException($"{Where()}: header entry is not an object.");
        }

        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
        {
            throw new SafetensorsFormatException($"{Where()}: missing dtype.");
        }

        var dtype = dt.GetString() switch
        {
            "F64" => SafetensorsDType.F64,
            "F32" => SafetensorsDType.F32,
            "F16" => SafetensorsDType.F16,
            "BF16" => SafetensorsDType.BF16,
            "I64" => SafetensorsDType.I64,
            "I32" => SafetensorsDType.I32,
            "I16" => SafetensorsDType.I16,
            "I8" => SafetensorsDType.I8,
            "U8" => SafetensorsDType.U8,
            "BOOL" => SafetensorsDType.Bool,
            var other => throw new SafetensorsFormatException($"{Where()}: unsupported dtype '{other}'."),
        };

        if (!e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsFormatException($"{Where()}: missing shape.");
        }

        var shape = new List<int>();
        long count = 1;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var v) || v < 0)
            {
                throw new SafetensorsFormatException($"{Where()}: invalid shape {sh.GetRawText()}.");
            }

            shape.Add(v);
            count *= v;
            if (count > int.MaxValue)
            {
                throw new SafetensorsFormatException($"{Where()}: shape {sh.GetRawText()} is too large.");
            }
        }

        if (!e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2
            || !off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end))
        {
            throw new SafetensorsFormatException($"{Where()}: missing or invalid data_offsets.");
        }

        if (begin < 0 || end < begin || end > dataLength)
        {
            throw new SafetensorsFormatException($"{Where()}: data_offsets [{begin}, {end}) outside the data section of {dataLength} bytes (truncated or corrupt file).");
        }

        var expected = count * ElementSize(dtype);
        if (end - begin != expected)
        {
            throw new SafetensorsFormatException($"{Where()}: data_offsets span {end - begin} bytes but dtype {dtype} × shape {sh.GetRawText()} needs {expected}.");
        }

        return new SafetensorsTensorInfo(name, dtype, shape, begin, end);
    }
}
