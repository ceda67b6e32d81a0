namespace Kairos.Backtesting.Optimization;

/// <summary>
/// Settings of <see cref="Direct.Minimize"/>. Names and defaults are those of
/// <c>scipy.optimize.direct</c> (SciPy ≥ 1.9): <c>eps</c>, <c>maxfun</c>, <c>maxiter</c>,
/// <c>locally_biased</c>, <c>vol_tol</c>, <c>len_tol</c>, <c>f_min</c>, <c>f_min_rtol</c>.
/// </summary>
public sealed record DirectOptions
{
    /// <summary>
    /// Jones' epsilon: a rectangle is potentially optimal only if it could improve on the best value
    /// by at least <c>Eps·|fmin|</c>. Smaller is more local. A negative value switches on Jones'
    /// adaptive rule <c>eps = max(1e-4·|fmin|, |Eps|)</c>, as in the Fortran original.
    /// </summary>
    public double Eps { get; init; } = 1e-4;

    /// <summary>
    /// SciPy's <c>maxfun</c>; <c>null</c> means <c>1000·N</c>. Approximate: the run stops after the
    /// iteration in which the count first exceeds the budget (SciPy rounds odd budgets down by one).
    /// </summary>
    public int? MaxEvaluations { get; init; }

    /// <summary>SciPy's <c>maxiter</c>. The initial sampling counts as iteration 1.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary><c>true</c>: DIRECT-L (Gablonsky and Kelley 2001); <c>false</c>: Jones et al.'s original DIRECT.</summary>
    public bool LocallyBiased { get; init; } = true;

    /// <summary>Stop when the best point's rectangle has at most this fraction of the box volume (0 disables); in [0, 1].</summary>
    public double VolumeTolerance { get; init; } = 1e-16;

    /// <summary>
    /// Stop when the best point's rectangle measure is at most this (0 disables); in [0, 1]. DIRECT-L
    /// measures half the longest normalised side, DIRECT half the normalised diagonal.
    /// </summary>
    public double LengthTolerance { get; init; } = 1e-6;

    /// <summary>Known global minimum (SciPy's <c>f_min</c>); <c>null</c> disables the target stop.</summary>
    public double? TargetValue { get; init; }

    /// <summary>
    /// Stop when <c>(fmin − TargetValue) / |TargetValue|</c> (divisor 1 when the target is 0) is at
    /// most this; in [0, 1]. Used only when <see cref="TargetValue"/> is set.
    /// </summary>
    public double TargetRelativeTolerance { get; init; } = 1e-4;
}
