using System.Globalization;
using System.Text;
using Kairos.Trading.Reporting;

namespace Kairos.Cli.Output;

/// <summary>
/// The console summary of a run: the headline statistics (return, Sharpe, Sortino, max drawdown, win rate, average
/// return per trade, fees, financing), then per-symbol P&amp;L, best total first.
/// </summary>
internal static class SimulationSummaryTable
{
    public static string Render(SimulationReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var p = data.Performance;
        var metrics = new ConsoleTable("Metric", "Value");
        metrics.Add("Starting equity", SimulationReportHtml.Money(data.StartingEquity));
        metrics.Add("Ending equity", SimulationReportHtml.Money(data.EndingEquity));
        metrics.Add("Total return", SimulationReportHtml.Percent(p.TotalReturn));
        metrics.Add("Annualised return", SimulationReportHtml.Percent(p.AnnualizedReturn));
        metrics.Add("Sharpe", SimulationReportHtml.Ratio(p.Sharpe));
        metrics.Add("Sortino", SimulationReportHtml.Ratio(p.Sortino));
        metrics.Add("Max drawdown", SimulationReportHtml.Percent(p.MaxDrawdown.Depth));
        metrics.Add("Trades", p.Trades.ToString(CultureInfo.InvariantCulture));
        metrics.Add("Win rate", SimulationReportHtml.Percent(p.WinRate));
        metrics.Add("Avg return per trade", SimulationReportHtml.Percent(p.AverageReturnPerTrade));
        metrics.Add("Fees", SimulationReportHtml.Money(p.Fees));
        metrics.Add("Financing", SimulationReportHtml.Money(p.Financing));

        var sb = new StringBuilder(metrics.ToString());
        if (p.Symbols.Count > 0)
        {
            var symbols = new ConsoleTable("Symbol", "Trades", "Realised", "Unrealised", "Total");
            foreach (var s in p.Symbols.OrderByDescending(static s => s.Total).ThenBy(static s => s.Symbol, StringComparer.Ordinal))
            {
                symbols.Add(
                    s.Symbol,
                    s.Trades.ToString(CultureInfo.InvariantCulture),
                    SimulationReportHtml.Money(s.Realized),
                    SimulationReportHtml.Money(s.Unrealized),
                    SimulationReportHtml.Money(s.Total));
            }

            sb.Append('\n').Append(symbols);
        }

        if (data.MemoryFailures > 0)
        {
            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"Memory failures: {data.MemoryFailures} symbol analyses ran out of memory and were skipped (see the log).").Append('\n');
        }

        if (data.Rollback is { } r)
        {
            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"Rolled back at {r.At:yyyy-MM-dd HH:mm}Z against {r.Baseline}: switched to the conservative configuration because {string.Join("; ", r.Triggers)}.").Append('\n');
        }

        return sb.ToString();
    }
}
