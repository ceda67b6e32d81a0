namespace Kairos.Data;

/// <summary>
/// A run of consecutive expected sessions with no bar: NYSE trading days for equities, calendar days for crypto.
/// A warning, never filled: filling would invent prices.
/// </summary>
/// <param name="First">The first missing session.</param>
/// <param name="Last">The last missing session.</param>
/// <param name="MissingSessions">How many expected sessions the run holds.</param>
public sealed record BarGap(DateOnly First, DateOnly Last, int MissingSessions)
{
    public override string ToString() => $"{First:yyyy-MM-dd}..{Last:yyyy-MM-dd} ({MissingSessions} missing)";
}
