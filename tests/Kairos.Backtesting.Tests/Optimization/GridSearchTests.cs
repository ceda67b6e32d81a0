using Kairos.Backtesting.Optimization;

namespace Kairos.Backtesting.Tests.Optimization;

public class GridSearchTests
{
    [Fact]
    public void Linspace_matches_numpy()
    {
        var p = new double[33];
        GridSearch.Linspace(-0.03, 0.03, p);
        Assert.Equal(-0.03, p[0]);
        Assert.Equal((1 * (0.06 / 32)) - 0.03, p[1]);
        Assert.Equal(0.03, p[32]);
        Assert.Equal((16 * (0.06 / 32)) - 0.03, p[16]);
    }

    [Fact]
    public void Finds_a_smooth_maximum_to_the_final_grid_resolution_in_1459_evaluations()
    {
        var r = GridSearch.Maximize(Quadratic(0.0123, -0.0171), (-0.03, 0.03), (-0.03, 0.03));
        Assert.Equal(1459, r.Evaluations);

        // Stage 3 window: 0.06 · 0.6 · 0.6 wide over 9 points → spacing 0.0027; the best point is within half of it.
        Assert.InRange(r.X, 0.0123 - 0.00136, 0.0123 + 0.00136);
        Assert.InRange(r.Y, -0.0171 - 0.00136, -0.0171 + 0.00136);
    }

    [Fact]
    public void Windows_are_clipped_to_the_bounds()
    {
        var r = GridSearch.Maximize(Quadratic(0.5, -0.5), (-0.03, 0.03), (-0.03, 0.03));
        Assert.Equal(0.03, r.X);
        Assert.Equal(-0.03, r.Y);
    }

    [Fact]
    public void First_maximum_wins_ties_and_nan_never_wins()
    {
        var r = GridSearch.Maximize((xs, ys, v) => v.Fill(1.0), (0, 1), (0, 1), new GridSearchOptions { Steps = [5] });
        Assert.Equal((0.0, 0.0), (r.X, r.Y));

        var n = GridSearch.Maximize(
            (xs, ys, v) =>
            {
                v.Fill(double.NaN);
                v[(2 * ys.Length) + 3] = -5;
            },
            (0, 1),
            (0, 1),
            new GridSearchOptions { Steps = [5] });
        Assert.Equal((0.5, 0.75, -5.0), (n.X, n.Y, n.Value));
    }

    [Fact]
    public void Invalid_settings_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => GridSearch.Maximize((_, _, _) => { }, (1, 0), (0, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridSearchOptions { Steps = [1] }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridSearchOptions { Shrink = 0 }.Validate());
    }

    private static GridObjective Quadratic(double x0, double y0) => (xs, ys, v) =>
    {
        for (var i = 0; i < xs.Length; i++)
        {
            for (var j = 0; j < ys.Length; j++)
            {
                v[(i * ys.Length) + j] = -(((xs[i] - x0) * (xs[i] - x0)) + ((ys[j] - y0) * (ys[j] - y0)));
            }
        }
    };
}
