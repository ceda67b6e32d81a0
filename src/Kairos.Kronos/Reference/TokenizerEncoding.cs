namespace Kairos.Kronos.Reference;

/// <summary>Tokenizer encode result with the intermediates the golden tests compare.</summary>
/// <param name="EncoderOut">[T, d] after the encoder blocks.</param>
/// <param name="QuantEmbedOut">[T, K] before normalisation.</param>
/// <param name="L2Normalized">[T, K].</param>
/// <param name="S1">[T] coarse ids.</param>
/// <param name="S2">[T] fine ids.</param>
internal sealed record TokenizerEncoding(float[] EncoderOut, float[] QuantEmbedOut, float[] L2Normalized, int[] S1, int[] S2);
