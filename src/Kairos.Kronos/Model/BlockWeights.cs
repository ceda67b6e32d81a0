namespace Kairos.Kronos.Model;

/// <summary>One pre-norm TransformerBlock: RMSNorm → self-attention (q/k/v/out with bias, RoPE) → residual,
/// RMSNorm → SwiGLU FFN (w1, w3, w2 bias-free) → residual.</summary>
internal sealed class BlockWeights
{
    public BlockWeights(ITensorSource s, string prefix, int d, int heads, int ff)
    {
        Norm1 = s.Float(prefix + ".norm1.weight", [d], TensorInit.Ones);
        Q = new LinearWeights(s, prefix + ".self_attn.q_proj", d, d, true);
        K = new LinearWeights(s, prefix + ".self_attn.k_proj", d, d, true);
        V = new LinearWeights(s, prefix + ".self_attn.v_proj", d, d, true);
        O = new LinearWeights(s, prefix + ".self_attn.out_proj", d, d, true);
        s.Buffer(prefix + ".self_attn.rotary.inv_freq", [d / heads / 2], false, InvFreq(d / heads));
        Norm2 = s.Float(prefix + ".norm2.weight", [d], TensorInit.Ones);
        W1 = new LinearWeights(s, prefix + ".ffn.w1", d, ff, false);
        W3 = new LinearWeights(s, prefix + ".ffn.w3", d, ff, false);
        W2 = new LinearWeights(s, prefix + ".ffn.w2", ff, d, false);
    }

    public WeightView Norm1 { get; }

    /// <summary>RoPE inverse frequencies 10000^(−2j/hd), j &lt; hd/2 (the persistent inv_freq buffer).</summary>
    internal static double[] InvFreq(int hd) => Enumerable.Range(0, hd / 2).Select(j => 1.0 / Math.Pow(10000, 2.0 * j / hd)).ToArray();

    public LinearWeights Q { get; }

    public LinearWeights K { get; }

    public LinearWeights V { get; }

    public LinearWeights O { get; }

    public WeightView Norm2 { get; }

    public LinearWeights W1 { get; }

    public LinearWeights W3 { get; }

    public LinearWeights W2 { get; }
}
