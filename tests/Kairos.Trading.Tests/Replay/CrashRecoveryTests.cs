namespace Kairos.Trading.Tests.Replay;

/// <summary>
/// Kills the replay at random instants — between recording an order intent and submitting it, between submitting and
/// recording the acknowledgement, mid-cycle, after fills, after a step — restarts it from its file alone, and checks that
/// orders, fills and positions end exactly as in an uninterrupted run: no fill lost, no order doubled.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private static readonly DateOnly LastDay = new(2026, 1, 30);
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-crash-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Killed_and_restarted_replays_end_exactly_like_an_uninterrupted_one()
    {
        var reference = Path.Combine(_dir, "reference.db");
        var sites = new Dictionary<string, int>(StringComparer.Ordinal);
        await ReplayHarness.RunAsync(reference, site => sites[site] = sites.GetValueOrDefault(site) + 1, LastDay);
        var expected = await ReplayHarness.OutcomeAsync(reference);
        var hits = sites.Values.Sum();
        Assert.True(sites.GetValueOrDefault("intent-recorded") > 0 && sites.GetValueOrDefault("order-submitted") > 0, "the run must place orders");
        Assert.NotEmpty(expected.BrokerFills);

        var random = new Random(20261125);
        var crashedAt = new HashSet<string>(StringComparer.Ordinal);
        for (var iteration = 0; iteration < 6; iteration++)
        {
            var db = Path.Combine(_dir, $"crash-{iteration}.db");
            var restarts = 0;
            var crashes = 3;
            while (true)
            {
                // Each life dies at a random hit of the crash points (the later lives replay less, so draw from the rest).
                var target = crashes > 0 ? random.Next(1, Math.Max(2, hits / 3)) : int.MaxValue;
                var seen = 0;
                try
                {
                    await ReplayHarness.RunAsync(
                        db,
                        site =>
                        {
                            if (++seen == target)
                            {
                                crashedAt.Add(site);
                                throw new SimulatedCrashException(site);
                            }
                        },
                        LastDay);
                    break;
                }
                catch (SimulatedCrashException)
                {
                    crashes--;
                    restarts++;
                    Assert.True(restarts < 20, "the replay must finish");
                }
            }

            var actual = await ReplayHarness.OutcomeAsync(db);
            Assert.Equal(expected.BrokerFills, actual.BrokerFills);
            Assert.Equal(expected.Orders, actual.Orders);
            Assert.Equal(expected.Positions, actual.Positions);
            Assert.Equal(expected.Cash, actual.Cash);
            Assert.Equal(actual.BrokerFills, actual.StoreFills);
            Assert.Equal(expected.Trades, actual.Trades);
            Assert.Equal(expected.Equity, actual.Equity);
            Assert.Equal(actual.Orders.Count, actual.Orders.Select(o => o.Split(' ')[0]).Distinct().Count());
        }

        Assert.True(crashedAt.Count >= 3, $"crashes should hit several kinds of instants, hit: {string.Join(", ", crashedAt)}");
    }
}
