using Kairos.Trading.Monitoring;

namespace Kairos.Trading.Cycle;

/// <summary>
/// The bot's rollback triggers (optimisation plan "Rollback Triggers", docs/monitoring.md): once per trading day the run's
/// health — Sharpe and win rate so far, the forecast cache's hit rate over the day, memory failures — is compared with a
/// stored <see cref="Baseline"/>; when a trigger fires the bot switches itself to the conservative configuration for the
/// rest of the run, records why and says so in its log and report.
/// </summary>
public sealed record RollbackGuard
{
    /// <summary>The health of a run the current configuration must not fall behind (from an earlier run's report).</summary>
    public required HealthSnapshot Baseline { get; init; }

    /// <summary>Names the baseline in the log and report (the report file it came from).</summary>
    public string BaselineName { get; init; } = "baseline";

    public RollbackThresholds Thresholds { get; init; } = new();

    /// <summary>
    /// Closed trades the run needs before its Sharpe and win rate are judged: a handful of trades says nothing about a
    /// configuration, and an early loss must not roll a good one back.
    /// </summary>
    public int MinTrades { get; init; } = 10;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Baseline);
        Thresholds.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(MinTrades);
    }
}
