using System.Text.Json;
using Kairos.Core.Trading;
using Microsoft.Data.Sqlite;

namespace Kairos.Trading.State;

/// <summary>The read side of <see cref="TradingStore"/>: every query returns typed records, instants in UTC.</summary>
public sealed partial class TradingStore
{
    private const string RunColumns = "id, mode, broker, started_at, config_json, seed, status, finished_at";

    private const string CycleColumns = "run_id, cycle_id, window_name, scheduled_at, started_at, finished_at, status, account_json";

    private const string IntentColumns = """
        client_order_id, run_id, cycle_id, symbol, asset_class, side, quantity, order_type, limit_price, time_in_force, purpose,
        strategy, state, broker_order_id, broker_status, filled_quantity, average_fill_price, reject_reason, created_at, updated_at
        """;

    public Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken = default) =>
        QuerySingleAsync($"SELECT {RunColumns} FROM runs WHERE id = $id", ReadRun, cancellationToken, ("$id", runId));

    /// <summary>The most recently started run of <paramref name="mode"/>, whatever its status; null when there is none.</summary>
    public Task<RunRecord?> GetLatestRunAsync(TradingMode mode, CancellationToken cancellationToken = default) =>
        QuerySingleAsync($"SELECT {RunColumns} FROM runs WHERE mode = $mode ORDER BY id DESC LIMIT 1", ReadRun, cancellationToken, ("$mode", StoreText.Enum(mode)));

    public Task<IReadOnlyList<CycleRecord>> GetCyclesAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {CycleColumns} FROM cycles WHERE run_id = $run ORDER BY started_at, cycle_id", ReadCycle, cancellationToken, ("$run", runId));

    /// <summary>The latest cycle of the run still <see cref="CycleStatus.Running"/> (a crash interrupted it); null when none.</summary>
    public Task<CycleRecord?> GetUnfinishedCycleAsync(long runId, CancellationToken cancellationToken = default) =>
        QuerySingleAsync(
            $"SELECT {CycleColumns} FROM cycles WHERE run_id = $run AND status = $status ORDER BY started_at DESC, cycle_id DESC LIMIT 1",
            ReadCycle,
            cancellationToken,
            ("$run", runId),
            ("$status", StoreText.Enum(CycleStatus.Running)));

    /// <summary>The decisions of a run (or of one of its cycles), in the order they were recorded.</summary>
    public Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(long runId, string? cycleId = null, CancellationToken cancellationToken = default) =>
        QueryAsync(
            """
            SELECT run_id, cycle_id, at, symbol, action, strategy, side, reasons_json, forecast_json, composite_score FROM decisions
            WHERE run_id = $run AND ($cycle IS NULL OR cycle_id = $cycle) ORDER BY id
            """,
            ReadDecision,
            cancellationToken,
            ("$run", runId),
            ("$cycle", StoreText.OrNull(cycleId)));

    /// <summary>How many decisions of each action the run recorded (actions never taken are absent).</summary>
    public async Task<IReadOnlyDictionary<DecisionAction, int>> CountDecisionsAsync(long runId, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(
            "SELECT action, COUNT(*) FROM decisions WHERE run_id = $run GROUP BY action",
            static r => (Action: StoreText.ParseEnum<DecisionAction>(r.GetString(0), "decisions.action"), Count: r.GetInt32(1)),
            cancellationToken,
            ("$run", runId));
        return rows.ToDictionary(r => r.Action, r => r.Count);
    }

    public Task<OrderIntent?> GetIntentAsync(string clientOrderId, CancellationToken cancellationToken = default) =>
        QuerySingleAsync($"SELECT {IntentColumns} FROM order_intents WHERE client_order_id = $id", ReadIntent, cancellationToken, ("$id", clientOrderId));

    /// <summary>
    /// The run's intents never acknowledged by the broker, oldest first: after a restart, each must be looked up at the
    /// broker by client order id — placed (mark submitted) or not (submit again under the same id, or mark rejected).
    /// </summary>
    public Task<IReadOnlyList<OrderIntent>> GetPendingIntentsAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync(
            $"SELECT {IntentColumns} FROM order_intents WHERE run_id = $run AND state = $state ORDER BY created_at, client_order_id",
            ReadIntent,
            cancellationToken,
            ("$run", runId),
            ("$state", StoreText.Enum(IntentState.PendingSubmit)));

    /// <summary>The run's intents submitted and still able to fill, oldest first.</summary>
    public Task<IReadOnlyList<OrderIntent>> GetOpenIntentsAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync(
            $"SELECT {IntentColumns} FROM order_intents WHERE run_id = $run AND state = $state ORDER BY created_at, client_order_id",
            ReadIntent,
            cancellationToken,
            ("$run", runId),
            ("$state", StoreText.Enum(IntentState.Submitted)));

    /// <summary>The highest fill sequence recorded for the run (where to resume reading the broker's fills); null when none.</summary>
    public async Task<long?> GetLastFillSequenceAsync(long runId, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync("SELECT MAX(sequence) FROM fills WHERE run_id = $run", static r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), cancellationToken, ("$run", runId));
        return rows[0];
    }

    /// <summary>The run's fills in sequence order.</summary>
    public Task<IReadOnlyList<Fill>> GetFillsAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync(
            """
            SELECT sequence, order_id, client_order_id, symbol, asset_class, side, quantity, price, fee, at FROM fills
            WHERE run_id = $run ORDER BY sequence
            """,
            static r => new Fill(
                r.GetInt64(0),
                r.GetString(1),
                r.GetString(2),
                StoreText.Instrument(r.GetString(3), r.GetString(4)),
                StoreText.ParseEnum<OrderSide>(r.GetString(5), "fills.side"),
                StoreText.ParseDecimal(r.GetString(6)),
                StoreText.ParseDecimal(r.GetString(7)),
                StoreText.ParseDecimal(r.GetString(8)),
                StoreText.ParseInstant(r.GetInt64(9))),
            cancellationToken,
            ("$run", runId));

    /// <summary>The bot's open positions in the run, by symbol.</summary>
    public Task<IReadOnlyList<StoredPosition>> GetPositionsAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync(
            "SELECT symbol, asset_class, quantity, average_price, strategy, opened_at FROM positions WHERE run_id = $run ORDER BY symbol",
            static r => new StoredPosition(
                StoreText.Instrument(r.GetString(0), r.GetString(1)),
                StoreText.ParseDecimal(r.GetString(2)),
                StoreText.ParseDecimal(r.GetString(3)),
                r.IsDBNull(4) ? null : Backtesting.Strategies.StrategyNames.Parse(r.GetString(4)),
                StoreText.ParseInstant(r.GetInt64(5))),
            cancellationToken,
            ("$run", runId));

    /// <summary>
    /// Trades closed at or after <paramref name="since"/>, in closing order; of every run when <paramref name="runId"/> is
    /// null (the loss block and cooldown look across restarts), else of that run.
    /// </summary>
    public Task<IReadOnlyList<ClosedTrade>> GetClosedTradesAsync(DateTimeOffset since, long? runId = null, CancellationToken cancellationToken = default) =>
        QueryAsync(
            """
            SELECT symbol, asset_class, side, strategy, quantity, entry_price, exit_price, opened_at, closed_at, realized_pnl, fees, reason
            FROM closed_trades WHERE closed_at >= $since AND ($run IS NULL OR run_id = $run) ORDER BY closed_at, id
            """,
            static r => new ClosedTrade(
                StoreText.Instrument(r.GetString(0), r.GetString(1)),
                StoreText.ParseEnum<OrderSide>(r.GetString(2), "closed_trades.side"),
                Backtesting.Strategies.StrategyNames.Parse(r.GetString(3)),
                StoreText.ParseDecimal(r.GetString(4)),
                StoreText.ParseDecimal(r.GetString(5)),
                StoreText.ParseDecimal(r.GetString(6)),
                StoreText.ParseInstant(r.GetInt64(7)),
                StoreText.ParseInstant(r.GetInt64(8)),
                StoreText.ParseDecimal(r.GetString(9)),
                StoreText.ParseDecimal(r.GetString(10)),
                r.GetString(11)),
            cancellationToken,
            ("$since", StoreText.Instant(since)),
            ("$run", runId is { } id ? id : DBNull.Value));

    /// <summary>The run's equity snapshots in time order.</summary>
    public Task<IReadOnlyList<EquitySnapshot>> GetEquityCurveAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync(
            "SELECT at, cash, equity, gross_exposure, market_values_json FROM equity_snapshots WHERE run_id = $run ORDER BY at",
            static r => new EquitySnapshot(
                StoreText.ParseInstant(r.GetInt64(0)),
                StoreText.ParseDecimal(r.GetString(1)),
                StoreText.ParseDecimal(r.GetString(2)),
                StoreText.ParseDecimal(r.GetString(3)),
                JsonSerializer.Deserialize<SortedDictionary<string, decimal>>(r.GetString(4), StoreText.Json)
                    ?? throw new InvalidDataException("equity_snapshots.market_values_json is null.")),
            cancellationToken,
            ("$run", runId));

    /// <summary>The run's active watchers, by id: what a restart re-creates.</summary>
    public Task<IReadOnlyList<WatcherState>> LoadActiveWatchersAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync(
            "SELECT id, kind, state_json, active FROM watchers WHERE run_id = $run AND active = 1 ORDER BY id",
            static r => new WatcherState(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) == 1),
            cancellationToken,
            ("$run", runId));

    public async Task<string?> GetCheckpointAsync(long runId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var rows = await QueryAsync("SELECT value FROM checkpoints WHERE run_id = $run AND key = $key", static r => r.GetString(0), cancellationToken, ("$run", runId), ("$key", key));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The metrics of one cycle, by name.</summary>
    public Task<IReadOnlyList<CycleMetric>> GetMetricsAsync(long runId, string cycleId, CancellationToken cancellationToken = default) =>
        QueryAsync(
            "SELECT name, value FROM cycle_metrics WHERE run_id = $run AND cycle_id = $cycle ORDER BY name",
            static r => new CycleMetric(r.GetString(0), r.GetDouble(1)),
            cancellationToken,
            ("$run", runId),
            ("$cycle", cycleId));

    private static RunRecord ReadRun(SqliteDataReader r) => new(
        r.GetInt64(0),
        StoreText.ParseEnum<TradingMode>(r.GetString(1), "runs.mode"),
        r.GetString(2),
        StoreText.ParseInstant(r.GetInt64(3)),
        r.GetString(4),
        r.IsDBNull(5) ? null : r.GetInt32(5),
        StoreText.ParseEnum<RunStatus>(r.GetString(6), "runs.status"),
        r.IsDBNull(7) ? null : StoreText.ParseInstant(r.GetInt64(7)));

    private static CycleRecord ReadCycle(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        StoreText.ParseInstant(r.GetInt64(3)),
        StoreText.ParseInstant(r.GetInt64(4)),
        r.IsDBNull(5) ? null : StoreText.ParseInstant(r.GetInt64(5)),
        StoreText.ParseEnum<CycleStatus>(r.GetString(6), "cycles.status"),
        r.IsDBNull(7) ? null : JsonSerializer.Deserialize<AccountSnapshot>(r.GetString(7), StoreText.Json));

    private static DecisionRecord ReadDecision(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        StoreText.ParseInstant(r.GetInt64(2)),
        r.GetString(3),
        StoreText.ParseEnum<DecisionAction>(r.GetString(4), "decisions.action"),
        r.IsDBNull(5) ? null : Backtesting.Strategies.StrategyNames.Parse(r.GetString(5)),
        r.IsDBNull(6) ? null : StoreText.ParseEnum<OrderSide>(r.GetString(6), "decisions.side"),
        JsonSerializer.Deserialize<string[]>(r.GetString(7), StoreText.Json) ?? [],
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetDouble(9));

    private static OrderIntent ReadIntent(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetInt64(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        StoreText.Instrument(r.GetString(3), r.GetString(4)),
        StoreText.ParseEnum<OrderSide>(r.GetString(5), "order_intents.side"),
        StoreText.ParseDecimal(r.GetString(6)),
        StoreText.ParseEnum<OrderType>(r.GetString(7), "order_intents.order_type"),
        r.IsDBNull(8) ? null : StoreText.ParseDecimal(r.GetString(8)),
        StoreText.ParseEnum<TimeInForce>(r.GetString(9), "order_intents.time_in_force"),
        StoreText.ParseEnum<OrderPurpose>(r.GetString(10), "order_intents.purpose"),
        r.IsDBNull(11) ? null : Backtesting.Strategies.StrategyNames.Parse(r.GetString(11)),
        StoreText.ParseEnum<IntentState>(r.GetString(12), "order_intents.state"),
        r.IsDBNull(13) ? null : r.GetString(13),
        r.IsDBNull(14) ? null : StoreText.ParseEnum<OrderStatus>(r.GetString(14), "order_intents.broker_status"),
        StoreText.ParseDecimal(r.GetString(15)),
        r.IsDBNull(16) ? null : StoreText.ParseDecimal(r.GetString(16)),
        r.IsDBNull(17) ? null : r.GetString(17),
        StoreText.ParseInstant(r.GetInt64(18)),
        StoreText.ParseInstant(r.GetInt64(19)));

    private async Task<T?> QuerySingleAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
        where T : class
    {
        var rows = await QueryAsync(sql, read, cancellationToken, parameters);
        return rows.Count == 0 ? null : rows[0];
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
