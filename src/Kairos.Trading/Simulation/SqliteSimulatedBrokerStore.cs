using System.Globalization;
using Kairos.Core;
using Kairos.Core.Trading;
using Microsoft.Data.Sqlite;

namespace Kairos.Trading.Simulation;

/// <summary>
/// A <see cref="SimulatedBrokerState"/> in one SQLite file (tables prefixed <c>sim_</c>, so the file may be shared with
/// other stores). <see cref="SaveAsync"/> writes the whole state in one transaction: a process killed at any instant leaves
/// either the previous state or the new one. WAL journal.
/// </summary>
/// <remarks>
/// Storage: money and quantities as invariant decimal text (exact, scale kept), instants as UTC ticks, enums by name,
/// session dates as <c>yyyy-MM-dd</c>. Orders are rewritten on every save (they change state); fills are append-only and
/// only the new ones are inserted.
/// </remarks>
public sealed class SqliteSimulatedBrokerStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sim_account (
            id              INTEGER PRIMARY KEY CHECK (id = 1),
            market_time     INTEGER NOT NULL,
            cash            TEXT NOT NULL,
            accrued         TEXT NOT NULL,
            last_equity     TEXT NOT NULL,
            next_order      INTEGER NOT NULL,
            next_fill       INTEGER NOT NULL,
            fees            TEXT NOT NULL,
            financing       TEXT NOT NULL,
            slippage        TEXT NOT NULL,
            realized        TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS sim_positions (
            symbol          TEXT PRIMARY KEY NOT NULL,
            asset_class     TEXT NOT NULL,
            quantity        TEXT NOT NULL,
            average_price   TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS sim_orders (
            position        INTEGER PRIMARY KEY,
            id              TEXT NOT NULL UNIQUE,
            client_order_id TEXT NOT NULL UNIQUE,
            symbol          TEXT NOT NULL,
            asset_class     TEXT NOT NULL,
            side            TEXT NOT NULL,
            type            TEXT NOT NULL,
            time_in_force   TEXT NOT NULL,
            quantity        TEXT NOT NULL,
            limit_price     TEXT,
            status          TEXT NOT NULL,
            filled          TEXT NOT NULL,
            average_fill    TEXT,
            submitted_at    INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            reason          TEXT
        );
        CREATE TABLE IF NOT EXISTS sim_fills (
            sequence        INTEGER PRIMARY KEY,
            order_id        TEXT NOT NULL,
            client_order_id TEXT NOT NULL,
            symbol          TEXT NOT NULL,
            asset_class     TEXT NOT NULL,
            side            TEXT NOT NULL,
            quantity        TEXT NOT NULL,
            price           TEXT NOT NULL,
            fee             TEXT NOT NULL,
            ts              INTEGER NOT NULL,
            realized        TEXT NOT NULL,
            slippage        TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS sim_volume (
            symbol          TEXT NOT NULL,
            asset_class     TEXT NOT NULL,
            session_date    TEXT NOT NULL,
            quantity        TEXT NOT NULL,
            PRIMARY KEY (symbol, session_date)
        );
        """;

    private readonly string _connectionString;
    private Order[]? _savedOrders;

    private SqliteSimulatedBrokerStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // Pooled: an unpooled WAL connection checkpoints and reopens the file on every call. A caller that must release
            // the file (to delete it) calls SqliteConnection.ClearAllPools().
            Pooling = true,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens (creating if needed) the file and its <c>sim_</c> tables.</summary>
    public static async Task<SqliteSimulatedBrokerStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var store = new SqliteSimulatedBrokerStore(path);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using (var wal = Command(connection, null, "PRAGMA journal_mode=WAL;"))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var create = Command(connection, null, Schema);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return store;
    }

    /// <summary>Replaces the stored state with <paramref name="state"/> in one transaction.</summary>
    public async Task SaveAsync(SimulatedBrokerState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using (var account = Command(
            connection,
            transaction,
            """
            INSERT OR REPLACE INTO sim_account (id, market_time, cash, accrued, last_equity, next_order, next_fill, fees, financing, slippage, realized)
            VALUES (1, $t, $cash, $accrued, $last, $no, $nf, $fees, $fin, $slip, $real)
            """))
        {
            account.Parameters.AddWithValue("$t", state.MarketTime.UtcTicks);
            account.Parameters.AddWithValue("$cash", Text(state.Cash));
            account.Parameters.AddWithValue("$accrued", Text(state.AccruedFinancing));
            account.Parameters.AddWithValue("$last", Text(state.LastEquity));
            account.Parameters.AddWithValue("$no", state.NextOrderNumber);
            account.Parameters.AddWithValue("$nf", state.NextFillSequence);
            account.Parameters.AddWithValue("$fees", Text(state.Totals.Fees));
            account.Parameters.AddWithValue("$fin", Text(state.Totals.Financing));
            account.Parameters.AddWithValue("$slip", Text(state.Totals.SlippageCost));
            account.Parameters.AddWithValue("$real", Text(state.Totals.RealizedPnl));
            await account.ExecuteNonQueryAsync(cancellationToken);
        }

        // Orders only grow and change in place (immutable records replaced), so after the first save only the changed
        // ones are written; a state with fewer orders than the file (a restore) rewrites them all.
        var saved = _savedOrders;
        var incremental = saved is not null && state.Orders.Count >= saved.Length;
        await using (var clear = Command(connection, transaction, incremental ? "DELETE FROM sim_positions; DELETE FROM sim_volume;" : "DELETE FROM sim_positions; DELETE FROM sim_volume; DELETE FROM sim_orders;"))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insert = Command(connection, transaction, "INSERT INTO sim_positions (symbol, asset_class, quantity, average_price) VALUES ($s, $c, $q, $p)"))
        {
            var (s, c, q, p) = (Param(insert, "$s"), Param(insert, "$c"), Param(insert, "$q"), Param(insert, "$p"));
            foreach (var position in state.Positions)
            {
                (s.Value, c.Value, q.Value, p.Value) = (position.Instrument.Symbol, position.Instrument.AssetClass.ToString(), Text(position.Quantity), Text(position.AverageEntryPrice));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var insert = Command(connection, transaction, "INSERT INTO sim_volume (symbol, asset_class, session_date, quantity) VALUES ($s, $c, $d, $q)"))
        {
            var (s, c, d, q) = (Param(insert, "$s"), Param(insert, "$c"), Param(insert, "$d"), Param(insert, "$q"));
            foreach (var volume in state.VolumeUsed)
            {
                (s.Value, c.Value) = (volume.Instrument.Symbol, volume.Instrument.AssetClass.ToString());
                (d.Value, q.Value) = (volume.SessionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Text(volume.Quantity));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await SaveOrdersAsync(connection, transaction, state.Orders, incremental ? saved : null, cancellationToken);
        await SaveFillsAsync(connection, transaction, state.Fills, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _savedOrders = [.. state.Orders];
    }

    /// <summary>The stored state; null when nothing was saved yet.</summary>
    public async Task<SimulatedBrokerState?> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var account = Command(
            connection,
            transaction,
            "SELECT market_time, cash, accrued, last_equity, next_order, next_fill, fees, financing, slippage, realized FROM sim_account WHERE id = 1");
        await using var reader = await account.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var marketTime = Instant(reader.GetInt64(0));
        var cash = Number(reader.GetString(1));
        var accrued = Number(reader.GetString(2));
        var lastEquity = Number(reader.GetString(3));
        var nextOrder = reader.GetInt64(4);
        var nextFill = reader.GetInt64(5);
        var totals = new SimulatedBrokerTotals(Number(reader.GetString(6)), Number(reader.GetString(7)), Number(reader.GetString(8)), Number(reader.GetString(9)));

        var positions = new List<SimulatedPosition>();
        await using (var cmd = Command(connection, transaction, "SELECT symbol, asset_class, quantity, average_price FROM sim_positions ORDER BY symbol"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                positions.Add(new SimulatedPosition(InstrumentOf(r, 0), Number(r.GetString(2)), Number(r.GetString(3))));
            }
        }

        var volume = new List<SessionVolume>();
        await using (var cmd = Command(connection, transaction, "SELECT symbol, asset_class, session_date, quantity FROM sim_volume ORDER BY symbol, session_date"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                volume.Add(new SessionVolume(InstrumentOf(r, 0), DateOnly.ParseExact(r.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), Number(r.GetString(3))));
            }
        }

        var orders = new List<Order>();
        await using (var cmd = Command(
            connection,
            transaction,
            """
            SELECT id, client_order_id, symbol, asset_class, side, type, time_in_force, quantity, limit_price, status, filled,
                   average_fill, submitted_at, updated_at, reason
            FROM sim_orders ORDER BY position
            """))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                orders.Add(new Order
                {
                    Id = r.GetString(0),
                    ClientOrderId = r.GetString(1),
                    Instrument = InstrumentOf(r, 2),
                    Side = Enum.Parse<OrderSide>(r.GetString(4)),
                    Type = Enum.Parse<OrderType>(r.GetString(5)),
                    TimeInForce = Enum.Parse<TimeInForce>(r.GetString(6)),
                    Quantity = Number(r.GetString(7)),
                    LimitPrice = r.IsDBNull(8) ? null : Number(r.GetString(8)),
                    Status = Enum.Parse<OrderStatus>(r.GetString(9)),
                    FilledQuantity = Number(r.GetString(10)),
                    AverageFillPrice = r.IsDBNull(11) ? null : Number(r.GetString(11)),
                    SubmittedAt = Instant(r.GetInt64(12)),
                    UpdatedAt = Instant(r.GetInt64(13)),
                    RejectReason = r.IsDBNull(14) ? null : r.GetString(14),
                });
            }
        }

        var fills = new List<SimulatedFill>();
        await using (var cmd = Command(
            connection,
            transaction,
            "SELECT sequence, order_id, client_order_id, symbol, asset_class, side, quantity, price, fee, ts, realized, slippage FROM sim_fills ORDER BY sequence"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var fill = new Fill(
                    r.GetInt64(0),
                    r.GetString(1),
                    r.GetString(2),
                    InstrumentOf(r, 3),
                    Enum.Parse<OrderSide>(r.GetString(5)),
                    Number(r.GetString(6)),
                    Number(r.GetString(7)),
                    Number(r.GetString(8)),
                    Instant(r.GetInt64(9)));
                fills.Add(new SimulatedFill(fill, Number(r.GetString(10)), Number(r.GetString(11))));
            }
        }

        return new SimulatedBrokerState
        {
            MarketTime = marketTime,
            Cash = cash,
            AccruedFinancing = accrued,
            LastEquity = lastEquity,
            NextOrderNumber = nextOrder,
            NextFillSequence = nextFill,
            Totals = totals,
            Positions = positions,
            Orders = orders,
            Fills = fills,
            VolumeUsed = volume,
        };
    }

    private static async Task SaveOrdersAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<Order> orders, Order[]? saved, CancellationToken cancellationToken)
    {
        await using var insert = Command(
            connection,
            transaction,
            """
            INSERT OR REPLACE INTO sim_orders (position, id, client_order_id, symbol, asset_class, side, type, time_in_force, quantity, limit_price,
                                    status, filled, average_fill, submitted_at, updated_at, reason)
            VALUES ($pos, $id, $cid, $s, $c, $side, $type, $tif, $q, $limit, $status, $filled, $avg, $sub, $upd, $reason)
            """);
        string[] names = ["$pos", "$id", "$cid", "$s", "$c", "$side", "$type", "$tif", "$q", "$limit", "$status", "$filled", "$avg", "$sub", "$upd", "$reason"];
        var p = names.Select(n => Param(insert, n)).ToArray();
        for (var i = 0; i < orders.Count; i++)
        {
            var o = orders[i];
            if (saved is not null && i < saved.Length && ReferenceEquals(saved[i], o))
            {
                continue;
            }

            object?[] values =
            [
                i, o.Id, o.ClientOrderId, o.Instrument.Symbol, o.Instrument.AssetClass.ToString(), o.Side.ToString(), o.Type.ToString(),
                o.TimeInForce.ToString(), Text(o.Quantity), o.LimitPrice is { } l ? Text(l) : null, o.Status.ToString(), Text(o.FilledQuantity),
                o.AverageFillPrice is { } a ? Text(a) : null, o.SubmittedAt.UtcTicks, o.UpdatedAt.UtcTicks, o.RejectReason,
            ];
            for (var k = 0; k < p.Length; k++)
            {
                p[k].Value = values[k] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task SaveFillsAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<SimulatedFill> fills, CancellationToken cancellationToken)
    {
        long stored;
        await using (var max = Command(connection, transaction, "SELECT COALESCE(MAX(sequence), 0) FROM sim_fills"))
        {
            stored = (long)(await max.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        await using (var trim = Command(connection, transaction, "DELETE FROM sim_fills WHERE sequence > $last"))
        {
            // A state restored from an older snapshot may hold fewer fills than the file: the file follows the state.
            trim.Parameters.AddWithValue("$last", fills.Count == 0 ? 0L : fills[^1].Fill.Sequence);
            await trim.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = Command(
            connection,
            transaction,
            """
            INSERT OR REPLACE INTO sim_fills (sequence, order_id, client_order_id, symbol, asset_class, side, quantity, price, fee, ts, realized, slippage)
            VALUES ($seq, $oid, $cid, $s, $c, $side, $q, $p, $fee, $ts, $real, $slip)
            """);
        string[] names = ["$seq", "$oid", "$cid", "$s", "$c", "$side", "$q", "$p", "$fee", "$ts", "$real", "$slip"];
        var p = names.Select(n => Param(insert, n)).ToArray();
        foreach (var entry in fills)
        {
            var f = entry.Fill;
            if (f.Sequence <= stored)
            {
                continue;
            }

            object[] values =
            [
                f.Sequence, f.OrderId, f.ClientOrderId, f.Instrument.Symbol, f.Instrument.AssetClass.ToString(), f.Side.ToString(),
                Text(f.Quantity), Text(f.Price), Text(f.Fee), f.Timestamp.UtcTicks, Text(entry.RealizedPnl), Text(entry.SlippageCost),
            ];
            for (var k = 0; k < p.Length; k++)
            {
                p[k].Value = values[k];
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static SqliteParameter Param(SqliteCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static Instrument InstrumentOf(SqliteDataReader reader, int symbolColumn) =>
        new(reader.GetString(symbolColumn), Enum.Parse<AssetClass>(reader.GetString(symbolColumn + 1)));

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
