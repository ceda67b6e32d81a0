using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Kairos.Data;

/// <summary>
/// What every Kairos SQLite file shares: WAL journal mode, numbered migrations recorded in a version table (each applied in
/// one BEGIN IMMEDIATE transaction, so two processes opening the same file cannot both apply one), refusal of a file
/// written by a newer build, and the small command/connection plumbing the stores use.
/// </summary>
public static class SqliteSchema
{
    /// <summary>
    /// Sets WAL mode and applies the <paramref name="migrations"/> (ascending versions) not yet recorded in
    /// <paramref name="versionTable"/>, up to <paramref name="targetVersion"/>.
    /// </summary>
    public static async Task MigrateAsync(
        SqliteConnection connection,
        string path,
        string versionTable,
        IReadOnlyList<(int Version, string Sql)> migrations,
        int targetVersion,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;

        // journal_mode=WAL is persistent: set once, every later connection to the file uses it.
        await using (var wal = Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            var mode = await wal.ExecuteScalarAsync(cancellationToken) as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{path}: SQLite refused WAL journal mode (got '{mode}').");
            }
        }

        await using (var create = Command(connection, null, $"CREATE TABLE IF NOT EXISTS {versionTable} (version INTEGER PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (version, sql) in migrations)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var current = await CurrentVersionAsync(connection, transaction, versionTable, cancellationToken);
            if (current > latest)
            {
                throw new InvalidOperationException($"{path}: schema version {current} is newer than this build's {latest}; it was written by a newer Kairos.");
            }

            if (current >= version || version > targetVersion)
            {
                continue;
            }

            await using (var apply = Command(connection, transaction, sql))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = Command(connection, transaction, $"INSERT INTO {versionTable} (version, applied_at) VALUES ($version, $at)"))
            {
                record.Parameters.AddWithValue("$version", version);
                record.Parameters.AddWithValue("$at", timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The highest version recorded in <paramref name="versionTable"/> (0 when none).</summary>
    public static async Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, string versionTable, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"SELECT COALESCE(MAX(version), 0) FROM {versionTable}");
        return Convert.ToInt32(await select.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>An open connection (disposed again if opening fails).</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
