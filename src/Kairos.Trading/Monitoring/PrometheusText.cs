using System.Globalization;
using System.Text;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// Writes metric series in the Prometheus text exposition format, version 0.0.4.
/// </summary>
/// <remarks>
/// Names: every character outside <c>[a-zA-Z0-9_:]</c> becomes <c>_</c> (<c>kairos.stage.duration</c> →
/// <c>kairos_stage_duration</c>), then the unit as a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>;
/// <c>1</c> and annotations such as <c>{forecast}</c> add nothing), then <c>_total</c> for counters. Counters are
/// <c>counter</c>, gauges and up-down counters <c>gauge</c>, histograms <c>summary</c> with only <c>_sum</c> and
/// <c>_count</c> (no quantiles: the exposition stays cumulative and cheap). Families appear in ordinal order of name,
/// each with one HELP and one TYPE line.
/// </remarks>
public static class PrometheusText
{
    /// <summary>The Content-Type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<MetricSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var text = new StringBuilder();
        foreach (var family in series.GroupBy(FamilyName, StringComparer.Ordinal).OrderBy(static f => f.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            if (!string.IsNullOrEmpty(first.Description))
            {
                text.Append("# HELP ").Append(family.Key).Append(' ').Append(EscapeHelp(first.Description)).Append('\n');
            }

            text.Append("# TYPE ").Append(family.Key).Append(' ').Append(TypeOf(first.Kind)).Append('\n');
            foreach (var s in family)
            {
                if (s.Kind == MetricKind.Histogram)
                {
                    Sample(text, family.Key + "_sum", s.Tags, s.Sum);
                    Sample(text, family.Key + "_count", s.Tags, s.Count);
                }
                else
                {
                    Sample(text, family.Key, s.Tags, s.Value);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The exposed name of a series' family (see the remarks).</summary>
    public static string FamilyName(MetricSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var name = Sanitize(series.Name);
        var suffix = series.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        if (!name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        if (series.Kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>A sample value: shortest round-trip form, or <c>+Inf</c>/<c>-Inf</c>/<c>NaN</c>.</summary>
    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string TypeOf(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Histogram => "summary",
        _ => "gauge",
    };

    private static void Sample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> tags, double value)
    {
        text.Append(name);
        if (tags.Count > 0)
        {
            text.Append('{');
            for (var i = 0; i < tags.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(Sanitize(tags[i].Key).Replace(':', '_')).Append("=\"").Append(EscapeLabel(tags[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string EscapeHelp(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabel(string text) =>
        EscapeHelp(text).Replace("\"", "\\\"", StringComparison.Ordinal);
}
