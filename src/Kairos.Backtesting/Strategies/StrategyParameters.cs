namespace Kairos.Backtesting.Strategies;

/// <summary>
/// Optimised order-level parameters of a simulation. Maxdiff family: additive offsets to the close-relative predicted
/// high and low and the exit variant. Pctdiff: multipliers of the predicted levels and the take-profit percentages.
/// </summary>
public sealed record StrategyParameters
{
    public double HighOffset { get; init; }

    public double LowOffset { get; init; }

    public bool CloseAtEod { get; init; }

    public double HighMultiplier { get; init; }

    public double LowMultiplier { get; init; }

    public double PctLong { get; init; }

    public double PctShort { get; init; }

    /// <summary>Objective evaluations spent finding these parameters.</summary>
    public int Evaluations { get; init; }
}
