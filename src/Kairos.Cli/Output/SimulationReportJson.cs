using System.Text.Json;
using System.Text.Json.Serialization;
using Kairos.Backtesting.Strategies;
using Kairos.Trading.Reporting;

namespace Kairos.Cli.Output;

/// <summary>
/// The JSON document of a simulation (or paper/live) run report, schema <c>kairos.simulation/v1</c>: the run, its
/// settings, the headline performance, per-symbol P&amp;L, the equity curve with drawdown, position values over time,
/// every closed trade and the decision counts. Enums are lower-case names, strategies their report names, money
/// decimals, statistics doubles (fractions, not percentages).
/// </summary>
internal sealed record SimulationReportJson(
    string Schema,
    SimulationReportRunJson Run,
    IReadOnlyList<ReportSetting> Settings,
    DateTimeOffset? PeriodStart,
    DateTimeOffset? PeriodEnd,
    decimal StartingEquity,
    decimal EndingEquity,
    SimulationReportPerformanceJson Performance,
    IReadOnlyList<SimulationReportSymbolJson> Symbols,
    IReadOnlyList<SimulationReportEquityPointJson> EquityCurve,
    IReadOnlyList<PositionSeries> Positions,
    IReadOnlyList<SimulationReportTradeJson> Trades,
    IReadOnlyDictionary<string, int> Decisions)
{
    public const string SchemaName = "kairos.simulation/v1";

    /// <summary>Cycles the run executed (all windows, with a resumed run's earlier cycles).</summary>
    public int Cycles { get; init; }

    /// <summary>Wall seconds of the command that finished the run (a resumed run counts only its last part).</summary>
    public double WallSeconds { get; init; }

    /// <summary>Forecasts computed by the run's forecaster, and served from the memo or cache instead.</summary>
    public long ForecastsComputed { get; init; }

    public long ForecastsReused { get; init; }

    /// <summary>When and why the bot switched itself to the conservative configuration; null when it never did.</summary>
    public Kairos.Trading.Cycle.RollbackRecord? Rollback { get; init; }

    /// <summary>
    /// Symbol analyses that failed with an out-of-memory error (the "memory failures up" rollback trigger); null in a
    /// report written before Kairos counted them, which the trigger reads as "not measured".
    /// </summary>
    public int? MemoryFailures { get; init; }

    /// <summary>Fills of the run (all, not only those of closed trades).</summary>
    public int Fills { get; init; }

    /// <summary><see cref="Kairos.Trading.Reporting.FillHash"/> of the run's ordered fills: equal runs, equal hashes.</summary>
    public string? FillsSha256 { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static SimulationReportJson From(SimulationReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var p = data.Performance;
        return new SimulationReportJson(
            SchemaName,
            new SimulationReportRunJson(data.Run.Id, Lower(data.Run.Mode), data.Run.Broker, data.Run.StartedAt, data.Run.FinishedAt, Lower(data.Run.Status), data.Run.Seed),
            data.Settings,
            data.PeriodStart,
            data.PeriodEnd,
            data.StartingEquity,
            data.EndingEquity,
            new SimulationReportPerformanceJson(
                p.TotalReturn,
                p.AnnualizedReturn,
                p.TradingDaysPerYear,
                p.Sharpe,
                p.Sortino,
                p.MaxDrawdown.Depth,
                p.MaxDrawdown.PeakAt,
                p.MaxDrawdown.TroughAt,
                p.MaxDrawdown.RecoveredAt,
                p.Trades,
                p.Wins,
                p.WinRate,
                p.AverageReturnPerTrade,
                p.ProfitFactor,
                p.TimeInMarket,
                p.AverageGrossExposure,
                p.RealizedPnl,
                p.UnrealizedPnl,
                p.Fees,
                p.Financing),
            [.. p.Symbols.Select(static s => new SimulationReportSymbolJson(s.Symbol, s.Realized, s.Unrealized, s.Total, s.Fees, s.Trades))],
            [.. data.EquityCurve.Select((s, i) => new SimulationReportEquityPointJson(s.At, s.Cash, s.Equity, s.GrossExposure, data.Drawdown[i].Drawdown))],
            data.Positions,
            [.. data.ClosedTrades.Select(static t => new SimulationReportTradeJson(
                t.Instrument.Symbol,
                Lower(t.Instrument.AssetClass),
                Lower(t.Side),
                t.Strategy.Name(),
                t.Quantity,
                t.EntryPrice,
                t.ExitPrice,
                t.OpenedAt,
                t.ClosedAt,
                t.RealizedPnl,
                t.Fees,
                t.ReturnPct,
                t.Reason))],
            data.Decisions.OrderBy(static d => d.Key).ToDictionary(static d => Lower(d.Key), static d => d.Value))
        {
            Rollback = data.Rollback,
            MemoryFailures = data.MemoryFailures,
        };
    }

    /// <summary>The run's health as the rollback triggers read it.</summary>
    public Kairos.Trading.Monitoring.HealthSnapshot Health() =>
        new(Performance.Sharpe, Performance.WinRate, Performance.Trades, ForecastsReused, ForecastsComputed, MemoryFailures);

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

    public static SimulationReportJson Read(string path)
    {
        var report = JsonSerializer.Deserialize<SimulationReportJson>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty JSON document.");
        return report.Schema == SchemaName ? report : throw new InvalidDataException($"{path}: schema '{report.Schema}', expected '{SchemaName}'.");
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}

internal sealed record SimulationReportRunJson(long Id, string Mode, string Broker, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Status, int? Seed);

internal sealed record SimulationReportPerformanceJson(
    double TotalReturn,
    double AnnualizedReturn,
    int TradingDaysPerYear,
    double Sharpe,
    double Sortino,
    double MaxDrawdown,
    DateTimeOffset? MaxDrawdownPeakAt,
    DateTimeOffset? MaxDrawdownTroughAt,
    DateTimeOffset? MaxDrawdownRecoveredAt,
    int Trades,
    int Wins,
    double WinRate,
    double AverageReturnPerTrade,
    double? ProfitFactor,
    double TimeInMarket,
    double AverageGrossExposure,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    decimal Financing);

internal sealed record SimulationReportSymbolJson(string Symbol, decimal Realized, decimal Unrealized, decimal Total, decimal Fees, int Trades);

internal sealed record SimulationReportEquityPointJson(DateTimeOffset At, decimal Cash, decimal Equity, decimal GrossExposure, double Drawdown);

internal sealed record SimulationReportTradeJson(
    string Symbol,
    string AssetClass,
    string Side,
    string Strategy,
    decimal Quantity,
    decimal EntryPrice,
    decimal ExitPrice,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt,
    decimal RealizedPnl,
    decimal Fees,
    double ReturnPct,
    string Reason);
