using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kairos.Kronos.Model;

/// <summary>Kronos (autoregressive model) hyper-parameters, field names exactly as the hub's <c>config.json</c>.
/// Dropouts are read but inference always runs with eval semantics (no dropout).</summary>
public sealed record KronosConfig
{
    private static readonly JsonSerializerOptions JsonOptions = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    [JsonPropertyName("s1_bits")] public int S1Bits { get; init; }
    [JsonPropertyName("s2_bits")] public int S2Bits { get; init; }
    [JsonPropertyName("n_layers")] public int NLayers { get; init; }
    [JsonPropertyName("d_model")] public int DModel { get; init; }
    [JsonPropertyName("n_heads")] public int NHeads { get; init; }
    [JsonPropertyName("ff_dim")] public int FfDim { get; init; }
    [JsonPropertyName("ffn_dropout_p")] public double FfnDropoutP { get; init; }
    [JsonPropertyName("attn_dropout_p")] public double AttnDropoutP { get; init; }
    [JsonPropertyName("resid_dropout_p")] public double ResidDropoutP { get; init; }
    [JsonPropertyName("token_dropout_p")] public double TokenDropoutP { get; init; }
    [JsonPropertyName("learn_te")] public bool LearnTe { get; init; } = true;

    /// <summary>Head width d_model / n_heads.</summary>
    [JsonIgnore] public int HeadDim => DModel / NHeads;

    /// <summary>Coarse vocabulary 2^s1_bits.</summary>
    [JsonIgnore] public int V1 => 1 << S1Bits;

    /// <summary>Fine vocabulary 2^s2_bits.</summary>
    [JsonIgnore] public int V2 => 1 << S2Bits;

    /// <summary>The dependency layer always has 4 heads (independent of n_heads).</summary>
    public const int DepHeads = 4;

    /// <summary>Kronos-mini (context 2048, Tokenizer-2k).</summary>
    public static KronosConfig Mini { get; } = new() { S1Bits = 10, S2Bits = 10, NLayers = 4, DModel = 256, NHeads = 4, FfDim = 512, FfnDropoutP = 0.2, ResidDropoutP = 0.2 };

    /// <summary>Kronos-small (context 512, Tokenizer-base).</summary>
    public static KronosConfig Small { get; } = new() { S1Bits = 10, S2Bits = 10, NLayers = 8, DModel = 512, NHeads = 8, FfDim = 1024, AttnDropoutP = 0.1, FfnDropoutP = 0.25, ResidDropoutP = 0.25, TokenDropoutP = 0.1 };

    /// <summary>Kronos-base (context 512, Tokenizer-base).</summary>
    public static KronosConfig Base { get; } = new() { S1Bits = 10, S2Bits = 10, NLayers = 12, DModel = 832, NHeads = 16, FfDim = 2048, FfnDropoutP = 0.2, ResidDropoutP = 0.2 };

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static KronosConfig Load(string path)
    {
        var c = Deserialize<KronosConfig>(path);
        c.Validate(path);
        return c;
    }

    /// <summary>Checks the values the engine relies on; <paramref name="source"/> names the file in messages.</summary>
    public void Validate(string source)
    {
        Require(DModel > 0 && NHeads > 0 && DModel % NHeads == 0 && HeadDim % 2 == 0, source, $"d_model {DModel} must be a positive multiple of n_heads {NHeads} with an even head size");
        Require(DModel % (2 * DepHeads) == 0, source, $"d_model {DModel} must be a multiple of 8 (4 dependency-layer heads with an even head size)");
        Require(NLayers >= 1 && FfDim > 0, source, "n_layers and ff_dim must be positive");
        Require(S1Bits is > 0 and <= 16 && S2Bits is > 0 and <= 16, source, "s1_bits and s2_bits must be in 1..16");
    }

    internal static T Deserialize<T>(string path)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid config.json ({e.Message}).", e);
        }

        return value ?? throw new InvalidDataException($"{path}: config.json is empty.");
    }

    internal static void Require(bool condition, string source, string message)
    {
        if (!condition)
        {
            throw new InvalidDataException($"{source}: {message}.");
        }
    }
}
