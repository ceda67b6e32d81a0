using Kairos.Core;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class WatcherExpiryTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly WatcherSettings Settings = new();

    [Theory]
    // Wed 10:00 EST → that day's 16:00 EST close.
    [InlineData("2026-11-18T15:00:00Z", "2026-11-18T21:00:00Z")]
    // Fri 15:30 EST: the close is 30 min away → 60 min from now.
    [InlineData("2026-11-20T20:30:00Z", "2026-11-20T21:30:00Z")]
    // Saturday → Monday's close.
    [InlineData("2026-11-21T15:00:00Z", "2026-11-23T21:00:00Z")]
    // Wed 17:00 EST before Thanksgiving → Friday's half day, 13:00 EST.
    [InlineData("2026-11-25T22:00:00Z", "2026-11-27T18:00:00Z")]
    // Fri 17:00 EST before the spring DST change → Monday 16:00 EDT.
    [InlineData("2026-03-06T22:00:00Z", "2026-03-09T20:00:00Z")]
    public void Equities_expire_at_the_next_nyse_close_at_least_an_hour_away(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), WatcherExpiry.For(Aapl, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Settings));

    [Theory]
    // Wed 10:00 EST: 22:00 EST today is 12 h away → Thursday 22:00 EST (36 h).
    [InlineData("2026-11-18T15:00:00Z", "2026-11-20T03:00:00Z")]
    // Wed 21:00 EST: today's 22:00 is 1 h away → Thursday's (25 h).
    [InlineData("2026-11-19T02:00:00Z", "2026-11-20T03:00:00Z")]
    // Exactly 22:00 EST: 0 h away → tomorrow's, exactly 24 h.
    [InlineData("2026-11-19T03:00:00Z", "2026-11-20T03:00:00Z")]
    // Sat 23:00 EST before spring forward: Sun 22:00 EDT is 22 h away → Mon 22:00 EDT (46 h).
    [InlineData("2026-03-08T04:00:00Z", "2026-03-10T02:00:00Z")]
    public void Crypto_expires_at_the_first_22_eastern_at_least_24_hours_away(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), WatcherExpiry.For(Btc, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Settings));
}
