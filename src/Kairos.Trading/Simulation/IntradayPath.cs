using Kairos.Core;

namespace Kairos.Trading.Simulation;

/// <summary>
/// The documented price path of a session: a piecewise-linear function of time through knots. A daily bar gives four
/// knots O → X1 → X2 → C at 0, 1/3, 2/3 and 1 of the session, with (X1, X2) = (L, H) when C ≥ O ("a bar that closes up
/// went down first") and (H, L) otherwise; a list of intraday bars gives four such knots per bar over that bar's own span.
/// </summary>
/// <remarks>
/// Shape: knots are ascending in time; two knots may share an instant (the close of one intraday bar and the open of the
/// next), which makes the path jump there. The path is right-continuous (at a jump it takes the later price) and flat
/// before its first and after its last knot. Prices are decimal (bar doubles are converted once, at construction) so
/// fills computed from the path are exact money.
/// </remarks>
public sealed class IntradayPath
{
    private readonly DateTimeOffset[] _times;
    private readonly decimal[] _prices;

    private IntradayPath(List<DateTimeOffset> times, List<decimal> prices)
    {
        _times = [.. times];
        _prices = [.. prices];
    }

    /// <summary>The first knot (the session open for a daily bar).</summary>
    public DateTimeOffset Start => _times[0];

    /// <summary>The last knot (the session close for a daily bar).</summary>
    public DateTimeOffset End => _times[^1];

    /// <summary>The knots, in time order.</summary>
    public IReadOnlyList<(DateTimeOffset Time, decimal Price)> Knots => [.. _times.Zip(_prices)];

    /// <summary>The four-knot path of a daily bar over <paramref name="session"/>.</summary>
    public static IntradayPath FromDailyBar(Bar bar, MarketSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var times = new List<DateTimeOffset>(4);
        var prices = new List<decimal>(4);
        AddBar(bar, session.Open, session.Close, times, prices);
        return new IntradayPath(times, prices);
    }

    /// <summary>
    /// The path of a session from intraday bars: each bar is its own four-knot path over
    /// [timestamp, timestamp + <paramref name="barLength"/>], cut at the session close; bars starting outside the
    /// session are ignored. Null when no bar falls inside the session.
    /// </summary>
    public static IntradayPath? FromIntradayBars(IEnumerable<Bar> bars, TimeSpan barLength, MarketSession session)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(barLength, TimeSpan.Zero);
        var times = new List<DateTimeOffset>();
        var prices = new List<decimal>();
        foreach (var bar in bars)
        {
            if (!session.Contains(bar.Timestamp))
            {
                continue;
            }

            if (times.Count > 0 && bar.Timestamp < times[^1])
            {
                throw new ArgumentException($"intraday bar at {bar.Timestamp:O} starts before the previous bar ends.", nameof(bars));
            }

            var end = bar.Timestamp + barLength;
            AddBar(bar, bar.Timestamp, end < session.Close ? end : session.Close, times, prices);
        }

        return times.Count == 0 ? null : new IntradayPath(times, prices);
    }

    /// <summary>The path price at <paramref name="time"/> (flat outside the knots; the later price at a jump).</summary>
    public decimal PriceAt(DateTimeOffset time)
    {
        if (time <= _times[0])
        {
            return time < _times[0] ? _prices[0] : _prices[LastIndexAt(0)];
        }

        if (time >= _times[^1])
        {
            return _prices[^1];
        }

        // The last knot at or before `time`; the segment to its successor has positive length because `time` < End.
        var i = UpperBound(time) - 1;
        return Interpolate(i, time);
    }

    /// <summary>The lowest and highest path price over the closed interval [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public (decimal Min, decimal Max) Range(DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var min = PriceAt(from);
        var max = min;
        var atTo = PriceAt(to);
        min = Math.Min(min, atTo);
        max = Math.Max(max, atTo);
        for (var i = 0; i < _times.Length; i++)
        {
            if (_times[i] > from && _times[i] <= to)
            {
                min = Math.Min(min, _prices[i]);
                max = Math.Max(max, _prices[i]);
            }
        }

        return (min, max);
    }

    /// <summary>
    /// The first instant in [<paramref name="from"/>, <paramref name="to"/>] at which the path is at or below
    /// <paramref name="level"/> (<paramref name="touchFromAbove"/>, a buy limit) or at or above it (a sell limit); null
    /// when it never gets there. A continuous crossing is timed to the tick, rounded up so the path is through the level
    /// at the reported instant.
    /// </summary>
    public PathTouch? FirstTouch(decimal level, DateTimeOffset from, DateTimeOffset to, bool touchFromAbove)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        bool Through(decimal p) => touchFromAbove ? p <= level : p >= level;

        var t0 = from;
        var p0 = PriceAt(from);
        if (Through(p0))
        {
            return new PathTouch(from, p0);
        }

        foreach (var (t1, p1) in PointsAfter(from, to))
        {
            if (Through(p1))
            {
                if (t1 == t0)
                {
                    // A jump through the level: the first price beyond it is the jump's target.
                    return new PathTouch(t1, p1);
                }

                var fraction = (level - p0) / (p1 - p0);
                var ticks = (long)Math.Ceiling(fraction * (t1 - t0).Ticks);
                var at = t0.AddTicks(ticks);
                return new PathTouch(at > t1 ? t1 : at, level);
            }

            (t0, p0) = (t1, p1);
        }

        return null;
    }

    // The knots in (from, to] (jumps included, in order), then the path at `to` when it lies after the last of them.
    private IEnumerable<(DateTimeOffset Time, decimal Price)> PointsAfter(DateTimeOffset from, DateTimeOffset to)
    {
        var last = from;
        for (var i = 0; i < _times.Length && _times[i] <= to; i++)
        {
            if (_times[i] > from)
            {
                last = _times[i];
                yield return (_times[i], _prices[i]);
            }
        }

        if (to > last)
        {
            yield return (to, PriceAt(to));
        }
    }

    private static void AddBar(Bar bar, DateTimeOffset start, DateTimeOffset end, List<DateTimeOffset> times, List<decimal> prices)
    {
        if (end <= start)
        {
            throw new ArgumentException($"bar at {bar.Timestamp:O}: its span {start:O}..{end:O} is empty.", nameof(bar));
        }

        var up = bar.Close >= bar.Open;
        var third = (end - start).Ticks / 3;
        times.Add(start);
        times.Add(start.AddTicks(third));
        times.Add(start.AddTicks(2 * third));
        times.Add(end);
        prices.Add((decimal)bar.Open);
        prices.Add((decimal)(up ? bar.Low : bar.High));
        prices.Add((decimal)(up ? bar.High : bar.Low));
        prices.Add((decimal)bar.Close);
    }

    private decimal Interpolate(int i, DateTimeOffset time)
    {
        var span = (_times[i + 1] - _times[i]).Ticks;
        var elapsed = (time - _times[i]).Ticks;
        return _prices[i] + ((_prices[i + 1] - _prices[i]) * elapsed / span);
    }

    // Index of the first knot strictly after `time`.
    private int UpperBound(DateTimeOffset time)
    {
        int lo = 0, hi = _times.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_times[mid] <= time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int LastIndexAt(int i)
    {
        while (i + 1 < _times.Length && _times[i + 1] == _times[i])
        {
            i++;
        }

        return i;
    }
}
