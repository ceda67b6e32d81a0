namespace Kairos.Trading.Prediction;

/// <summary>
/// Tier assignment for <see cref="RePredictionRules.Tiered"/>: a held symbol is always <see cref="PredictionTier.High"/>
/// (its exits depend on its forecast) and takes no ranking slot; the others are ranked by score, best first (ties by
/// symbol, ordinal; symbols without a score last), and the first HighTierSize are High, the next MediumTierSize Medium,
/// the rest Low.
/// </summary>
public static class PredictionTiers
{
    public static IReadOnlyDictionary<string, PredictionTier> Assign(IEnumerable<TierCandidate> candidates, RePredictionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var tiers = new Dictionary<string, PredictionTier>(StringComparer.Ordinal);
        var ranked = new List<TierCandidate>();
        foreach (var candidate in candidates)
        {
            ArgumentNullException.ThrowIfNull(candidate);
            var symbol = candidate.Symbol.Trim().ToUpperInvariant();
            if (!tiers.TryAdd(symbol, PredictionTier.High))
            {
                throw new ArgumentException($"{symbol} appears twice.", nameof(candidates));
            }

            if (!candidate.Held)
            {
                ranked.Add(candidate with { Symbol = symbol });
            }
        }

        var order = ranked
            .OrderBy(c => HasScore(c) ? 0 : 1)
            .ThenByDescending(c => HasScore(c) ? c.Score!.Value : 0)
            .ThenBy(c => c.Symbol, StringComparer.Ordinal)
            .ToList();
        for (var rank = 0; rank < order.Count; rank++)
        {
            tiers[order[rank].Symbol] = rank < settings.HighTierSize ? PredictionTier.High
                : rank < settings.HighTierSize + settings.MediumTierSize ? PredictionTier.Medium
                : PredictionTier.Low;
        }

        return tiers;
    }

    private static bool HasScore(TierCandidate c) => c.Score is { } s && !double.IsNaN(s);
}
