using System.Globalization;
using System.Text.Json;

namespace Kairos.Kronos.Tests;

/// <summary>Access to Fixtures/tiny (golden.json produced by the Python reference, see its README).</summary>
internal static class Golden
{
    private static readonly Lazy<JsonDocument> Doc = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "golden.json"))));

    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny");

    public static string ModelDir => Path.Combine(Dir, "model");

    public static string TokenizerDir => Path.Combine(Dir, "tokenizer");

    public static JsonElement Get(string path)
    {
        var e = Doc.Value.RootElement;
        foreach (var part in path.Split('.'))
        {
            e = int.TryParse(part, out var i) ? e[i] : e.GetProperty(part);
        }

        return e;
    }

    /// <summary>All numbers of a (nested) array, flattened row-major.</summary>
    public static float[] Floats(string path)
    {
        var list = new List<float>();
        Flatten(Get(path), list);
        return [.. list];
    }

    public static int[] Ints(string path) => Floats(path).Select(v => (int)v).ToArray();

    /// <summary>Reads a fixture CSV: timestamps + 6 value columns (read as double then cast to float, as the reference).</summary>
    public static (DateTime[] Times, float[,] Values) Csv(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Dir, file)).Skip(1).Where(l => l.Length > 0).ToArray();
        var times = new DateTime[lines.Length];
        float[,]? values = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            times[i] = DateTime.ParseExact(cells[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            values ??= new float[lines.Length, cells.Length - 1];
            for (var j = 1; j < cells.Length; j++)
            {
                values[i, j - 1] = (float)double.Parse(cells[j], CultureInfo.InvariantCulture);
            }
        }

        return (times, values ?? new float[0, 0]);
    }

    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, float absTol, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = MathF.Abs(expected[i] - actual[i]);
            if (!(diff <= worst))
            {
                worst = diff;
                at = i;
            }
        }

        Assert.True(worst <= absTol, $"{what}: max abs diff {worst} at {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}), tolerance {absTol}");
    }

    public static void AssertRelClose(float[] expected, ReadOnlySpan<float> actual, double relTol, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            var rel = Math.Abs((double)expected[i] - actual[i]) / Math.Max(Math.Abs((double)expected[i]), 1e-30);
            Assert.True(rel <= relTol, $"{what}[{i}]: expected {expected[i]}, got {actual[i]} (rel {rel:E2} > {relTol:E1})");
        }
    }

    private static void Flatten(JsonElement e, List<float> list)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in e.EnumerateArray())
            {
                Flatten(c, list);
            }
        }
        else
        {
            list.Add((float)e.GetDouble());
        }
    }
}
