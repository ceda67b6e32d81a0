using Kairos.Trading.State;
using Microsoft.Data.Sqlite;

namespace Kairos.Trading.Tests.State;

public sealed class TradingStoreMigrationTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_fresh_file_gets_every_migration_and_WAL()
    {
        var store = await _fixture.OpenAsync();

        Assert.Equal(3, TradingStore.LatestSchemaVersion);
        Assert.Equal(3, await store.SchemaVersionAsync());
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
        var tables = await ListAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        Assert.Equal(
            ["checkpoints", "closed_trades", "cycle_metrics", "cycles", "decisions", "equity_snapshots", "fills", "order_intents", "positions", "runs", "schema_version", "watchers"],
            tables);
    }

    [Fact]
    public async Task Opening_an_up_to_date_file_applies_nothing_and_keeps_the_data()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Paper, "alpaca", StoreFixture.T0, "{}", null);

        _fixture.Clock.Now = StoreFixture.T0.AddDays(1);
        var reopened = await _fixture.OpenAsync();

        Assert.Equal(3, await reopened.SchemaVersionAsync());
        Assert.Equal(
            ["2024-03-04T14:30:00.000Z", "2024-03-04T14:30:00.000Z", "2024-03-04T14:30:00.000Z"],
            await ListAsync("SELECT applied_at FROM schema_version ORDER BY version"));
        Assert.Equal(run, await reopened.GetRunAsync(run.Id));
    }

    [Fact]
    public async Task An_older_file_is_upgraded_in_place()
    {
        var old = await TradingStore.OpenAsync(_fixture.Path, _fixture.Clock, targetVersion: 1, CancellationToken.None);
        Assert.Equal(1, await old.SchemaVersionAsync());
        var run = await old.StartRunAsync(TradingMode.Simulate, "simulated", StoreFixture.T0, "{\"seed\":7}", 7);
        Assert.DoesNotContain("fills", await ListAsync("SELECT name FROM sqlite_master WHERE type = 'table'"));

        var upgraded = await _fixture.OpenAsync();

        Assert.Equal(3, await upgraded.SchemaVersionAsync());
        Assert.Equal(run, await upgraded.GetRunAsync(run.Id));
        Assert.Null(await upgraded.GetLastFillSequenceAsync(run.Id));
    }

    [Fact]
    public async Task A_file_from_a_newer_build_is_refused_with_its_path()
    {
        await _fixture.OpenAsync();
        await ExecuteAsync("INSERT INTO schema_version (version, applied_at) VALUES (4, '2030-01-01T00:00:00.000Z')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(_fixture.OpenAsync);

        Assert.Contains(_fixture.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("version 4 is newer than this build's 3", error.Message, StringComparison.Ordinal);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> ListAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task<SqliteConnection> ConnectAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _fixture.Path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
