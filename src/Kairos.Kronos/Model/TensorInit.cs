namespace Kairos.Kronos.Model;

/// <summary>How <see cref="RandomTensorSource"/> fills a tensor.</summary>
internal enum TensorInit
{
    /// <summary>Linear weight: N(0, 1/fan_in)-like scale.</summary>
    Linear,

    /// <summary>Bias: small values.</summary>
    Bias,

    /// <summary>RMSNorm weight: ones.</summary>
    Ones,

    /// <summary>Embedding table: N(0, d^-1/2).</summary>
    Embedding,
}
