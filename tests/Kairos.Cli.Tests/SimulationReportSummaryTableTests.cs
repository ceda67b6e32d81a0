using System.Text.RegularExpressions;
using Kairos.Cli.Output;

namespace Kairos.Cli.Tests;

public class SimulationReportSummaryTableTests
{
    [Fact]
    public void The_summary_lists_the_headline_metrics_then_symbols_best_first()
    {
        var text = SimulationSummaryTable.Render(SimulationReportSample.Build());
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('-'))
            .Select(l => Regex.Split(l.Trim(), @"\s{2,}"))
            .ToList();

        // Day-end returns +10 %, −5 %, +10 %: annualised 1.1495^(252 / 3) − 1 = 120,990.2464…, Sharpe √84 = 9.165, Sortino √756 = 27.495;
        // trade returns +10 % (10 on 100) and −1,234.5 % (−1,234.5 on 2 × 50) average −612.25 %.
        Assert.Equal(
            [
                ["Metric", "Value"],
                ["Starting equity", "100.00"],
                ["Ending equity", "114.95"],
                ["Total return", "14.95%"],
                ["Annualised return", "12,099,024.64%"],
                ["Sharpe", "9.17"],
                ["Sortino", "27.50"],
                ["Max drawdown", "-5.00%"],
                ["Trades", "2"],
                ["Win rate", "50.00%"],
                ["Avg return per trade", "-612.25%"],
                ["Fees", "0.75"],
                ["Financing", "0.12"],
                ["Symbol", "Trades", "Realised", "Unrealised", "Total"],
                ["AAPL", "1", "10.00", "0.00", "10.00"],
                ["TSLA", "1", "-1,234.50", "5.00", "-1,229.50"],
            ],
            rows);
    }

    [Fact]
    public void Numbers_are_right_aligned_under_their_header()
    {
        var lines = SimulationSummaryTable.Render(SimulationReportSample.Build()).Split('\n');

        var header = lines[0];
        var total = lines.Single(l => l.StartsWith("Total return", StringComparison.Ordinal));
        Assert.Equal(header.Length, total.Length);
        Assert.EndsWith(" 14.95%", total, StringComparison.Ordinal);
    }
}
