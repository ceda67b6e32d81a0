using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Reporting;
using Kairos.Trading.State;
using Kairos.Trading.Tests.State;

namespace Kairos.Trading.Tests.Reporting;

public sealed class SimulationReportDataTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Loads_a_run_with_its_curve_trades_positions_fees_and_decision_counts()
    {
        var store = await _fixture.OpenAsync();
        var curve = TradingPerformanceTests.Curve;
        var run = await store.StartRunAsync(TradingMode.Simulate, "simulated", curve[0].At, """{"symbols":["AAA","CCC"],"sizing":{"maxExposure":0.6},"seed":5}""", 5);
        var aaa = new Instrument("AAA", AssetClass.Equity);
        var trade = new ClosedTrade(aaa, OrderSide.Buy, StrategyKind.MaxDiff, 1m, 100m, 110m, curve[0].At, curve[1].At, 9.5m, 0.5m, "take-profit");
        await store.WriteBatchAsync(b =>
        {
            foreach (var s in curve)
            {
                b.RecordEquity(run.Id, s);
            }

            b.RecordFills(run.Id, [new Fill(1, "o1", "k1", aaa, OrderSide.Buy, 1m, 100m, 0.25m, curve[0].At), new Fill(2, "o2", "k2", aaa, OrderSide.Sell, 1m, 110m, 0.25m, curve[1].At)]);
            b.RecordClosedTrade(run.Id, trade);
            b.UpsertPosition(run.Id, new StoredPosition(new Instrument("CCC", AssetClass.Equity), 2m, 10m, StrategyKind.Simple, curve[3].At));
            b.BeginCycle(new CycleRecord(run.Id, "c1", "market-open", curve[0].At, curve[0].At, null, CycleStatus.Running, null));
            b.RecordDecisions(
            [
                new(run.Id, "c1", curve[0].At, "AAA", DecisionAction.Enter, StrategyKind.MaxDiff, OrderSide.Buy, [], null, 0.1),
                new(run.Id, "c1", curve[0].At, "BBB", DecisionAction.Skip, null, null, ["edge"], null, null),
                new(run.Id, "c1", curve[0].At, "DDD", DecisionAction.Skip, null, null, ["edge"], null, null),
            ]);
        });

        var data = await SimulationReportData.LoadAsync(store, run.Id, financing: 1.5m);

        Assert.Equal(run, data.Run);
        Assert.Equal(
            [new ReportSetting("symbols", "AAA, CCC"), new ReportSetting("sizing.maxExposure", "0.6"), new ReportSetting("seed", "5")],
            data.Settings);
        Assert.Equal((curve[0].At, curve[^1].At), (data.PeriodStart, data.PeriodEnd));
        Assert.Equal((100m, 114.95m), (data.StartingEquity, data.EndingEquity));
        Assert.Equal(5, data.EquityCurve.Count);
        Assert.Equal([0, 0, -0.1, -0.05, 0], data.Drawdown.Select(d => Math.Round(d.Drawdown, 12)));
        Assert.Equal(["AAA", "CCC"], data.Positions.Select(p => p.Symbol));
        Assert.Equal([0m, 50m, 60m, 60m, 0m], data.Positions[0].MarketValues);
        Assert.Equal([0m, 0m, 0m, 0m, 30m], data.Positions[1].MarketValues);
        Assert.Equal([trade], data.ClosedTrades);
        Assert.Equal((0.5m, 1.5m), (data.Performance.Fees, data.Performance.Financing));
        Assert.Equal(252, data.Performance.TradingDaysPerYear);
        Assert.Equal([new SymbolPnl("AAA", 9.5m, 0m, 0.5m, 1), new SymbolPnl("CCC", 0m, 10m, 0m, 0)], data.Performance.Symbols);
        Assert.Equal(1, data.Decisions[DecisionAction.Enter]);
        Assert.Equal(2, data.Decisions[DecisionAction.Skip]);
    }

    [Fact]
    public async Task A_crypto_only_run_annualises_over_365_days_and_a_missing_run_is_an_error()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Simulate, "simulated", StoreFixture.T0, "not json", null);
        await store.RecordFillsAsync(run.Id, [new Fill(1, "o", "k", new Instrument("BTCUSD", AssetClass.Crypto), OrderSide.Buy, 0.1m, 60000m, 6m, StoreFixture.T0)]);

        var data = await SimulationReportData.LoadAsync(store, run.Id, 0m);

        Assert.Equal(365, data.Performance.TradingDaysPerYear);
        Assert.Equal(6m, data.Performance.Fees);
        Assert.Equal([new ReportSetting("config", "not json")], data.Settings);
        Assert.Null(data.PeriodStart);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SimulationReportData.LoadAsync(store, run.Id + 1, 0m));
        Assert.Contains(_fixture.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_arrays_of_objects_are_flattened_with_indices()
    {
        Assert.Equal(
            [new ReportSetting("windows[0].name", "market-open"), new ReportSetting("windows[1].name", "close"), new ReportSetting("off", "null")],
            SimulationReportData.FlattenSettings("""{"windows":[{"name":"market-open"},{"name":"close"}],"off":null}"""));
    }
}
