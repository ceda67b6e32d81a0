namespace Kairos.Trading.Execution;

/// <summary>
/// Sizing and exposure limits (spec §7.1–§7.2). Fractions are of the account's equity at decision time.
/// </summary>
public sealed record RiskSettings
{
    /// <summary>The leverage floor the threshold never drops below (spec §7.2's hard-coded 2.0).</summary>
    public const decimal BaseRiskThreshold = 2.0m;

    /// <summary><c>GLOBAL_MAX_GROSS_LEVERAGE</c>: the risk threshold on a day whose P&amp;L is not negative.</summary>
    public decimal MaxGrossLeverage { get; init; } = 2.0m;

    /// <summary>Crypto entry notional as a fraction of equity (spec: equity / 2).</summary>
    public decimal CryptoEquityFraction { get; init; } = 0.5m;

    /// <summary><c>MAX_SYMBOL_EXPOSURE_PCT</c>: one symbol's position plus its open entry orders may not exceed this.</summary>
    public decimal MaxSymbolExposure { get; init; } = 0.60m;

    /// <summary><c>MAX_TOTAL_EXPOSURE_PCT</c>: all positions plus all open entry orders may not exceed this.</summary>
    public decimal MaxGrossExposure { get; init; } = 1.20m;

    /// <summary>
    /// The risk threshold that scales equity sizing: <c>max(2, MaxGrossLeverage)</c> when the day's P&amp;L
    /// (equity − last equity) is ≥ 0, else 2.
    /// </summary>
    public decimal RiskThreshold(decimal dayPnl) => dayPnl >= 0m ? Math.Max(BaseRiskThreshold, MaxGrossLeverage) : BaseRiskThreshold;

    /// <summary>Throws when a limit is out of range; called once where the settings are built.</summary>
    public RiskSettings Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGrossLeverage);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CryptoEquityFraction);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSymbolExposure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGrossExposure);
        return this;
    }
}
