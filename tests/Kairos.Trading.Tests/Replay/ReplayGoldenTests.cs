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
        var hash = ReplayHarness.Sha256(first.BrokerFills);
        var summary = $"fills={first.BrokerFills.Count} trades={first.Trades.Count} orders={first.Orders.Count} cash={first.Cash} equity={first.Equity[^1]} hash={hash}";
        Assert.Equal(
            "fills=15 trades=7 orders=120 cash=105319.40160631105404964402825 equity=2026-02-06T21:00:00.0000000+00:00 105319.40160631105404964402825 "
            + "hash=f949456eb7b73c834e11ea242e8b8fdf0ec2fe3ef05569a7a15869138f334379",
            summary);
    }
}
