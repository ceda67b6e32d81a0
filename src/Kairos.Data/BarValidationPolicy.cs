namespace Kairos.Data;

/// <summary>
/// How the loader treats problems in bar files. There is one default (<see cref="Default"/>); docs/data-validation.md
/// lists every check and its outcome.
/// </summary>
/// <remarks>
/// <para>Fail (throw <see cref="BarDataException"/> naming file, line and column):</para>
/// <list type="bullet">
/// <item>an empty file, or a header with no data rows;</item>
/// <item>a missing required column (timestamp, open, high, low, close), or two columns that mean the same thing;</item>
/// <item>a row with more or fewer cells than the header;</item>
/// <item>an empty or unparseable number or timestamp (numbers are read with the invariant culture);</item>
/// <item>NaN or ±infinity; a price ≤ 0; a negative volume; high &lt; low;</item>
/// <item>open or close outside [low, high] by more than <see cref="RangeRepairTolerance"/>;</item>
/// <item>two rows with the same timestamp and different values.</item>
/// </list>
/// <para>Repair, and report a <see cref="BarRepair"/>:</para>
/// <list type="bullet">
/// <item>open or close outside [low, high] by at most <see cref="RangeRepairTolerance"/>: widen high or low to include it;</item>
/// <item>two rows with the same timestamp and identical values: drop the later;</item>
/// <item>rows out of order: stable sort by timestamp, one repair per row that is earlier than a row above it; a file that
/// is entirely newest-first is reversed with a single repair;</item>
/// <item>no volume column: volume 0, one repair;</item>
/// <item>timestamps with a time of day but no offset: read as UTC, one repair.</item>
/// </list>
/// <para>Warn (returned, nothing changed): for daily bars, runs of missing sessions (<see cref="BarGap"/>) and bars dated
/// on days the instrument's calendar is closed.</para>
/// </remarks>
public sealed record BarValidationPolicy
{
    private readonly double _rangeRepairTolerance = 0.01;

    /// <summary>The policy the project uses: 1% range tolerance, raw (unadjusted) prices, gap report on.</summary>
    public static BarValidationPolicy Default { get; } = new();

    /// <summary>
    /// How far open or close may lie outside [low, high], relative to the bound it crosses, and still be repaired by
    /// widening the bound. 0.01 = 1%: enough for rounding and float32 artefacts in vendor data, far below a decimal-point
    /// slip or a swapped column. Must be in [0, 1).
    /// </summary>
    public double RangeRepairTolerance
    {
        get => _rangeRepairTolerance;
        init
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The range repair tolerance must be in [0, 1).");
            }

            _rangeRepairTolerance = value;
        }
    }

    /// <summary>
    /// When false (the default), an <c>Adj Close</c> column is ignored and prices are as the file states them. When true,
    /// the file must have one, and open, high, low and close are each multiplied by <c>adj close / close</c> (Yahoo's
    /// back-adjustment for splits and dividends); volume is not changed.
    /// </summary>
    public bool UseAdjustedClose { get; init; }

    /// <summary>When true (the default), daily series are checked against the instrument's calendar for gaps.</summary>
    public bool ReportGaps { get; init; } = true;
}
