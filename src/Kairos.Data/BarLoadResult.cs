using Kairos.Core;

namespace Kairos.Data;

/// <summary>A loaded, validated series and everything the loader did or noticed on the way.</summary>
public sealed class BarLoadResult
{
    public BarLoadResult(
        string source,
        BarCsvLayout layout,
        BarSeries series,
        IReadOnlyList<BarRepair> repairs,
        IReadOnlyList<BarGap> gaps,
        IReadOnlyList<DateOnly> barsOnClosedDays)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(repairs);
        ArgumentNullException.ThrowIfNull(gaps);
        ArgumentNullException.ThrowIfNull(barsOnClosedDays);
        Source = source;
        Layout = layout;
        Series = series;
        Repairs = repairs;
        Gaps = gaps;
        BarsOnClosedDays = barsOnClosedDays;
    }

    /// <summary>The file path or reader name.</summary>
    public string Source { get; }

    /// <summary>The header layout that was detected.</summary>
    public BarCsvLayout Layout { get; }

    public BarSeries Series { get; }

    /// <summary>Every change made to the file's content, in line order per rule; empty when the file was clean.</summary>
    public IReadOnlyList<BarRepair> Repairs { get; }

    /// <summary>Runs of expected sessions without a bar (daily series only); warnings, not filled.</summary>
    public IReadOnlyList<BarGap> Gaps { get; }

    /// <summary>Dates of bars that fall on days the instrument's calendar is closed (daily series only); warnings.</summary>
    public IReadOnlyList<DateOnly> BarsOnClosedDays { get; }

    /// <summary>Total expected sessions without a bar.</summary>
    public int MissingSessions => Gaps.Sum(g => g.MissingSessions);

    /// <summary>True when every timestamp is midnight UTC, i.e. the series holds one bar per session date.</summary>
    public bool IsDaily => Series.Bars.All(b => b.Timestamp.UtcDateTime.TimeOfDay == TimeSpan.Zero);
}
