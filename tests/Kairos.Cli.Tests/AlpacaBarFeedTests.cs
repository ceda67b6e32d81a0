using Kairos.Brokers.Alpaca;
using Kairos.Brokers.Alpaca.Fakes;
using Kairos.Cli.Commands;
using Kairos.Core;

namespace Kairos.Cli.Tests;

/// <summary>
/// <see cref="AlpacaBarFeed"/> against the fake Alpaca server: only completed sessions are served, a refresh fetches from
/// the last stored day on and takes Alpaca's revision of it, and a short answer never loses stored history. The week of
/// 2–6 March 2026 is EST: the NYSE closes at 21:00 UTC.
/// </summary>
public sealed class AlpacaBarFeedTests : IAsyncLifetime, IDisposable
{
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private FakeAlpacaServer _server = null!;
    private AlpacaClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeAlpacaServer.StartAsync();
        var options = new AlpacaOptions { TradingBaseUrl = _server.BaseUrl, DataBaseUrl = _server.BaseUrl, KeyId = "PKTEST", SecretKey = "secret-test" };
        _client = new AlpacaClient(options, null, TimeProvider.System, new Random(1), null);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Serves_completed_sessions_only_takes_revisions_of_the_last_day_and_keeps_history_on_a_short_answer()
    {
        var feed = new AlpacaBarFeed(new AlpacaMarketData(_client), [Aapl], historyDays: 30);
        _server.SetBars("AAPL", Days(2, 3, 4, 5, 6).Select(d => Bar(d, 100 + d.Day)));

        // Friday 15:00 UTC: Friday's bar is still forming.
        await feed.RefreshAsync(Utc(6, 15), CancellationToken.None);
        Assert.Equal(Days(2, 3, 4, 5), feed.CompletedBars(Aapl, Utc(6, 15))!.Bars.Select(b => b.Date));
        Assert.Contains("start=2026-02-04", Query(), StringComparison.Ordinal);
        Assert.Equal(Days(2, 3, 4, 5, 6), feed.CompletedBars(Aapl, Utc(6, 21))!.Bars.Select(b => b.Date));
        Assert.Null(feed.CompletedBars(Aapl, Utc(2, 20)));
        Assert.Null(feed.CompletedBars(new Instrument("MSFT", AssetClass.Equity), Utc(6, 21)));

        // Monday evening: Alpaca revised Friday and added Monday; the refresh asks from Friday on.
        _server.SetBars("AAPL", [.. Days(2, 3, 4, 5).Select(d => Bar(d, 100 + d.Day)), Bar(6, 99), Bar(9, 109)]);
        await feed.RefreshAsync(Utc(9, 22), CancellationToken.None);
        Assert.Contains("start=2026-03-06", Query(), StringComparison.Ordinal);
        var bars = feed.CompletedBars(Aapl, Utc(9, 22))!.Bars;
        Assert.Equal([.. Days(2, 3, 4, 5, 6), new DateOnly(2026, 3, 9)], bars.Select(b => b.Date));
        Assert.Equal([102, 103, 104, 105, 99, 109], bars.Select(b => b.Close));

        // Tuesday: Alpaca answers with nothing (an outage of its data): every stored day stays.
        _server.SetBars("AAPL", []);
        await feed.RefreshAsync(Utc(10, 22), CancellationToken.None);
        Assert.Equal(bars.Select(b => (b.Date, b.Close)), feed.CompletedBars(Aapl, Utc(10, 22))!.Bars.Select(b => (b.Date, b.Close)));
    }

    private string Query() => _server.Requests.Last(r => r.Path == "/v2/stocks/bars").Query;

    private static DateTimeOffset Utc(int day, int hour) => new(2026, 3, day, hour, 0, 0, TimeSpan.Zero);

    private static DateOnly[] Days(params int[] days) => [.. days.Select(d => new DateOnly(2026, 3, d))];

    /// <summary>A daily bar as Alpaca stamps it (midnight ET = 05:00 UTC in EST).</summary>
    private static FakeBar Bar(int day, decimal close) => new(Utc(day, 5), close - 1, close + 1, close - 2, close, 1_000_000);

    private static FakeBar Bar(DateOnly day, decimal close) => Bar(day.Day, close);
}
