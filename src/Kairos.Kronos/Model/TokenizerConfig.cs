using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kairos.Kronos.Model;

/// <summary>KronosTokenizer hyper-parameters, field names exactly as the hub's <c>config.json</c>.
/// The loss weights (beta, gamma0, gamma, zeta) and dropouts are read but unused at inference.</summary>
public sealed record TokenizerConfig
{
    [JsonPropertyName("d_in")] public int DIn { get; init; } = 6;
    [JsonPropertyName("d_model")] public int DModel { get; init; }
    [JsonPropertyName("n_heads")] public int NHeads { get; init; }
    [JsonPropertyName("ff_dim")] public int FfDim { get; init; }
    [JsonPropertyName("n_enc_layers")] public int NEncLayers { get; init; }
    [JsonPropertyName("n_dec_layers")] public int NDecLayers { get; init; }
    [JsonPropertyName("ffn_dropout_p")] public double FfnDropoutP { get; init; }
    [JsonPropertyName("attn_dropout_p")] public double AttnDropoutP { get; init; }
    [JsonPropertyName("resid_dropout_p")] public double ResidDropoutP { get; init; }
    [JsonPropertyName("s1_bits")] public int S1Bits { get; init; }
    [JsonPropertyName("s2_bits")] public int S2Bits { get; init; }
    [JsonPropertyName("beta")] public double Beta { get; init; }
    [JsonPropertyName("gamma0")] public double Gamma0 { get; init; }
    [JsonPropertyName("gamma")] public double Gamma { get; init; }
    [JsonPropertyName("zeta")] public double Zeta { get; init; }
    [JsonPropertyName("group_size")] public int GroupSize { get; init; }

    /// <summary>K = s1_bits + s2_bits, the width of the binary code.</summary>
    [JsonIgnore] public int CodeBits => S1Bits + S2Bits;

    /// <summary>Head width d_model / n_heads.</summary>
    [JsonIgnore] public int HeadDim => DModel / NHeads;

    /// <summary>Kronos-Tokenizer-base (used with Kronos-small and -base).</summary>
    public static TokenizerConfig Base { get; } = new()
    {
        DIn = 6,
        DModel = 256,
        NHeads = 4,
        FfDim = 512,
        NEncLayers = 4,
        NDecLayers = 4,
        S1Bits = 10,
        S2Bits = 10,
        Beta = 0.05,
        Gamma0 = 1.0,
        Gamma = 1.1,
        Zeta = 0.05,
        GroupSize = 4,
    };

    /// <summary>Kronos-Tokenizer-2k (used with Kronos-mini): identical shapes, group_size 5.</summary>
    public static TokenizerConfig TwoK { get; } = Base with { GroupSize = 5 };

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static TokenizerConfig Load(string path)
    {
        var c = KronosConfig.Deserialize<TokenizerConfig>(path);
        c.Validate(path);
        return c;
    }

    /// <summary>Checks the values the engine relies on; <paramref name="source"/> names the file in messages.</summary>
    public void Validate(string source)
    {
        KronosConfig.Require(DIn == 6, source, $"d_in must be 6 (open, high, low, close, volume, amount), got {DIn}");
        KronosConfig.Require(DModel > 0 && NHeads > 0 && DModel % NHeads == 0 && HeadDim % 2 == 0, source, $"d_model {DModel} must be a positive multiple of n_heads {NHeads} with an even head size");
        KronosConfig.Require(FfDim > 0, source, $"ff_dim must be positive, got {FfDim}");
        KronosConfig.Require(NEncLayers >= 1 && NDecLayers >= 1, source, "n_enc_layers and n_dec_layers must be at least 1");
        KronosConfig.Require(S1Bits is > 0 and <= 16 && S2Bits is > 0 and <= 16, source, "s1_bits and s2_bits must be in 1..16");
        KronosConfig.Require(S1Bits == S2Bits, source, "half-mode decode requires s1_bits == s2_bits");
        KronosConfig.Require(GroupSize > 0 && CodeBits % GroupSize == 0, source, $"group_size {GroupSize} must divide s1_bits + s2_bits");
    }
}
