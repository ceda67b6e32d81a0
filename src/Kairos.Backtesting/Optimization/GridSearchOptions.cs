namespace Kairos.Backtesting.Optimization;

/// <summary>Settings of the multi-stage grid search (spec §4.8): points per axis at each stage, window shrink, minimum window.</summary>
public sealed record GridSearchOptions
{
    public IReadOnlyList<int> Steps { get; init; } = [33, 17, 9];

    /// <summary>Each stage's window is this fraction of the previous one, centred on the stage's best point.</summary>
    public double Shrink { get; init; } = 0.6;

    /// <summary>The smallest half-window a stage may shrink to.</summary>
    public double MinWindow { get; init; } = 1e-4;

    /// <summary>Evaluations per full search: Σ steps².</summary>
    public int EvaluationsPerSearch => Steps.Sum(s => s * s);

    public void Validate()
    {
        if (Steps.Count == 0 || Steps.Any(s => s < 2 || s > 1024))
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), "Every grid stage needs between 2 and 1024 points per axis.");
        }

        if (!(Shrink > 0 && Shrink <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Shrink), Shrink, "Shrink must lie in (0, 1].");
        }

        if (!(MinWindow > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MinWindow), MinWindow, "MinWindow must be positive.");
        }
    }
}
