namespace Kairos.Core;

/// <summary>
/// US/Eastern civil time, computed from the US daylight-saving rules instead of the operating system's time-zone
/// database (which a minimal container may lack), so schedules are identical on every machine. Rules: from 2007 DST runs
/// from 02:00 local on the second Sunday of March to 02:00 local on the first Sunday of November; 1987–2006 from the first
/// Sunday of April to the last Sunday of October. Standard time is UTC−5, daylight time UTC−4.
/// </summary>
public static class UsEastern
{
    private static readonly TimeSpan Standard = TimeSpan.FromHours(-5);
    private static readonly TimeSpan Daylight = TimeSpan.FromHours(-4);

    /// <summary>The UTC offset in force at the instant <paramref name="instant"/>.</summary>
    public static TimeSpan OffsetAt(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var (start, end) = DaylightBoundsUtc(utc.Year);
        return utc >= start && utc < end ? Daylight : Standard;
    }

    /// <summary>The Eastern wall-clock time of an instant.</summary>
    public static DateTimeOffset ToEastern(DateTimeOffset instant) => instant.ToOffset(OffsetAt(instant));

    /// <summary>
    /// The instant of an Eastern wall-clock time. A time skipped by the spring-forward gap is read as standard time
    /// (02:30 → 03:30 EDT); an ambiguous autumn time is read as daylight time (its first occurrence).
    /// </summary>
    public static DateTimeOffset FromEastern(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var asDaylight = new DateTimeOffset(local, Daylight);
        if (OffsetAt(asDaylight) == Daylight)
        {
            return asDaylight;
        }

        return new DateTimeOffset(local, Standard);
    }

    /// <summary>The Eastern calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToEastern(instant).DateTime);

    private static (DateTime StartUtc, DateTime EndUtc) DaylightBoundsUtc(int year)
    {
        DateOnly start, end;
        if (year >= 2007)
        {
            start = NthSunday(year, 3, 2);
            end = NthSunday(year, 11, 1);
        }
        else
        {
            start = NthSunday(year, 4, 1);
            end = LastSunday(year, 10);
        }

        // 02:00 EST = 07:00 UTC (spring); 02:00 EDT = 06:00 UTC (autumn).
        return (start.ToDateTime(new TimeOnly(7, 0), DateTimeKind.Utc), end.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc));
    }

    private static DateOnly NthSunday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastSunday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
