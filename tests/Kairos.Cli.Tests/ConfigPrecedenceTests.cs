using System.Text.Json;
using Kairos.Cli.Configuration;

namespace Kairos.Cli.Tests;

/// <summary>default &lt; file &lt; environment &lt; flag, with the source of every setting kept and shown.</summary>
public sealed class ConfigPrecedenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string json)
    {
        var path = Path.Combine(_dir, "config.json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private static Dictionary<string, string> Env(params (string Name, string Value)[] variables) => variables.ToDictionary(v => v.Name, v => v.Value);

    private static Task<EffectiveConfig> Resolve(Dictionary<string, string> environment, string? file, params FlagOverride?[] flags) =>
        ConfigEnvironmentTests.Resolve(environment, file, flags);

    [Fact]
    public async Task File_beats_default()
    {
        var file = File("""{ "Backtest": { "Simulations": 30 }, "analysis": { "WORKERS": 3 } }""");

        var effective = await Resolve(Env(), file);

        Assert.Equal((30, 3), (effective.Config.Backtest.Simulations, effective.Config.Analysis.Workers));
        Assert.Equal($"file:{file}", effective.SourceOf("backtest.simulations").ToString());
        Assert.Equal($"file:{file}", effective.SourceOf("analysis.workers").ToString());
        Assert.Equal("default", effective.SourceOf("backtest.windowDays").ToString());
    }

    [Fact]
    public async Task Environment_beats_file_and_default()
    {
        var file = File("""{ "backtest": { "simulations": 30 }, "optimizer": { "tolerance": 0.002 } }""");

        var effective = await Resolve(Env(("MARKETSIM_BACKTEST_SIMULATIONS", "40"), ("OPTIMIZER_MAX_ITER", "50")), file);

        Assert.Equal((40, 50, 0.002), (effective.Config.Backtest.Simulations, effective.Config.Optimizer.MaxEvaluations, effective.Config.Optimizer.Tolerance));
        Assert.Equal("env:MARKETSIM_BACKTEST_SIMULATIONS", effective.SourceOf("backtest.simulations").ToString());
        Assert.Equal("env:OPTIMIZER_MAX_ITER", effective.SourceOf("optimizer.maxEvaluations").ToString());
        Assert.Equal($"file:{file}", effective.SourceOf("optimizer.tolerance").ToString());
    }

    [Fact]
    public async Task Flag_beats_environment_file_and_default()
    {
        var file = File("""{ "backtest": { "simulations": 30 }, "broker": { "initialCash": 5000 }, "trading": { "symbols": ["KGC"] } }""");

        var effective = await Resolve(
            Env(("MARKETSIM_BACKTEST_SIMULATIONS", "40"), ("MARKETSIM_PARALLEL_WORKERS", "8"), ("MARKETSIM_PARALLEL_ANALYSIS", "1")),
            file,
            SettingFlags.Sims(12),
            SettingFlags.Cash(2500m),
            SettingFlags.Parallel(1),
            SettingFlags.Symbols("NIO, btcusd"));

        var config = effective.Config;
        Assert.Equal((12, 2500m, false, 1), (config.Backtest.Simulations, config.Broker.InitialCash, config.Analysis.Parallel, config.Analysis.Workers));
        Assert.Equal(["NIO", "btcusd"], config.Trading.Symbols!);
        Assert.Equal(1, config.Analysis.Parallelism(16));
        Assert.Equal("flag:--sims", effective.SourceOf("backtest.simulations").ToString());
        Assert.Equal("flag:--cash", effective.SourceOf("broker.initialCash").ToString());
        Assert.Equal("flag:--parallel", effective.SourceOf("analysis.workers").ToString());
        Assert.Equal("flag:--parallel", effective.SourceOf("analysis.parallel").ToString());
        Assert.Equal("flag:--symbols", effective.SourceOf("trading.symbols").ToString());
    }

    [Fact]
    public async Task Flag_beats_default_alone()
    {
        var effective = await Resolve(Env(), null, SettingFlags.Parallel(6));

        Assert.Equal((true, 6), (effective.Config.Analysis.Parallel, effective.Config.Analysis.Workers));
        Assert.Equal(6, effective.Config.Analysis.Parallelism(2));
        Assert.Equal("flag:--parallel", effective.SourceOf("analysis.workers").ToString());
    }

    [Fact]
    public async Task New_sections_and_the_schedule_read_from_the_file()
    {
        var file = File("""
            {
              "forecastCache": { "enabled": false, "ttl": "00:01:30", "maxSizeMb": 64 },
              "prediction": { "cryptoPriceThreshold": 0.04, "timeThreshold": "01:00:00" },
              "schedule": { "marketCloseShift": "00:30:00" },
              "trading": { "paper": true },
            }
            """);

        var config = (await Resolve(Env(), file)).Config;

        Assert.Equal((false, TimeSpan.FromSeconds(90), 64), (config.ForecastCache.Enabled, config.ForecastCache.Ttl, config.ForecastCache.MaxSizeMb));
        Assert.Equal((0.015, 0.04, TimeSpan.FromHours(1)), (config.Prediction.EquityPriceThreshold, config.Prediction.CryptoPriceThreshold, config.Prediction.TimeThreshold));
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(15)), (config.Schedule.ToSettings().MarketCloseShift, config.Schedule.ToSettings().MarketCloseWindow));
    }

    [Theory]
    [InlineData("""{ "optimizer": { "maxEvaluations": 5 } }""", "optimizer.maxEvaluations must be null (no bound) or lie between 12 and 1000000")]
    [InlineData("""{ "analysis": { "workers": 0 } }""", "analysis.workers must be null (one per core) or lie between 1 and 256")]
    [InlineData("""{ "forecastCache": { "ttl": "-00:00:01" } }""", "forecastCache.ttl must lie between 00:00:00 and 7.00:00:00")]
    [InlineData("""{ "prediction": { "equityPriceThreshold": 0 } }""", "prediction.equityPriceThreshold must be a fraction greater than 0 and less than 1")]
    [InlineData("""{ "trading": { "symbols": [] } }""", "trading.symbols must be null (every symbol) or name at least one symbol")]
    [InlineData("""{ "rollback": { "maxSharpeDrop": 1.5 } }""", "rollback.maxSharpeDrop must be a fraction from 0 to 1")]
    [InlineData("""{ "rollback": { "minTrades": -1 } }""", "rollback.minCacheLookups and rollback.minTrades must not be negative")]
    [InlineData("""{ "analysis": { "threads": 2 } }""", "'threads'")]
    [InlineData("""{ "schedule": { "marketCloseWindow": "02:00:00" } }""", "schedule.marketCloseWindow: The market-close window must be between 1 minute and 1 hour.")]
    public async Task An_invalid_file_value_names_the_file_and_the_setting(string json, string message)
    {
        var file = File(json);

        var e = await Assert.ThrowsAsync<UsageException>(() => Resolve(Env(), file));

        Assert.StartsWith($"--config: '{file}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cash", "0", "--cash must be positive.")]
    [InlineData("--sims", "0", "--sims must lie between 1 and 10000.")]
    [InlineData("--parallel", "0", "--parallel must lie between 1 and 256.")]
    public async Task Invalid_flags_are_usage_errors_in_config_show(string flag, string value, string message)
    {
        var (code, _, stderr) = await CliRunner.Run("config", "show", flag, value);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_prints_every_setting_with_its_value_and_source()
    {
        var file = File("""{ "portfolio": { "maxPositions": 6 } }""");
        var environment = Env(("OPTIMIZER_MAX_ITER", "50"), ("KRONOS_USE_TORCH_COMPILE", "1"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await KairosApp.RunAsync(["config", "show", "--config", file, "--sims", "9"], stdout, stderr, CancellationToken.None, environment: environment);

        Assert.True(code == 0, stderr.ToString());
        var lines = stdout.ToString().Split('\n');
        Assert.Matches(@"^setting\s+value\s+source$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^portfolio\.maxPositions\s+6\s+file:.*config\.json$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^optimizer\.maxEvaluations\s+50\s+env:OPTIMIZER_MAX_ITER$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^backtest\.simulations\s+9\s+flag:--sims$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^portfolio\.minPositions\s+4\s+default$"));
        Assert.Contains("KRONOS_USE_TORCH_COMPILE=1: not applicable to the C# engine", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_json_lists_settings_and_ignored_variables()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await KairosApp.RunAsync(
            ["config", "show", "--json"], stdout, stderr, CancellationToken.None, environment: Env(("PAPER", "0"), ("TORCH_COMPILE_MODE", "max-autotune")));

        Assert.True(code == 0, stderr.ToString());
        using var doc = JsonDocument.Parse(stdout.ToString());
        var paper = doc.RootElement.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("setting").GetString() == "trading.paper");
        Assert.False(paper.GetProperty("value").GetBoolean());
        Assert.Equal("env:PAPER", paper.GetProperty("source").GetString());
        var ignored = Assert.Single(doc.RootElement.GetProperty("ignored").EnumerateArray());
        Assert.Equal(("TORCH_COMPILE_MODE", "max-autotune"), (ignored.GetProperty("variable").GetString(), ignored.GetProperty("value").GetString()));
    }

    [Theory]
    [InlineData("config", "show")]
    [InlineData("simulate", "--days", "1")]
    [InlineData("run", "--once")]
    public async Task An_invalid_variable_fails_every_command_at_start_with_exit_2(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var state = Path.Combine(_dir, "state");

        var code = await KairosApp.RunAsync(
            [.. args, .. args[0] == "config" ? [] : new[] { args[0] == "run" ? "--state" : "--report", state, "-q" }],
            stdout,
            stderr,
            CancellationToken.None,
            environment: Env(("MARKETSIM_PARALLEL_WORKERS", "0")));

        Assert.Equal(2, code);
        Assert.Contains("error: environment variable MARKETSIM_PARALLEL_WORKERS='0': 0 is out of range. It accepts a whole number from 1 to 256", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(state), "nothing is written before the configuration is valid");
    }

    [Fact]
    public async Task Run_refuses_paper_off_naming_its_source()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await KairosApp.RunAsync(
            ["run", "--once", "--state", Path.Combine(_dir, "state"), "-q"], stdout, stderr, CancellationToken.None, environment: Env(("PAPER", "0")));

        Assert.Equal(2, code);
        Assert.Contains("trading.paper is false (env:PAPER): live trading needs --broker alpaca and --live", stderr.ToString(), StringComparison.Ordinal);
    }
}
