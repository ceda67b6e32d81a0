namespace Kairos.Data;

/// <summary>
/// Where each bar field sits in a CSV header. Columns are found by name (case-insensitive, aliases below), so any
/// column order works; unknown columns (<c>n</c>, <c>vw</c>, <c>trade_count</c>, <c>symbol</c>) are ignored.
/// </summary>
internal sealed class BarCsvHeader
{
    private const int Absent = -1;

    private BarCsvHeader(string[] names)
    {
        Names = names;
    }

    /// <summary>The header cells as written (trimmed, unquoted); an unnamed timestamp column reads <c>timestamp</c>.</summary>
    public string[] Names { get; }

    public int ColumnCount => Names.Length;

    public int Timestamp { get; private set; } = Absent;

    public int Open { get; private set; } = Absent;

    public int High { get; private set; } = Absent;

    public int Low { get; private set; } = Absent;

    public int Close { get; private set; } = Absent;

    /// <summary>Column index, or -1 when the file has no volume column.</summary>
    public int Volume { get; private set; } = Absent;

    /// <summary>Column index, or -1 when the file has no adjusted-close column.</summary>
    public int AdjClose { get; private set; } = Absent;

    public bool HasVolume => Volume != Absent;

    public bool HasAdjClose => AdjClose != Absent;

    public BarCsvLayout Layout { get; private set; }

    public static BarCsvHeader Parse(string line, string source, int lineNumber)
    {
        var raw = BarCsvCells.Split(line);
        var header = new BarCsvHeader(raw);
        var lower = raw.Select(n => n.ToLowerInvariant()).ToArray();
        for (var i = 0; i < lower.Length; i++)
        {
            switch (lower[i])
            {
                case "timestamp" or "date" or "datetime" or "time" or "t":
                    header.Timestamp = Assign(header, header.Timestamp, i, "timestamp", source, lineNumber);
                    break;
                case "open" or "o":
                    header.Open = Assign(header, header.Open, i, "open", source, lineNumber);
                    break;
                case "high" or "h":
                    header.High = Assign(header, header.High, i, "high", source, lineNumber);
                    break;
                case "low" or "l":
                    header.Low = Assign(header, header.Low, i, "low", source, lineNumber);
                    break;
                case "close" or "c":
                    header.Close = Assign(header, header.Close, i, "close", source, lineNumber);
                    break;
                case "volume" or "v":
                    header.Volume = Assign(header, header.Volume, i, "volume", source, lineNumber);
                    break;
                case "adj close" or "adj_close" or "adjclose" or "adjusted close" or "adjusted_close":
                    header.AdjClose = Assign(header, header.AdjClose, i, "adjusted close", source, lineNumber);
                    break;
                default:
                    break;
            }
        }

        // backtesting.py writes the pandas index (the date) under an empty name. pandas-ta writes an integer index the
        // same way but also names a date column; the named column wins there.
        var unnamedDate = false;
        if (header.Timestamp == Absent && lower.Length > 0 && lower[0].Length == 0)
        {
            header.Timestamp = 0;
            raw[0] = "timestamp";
            unnamedDate = true;
        }

        foreach (var (index, name) in new[] { (header.Timestamp, "timestamp"), (header.Open, "open"), (header.High, "high"), (header.Low, "low"), (header.Close, "close") })
        {
            if (index == Absent)
            {
                throw new BarDataException(source, lineNumber, name, $"the header has no {name} column (header: '{line}')");
            }
        }

        header.Layout = DetectLayout(lower, unnamedDate);
        return header;
    }

    private static int Assign(BarCsvHeader header, int current, int index, string meaning, string source, int lineNumber)
    {
        if (current != Absent)
        {
            throw new BarDataException(
                source,
                lineNumber,
                header.Names[index],
                $"columns '{header.Names[current]}' and '{header.Names[index]}' both mean {meaning}");
        }

        return index;
    }

    private static BarCsvLayout DetectLayout(string[] lower, bool unnamedDate)
    {
        if (unnamedDate)
        {
            return BarCsvLayout.BacktestingPy;
        }

        if (lower.SequenceEqual(["timestamp", "open", "high", "low", "close", "volume"], StringComparer.Ordinal)
            || lower.SequenceEqual(["timestamp", "open", "high", "low", "close"], StringComparer.Ordinal))
        {
            return BarCsvLayout.Kairos;
        }

        if (lower.SequenceEqual(["date", "close", "high", "low", "open", "volume"], StringComparer.Ordinal))
        {
            return BarCsvLayout.YahooLee101;
        }

        if (lower.Contains("t", StringComparer.Ordinal))
        {
            return BarCsvLayout.Alpaca;
        }

        return lower.Contains("date", StringComparer.Ordinal) ? BarCsvLayout.Yahoo : BarCsvLayout.Other;
    }
}
