using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Kairos.Core;

/// <summary>
/// The New York Stock Exchange calendar: weekdays less holidays and special closures; 252 days a year.
/// </summary>
/// <remarks>
/// <para>
/// Holidays are computed by rule, so every year has an answer, but the schedule is checked against the exchange's
/// published history for 1990–2035 only (reference: the NYSE closings list used by pandas_market_calendars). Before 1990
/// older rules and unscheduled closures are missing; after 2035 new holidays or closures may be declared.
/// </para>
/// <para>
/// Holidays and observance: New Year's Day (Sunday → Monday; a Saturday New Year is not observed, so the Friday
/// before stays open), Martin Luther King Jr. Day (third Monday of January, from 1998), Washington's Birthday (third
/// Monday of February), Good Friday (Gregorian Easter − 2), Memorial Day (last Monday of May), Juneteenth (from 2022),
/// Independence Day and Christmas (Saturday → Friday, Sunday → Monday), Labor Day (first Monday of September),
/// Thanksgiving (fourth Thursday of November).
/// </para>
/// <para>
/// Special closures: 1994-04-27 (Nixon), 2001-09-11..14 (September 11), 2004-06-11 (Reagan), 2007-01-02 (Ford),
/// 2012-10-29..30 (Hurricane Sandy), 2018-12-05 (G. H. W. Bush), 2025-01-09 (Carter).
/// </para>
/// <para>
/// Scheduled early closes (13:00 ET; 14:00 before 1993): the day after Thanksgiving (from 1992); Christmas Eve when it
/// falls Monday–Thursday; July 3 when it falls Monday, Tuesday or Thursday (from 1995) or Wednesday (from 2013); from
/// 1996 to 2012, when July 4 was a Thursday the early close was Friday July 5 instead of Wednesday July 3; and the
/// one-off 13:00 closes of 1997-12-26 and 2003-12-26. Unscheduled early closes for weather or outages (e.g. 1996-01-08
/// at 14:00, 1997-10-27 on a circuit breaker) are not half days and are not reported.
/// </para>
/// </remarks>
public sealed class NyseCalendar : IExchangeCalendar
{
    private static readonly FrozenSet<DateOnly> SpecialClosures = FrozenSet.ToFrozenSet(
    [
        new DateOnly(1994, 4, 27),
        new DateOnly(2001, 9, 11),
        new DateOnly(2001, 9, 12),
        new DateOnly(2001, 9, 13),
        new DateOnly(2001, 9, 14),
        new DateOnly(2004, 6, 11),
        new DateOnly(2007, 1, 2),
        new DateOnly(2012, 10, 29),
        new DateOnly(2012, 10, 30),
        new DateOnly(2018, 12, 5),
        new DateOnly(2025, 1, 9),
    ]);

    private static readonly FrozenSet<DateOnly> SpecialEarlyCloses = FrozenSet.ToFrozenSet(
    [
        new DateOnly(1997, 12, 26),
        new DateOnly(2003, 12, 26),
    ]);

    // Holidays of one year; a year's set is built once on first use and never changes.
    private readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> _holidaysByYear = new();

    public static NyseCalendar Instance { get; } = new();

    private NyseCalendar()
    {
    }

    public string Name => "NYSE";

    public int TradingDaysPerYear => 252;

    public bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !HolidaysOf(date.Year).Contains(date)
        && !SpecialClosures.Contains(date);

    public bool IsHalfDay(DateOnly date) => IsTradingDay(date) && IsScheduledEarlyClose(date);

    /// <summary>True when <paramref name="date"/> is a full-day holiday by rule (not a weekend or special closure).</summary>
    public bool IsHoliday(DateOnly date) => HolidaysOf(date.Year).Contains(date);

    /// <summary>The holidays of <paramref name="year"/> as observed (weekday dates), ascending.</summary>
    public IReadOnlyList<DateOnly> Holidays(int year) => [.. HolidaysOf(year).Order()];

    /// <summary>Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1583);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private FrozenSet<DateOnly> HolidaysOf(int year) => _holidaysByYear.GetOrAdd(year, static y => ComputeHolidays(y));

    private static FrozenSet<DateOnly> ComputeHolidays(int year)
    {
        var days = new List<DateOnly>(11);

        // A Saturday New Year would be observed on Friday December 31 of the previous year; the NYSE does not do that.
        var newYear = new DateOnly(year, 1, 1);
        if (newYear.DayOfWeek == DayOfWeek.Sunday)
        {
            days.Add(newYear.AddDays(1));
        }
        else if (newYear.DayOfWeek != DayOfWeek.Saturday)
        {
            days.Add(newYear);
        }

        if (year >= 1998)
        {
            days.Add(NthWeekday(year, 1, DayOfWeek.Monday, 3));
        }

        days.Add(NthWeekday(year, 2, DayOfWeek.Monday, 3));
        if (year >= 1583)
        {
            days.Add(EasterSunday(year).AddDays(-2));
        }

        days.Add(LastWeekday(year, 5, DayOfWeek.Monday));
        if (year >= 2022)
        {
            days.Add(NearestWeekday(new DateOnly(year, 6, 19)));
        }

        days.Add(NearestWeekday(new DateOnly(year, 7, 4)));
        days.Add(NthWeekday(year, 9, DayOfWeek.Monday, 1));
        days.Add(NthWeekday(year, 11, DayOfWeek.Thursday, 4));
        days.Add(NearestWeekday(new DateOnly(year, 12, 25)));
        return days.ToFrozenSet();
    }

    private static bool IsScheduledEarlyClose(DateOnly date)
    {
        if (SpecialEarlyCloses.Contains(date))
        {
            return true;
        }

        var year = date.Year;
        return (date.Month, date.Day) switch
        {
            (7, 3) => date.DayOfWeek switch
            {
                DayOfWeek.Monday or DayOfWeek.Tuesday or DayOfWeek.Thursday => year >= 1995,
                DayOfWeek.Wednesday => year >= 2013,
                _ => false,
            },
            (7, 5) => date.DayOfWeek == DayOfWeek.Friday && year is >= 1996 and <= 2012,
            (12, 24) => date.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Thursday,
            (11, _) => year >= 1992 && date.AddDays(-1) == NthWeekday(year, 11, DayOfWeek.Thursday, 4),
            _ => false,
        };
    }

    private static DateOnly NearestWeekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek weekday)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)weekday + 7) % 7;
        return last.AddDays(-offset);
    }
}
