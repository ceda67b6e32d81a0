namespace Kairos.Trading.Cycle;

/// <summary>Position-management settings of the cycle (spec §1.4, §1.5, §7.3).</summary>
public sealed record CycleSettings
{
    /// <summary>After a losing trade the next entry of that symbol and side is a minimum-size probe (MARKETSIM_ENABLE_PROBE_TRADES).</summary>
    public bool EnableProbeTrades { get; init; }

    /// <summary>A probe position older than this is closed.</summary>
    public TimeSpan ProbeMaxAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Per-symbol maximum holding time (MARKETSIM_SYMBOL_MAX_HOLD_SECONDS_MAP).</summary>
    public IReadOnlyDictionary<string, TimeSpan> MaxHold { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>The best maxdiff-always-on picks by average return that enter at once (MAXDIFF_ALWAYS_ON_PRIORITY_LIMIT).</summary>
    public int AlwaysOnPriorityLimit { get; init; } = 2;

    /// <summary>Outside NYSE hours the best crypto picks by forecast enter at once.</summary>
    public int CryptoForceImmediateRank { get; init; } = 2;

    public void Validate()
    {
        if (ProbeMaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ProbeMaxAge), ProbeMaxAge, "The probe age limit must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(AlwaysOnPriorityLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(CryptoForceImmediateRank);
        foreach (var (symbol, hold) in MaxHold)
        {
            if (hold <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxHold), hold, $"Max hold for {symbol} must be positive.");
            }
        }
    }
}
