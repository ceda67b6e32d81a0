using System.Globalization;
using Kairos.Core;

namespace Kairos.Core.Tests;

public class ExchangeCalendarExtensionsTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2024-07-03", "2024-07-05")] // skips Independence Day
    [InlineData("2024-07-05", "2024-07-08")] // skips the weekend
    [InlineData("2001-09-10", "2001-09-17")] // skips September 11..14 and the weekend
    [InlineData("2024-03-28", "2024-04-01")] // skips Good Friday
    [InlineData("2024-06-15", "2024-06-17")] // from a Saturday
    public void Next_trading_day(string from, string expected) =>
        Assert.Equal(D(expected), NyseCalendar.Instance.NextTradingDay(D(from)));

    [Theory]
    [InlineData("2024-07-05", "2024-07-03")]
    [InlineData("2024-07-08", "2024-07-05")]
    [InlineData("2001-09-17", "2001-09-10")]
    [InlineData("2025-01-10", "2025-01-08")] // skips the Carter closure
    [InlineData("2024-01-02", "2023-12-29")] // skips New Year and the weekend
    public void Previous_trading_day(string from, string expected) =>
        Assert.Equal(D(expected), NyseCalendar.Instance.PreviousTradingDay(D(from)));

    [Fact]
    public void Crypto_steps_one_calendar_day()
    {
        Assert.Equal(D("2024-06-16"), CryptoCalendar.Instance.NextTradingDay(D("2024-06-15")));
        Assert.Equal(D("2024-12-31"), CryptoCalendar.Instance.PreviousTradingDay(D("2025-01-01")));
        Assert.Equal(366, CryptoCalendar.Instance.TradingDays(D("2024-01-01"), D("2024-12-31")).Count());
    }

    [Fact]
    public void Trading_days_in_2024()
    {
        var days = NyseCalendar.Instance.TradingDays(D("2024-01-01"), D("2024-12-31")).ToList();
        Assert.Equal(252, days.Count);
        Assert.Equal(D("2024-01-02"), days[0]);
        Assert.Equal(D("2024-12-31"), days[^1]);
        Assert.Empty(NyseCalendar.Instance.TradingDays(D("2024-01-02"), D("2024-01-01")));
    }

    [Fact]
    public void A_calendar_without_sessions_fails_instead_of_looping()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new NeverOpen().NextTradingDay(D("2024-01-01")));
        Assert.Contains("never", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new NeverOpen().PreviousTradingDay(D("2024-01-01")));
    }

    private sealed class NeverOpen : IExchangeCalendar
    {
        public string Name => "never";

        public int TradingDaysPerYear => 0;

        public bool IsTradingDay(DateOnly date) => false;

        public bool IsHalfDay(DateOnly date) => false;
    }
}
