namespace Kairos.Backtesting.Optimization;

/// <summary>
/// Why <see cref="Direct.Minimize"/> stopped. The numeric values are SciPy's <c>status</c> codes
/// (<c>scipy.optimize.direct</c>), so a result can be compared with SciPy's one to one.
/// Positive values 3–5 are SciPy's "success" codes, 1–2 are budget stops, negatives are DIRECT's
/// internal limits. Argument errors (SciPy codes -1 to -3, -101) are thrown as
/// <see cref="ArgumentException"/> at entry instead of being returned.
/// </summary>
public enum DirectStatus
{
    /// <summary>DIRECT's depth limit (maxiter + 1000 levels) or its 5000-entry selection list was exhausted.</summary>
    MaxLevelsReached = -6,

    /// <summary>The rectangle store (1.5·maxfun + 1000 entries, as in SciPy) ran out while sampling.</summary>
    SamplePointsError = -4,

    /// <summary>More evaluations were done than the (SciPy-adjusted) budget.</summary>
    MaxEvaluationsExceeded = 1,

    /// <summary>The iteration limit was reached.</summary>
    MaxIterationsExceeded = 2,

    /// <summary>The best value is within the relative tolerance of the known target value.</summary>
    TargetValueReached = 3,

    /// <summary>The rectangle holding the best point has a normalised volume at or below the tolerance.</summary>
    VolumeToleranceReached = 4,

    /// <summary>The rectangle holding the best point has a side-length measure at or below the tolerance.</summary>
    LengthToleranceReached = 5,
}
