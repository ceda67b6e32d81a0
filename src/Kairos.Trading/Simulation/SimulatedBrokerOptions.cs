using Kairos.Core;

namespace Kairos.Trading.Simulation;

/// <summary>Account terms of a <see cref="SimulatedBroker"/>. Fees and spreads come from the market's cost model.</summary>
public sealed record SimulatedBrokerOptions
{
    public decimal InitialCash { get; init; } = 100_000m;

    /// <summary>Equity margin multiplier: equity buying power = multiplier × equity − gross exposure − reserved.</summary>
    public decimal Multiplier { get; init; } = 2m;

    /// <summary>Yearly interest on the margin loan (negative cash) and on the notional of short positions; Actual/365 per second.</summary>
    public decimal FinancingRate { get; init; } = 0.065m;

    /// <summary>The largest share of a session's bar volume the account may trade in that session (per instrument).</summary>
    public decimal ParticipationRate { get; init; } = 0.10m;

    /// <summary>The longest step of the market walk; financing is evaluated at the start of each step.</summary>
    public TimeSpan MaxStep { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The calendar whose session closes end an account day (post financing, set LastEquity): NYSE by default; the 24/7 calendar (UTC midnight) suits a crypto-only book.</summary>
    public IExchangeCalendar AccountCalendar { get; init; } = NyseCalendar.Instance;

    public SlippageModel Slippage { get; init; } = new();

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(InitialCash, nameof(InitialCash));
        ArgumentOutOfRangeException.ThrowIfLessThan(Multiplier, 1m, nameof(Multiplier));
        ArgumentOutOfRangeException.ThrowIfNegative(FinancingRate, nameof(FinancingRate));
        if (ParticipationRate is <= 0m or > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(ParticipationRate), ParticipationRate, "must lie in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxStep, TimeSpan.Zero, nameof(MaxStep));
        ArgumentNullException.ThrowIfNull(AccountCalendar, nameof(AccountCalendar));
        ArgumentNullException.ThrowIfNull(Slippage, nameof(Slippage));
    }
}
