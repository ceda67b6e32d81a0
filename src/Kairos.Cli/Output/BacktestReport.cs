using System.Text.Json;
using System.Text.Json.Serialization;
using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;

namespace Kairos.Cli.Output;

/// <summary>The JSON document <c>kairos backtest</c> writes: settings, then per symbol the statistics, live levels and every simulation.</summary>
internal sealed record BacktestReport(
    string Schema,
    string Forecaster,
    BacktestSettings Settings,
    IReadOnlyList<SymbolReport> Symbols)
{
    public const string SchemaName = "kairos.backtest/v1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static BacktestReport From(string forecaster, BacktestSettings settings, IEnumerable<SymbolBacktest> results) =>
        new(SchemaName, forecaster, settings, [.. results.Select(SymbolReport.From)]);

    /// <summary>Writes atomically: a temporary file beside the target, then a rename, so a crash never leaves half a file.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        await using (var stream = File.Create(temp))
        {
            await JsonSerializer.SerializeAsync(stream, this, Json, cancellationToken);
        }

        File.Move(temp, full, overwrite: true);
    }

    public static BacktestReport Read(string path) =>
        JsonSerializer.Deserialize<BacktestReport>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty JSON document.");
}

internal sealed record BacktestSettings(int Simulations, int WindowDays, double CryptoFee, double EquityFee, IReadOnlyList<int> GridSteps, int PctDiffMaxEvaluations);

internal sealed record SymbolReport(
    string Symbol,
    string AssetClass,
    int Bars,
    int Simulations,
    int WindowDays,
    double Fee,
    double SpreadBps,
    string BestStrategy,
    int ForecastsComputed,
    string Fingerprint,
    LiveLevels Live,
    IReadOnlyDictionary<string, StrategyStatsReport> Strategies,
    IReadOnlyList<SimulationReport> SimulationResults)
{
    public static SymbolReport From(SymbolBacktest r) => new(
        r.Instrument.Symbol,
        r.Instrument.AssetClass.ToString().ToLowerInvariant(),
        r.Bars,
        r.Simulations,
        r.WindowDays,
        r.Fee,
        r.SpreadBps,
        r.BestStrategy.Name(),
        r.ForecastsComputed,
        r.Fingerprint,
        r.Live,
        r.Stats.OrderBy(p => p.Key).ToDictionary(p => p.Key.Name(), p => StrategyStatsReport.From(p.Value)),
        [.. r.SimulationResults.Select(SimulationReport.From)]);
}

internal sealed record StrategyStatsReport(
    double TotalReturn,
    double AverageDailyReturn,
    double AnnualReturn,
    double Sharpe,
    double Sortino,
    double MaxDrawdown,
    double WinRate,
    double AverageReturnPerTrade,
    int Trades,
    double Turnover,
    double ForecastedPnl,
    double RecentSum,
    OutOfSampleStats OutOfSample)
{
    public static StrategyStatsReport From(StrategyStats s) => new(
        s.TotalReturn, s.AverageDailyReturn, s.AnnualReturn, s.Sharpe, s.Sortino, s.MaxDrawdown, s.WinRate, s.AverageReturnPerTrade, s.Trades, s.Turnover, s.ForecastedPnl, s.RecentSum, s.OutOfSample);
}

internal sealed record SimulationReport(int Index, DateOnly FirstDecisionDate, DateOnly LastDecisionDate, IReadOnlyDictionary<string, RunReport> Runs)
{
    public static SimulationReport From(SimulationResult s) =>
        new(s.Index, s.FirstDecisionDate, s.LastDecisionDate, s.Runs.OrderBy(p => p.Key).ToDictionary(p => p.Key.Name(), p => RunReport.From(p.Value)));
}

internal sealed record RunReport(
    double TotalReturn,
    double AverageDailyReturn,
    double Sharpe,
    double Sortino,
    double MaxDrawdown,
    int Trades,
    int Wins,
    double Turnover,
    IReadOnlyList<double> DailyReturns,
    IReadOnlyList<double> Positions,
    StrategyParameters? Parameters)
{
    public static RunReport From(StrategyRun r) =>
        new(r.TotalReturn, r.AverageDailyReturn, r.Sharpe, r.Sortino, r.MaxDrawdown, r.Trades, r.Wins, r.Turnover, r.DailyReturns, r.Positions, r.Parameters);
}
