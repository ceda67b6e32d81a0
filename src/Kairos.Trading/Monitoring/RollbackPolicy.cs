using System.Globalization;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// Compares a candidate (an optimised configuration, or the running bot) with a stored baseline against the
/// <see cref="RollbackThresholds"/>. Pure: <c>kairos compare</c> prints its verdict; the bot switches itself to the
/// conservative configuration (cache off, full re-prediction, default optimiser budgets) when it says so, and records why.
/// </summary>
public static class RollbackPolicy
{
    public static RollbackVerdict Evaluate(HealthSnapshot baseline, HealthSnapshot candidate, RollbackThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(thresholds);
        thresholds.Validate();
        var triggers = new List<string>();
        var checks = new List<string>();

        if (double.IsFinite(baseline.Sharpe) && double.IsFinite(candidate.Sharpe))
        {
            var drop = baseline.Sharpe - candidate.Sharpe;
            var scale = Math.Abs(baseline.Sharpe);
            var relative = scale > 1e-12 ? drop / scale : (drop > 0 ? double.PositiveInfinity : 0);
            var text = F($"Sharpe {baseline.Sharpe:0.###} -> {candidate.Sharpe:0.###} ({-relative:+0.0%;-0.0%;0.0%})");
            (relative > thresholds.MaxSharpeDrop ? triggers : checks).Add(relative > thresholds.MaxSharpeDrop ? F($"{text}, more than the {thresholds.MaxSharpeDrop:0.#%} allowed") : text);
        }
        else
        {
            checks.Add("Sharpe not comparable (no returns)");
        }

        if (double.IsFinite(baseline.WinRate) && double.IsFinite(candidate.WinRate) && baseline.Trades > 0 && candidate.Trades > 0)
        {
            var points = baseline.WinRate - candidate.WinRate;
            var text = F($"win rate {baseline.WinRate:0.0%} -> {candidate.WinRate:0.0%}");
            (points > thresholds.MaxWinRateDrop + 1e-12 ? triggers : checks).Add(points > thresholds.MaxWinRateDrop + 1e-12 ? F($"{text}, down {points * 100:0.0} points (more than {thresholds.MaxWinRateDrop * 100:0.#})") : text);
        }
        else
        {
            checks.Add("win rate not comparable (no closed trades)");
        }

        if (candidate.CacheLookups >= thresholds.MinCacheLookups)
        {
            var text = F($"cache hit rate {candidate.CacheHitRate:0.0%} of {candidate.CacheLookups} lookups");
            (candidate.CacheHitRate < thresholds.MinCacheHitRate ? triggers : checks).Add(candidate.CacheHitRate < thresholds.MinCacheHitRate ? F($"{text}, under {thresholds.MinCacheHitRate:0%}") : text);
        }

        if (candidate.MemoryFailures is null || baseline.MemoryFailures is null)
        {
            checks.Add("memory failures not measured");
        }
        else if (candidate.MemoryFailures > baseline.MemoryFailures)
        {
            triggers.Add(F($"memory failures up: {baseline.MemoryFailures} -> {candidate.MemoryFailures}"));
        }
        else
        {
            checks.Add(F($"memory failures {candidate.MemoryFailures}"));
        }

        return new RollbackVerdict(triggers, checks);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
