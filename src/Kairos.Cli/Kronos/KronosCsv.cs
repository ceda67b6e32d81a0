using System.Globalization;
using System.Text;
using Kairos.Data;

namespace Kairos.Cli.Kronos;

/// <summary>
/// Reads and writes the CSV contracts of <c>kairos kronos predict</c>. Input: <c>timestamps,open,high,low,close[,volume[,amount]]</c>
/// (any column order, case-insensitive names); future: one column <c>timestamps</c>; output:
/// <c>timestamps,open,high,low,close,volume,amount</c> plus <c>{column}_q{percent}</c> quantile columns. Every error
/// names the file, the 1-based line and the column.
/// </summary>
internal static class KronosCsv
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mmK",
    ];

    public static KronosCsvInput ReadInput(string path)
    {
        var (header, rows) = ReadTable(path);
        var ts = Column(header, "timestamps", path, required: true)!.Value;
        int Required(string name) => Column(header, name, path, required: true)!.Value;
        var o = Required("open");
        var h = Required("high");
        var l = Required("low");
        var c = Required("close");
        var v = Column(header, "volume", path, required: false);
        var a = Column(header, "amount", path, required: false);
        if (a is not null && v is null)
        {
            throw new BarDataException(path, 1, "amount", "an amount column needs a volume column");
        }

        var n = rows.Count;
        var input = new KronosCsvInput(
            path,
            new DateTime[n],
            new double[n],
            new double[n],
            new double[n],
            new double[n],
            v is null ? null : new double[n],
            a is null ? null : new double[n]);
        for (var i = 0; i < n; i++)
        {
            var (line, cells) = rows[i];
            input.Timestamps[i] = Timestamp(cells[ts], path, line, header[ts]);
            if (i > 0 && input.Timestamps[i] <= input.Timestamps[i - 1])
            {
                throw new BarDataException(path, line, header[ts], $"timestamp {cells[ts]} is not after the previous row's; rows must be strictly increasing in time");
            }

            input.Open[i] = Number(cells[o], path, line, header[o]);
            input.High[i] = Number(cells[h], path, line, header[h]);
            input.Low[i] = Number(cells[l], path, line, header[l]);
            input.Close[i] = Number(cells[c], path, line, header[c]);
            if (v is int vi)
            {
                input.Volume![i] = Number(cells[vi], path, line, header[vi]);
            }

            if (a is int ai)
            {
                input.Amount![i] = Number(cells[ai], path, line, header[ai]);
            }
        }

        return input;
    }

    public static DateTime[] ReadFuture(string path)
    {
        var (header, rows) = ReadTable(path);
        var ts = Column(header, "timestamps", path, required: true)!.Value;
        var result = new DateTime[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (line, cells) = rows[i];
            result[i] = Timestamp(cells[ts], path, line, header[ts]);
            if (i > 0 && result[i] <= result[i - 1])
            {
                throw new BarDataException(path, line, header[ts], $"timestamp {cells[ts]} is not after the previous row's");
            }
        }

        return result;
    }

    /// <summary>
    /// Writes rows of [open, high, low, close, volume, amount] per timestamp, then quantile columns, atomically.
    /// Shapes: mean [rows·6] (row-major), quantiles [levels.Count][rows·6].
    /// </summary>
    public static void WriteOutput(string path, IReadOnlyList<DateTime> timestamps, float[] mean, IReadOnlyList<double> levels, IReadOnlyList<float[]> quantiles)
    {
        string[] columns = ["open", "high", "low", "close", "volume", "amount"];
        var sb = new StringBuilder("timestamps,").AppendJoin(',', columns);
        foreach (var q in levels)
        {
            foreach (var col in columns)
            {
                sb.Append(',').Append(col).Append("_q").Append((q * 100).ToString("0.##", CultureInfo.InvariantCulture));
            }
        }

        sb.Append('\n');
        for (var r = 0; r < timestamps.Count; r++)
        {
            sb.Append(timestamps[r].ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            for (var c = 0; c < 6; c++)
            {
                sb.Append(',').Append(mean[(r * 6) + c].ToString("R", CultureInfo.InvariantCulture));
            }

            for (var q = 0; q < levels.Count; q++)
            {
                for (var c = 0; c < 6; c++)
                {
                    sb.Append(',').Append(quantiles[q][(r * 6) + c].ToString("R", CultureInfo.InvariantCulture));
                }
            }

            sb.Append('\n');
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full + ".tmp", sb.ToString());
        File.Move(full + ".tmp", full, overwrite: true);
    }

    private static (string[] Header, List<(int Line, string[] Cells)> Rows) ReadTable(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"'{path}' does not exist.");
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            throw new BarDataException(path, 1, null, "the file is empty");
        }

        var header = lines[0].Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        var rows = new List<(int, string[])>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',').Select(x => x.Trim().Trim('"')).ToArray();
            if (cells.Length != header.Length)
            {
                throw new BarDataException(path, i + 1, null, $"{cells.Length} cells where the header has {header.Length}");
            }

            rows.Add((i + 1, cells));
        }

        return rows.Count == 0 ? throw new BarDataException(path, 1, null, "the file has a header but no rows") : (header, rows);
    }

    private static int? Column(string[] header, string name, string path, bool required)
    {
        var index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)
            || (name == "timestamps" && string.Equals(h, "timestamp", StringComparison.OrdinalIgnoreCase)));
        if (index < 0 && required)
        {
            throw new BarDataException(path, 1, name, $"missing required column '{name}' (header: {string.Join(",", header)})");
        }

        return index < 0 ? null : index;
    }

    private static DateTime Timestamp(string text, string path, int line, string field)
    {
        if (DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var value))
        {
            // The wall-clock time as written: an offset, if any, says where the clock was, not what to convert to.
            return value.DateTime;
        }

        throw new BarDataException(path, line, field, $"'{text}' is not a timestamp (expected e.g. 2024-03-01 or 2024-03-01 09:30:00)");
    }

    private static double Number(string text, string path, int line, string field)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new BarDataException(path, line, field, $"'{text}' is not a number");
        }

        return double.IsFinite(v) ? v : throw new BarDataException(path, line, field, $"{text} is not a finite number (Kronos rejects NaN and infinite inputs)");
    }
}
