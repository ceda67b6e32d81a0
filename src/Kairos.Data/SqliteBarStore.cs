using System.Globalization;
using Kairos.Core;
using Microsoft.Data.Sqlite;

namespace Kairos.Data;

/// <summary>
/// Bars in a SQLite file. The schema is created and upgraded by numbered migrations (table
/// <c>schema_migrations(version, applied_at)</c>), each applied once, in order, in its own transaction, when the store
/// is opened; opening an up-to-date file changes nothing. The journal is WAL, so readers never block the writer.
/// </summary>
/// <remarks>
/// Storage: timestamps as unix seconds (UTC; bars are at whole seconds, and a sub-second timestamp is rejected rather
/// than truncated), prices and volume as REAL (the same doubles as <see cref="Bar"/>), asset class as text in
/// <c>instruments</c>. Each call opens its own connection, so one store may be used from several tasks.
/// </remarks>
public sealed class SqliteBarStore
{
    /// <summary>The schema version this build writes; a file with a higher version was written by a newer Kairos.</summary>
    public const int LatestSchemaVersion = 2;

    // Append only: a released migration is never edited, because files in the field have already applied it.
    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE instruments (
                symbol      TEXT PRIMARY KEY NOT NULL,
                asset_class TEXT NOT NULL CHECK (asset_class IN ('equity', 'crypto'))
            );
            """),
        (2, """
            CREATE TABLE bars (
                symbol TEXT NOT NULL REFERENCES instruments (symbol),
                ts     INTEGER NOT NULL,
                open   REAL NOT NULL,
                high   REAL NOT NULL,
                low    REAL NOT NULL,
                close  REAL NOT NULL,
                volume REAL NOT NULL,
                PRIMARY KEY (symbol, ts)
            ) WITHOUT ROWID;
            """),
    ];

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;

    private SqliteBarStore(string path, TimeProvider timeProvider)
    {
        Path = path;
        _timeProvider = timeProvider;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // Unpooled: the file is released when a call returns, so callers (and tests) may move or delete it.
            Pooling = false,
            ForeignKeys = true,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) a store and brings its schema up to <see cref="LatestSchemaVersion"/>.</summary>
    public static Task<SqliteBarStore> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, CancellationToken)"/>; <paramref name="timeProvider"/> stamps applied migrations.</summary>
    public static async Task<SqliteBarStore> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var store = new SqliteBarStore(path, timeProvider);
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    /// <summary>The highest migration applied to the file.</summary>
    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await CurrentVersionAsync(connection, null, cancellationToken);
    }

    /// <summary>
    /// Inserts the bars, replacing any stored bar of the same instrument and timestamp, in one transaction: either all
    /// are written or none. The instrument is recorded on first use; storing it later under another asset class throws.
    /// Returns the number of bars written.
    /// </summary>
    public async Task<int> UpsertBarsAsync(Instrument instrument, IEnumerable<Bar> bars, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(bars);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using (var find = Command(connection, transaction, "SELECT asset_class FROM instruments WHERE symbol = $symbol"))
        {
            find.Parameters.AddWithValue("$symbol", instrument.Symbol);
            var stored = await find.ExecuteScalarAsync(cancellationToken) as string;
            if (stored is null)
            {
                await using var insert = Command(connection, transaction, "INSERT INTO instruments (symbol, asset_class) VALUES ($symbol, $class)");
                insert.Parameters.AddWithValue("$symbol", instrument.Symbol);
                insert.Parameters.AddWithValue("$class", ToText(instrument.AssetClass));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            else if (stored != ToText(instrument.AssetClass))
            {
                throw new InvalidOperationException($"{instrument.Symbol} is stored as {stored}, not {ToText(instrument.AssetClass)}.");
            }
        }

        await using var upsert = Command(
            connection,
            transaction,
            """
            INSERT INTO bars (symbol, ts, open, high, low, close, volume)
            VALUES ($symbol, $ts, $open, $high, $low, $close, $volume)
            ON CONFLICT (symbol, ts) DO UPDATE SET
                open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
            """);
        upsert.Parameters.AddWithValue("$symbol", instrument.Symbol);
        var ts = upsert.Parameters.Add("$ts", SqliteType.Integer);
        var open = upsert.Parameters.Add("$open", SqliteType.Real);
        var high = upsert.Parameters.Add("$high", SqliteType.Real);
        var low = upsert.Parameters.Add("$low", SqliteType.Real);
        var close = upsert.Parameters.Add("$close", SqliteType.Real);
        var volume = upsert.Parameters.Add("$volume", SqliteType.Real);
        upsert.Prepare();

        var count = 0;
        foreach (var bar in bars)
        {
            if (bar.Timestamp.UtcTicks % TimeSpan.TicksPerSecond != 0)
            {
                throw new ArgumentException($"{instrument.Symbol}: bar at {bar.Timestamp:O} has a sub-second timestamp; the store keeps whole seconds.", nameof(bars));
            }

            if (!(double.IsFinite(bar.Open) && double.IsFinite(bar.High) && double.IsFinite(bar.Low) && double.IsFinite(bar.Close) && double.IsFinite(bar.Volume)))
            {
                throw new ArgumentException($"{instrument.Symbol}: bar at {bar.Timestamp:O} has a value that is not finite.", nameof(bars));
            }

            ts.Value = bar.Timestamp.ToUnixTimeSeconds();
            open.Value = bar.Open;
            high.Value = bar.High;
            low.Value = bar.Low;
            close.Value = bar.Close;
            volume.Value = bar.Volume;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>All stored bars of <paramref name="symbol"/>, ascending; null when the symbol is not stored.</summary>
    public Task<BarSeries?> LoadAsync(string symbol, CancellationToken cancellationToken = default) =>
        LoadAsync(symbol, null, null, cancellationToken);

    /// <summary>
    /// Stored bars of <paramref name="symbol"/> with <paramref name="from"/> ≤ timestamp ≤ <paramref name="to"/> (either
    /// bound optional), ascending; null when the symbol is not stored. Timestamps come back in UTC.
    /// </summary>
    public async Task<BarSeries?> LoadAsync(string symbol, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var key = symbol.Trim().ToUpperInvariant();
        await using var connection = await OpenConnectionAsync(cancellationToken);

        Instrument instrument;
        await using (var find = Command(connection, null, "SELECT asset_class FROM instruments WHERE symbol = $symbol"))
        {
            find.Parameters.AddWithValue("$symbol", key);
            if (await find.ExecuteScalarAsync(cancellationToken) is not string stored)
            {
                return null;
            }

            instrument = new Instrument(key, FromText(stored));
        }

        await using var select = Command(
            connection,
            null,
            """
            SELECT ts, open, high, low, close, volume FROM bars
            WHERE symbol = $symbol AND ts >= $from AND ts <= $to
            ORDER BY ts
            """);
        select.Parameters.AddWithValue("$symbol", key);
        select.Parameters.AddWithValue("$from", from?.ToUnixTimeSeconds() ?? long.MinValue);
        select.Parameters.AddWithValue("$to", to?.ToUnixTimeSeconds() ?? long.MaxValue);
        var bars = new List<Bar>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            bars.Add(new Bar(
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0)),
                reader.GetDouble(1),
                reader.GetDouble(2),
                reader.GetDouble(3),
                reader.GetDouble(4),
                reader.GetDouble(5)));
        }

        return new BarSeries(instrument, bars);
    }

    /// <summary>The stored symbols, in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ListSymbolsAsync(CancellationToken cancellationToken = default) =>
        [.. (await ListInstrumentsAsync(cancellationToken)).Select(static i => i.Symbol)];

    /// <summary>The stored instruments with their asset classes, in ordinal order of symbol.</summary>
    public async Task<IReadOnlyList<Instrument>> ListInstrumentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT symbol, asset_class FROM instruments ORDER BY symbol");
        var instruments = new List<Instrument>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            instruments.Add(new Instrument(reader.GetString(0), FromText(reader.GetString(1))));
        }

        return instruments;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await SqliteSchema.MigrateAsync(connection, Path, "schema_migrations", Migrations, LatestSchemaVersion, _timeProvider, cancellationToken);
    }

    private static Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        SqliteSchema.CurrentVersionAsync(connection, transaction, "schema_migrations", cancellationToken);

    private Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) => SqliteSchema.OpenAsync(_connectionString, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql) => SqliteSchema.Command(connection, transaction, sql);

    private static string ToText(AssetClass assetClass) => assetClass switch
    {
        AssetClass.Equity => "equity",
        AssetClass.Crypto => "crypto",
        _ => throw new ArgumentOutOfRangeException(nameof(assetClass), assetClass, "Unknown asset class."),
    };

    private static AssetClass FromText(string text) => text switch
    {
        "equity" => AssetClass.Equity,
        "crypto" => AssetClass.Crypto,
        _ => throw new InvalidOperationException($"Unknown asset class '{text}' in the instruments table."),
    };
}
