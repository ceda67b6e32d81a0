namespace Kairos.Kronos.Model;

/// <summary>Fills every tensor with seeded pseudo-random values of the right shape (for benchmarks with the real
/// preset shapes when no checkpoint is at hand). Deterministic for a given seed and request order.</summary>
internal sealed unsafe class RandomTensorSource(int seed) : ITensorSource
{
    private readonly Random _random = new(seed);
    private readonly List<float[]> _arrays = [];

    /// <summary>The arrays backing the views; the model keeps this list alive.</summary>
    public IReadOnlyList<float[]> Arrays => _arrays;

    public WeightView Float(string name, int[] shape, TensorInit init)
    {
        var n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }

        var a = GC.AllocateUninitializedArray<float>(n, pinned: true);
        var fanIn = shape.Length >= 2 ? shape[^1] : 1;
        var scale = init switch
        {
            TensorInit.Linear => 1.0 / Math.Sqrt(fanIn),
            TensorInit.Embedding => 1.0 / Math.Sqrt(shape[^1]),
            TensorInit.Bias => 0.02,
            _ => 0.0,
        };
        for (var i = 0; i < n; i++)
        {
            // Uniform with the variance of N(0, scale²): cheaper than Box–Muller and just as good for timing.
            a[i] = init == TensorInit.Ones ? 1f : (float)((_random.NextDouble() * 2 - 1) * scale * 1.7320508075688772);
        }

        _arrays.Add(a);
        fixed (float* p = a)
        {
            return new WeightView(p, n);
        }
    }

    public void Buffer(string name, int[] shape, bool isInt64, double[] expected)
    {
    }

    public void Complete()
    {
    }
}
