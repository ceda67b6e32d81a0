using Kairos.Backtesting.Costs;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Simulation;

/// <summary>
/// Recorded bars replayed as a market: the price of an instrument at any instant is its session's
/// <see cref="IntradayPath"/> (from the day's intraday bars when supplied, else from the daily bar), and between sessions
/// the last completed bar's close. Quotes straddle that price by half the <see cref="CostModel"/> spread on each side.
/// Immutable after construction, so one market may serve several brokers.
/// </summary>
public sealed class SimulatedMarket
{
    private readonly Dictionary<Instrument, BarSeries> _daily = [];
    private readonly Dictionary<Instrument, Dictionary<DateOnly, int>> _dailyIndex = [];
    private readonly Dictionary<Instrument, IntradaySeries> _intraday = [];

    /// <param name="daily">Daily bars, one series per instrument (bar timestamp = session date at 00:00 UTC).</param>
    /// <param name="costs">Spreads for quotes and fees for fills; the defaults when null.</param>
    /// <param name="intraday">Optional intraday bars; a session with intraday bars follows them instead of its daily bar.</param>
    public SimulatedMarket(IEnumerable<BarSeries> daily, CostModel? costs = null, IEnumerable<IntradaySeries>? intraday = null)
    {
        ArgumentNullException.ThrowIfNull(daily);
        Costs = costs ?? new CostModel();
        Costs.Validate();
        foreach (var series in daily)
        {
            if (!_daily.TryAdd(series.Instrument, series))
            {
                throw new ArgumentException($"{series.Instrument.Symbol}: daily bars given twice.", nameof(daily));
            }

            var index = new Dictionary<DateOnly, int>(series.Count);
            for (var i = 0; i < series.Count; i++)
            {
                if (!index.TryAdd(series[i].Date, i))
                {
                    throw new ArgumentException($"{series.Instrument.Symbol}: two daily bars on {series[i].Date:yyyy-MM-dd}.", nameof(daily));
                }
            }

            _dailyIndex[series.Instrument] = index;
        }

        foreach (var series in intraday ?? [])
        {
            if (!_daily.ContainsKey(series.Bars.Instrument))
            {
                throw new ArgumentException($"{series.Bars.Instrument.Symbol}: intraday bars without daily bars.", nameof(intraday));
            }

            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(series.BarLength, TimeSpan.Zero, nameof(intraday));
            _intraday[series.Bars.Instrument] = series;
        }
    }

    public CostModel Costs { get; }

    /// <summary>The instruments with daily bars, by symbol.</summary>
    public IReadOnlyList<Instrument> Instruments => [.. _daily.Keys.OrderBy(i => i.Symbol, StringComparer.Ordinal)];

    /// <summary>True when the market holds bars of <paramref name="instrument"/>.</summary>
    public bool Trades(Instrument instrument) => _daily.ContainsKey(instrument);

    /// <summary>The daily bar of the session held on <paramref name="sessionDate"/>, or null when there is none.</summary>
    public Bar? DailyBar(Instrument instrument, DateOnly sessionDate)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return _daily.TryGetValue(instrument, out var series) && _dailyIndex[instrument].TryGetValue(sessionDate, out var i) ? series[i] : null;
    }

    /// <summary>The path of the session in progress at <paramref name="time"/>; null outside sessions or without a bar.</summary>
    public IntradayPath? PathAt(Instrument instrument, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var session = instrument.Calendar.SessionAt(time);
        return session is null ? null : PathOf(instrument, session);
    }

    /// <summary>The path of <paramref name="session"/>; null when the instrument has no daily bar for it.</summary>
    public IntradayPath? PathOf(Instrument instrument, MarketSession session)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(session);
        if (DailyBar(instrument, session.Date) is not { } bar)
        {
            return null;
        }

        if (_intraday.TryGetValue(instrument, out var intraday))
        {
            var bars = intraday.Bars.Bars;
            var first = LowerBound(bars, session.Open);
            var inSession = new List<Bar>();
            for (var i = first; i < bars.Count && bars[i].Timestamp < session.Close; i++)
            {
                inSession.Add(bars[i]);
            }

            if (IntradayPath.FromIntradayBars(inSession, intraday.BarLength, session) is { } path)
            {
                return path;
            }
        }

        return IntradayPath.FromDailyBar(bar, session);
    }

    /// <summary>
    /// The price at <paramref name="time"/>: the session path's price inside a session with a bar, otherwise the close of
    /// the last bar whose session closed at or before <paramref name="time"/>; null before the first bar.
    /// </summary>
    public decimal? LastPrice(Instrument instrument, DateTimeOffset time)
    {
        if (PathAt(instrument, time) is { } path)
        {
            return path.PriceAt(time);
        }

        var count = CompletedCount(instrument, time);
        return count == 0 ? null : (decimal)_daily[instrument][count - 1].Close;
    }

    /// <summary>The daily bars whose session closed at or before <paramref name="time"/>: what a forecaster may see then.</summary>
    public BarSeries CompletedBars(Instrument instrument, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (!_daily.TryGetValue(instrument, out var series))
        {
            throw new ArgumentException($"{instrument.Symbol}: no bars in this market.", nameof(instrument));
        }

        return series.Take(CompletedCount(instrument, time));
    }

    /// <summary>
    /// The quote at <paramref name="time"/>: bid and ask at <see cref="LastPrice"/> × (1 ∓ half the assumed spread of
    /// <see cref="Costs"/>); null when there is no price yet.
    /// </summary>
    public Quote? Quote(Instrument instrument, DateTimeOffset time)
    {
        if (LastPrice(instrument, time) is not { } price)
        {
            return null;
        }

        var half = (decimal)Costs.For(instrument).SpreadCostPerChange;
        return new Quote(instrument, price * (1 - half), price * (1 + half), time);
    }

    private int CompletedCount(Instrument instrument, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (!_daily.TryGetValue(instrument, out var series))
        {
            return 0;
        }

        var calendar = instrument.Calendar;
        var today = calendar.LocalDate(time);
        int lo = 0, hi = series.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (series[mid].Date <= today)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        // Only the bar of today can still be in progress; a bar on a day without a session counts once the day is over.
        if (lo > 0 && series[lo - 1].Date == today)
        {
            var session = calendar.Session(today);
            if (session is null || session.Close > time)
            {
                lo--;
            }
        }

        return lo;
    }

    private static int LowerBound(IReadOnlyList<Bar> bars, DateTimeOffset time)
    {
        int lo = 0, hi = bars.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (bars[mid].Timestamp < time)
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
}
