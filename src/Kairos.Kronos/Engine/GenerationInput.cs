namespace Kairos.Kronos.Engine;

/// <summary>Normalised inputs of one autoregressive run (kronos-spec.md §4.3) for B series of equal length.</summary>
/// <param name="X">Per series [N, 6], normalised and clipped.</param>
/// <param name="XStamp">Per series [N, 5] time features of the input bars.</param>
/// <param name="YStamp">Per series [P, 5] time features of the bars to generate.</param>
/// <param name="Length">N.</param>
/// <param name="PredLen">P.</param>
/// <param name="MaxContext">W_max, the transformer window.</param>
/// <param name="Samples">S, sample paths per series (rows b·S + s).</param>
internal sealed record GenerationInput(float[][] X, float[][] XStamp, float[][] YStamp, int Length, int PredLen, int MaxContext, int Samples)
{
    public int Series => X.Length;

    public int Rows => X.Length * Samples;

    /// <summary>Stamp row t of the full (input then future) sequence of series b.</summary>
    public ReadOnlySpan<float> Stamp(int b, int t) => t < Length ? XStamp[b].AsSpan(t * 5, 5) : YStamp[b].AsSpan((t - Length) * 5, 5);
}
