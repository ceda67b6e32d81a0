using Kairos.Brokers.Alpaca;
using Kairos.Core;
using Kairos.Trading.Cycle;

namespace Kairos.Cli.Commands;

/// <summary>
/// Daily bars from Alpaca market data for <c>kairos run --broker alpaca</c>. The first refresh loads
/// <see cref="HistoryDays"/> calendar days per symbol; later refreshes fetch from the last stored bar on (its day again,
/// since Alpaca revises a day until it completes). A fetched bar replaces the stored bar of its day; a day the fetch does
/// not return keeps its stored bar (a short answer never loses history). Only completed sessions are served: a bar whose
/// session has not closed at the cycle's instant (today's forming bar) is never analysed.
/// </summary>
internal sealed class AlpacaBarFeed(AlpacaMarketData data, IReadOnlyList<Instrument> universe, int historyDays) : IBarFeed
{
    private readonly Dictionary<Instrument, SortedDictionary<DateOnly, Bar>> _bars = [];

    public int HistoryDays => historyDays;

    public BarSeries? CompletedBars(Instrument instrument, DateTimeOffset now)
    {
        if (!_bars.TryGetValue(instrument, out var bars))
        {
            return null;
        }

        var completed = bars.Values.Where(b => instrument.Calendar.Session(b.Date) is { } s && s.Close <= now).ToList();
        return completed.Count == 0 ? null : new BarSeries(instrument, completed);
    }

    public async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var instrument in universe)
        {
            if (!_bars.TryGetValue(instrument, out var bars))
            {
                _bars[instrument] = bars = [];
            }

            var start = bars.Count > 0 ? bars.Keys.Max() : today.AddDays(-historyDays);
            foreach (var bar in await data.GetBarsAsync(instrument, start, today, cancellationToken))
            {
                bars[bar.Date] = bar;
            }
        }
    }
}
