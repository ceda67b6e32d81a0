using System.Globalization;
using Kairos.Core;
using Kairos.Data;
using Microsoft.Data.Sqlite;

namespace Kairos.Forecasting.Caching;

/// <summary>
/// Content-addressed forecast cache of the live bot: a memory tier (least-recently-used, capped at
/// <see cref="ForecastCacheOptions.MaxBytes"/>) over an optional SQLite tier (one WAL file, one row per key, kept across
/// restarts), so a restarted bot and the next day's cycle reuse every forecast whose inputs did not change.
/// </summary>
/// <remarks>
/// Expiry: a forecast whose window ends with a partial (still-forming) bar lives <see cref="ForecastCacheOptions.PartialBarTtl"/>
/// from when it was stored; a completed window's forecast never expires — its key fixes every input. Memory eviction
/// drops an entry from memory only; the disk tier keeps it and a later lookup promotes it back. Thread-safe: one lock
/// guards both tiers (lookups are dictionary reads or one indexed SQLite row; Microsoft.Data.Sqlite's async calls run
/// synchronously anyway, so lookups stay synchronous for <see cref="ForecastPanel.Build"/>). Time enters only through the
/// <c>now</c> arguments, or the <see cref="TimeProvider"/> for the <see cref="IForecastStore"/> calls.
/// </remarks>
public sealed class ForecastCache : IForecastStore, IDisposable
{
    /// <summary>
    /// Estimated memory of one entry: the 64-character key string (~150 B), the list node holding the entry (~140 B) and
    /// its dictionary slot (~30 B). The cap counts this, not measured heap bytes.
    /// </summary>
    public const int EntryBytes = 320;

    /// <summary>The schema version this build writes.</summary>
    public const int LatestSchemaVersion = 1;

    /// <summary>SQLite header application_id of a forecast cache ("KFC1"): how a foreign database is told apart.</summary>
    public const int ApplicationId = 0x4B464331;

    private const string VersionTable = "forecast_cache_migrations";

    // Append only: a released migration is never edited, because files in the field have already applied it.
    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE forecasts (
                key          TEXT PRIMARY KEY NOT NULL,
                symbol       TEXT NOT NULL,
                forecaster   TEXT NOT NULL,
                partial      INTEGER NOT NULL CHECK (partial IN (0, 1)),
                stored_at    INTEGER NOT NULL,
                open         REAL NOT NULL,
                high         REAL NOT NULL,
                low          REAL NOT NULL,
                close        REAL NOT NULL,
                open_spread  REAL NOT NULL,
                high_spread  REAL NOT NULL,
                low_spread   REAL NOT NULL,
                close_spread REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX forecasts_partial ON forecasts (stored_at) WHERE partial = 1;
            """),
    ];

    private readonly ForecastCacheOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<BarSeries, int, DateTimeOffset, bool> _isPartial;
    private readonly SqliteConnection? _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _index = new(StringComparer.Ordinal);

    // Most recently used first; eviction takes from the end.
    private readonly LinkedList<Entry> _lru = new();
    private Counts _total;
    private Counts _cycle;
    private bool _disposed;

    private ForecastCache(ForecastCacheOptions options, TimeProvider timeProvider, Func<BarSeries, int, DateTimeOffset, bool> isPartial, SqliteConnection? connection)
    {
        _options = options;
        _timeProvider = timeProvider;
        _isPartial = isPartial;
        _connection = connection;
    }

    public ForecastCacheOptions Options => _options;

    /// <summary>Whether a SQLite tier is attached (enabled with a path).</summary>
    public bool IsPersistent => _connection is not null;

    /// <summary>Counts since the cache was opened.</summary>
    public ForecastCacheStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return Snapshot(_total);
            }
        }
    }

    /// <summary>
    /// Opens the cache: memory only when <see cref="ForecastCacheOptions.Path"/> is null or the cache is disabled,
    /// otherwise also the SQLite file (created if missing; partial-window rows already past their TTL are deleted).
    /// </summary>
    /// <param name="options">Settings (validated).</param>
    /// <param name="timeProvider">The clock of the <see cref="IForecastStore"/> calls and of the open-time pruning.</param>
    /// <param name="isPartial">
    /// Whether the window ending at a decision bar ends with a still-forming bar at a given instant (the caller's knowledge);
    /// <see cref="EndsWithFormingDailyBar"/> when null.
    /// </param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="InvalidDataException">The file is not a SQLite database or belongs to something else.</exception>
    public static async Task<ForecastCache> OpenAsync(
        ForecastCacheOptions options,
        TimeProvider timeProvider,
        Func<BarSeries, int, DateTimeOffset, bool>? isPartial = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        isPartial ??= EndsWithFormingDailyBar;
        if (!options.Enabled || options.Path is null)
        {
            return new ForecastCache(options, timeProvider, isPartial, null);
        }

        var path = System.IO.Path.GetFullPath(options.Path);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // Unpooled: disposing the cache releases the file.
            Pooling = false,
        }.ToString();
        var connection = await SqliteSchema.OpenAsync(connectionString, cancellationToken);
        try
        {
            await ClaimAsync(connection, path, cancellationToken);
            await SqliteSchema.MigrateAsync(connection, path, VersionTable, Migrations, LatestSchemaVersion, timeProvider, cancellationToken);
            var cache = new ForecastCache(options, timeProvider, isPartial, connection);
            cache.Prune(timeProvider.GetUtcNow());
            return cache;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new InvalidDataException($"{path}: not a usable forecast cache ({ex.Message}). Delete it or point {ForecastCacheOptions.PathVariable} elsewhere.", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The default partial-bar rule for daily bars: the decision bar is still forming while its session has not closed at
    /// <paramref name="now"/> (NYSE: 16:00 US/Eastern, 13:00 on half days; crypto: the end of the UTC day).
    /// </summary>
    public static bool EndsWithFormingDailyBar(BarSeries series, int decisionIndex, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(series);
        var bar = series[decisionIndex];
        var session = series.Instrument.Calendar.Session(bar.Date);

        // A bar dated on a day without a session still covers its UTC day.
        var end = session?.Close ?? bar.Timestamp.AddDays(1);
        return now < end;
    }

    /// <summary>Looks <paramref name="key"/> up in memory, then on disk; an expired partial-window entry is deleted and misses.</summary>
    public bool TryGet(ForecastCacheKey key, DateTimeOffset now, out BarForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(key.Hex, nameof(key));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            forecast = default;
            if (!_options.Enabled)
            {
                Count(static (ref c) => c.Misses++);
                return false;
            }

            Entry entry;
            var fromDisk = false;
            if (_index.TryGetValue(key.Hex, out var node))
            {
                entry = node.Value;
            }
            else if (ReadRow(key.Hex) is { } row)
            {
                entry = row;
                fromDisk = true;
            }
            else
            {
                Count(static (ref c) => c.Misses++);
                return false;
            }

            if (IsExpired(entry, now))
            {
                if (node is not null)
                {
                    RemoveNode(node);
                }

                DeleteRow(key.Hex);
                Count(static (ref c) =>
                {
                    c.Expired++;
                    c.Misses++;
                });
                return false;
            }

            if (fromDisk)
            {
                Remember(entry);
                Count(static (ref c) =>
                {
                    c.Hits++;
                    c.DiskHits++;
                });
            }
            else
            {
                _lru.Remove(node!);
                _lru.AddFirst(node!);
                Count(static (ref c) => c.Hits++);
            }

            forecast = entry.Forecast;
            return true;
        }
    }

    /// <summary>Stores one forecast (one SQLite transaction); <paramref name="partialBar"/>: its window ends with a still-forming bar.</summary>
    public void Add(ForecastCacheKey key, BarForecast forecast, bool partialBar, DateTimeOffset now) =>
        AddRange([(key, forecast, partialBar)], now);

    /// <summary>Stores many forecasts, written to disk in one transaction.</summary>
    public void AddRange(IEnumerable<(ForecastCacheKey Key, BarForecast Forecast, bool PartialBar)> entries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var batch = entries.Select(e => new Entry(e.Key.Hex ?? throw new ArgumentException("A default key cannot be stored.", nameof(entries)), e.Key.Symbol, e.Key.Forecast.ForecasterIdentity, e.Forecast, e.PartialBar, now)).ToList();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_options.Enabled || batch.Count == 0)
            {
                return;
            }

            WriteRows(batch);
            foreach (var entry in batch)
            {
                Remember(entry);
            }
        }
    }

    /// <summary>Deletes every partial-window entry past its TTL at <paramref name="now"/> from both tiers; returns how many.</summary>
    public int Prune(DateTimeOffset now)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var removed = new HashSet<string>(StringComparer.Ordinal);
            for (var node = _lru.First; node is not null;)
            {
                var next = node.Next;
                if (IsExpired(node.Value, now))
                {
                    removed.Add(node.Value.Key);
                    RemoveNode(node);
                }

                node = next;
            }

            if (_connection is not null)
            {
                using var select = SqliteSchema.Command(_connection, null, "SELECT key FROM forecasts WHERE partial = 1 AND stored_at <= $cutoff");
                select.Parameters.AddWithValue("$cutoff", (now - _options.PartialBarTtl).ToUnixTimeMilliseconds());
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        removed.Add(reader.GetString(0));
                    }
                }

                using var delete = SqliteSchema.Command(_connection, null, "DELETE FROM forecasts WHERE partial = 1 AND stored_at <= $cutoff");
                delete.Parameters.AddWithValue("$cutoff", (now - _options.PartialBarTtl).ToUnixTimeMilliseconds());
                delete.ExecuteNonQuery();
            }

            var count = removed.Count;
            Count((ref c) => c.Expired += count);
            return count;
        }
    }

    /// <summary>The counts since the previous call (or since opening) — one cycle's hits, misses and evictions — and starts a new cycle.</summary>
    public ForecastCacheStatistics TakeCycleStatistics()
    {
        lock (_gate)
        {
            var snapshot = Snapshot(_cycle);
            _cycle = default;
            return snapshot;
        }
    }

    bool IForecastStore.TryGet(BarSeries series, int decisionIndex, ForecastKey key, out BarForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(series);
        return TryGet(new ForecastCacheKey(series.Instrument.Symbol, key), _timeProvider.GetUtcNow(), out forecast);
    }

    void IForecastStore.Add(BarSeries series, ReadOnlySpan<int> decisionIndices, ReadOnlySpan<ForecastKey> keys, ReadOnlySpan<BarForecast> forecasts)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (decisionIndices.Length != keys.Length || keys.Length != forecasts.Length)
        {
            throw new ArgumentException("decisionIndices, keys and forecasts must have the same length.", nameof(forecasts));
        }

        var now = _timeProvider.GetUtcNow();
        var symbol = series.Instrument.Symbol;
        var batch = new (ForecastCacheKey, BarForecast, bool)[keys.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = (new ForecastCacheKey(symbol, keys[i]), forecasts[i], _isPartial(series, decisionIndices[i], now));
        }

        AddRange(batch, now);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection?.Dispose();
            _index.Clear();
            _lru.Clear();
        }
    }

    private bool IsExpired(in Entry entry, DateTimeOffset now) => entry.Partial && now - entry.StoredAt >= _options.PartialBarTtl;

    private void Remember(in Entry entry)
    {
        if (_index.TryGetValue(entry.Key, out var existing))
        {
            RemoveNode(existing);
        }

        _index[entry.Key] = _lru.AddFirst(entry);
        while ((long)_index.Count * EntryBytes > _options.MaxBytes)
        {
            RemoveNode(_lru.Last!);
            Count(static (ref c) => c.Evictions++);
        }
    }

    private void RemoveNode(LinkedListNode<Entry> node)
    {
        _lru.Remove(node);
        _index.Remove(node.Value.Key);
    }

    private Entry? ReadRow(string key)
    {
        if (_connection is null)
        {
            return null;
        }

        using var select = SqliteSchema.Command(
            _connection,
            null,
            "SELECT symbol, forecaster, partial, stored_at, open, high, low, close, open_spread, high_spread, low_spread, close_spread FROM forecasts WHERE key = $key");
        select.Parameters.AddWithValue("$key", key);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new Entry(
            key,
            reader.GetString(0),
            reader.GetString(1),
            new BarForecast(
                reader.GetDouble(4),
                reader.GetDouble(5),
                reader.GetDouble(6),
                reader.GetDouble(7),
                reader.GetDouble(8),
                reader.GetDouble(9),
                reader.GetDouble(10),
                reader.GetDouble(11)),
            reader.GetInt64(2) != 0,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

    private void WriteRows(List<Entry> batch)
    {
        if (_connection is null)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction(deferred: false);
        using var upsert = SqliteSchema.Command(
            _connection,
            transaction,
            """
            INSERT OR REPLACE INTO forecasts (key, symbol, forecaster, partial, stored_at, open, high, low, close, open_spread, high_spread, low_spread, close_spread)
            VALUES ($key, $symbol, $forecaster, $partial, $at, $o, $h, $l, $c, $os, $hs, $ls, $cs)
            """);
        var names = new[] { "$key", "$symbol", "$forecaster", "$partial", "$at", "$o", "$h", "$l", "$c", "$os", "$hs", "$ls", "$cs" };
        var parameters = names.Select(n => upsert.Parameters.Add(n, SqliteType.Text)).ToArray();
        parameters[3].SqliteType = SqliteType.Integer;
        parameters[4].SqliteType = SqliteType.Integer;
        for (var i = 5; i < parameters.Length; i++)
        {
            parameters[i].SqliteType = SqliteType.Real;
        }

        foreach (var e in batch)
        {
            var f = e.Forecast;
            object[] values = [e.Key, e.Symbol, e.Forecaster, e.Partial ? 1L : 0L, e.StoredAt.ToUnixTimeMilliseconds(), f.Open, f.High, f.Low, f.Close, f.OpenSpread, f.HighSpread, f.LowSpread, f.CloseSpread];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            upsert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private void DeleteRow(string key)
    {
        if (_connection is null)
        {
            return;
        }

        using var delete = SqliteSchema.Command(_connection, null, "DELETE FROM forecasts WHERE key = $key");
        delete.Parameters.AddWithValue("$key", key);
        delete.ExecuteNonQuery();
    }

    /// <summary>
    /// Marks a new, empty file as a forecast cache and refuses any other database: the cache must never add its tables to,
    /// or read rows from, a file that belongs to something else (the bar store, the trading store).
    /// </summary>
    private static async Task ClaimAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        await using var read = SqliteSchema.Command(connection, null, "SELECT (SELECT application_id FROM pragma_application_id), (SELECT COUNT(*) FROM sqlite_master)");
        long id, objects;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            id = reader.GetInt64(0);
            objects = reader.GetInt64(1);
        }

        if (id == ApplicationId)
        {
            return;
        }

        if (id != 0 || objects != 0)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{path} is not a Kairos forecast cache (application_id {id}, {objects} schema objects): refusing to use another program's database. Point {ForecastCacheOptions.PathVariable} at a file of its own."));
        }

        await using var claim = SqliteSchema.Command(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {ApplicationId}"));
        await claim.ExecuteNonQueryAsync(cancellationToken);
    }

    private ForecastCacheStatistics Snapshot(in Counts c) =>
        new(c.Hits, c.DiskHits, c.Misses, c.Evictions, c.Expired, _index.Count, (long)_index.Count * EntryBytes);

    private void Count(CountUpdate update)
    {
        update(ref _total);
        update(ref _cycle);
    }

    private delegate void CountUpdate(ref Counts counts);

    private struct Counts
    {
        public long Hits;
        public long DiskHits;
        public long Misses;
        public long Evictions;
        public long Expired;
    }

    private readonly record struct Entry(string Key, string Symbol, string Forecaster, BarForecast Forecast, bool Partial, DateTimeOffset StoredAt);
}
