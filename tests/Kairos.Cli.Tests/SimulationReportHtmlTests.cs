using System.Xml;
using System.Xml.Linq;
using Kairos.Cli.Output;
using Kairos.Trading.Reporting;

namespace Kairos.Cli.Tests;

public class SimulationReportHtmlTests
{
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_page_is_well_formed_and_every_chart_is_an_svg_with_finite_points()
    {
        var page = Parse(SimulationReportHtml.Render(SimulationReportSample.Build()));

        var charts = page.Descendants(Svg + "svg").ToList();
        Assert.Equal(["Equity over time", "Drawdown from the running peak", "Signed market value per symbol", "Total P&L per symbol"], charts.Select(c => (string?)c.Attribute("aria-label")));
        Assert.All(charts, c => Assert.StartsWith("0 0 880 ", (string?)c.Attribute("viewBox"), StringComparison.Ordinal));

        // Equity, drawdown, then one line per symbol; 4 points each (one per snapshot), all inside the 880-wide view box.
        var lines = page.Descendants(Svg + "polyline").ToList();
        Assert.Equal(["equity", "drawdown", "AAPL", "TSLA"], lines.Select(l => l.Element(Svg + "title")!.Value));
        foreach (var line in lines)
        {
            var points = ((string)line.Attribute("points")!).Split(' ').Select(p => p.Split(',').Select(double.Parse).ToArray()).ToList();
            Assert.Equal(4, points.Count);
            Assert.All(points, p => Assert.InRange(p[0], 0, 880));
            Assert.All(points, p => Assert.InRange(p[1], 0, 260));
        }

        // The equity line rises left to right overall: the last point is higher (smaller y) than the first.
        var equity = ((string)lines[0].Attribute("points")!).Split(' ').Select(p => double.Parse(p.Split(',')[1])).ToList();
        Assert.True(equity[^1] < equity[0]);

        // P&L bars, best first: TSLA (−1,234.50 realised + 5 unrealised) loses, AAPL (+10) gains.
        var bars = charts[3].Elements(Svg + "rect").Select(r => (string?)r.Attribute("class")).ToList();
        Assert.Equal(["gain", "loss"], bars);
        Assert.Contains("-1,229.50", charts[3].Elements(Svg + "text").Select(t => t.Value));
    }

    [Fact]
    public void Trade_rows_show_every_column_with_strings_escaped_and_pnl_coloured()
    {
        var html = SimulationReportHtml.Render(SimulationReportSample.Build());
        var page = Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("stop &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;", html, StringComparison.Ordinal);

        var trades = Section(page, "Trades");
        var rows = trades.Descendants(Xhtml + "tbody").Single().Elements(Xhtml + "tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(
            ["AAPL", "buy", "maxdiff", "2024-03-04 22:00Z", "2024-03-06 15:00Z", "1", "100", "110.5", "10.00", "take-profit"],
            rows[0].Elements(Xhtml + "td").Select(td => td.Value));
        Assert.Equal(
            ["TSLA", "sell", "pctdiff", "2024-03-05 16:00Z", "2024-03-06 16:30Z", "2", "50", "52.25", "-1,234.50", SimulationReportSample.NastyReason],
            rows[1].Elements(Xhtml + "td").Select(td => td.Value));
        Assert.Equal("n gain-text", (string?)rows[0].Elements(Xhtml + "td").ElementAt(8).Attribute("class"));
        Assert.Equal("n loss-text", (string?)rows[1].Elements(Xhtml + "td").ElementAt(8).Attribute("class"));
    }

    [Fact]
    public void Headline_cards_settings_and_decisions_carry_the_run_figures()
    {
        var page = Parse(SimulationReportHtml.Render(SimulationReportSample.Build()));

        var cards = page.Descendants(Xhtml + "div").Where(d => (string?)d.Attribute("class") == "card")
            .ToDictionary(d => d.Elements().First().Value, d => d.Elements().Last().Value);
        Assert.Equal("14.95%", cards["Return"]);
        Assert.Equal("-5.00%", cards["Max drawdown"]);
        Assert.Equal("50.00%", cards["Win rate"]);
        Assert.Equal("100.00", cards["Start equity"]);
        Assert.Equal("114.95", cards["End equity"]);
        Assert.Equal("0.75", cards["Fees"]);
        Assert.Equal("0.12", cards["Financing"]);
        Assert.Equal("2", cards["Trades"]);
        Assert.Equal("Kairos simulation report", page.Descendants(Xhtml + "h1").Single().Value);
        Assert.Equal("run 7 · simulated broker · completed · 2024-03-04 → 2024-03-07 · seed 11", page.Descendants(Xhtml + "p").First().Value);

        Assert.Equal(["symbols", "AAPL, TSLA", "note", "a < b & c"], Section(page, "Settings").Descendants(Xhtml + "tr").SelectMany(r => r.Elements()).Select(c => c.Value));
        Assert.Equal(["enter", "3", "skip", "5", "close", "0", "hold", "0"], Section(page, "Decisions").Descendants(Xhtml + "tbody").Single().Descendants(Xhtml + "td").Select(c => c.Value));
    }

    [Theory]
    [InlineData(99.25, 115.7, 95, 120, 5)]
    [InlineData(-0.0525, 0, -0.06, 0, 0.02)]
    [InlineData(0, 1.2, 0, 1.5, 0.5)]
    [InlineData(10, 19, 10, 20, 2.5)]
    public void Axes_are_widened_to_round_steps(double lo, double hi, double niceLo, double niceHi, double step)
    {
        var axis = SimulationReportSvg.NiceAxis((lo, hi));

        Assert.Equal(niceLo, axis.Lo, 9);
        Assert.Equal(niceHi, axis.Hi, 9);
        Assert.Equal(step, axis.Step, 9);
    }

    [Fact]
    public void A_page_has_no_script_and_no_external_asset()
    {
        var html = SimulationReportHtml.Render(SimulationReportSample.Build());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_run_still_renders_and_the_file_is_written_whole()
    {
        var full = SimulationReportSample.Build();
        var empty = full with
        {
            EquityCurve = [],
            Drawdown = [],
            Positions = [],
            ClosedTrades = [],
            Settings = [],
            PeriodStart = null,
            PeriodEnd = null,
            Performance = TradingPerformance.Compute([], [], [], new RunCosts(0, 0), 365),
        };
        var dir = Directory.CreateTempSubdirectory("kairos-html-").FullName;
        try
        {
            var path = Path.Combine(dir, "out", "report.html");
            await SimulationReportHtml.WriteAsync(empty, path, CancellationToken.None);

            var page = Parse(await File.ReadAllTextAsync(path));
            Assert.Equal(["report.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            Assert.Contains("No trade was closed.", Section(page, "Trades").Value, StringComparison.Ordinal);
            Assert.Contains("no data", page.Descendants(Svg + "svg").First().Value, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Parses the page as XML (the DOCTYPE is skipped, not resolved): a malformed page throws here.</summary>
    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static XElement Section(XDocument page, string title) =>
        page.Descendants(Xhtml + "section").Single(s => s.Element(Xhtml + "h2")?.Value == title);
}
