using System.Text.Json;
using Kairos.Core.Trading;
using Microsoft.Data.Sqlite;

namespace Kairos.Trading.State;

/// <summary>
/// Queues writes as closures over their (already validated, already materialised) arguments; <see cref="ExecuteAsync"/>
/// runs them in order inside the caller's transaction. Every single-record method of <see cref="TradingStore"/> is a
/// batch of one, so there is one code path per write.
/// </summary>
internal sealed class TradingStoreBatch : ITradingStoreBatch
{
    private delegate Task<int> Write(WriteContext context);

    private readonly List<Write> _writes = [];

    public int Count => _writes.Count;

    /// <summary>Runs the queued writes; returns the number of rows they changed.</summary>
    public async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var write in _writes)
        {
            changed += await write(new WriteContext(connection, transaction, cancellationToken));
        }

        return changed;
    }

    public void FinishRun(long runId, RunStatus status, DateTimeOffset finishedAt)
    {
        if (status == RunStatus.Running)
        {
            throw new ArgumentException("A finished run cannot be 'running'.", nameof(status));
        }

        _writes.Add(async x => Expect(
            1,
            await Execute(x, "UPDATE runs SET status = $status, finished_at = $at WHERE id = $id", ("$status", StoreText.Enum(status)), ("$at", StoreText.Instant(finishedAt)), ("$id", runId)),
            $"run {runId} does not exist."));
    }

    public void BeginCycle(CycleRecord cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentException.ThrowIfNullOrWhiteSpace(cycle.CycleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(cycle.Window);
        var account = cycle.Account is null ? null : JsonSerializer.Serialize(cycle.Account, StoreText.Json);
        _writes.Add(x => Execute(
            x,
            """
            INSERT INTO cycles (run_id, cycle_id, window_name, scheduled_at, started_at, finished_at, status, account_json)
            VALUES ($run, $cycle, $window, $scheduled, $started, $finished, $status, $account)
            """,
            ("$run", cycle.RunId),
            ("$cycle", cycle.CycleId),
            ("$window", cycle.Window),
            ("$scheduled", StoreText.Instant(cycle.ScheduledAt)),
            ("$started", StoreText.Instant(cycle.StartedAt)),
            ("$finished", StoreText.InstantOrNull(cycle.FinishedAt)),
            ("$status", StoreText.Enum(cycle.Status)),
            ("$account", StoreText.OrNull(account))));
    }

    public void CompleteCycle(long runId, string cycleId, CycleStatus status, DateTimeOffset finishedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cycleId);
        if (status == CycleStatus.Running)
        {
            throw new ArgumentException("A completed cycle cannot be 'running'.", nameof(status));
        }

        _writes.Add(async x => Expect(
            1,
            await Execute(
                x,
                "UPDATE cycles SET status = $status, finished_at = $at WHERE run_id = $run AND cycle_id = $cycle",
                ("$status", StoreText.Enum(status)),
                ("$at", StoreText.Instant(finishedAt)),
                ("$run", runId),
                ("$cycle", cycleId)),
            $"cycle '{cycleId}' of run {runId} was never begun."));
    }

    public void RecordDecisions(IEnumerable<DecisionRecord> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var rows = decisions.ToList();
        foreach (var d in rows)
        {
            ArgumentNullException.ThrowIfNull(d, nameof(decisions));
            ArgumentException.ThrowIfNullOrWhiteSpace(d.Symbol, nameof(decisions));
        }

        _writes.Add(async x =>
        {
            var n = 0;
            foreach (var d in rows)
            {
                n += await Execute(
                    x,
                    """
                    INSERT INTO decisions (run_id, cycle_id, at, symbol, action, strategy, side, reasons_json, forecast_json, composite_score)
                    VALUES ($run, $cycle, $at, $symbol, $action, $strategy, $side, $reasons, $forecast, $score)
                    """,
                    ("$run", d.RunId),
                    ("$cycle", d.CycleId),
                    ("$at", StoreText.Instant(d.At)),
                    ("$symbol", d.Symbol),
                    ("$action", StoreText.Enum(d.Action)),
                    ("$strategy", StoreText.StrategyOrNull(d.Strategy)),
                    ("$side", d.Side is { } s ? StoreText.Enum(s) : DBNull.Value),
                    ("$reasons", JsonSerializer.Serialize(d.Reasons, StoreText.Json)),
                    ("$forecast", StoreText.OrNull(d.ForecastJson)),
                    ("$score", d.CompositeScore is { } score ? score : DBNull.Value));
            }

            return n;
        });
    }

    public void RecordIntent(OrderIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentException.ThrowIfNullOrWhiteSpace(intent.ClientOrderId);
        if (intent.Quantity <= 0)
        {
            throw new ArgumentException($"Intent {intent.ClientOrderId}: quantity must be positive, got {intent.Quantity}.", nameof(intent));
        }

        _writes.Add(x => Execute(
            x,
            """
            INSERT INTO order_intents (client_order_id, run_id, cycle_id, symbol, asset_class, side, quantity, order_type, limit_price,
                time_in_force, purpose, strategy, state, broker_order_id, broker_status, filled_quantity, average_fill_price, reject_reason,
                created_at, updated_at)
            VALUES ($id, $run, $cycle, $symbol, $class, $side, $qty, $type, $limit, $tif, $purpose, $strategy, $state, $broker_id,
                $broker_status, $filled, $avg, $reject, $created, $updated)
            """,
            ("$id", intent.ClientOrderId),
            ("$run", intent.RunId),
            ("$cycle", StoreText.OrNull(intent.CycleId)),
            ("$symbol", intent.Instrument.Symbol),
            ("$class", StoreText.AssetClass(intent.Instrument.AssetClass)),
            ("$side", StoreText.Enum(intent.Side)),
            ("$qty", StoreText.Decimal(intent.Quantity)),
            ("$type", StoreText.Enum(intent.Type)),
            ("$limit", StoreText.DecimalOrNull(intent.LimitPrice)),
            ("$tif", StoreText.Enum(intent.TimeInForce)),
            ("$purpose", StoreText.Enum(intent.Purpose)),
            ("$strategy", StoreText.StrategyOrNull(intent.Strategy)),
            ("$state", StoreText.Enum(intent.State)),
            ("$broker_id", StoreText.OrNull(intent.BrokerOrderId)),
            ("$broker_status", intent.BrokerStatus is { } bs ? StoreText.Enum(bs) : DBNull.Value),
            ("$filled", StoreText.Decimal(intent.FilledQuantity)),
            ("$avg", StoreText.DecimalOrNull(intent.AverageFillPrice)),
            ("$reject", StoreText.OrNull(intent.RejectReason)),
            ("$created", StoreText.Instant(intent.CreatedAt)),
            ("$updated", StoreText.Instant(intent.UpdatedAt))));
    }

    public void MarkSubmitted(string clientOrderId, string brokerOrderId, OrderStatus status, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(brokerOrderId);
        UpdateIntent(clientOrderId, StateFor(status), brokerOrderId, status, null, null, null, at);
    }

    public void MarkRejected(string clientOrderId, string reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        UpdateIntent(clientOrderId, IntentState.Rejected, null, null, null, null, reason, at);
    }

    public void UpdateOrderStatus(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        UpdateIntent(order.ClientOrderId, StateFor(order.Status), order.Id, order.Status, order.FilledQuantity, order.AverageFillPrice, order.RejectReason, order.UpdatedAt);
    }

    public void RecordFills(long runId, IEnumerable<Fill> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        var rows = fills.ToList();
        foreach (var f in rows)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(fills));
        }

        _writes.Add(async x =>
        {
            var n = 0;
            foreach (var f in rows)
            {
                // INSERT OR IGNORE: a fill seen again (a replayed broker feed, a restart) is already recorded.
                n += await Execute(
                    x,
                    """
                    INSERT OR IGNORE INTO fills (run_id, sequence, order_id, client_order_id, symbol, asset_class, side, quantity, price, fee, at)
                    VALUES ($run, $seq, $order, $client, $symbol, $class, $side, $qty, $price, $fee, $at)
                    """,
                    ("$run", runId),
                    ("$seq", f.Sequence),
                    ("$order", f.OrderId),
                    ("$client", f.ClientOrderId),
                    ("$symbol", f.Instrument.Symbol),
                    ("$class", StoreText.AssetClass(f.Instrument.AssetClass)),
                    ("$side", StoreText.Enum(f.Side)),
                    ("$qty", StoreText.Decimal(f.Quantity)),
                    ("$price", StoreText.Decimal(f.Price)),
                    ("$fee", StoreText.Decimal(f.Fee)),
                    ("$at", StoreText.Instant(f.Timestamp)));
            }

            return n;
        });
    }

    public void UpsertPosition(long runId, StoredPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.Quantity == 0)
        {
            throw new ArgumentException($"{position.Instrument.Symbol}: a flat position is deleted, not stored.", nameof(position));
        }

        _writes.Add(x => Execute(
            x,
            """
            INSERT INTO positions (run_id, symbol, asset_class, side, quantity, average_price, strategy, opened_at)
            VALUES ($run, $symbol, $class, $side, $qty, $avg, $strategy, $opened)
            ON CONFLICT (run_id, symbol) DO UPDATE SET
                asset_class = excluded.asset_class, side = excluded.side, quantity = excluded.quantity,
                average_price = excluded.average_price, strategy = excluded.strategy, opened_at = excluded.opened_at
            """,
            ("$run", runId),
            ("$symbol", position.Instrument.Symbol),
            ("$class", StoreText.AssetClass(position.Instrument.AssetClass)),
            ("$side", StoreText.Enum(position.Side)),
            ("$qty", StoreText.Decimal(position.Quantity)),
            ("$avg", StoreText.Decimal(position.AveragePrice)),
            ("$strategy", StoreText.StrategyOrNull(position.Strategy)),
            ("$opened", StoreText.Instant(position.OpenedAt))));
    }

    public void DeletePosition(long runId, string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var key = symbol.Trim().ToUpperInvariant();
        _writes.Add(x => Execute(x, "DELETE FROM positions WHERE run_id = $run AND symbol = $symbol", ("$run", runId), ("$symbol", key)));
    }

    public void RecordClosedTrade(long runId, ClosedTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        _writes.Add(x => Execute(
            x,
            """
            INSERT INTO closed_trades (run_id, symbol, asset_class, side, strategy, quantity, entry_price, exit_price, opened_at, closed_at,
                realized_pnl, fees, reason)
            VALUES ($run, $symbol, $class, $side, $strategy, $qty, $entry, $exit, $opened, $closed, $pnl, $fees, $reason)
            """,
            ("$run", runId),
            ("$symbol", trade.Instrument.Symbol),
            ("$class", StoreText.AssetClass(trade.Instrument.AssetClass)),
            ("$side", StoreText.Enum(trade.Side)),
            ("$strategy", StoreText.Strategy(trade.Strategy)),
            ("$qty", StoreText.Decimal(trade.Quantity)),
            ("$entry", StoreText.Decimal(trade.EntryPrice)),
            ("$exit", StoreText.Decimal(trade.ExitPrice)),
            ("$opened", StoreText.Instant(trade.OpenedAt)),
            ("$closed", StoreText.Instant(trade.ClosedAt)),
            ("$pnl", StoreText.Decimal(trade.RealizedPnl)),
            ("$fees", StoreText.Decimal(trade.Fees)),
            ("$reason", trade.Reason)));
    }

    public void RecordEquity(long runId, EquitySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // Sorted so that the same snapshot always serialises to the same bytes.
        var values = JsonSerializer.Serialize(new SortedDictionary<string, decimal>(snapshot.MarketValues.ToDictionary(), StringComparer.Ordinal), StoreText.Json);
        _writes.Add(x => Execute(
            x,
            """
            INSERT INTO equity_snapshots (run_id, at, cash, equity, gross_exposure, market_values_json)
            VALUES ($run, $at, $cash, $equity, $gross, $values)
            ON CONFLICT (run_id, at) DO UPDATE SET
                cash = excluded.cash, equity = excluded.equity, gross_exposure = excluded.gross_exposure, market_values_json = excluded.market_values_json
            """,
            ("$run", runId),
            ("$at", StoreText.Instant(snapshot.At)),
            ("$cash", StoreText.Decimal(snapshot.Cash)),
            ("$equity", StoreText.Decimal(snapshot.Equity)),
            ("$gross", StoreText.Decimal(snapshot.GrossExposure)),
            ("$values", values)));
    }

    public void SaveWatchers(long runId, IEnumerable<WatcherState> watchers)
    {
        ArgumentNullException.ThrowIfNull(watchers);
        var rows = watchers.ToList();
        foreach (var w in rows)
        {
            ArgumentNullException.ThrowIfNull(w, nameof(watchers));
            ArgumentException.ThrowIfNullOrWhiteSpace(w.Id, nameof(watchers));
            ArgumentException.ThrowIfNullOrWhiteSpace(w.Kind, nameof(watchers));
        }

        _writes.Add(async x =>
        {
            var n = 0;
            foreach (var w in rows)
            {
                n += await Execute(
                    x,
                    """
                    INSERT INTO watchers (run_id, id, kind, state_json, active) VALUES ($run, $id, $kind, $json, $active)
                    ON CONFLICT (run_id, id) DO UPDATE SET kind = excluded.kind, state_json = excluded.state_json, active = excluded.active
                    """,
                    ("$run", runId),
                    ("$id", w.Id),
                    ("$kind", w.Kind),
                    ("$json", w.Json),
                    ("$active", w.Active ? 1 : 0));
            }

            return n;
        });
    }

    public void SetCheckpoint(long runId, string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        _writes.Add(x => Execute(
            x,
            "INSERT INTO checkpoints (run_id, key, value) VALUES ($run, $key, $value) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
            ("$run", runId),
            ("$key", key),
            ("$value", value)));
    }

    public void RecordMetrics(long runId, string cycleId, IEnumerable<CycleMetric> metrics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cycleId);
        ArgumentNullException.ThrowIfNull(metrics);
        var rows = metrics.ToList();
        foreach (var m in rows)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(metrics));
            ArgumentException.ThrowIfNullOrWhiteSpace(m.Name, nameof(metrics));
            if (!double.IsFinite(m.Value))
            {
                throw new ArgumentException($"Metric '{m.Name}' is not finite ({m.Value}).", nameof(metrics));
            }
        }

        _writes.Add(async x =>
        {
            var n = 0;
            foreach (var m in rows)
            {
                n += await Execute(
                    x,
                    """
                    INSERT INTO cycle_metrics (run_id, cycle_id, name, value) VALUES ($run, $cycle, $name, $value)
                    ON CONFLICT (run_id, cycle_id, name) DO UPDATE SET value = excluded.value
                    """,
                    ("$run", runId),
                    ("$cycle", cycleId),
                    ("$name", m.Name),
                    ("$value", m.Value));
            }

            return n;
        });
    }

    /// <summary>Rejected stays rejected; a filled, cancelled or expired order is closed; an open one is submitted.</summary>
    private static IntentState StateFor(OrderStatus status) => status switch
    {
        OrderStatus.Rejected => IntentState.Rejected,
        OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Expired => IntentState.Closed,
        _ => IntentState.Submitted,
    };

    /// <summary>Null arguments leave the stored value as it is (COALESCE), so a later report never erases an earlier one.</summary>
    private void UpdateIntent(
        string clientOrderId,
        IntentState state,
        string? brokerOrderId,
        OrderStatus? brokerStatus,
        decimal? filledQuantity,
        decimal? averageFillPrice,
        string? rejectReason,
        DateTimeOffset at)
    {
        _writes.Add(async x => Expect(
            1,
            await Execute(
                x,
                """
                UPDATE order_intents SET
                    state = $state,
                    broker_order_id = COALESCE($broker_id, broker_order_id),
                    broker_status = COALESCE($broker_status, broker_status),
                    filled_quantity = COALESCE($filled, filled_quantity),
                    average_fill_price = COALESCE($avg, average_fill_price),
                    reject_reason = COALESCE($reject, reject_reason),
                    updated_at = $at
                WHERE client_order_id = $id
                """,
                ("$state", StoreText.Enum(state)),
                ("$broker_id", StoreText.OrNull(brokerOrderId)),
                ("$broker_status", brokerStatus is { } s ? StoreText.Enum(s) : DBNull.Value),
                ("$filled", StoreText.DecimalOrNull(filledQuantity)),
                ("$avg", StoreText.DecimalOrNull(averageFillPrice)),
                ("$reject", StoreText.OrNull(rejectReason)),
                ("$at", StoreText.Instant(at)),
                ("$id", clientOrderId)),
            $"no order intent with client order id '{clientOrderId}' (intents are recorded before submitting)."));
    }

    private static int Expect(int expected, int actual, string message) =>
        actual == expected ? actual : throw new InvalidOperationException(message);

    private static async Task<int> Execute(WriteContext context, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = context.Connection.CreateCommand();
        command.Transaction = context.Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(context.CancellationToken);
    }

    private readonly record struct WriteContext(SqliteConnection Connection, SqliteTransaction Transaction, CancellationToken CancellationToken);
}
