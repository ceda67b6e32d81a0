using Kairos.Kronos.Safetensors;

namespace Kairos.Kronos.Model;

/// <summary>Serves tensors from a <see cref="SafetensorsFile"/>, checking every dtype and shape and, at the end,
/// that the file holds no tensor the architecture does not expect. F32 tensors are zero-copy views;
/// F16/BF16 are converted once into pinned arrays kept alive by this source.</summary>
internal sealed unsafe class SafetensorsTensorSource(SafetensorsFile file) : ITensorSource
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly List<float[]> _converted = [];

    public WeightView Float(string name, int[] shape, TensorInit init)
    {
        var info = Check(name, shape);
        switch (info.DType)
        {
            case SafetensorsDType.F32:
                return new WeightView((float*)file.DataPointer(info), (int)info.ElementCount);
            case SafetensorsDType.F16 or SafetensorsDType.BF16:
                var array = GC.AllocateUninitializedArray<float>((int)info.ElementCount, pinned: true);
                file.ConvertToFloat(info, array);
                _converted.Add(array);
                fixed (float* p = array)
                {
                    // Pinned-heap arrays never move, so the pointer stays valid while _converted holds the array.
                    return new WeightView(p, array.Length);
                }

            default:
                throw new SafetensorsFormatException($"{file.Path}: tensor '{name}' has dtype {info.DType}, expected F32, F16 or BF16.");
        }
    }

    public void Buffer(string name, int[] shape, bool isInt64, double[] expected)
    {
        if (!file.Tensors.ContainsKey(name))
        {
            return; // buffers are recomputable; a checkpoint without them is acceptable
        }

        var info = Check(name, shape);
        var ok = isInt64 ? info.DType == SafetensorsDType.I64 : info.DType is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;
        if (!ok)
        {
            throw new SafetensorsFormatException($"{file.Path}: buffer '{name}' has dtype {info.DType}, expected {(isInt64 ? "I64" : "F32")}.");
        }

        double[] actual = isInt64 ? file.ReadI64(name).Select(v => (double)v).ToArray() : file.ReadAsFloat(name).Select(v => (double)v).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(actual[i] - expected[i]) > 1e-6 * Math.Abs(expected[i]))
            {
                throw new SafetensorsFormatException($"{file.Path}: buffer '{name}'[{i}] is {actual[i]}, expected {expected[i]} from config.json.");
            }
        }
    }

    public void Complete()
    {
        var extra = file.Tensors.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
        {
            throw new SafetensorsFormatException($"{file.Path}: unexpected tensor(s) not in the architecture: {string.Join(", ", extra.Take(10))}{(extra.Count > 10 ? ", …" : "")}.");
        }
    }

    private SafetensorsTensorInfo Check(string name, int[] shape)
    {
        if (!file.Tensors.TryGetValue(name, out var info))
        {
            throw new SafetensorsFormatException($"{file.Path}: tensor '{name}' is missing (expected shape [{string.Join(", ", shape)}]).");
        }

        if (!info.Shape.SequenceEqual(shape))
        {
            throw new SafetensorsFormatException($"{file.Path}: tensor '{name}' has shape {info.ShapeText}, expected [{string.Join(", ", shape)}] from config.json.");
        }

        _used.Add(name);
        return info;
    }
}
