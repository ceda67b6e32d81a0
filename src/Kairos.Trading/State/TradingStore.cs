using System.Globalization;
using Kairos.Core.Trading;
using Kairos.Data;
using Microsoft.Data.Sqlite;

namespace Kairos.Trading.State;

/// <summary>
/// Everything the bot must remember between cycles and across restarts, in one SQLite file: runs, cycles, decisions,
/// order intents, fills, positions, closed trades, equity snapshots, watcher states, checkpoints and cycle metrics.
/// </summary>
/// <remarks>
/// The schema is created and upgraded by numbered migrations recorded in <c>schema_version(version, applied_at)</c>,
/// each applied once, in order, in its own transaction; opening an up-to-date file changes nothing, and a file written
/// by a newer Kairos is refused with its path in the message. The journal is WAL, so a report can read while a run
/// writes. Every write is one transaction (see <see cref="WriteBatchAsync"/> for several records that must commit
/// together). Each call opens its own unpooled connection, so the store may be used from several tasks and the file is
/// released when a call returns. Storage conventions are in <c>docs/state-and-reports.md</c>.
/// </remarks>
public sealed partial class TradingStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;

    private TradingStore(string path, TimeProvider timeProvider)
    {
        Path = path;
        _timeProvider = timeProvider;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooled: an unpooled WAL connection checkpoints and reopens the file on every call (most of a replay's time).
            Pooling = true,
            ForeignKeys = true,
        }.ToString();
    }

    /// <summary>The schema version this build writes; a file with a higher version was written by a newer Kairos.</summary>
    public static int LatestSchemaVersion => TradingStoreSchema.Latest;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating if needed) a store and brings its schema up to <see cref="LatestSchemaVersion"/>;
    /// <paramref name="timeProvider"/> stamps applied migrations.
    /// </summary>
    public static Task<TradingStore> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        OpenAsync(path, timeProvider, LatestSchemaVersion, cancellationToken);

    /// <summary>Opens the store applying migrations up to <paramref name="targetVersion"/> only (tests of the upgrade path).</summary>
    internal static async Task<TradingStore> OpenAsync(string path, TimeProvider timeProvider, int targetVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var store = new TradingStore(path, timeProvider);
        await store.MigrateAsync(targetVersion, cancellationToken);
        return store;
    }

    /// <summary>The highest migration applied to the file.</summary>
    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await CurrentVersionAsync(connection, null, cancellationToken);
    }

    /// <summary>
    /// Applies the writes queued by <paramref name="build"/> in one transaction: all of them or none. An exception thrown
    /// by <paramref name="build"/> or by any write leaves the file as it was. Returns the number of rows changed.
    /// </summary>
    public async Task<int> WriteBatchAsync(Action<ITradingStoreBatch> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        var batch = new TradingStoreBatch();
        build(batch);
        if (batch.Count == 0)
        {
            return 0;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var changed = await batch.ExecuteAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Records a new run, status <see cref="RunStatus.Running"/>, and returns it with its id.</summary>
    public async Task<RunRecord> StartRunAsync(TradingMode mode, string broker, DateTimeOffset startedAt, string configJson, int? seed, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(broker);
        ArgumentNullException.ThrowIfNull(configJson);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = Command(
            connection,
            transaction,
            """
            INSERT INTO runs (mode, broker, started_at, config_json, seed, status) VALUES ($mode, $broker, $started, $config, $seed, $status)
            RETURNING id
            """);
        insert.Parameters.AddWithValue("$mode", StoreText.Enum(mode));
        insert.Parameters.AddWithValue("$broker", broker);
        insert.Parameters.AddWithValue("$started", StoreText.Instant(startedAt));
        insert.Parameters.AddWithValue("$config", configJson);
        insert.Parameters.AddWithValue("$seed", seed is { } s ? s : DBNull.Value);
        insert.Parameters.AddWithValue("$status", StoreText.Enum(RunStatus.Running));
        var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return new RunRecord(id, mode, broker, startedAt, configJson, seed, RunStatus.Running, null);
    }

    public Task FinishRunAsync(long runId, RunStatus status, DateTimeOffset finishedAt, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.FinishRun(runId, status, finishedAt), cancellationToken);

    /// <summary>Records a cycle as begun (its status is normally <see cref="CycleStatus.Running"/>).</summary>
    public Task BeginCycleAsync(CycleRecord cycle, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.BeginCycle(cycle), cancellationToken);

    public Task CompleteCycleAsync(long runId, string cycleId, CycleStatus status, DateTimeOffset finishedAt, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.CompleteCycle(runId, cycleId, status, finishedAt), cancellationToken);

    public Task RecordDecisionsAsync(IEnumerable<DecisionRecord> decisions, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.RecordDecisions(decisions), cancellationToken);

    /// <summary>Records an intent before it is submitted; a second intent with the same client order id is refused.</summary>
    public Task RecordIntentAsync(OrderIntent intent, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.RecordIntent(intent), cancellationToken);

    /// <summary>The broker acknowledged the intent as <paramref name="brokerOrderId"/>; throws when no such intent was recorded.</summary>
    public Task MarkSubmittedAsync(string clientOrderId, string brokerOrderId, OrderStatus status, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.MarkSubmitted(clientOrderId, brokerOrderId, status, at), cancellationToken);

    /// <summary>The intent was refused before the broker accepted it (a <c>BrokerException</c>, a risk check).</summary>
    public Task MarkRejectedAsync(string clientOrderId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.MarkRejected(clientOrderId, reason, at), cancellationToken);

    /// <summary>Stores the broker's latest view of the order (status, fills so far, reject reason), matched by client order id.</summary>
    public Task UpdateOrderStatusAsync(Order order, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.UpdateOrderStatus(order), cancellationToken);

    /// <summary>Records the fills not yet recorded (idempotent on the run and sequence); returns how many were new.</summary>
    public Task<int> RecordFillsAsync(long runId, IEnumerable<Fill> fills, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.RecordFills(runId, fills), cancellationToken);

    public Task UpsertPositionAsync(long runId, StoredPosition position, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.UpsertPosition(runId, position), cancellationToken);

    public Task DeletePositionAsync(long runId, string symbol, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.DeletePosition(runId, symbol), cancellationToken);

    public Task RecordClosedTradeAsync(long runId, ClosedTrade trade, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.RecordClosedTrade(runId, trade), cancellationToken);

    /// <summary>Records a snapshot; a second snapshot at the same instant replaces the first.</summary>
    public Task RecordEquityAsync(long runId, EquitySnapshot snapshot, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.RecordEquity(runId, snapshot), cancellationToken);

    /// <summary>Inserts or replaces the watchers by id.</summary>
    public Task SaveWatchersAsync(long runId, IEnumerable<WatcherState> watchers, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.SaveWatchers(runId, watchers), cancellationToken);

    public Task SetCheckpointAsync(long runId, string key, string value, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.SetCheckpoint(runId, key, value), cancellationToken);

    /// <summary>Records the metrics of a cycle; a metric recorded again under the same name is replaced.</summary>
    public Task RecordMetricsAsync(long runId, string cycleId, IEnumerable<CycleMetric> metrics, CancellationToken cancellationToken = default) =>
        WriteBatchAsync(b => b.RecordMetrics(runId, cycleId, metrics), cancellationToken);

    private async Task MigrateAsync(int targetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await SqliteSchema.MigrateAsync(connection, Path, "schema_version", TradingStoreSchema.Migrations, targetVersion, _timeProvider, cancellationToken);
    }

    private static Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        SqliteSchema.CurrentVersionAsync(connection, transaction, "schema_version", cancellationToken);

    private Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) => SqliteSchema.OpenAsync(_connectionString, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql) => SqliteSchema.Command(connection, transaction, sql);
}
