using Kairos.Backtesting.Metrics;

namespace Kairos.Backtesting.WalkForward;

/// <summary>
/// Statistics of the next-day out-of-sample series (oldest first): the newest day of each simulation traded with the
/// parameters of the simulation before it. Unlike the window statistics, nothing here was seen by an optimiser.
/// </summary>
public sealed record OutOfSampleStats(int Days, double AverageDailyReturn, double CompoundedReturn, double Sharpe, double MaxDrawdown, double HitRate, IReadOnlyList<double> DailyReturns)
{
    public static OutOfSampleStats Empty { get; } = new(0, 0, 0, 0, 0, 0, []);

    public static OutOfSampleStats From(double[] oldestFirst, int periodsPerYear)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        if (oldestFirst.Length == 0)
        {
            return Empty;
        }

        var traded = oldestFirst.Count(r => r != 0);
        return new OutOfSampleStats(
            oldestFirst.Length,
            ReturnStatistics.Mean(oldestFirst),
            ReturnStatistics.Compounded(oldestFirst),
            ReturnStatistics.Sharpe(oldestFirst, periodsPerYear, ddof: 1),
            ReturnStatistics.MaxDrawdown(oldestFirst),
            traded == 0 ? 0 : (double)oldestFirst.Count(r => r > 0) / traded,
            oldestFirst);
    }
}
