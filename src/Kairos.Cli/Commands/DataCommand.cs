using System.CommandLine;
using System.Globalization;
using Kairos.Core;
using Kairos.Data;

namespace Kairos.Cli.Commands;

/// <summary>
/// <c>kairos data import</c>: validate a folder of CSV bars and store them in the SQLite bar store.
/// <c>kairos data pull</c>: daily bars from Alpaca market data into the same store.
/// </summary>
internal static class DataCommand
{
    public const string DefaultDatabase = "out/kairos.db";

    private static readonly Option<DirectoryInfo?> Data = DataFolderOption.Create();

    private static readonly Option<FileInfo> Database = new("--db")
    {
        Description = "SQLite bar store to write (created if missing; bars already there are replaced by timestamp).",
        DefaultValueFactory = _ => new FileInfo(DefaultDatabase),
    };

    private const string DateFormat = "yyyy-MM-dd";

    /// <param name="time">The clock of <c>pull</c>: today's still-forming bar is never stored, and the Alpaca client waits on it.</param>
    /// <param name="environment">The APCA_* and PAPER variables <c>pull</c> reads.</param>
    public static Command Create(TimeProvider time, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(environment);
        var import = new Command("import", "Validate every CSV file of a folder and upsert its bars into the SQLite bar store. A file that fails validation stores nothing.")
        {
            Data, Database,
        };
        import.SetAction((parse, ct) => ImportAsync(parse, ct));
        return new Command("data", "Manage stored market data.") { import, CreatePull(time, environment) };
    }

    private static Command CreatePull(TimeProvider time, IReadOnlyDictionary<string, string> environment)
    {
        var alpaca = AlpacaSession.CreateOptions();
        var symbols = new Option<string>("--symbols")
        {
            Description = "Comma-separated symbols: stocks (AAPL) and crypto pairs (BTCUSD or BTC/USD; a pair ending in USD, USDT or USDC is crypto).",
            Required = true,
        };
        var since = new Option<string>("--since") { Description = $"First session date ({DateFormat}).", Required = true };
        var until = new Option<string?>("--until")
        {
            Description = $"Last session date ({DateFormat}, inclusive). Default and upper bound: the last completed session; today's still-forming bar is never stored.",
        };
        var database = new Option<FileInfo>("--db")
        {
            Description = "SQLite bar store to write (created if missing; bars already there are replaced by date).",
            DefaultValueFactory = _ => new FileInfo(DefaultDatabase),
        };
        var pull = new Command("pull", "Download daily bars from Alpaca market data and upsert them into the SQLite bar store, one transaction per symbol. Then 'kairos simulate --db' runs on them.")
        {
            symbols, since, until, database, alpaca.Live, alpaca.Credentials,
        };
        pull.SetAction((parse, ct) => PullAsync(parse, (symbols, since, until, database), alpaca, time, environment, ct));
        return pull;
    }

    private static async Task<int> ImportAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var dataDir = DataFolderOption.Resolve(parse, Data);

        var dbPath = parse.GetValue(Database)!.FullName;
        Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);

        // Validate every file before writing anything, so a bad file leaves the store as it was.
        var loaded = await BarDirectory.LoadAllAsync(dataDir, BarValidationPolicy.Default, cancellationToken);
        var store = await SqliteBarStore.OpenAsync(dbPath, cancellationToken);
        foreach (var result in loaded)
        {
            var rows = await store.UpsertBarsAsync(result.Series.Instrument, result.Series.Bars, cancellationToken);
            await stdout.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{result.Series.Instrument.Symbol,-8} {rows,6} bars stored ({result.Repairs.Count} repair(s), {result.MissingSessions} missing session(s))"));
        }

        await stdout.WriteLineAsync($"Stored {loaded.Count} symbol(s) in {dbPath}.");
        return ExitCodes.Success;
    }

    private static async Task<int> PullAsync(
        ParseResult parse,
        (Option<string> Symbols, Option<string> Since, Option<string?> Until, Option<FileInfo> Database) options,
        (Option<bool> Live, Option<FileInfo?> Credentials) alpaca,
        TimeProvider time,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var instruments = ParseSymbols(parse.GetValue(options.Symbols)!);
        var since = ParseDate(parse.GetValue(options.Since)!, "--since");
        var until = parse.GetValue(options.Until) is { } untilText ? ParseDate(untilText, "--until") : (DateOnly?)null;
        if (until < since)
        {
            throw new UsageException($"--until {until:yyyy-MM-dd} is before --since {since:yyyy-MM-dd}.");
        }

        var now = time.GetUtcNow();
        if (since >= DateOnly.FromDateTime(now.UtcDateTime).AddDays(1))
        {
            throw new UsageException($"--since {since:yyyy-MM-dd} is in the future; there are no bars to pull yet.");
        }

        var dbPath = parse.GetValue(options.Database)!.FullName;
        using var session = await AlpacaSession.OpenAsync(parse, alpaca, environment, time, stdout);
        await stdout.WriteLineAsync($"Pulling daily bars from Alpaca market data at {session.Options.DataBaseUrl.Host} into {dbPath}.");
        Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);
        var store = await SqliteBarStore.OpenAsync(dbPath, cancellationToken);
        var stored = new List<string>();
        foreach (var instrument in instruments)
        {
            // The last completed session: a bar dated today (New York date for stocks, UTC date for crypto) is still forming.
            var lastComplete = instrument.Calendar.LocalDate(now).AddDays(-1);
            var end = until is { } u && u < lastComplete ? u : lastComplete;
            IReadOnlyList<Bar> bars;
            try
            {
                // Every page is read before anything is written, and the upsert is one transaction: a failure leaves
                // this symbol as it was.
                bars = end < since ? [] : await AlpacaSession.CallAsync(() => session.MarketData.GetBarsAsync(instrument, since, end, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await stderr.WriteLineAsync(
                    $"{instrument.Symbol}: nothing stored for this symbol ({(stored.Count == 0 ? "no symbol stored" : "stored before the failure: " + string.Join(", ", stored))}).");
                throw;
            }

            var rows = bars.Count == 0 ? 0 : await store.UpsertBarsAsync(instrument, bars, cancellationToken);
            var span = bars.Count == 0 ? string.Empty : $" {bars[0].Timestamp:yyyy-MM-dd}..{bars[^1].Timestamp:yyyy-MM-dd}";
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{instrument.Symbol,-8} {rows,6} bars stored{span}"));
            if (bars.Count == 0)
            {
                await stderr.WriteLineAsync($"warning: Alpaca returned no bars for {instrument.Symbol} from {since:yyyy-MM-dd} to {end:yyyy-MM-dd}; check the symbol and the dates.");
            }
            else
            {
                stored.Add(instrument.Symbol);
            }
        }

        await stdout.WriteLineAsync($"Stored {stored.Count} symbol(s) in {dbPath}. Simulate on them: kairos simulate --db {dbPath}");
        return ExitCodes.Success;
    }

    private static List<Instrument> ParseSymbols(string text)
    {
        var instruments = new List<Instrument>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Length > 20 || !raw.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or '-') || !raw.Any(char.IsAsciiLetter))
            {
                throw new UsageException($"--symbols: '{raw}' is not a symbol (letters, digits, '.', '/' or '-', e.g. AAPL, BRK.B, BTCUSD, BTC/USD).");
            }

            var instrument = Instrument.Infer(raw);
            if (!instruments.Contains(instrument))
            {
                instruments.Add(instrument);
            }
        }

        return instruments.Count > 0 ? instruments : throw new UsageException("--symbols: give at least one symbol, e.g. --symbols AAPL,BTCUSD.");
    }

    private static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"{option}: '{text}' is not a date as {DateFormat} (e.g. 2024-01-02).");
}
