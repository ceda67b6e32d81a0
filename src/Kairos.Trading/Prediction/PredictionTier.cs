namespace Kairos.Trading.Prediction;

/// <summary>How often a symbol is re-predicted under <see cref="RePredictionRules.Tiered"/>; see <see cref="PredictionTiers"/>.</summary>
public enum PredictionTier
{
    /// <summary>Held positions and the best-ranked candidates: every cycle.</summary>
    High,

    /// <summary>The next candidates by rank: every <see cref="RePredictionSettings.MediumTierEvery"/> cycles.</summary>
    Medium,

    /// <summary>Everything else: every <see cref="RePredictionSettings.LowTierEvery"/> cycles.</summary>
    Low,
}
