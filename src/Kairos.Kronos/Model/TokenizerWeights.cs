namespace Kairos.Kronos.Model;

/// <summary>All KronosTokenizer tensors. Note the reference's off-by-one: n_enc_layers − 1 encoder and
/// n_dec_layers − 1 decoder blocks.</summary>
internal sealed class TokenizerWeights
{
    public TokenizerWeights(ITensorSource s, TokenizerConfig c)
    {
        int d = c.DModel, k = c.CodeBits;
        Embed = new LinearWeights(s, "embed", c.DIn, d, true);
        Encoder = Enumerable.Range(0, c.NEncLayers - 1).Select(i => new BlockWeights(s, $"encoder.{i}", d, c.NHeads, c.FfDim)).ToArray();
        QuantEmbed = new LinearWeights(s, "quant_embed", d, k, true);
        s.Buffer("tokenizer.bsq.basis", [k], true, PowersOfTwoDescending(k));
        s.Buffer("tokenizer.bsq.group_basis", [c.GroupSize], true, PowersOfTwoDescending(c.GroupSize));
        PostQuantEmbedPre = new LinearWeights(s, "post_quant_embed_pre", c.S1Bits, d, true);
        PostQuantEmbed = new LinearWeights(s, "post_quant_embed", k, d, true);
        Decoder = Enumerable.Range(0, c.NDecLayers - 1).Select(i => new BlockWeights(s, $"decoder.{i}", d, c.NHeads, c.FfDim)).ToArray();
        Head = new LinearWeights(s, "head", d, c.DIn, true);
        s.Complete();
    }

    public LinearWeights Embed { get; }

    /// <summary>[2^(n−1), …, 2, 1] — the BSQ basis buffers (MSB-first; training metrics only).</summary>
    private static double[] PowersOfTwoDescending(int n) => Enumerable.Range(0, n).Select(i => Math.Pow(2, n - 1 - i)).ToArray();

    public BlockWeights[] Encoder { get; }

    public LinearWeights QuantEmbed { get; }

    /// <summary>Training-only path (reconstruction from s1 bits); loaded so the checkpoint is checked completely.</summary>
    public LinearWeights PostQuantEmbedPre { get; }

    public LinearWeights PostQuantEmbed { get; }

    public BlockWeights[] Decoder { get; }

    public LinearWeights Head { get; }
}
