namespace Kairos.Trading.Execution;

/// <summary>The spec's watcher, ramp and back-out constants (§6.4–§6.7), typed; defaults are the spec's.</summary>
public sealed record WatcherSettings
{
    /// <summary>Entry waits until |reference − limit| / limit is at most this.</summary>
    public decimal EntryTolerance { get; init; } = 0.0066m;

    /// <summary>The entry tolerance for crypto while the NYSE is closed.</summary>
    public decimal CryptoOffHoursEntryTolerance { get; init; } = 0.02m;

    /// <summary>A resting exit order within this relative distance of the take-profit is kept.</summary>
    public decimal ExitReuseTolerance { get; init; } = 0.001m;

    /// <summary>Orders older than this are cancelled and replaced.</summary>
    public TimeSpan StaleOrderAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Consecutive rejections after which a watcher gives up.</summary>
    public int MaxConsecutiveFailures { get; init; } = 5;

    /// <summary>Share of the broker's "available" amount an insufficient-funds retry asks for.</summary>
    public decimal FundsRetryFraction { get; init; } = 0.99m;

    /// <summary>Equity watchers live at least this long past their creation.</summary>
    public TimeSpan MinimumEquityExpiry { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Crypto watchers expire at this US/Eastern time of day …</summary>
    public TimeOnly CryptoExpiryTime { get; init; } = new(22, 0);

    /// <summary>… the first one at least this far away.</summary>
    public TimeSpan CryptoMinimumExpiry { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Ramps and back-outs reach their far price after this long.</summary>
    public TimeSpan RampDuration { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Crypto ramps start this fraction outside the quote (buy below the bid, sell above the ask).</summary>
    public decimal CryptoRampOffset { get; init; } = 0.0004m;

    /// <summary>Back-out start: this fraction on the passive side of the quote (long: above the bid).</summary>
    public decimal BackoutStartOffset { get; init; } = 0.003m;

    /// <summary>Back-out target while the close is at least <see cref="BackoutCloseBuffer"/> away (a soft cross).</summary>
    public decimal BackoutSoftCross { get; init; } = -0.004m;

    /// <summary>Back-out target at the close, for crypto, and when there is no close (the final cross).</summary>
    public decimal BackoutFinalCross { get; init; } = -0.02m;

    /// <summary>Inside this window before the close the back-out target moves from the soft to the final cross.</summary>
    public TimeSpan BackoutCloseBuffer { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Equity back-outs may switch to a market order after this long …</summary>
    public TimeSpan BackoutMarketAfter { get; init; } = TimeSpan.FromMinutes(80);

    /// <summary>… or this close to the close …</summary>
    public TimeSpan BackoutCloseForce { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>… and only while the spread, relative to the mid, is at most this.</summary>
    public decimal MarketOrderMaxSpread { get; init; } = 0.01m;
}
