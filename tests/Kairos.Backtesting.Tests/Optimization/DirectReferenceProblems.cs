namespace Kairos.Backtesting.Tests.Optimization;

/// <summary>
/// C# twins of the objectives in Fixtures/generate_direct_reference.py. Each performs the same
/// floating-point operations in the same order as the Python one (explicit products, no pow), so
/// both optimisers see bit-identical values and must take bit-identical paths.
/// </summary>
internal static class DirectReferenceProblems
{
    private static readonly double[] Shift = [0.3, -0.2, 0.15, -0.35];
    private static readonly double[] Returns = CreateReturns();

    internal static Func<double[], double> Get(string problem) => problem switch
    {
        "sphere2" or "sphere4" => Sphere,
        "shifted_sphere2" or "shifted_sphere4" => ShiftedSphere,
        "rosenbrock2" => Rosenbrock,
        "branin" => Branin,
        "six_hump_camel" => SixHumpCamel,
        "goldstein_price" => GoldsteinPrice,
        "rastrigin2" => Rastrigin,
        "styblinski_tang3" => StyblinskiTang,
        "threshold_strategy4" => ThresholdStrategy,
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "Unknown reference problem."),
    };

    internal static double Sphere(double[] x)
    {
        var s = 0.0;
        foreach (var v in x)
        {
            s += v * v;
        }

        return s;
    }

    internal static double ShiftedSphere(double[] x)
    {
        var s = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = x[i] - Shift[i];
            s += d * d;
        }

        return s;
    }

    internal static double Rosenbrock(double[] x)
    {
        var a = x[1] - (x[0] * x[0]);
        var b = 1.0 - x[0];
        return (100.0 * a * a) + (b * b);
    }

    internal static double Branin(double[] x)
    {
        var b = 5.1 / (4.0 * Math.PI * Math.PI);
        var c = 5.0 / Math.PI;
        var t = 1.0 / (8.0 * Math.PI);
        var u = x[1] - (b * x[0] * x[0]) + (c * x[0]) - 6.0;
        return (u * u) + (10.0 * (1.0 - t) * Math.Cos(x[0])) + 10.0;
    }

    internal static double SixHumpCamel(double[] x)
    {
        var x0 = x[0];
        var x1 = x[1];
        var x2 = x0 * x0;
        var y2 = x1 * x1;
        return ((4.0 - (2.1 * x2) + (x2 * x2 / 3.0)) * x2) + (x0 * x1) + ((-4.0 + (4.0 * y2)) * y2);
    }

    internal static double GoldsteinPrice(double[] x)
    {
        var x0 = x[0];
        var x1 = x[1];
        var s = x0 + x1 + 1.0;
        var a = 1.0 + (s * s * (19.0 - (14.0 * x0) + (3.0 * x0 * x0) - (14.0 * x1) + (6.0 * x0 * x1) + (3.0 * x1 * x1)));
        var d = (2.0 * x0) - (3.0 * x1);
        var b = 30.0 + (d * d * (18.0 - (32.0 * x0) + (12.0 * x0 * x0) + (48.0 * x1) - (36.0 * x0 * x1) + (27.0 * x1 * x1)));
        return a * b;
    }

    internal static double Rastrigin(double[] x)
    {
        var s = 10.0 * x.Length;
        foreach (var v in x)
        {
            s += (v * v) - (10.0 * Math.Cos(2.0 * Math.PI * v));
        }

        return s;
    }

    internal static double StyblinskiTang(double[] x)
    {
        var s = 0.0;
        foreach (var v in x)
        {
            var v2 = v * v;
            s += (v2 * v2) - (16.0 * v2) + (5.0 * v);
        }

        return 0.5 * s;
    }

    /// <summary>Negative total return of a momentum entry / exit / stop-loss / take-profit rule: piecewise constant.</summary>
    internal static double ThresholdStrategy(double[] x)
    {
        double entry = x[0], exit = x[1], stop = x[2], take = x[3];
        var total = 0.0;
        var trades = 0;
        var inTrade = false;
        var run = 0.0;
        for (var t = 2; t < Returns.Length; t++)
        {
            var momentum = Returns[t - 1] + Returns[t - 2];
            if (!inTrade)
            {
                if (momentum > entry)
                {
                    inTrade = true;
                    run = 0.0;
                    trades++;
                }
            }
            else
            {
                run += Returns[t];
                if (run <= -stop || run >= take || momentum < exit)
                {
                    total += run;
                    inTrade = false;
                }
            }
        }

        if (inTrade)
        {
            total += run;
        }

        return -total + (0.0005 * trades);
    }

    private static double[] CreateReturns()
    {
        // Same 64-bit LCG as the generator; integer arithmetic, so the series is exact.
        ulong state = 20240601;
        var returns = new double[250];
        for (var i = 0; i < returns.Length; i++)
        {
            state = unchecked((state * 6364136223846793005UL) + 1442695040888963407UL);
            var u = (state >> 11) / 9007199254740992.0;
            returns[i] = (u - 0.5) * 0.02;
        }

        return returns;
    }
}
