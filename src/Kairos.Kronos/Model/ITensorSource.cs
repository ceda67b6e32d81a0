namespace Kairos.Kronos.Model;

/// <summary>Where weights come from: a checkpoint file (validated) or a seeded random initialiser (benchmarks).</summary>
internal interface ITensorSource
{
    /// <summary>A float tensor of exactly <paramref name="shape"/>; <paramref name="init"/> says how a random source fills it.</summary>
    WeightView Float(string name, int[] shape, TensorInit init);

    /// <summary>A buffer that is a deterministic function of the config (inv_freq, BSQ basis): checked against
    /// <paramref name="expected"/> if present (shape, dtype and values), never used.</summary>
    void Buffer(string name, int[] shape, bool isInt64, double[] expected);

    /// <summary>Called after every tensor was requested: a file source rejects tensors nobody asked for.</summary>
    void Complete();
}
