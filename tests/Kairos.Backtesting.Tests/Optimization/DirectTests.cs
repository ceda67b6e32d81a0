using Kairos.Backtesting.Optimization;

namespace Kairos.Backtesting.Tests.Optimization;

/// <summary>Behaviour of <see cref="Direct.Minimize"/> beyond SciPy parity: bounds, determinism, validation, non-finite values.</summary>
public sealed class DirectTests
{
    private static readonly (double Lower, double Upper)[] TradingBounds = [(-0.03, 0.03), (-0.03, 0.03), (0.003, 0.09), (0.003, 0.09)];

    public static TheoryData<string, bool> Problems()
    {
        var data = new TheoryData<string, bool>();
        foreach (var problem in DirectReferenceCase.Load().Select(c => c.Problem).Distinct())
        {
            data.Add(problem, true);
            data.Add(problem, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Every_evaluated_point_lies_inside_the_bounds(string problem, bool locallyBiased)
    {
        var bounds = DirectReferenceCase.Load().First(c => c.Problem == problem).Bounds;
        var objective = DirectReferenceProblems.Get(problem);
        var calls = 0;
        double Checked(double[] x)
        {
            calls++;
            Assert.Equal(bounds.Length, x.Length);
            for (var i = 0; i < x.Length; i++)
            {
                Assert.InRange(x[i], bounds[i].Lower, bounds[i].Upper);
            }

            return objective(x);
        }

        var result = Direct.Minimize(Checked, bounds, new DirectOptions { LocallyBiased = locallyBiased, MaxEvaluations = 720 });

        Assert.Equal(calls, result.Evaluations);
        for (var i = 0; i < result.X.Length; i++)
        {
            Assert.InRange(result.X[i], bounds[i].Lower, bounds[i].Upper);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_runs_make_the_same_calls_and_give_the_same_result(bool locallyBiased)
    {
        var options = new DirectOptions { LocallyBiased = locallyBiased, MaxEvaluations = 720 };
        var first = new List<double>();
        var second = new List<double>();

        var a = Direct.Minimize(x => { first.AddRange(x); return DirectReferenceProblems.ThresholdStrategy(x); }, TradingBounds, options);
        var b = Direct.Minimize(x => { second.AddRange(x); return DirectReferenceProblems.ThresholdStrategy(x); }, TradingBounds, options);

        Assert.Equal(first, second);
        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Value, b.Value);
        Assert.Equal(a.Evaluations, b.Evaluations);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Status, b.Status);
        Assert.Equal(a.Message, b.Message);
    }

    [Fact]
    public void The_objective_buffer_is_reused_and_the_result_is_a_fresh_array()
    {
        double[]? buffer = null;
        var result = Direct.Minimize(
            x =>
            {
                buffer ??= x;
                Assert.Same(buffer, x);
                return DirectReferenceProblems.ShiftedSphere(x);
            },
            [(-1.0, 2.0), (-1.0, 2.0)],
            new DirectOptions { MaxEvaluations = 100 });

        Assert.NotNull(buffer);
        Assert.NotSame(buffer, result.X);
    }

    [Fact]
    public void Finds_the_shifted_sphere_minimum_with_the_default_options()
    {
        var result = Direct.Minimize(DirectReferenceProblems.ShiftedSphere, [(-1.0, 2.0), (-1.0, 2.0)]);

        Assert.Equal(DirectStatus.LengthToleranceReached, result.Status);
        Assert.Equal(0.3, result.X[0], 1e-5);
        Assert.Equal(-0.2, result.X[1], 1e-5);
        Assert.True(result.Value < 1e-9);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NaN_and_infinite_values_are_treated_as_infeasible_points(bool locallyBiased)
    {
        // Left half undefined (NaN), a band returning +inf, a point returning -inf: none may win.
        static double Holey(double[] x)
        {
            if (x[0] < -0.2)
            {
                return double.NaN;
            }

            if (x[1] > 1.2 && x[1] < 1.4)
            {
                return double.PositiveInfinity;
            }

            return x[0] == 0.5 ? double.NegativeInfinity : DirectReferenceProblems.ShiftedSphere(x);
        }

        var result = Direct.Minimize(Holey, [(-1.0, 2.0), (-1.0, 2.0)], new DirectOptions { LocallyBiased = locallyBiased, MaxEvaluations = 500 });

        Assert.True(double.IsFinite(result.Value));
        Assert.Equal(Holey(result.X), result.Value, 1e-12);
        Assert.Equal(0.3, result.X[0], 0.02);
        Assert.Equal(-0.2, result.X[1], 0.02);
        Assert.True(result.Status is DirectStatus.MaxEvaluationsExceeded or DirectStatus.LengthToleranceReached, result.Message);
    }

    [Fact]
    public void An_infeasible_centre_does_not_stop_the_search()
    {
        static double HoleInTheMiddle(double[] x) =>
            Math.Abs(x[0]) < 0.1 && Math.Abs(x[1]) < 0.1 ? double.NaN : DirectReferenceProblems.ShiftedSphere(x);

        var result = Direct.Minimize(HoleInTheMiddle, [(-1.0, 1.0), (-1.0, 1.0)], new DirectOptions { MaxEvaluations = 300 });

        Assert.True(double.IsFinite(result.Value));
        Assert.Equal(0.3, result.X[0], 0.02);
        Assert.Equal(-0.2, result.X[1], 0.02);
    }

    [Fact]
    public void A_nowhere_defined_objective_runs_to_the_iteration_limit_and_reports_infinity()
    {
        // Without a feasible point DIRECT keeps extending the budget, so only maxiter stops it.
        var result = Direct.Minimize(_ => double.NaN, [(0.0, 1.0), (0.0, 1.0)], new DirectOptions { MaxEvaluations = 10, MaxIterations = 30 });

        Assert.Equal(DirectStatus.MaxIterationsExceeded, result.Status);
        Assert.Equal(30, result.Iterations);
        Assert.Equal(double.PositiveInfinity, result.Value);
        Assert.True(result.Evaluations > 10);
        Assert.Equal([0.5, 0.5], result.X);
    }

    [Fact]
    public void Messages_format_numbers_as_python_does()
    {
        static string Message(DirectOptions options) =>
            Direct.Minimize(DirectReferenceProblems.ShiftedSphere, [(-1.0, 2.0), (-1.0, 2.0)], options).Message;

        Assert.EndsWith("len_tol=1.0", Message(new DirectOptions { LengthTolerance = 1.0 }), StringComparison.Ordinal);
        Assert.EndsWith("vol_tol=0.5", Message(new DirectOptions { VolumeTolerance = 0.5 }), StringComparison.Ordinal);
        Assert.EndsWith("len_tol=0.00012", Message(new DirectOptions { LengthTolerance = 0.00012, VolumeTolerance = 0 }), StringComparison.Ordinal);
        Assert.EndsWith("len_tol=1.5e-05", Message(new DirectOptions { LengthTolerance = 1.5e-5, VolumeTolerance = 0 }), StringComparison.Ordinal);
        Assert.Contains("relative error=0.1 of", Message(new DirectOptions { TargetValue = 0.0, TargetRelativeTolerance = 0.1 }), StringComparison.Ordinal);
        Assert.EndsWith("maxfun=12", Message(new DirectOptions { MaxEvaluations = 12 }), StringComparison.Ordinal);
        Assert.EndsWith("maxiter=3", Message(new DirectOptions { MaxIterations = 3 }), StringComparison.Ordinal);
    }

    [Fact]
    public void Default_budget_is_a_thousand_evaluations_per_dimension()
    {
        var result = Direct.Minimize(DirectReferenceProblems.ThresholdStrategy, TradingBounds);

        Assert.Equal(DirectStatus.MaxEvaluationsExceeded, result.Status);
        Assert.Equal("Number of function evaluations done is larger than maxfun=4000", result.Message);
        Assert.InRange(result.Evaluations, 4001, 4100);
    }

    public static TheoryData<(double Lower, double Upper)[]> InvalidBounds() => new()
    {
        Array.Empty<(double, double)>(),
        new[] { (1.0, 1.0) },
        new[] { (0.0, 1.0), (2.0, -2.0) },
        new[] { (double.NaN, 1.0) },
        new[] { (0.0, double.PositiveInfinity) },
        new[] { (double.NegativeInfinity, 0.0) },
        new[] { (-double.MaxValue, double.MaxValue) },
    };

    [Theory]
    [MemberData(nameof(InvalidBounds))]
    public void Invalid_bounds_are_rejected((double Lower, double Upper)[] bounds)
    {
        var error = Assert.Throws<ArgumentException>(() => Direct.Minimize(DirectReferenceProblems.Sphere, bounds));
        Assert.Equal("bounds", error.ParamName);
    }

    public static TheoryData<DirectOptions> InvalidOptions() => new()
    {
        new DirectOptions { MaxEvaluations = 0 },
        new DirectOptions { MaxEvaluations = -5 },
        new DirectOptions { MaxIterations = 0 },
        new DirectOptions { Eps = double.NaN },
        new DirectOptions { Eps = double.PositiveInfinity },
        new DirectOptions { VolumeTolerance = -1e-3 },
        new DirectOptions { VolumeTolerance = 1.5 },
        new DirectOptions { LengthTolerance = double.NaN },
        new DirectOptions { LengthTolerance = 2 },
        new DirectOptions { TargetRelativeTolerance = -0.1 },
        new DirectOptions { TargetValue = double.NaN },
        new DirectOptions { TargetValue = double.NegativeInfinity },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_rejected(DirectOptions options)
    {
        var error = Assert.Throws<ArgumentException>(() => Direct.Minimize(DirectReferenceProblems.Sphere, [(0.0, 1.0)], options));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Direct.Minimize(null!, [(0.0, 1.0)]));
        Assert.Throws<ArgumentNullException>(() => Direct.Minimize(DirectReferenceProblems.Sphere, null!));
    }

    [Fact]
    public void Objective_exceptions_propagate()
    {
        Assert.Throws<InvalidOperationException>(() => Direct.Minimize(_ => throw new InvalidOperationException("boom"), [(0.0, 1.0)]));
    }
}
