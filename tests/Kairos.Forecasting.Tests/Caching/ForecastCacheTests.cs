using Kairos.Forecasting.Caching;
using Microsoft.Data.Sqlite;

namespace Kairos.Forecasting.Tests.Caching;

/// <summary>Hits, restarts, TTL, eviction, the disabled switch and refusal of files that are not a forecast cache.</summary>
public sealed class ForecastCacheTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(300);

    private static ForecastCacheKey Key(string symbol, int n) =>
        new(symbol, new ForecastKey("test-forecaster/v1", (UInt128)n));

    private static Task<ForecastCache> Open(string? path = null, long maxBytes = 64L * 1024 * 1024, bool enabled = true, ManualClock? clock = null) =>
        ForecastCache.OpenAsync(new ForecastCacheOptions { Path = path, MaxBytes = maxBytes, Enabled = enabled }, clock ?? new ManualClock(T0));

    [Fact]
    public async Task Identical_key_hits_and_another_key_misses()
    {
        using var cache = await Open();
        cache.Add(Key("AAA", 1), CacheFixtures.Forecast(10), partialBar: false, T0);
        Assert.True(cache.TryGet(Key("AAA", 1), T0, out var hit));
        Assert.Equal(CacheFixtures.Forecast(10), hit);
        Assert.False(cache.TryGet(Key("AAA", 2), T0, out _));
        Assert.False(cache.TryGet(Key("BBB", 1), T0, out _));
        Assert.False(cache.TryGet(new ForecastCacheKey("AAA", new ForecastKey("test-forecaster/v2", 1)), T0, out _));
        Assert.Equal(new ForecastCacheStatistics(Hits: 1, DiskHits: 0, Misses: 3, Evictions: 0, Expired: 0, Entries: 1, Bytes: ForecastCache.EntryBytes), cache.Statistics);
        Assert.Equal(0.25, cache.Statistics.HitRate);
    }

    [Fact]
    public async Task A_new_cache_on_the_same_file_hits_after_a_restart()
    {
        using var scratch = CacheFixtures.Scratch();
        var path = scratch.File("sub/forecasts.db");
        using (var first = await Open(path))
        {
            first.AddRange([(Key("AAA", 1), CacheFixtures.Forecast(10), false), (Key("AAA", 2), CacheFixtures.Forecast(20), true)], T0);
        }

        using var second = await Open(path);
        Assert.True(second.IsPersistent);
        Assert.True(second.TryGet(Key("AAA", 1), T0.AddDays(400), out var completed));
        Assert.Equal(CacheFixtures.Forecast(10), completed);
        Assert.True(second.TryGet(Key("AAA", 2), T0.AddSeconds(299), out var partial));
        Assert.Equal(CacheFixtures.Forecast(20), partial);

        // Both came from disk and are now in memory: the next lookup is a memory hit.
        Assert.True(second.TryGet(Key("AAA", 1), T0, out _));
        Assert.Equal(new ForecastCacheStatistics(3, 2, 0, 0, 0, 2, 2 * ForecastCache.EntryBytes), second.Statistics);
    }

    [Fact]
    public async Task A_partial_window_expires_after_the_ttl_and_a_completed_one_never()
    {
        using var scratch = CacheFixtures.Scratch();
        var path = scratch.File("forecasts.db");
        using (var cache = await Open(path))
        {
            cache.Add(Key("AAA", 1), CacheFixtures.Forecast(10), partialBar: true, T0);
            cache.Add(Key("AAA", 2), CacheFixtures.Forecast(20), partialBar: false, T0);
            Assert.True(cache.TryGet(Key("AAA", 1), T0 + Ttl - TimeSpan.FromMilliseconds(1), out _));
            Assert.False(cache.TryGet(Key("AAA", 1), T0 + Ttl, out _));
            Assert.True(cache.TryGet(Key("AAA", 2), T0.AddYears(10), out _));
            Assert.Equal(new ForecastCacheStatistics(2, 0, 1, 0, 1, 1, ForecastCache.EntryBytes), cache.Statistics);
        }

        // The expired entry was deleted from disk too: a restart does not bring it back.
        using var reopened = await Open(path);
        Assert.False(reopened.TryGet(Key("AAA", 1), T0, out _));
        Assert.True(reopened.TryGet(Key("AAA", 2), T0, out _));
    }

    [Fact]
    public async Task Opening_deletes_partial_rows_past_their_ttl_and_keeps_the_rest()
    {
        using var scratch = CacheFixtures.Scratch();
        var path = scratch.File("forecasts.db");
        using (var cache = await Open(path))
        {
            cache.Add(Key("AAA", 1), CacheFixtures.Forecast(10), partialBar: true, T0);
            cache.Add(Key("AAA", 2), CacheFixtures.Forecast(20), partialBar: true, T0.AddSeconds(100));
            cache.Add(Key("AAA", 3), CacheFixtures.Forecast(30), partialBar: false, T0);
        }

        // At T0 + 350 s the first partial row (age 350 s) is past 300 s, the second (age 250 s) is not.
        using var reopened = await Open(path, clock: new ManualClock(T0.AddSeconds(350)));
        Assert.Equal(1, reopened.Statistics.Expired);
        var now = T0.AddSeconds(350);
        Assert.False(reopened.TryGet(Key("AAA", 1), now, out _));
        Assert.True(reopened.TryGet(Key("AAA", 2), now, out _));
        Assert.True(reopened.TryGet(Key("AAA", 3), now, out _));
        Assert.Equal(1, reopened.Prune(T0.AddSeconds(400)));
        Assert.False(reopened.TryGet(Key("AAA", 2), T0, out _));
    }

    [Fact]
    public async Task The_least_recently_used_entry_is_evicted_at_the_cap_and_counted()
    {
        using var cache = await Open(maxBytes: 3 * ForecastCache.EntryBytes);
        for (var i = 1; i <= 3; i++)
        {
            cache.Add(Key("AAA", i), CacheFixtures.Forecast(i), false, T0);
        }

        Assert.True(cache.TryGet(Key("AAA", 1), T0, out _));
        cache.Add(Key("AAA", 4), CacheFixtures.Forecast(4), false, T0);
        cache.Add(Key("AAA", 5), CacheFixtures.Forecast(5), false, T0);

        // Order of use before the two adds: 1 (touched), 3, 2 → 2 goes first, then 3.
        Assert.False(cache.TryGet(Key("AAA", 2), T0, out _));
        Assert.False(cache.TryGet(Key("AAA", 3), T0, out _));
        Assert.True(cache.TryGet(Key("AAA", 1), T0, out _));
        Assert.True(cache.TryGet(Key("AAA", 4), T0, out _));
        Assert.True(cache.TryGet(Key("AAA", 5), T0, out _));
        Assert.Equal(new ForecastCacheStatistics(4, 0, 2, 2, 0, 3, 3 * ForecastCache.EntryBytes), cache.Statistics);
    }

    [Fact]
    public async Task An_entry_evicted_from_memory_is_served_again_from_disk()
    {
        using var scratch = CacheFixtures.Scratch();
        using var cache = await Open(scratch.File("forecasts.db"), maxBytes: ForecastCache.EntryBytes);
        cache.Add(Key("AAA", 1), CacheFixtures.Forecast(1), false, T0);
        cache.Add(Key("AAA", 2), CacheFixtures.Forecast(2), false, T0);
        Assert.True(cache.TryGet(Key("AAA", 1), T0, out var back));
        Assert.Equal(CacheFixtures.Forecast(1), back);

        // Promoting 1 evicted 2 from memory in turn: two evictions, one disk hit, one entry in memory.
        Assert.Equal(new ForecastCacheStatistics(1, 1, 0, 2, 0, 1, ForecastCache.EntryBytes), cache.Statistics);
    }

    [Fact]
    public async Task Cycle_statistics_count_since_the_previous_read()
    {
        using var cache = await Open(maxBytes: ForecastCache.EntryBytes);
        cache.Add(Key("AAA", 1), CacheFixtures.Forecast(1), false, T0);
        cache.TryGet(Key("AAA", 1), T0, out _);
        cache.TryGet(Key("AAA", 2), T0, out _);
        Assert.Equal(new ForecastCacheStatistics(1, 0, 1, 0, 0, 1, ForecastCache.EntryBytes), cache.TakeCycleStatistics());

        cache.Add(Key("AAA", 2), CacheFixtures.Forecast(2), false, T0);
        cache.TryGet(Key("AAA", 2), T0, out _);
        Assert.Equal(new ForecastCacheStatistics(1, 0, 0, 1, 0, 1, ForecastCache.EntryBytes), cache.TakeCycleStatistics());
        Assert.Equal(new ForecastCacheStatistics(0, 0, 0, 0, 0, 1, ForecastCache.EntryBytes), cache.TakeCycleStatistics());
        Assert.Equal(new ForecastCacheStatistics(2, 0, 1, 1, 0, 1, ForecastCache.EntryBytes), cache.Statistics);
    }

    [Fact]
    public async Task A_disabled_cache_never_stores_and_never_touches_its_file()
    {
        using var scratch = CacheFixtures.Scratch();
        var path = scratch.File("forecasts.db");
        using var cache = await Open(path, enabled: false);
        cache.Add(Key("AAA", 1), CacheFixtures.Forecast(1), false, T0);
        Assert.False(cache.TryGet(Key("AAA", 1), T0, out _));
        Assert.False(cache.IsPersistent);
        Assert.False(File.Exists(path));
        Assert.Equal(new ForecastCacheStatistics(0, 0, 1, 0, 0, 0, 0), cache.Statistics);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_naming_the_file()
    {
        using var scratch = CacheFixtures.Scratch();
        var path = scratch.File("garbage.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public async Task Another_programs_database_is_refused_and_left_unchanged()
    {
        using var scratch = CacheFixtures.Scratch();
        var path = scratch.File("bars.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE bars (symbol TEXT, ts INTEGER)";
            await create.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a Kairos forecast cache", error.Message, StringComparison.Ordinal);

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM sqlite_master";
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
    }
}
