namespace Kairos.Trading.Prediction;

/// <summary>The daily realised volatility the Volatility rule scales by.</summary>
public static class RealisedVolatility
{
    /// <summary>
    /// Sample standard deviation (n − 1) of the last <paramref name="window"/> simple close-to-close returns of daily
    /// closes, as a fraction; null when fewer than two returns are available or a close is not positive.
    /// </summary>
    public static double? Daily(ReadOnlySpan<double> closes, int window = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var returns = Math.Min(window, closes.Length - 1);
        if (returns < 2)
        {
            return null;
        }

        var tail = closes[^(returns + 1)..];
        foreach (var close in tail)
        {
            if (!double.IsFinite(close) || close <= 0)
            {
                return null;
            }
        }

        var mean = 0.0;
        for (var i = 1; i < tail.Length; i++)
        {
            mean += (tail[i] / tail[i - 1]) - 1;
        }

        mean /= returns;
        var squares = 0.0;
        for (var i = 1; i < tail.Length; i++)
        {
            var d = (tail[i] / tail[i - 1]) - 1 - mean;
            squares += d * d;
        }

        return Math.Sqrt(squares / (returns - 1));
    }
}
