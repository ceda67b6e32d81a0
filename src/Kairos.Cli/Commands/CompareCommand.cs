using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kairos.Cli.Output;
using Kairos.Trading.Monitoring;

namespace Kairos.Cli.Commands;

/// <summary>
/// <c>kairos compare</c>: the optimisation plan's "validate trading performance unchanged". Replays the same data under a
/// baseline and a candidate configuration (two <c>kairos simulate</c> runs), prints P&amp;L, the trading metrics, the time
/// per cycle and the forecast reuse side by side, and a verdict against the rollback thresholds.
/// </summary>
internal static class CompareCommand
{
    private static readonly Option<FileInfo> Baseline = new("--baseline") { Description = "Configuration JSON of the baseline (see kairos simulate --config).", Required = true };

    private static readonly Option<FileInfo> Candidate = new("--candidate") { Description = "Configuration JSON of the candidate.", Required = true };

    private static readonly Option<int> Days = new("--days") { Description = "Days replayed (as kairos simulate).", DefaultValueFactory = _ => 60 };

    private static readonly Option<DateOnly?> Start = new("--start") { Description = "First day replayed (default as kairos simulate)." };

    private static readonly Option<string?> Symbols = new("--symbols", "-s") { Description = "Comma-separated symbols (default as kairos simulate)." };

    private static readonly Option<DirectoryInfo?> Data = DataFolderOption.Create();

    private static readonly Option<DirectoryInfo> Report = new("--report")
    {
        Description = "Folder for the two runs (baseline/, candidate/) and compare.json.",
        DefaultValueFactory = _ => new DirectoryInfo("out/compare"),
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(IReadOnlyDictionary<string, string> environment)
    {
        var command = new Command(
            "compare",
            "Replay the same data under two configurations and compare P&L, Sharpe, Sortino, drawdown, win rate, time per cycle and forecast reuse, "
            + "with a verdict against the rollback thresholds (Sharpe -10 %, win rate -5 points, cache hit rate < 30 %, memory failures).")
        {
            Baseline, Candidate, Days, Start, Symbols, Data, Report,
        };
        command.SetAction((parse, ct) => RunAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var root = parse.GetValue(Report)!.FullName;
        var runs = new List<(string Name, SimulationReportJson Report)>();
        foreach (var (name, config) in new[] { ("baseline", parse.GetValue(Baseline)!), ("candidate", parse.GetValue(Candidate)!) })
        {
            if (!config.Exists)
            {
                throw new UsageException($"--{name}: '{config.FullName}' does not exist.");
            }

            var dir = Path.Combine(root, name);
            var args = new List<string> { "simulate", "--config", config.FullName, "--report", dir, "--days", parse.GetValue(Days).ToString(CultureInfo.InvariantCulture), "--restart", "-q" };
            if (parse.GetValue(Start) is { } start)
            {
                args.AddRange(["--start", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
            }

            if (parse.GetValue(Symbols) is { } symbols)
            {
                args.AddRange(["--symbols", symbols]);
            }

            if (parse.GetValue(Data) is { } data)
            {
                args.AddRange(["--data", data.FullName]);
            }

            await stderr.WriteLineAsync($"Replaying the {name} ({config.Name}) ...");
            using var errors = new StringWriter();
            var code = await KairosApp.RunAsync([.. args], TextWriter.Null, errors, cancellationToken, null, environment);
            if (code != ExitCodes.Success)
            {
                await stderr.WriteAsync(errors.ToString());
                return code;
            }

            runs.Add((name, SimulationReportJson.Read(Path.Combine(dir, "report.json"))));
        }

        var (b, c) = (runs[0].Report, runs[1].Report);
        var verdict = RollbackPolicy.Evaluate(b.Health(), c.Health(), new RollbackThresholds());
        await stdout.WriteAsync(Table(b, c));
        await stdout.WriteLineAsync(b.FillsSha256 == c.FillsSha256 ? "Fills: identical (same hash)." : "Fills: different.");
        await stdout.WriteLineAsync(verdict.ShouldRollBack
            ? "Verdict: reject the candidate (a rollback trigger fired): " + string.Join("; ", verdict.Triggers)
            : "Verdict: accept the candidate (no rollback trigger fired): " + string.Join("; ", verdict.Checks));
        var path = Path.Combine(root, "compare.json");
        await File.WriteAllTextAsync(
            path,
            JsonSerializer.Serialize(
                new { schema = "kairos.compare/v1", baseline = Summary(b), candidate = Summary(c), identicalFills = b.FillsSha256 == c.FillsSha256, rollBack = verdict.ShouldRollBack, triggers = verdict.Triggers, checks = verdict.Checks },
                JsonOptions),
            cancellationToken);
        await stderr.WriteLineAsync($"Comparison written to {path}; the runs' reports are in {root}.");
        return ExitCodes.Success;
    }


    private static object Summary(SimulationReportJson r) => new
    {
        endingEquity = r.EndingEquity,
        totalReturn = r.Performance.TotalReturn,
        sharpe = r.Performance.Sharpe,
        sortino = r.Performance.Sortino,
        maxDrawdown = r.Performance.MaxDrawdown,
        winRate = r.Performance.WinRate,
        trades = r.Performance.Trades,
        averageReturnPerTrade = r.Performance.AverageReturnPerTrade,
        fees = r.Performance.Fees,
        cycles = r.Cycles,
        wallSeconds = r.WallSeconds,
        secondsPerCycle = r.Cycles == 0 ? 0 : r.WallSeconds / r.Cycles,
        forecastsComputed = r.ForecastsComputed,
        forecastsReused = r.ForecastsReused,
        memoryFailures = r.MemoryFailures,
        fillsSha256 = r.FillsSha256,
    };

    private static string Table(SimulationReportJson b, SimulationReportJson c)
    {
        static string Pct(double v) => double.IsFinite(v) ? v.ToString("P2", CultureInfo.InvariantCulture) : "n/a";
        static string Num(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
        static string Money(decimal v) => v.ToString("N2", CultureInfo.InvariantCulture);
        static string Ms(SimulationReportJson r) => r.Cycles == 0 ? "n/a" : (r.WallSeconds / r.Cycles * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms";
        static string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "n/a";
        static string Rate(SimulationReportJson r) => r.ForecastsComputed + r.ForecastsReused == 0 ? "n/a" : Pct((double)r.ForecastsReused / (r.ForecastsComputed + r.ForecastsReused));
        var table = new ConsoleTable("Metric", "Baseline", "Candidate");
        table.Add("Ending equity", Money(b.EndingEquity), Money(c.EndingEquity));
        table.Add("Total return", Pct(b.Performance.TotalReturn), Pct(c.Performance.TotalReturn));
        table.Add("Sharpe", Num(b.Performance.Sharpe), Num(c.Performance.Sharpe));
        table.Add("Sortino", Num(b.Performance.Sortino), Num(c.Performance.Sortino));
        table.Add("Max drawdown", Pct(b.Performance.MaxDrawdown), Pct(c.Performance.MaxDrawdown));
        table.Add("Win rate", Pct(b.Performance.WinRate), Pct(c.Performance.WinRate));
        table.Add("Trades", b.Performance.Trades.ToString(CultureInfo.InvariantCulture), c.Performance.Trades.ToString(CultureInfo.InvariantCulture));
        table.Add("Avg return per trade", Pct(b.Performance.AverageReturnPerTrade), Pct(c.Performance.AverageReturnPerTrade));
        table.Add("Fees", Money(b.Performance.Fees), Money(c.Performance.Fees));
        table.Add("Time per cycle", Ms(b), Ms(c));
        table.Add("Forecasts computed", b.ForecastsComputed.ToString("N0", CultureInfo.InvariantCulture), c.ForecastsComputed.ToString("N0", CultureInfo.InvariantCulture));
        table.Add("Forecast reuse", Rate(b), Rate(c));
        table.Add("Memory failures", Count(b.MemoryFailures), Count(c.MemoryFailures));
        return table.ToString();
    }
}
