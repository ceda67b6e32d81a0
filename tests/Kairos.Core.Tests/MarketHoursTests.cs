using Kairos.Core;

namespace Kairos.Core.Tests;

public class MarketHoursTests
{
    [Theory]
    [InlineData("2026-03-06", 14, 30)] // Friday before DST: 09:30 EST = 14:30 UTC
    [InlineData("2026-03-09", 13, 30)] // Monday after DST starts (8 March 2026): 09:30 EDT = 13:30 UTC
    [InlineData("2026-10-30", 13, 30)] // still EDT
    [InlineData("2026-11-02", 14, 30)] // DST ended 1 November 2026
    [InlineData("2006-04-03", 13, 30)] // pre-2007 rule: DST from the first Sunday of April (2 April 2006)
    [InlineData("2006-03-31", 14, 30)]
    public void Nyse_open_follows_us_daylight_saving(string date, int utcHour, int utcMinute)
    {
        var session = NyseCalendar.Instance.Session(DateOnly.Parse(date))!;
        Assert.Equal(new DateTimeOffset(DateOnly.Parse(date).ToDateTime(new TimeOnly(utcHour, utcMinute)), TimeSpan.Zero), session.Open.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(6.5), session.Length);
    }

    [Fact]
    public void Half_day_closes_at_13_eastern_and_holidays_have_no_session()
    {
        var dayAfterThanksgiving = NyseCalendar.Instance.Session(new DateOnly(2026, 11, 27))!;
        Assert.Equal(new TimeOnly(13, 0), TimeOnly.FromDateTime(UsEastern.ToEastern(dayAfterThanksgiving.Close).DateTime));
        Assert.Null(NyseCalendar.Instance.Session(new DateOnly(2026, 11, 26)));
        Assert.Null(NyseCalendar.Instance.Session(new DateOnly(2026, 11, 28)));
    }

    [Fact]
    public void Next_open_skips_weekends_and_holidays()
    {
        // Wednesday 25 Nov 2026 17:00 ET → Friday 27 Nov 09:30 ET (Thanksgiving closed).
        var t = UsEastern.FromEastern(new DateOnly(2026, 11, 25), new TimeOnly(17, 0));
        var next = NyseCalendar.Instance.NextOpen(t);
        Assert.Equal(UsEastern.FromEastern(new DateOnly(2026, 11, 27), new TimeOnly(9, 30)), next);
        Assert.False(NyseCalendar.Instance.IsOpen(t));
        Assert.True(NyseCalendar.Instance.IsOpen(next));
        Assert.False(NyseCalendar.Instance.IsOpen(next.AddTicks(-1)));
    }

    [Fact]
    public void Crypto_session_is_the_utc_day()
    {
        var s = CryptoCalendar.Instance.Session(new DateOnly(2026, 3, 8))!;
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero), s.Open);
        Assert.Equal(TimeSpan.FromDays(1), s.Length);
        Assert.True(CryptoCalendar.Instance.IsOpen(new DateTimeOffset(2026, 3, 8, 23, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Spring_forward_gap_and_autumn_ambiguity_resolve_as_documented()
    {
        // 2026-03-08 02:30 does not exist in New York: read as 02:30 EST = 07:30 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), UsEastern.FromEastern(new DateOnly(2026, 3, 8), new TimeOnly(2, 30)).ToUniversalTime());
        // 2026-11-01 01:30 happens twice: the first (EDT, UTC−4) is chosen.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), UsEastern.FromEastern(new DateOnly(2026, 11, 1), new TimeOnly(1, 30)).ToUniversalTime());
    }
}
