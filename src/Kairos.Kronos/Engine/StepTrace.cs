namespace Kairos.Kronos.Engine;

/// <summary>What one autoregressive step saw and chose, for parity tests (logits before temperature/filtering).</summary>
/// <param name="Step">i.</param>
/// <param name="WindowLength">W = min(N + i, W_max).</param>
/// <param name="S1Logits">[R, V1] last-position s1 logits.</param>
/// <param name="S1">[R] chosen s1.</param>
/// <param name="S2Logits">[R, V2] s2 logits given the chosen s1.</param>
/// <param name="S2">[R] chosen s2.</param>
internal sealed record StepTrace(int Step, int WindowLength, float[] S1Logits, int[] S1, float[] S2Logits, int[] S2);
