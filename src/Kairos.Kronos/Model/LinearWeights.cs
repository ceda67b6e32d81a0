namespace Kairos.Kronos.Model;

/// <summary>PyTorch Linear(in→out): <see cref="Weight"/> is [out, in] row-major, y = x·Wᵀ + bias.</summary>
internal sealed class LinearWeights
{
    public LinearWeights(ITensorSource source, string prefix, int inFeatures, int outFeatures, bool bias)
    {
        In = inFeatures;
        Out = outFeatures;
        Weight = source.Float(prefix + ".weight", [outFeatures, inFeatures], TensorInit.Linear);
        Bias = bias ? source.Float(prefix + ".bias", [outFeatures], TensorInit.Bias) : null;
    }

    public int In { get; }

    public int Out { get; }

    /// <summary>[Out, In].</summary>
    public WeightView Weight { get; }

    /// <summary>[Out], or null for a bias-free projection.</summary>
    public WeightView? Bias { get; }
}
