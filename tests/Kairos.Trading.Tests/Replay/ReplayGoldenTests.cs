namespace Kairos.Trading.Tests.Replay;

public sealed class ReplayGoldenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-replay-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Replay_of_bundled_data_is_pinned_and_reproducible()
    {
        var a = Path.Combine(_dir, "a.db");
        var b = Path.Combine(_dir, "b.db");
        await ReplayHarness.RunAsync(a);
        await ReplayHarness.RunAsync(b);
        var first = await ReplayHarness.OutcomeAsync(a);
        var second = await ReplayHarness.OutcomeAsync(b);

        Assert.Equal(first.BrokerFills, second.BrokerFills);
        Assert.Equal(first.BrokerFills, first.StoreFills);
        var hash = first.FillsSha256;
        var summary = $"fills={first.BrokerFills.Count} trades={first.Trades.Count} orders={first.Orders.Count} cash={first.Cash} equity={first.Equity[^1]} hash={hash}";
        Assert.Equal(
            "fills=14 trades=7 orders=69 cash=96048.94973277134154059483875 equity=2026-02-06T21:00:00.0000000+00:00 96048.94973277134154059483875 "
            + "hash=61edf6366d1732755927660edf67fa80f79b4ea6ed8a62075a8d97de42d2727d",
            summary);
    }
}
