using System.Globalization;
using System.Net;
using System.Text;
using Kairos.Backtesting.Strategies;
using Kairos.Trading.Reporting;
using Kairos.Trading.State;

namespace Kairos.Cli.Output;

/// <summary>
/// The run report as one self-contained HTML page: headline figures, equity, drawdown and position-value charts,
/// per-symbol P&amp;L bars, the trades table, decision counts and the settings. No script and no external asset; the
/// charts are inline SVG from <see cref="SimulationReportSvg"/>. Every string from the run is escaped, and the page is
/// well-formed XML, so it also opens as XHTML.
/// </summary>
internal static class SimulationReportHtml
{
    // No '<', '>' or '&' in the style sheet: it stays well-formed XML without a CDATA section.
    private const string Style = """
        :root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --card: #ffffff; --bg: #f8fafc; --gain: #15803d; --loss: #b91c1c; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        main { max-width: 960px; margin: 0 auto; padding: 32px 20px 48px; }
        h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
        h2 { font-size: 16px; margin: 0 0 12px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
        .sub { color: var(--muted); margin: 0 0 24px; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 0 0 18px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
        .card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; }
        .card .v { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .gain-text { color: var(--gain); }
        .loss-text { color: var(--loss); }
        table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
        th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
        td.n, th.n { text-align: right; }
        td.reason { white-space: normal; color: var(--muted); }
        .chart { width: 100%; height: auto; display: block; }
        .chart .grid { stroke: #eef2f7; stroke-width: 1; }
        .chart .zero { stroke: #94a3b8; stroke-width: 1; }
        .chart .axis { fill: var(--muted); font-size: 11px; }
        .chart .label { fill: var(--ink); font-size: 12px; }
        .chart .value { fill: var(--ink); font-size: 11px; }
        .chart .line { fill: none; stroke-width: 2; stroke-linejoin: round; }
        .chart .area { fill-opacity: 0.15; stroke: none; }
        .chart .gain { fill: var(--gain); }
        .chart .loss { fill: var(--loss); }
        .legend { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 8px; color: var(--muted); font-size: 12px; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: middle; }
        .empty { color: var(--muted); }
        footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
        .rollback { background: #fef2f2; border: 1px solid var(--loss); color: var(--loss); padding: 10px 14px; border-radius: 8px; }
        """;

    public static string Render(SimulationReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var p = data.Performance;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append("<title>").Append(E($"Kairos {Kind(data.Run.Mode)} report, run {data.Run.Id}")).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");

        sb.Append("<h1>Kairos ").Append(E(Kind(data.Run.Mode))).Append(" report</h1>\n<p class=\"sub\">")
            .Append(E(SubTitle(data))).Append("</p>\n");

        if (data.Rollback is { } rollback)
        {
            sb.Append("<p class=\"rollback\"><strong>Rolled back</strong> at ").Append(E(rollback.At.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)))
                .Append(" against ").Append(E(rollback.Baseline))
                .Append(": the bot switched itself to the conservative configuration (forecast cache off, full re-prediction, default optimiser budgets) because ")
                .Append(E(string.Join("; ", rollback.Triggers))).Append(".</p>\n");
        }

        if (data.MemoryFailures > 0)
        {
            sb.Append("<p class=\"rollback\"><strong>Memory failures:</strong> ")
                .Append(data.MemoryFailures.ToString(CultureInfo.InvariantCulture))
                .Append(" symbol analyses ran out of memory and were skipped for their cycle.</p>\n");
        }

        sb.Append("<section class=\"cards\">\n");
        Card(sb, "Return", Percent(p.TotalReturn), Sign(p.TotalReturn));
        Card(sb, "Annualised", Percent(p.AnnualizedReturn), Sign(p.AnnualizedReturn));
        Card(sb, "Sharpe", Ratio(p.Sharpe), null);
        Card(sb, "Sortino", Ratio(p.Sortino), null);
        Card(sb, "Max drawdown", Percent(p.MaxDrawdown.Depth), p.MaxDrawdown.Depth < 0 ? -1 : 0);
        Card(sb, "Win rate", Percent(p.WinRate), null);
        Card(sb, "Avg return / trade", Percent(p.AverageReturnPerTrade), Sign(p.AverageReturnPerTrade));
        Card(sb, "Trades", p.Trades.ToString(CultureInfo.InvariantCulture), null);
        Card(sb, "Start equity", Money(data.StartingEquity), null);
        Card(sb, "End equity", Money(data.EndingEquity), Sign((double)(data.EndingEquity - data.StartingEquity)));
        Card(sb, "Fees", Money(p.Fees), null);
        Card(sb, "Financing", Money(p.Financing), null);
        sb.Append("</section>\n");

        var xs = data.EquityCurve.Select(static s => s.At).ToList();
        Section(sb, "Equity", SimulationReportSvg.Lines("Equity over time", xs, [("equity", "#2563eb", [.. data.EquityCurve.Select(static s => (double)s.Equity)])], Compact));
        var dd = p.MaxDrawdown.TroughAt is { } trough
            ? $"<p class=\"sub\">Deepest: {E(Percent(p.MaxDrawdown.Depth))} from {E(Date(p.MaxDrawdown.PeakAt))} to {E(Date(trough))}, {E(p.MaxDrawdown.RecoveredAt is { } r ? "recovered " + Date(r) : "not recovered")}.</p>\n"
            : string.Empty;
        Section(sb, "Drawdown", dd + SimulationReportSvg.Lines("Drawdown from the running peak", xs, [("drawdown", "#b91c1c", [.. data.Drawdown.Select(static d => d.Drawdown)])], Percent, fillToZero: true));
        Section(sb, "Positions (market value)", Positions(data, xs));
        Section(sb, "P&amp;L by symbol", SymbolPnl(p));
        Section(sb, "Trades", Trades(data));
        Section(sb, "Decisions", Decisions(data));
        Section(sb, "Settings", Settings(data));

        sb.Append("<footer>Kairos · run ").Append(data.Run.Id.ToString(CultureInfo.InvariantCulture))
            .Append(" · annualised over ").Append(p.TradingDaysPerYear.ToString(CultureInfo.InvariantCulture)).Append(" days a year</footer>\n")
            .Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes atomically: a temporary file beside the target, then a rename.</summary>
    public static async Task WriteAsync(SimulationReportData data, string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        await File.WriteAllTextAsync(temp, Render(data), new UTF8Encoding(false), cancellationToken);
        File.Move(temp, full, overwrite: true);
    }

    private static string SubTitle(SimulationReportData data)
    {
        var parts = new List<string> { $"run {data.Run.Id}", $"{data.Run.Broker} broker", Lower(data.Run.Status) };
        if (data.PeriodStart is { } start && data.PeriodEnd is { } end)
        {
            parts.Add($"{Date(start)} → {Date(end)}");
        }

        if (data.Run.Seed is { } seed)
        {
            parts.Add($"seed {seed.ToString(CultureInfo.InvariantCulture)}");
        }

        return string.Join(" · ", parts);
    }

    private static string Kind(TradingMode mode) => mode switch
    {
        TradingMode.Simulate => "simulation",
        TradingMode.Paper => "paper trading",
        _ => "live trading",
    };

    private static string Positions(SimulationReportData data, List<DateTimeOffset> xs)
    {
        if (data.Positions.Count == 0)
        {
            return "<p class=\"empty\">No position was held.</p>\n";
        }

        var series = data.Positions
            .Select((s, i) => (s.Symbol, SimulationReportSvg.Palette[i % SimulationReportSvg.Palette.Count], (IReadOnlyList<double>)[.. s.MarketValues.Select(static v => (double)v)]))
            .ToList();
        var sb = new StringBuilder(SimulationReportSvg.Lines("Signed market value per symbol", xs, series, Compact));
        sb.Append("<div class=\"legend\">");
        foreach (var (symbol, color, _) in series)
        {
            sb.Append("<span><span class=\"swatch\" style=\"background: ").Append(color).Append("\"></span>").Append(E(symbol)).Append("</span>");
        }

        return sb.Append("</div>\n").ToString();
    }

    private static string SymbolPnl(TradingPerformance p)
    {
        if (p.Symbols.Count == 0)
        {
            return "<p class=\"empty\">No symbol was traded.</p>\n";
        }

        var sorted = p.Symbols.OrderByDescending(static s => s.Total).ThenBy(static s => s.Symbol, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder(SimulationReportSvg.Bars("Total P&L per symbol", [.. sorted.Select(static s => (s.Symbol, (double)s.Total))], static v => Money((decimal)v)));
        sb.Append("<table>\n<thead><tr><th>Symbol</th><th class=\"n\">Trades</th><th class=\"n\">Realised</th><th class=\"n\">Unrealised</th><th class=\"n\">Fees</th><th class=\"n\">Total</th></tr></thead>\n<tbody>\n");
        foreach (var s in sorted)
        {
            sb.Append("<tr><td>").Append(E(s.Symbol)).Append("</td>")
                .Append("<td class=\"n\">").Append(s.Trades.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append(MoneyCell(s.Realized)).Append(MoneyCell(s.Unrealized))
                .Append("<td class=\"n\">").Append(E(Money(s.Fees))).Append("</td>")
                .Append(MoneyCell(s.Total)).Append("</tr>\n");
        }

        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    private static string Trades(SimulationReportData data)
    {
        if (data.ClosedTrades.Count == 0)
        {
            return "<p class=\"empty\">No trade was closed.</p>\n";
        }

        var sb = new StringBuilder("<table>\n<thead><tr><th>Symbol</th><th>Side</th><th>Strategy</th><th>Opened</th><th>Closed</th><th class=\"n\">Qty</th><th class=\"n\">Entry</th><th class=\"n\">Exit</th><th class=\"n\">P&amp;L</th><th>Reason</th></tr></thead>\n<tbody>\n");
        foreach (var t in data.ClosedTrades)
        {
            sb.Append("<tr><td>").Append(E(t.Instrument.Symbol)).Append("</td>")
                .Append("<td>").Append(E(Lower(t.Side))).Append("</td>")
                .Append("<td>").Append(E(t.Strategy.Name())).Append("</td>")
                .Append("<td>").Append(E(Instant(t.OpenedAt))).Append("</td>")
                .Append("<td>").Append(E(Instant(t.ClosedAt))).Append("</td>")
                .Append("<td class=\"n\">").Append(E(Plain(t.Quantity))).Append("</td>")
                .Append("<td class=\"n\">").Append(E(Plain(t.EntryPrice))).Append("</td>")
                .Append("<td class=\"n\">").Append(E(Plain(t.ExitPrice))).Append("</td>")
                .Append(MoneyCell(t.RealizedPnl))
                .Append("<td class=\"reason\">").Append(E(t.Reason)).Append("</td></tr>\n");
        }

        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    private static string Decisions(SimulationReportData data)
    {
        var sb = new StringBuilder("<table>\n<thead><tr><th>Action</th><th class=\"n\">Count</th></tr></thead>\n<tbody>\n");
        foreach (var action in Enum.GetValues<DecisionAction>())
        {
            sb.Append("<tr><td>").Append(E(Lower(action))).Append("</td><td class=\"n\">")
                .Append(data.Decisions.GetValueOrDefault(action).ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    private static string Settings(SimulationReportData data)
    {
        if (data.Settings.Count == 0)
        {
            return "<p class=\"empty\">No settings were recorded.</p>\n";
        }

        var sb = new StringBuilder("<table>\n<tbody>\n");
        foreach (var s in data.Settings)
        {
            sb.Append("<tr><th>").Append(E(s.Name)).Append("</th><td>").Append(E(s.Value)).Append("</td></tr>\n");
        }

        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    private static void Section(StringBuilder sb, string titleHtml, string bodyHtml) =>
        sb.Append("<section>\n<h2>").Append(titleHtml).Append("</h2>\n").Append(bodyHtml).Append("</section>\n");

    private static void Card(StringBuilder sb, string key, string value, int? sign) =>
        sb.Append("<div class=\"card\"><div class=\"k\">").Append(E(key)).Append("</div><div class=\"v").Append(SignClass(sign)).Append("\">")
            .Append(E(value)).Append("</div></div>\n");

    private static string MoneyCell(decimal value) =>
        $"<td class=\"n{SignClass(Math.Sign(value))}\">{E(Money(value))}</td>";

    private static string SignClass(int? sign) => sign switch
    {
        > 0 => " gain-text",
        < 0 => " loss-text",
        _ => string.Empty,
    };

    private static int Sign(double value) => double.IsFinite(value) ? Math.Sign(value) : 0;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    internal static string Percent(double fraction) => double.IsFinite(fraction) ? (fraction * 100).ToString("#,0.00", CultureInfo.InvariantCulture) + "%" : "n/a";

    internal static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    internal static string Money(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Plain(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    /// <summary>Axis labels: thousands as "12.3k" so the y axis stays narrow.</summary>
    private static string Compact(double value) => Math.Abs(value) >= 10_000
        ? (value / 1000).ToString("#,0.#", CultureInfo.InvariantCulture) + "k"
        : value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset? instant) => instant is { } i ? i.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";
}
