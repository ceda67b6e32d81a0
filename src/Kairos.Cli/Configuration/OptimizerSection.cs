using Kairos.Backtesting.Optimization;

namespace Kairos.Cli.Configuration;

/// <summary>
/// Bounds of the strategy optimisers (optimisation plan 2.2; <c>OPTIMIZER_MAX_ITER</c>, <c>OPTIMIZER_TOLERANCE</c>).
/// <see cref="MaxEvaluations"/> is a ceiling on objective evaluations per optimisation: DIRECT's budget (pctdiff, 720 by
/// default) is lowered to it, and the maxdiff grid's points per axis are scaled down until Σ steps² fits (1,459 by
/// default). <see cref="Tolerance"/> is DIRECT's Jones epsilon and the grid's smallest half-window; both default to 1e-4,
/// so the defaults leave the optimisers exactly as they are.
/// </summary>
internal sealed record OptimizerSection
{
    /// <summary>Three grid stages of at least 2 × 2 points each.</summary>
    public const int MinEvaluations = 12;

    public const int MaxEvaluationsLimit = 1_000_000;

    public const double MaxTolerance = 0.01;

    /// <summary>Evaluations per optimisation; null leaves each optimiser's own budget.</summary>
    public int? MaxEvaluations { get; init; }

    public double Tolerance { get; init; } = 1e-4;

    /// <summary>The grid with its stages shrunk (each axis by √(budget / evaluations), at least 2 points) to fit the budget.</summary>
    public GridSearchOptions Bound(GridSearchOptions grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var bounded = grid with { MinWindow = Tolerance };
        if (MaxEvaluations is not { } budget || grid.EvaluationsPerSearch <= budget)
        {
            return bounded;
        }

        var scale = Math.Sqrt((double)budget / grid.EvaluationsPerSearch);
        var steps = grid.Steps.Select(s => Math.Max(2, (int)Math.Floor(s * scale))).ToArray();

        // Flooring each axis already fits the budget in almost every case; the loop covers the floor of 2 pushing it over.
        while (steps.Sum(s => s * s) > budget && steps.Max() > 2)
        {
            steps[Array.IndexOf(steps, steps.Max())]--;
        }

        return bounded with { Steps = steps };
    }

    /// <summary>DIRECT with <c>eps</c> = tolerance and <c>maxfun</c> lowered to the budget.</summary>
    public DirectOptions Bound(DirectOptions direct)
    {
        ArgumentNullException.ThrowIfNull(direct);
        var budget = MaxEvaluations is { } max ? Math.Min(max, direct.MaxEvaluations ?? max) : direct.MaxEvaluations;
        return direct with { Eps = Tolerance, MaxEvaluations = budget };
    }

    public void Validate()
    {
        if (MaxEvaluations is < MinEvaluations or > MaxEvaluationsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEvaluations), MaxEvaluations, $"optimizer.maxEvaluations must be null (no bound) or lie between {MinEvaluations} and {MaxEvaluationsLimit}.");
        }

        if (!(Tolerance is > 0 and <= MaxTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"optimizer.tolerance must be greater than 0 and at most {MaxTolerance}.");
        }
    }
}
