using System.CommandLine;
using System.Globalization;
using Kairos.Data;

namespace Kairos.Cli.Commands;

/// <summary><c>kairos data import</c>: validate a folder of CSV bars and store them in the SQLite bar store.</summary>
internal static class DataCommand
{
    public const string DefaultDatabase = "out/kairos.db";

    private static readonly Option<DirectoryInfo?> Data = DataFolderOption.Create();

    private static readonly Option<FileInfo> Database = new("--db")
    {
        Description = "SQLite bar store to write (created if missing; bars already there are replaced by timestamp).",
        DefaultValueFactory = _ => new FileInfo(DefaultDatabase),
    };

    public static Command Create()
    {
        var import = new Command("import", "Validate every CSV file of a folder and upsert its bars into the SQLite bar store. A file that fails validation stores nothing.")
        {
            Data, Database,
        };
        import.SetAction((parse, ct) => ImportAsync(parse, ct));
        return new Command("data", "Manage stored market data.") { import };
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
}
