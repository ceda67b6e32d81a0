namespace Kairos.Trading.Monitoring;

/// <summary>
/// The aggregate of one instrument for one set of tags over a window (see <see cref="MeterAggregator"/>).
/// </summary>
/// <param name="Name">The instrument's name, e.g. <c>kairos.stage.duration</c>.</param>
/// <param name="Unit">The instrument's UCUM unit (<c>s</c>, <c>By</c>, …); null when it has none.</param>
/// <param name="Description">The instrument's description; null when it has none.</param>
/// <param name="Kind">How the measurements were aggregated.</param>
/// <param name="Tags">Tag name/value pairs in ordinal order of name.</param>
/// <param name="Count">Measurements aggregated.</param>
/// <param name="Sum">Sum of the measurements (the total for counters).</param>
/// <param name="Min">Smallest measurement.</param>
/// <param name="Max">Largest measurement.</param>
/// <param name="Last">Most recent measurement.</param>
public sealed record MetricSeries(
    string Name,
    string? Unit,
    string? Description,
    MetricKind Kind,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    long Count,
    double Sum,
    double Min,
    double Max,
    double Last)
{
    /// <summary>The one number the series stands for: the total of a counter, the last value of a gauge, the sum of a histogram.</summary>
    public double Value => Kind == MetricKind.Gauge ? Last : Sum;
}
