using Kairos.Cli.Output;

namespace Kairos.Cli.Tests;

public sealed class SimulationReportJsonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_document_round_trips_and_names_its_schema()
    {
        var report = SimulationReportJson.From(SimulationReportSample.Build());
        var path = Path.Combine(_dir, "sim.json");

        await report.WriteAsync(path, CancellationToken.None);
        var text = await File.ReadAllTextAsync(path);
        var back = SimulationReportJson.Read(path);

        Assert.Contains("\"schema\": \"kairos.simulation/v1\"", text, StringComparison.Ordinal);
        Assert.Equal(["sim.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal(report.Run, back.Run);
        Assert.Equal(report.Performance, back.Performance);
        Assert.Equal(report.Symbols, back.Symbols);
        Assert.Equal(report.EquityCurve, back.EquityCurve);
        Assert.Equal(report.Trades, back.Trades);
        Assert.Equal(report.Settings, back.Settings);
        Assert.Equal(report.Decisions, back.Decisions);
        Assert.Equal(report.Positions.Select(p => (p.Symbol, string.Join(",", p.MarketValues))), back.Positions.Select(p => (p.Symbol, string.Join(",", p.MarketValues))));
    }

    [Fact]
    public void Values_are_mapped_to_their_report_names()
    {
        var report = SimulationReportJson.From(SimulationReportSample.Build());

        Assert.Equal(new SimulationReportRunJson(7, "simulate", "simulated", SimulationReportSample.Day1, SimulationReportSample.Day1.AddDays(3), "completed", 11), report.Run);
        Assert.Equal(("maxdiff", "buy", "equity"), (report.Trades[0].Strategy, report.Trades[0].Side, report.Trades[0].AssetClass));
        Assert.Equal(new Dictionary<string, int> { ["enter"] = 3, ["skip"] = 5 }, report.Decisions);
        Assert.Equal(
            [new SimulationReportSymbolJson("AAPL", 10m, 0m, 10m, 0.5m, 1), new SimulationReportSymbolJson("TSLA", -1234.5m, 5m, -1229.5m, 0.25m, 1)],
            report.Symbols);
        Assert.Equal([0, 0, -0.05, 0], report.EquityCurve.Select(p => Math.Round(p.Drawdown, 12)));
        Assert.Equal((-0.05, SimulationReportSample.Day1.AddDays(1), SimulationReportSample.Day1.AddDays(2), SimulationReportSample.Day1.AddDays(3)), (Math.Round(report.Performance.MaxDrawdown, 12), report.Performance.MaxDrawdownPeakAt, report.Performance.MaxDrawdownTroughAt, report.Performance.MaxDrawdownRecoveredAt));
    }

    [Fact]
    public async Task A_document_of_another_schema_is_refused()
    {
        var path = Path.Combine(_dir, "other.json");
        await File.WriteAllTextAsync(path, "{\"schema\":\"kairos.backtest/v1\"}");

        var error = Assert.Throws<InvalidDataException>(() => SimulationReportJson.Read(path));
        Assert.Contains("kairos.backtest/v1", error.Message, StringComparison.Ordinal);
    }
}
