using Kairos.Trading.Monitoring;

namespace Kairos.Trading.Tests.Monitoring;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Renders_families_in_name_order_with_units_totals_and_escaped_labels()
    {
        MetricSeries[] series =
        [
            new("kairos.stage.duration", "s", "Time of one stage.", MetricKind.Histogram, [new("stage", "back\"test\\x")], 2, 1.0, 0.25, 0.75, 0.75),
            new("kairos.stage.duration", "s", "Time of one stage.", MetricKind.Histogram, [new("stage", "select")], 1, 0.125, 0.125, 0.125, 0.125),
            new("kairos.forecasts.computed", "{forecast}", "Forecasts\ncomputed.", MetricKind.Counter, [], 1, 3, 3, 3, 3),
            new("kairos.memory.model", "By", null, MetricKind.Gauge, [new("model", "kronos")], 2, 196_608, 98_304, 98_304, 98_304),
            new("kairos.queue", null, null, MetricKind.UpDownCounter, [], 3, -2, -2, 1, -1),
        ];

        Assert.Equal(
            """
            # HELP kairos_forecasts_computed_total Forecasts\ncomputed.
            # TYPE kairos_forecasts_computed_total counter
            kairos_forecasts_computed_total 3
            # TYPE kairos_memory_model_bytes gauge
            kairos_memory_model_bytes{model="kronos"} 98304
            # TYPE kairos_queue gauge
            kairos_queue -2
            # HELP kairos_stage_duration_seconds Time of one stage.
            # TYPE kairos_stage_duration_seconds summary
            kairos_stage_duration_seconds_sum{stage="back\"test\\x"} 1
            kairos_stage_duration_seconds_count{stage="back\"test\\x"} 2
            kairos_stage_duration_seconds_sum{stage="select"} 0.125
            kairos_stage_duration_seconds_count{stage="select"} 1

            """.ReplaceLineEndings("\n"),
            PrometheusText.Render(series));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Formats_values_as_the_exposition_format_reads_them(double value, string text) =>
        Assert.Equal(text, PrometheusText.FormatValue(value));
}
