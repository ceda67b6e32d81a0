using System.Globalization;
using Kairos.Core;

namespace Kairos.Cli.Commands;

/// <summary>
/// The span a simulation replays and the symbols that can take part: a symbol takes part when its bars cover every day
/// of the span and enough history before it for the first cycle's walk-forward backtest. Without a start date the span
/// ends on the latest date that the most symbols cover (on the bundled data: the newest period where equities and a
/// crypto pair overlap).
/// </summary>
internal sealed record SimulationPeriod(
    DateOnly StartDate,
    DateOnly EndDate,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Days,
    bool TradingDays,
    IReadOnlyList<BarSeries> Series,
    IReadOnlyList<string> Excluded)
{
    public static SimulationPeriod Choose(IReadOnlyList<BarSeries> all, DateOnly? start, int days, int history, bool explicitSymbols)
    {
        ArgumentNullException.ThrowIfNull(all);
        var tradingDays = all.Any(s => !s.Instrument.IsCrypto);
        IExchangeCalendar calendar = tradingDays ? NyseCalendar.Instance : CryptoCalendar.Instance;
        (DateOnly Start, DateOnly End) span;
        if (start is { } s0)
        {
            var first = calendar.IsTradingDay(s0) ? s0 : calendar.NextTradingDay(s0);
            span = (first, Advance(calendar, first, days - 1));
        }
        else
        {
            span = all
                .Select(s => s[s.Count - 1].Date)
                .Distinct()
                .Select(end => (Start: Back(calendar, calendar.IsTradingDay(end) ? end : calendar.PreviousTradingDay(end), days - 1), End: calendar.IsTradingDay(end) ? end : calendar.PreviousTradingDay(end)))
                .OrderByDescending(p => all.Count(s => Covers(s, p.Start, p.End, history)))
                .ThenByDescending(p => p.End)
                .First();
        }

        var series = new List<BarSeries>();
        var excluded = new List<string>();
        foreach (var s in all)
        {
            if (Covers(s, span.Start, span.End, history))
            {
                series.Add(s);
                continue;
            }

            var why = string.Create(
                CultureInfo.InvariantCulture,
                $"{s.Instrument.Symbol}: its bars ({s[0].Date:yyyy-MM-dd}..{s[s.Count - 1].Date:yyyy-MM-dd}) do not cover {span.Start:yyyy-MM-dd}..{span.End:yyyy-MM-dd} with {history} bars of history before it");
            if (explicitSymbols)
            {
                throw new InsufficientDataException(why + ".");
            }

            excluded.Add(why);
        }

        if (series.Count == 0)
        {
            throw new InsufficientDataException($"No symbol has bars covering {span.Start:yyyy-MM-dd}..{span.End:yyyy-MM-dd} with {history} bars of history before it; choose another --start or fewer --days.");
        }

        var startInstant = UsEastern.FromEastern(span.Start, TimeOnly.MinValue);
        var endInstant = tradingDays
            ? NyseCalendar.Instance.Session(span.End)!.Close
            : new DateTimeOffset(span.End.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new SimulationPeriod(span.Start, span.End, startInstant, endInstant, days, tradingDays, series, excluded);
    }

    private static bool Covers(BarSeries s, DateOnly start, DateOnly end, int history)
    {
        if (s.Count == 0 || s[s.Count - 1].Date < end)
        {
            return false;
        }

        var before = 0;
        for (var i = 0; i < s.Count && s[i].Date < start; i++)
        {
            before++;
        }

        return before >= history;
    }

    private static DateOnly Advance(IExchangeCalendar calendar, DateOnly date, int count)
    {
        for (var i = 0; i < count; i++)
        {
            date = calendar.NextTradingDay(date);
        }

        return date;
    }

    private static DateOnly Back(IExchangeCalendar calendar, DateOnly date, int count)
    {
        for (var i = 0; i < count; i++)
        {
            date = calendar.PreviousTradingDay(date);
        }

        return date;
    }
}
