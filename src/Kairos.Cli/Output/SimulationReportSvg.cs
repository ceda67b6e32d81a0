using System.Globalization;
using System.Net;
using System.Text;

namespace Kairos.Cli.Output;

/// <summary>
/// The inline SVG charts of the HTML report, drawn here so the page needs no script or external asset. Output is
/// well-formed XML (every attribute quoted, every text escaped), so the page also parses as XHTML.
/// </summary>
internal static class SimulationReportSvg
{
    public const double Width = 880;
    public const double Height = 260;

    private const double Left = 84;
    private const double Right = 20;
    private const double Top = 14;
    private const double Bottom = 30;
    private const double BarRow = 26;

    /// <summary>Distinct line colours for per-symbol series, reused in order.</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#2563eb", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#dc2626", "#475569", "#0d9488", "#9333ea"];

    /// <summary>
    /// A time-series chart: one polyline per series over the shared instants <paramref name="xs"/>, y gridlines labelled
    /// with <paramref name="formatY"/>, the first, middle and last dates on the x axis. With <paramref name="fillToZero"/>
    /// the area between the first series and zero is shaded (the drawdown chart).
    /// </summary>
    public static string Lines(
        string label,
        IReadOnlyList<DateTimeOffset> xs,
        IReadOnlyList<(string Name, string Color, IReadOnlyList<double> Values)> series,
        Func<double, string> formatY,
        bool fillToZero = false)
    {
        var sb = Open(label, Height);
        if (xs.Count == 0 || series.Count == 0)
        {
            return Empty(sb, Height);
        }

        var values = series.SelectMany(static s => s.Values).ToList();
        var (lo, hi, step) = NiceAxis(Range(values, includeZero: fillToZero));
        var t0 = xs[0].UtcTicks;
        var span = xs[^1].UtcTicks - t0;
        double X(int i) => span == 0 ? Left + ((Width - Left - Right) / 2) : Left + ((xs[i].UtcTicks - t0) / (double)span * (Width - Left - Right));
        double Y(double v) => Top + ((hi - v) / (hi - lo) * (Height - Top - Bottom));

        Grid(sb, lo, hi, step, Y, formatY);
        foreach (var i in new[] { 0, xs.Count / 2, xs.Count - 1 }.Distinct())
        {
            var anchor = i == 0 ? "start" : i == xs.Count - 1 ? "end" : "middle";
            Text(sb, X(i), Height - 8, anchor, "axis", xs[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (fillToZero)
        {
            var first = series[0].Values;
            sb.Append("<polygon class=\"area\" fill=\"").Append(series[0].Color).Append("\" points=\"")
                .Append(Point(X(0), Y(0))).Append(' ');
            for (var i = 0; i < xs.Count; i++)
            {
                sb.Append(Point(X(i), Y(first[i]))).Append(' ');
            }

            sb.Append(Point(X(xs.Count - 1), Y(0))).Append("\" />\n");
        }

        foreach (var (name, color, ys) in series)
        {
            sb.Append("<polyline class=\"line\" stroke=\"").Append(color).Append("\" points=\"");
            for (var i = 0; i < xs.Count; i++)
            {
                sb.Append(i == 0 ? string.Empty : " ").Append(Point(X(i), Y(ys[i])));
            }

            sb.Append("\"><title>").Append(WebUtility.HtmlEncode(name)).Append("</title></polyline>\n");
        }

        return sb.Append("</svg>\n").ToString();
    }

    /// <summary>Horizontal bars from a zero line, green for gains and red for losses, each labelled with its value.</summary>
    public static string Bars(string label, IReadOnlyList<(string Label, double Value)> bars, Func<double, string> formatValue)
    {
        var height = Top + Bottom + (Math.Max(1, bars.Count) * BarRow);
        var sb = Open(label, height);
        if (bars.Count == 0)
        {
            return Empty(sb, height);
        }

        var (lo, hi) = Range([.. bars.Select(static b => b.Value)], includeZero: true, pad: 0.12);
        const double plotLeft = 110;
        double X(double v) => plotLeft + ((v - lo) / (hi - lo) * (Width - plotLeft - Right));
        var zero = X(0);
        for (var i = 0; i < bars.Count; i++)
        {
            var (name, value) = bars[i];
            var y = Top + (i * BarRow);
            var x = X(value);
            Text(sb, plotLeft - 10, y + (BarRow / 2) + 4, "end", "label", name);
            sb.Append("<rect class=\"").Append(value >= 0 ? "gain" : "loss").Append("\" x=\"").Append(Num(Math.Min(x, zero)))
                .Append("\" y=\"").Append(Num(y + 4)).Append("\" width=\"").Append(Num(Math.Max(1, Math.Abs(x - zero))))
                .Append("\" height=\"").Append(Num(BarRow - 8)).Append("\" />\n");
            Text(sb, value >= 0 ? x + 6 : x - 6, y + (BarRow / 2) + 4, value >= 0 ? "start" : "end", "value", formatValue(value));
        }

        sb.Append("<line class=\"zero\" x1=\"").Append(Num(zero)).Append("\" y1=\"").Append(Num(Top)).Append("\" x2=\"").Append(Num(zero))
            .Append("\" y2=\"").Append(Num(height - Bottom)).Append("\" />\n");
        return sb.Append("</svg>\n").ToString();
    }

    private static StringBuilder Open(string label, double height) =>
        new StringBuilder()
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ").Append(Num(Width)).Append(' ').Append(Num(height))
            .Append("\" aria-label=\"").Append(WebUtility.HtmlEncode(label)).Append("\">\n");

    private static string Empty(StringBuilder sb, double height)
    {
        Text(sb, Width / 2, height / 2, "middle", "axis", "no data");
        return sb.Append("</svg>\n").ToString();
    }

    /// <summary>A labelled gridline at every <paramref name="step"/> from <paramref name="lo"/> to <paramref name="hi"/>.</summary>
    private static void Grid(StringBuilder sb, double lo, double hi, double step, Func<double, double> y, Func<double, string> format)
    {
        var count = (int)Math.Round((hi - lo) / step);
        for (var k = 0; k <= count; k++)
        {
            var v = lo + (step * k);
            var py = y(v);
            sb.Append("<line class=\"grid\" x1=\"").Append(Num(Left)).Append("\" y1=\"").Append(Num(py)).Append("\" x2=\"").Append(Num(Width - Right))
                .Append("\" y2=\"").Append(Num(py)).Append("\" />\n");
            Text(sb, Left - 8, py + 4, "end", "axis", format(v));
        }
    }

    /// <summary>
    /// Widens a range to whole multiples of a round step (1, 2, 2.5 or 5 × 10^k) giving about four intervals, so the
    /// gridlines read 100, 105, 110 rather than 99.25, 103.36.
    /// </summary>
    internal static (double Lo, double Hi, double Step) NiceAxis((double Lo, double Hi) range)
    {
        var raw = (range.Hi - range.Lo) / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = magnitude * (raw / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 2.5 => 2.5,
            <= 5 => 5,
            _ => 10,
        };
        return (Math.Floor(range.Lo / step) * step, Math.Ceiling(range.Hi / step) * step, step);
    }

    /// <summary>The value range padded by <paramref name="pad"/> of its width; a flat series gets a band around its value.</summary>
    private static (double Lo, double Hi) Range(List<double> values, bool includeZero, double pad = 0.05)
    {
        var lo = values.Count == 0 ? 0 : values.Min();
        var hi = values.Count == 0 ? 0 : values.Max();
        if (includeZero)
        {
            (lo, hi) = (Math.Min(lo, 0), Math.Max(hi, 0));
        }

        if (hi - lo < 1e-12)
        {
            var band = Math.Max(Math.Abs(hi) * 0.01, 1e-6);
            return (lo - band, hi + band);
        }

        var margin = (hi - lo) * pad;
        return (includeZero && lo == 0 ? 0 : lo - margin, includeZero && hi == 0 ? 0 : hi + margin);
    }

    private static void Text(StringBuilder sb, double x, double y, string anchor, string cls, string text) =>
        sb.Append("<text class=\"").Append(cls).Append("\" x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y))
            .Append("\" text-anchor=\"").Append(anchor).Append("\">").Append(WebUtility.HtmlEncode(text)).Append("</text>\n");

    private static string Point(double x, double y) => Num(x) + "," + Num(y);

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
