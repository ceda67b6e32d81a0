using System.Diagnostics;

namespace Kairos.Core;

/// <summary>
/// The one <see cref="ActivitySource"/> the hot paths report their stages to (cycle stages, backtests, strategies,
/// optimisers, forecasts). Without a listener — the normal case — starting an activity costs a null check;
/// <c>kairos profile</c> listens and turns the activities into its hot-path table.
/// </summary>
public static class KairosTelemetry
{
    public const string SourceName = "Kairos";

    public static ActivitySource Source { get; } = new(SourceName);
}
