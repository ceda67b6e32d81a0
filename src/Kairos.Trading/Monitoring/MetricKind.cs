namespace Kairos.Trading.Monitoring;

/// <summary>How a <see cref="MetricSeries"/> aggregates its measurements.</summary>
public enum MetricKind
{
    /// <summary>A monotonic total (<c>Counter</c>, or the last reported total of an <c>ObservableCounter</c>).</summary>
    Counter,

    /// <summary>A total that may go down (<c>UpDownCounter</c> and its observable twin).</summary>
    UpDownCounter,

    /// <summary>The last value (<c>Gauge</c>, <c>ObservableGauge</c>).</summary>
    Gauge,

    /// <summary>Count, sum, minimum and maximum of the recorded values (<c>Histogram</c>).</summary>
    Histogram,
}
