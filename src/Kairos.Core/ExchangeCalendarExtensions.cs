namespace Kairos.Core;

/// <summary>Stepping and counting over an <see cref="IExchangeCalendar"/>'s sessions.</summary>
public static class ExchangeCalendarExtensions
{
    // No real calendar goes two weeks without a session (the longest NYSE closure since 1933 is four weekdays); a longer
    // search means the calendar is broken, and failing beats looping to DateOnly.MaxValue.
    private const int MaxSearchDays = 31;

    /// <summary>The first trading day strictly after <paramref name="date"/>.</summary>
    public static DateOnly NextTradingDay(this IExchangeCalendar calendar, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        for (var i = 1; i <= MaxSearchDays; i++)
        {
            var d = date.AddDays(i);
            if (calendar.IsTradingDay(d))
            {
                return d;
            }
        }

        throw new InvalidOperationException($"{calendar.Name}: no trading day within {MaxSearchDays} days after {date:yyyy-MM-dd}.");
    }

    /// <summary>The last trading day strictly before <paramref name="date"/>.</summary>
    public static DateOnly PreviousTradingDay(this IExchangeCalendar calendar, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        for (var i = 1; i <= MaxSearchDays; i++)
        {
            var d = date.AddDays(-i);
            if (calendar.IsTradingDay(d))
            {
                return d;
            }
        }

        throw new InvalidOperationException($"{calendar.Name}: no trading day within {MaxSearchDays} days before {date:yyyy-MM-dd}.");
    }

    /// <summary>The trading days in the closed range [<paramref name="first"/>, <paramref name="last"/>], ascending.</summary>
    public static IEnumerable<DateOnly> TradingDays(this IExchangeCalendar calendar, DateOnly first, DateOnly last)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Iterate(calendar, first, last);

        static IEnumerable<DateOnly> Iterate(IExchangeCalendar calendar, DateOnly first, DateOnly last)
        {
            for (var d = first; d <= last; d = d.AddDays(1))
            {
                if (calendar.IsTradingDay(d))
                {
                    yield return d;
                }

                if (d == DateOnly.MaxValue)
                {
                    yield break;
                }
            }
        }
    }
}
