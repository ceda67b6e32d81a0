using Kairos.Brokers.Alpaca;
using Kairos.Core;
using Kairos.Trading.Cycle;

namespace Kairos.Cli.Commands;

/// <summary>
/// Daily bars from Alpaca market data for <c>kairos run --broker alpaca</c>. The first refresh loads
/// <see cref="HistoryDays"/> calendar days per symbol; later refreshes fetch from the last stored bar on (its day again,
/// since Alpaca revises a day until it completes). Only completed sessions are served: a bar whose session has not closed
/// at the cycle's instant (today's forming bar) is never analysed.
/// </summary>
internal sealed class AlpacaBarFeed(AlpacaMarketData data, IReadOnlyList<Instrument> universe, int historyDays) : IBarFeed
{
    private readonly Dictionary<Instrument, List<Bar>> _bars = [];

    public int HistoryDays => historyDays;

    public BarSeries? CompletedBars(Instrument instrument, DateTimeOffset now)
    {
        if (!_bars.TryGetValue(instrument, out var bars))
        {
            return null;
        }

        var completed = bars.Where(b => instrument.Calendar.Session(b.Date) is { } s && s.Close <= now).ToList();
        return completed.Count == 0 ? null : new BarSeries(instrument, completed);
    }

    public async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var instrument in universe)
        {
            var known = _bars.TryGetValue(instrument, out var bars) && bars.Count > 0;
            var start = known ? bars![^1].Date : today.AddDays(-historyDays);
            var fetched = await data.GetBarsAsync(instrument, start, today, cancellationToken);
            if (!known)
            {
                _bars[instrument] = [.. fetched];
                continue;
            }

            bars!.RemoveAll(b => b.Date >= start);
            bars.AddRange(fetched.Where(b => b.Date >= start));
        }
    }
}
