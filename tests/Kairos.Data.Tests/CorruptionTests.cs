using System.Globalization;
using Kairos.Core;

namespace Kairos.Data.Tests;

/// <summary>
/// Seeded random corruption of real files: one cell of one row is damaged in a way a validator can see, and the loader
/// must either fail naming that line and column, or report a repair on that line. Every other bar must come back exactly
/// as in the clean file: a damaged cell never turns into a silently wrong number.
/// </summary>
public class CorruptionTests
{
    private const int Iterations = 200;

    private enum Kind
    {
        Garbage,
        Empty,
        NaN,
        Infinity,
        Negative,
        Zero,
        DecimalSlipUp,
        DecimalSlipDown,
        TimestampGarbage,
        TimestampRepeatsPrevious,
        TimestampMovedEarlier,
    }

    [Theory]
    [InlineData("lee101-yahoo-MSTR.csv", "MSTR", 20240101)]
    [InlineData("lee101-binance-SUIUSDT.csv", "SUIUSDT", 20240102)]
    public void One_corrupted_cell_is_caught_or_reported(string fixture, string symbol, int seed)
    {
        var lines = File.ReadAllLines(TestFiles.Fixture(fixture));
        var instrument = Instrument.Infer(symbol);
        var clean = Load(lines, instrument);
        var cleanByTime = clean.Series.Bars.ToDictionary(b => b.Timestamp);
        var header = lines[0].Split(',');
        string[] columns = ["timestamp", "open", "high", "low", "close", "volume"];
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var rowIndex = 1 + random.Next(lines.Length - 1); // index into lines; the line number is rowIndex + 1
            var line = rowIndex + 1;
            var column = columns[random.Next(columns.Length)];
            var columnIndex = Array.FindIndex(header, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase) || (column == "timestamp" && h == "Date"));
            var kind = PickKind(random, column, rowIndex);
            var cells = lines[rowIndex].Split(',');
            var original = cells[columnIndex];
            cells[columnIndex] = Corrupt(kind, column, original, lines, rowIndex, columnIndex);
            var corrupted = (string[])lines.Clone();
            corrupted[rowIndex] = string.Join(',', cells);
            var what = $"iteration {iteration}: line {line}, {header[columnIndex]} '{original}' -> '{cells[columnIndex]}' ({kind})";

            BarLoadResult result;
            try
            {
                result = Load(corrupted, instrument);
            }
            catch (BarDataException ex)
            {
                Assert.True(ex.LineNumber == line, $"{what}: exception names line {ex.LineNumber}: {ex.Message}");
                Assert.True(ex.Message.Contains(header[columnIndex], StringComparison.OrdinalIgnoreCase), $"{what}: exception does not name the column: {ex.Message}");
                Assert.StartsWith($"test.csv, line {line}, field '", ex.Message, StringComparison.Ordinal);
                outcomes[$"fail {kind}"] = outcomes.GetValueOrDefault($"fail {kind}") + 1;
                continue;
            }

            Assert.True(result.Repairs.Any(r => r.Line == line), $"{what}: loaded without an exception or a repair on line {line}");
            var corruptedRowTimestamp = clean.Series[rowIndex - 1].Timestamp;
            foreach (var bar in result.Series.Bars)
            {
                if (bar.Timestamp != corruptedRowTimestamp && cleanByTime.TryGetValue(bar.Timestamp, out var expected))
                {
                    Assert.True(expected == bar, $"{what}: untouched bar {bar.Timestamp:O} changed");
                }
            }

            outcomes[$"repair {kind}"] = outcomes.GetValueOrDefault($"repair {kind}") + 1;
        }

        // The seed must exercise both outcomes and most kinds; a change to the generator that stops doing so is caught here.
        Assert.Contains(outcomes.Keys, k => k.StartsWith("repair", StringComparison.Ordinal));
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("fail", StringComparison.Ordinal)) >= 8, string.Join(", ", outcomes.Keys));
    }

    private static BarLoadResult Load(string[] lines, Instrument instrument) =>
        BarCsvLoader.Load(new StringReader(string.Join('\n', lines) + "\n"), TestFiles.Source, instrument, BarValidationPolicy.Default);

    private static Kind PickKind(Random random, string column, int rowIndex)
    {
        Kind[] allowed = column switch
        {
            "timestamp" when rowIndex > 1 => [Kind.Garbage, Kind.Empty, Kind.TimestampGarbage, Kind.TimestampRepeatsPrevious, Kind.TimestampMovedEarlier],
            "timestamp" => [Kind.Garbage, Kind.Empty, Kind.TimestampGarbage],

            // A volume that is merely wrong by a factor cannot be told from a real one; only invalid volumes are used.
            "volume" => [Kind.Garbage, Kind.Empty, Kind.NaN, Kind.Infinity, Kind.Negative],

            // A higher high or a lower low is a valid bar; only slips that cross the other bound are detectable.
            "high" => [Kind.Garbage, Kind.Empty, Kind.NaN, Kind.Infinity, Kind.Negative, Kind.Zero, Kind.DecimalSlipDown],
            "low" => [Kind.Garbage, Kind.Empty, Kind.NaN, Kind.Infinity, Kind.Negative, Kind.Zero, Kind.DecimalSlipUp],
            _ => [Kind.Garbage, Kind.Empty, Kind.NaN, Kind.Infinity, Kind.Negative, Kind.Zero, Kind.DecimalSlipUp, Kind.DecimalSlipDown],
        };
        return allowed[random.Next(allowed.Length)];
    }

    private static string Corrupt(Kind kind, string column, string original, string[] lines, int rowIndex, int columnIndex)
    {
        double Value() => double.Parse(original, CultureInfo.InvariantCulture);
        return kind switch
        {
            Kind.Garbage => original.Length > 1 ? original[..^1] + "x" : "x",
            Kind.Empty => string.Empty,
            Kind.NaN => "NaN",
            Kind.Infinity => "Infinity",
            Kind.Negative => (-(Math.Abs(Value()) + 1)).ToString(CultureInfo.InvariantCulture),
            Kind.Zero => "0",
            Kind.DecimalSlipUp => (Value() * 100).ToString(CultureInfo.InvariantCulture),
            Kind.DecimalSlipDown => (Value() / 100).ToString(CultureInfo.InvariantCulture),
            Kind.TimestampGarbage => original.Replace('-', '/'),
            Kind.TimestampRepeatsPrevious => lines[rowIndex - 1].Split(',')[columnIndex],
            Kind.TimestampMovedEarlier => "2001-01-01",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, column),
        };
    }
}
