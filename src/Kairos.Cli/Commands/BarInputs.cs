using System.Globalization;
using Kairos.Core;
using Kairos.Data;

namespace Kairos.Cli.Commands;

/// <summary>Loading the bars a command works on: a CSV folder or the SQLite bar store, with the chosen symbols.</summary>
internal static class BarInputs
{
    public static async Task<(string Source, List<BarSeries> Series)> LoadCsvAsync(string dataDir, string? symbols, TextWriter stderr, bool quiet, CancellationToken cancellationToken)
    {
        var series = new List<BarSeries>();
        foreach (var file in SelectFiles(BarDirectory.List(dataDir), symbols, dataDir))
        {
            var result = await BarCsvLoader.LoadAsync(file.Path, file.Instrument, BarValidationPolicy.Default, cancellationToken);
            if (!quiet)
            {
                await ReportLoadAsync(stderr, result);
            }

            series.Add(result.Series);
        }

        return (dataDir, series);
    }

    public static async Task<(string Source, List<BarSeries> Series)> LoadStoreAsync(FileInfo db, string? symbols, CancellationToken cancellationToken)
    {
        if (!db.Exists)
        {
            throw new UsageException($"--db: '{db.FullName}' does not exist. Create it with 'kairos data import --db {db.FullName}'.");
        }

        var store = await SqliteBarStore.OpenAsync(db.FullName, cancellationToken);
        var available = await store.ListSymbolsAsync(cancellationToken);
        var wanted = string.IsNullOrWhiteSpace(symbols)
            ? available
            : [.. symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant().Replace("/", string.Empty, StringComparison.Ordinal)).Distinct()];
        if (wanted.Count == 0)
        {
            throw new UsageException($"--db: '{db.FullName}' holds no bars.");
        }

        var series = new List<BarSeries>();
        foreach (var symbol in wanted)
        {
            series.Add(await store.LoadAsync(symbol, cancellationToken)
                ?? throw new UsageException($"--symbols: no bars for '{symbol}' in '{db.FullName}'. Available: {string.Join(", ", available)}."));
        }

        return (db.FullName, series);
    }

    private static List<BarFile> SelectFiles(IReadOnlyList<BarFile> available, string? symbols, string dataDir)
    {
        if (available.Count == 0)
        {
            throw new UsageException($"--data: no *.csv files in '{dataDir}'.");
        }

        if (string.IsNullOrWhiteSpace(symbols))
        {
            return [.. available];
        }

        var chosen = new List<BarFile>();
        foreach (var raw in symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var wanted = raw.ToUpperInvariant().Replace("/", string.Empty, StringComparison.Ordinal);
            var file = available.FirstOrDefault(f => f.Instrument.Symbol == wanted)
                ?? throw new UsageException($"--symbols: no data for '{raw}' in '{dataDir}'. Available: {string.Join(", ", available.Select(f => f.Instrument.Symbol))}.");
            if (!chosen.Contains(file))
            {
                chosen.Add(file);
            }
        }

        return chosen;
    }

    public static async Task ReportLoadAsync(TextWriter stderr, BarLoadResult result)
    {
        var s = result.Series;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"  {s.Instrument.Symbol,-8} {s.Count,5} bars {s[0].Date:yyyy-MM-dd}..{s[s.Count - 1].Date:yyyy-MM-dd} ({s.Instrument.Calendar.Name})");
        if (result.Repairs.Count > 0)
        {
            line += $", {result.Repairs.Count} repair(s)";
        }

        if (result.Gaps.Count > 0)
        {
            line += $", {result.MissingSessions} missing session(s) in {result.Gaps.Count} gap(s)";
        }

        await stderr.WriteLineAsync(line);
        foreach (var repair in result.Repairs.Take(5))
        {
            await stderr.WriteLineAsync($"    repaired: {repair}");
        }

        if (result.Repairs.Count > 5)
        {
            await stderr.WriteLineAsync($"    ... and {result.Repairs.Count - 5} more repair(s)");
        }

        foreach (var gap in result.Gaps.OrderByDescending(g => g.MissingSessions).Take(3))
        {
            await stderr.WriteLineAsync($"    gap: {gap}");
        }
    }
}
