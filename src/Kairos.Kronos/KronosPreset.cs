namespace Kairos.Kronos;

/// <summary>Released Kronos checkpoints (shapes from kronos-spec.md §5).</summary>
public enum KronosPreset
{
    /// <summary>Kronos-mini: d 256, 4 layers, 4 heads, ff 512, with Kronos-Tokenizer-2k; context 2048.</summary>
    Mini,

    /// <summary>Kronos-small: d 512, 8 layers, 8 heads, ff 1024, with Kronos-Tokenizer-base; context 512.</summary>
    Small,

    /// <summary>Kronos-base: d 832, 12 layers, 16 heads, ff 2048, with Kronos-Tokenizer-base; context 512.</summary>
    Base,
}
