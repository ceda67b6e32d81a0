using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kairos.Backtesting.WalkForward;
using Kairos.Cli.Output;
using Kairos.Core;
using Kairos.Forecasting;
using Kairos.Forecasting.Kronos;
using Kairos.Trading.Cycle;
using Kairos.Trading.Monitoring;
using Kairos.Trading.Replay;
using Kairos.Trading.Scheduling;
using Kairos.Trading.Simulation;
using Kairos.Trading.State;

namespace Kairos.Cli.Commands;

/// <summary>
/// <c>kairos profile</c>: runs one full analysis cycle (market open) and then a second one over the same bars (the second
/// hour), and prints where each spent its time as a hot-path table in the shape of the optimisation plan's profile —
/// stage, calls, cumulative and own time, time per call, share of the cycle — and writes both as JSON.
/// </summary>
internal static class ProfileCommand
{
    private static readonly Option<string?> Symbols = new("--symbols", "-s") { Description = "Comma-separated symbols (default: every file in the data folder)." };

    private static readonly Option<DirectoryInfo?> Data = DataFolderOption.Create();

    private static readonly Option<DateOnly?> At = new("--at")
    {
        Description = "Trading day whose market-open cycle is profiled (default: the day after the last bar all symbols have).",
    };

    private static readonly Option<int> Sims = new("--sims") { Description = "Walk-forward simulations per symbol.", DefaultValueFactory = _ => 70 };

    private static readonly Option<string?> KronosModelOption = new("--kronos-model") { Description = "Profile with Kronos (checkpoint folder or Hugging Face id)." };

    private static readonly Option<string?> KronosTokenizerOption = new("--kronos-tokenizer") { Description = "Kronos tokenizer checkpoint." };

    private static readonly Option<FileInfo> Json = new("--json") { Description = "Where to write the profile as JSON.", DefaultValueFactory = _ => new FileInfo("out/profile.json") };

    public static Command Create()
    {
        var command = new Command("profile", "Profile one cold and one warm analysis cycle: a hot-path table per cycle (stage, calls, cumulative and own time, per call, share).")
        {
            Symbols, Data, At, Sims, KronosModelOption, KronosTokenizerOption, Json,
        };
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        if (parse.GetValue(Sims) < 1)
        {
            throw new UsageException("--sims must be at least 1.");
        }

        var (_, loaded) = await BarInputs.LoadCsvAsync(DataFolderOption.Resolve(parse, Data), parse.GetValue(Symbols), TextWriter.Null, true, cancellationToken);
        var day = parse.GetValue(At) ?? NyseCalendar.Instance.NextTradingDay(loaded.Max(s => s[s.Count - 1].Date));
        if (!NyseCalendar.Instance.IsTradingDay(day))
        {
            throw new UsageException($"--at: {day:yyyy-MM-dd} is not an NYSE trading day.");
        }

        // A symbol whose bars stop well before the day would be analysed on stale bars: it takes no part.
        var series = loaded.Where(s => s[s.Count - 1].Date >= day.AddDays(-7) && s[0].Date < day).ToList();
        foreach (var s in loaded.Except(series))
        {
            await stderr.WriteLineAsync($"  not profiled: {s.Instrument.Symbol} (bars {s[0].Date:yyyy-MM-dd}..{s[s.Count - 1].Date:yyyy-MM-dd} do not reach {day:yyyy-MM-dd})");
        }

        if (series.Count == 0)
        {
            throw new InsufficientDataException($"No symbol has bars up to {day:yyyy-MM-dd}; choose another --at.");
        }

        var schedule = new TradingSchedule();
        var windows = schedule.WindowsOn(day);
        var cold = windows.Single(w => w.Kind == CycleWindowKind.MarketOpen);
        var warm = windows.Single(w => w.Kind == CycleWindowKind.SecondHour);

        using var factory = new ForecasterFactory();
        var forecaster = factory.Create(parse.GetValue(KronosModelOption), parse.GetValue(KronosTokenizerOption), new KronosForecasterOptions(), stderr);
        var dir = Directory.CreateTempSubdirectory("kairos-profile-").FullName;
        try
        {
            var clock = new SimulatedClock(cold.Start);
            var market = new SimulatedMarket(series);
            using var broker = new SimulatedBroker(market, clock);
            var store = await TradingStore.OpenAsync(Path.Combine(dir, "profile.db"), TimeProvider.System, cancellationToken);
            var run = await store.StartRunAsync(TradingMode.Simulate, broker.Name, cold.Start, "{\"profile\":true}", null, cancellationToken);
            var memo = new ForecastMemo();
            var stage = new BacktestStage(forecaster, new WalkForwardOptions { Simulations = parse.GetValue(Sims) }, Environment.ProcessorCount, memo);
            var bot = new TradingBot(broker, store, run.Id, new MarketBarFeed(market), [.. series.Select(s => s.Instrument)], stage, new TradingBotSettings { ClientIdPrefix = "prof" }, clock);
            await bot.LoadAsync(cancellationToken);

            using var collector = new ProfileCollector();
            var results = new List<ProfiledCycle>();
            foreach (var window in new[] { cold, warm })
            {
                clock.Set(window.Start);
                await broker.AdvanceAsync(window.Start, cancellationToken);
                collector.Reset();
                var missesBefore = memo.Misses;
                var watch = Stopwatch.StartNew();
                using (collector.Measure("profile.cycle"))
                {
                    await bot.RunCycleAsync(window, cancellationToken);
                }

                var wall = watch.Elapsed;
                results.Add(new ProfiledCycle(window.Name, window == cold ? "cold" : "warm", wall.TotalSeconds, memo.Misses - missesBefore, collector.Rows(wall)));
            }

            foreach (var c in results)
            {
                await stdout.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{c.Kind} cycle ({c.Window}, {day:yyyy-MM-dd}, {series.Count} symbols, {forecaster.Identity}): {c.WallSeconds:F3} s wall, {c.ForecastsComputed} forecasts computed"));
                await stdout.WriteLineAsync(Table(c.Rows));
            }

            var path = parse.GetValue(Json)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { schema = "kairos.profile/v1", day, symbols = series.Select(s => s.Instrument.Symbol), forecaster = forecaster.Identity, cycles = results }, JsonOptions), cancellationToken);
            await stderr.WriteLineAsync($"Profile written to {path}");
            return ExitCodes.Success;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static string Table(IReadOnlyList<ProfileRow> rows)
    {
        var table = new ConsoleTable("Stage", "Calls", "Cumulative s", "Own s", "Per call ms", "Share");
        foreach (var r in rows)
        {
            table.Add(
                r.Stage,
                r.Calls.ToString("N0", CultureInfo.InvariantCulture),
                r.Cumulative.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture),
                r.Own.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture),
                r.PerCall.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture),
                r.Share.ToString("P1", CultureInfo.InvariantCulture));
        }

        return table.ToString();
    }

    private sealed record ProfiledCycle(string Window, string Kind, double WallSeconds, long ForecastsComputed, IReadOnlyList<ProfileRow> Rows);
}
