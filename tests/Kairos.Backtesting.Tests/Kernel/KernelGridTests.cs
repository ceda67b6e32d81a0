using Kairos.Backtesting.Kernel;

namespace Kairos.Backtesting.Tests.Kernel;

/// <summary>The vectorised grid must equal its scalar twin bit for bit, at every grid width and day count.</summary>
public class KernelGridTests
{
    [Fact]
    public void Vectorised_grid_equals_scalar_twin_for_every_width()
    {
        var rng = new Random(20261125);
        for (var days = 0; days <= 9; days++)
        {
            var d = RandomDays(rng, days);
            var longQty = new double[days];
            var shortQty = new double[days];
            for (var i = 0; i < days; i++)
            {
                longQty[i] = rng.Next(3) == 0 ? 0 : 1;
                shortQty[i] = rng.Next(3) == 0 ? 0 : -1;
            }

            for (var width = 0; width <= 37; width++)
            {
                var hs = Offsets(rng, 1 + (width % 5));
                var ls = Offsets(rng, width);
                foreach (var eod in new[] { false, true })
                {
                    var fast = new double[hs.Length * ls.Length];
                    var slow = new double[hs.Length * ls.Length];
                    KernelGrid.Evaluate(d, longQty, shortQty, hs, ls, 0.0025, eod, fast);
                    KernelGrid.EvaluateScalar(d, longQty, shortQty, hs, ls, 0.0025, eod, slow);
                    for (var k = 0; k < fast.Length; k++)
                    {
                        Assert.True(fast[k] == slow[k], $"days={days} width={width} eod={eod} k={k}: {fast[k]:R} vs {slow[k]:R}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Grid_cell_equals_kernel_sum()
    {
        var rng = new Random(7);
        var d = RandomDays(rng, 7);
        double[] l = [1, 1, 0, 1, 1, 0, 1];
        double[] s = [0, -1, -1, 0, -1, 0, -1];
        double[] hs = [-0.01, 0.0, 0.02];
        double[] ls = [-0.02, -0.005, 0.0, 0.01, 0.03];
        var grid = new double[15];
        KernelGrid.Evaluate(d, l, s, hs, ls, 0.001, false, grid);
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                Assert.Equal(EntryExitKernel.Sum(d, l, s, hs[i], ls[j], 0.001, false), grid[(i * 5) + j]);
            }
        }
    }

    [Fact]
    public void Mismatched_shapes_are_rejected()
    {
        var d = new KernelDay[3];
        Assert.Throws<ArgumentException>(() => KernelGrid.Evaluate(d, new double[2], new double[3], [0.0], [0.0], 0, false, new double[1]));
        Assert.Throws<ArgumentException>(() => KernelGrid.Evaluate(d, new double[3], new double[3], [0.0, 1], [0.0], 0, false, new double[1]));
    }

    private static KernelDay[] RandomDays(Random rng, int n)
    {
        var d = new KernelDay[n];
        for (var i = 0; i < n; i++)
        {
            var c = (rng.NextDouble() - 0.5) * 0.06;
            var ha = Math.Max(c, 0) + (rng.NextDouble() * 0.03);
            var la = Math.Min(c, 0) - (rng.NextDouble() * 0.03);
            d[i] = new KernelDay(c, ha, (rng.NextDouble() - 0.3) * 0.04, la, (rng.NextDouble() - 0.7) * 0.04);
        }

        return d;
    }

    private static double[] Offsets(Random rng, int n)
    {
        var o = new double[n];
        for (var i = 0; i < n; i++)
        {
            o[i] = (rng.NextDouble() - 0.5) * 0.06;
        }

        return o;
    }
}
