namespace Kairos.Core;

/// <summary>
/// Session times of the calendars: NYSE 09:30–16:00 US/Eastern (13:00 on half days) on its trading days; the 24/7
/// market's "session" of a date is that UTC day, 00:00 to 24:00 — the span a daily crypto bar covers.
/// </summary>
public static class MarketHours
{
    private static readonly TimeOnly NyseOpen = new(9, 30);
    private static readonly TimeOnly NyseClose = new(16, 0);
    private static readonly TimeOnly NyseEarlyClose = new(13, 0);

    /// <summary>The session held on <paramref name="date"/>, or null when the market is closed that day.</summary>
    public static MarketSession? Session(this IExchangeCalendar calendar, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (!calendar.IsTradingDay(date))
        {
            return null;
        }

        if (calendar is CryptoCalendar)
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
            return new MarketSession(date, start, start.AddDays(1));
        }

        var close = calendar.IsHalfDay(date) ? NyseEarlyClose : NyseClose;
        return new MarketSession(date, UsEastern.FromEastern(date, NyseOpen), UsEastern.FromEastern(date, close));
    }

    /// <summary>The session in progress at <paramref name="instant"/>, or null outside regular hours.</summary>
    public static MarketSession? SessionAt(this IExchangeCalendar calendar, DateTimeOffset instant)
    {
        var date = LocalDate(calendar, instant);
        var session = calendar.Session(date);
        return session is not null && session.Contains(instant) ? session : null;
    }

    public static bool IsOpen(this IExchangeCalendar calendar, DateTimeOffset instant) => calendar.SessionAt(instant) is not null;

    /// <summary>The first session that has not closed by <paramref name="instant"/> (the current one while it is open).</summary>
    public static MarketSession CurrentOrNextSession(this IExchangeCalendar calendar, DateTimeOffset instant)
    {
        var date = LocalDate(calendar, instant);
        for (var i = 0; i < 30; i++)
        {
            var session = calendar.Session(date.AddDays(i));
            if (session is not null && session.Close > instant)
            {
                return session;
            }
        }

        throw new InvalidOperationException($"{calendar.Name}: no session within 30 days of {instant:O}.");
    }

    /// <summary>The last session that closed at or before <paramref name="instant"/>.</summary>
    public static MarketSession PreviousSession(this IExchangeCalendar calendar, DateTimeOffset instant)
    {
        var date = LocalDate(calendar, instant);
        for (var i = 0; i < 30; i++)
        {
            var session = calendar.Session(date.AddDays(-i));
            if (session is not null && session.Close <= instant)
            {
                return session;
            }
        }

        throw new InvalidOperationException($"{calendar.Name}: no session within 30 days before {instant:O}.");
    }

    /// <summary>The next open strictly after <paramref name="instant"/> unless the market is open now, then the current open.</summary>
    public static DateTimeOffset NextOpen(this IExchangeCalendar calendar, DateTimeOffset instant)
    {
        var session = calendar.CurrentOrNextSession(instant);
        if (session.Open > instant)
        {
            return session.Open;
        }

        var next = calendar.CurrentOrNextSession(session.Close);
        return next.Open;
    }

    public static DateTimeOffset NextClose(this IExchangeCalendar calendar, DateTimeOffset instant) =>
        calendar.CurrentOrNextSession(instant).Close;

    /// <summary>The exchange-local date of an instant: US/Eastern for NYSE, UTC for the 24/7 market.</summary>
    public static DateOnly LocalDate(this IExchangeCalendar calendar, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar is CryptoCalendar ? DateOnly.FromDateTime(instant.UtcDateTime) : UsEastern.DateOf(instant);
    }
}
