using System.Globalization;
using Kairos.Core;

namespace Kairos.Core.Tests;

public class NyseCalendarTests
{
    private static readonly NyseCalendar Nyse = NyseCalendar.Instance;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TheoryData<int, string[]> PublishedHolidays => new()
    {
        // 2021: New Year 2022 falls on a Saturday and is not observed on Friday 2021-12-31.
        { 2021, ["2021-01-01", "2021-01-18", "2021-02-15", "2021-04-02", "2021-05-31", "2021-07-05", "2021-09-06", "2021-11-25", "2021-12-24"] },
        { 2022, ["2022-01-17", "2022-02-21", "2022-04-15", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05", "2022-11-24", "2022-12-26"] },
        { 2023, ["2023-01-02", "2023-01-16", "2023-02-20", "2023-04-07", "2023-05-29", "2023-06-19", "2023-07-04", "2023-09-04", "2023-11-23", "2023-12-25"] },
        { 2024, ["2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25"] },
        { 2025, ["2025-01-01", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25"] },
        { 2026, ["2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"] },
        { 2027, ["2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31", "2027-06-18", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24"] },
        // 1997: no MLK Day before 1998.
        { 1997, ["1997-01-01", "1997-02-17", "1997-03-28", "1997-05-26", "1997-07-04", "1997-09-01", "1997-11-27", "1997-12-25"] },
        // 1998: first MLK Day.
        { 1998, ["1998-01-01", "1998-01-19", "1998-02-16", "1998-04-10", "1998-05-25", "1998-07-03", "1998-09-07", "1998-11-26", "1998-12-25"] },
        // 2011: New Year on a Saturday, not observed; Christmas on a Sunday, observed Monday.
        { 2011, ["2011-01-17", "2011-02-21", "2011-04-22", "2011-05-30", "2011-07-04", "2011-09-05", "2011-11-24", "2011-12-26"] },
        // 2017: New Year on a Sunday, observed Monday.
        { 2017, ["2017-01-02", "2017-01-16", "2017-02-20", "2017-04-14", "2017-05-29", "2017-07-04", "2017-09-04", "2017-11-23", "2017-12-25"] },
    };

    [Theory]
    [MemberData(nameof(PublishedHolidays))]
    public void Holidays_match_the_published_schedule(int year, string[] expected)
    {
        Assert.Equal(expected.Select(D), Nyse.Holidays(year));
        foreach (var day in expected.Select(D))
        {
            Assert.False(Nyse.IsTradingDay(day), $"{day} should be closed");
        }
    }

    [Theory]
    [InlineData("2021-12-31")] // Saturday New Year's Day is not observed on the Friday before.
    [InlineData("2010-12-31")]
    [InlineData("2022-06-17")]
    [InlineData("2021-06-18")] // Juneteenth only from 2022.
    [InlineData("1997-01-20")] // MLK Day only from 1998.
    [InlineData("2024-01-02")]
    [InlineData("2001-09-17")]
    [InlineData("2012-10-31")]
    [InlineData("2013-07-05")]
    public void Open_days(string date) => Assert.True(Nyse.IsTradingDay(D(date)));

    [Theory]
    [InlineData("2024-06-15")] // Saturday
    [InlineData("2024-06-16")] // Sunday
    [InlineData("2022-06-20")] // Juneteenth observed Monday
    [InlineData("2027-06-18")] // Juneteenth observed Friday
    [InlineData("2020-07-03")] // Independence Day observed Friday
    [InlineData("2021-07-05")] // Independence Day observed Monday
    [InlineData("2022-12-26")] // Christmas observed Monday
    [InlineData("2021-12-24")] // Christmas observed Friday
    [InlineData("2023-01-02")] // New Year observed Monday
    [InlineData("2008-03-21")] // Good Friday (Easter 2008-03-23)
    [InlineData("2000-04-21")] // Good Friday (Easter 2000-04-23)
    [InlineData("1994-04-27")] // Nixon
    [InlineData("2001-09-11")]
    [InlineData("2001-09-12")]
    [InlineData("2001-09-13")]
    [InlineData("2001-09-14")]
    [InlineData("2004-06-11")] // Reagan
    [InlineData("2007-01-02")] // Ford
    [InlineData("2012-10-29")] // Sandy
    [InlineData("2012-10-30")]
    [InlineData("2018-12-05")] // G. H. W. Bush
    [InlineData("2025-01-09")] // Carter
    public void Closed_days(string date) => Assert.False(Nyse.IsTradingDay(D(date)));

    [Theory]
    [InlineData("2023-07-03")] // Monday before a Tuesday July 4
    [InlineData("2024-07-03")] // Wednesday, from 2013
    [InlineData("2025-07-03")] // Thursday
    [InlineData("2018-07-03")] // Tuesday
    [InlineData("2002-07-05")] // Friday after a Thursday July 4, 1996..2012
    [InlineData("2013-07-03")] // first Wednesday July 3 early close
    [InlineData("2024-11-29")] // day after Thanksgiving
    [InlineData("1992-11-27")] // first day-after-Thanksgiving early close (14:00)
    [InlineData("2023-11-24")]
    [InlineData("2024-12-24")] // Christmas Eve Tuesday
    [InlineData("2020-12-24")] // Thursday
    [InlineData("1990-12-24")] // Monday
    [InlineData("1997-12-26")] // one-off
    [InlineData("2003-12-26")] // one-off
    public void Half_days(string date)
    {
        Assert.True(Nyse.IsTradingDay(D(date)));
        Assert.True(Nyse.IsHalfDay(D(date)));
    }

    [Theory]
    [InlineData("2022-07-01")] // Friday before a Monday July 4: full day
    [InlineData("2015-07-02")] // July 3 is the observed holiday; July 2 is a full day
    [InlineData("2020-07-02")]
    [InlineData("2020-07-03")] // holiday, not a half day
    [InlineData("2002-07-03")] // Wednesday before 2013: full day (the Friday after was the early close)
    [InlineData("2019-07-05")] // Friday after a Thursday July 4 from 2013: full day
    [InlineData("1994-07-01")] // no July 3 rule before 1995
    [InlineData("1991-11-29")] // no day-after-Thanksgiving early close before 1992
    [InlineData("2021-12-24")] // Christmas Eve is the observed holiday
    [InlineData("2021-12-23")]
    [InlineData("2024-12-31")]
    [InlineData("2024-12-23")]
    [InlineData("2024-06-15")] // weekend
    public void Not_half_days(string date) => Assert.False(Nyse.IsHalfDay(D(date)));

    [Theory]
    [InlineData(1990, "1990-04-15")]
    [InlineData(2000, "2000-04-23")]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2011, "2011-04-24")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2035, "2035-03-25")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_computus(int year, string expected) => Assert.Equal(D(expected), NyseCalendar.EasterSunday(year));

    [Fact]
    public void Every_year_1990_to_2035_has_a_plausible_session_count()
    {
        for (var year = 1990; year <= 2035; year++)
        {
            var sessions = Nyse.TradingDays(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)).Count();
            var halfDays = Nyse.TradingDays(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)).Count(Nyse.IsHalfDay);

            // 2001 lost four days to September 11; otherwise 250..254 sessions a year.
            Assert.InRange(sessions, year == 2001 ? 248 : 250, 254);
            Assert.InRange(halfDays, 0, 4);
            Assert.InRange(Nyse.Holidays(year).Count, 7, 10); // 7 in 1994: no MLK Day yet, Saturday New Year
            Assert.All(Nyse.Holidays(year), h => Assert.True(h.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        }
    }

    [Fact]
    public void Calendar_identity()
    {
        Assert.Equal("NYSE", Nyse.Name);
        Assert.Equal(252, Nyse.TradingDaysPerYear);
        Assert.True(Nyse.IsHoliday(D("2024-07-04")));
        Assert.False(Nyse.IsHoliday(D("2025-01-09"))); // a special closure, not a holiday by rule
    }
}
