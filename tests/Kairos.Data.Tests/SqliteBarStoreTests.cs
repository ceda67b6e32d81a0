using Kairos.Core;
using Microsoft.Data.Sqlite;

namespace Kairos.Data.Tests;

public sealed class SqliteBarStoreTests : IDisposable
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"kairos-store-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var suffix in (string[])["", "-wal", "-shm"])
        {
            File.Delete(_path + suffix);
        }
    }

    private static Bar Day(int day, double close, double volume = 100) =>
        new(TestFiles.Utc(2024, 1, day), close, close + 1, close - 1, close, volume);

    [Fact]
    public async Task Round_trip_keeps_every_bit()
    {
        var store = await SqliteBarStore.OpenAsync(_path);
        var series = BarCsvLoader.Load(TestFiles.Fixture("lee101-yahoo-MSTR.csv"), Instrument.Infer("MSTR"), BarValidationPolicy.Default).Series;

        Assert.Equal(30, await store.UpsertBarsAsync(series.Instrument, series.Bars));
        var loaded = await store.LoadAsync("mstr");

        Assert.NotNull(loaded);
        Assert.Equal(series.Instrument, loaded.Instrument);
        Assert.Equal(series.Bars, loaded.Bars);
        Assert.All(loaded.Bars, b => Assert.Equal(TimeSpan.Zero, b.Timestamp.Offset));
    }

    [Fact]
    public async Task Asset_class_is_stored_with_the_instrument()
    {
        var store = await SqliteBarStore.OpenAsync(_path);
        await store.UpsertBarsAsync(Btc, [Day(2, 10)]);
        await store.UpsertBarsAsync(Aapl, [Day(2, 20)]);

        Assert.Equal(["AAPL", "BTCUSD"], await store.ListSymbolsAsync());
        Assert.Equal([Aapl, Btc], await store.ListInstrumentsAsync());
        Assert.Equal(AssetClass.Crypto, (await store.LoadAsync("BTCUSD"))!.Instrument.AssetClass);
    }

    [Fact]
    public async Task Upsert_replaces_bars_with_the_same_timestamp()
    {
        var store = await SqliteBarStore.OpenAsync(_path);
        await store.UpsertBarsAsync(Btc, [Day(2, 10), Day(3, 11)]);
        await store.UpsertBarsAsync(Btc, [Day(3, 12, 5), Day(4, 13)]);

        var loaded = await store.LoadAsync("BTCUSD");
        Assert.Equal([Day(2, 10), Day(3, 12, 5), Day(4, 13)], loaded!.Bars);
    }

    [Fact]
    public async Task Upsert_is_one_transaction()
    {
        var store = await SqliteBarStore.OpenAsync(_path);
        var bad = new Bar(TestFiles.Utc(2024, 1, 3).AddMilliseconds(500), 1, 1, 1, 1, 1);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertBarsAsync(Btc, [Day(2, 10), bad]));
        Assert.Contains("sub-second", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.LoadAsync("BTCUSD")); // neither the instrument nor the first bar was kept

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertBarsAsync(Btc, [Day(2, double.NaN)]));
    }

    [Fact]
    public async Task Changing_an_instruments_asset_class_fails()
    {
        var store = await SqliteBarStore.OpenAsync(_path);
        await store.UpsertBarsAsync(Btc, [Day(2, 10)]);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertBarsAsync(new Instrument("BTCUSD", AssetClass.Equity), [Day(3, 10)]));
        Assert.Equal("BTCUSD is stored as crypto, not equity.", ex.Message);
    }

    [Fact]
    public async Task Load_filters_by_inclusive_range_and_unknown_symbol_is_null()
    {
        var store = await SqliteBarStore.OpenAsync(_path);
        await store.UpsertBarsAsync(Btc, [Day(2, 10), Day(3, 11), Day(4, 12), Day(5, 13)]);

        var middle = await store.LoadAsync("BTCUSD", TestFiles.Utc(2024, 1, 3), TestFiles.Utc(2024, 1, 4));
        Assert.Equal([Day(3, 11), Day(4, 12)], middle!.Bars);
        Assert.Equal(2, (await store.LoadAsync("BTCUSD", TestFiles.Utc(2024, 1, 4), null))!.Count);
        Assert.Equal(0, (await store.LoadAsync("BTCUSD", TestFiles.Utc(2025, 1, 1), null))!.Count);
        Assert.Null(await store.LoadAsync("ETHUSD"));
    }

    [Fact]
    public async Task Migrations_are_applied_once_in_order()
    {
        var firstOpen = new FixedTime(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var store = await SqliteBarStore.OpenAsync(_path, firstOpen);
        await store.UpsertBarsAsync(Btc, [Day(2, 10)]);
        var reopened = await SqliteBarStore.OpenAsync(_path, new FixedTime(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(SqliteBarStore.LatestSchemaVersion, await reopened.SchemaVersionAsync());
        Assert.Equal([(1L, "2024-05-06T07:08:09.000Z"), (2L, "2024-05-06T07:08:09.000Z")], Query(_path, "SELECT version, applied_at FROM schema_migrations ORDER BY version", r => (r.GetInt64(0), r.GetString(1))));
        Assert.Equal([Day(2, 10)], (await reopened.LoadAsync("BTCUSD"))!.Bars);
    }

    [Fact]
    public async Task Journal_is_wal()
    {
        await SqliteBarStore.OpenAsync(_path);
        Assert.Equal(["wal"], Query(_path, "PRAGMA journal_mode", r => r.GetString(0)));
    }

    [Fact]
    public async Task A_newer_schema_is_refused()
    {
        await SqliteBarStore.OpenAsync(_path);
        Query(_path, "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'x')", r => 0);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteBarStore.OpenAsync(_path));
        Assert.Contains("schema version 99 is newer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundled_sample_round_trips()
    {
        var store = await SqliteBarStore.OpenAsync(_path);
        var results = await BarDirectory.LoadAllAsync(Path.Combine(TestFiles.RepoRoot, "data", "daily"), BarValidationPolicy.Default);
        foreach (var result in results)
        {
            await store.UpsertBarsAsync(result.Series.Instrument, result.Series.Bars);
        }

        Assert.Equal(results.Select(r => r.Series.Instrument.Symbol), await store.ListSymbolsAsync());
        foreach (var result in results)
        {
            Assert.Equal(result.Series.Bars, (await store.LoadAsync(result.Series.Instrument.Symbol))!.Bars);
        }
    }

    private static List<T> Query<T>(string path, string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
