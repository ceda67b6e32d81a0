namespace Kairos.Trading.Reporting;

/// <summary>
/// The deepest fall of the equity curve: <see cref="Depth"/> is trough / peak − 1 (≤ 0, the sign the backtest's
/// statistics use), from the high at <see cref="PeakAt"/> to the low at <see cref="TroughAt"/>; <see cref="RecoveredAt"/>
/// is when equity first got back to the peak, null if it never did. All null (depth 0) when equity never fell.
/// </summary>
public sealed record DrawdownEpisode(double Depth, DateTimeOffset? PeakAt, DateTimeOffset? TroughAt, DateTimeOffset? RecoveredAt)
{
    public static DrawdownEpisode None { get; } = new(0, null, null, null);
}
