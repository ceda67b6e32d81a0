using System.Globalization;
using System.Text.Json;
using Kairos.Core;
using Kairos.Trading.State;

namespace Kairos.Trading.Reporting;

/// <summary>
/// Everything a report of one run shows, read from the <see cref="TradingStore"/>: the run and its settings, the period,
/// the performance, the equity and drawdown curves, each symbol's position value over time, every closed trade and
/// how many decisions of each kind the cycles took. Writers (JSON, HTML, console) only format it.
/// </summary>
public sealed record SimulationReportData
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public required RunRecord Run { get; init; }

    /// <summary>The run's configuration flattened to name/value lines, in the order the JSON had them.</summary>
    public required IReadOnlyList<ReportSetting> Settings { get; init; }

    /// <summary>First and last equity snapshot; null when the run recorded none.</summary>
    public DateTimeOffset? PeriodStart { get; init; }

    public DateTimeOffset? PeriodEnd { get; init; }

    public required TradingPerformance Performance { get; init; }

    public required IReadOnlyList<EquitySnapshot> EquityCurve { get; init; }

    public required IReadOnlyList<DrawdownPoint> Drawdown { get; init; }

    /// <summary>One series per symbol ever held, aligned with <see cref="EquityCurve"/>, in ordinal order of symbol.</summary>
    public required IReadOnlyList<PositionSeries> Positions { get; init; }

    public required IReadOnlyList<ClosedTrade> ClosedTrades { get; init; }

    public required IReadOnlyDictionary<DecisionAction, int> Decisions { get; init; }

    /// <summary>Set when the bot switched itself to the conservative configuration (a rollback trigger fired).</summary>
    public Cycle.RollbackRecord? Rollback { get; init; }

    /// <summary>Symbol analyses that failed with an out-of-memory error during the run (the bot skipped them and went on).</summary>
    public int MemoryFailures { get; init; }

    public decimal StartingEquity => Performance.StartingEquity;

    public decimal EndingEquity => Performance.EndingEquity;

    /// <summary>
    /// Reads run <paramref name="runId"/>. Fees are summed from the run's fills; <paramref name="financing"/> is the
    /// broker's accrued financing, which the store does not see. Annualisation follows
    /// <see cref="TradingPerformance.DaysPerYear"/> over every instrument filled, closed or held.
    /// </summary>
    public static async Task<SimulationReportData> LoadAsync(TradingStore store, long runId, decimal financing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var run = await store.GetRunAsync(runId, cancellationToken)
            ?? throw new InvalidOperationException($"{store.Path}: there is no run {runId}.");
        var curve = await store.GetEquityCurveAsync(runId, cancellationToken);
        var trades = await store.GetClosedTradesAsync(DateTimeOffset.MinValue, runId, cancellationToken);
        var positions = await store.GetPositionsAsync(runId, cancellationToken);
        var fills = await store.GetFillsAsync(runId, cancellationToken);
        var decisions = await store.CountDecisionsAsync(runId, cancellationToken);
        var rollback = await store.GetCheckpointAsync(runId, Cycle.TradingBot.RollbackKey, cancellationToken);

        IEnumerable<Instrument> traded = [.. fills.Select(static f => f.Instrument), .. trades.Select(static t => t.Instrument), .. positions.Select(static p => p.Instrument)];
        var costs = new RunCosts(fills.Sum(static f => f.Fee), financing);
        return new SimulationReportData
        {
            Run = run,
            Settings = FlattenSettings(run.ConfigJson),
            PeriodStart = curve.Count == 0 ? null : curve[0].At,
            PeriodEnd = curve.Count == 0 ? null : curve[^1].At,
            Performance = TradingPerformance.Compute(curve, trades, positions, costs, TradingPerformance.DaysPerYear(traded)),
            EquityCurve = curve,
            Drawdown = TradingPerformance.DrawdownSeries(curve),
            Positions = PositionSeriesOf(curve),
            ClosedTrades = trades,
            Decisions = decisions,
            Rollback = rollback is null ? null : JsonSerializer.Deserialize<Cycle.RollbackRecord>(rollback, WebJson),
            MemoryFailures = await Cycle.TradingBot.ReadMemoryFailuresAsync(store, runId, cancellationToken),
        };
    }

    /// <summary>
    /// Flattens a JSON object to dotted names (<c>{"a":{"b":1}}</c> → <c>a.b = 1</c>); arrays of scalars are joined with
    /// ", ". A document that is not a JSON object is shown whole under the name <c>config</c>.
    /// </summary>
    public static IReadOnlyList<ReportSetting> FlattenSettings(string configJson)
    {
        ArgumentNullException.ThrowIfNull(configJson);
        if (string.IsNullOrWhiteSpace(configJson))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(configJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [new ReportSetting("config", configJson)];
            }

            var settings = new List<ReportSetting>();
            Flatten(document.RootElement, string.Empty, settings);
            return settings;
        }
        catch (JsonException)
        {
            return [new ReportSetting("config", configJson)];
        }
    }

    private static void Flatten(JsonElement element, string prefix, List<ReportSetting> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", into);
                }

                break;
            case JsonValueKind.Array when element.EnumerateArray().All(static e => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                into.Add(new ReportSetting(prefix, string.Join(", ", element.EnumerateArray().Select(Scalar))));
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, string.Create(CultureInfo.InvariantCulture, $"{prefix}[{i++}]"), into);
                }

                break;
            default:
                into.Add(new ReportSetting(prefix, Scalar(element)));
                break;
        }
    }

    private static string Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? string.Empty,
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };

    private static List<PositionSeries> PositionSeriesOf(IReadOnlyList<EquitySnapshot> curve) =>
        [.. curve.SelectMany(static s => s.MarketValues.Keys)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(symbol => new PositionSeries(symbol, [.. curve.Select(s => s.MarketValues.TryGetValue(symbol, out var v) ? v : 0m)]))];
}
