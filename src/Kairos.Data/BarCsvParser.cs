using System.Globalization;
using Kairos.Core;

namespace Kairos.Data;

/// <summary>
/// The loader's state machine: fed one physical line at a time (so sync and async readers share it), then
/// <see cref="Finish"/> applies the cross-row rules. Every rule is listed on <see cref="BarValidationPolicy"/>.
/// </summary>
internal sealed class BarCsvParser
{
    private readonly string _source;
    private readonly Instrument _instrument;
    private readonly BarValidationPolicy _policy;
    private readonly List<Row> _rows = [];
    private readonly List<BarRepair> _rowRepairs = [];
    private BarCsvHeader? _header;
    private int _headerLine;
    private int _lineNumber;
    private int _firstNaiveLine;

    public BarCsvParser(string source, Instrument instrument, BarValidationPolicy policy)
    {
        _source = source;
        _instrument = instrument;
        _policy = policy;
    }

    public void Accept(string line)
    {
        _lineNumber++;

        // Blank lines (a trailing newline pair, spacing) carry no values; they are skipped but still counted so that
        // line numbers match an editor.
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        if (_header is null)
        {
            _header = BarCsvHeader.Parse(line, _source, _lineNumber);
            _headerLine = _lineNumber;
            if (_policy.UseAdjustedClose && !_header.HasAdjClose)
            {
                throw Fail(_lineNumber, "Adj Close", "the policy asks for adjusted prices but the header has no adjusted close column");
            }

            return;
        }

        _rows.Add(ParseRow(line, _header));
    }

    public BarLoadResult Finish()
    {
        if (_header is null)
        {
            throw new BarDataException(_source, null, null, "the file is empty");
        }

        if (_rows.Count == 0)
        {
            throw Fail(_headerLine, null, "the file has a header but no data rows");
        }

        var header = _header;
        var tsName = header.Names[header.Timestamp];
        var repairs = new List<BarRepair>(_rowRepairs);
        if (!header.HasVolume)
        {
            repairs.Add(new BarRepair(_source, _headerLine, "volume", BarRepairRule.DefaultedVolume, $"the file has no volume column; volume set to 0 on all {_rows.Count} rows"));
        }

        if (_firstNaiveLine != 0)
        {
            repairs.Add(new BarRepair(_source, _firstNaiveLine, tsName, BarRepairRule.AssumedUtc, "timestamps have a time of day but no offset; read as UTC"));
        }

        var ordered = Order(_rows, tsName, repairs);
        var bars = Deduplicate(ordered, tsName, repairs);

        // Stable by line: on one line, repairs keep the order the rules ran in (range, then order, then duplicates).
        IReadOnlyList<BarRepair> byLine = [.. repairs.OrderBy(static r => r.Line)];

        var series = new BarSeries(_instrument, bars);
        var gaps = new List<BarGap>();
        var closed = new List<DateOnly>();
        if (_policy.ReportGaps && bars.All(static b => b.Timestamp.UtcDateTime.TimeOfDay == TimeSpan.Zero))
        {
            CheckCalendar(bars, _instrument.Calendar, gaps, closed);
        }

        return new BarLoadResult(_source, header.Layout, series, byLine, gaps, closed);
    }

    private Row ParseRow(string line, BarCsvHeader h)
    {
        var cells = BarCsvCells.Split(line);
        if (cells.Length != h.ColumnCount)
        {
            var field = cells.Length < h.ColumnCount ? h.Names[cells.Length] : null;
            throw Fail(_lineNumber, field, $"the row has {cells.Length} cells but the header has {h.ColumnCount}");
        }

        var tsName = h.Names[h.Timestamp];
        var tsText = cells[h.Timestamp];
        if (tsText.Length == 0)
        {
            throw Fail(_lineNumber, tsName, "the timestamp is empty");
        }

        if (!BarTimestamp.TryParse(tsText, out var timestamp, out var naive))
        {
            throw Fail(_lineNumber, tsName, $"'{tsText}' is not a timestamp (expected YYYY-MM-DD, or ISO-8601 date and time with an optional offset)");
        }

        if (naive && _firstNaiveLine == 0)
        {
            _firstNaiveLine = _lineNumber;
        }

        var open = Price(cells, h, h.Open);
        var high = Price(cells, h, h.High);
        var low = Price(cells, h, h.Low);
        var close = Price(cells, h, h.Close);
        var volume = h.HasVolume ? Volume(cells, h) : 0.0;
        var adjClose = _policy.UseAdjustedClose ? Price(cells, h, h.AdjClose) : close;

        if (high < low)
        {
            throw Fail(_lineNumber, h.Names[h.High], $"high {F(high)} is below low {F(low)}");
        }

        var newHigh = high;
        var newLow = low;
        var highCause = string.Empty;
        var lowCause = string.Empty;
        foreach (var (index, value) in (ReadOnlySpan<(int, double)>)[(h.Open, open), (h.Close, close)])
        {
            var name = h.Names[index];
            if (value > high)
            {
                CheckTolerance(name, value, (value - high) / high, $"above high {F(high)}", h);
                newHigh = Math.Max(newHigh, value);
                highCause = highCause.Length == 0 ? $"{name} {F(value)}" : $"{highCause} and {name} {F(value)}";
            }
            else if (value < low)
            {
                CheckTolerance(name, value, (low - value) / low, $"below low {F(low)}", h);
                newLow = Math.Min(newLow, value);
                lowCause = lowCause.Length == 0 ? $"{name} {F(value)}" : $"{lowCause} and {name} {F(value)}";
            }
        }

        if (newHigh != high)
        {
            _rowRepairs.Add(new BarRepair(_source, _lineNumber, h.Names[h.High], BarRepairRule.WidenedRange, $"high {F(high)} raised to {F(newHigh)} to include {highCause}"));
        }

        if (newLow != low)
        {
            _rowRepairs.Add(new BarRepair(_source, _lineNumber, h.Names[h.Low], BarRepairRule.WidenedRange, $"low {F(low)} lowered to {F(newLow)} to include {lowCause}"));
        }

        // Scaling by a positive factor keeps low <= open, close <= high, so validation above holds for adjusted prices.
        var factor = adjClose / close;
        var bar = factor == 1.0
            ? new Bar(timestamp, open, newHigh, newLow, close, volume)
            : new Bar(timestamp, open * factor, newHigh * factor, newLow * factor, adjClose, volume);
        return new Row(_lineNumber, bar);
    }

    private void CheckTolerance(string name, double value, double relative, string where, BarCsvHeader h)
    {
        if (relative > _policy.RangeRepairTolerance)
        {
            throw Fail(
                _lineNumber,
                name,
                $"{name} {F(value)} is {where} by {F(Math.Round(relative * 100, 4))}% (range [{h.Names[h.Low]}, {h.Names[h.High]}]); more than the {F(_policy.RangeRepairTolerance * 100)}% repair tolerance");
        }
    }

    private double Price(string[] cells, BarCsvHeader h, int index)
    {
        var value = Number(cells, h, index);
        if (value <= 0)
        {
            throw Fail(_lineNumber, h.Names[index], $"a price must be greater than 0, got {F(value)}");
        }

        return value;
    }

    private double Volume(string[] cells, BarCsvHeader h)
    {
        var value = Number(cells, h, h.Volume);
        if (value < 0)
        {
            throw Fail(_lineNumber, h.Names[h.Volume], $"volume must not be negative, got {F(value)}");
        }

        return value;
    }

    private double Number(string[] cells, BarCsvHeader h, int index)
    {
        var text = cells[index];
        var name = h.Names[index];
        if (text.Length == 0)
        {
            throw Fail(_lineNumber, name, "the cell is empty");
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail(_lineNumber, name, $"'{text}' is not a number");
        }

        if (!double.IsFinite(value))
        {
            throw Fail(_lineNumber, name, $"'{text}' is not a finite number");
        }

        return value;
    }

    private List<Row> Order(List<Row> rows, string tsName, List<BarRepair> repairs)
    {
        var descending = rows.Count >= 2;
        for (var i = 1; i < rows.Count && descending; i++)
        {
            descending = rows[i].Bar.Timestamp < rows[i - 1].Bar.Timestamp;
        }

        if (descending)
        {
            repairs.Add(new BarRepair(_source, rows[0].Line, tsName, BarRepairRule.ReversedOrder, $"all {rows.Count} rows are newest-first; reversed"));
            return [.. Enumerable.Reverse(rows)];
        }

        var latest = rows[0];
        var unsorted = false;
        foreach (var row in rows)
        {
            if (row.Bar.Timestamp < latest.Bar.Timestamp)
            {
                unsorted = true;
                repairs.Add(new BarRepair(
                    _source,
                    row.Line,
                    tsName,
                    BarRepairRule.SortedOutOfOrderRow,
                    $"{Ts(row.Bar.Timestamp)} comes after {Ts(latest.Bar.Timestamp)} on line {latest.Line}; rows sorted by timestamp"));
            }
            else
            {
                latest = row;
            }
        }

        // OrderBy is stable: rows with equal timestamps keep file order, so "the later duplicate" stays the later line.
        return unsorted ? [.. rows.OrderBy(static r => r.Bar.Timestamp)] : rows;
    }

    private List<Bar> Deduplicate(List<Row> rows, string tsName, List<BarRepair> repairs)
    {
        var bars = new List<Bar>(rows.Count);
        var kept = rows[0];
        bars.Add(kept.Bar);
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Bar.Timestamp != kept.Bar.Timestamp)
            {
                kept = row;
                bars.Add(row.Bar);
                continue;
            }

            if (!SameValues(row.Bar, kept.Bar))
            {
                throw Fail(row.Line, tsName, $"timestamp {Ts(row.Bar.Timestamp)} repeats line {kept.Line} with different values");
            }

            repairs.Add(new BarRepair(_source, row.Line, tsName, BarRepairRule.DroppedDuplicate, $"timestamp {Ts(row.Bar.Timestamp)} and values repeat line {kept.Line}; row dropped"));
        }

        return bars;
    }

    private static bool SameValues(Bar a, Bar b) =>
        a.Open == b.Open && a.High == b.High && a.Low == b.Low && a.Close == b.Close && a.Volume == b.Volume;

    private static void CheckCalendar(List<Bar> bars, IExchangeCalendar calendar, List<BarGap> gaps, List<DateOnly> closed)
    {
        var present = new HashSet<DateOnly>(bars.Count);
        foreach (var bar in bars)
        {
            present.Add(bar.Date);
            if (!calendar.IsTradingDay(bar.Date))
            {
                closed.Add(bar.Date);
            }
        }

        DateOnly? runStart = null;
        var runEnd = default(DateOnly);
        var runLength = 0;
        foreach (var day in calendar.TradingDays(bars[0].Date, bars[^1].Date))
        {
            if (!present.Contains(day))
            {
                runStart ??= day;
                runEnd = day;
                runLength++;
            }
            else if (runStart is { } start)
            {
                gaps.Add(new BarGap(start, runEnd, runLength));
                runStart = null;
                runLength = 0;
            }
        }
    }

    private BarDataException Fail(int line, string? field, string detail) => new(_source, line, field, detail);

    private static string F(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ts(DateTimeOffset value) =>
        value.TimeOfDay == TimeSpan.Zero && value.Offset == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private readonly record struct Row(int Line, Bar Bar);
}
