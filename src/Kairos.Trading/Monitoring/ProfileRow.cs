namespace Kairos.Trading.Monitoring;

/// <summary>
/// One stage of a profile: how often it ran, its cumulative time (summed over calls and threads) and its own time
/// (cumulative minus the time of the stages it called), and its share of the profiled span's wall time. Stages run in
/// parallel can sum to more than 100 %.
/// </summary>
public sealed record ProfileRow(string Stage, long Calls, TimeSpan Cumulative, TimeSpan Own, double Share)
{
    public TimeSpan PerCall => Calls == 0 ? TimeSpan.Zero : Cumulative / Calls;
}
