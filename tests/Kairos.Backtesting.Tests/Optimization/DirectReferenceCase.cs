using System.Text.Json;
using Kairos.Backtesting.Optimization;

namespace Kairos.Backtesting.Tests.Optimization;

/// <summary>One scipy.optimize.direct run recorded in Fixtures/direct_reference.json.</summary>
public sealed record DirectReferenceCase(
    string Problem,
    (double Lower, double Upper)[] Bounds,
    DirectOptions Options,
    string OptionsText,
    double[] X,
    double Value,
    int Evaluations,
    int Iterations,
    int Status,
    string Message,
    string EvaluationSha256)
{
    public override string ToString() => $"{Problem} {OptionsText}";

    internal static IReadOnlyList<DirectReferenceCase> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FixturePath("direct_reference.json")));
        var cases = new List<DirectReferenceCase>();
        foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var bounds = item.GetProperty("bounds").EnumerateArray()
                .Select(b => (b[0].GetDouble(), b[1].GetDouble()))
                .ToArray();
            var optionsElement = item.GetProperty("options");
            var options = new DirectOptions();
            foreach (var property in optionsElement.EnumerateObject())
            {
                options = property.Name switch
                {
                    "maxfun" => options with { MaxEvaluations = property.Value.GetInt32() },
                    "maxiter" => options with { MaxIterations = property.Value.GetInt32() },
                    "locally_biased" => options with { LocallyBiased = property.Value.GetBoolean() },
                    "vol_tol" => options with { VolumeTolerance = property.Value.GetDouble() },
                    "len_tol" => options with { LengthTolerance = property.Value.GetDouble() },
                    "eps" => options with { Eps = property.Value.GetDouble() },
                    "f_min" => options with { TargetValue = property.Value.GetDouble() },
                    "f_min_rtol" => options with { TargetRelativeTolerance = property.Value.GetDouble() },
                    _ => throw new InvalidDataException($"Unknown option '{property.Name}' in the DIRECT fixture."),
                };
            }

            var expected = item.GetProperty("expected");
            cases.Add(new DirectReferenceCase(
                item.GetProperty("problem").GetString()!,
                bounds,
                options,
                JsonSerializer.Serialize(optionsElement),
                expected.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
                expected.GetProperty("fun").GetDouble(),
                expected.GetProperty("nfev").GetInt32(),
                expected.GetProperty("nit").GetInt32(),
                expected.GetProperty("status").GetInt32(),
                expected.GetProperty("message").GetString()!,
                expected.GetProperty("eval_sha256").GetString()!));
        }

        return cases;
    }

    /// <summary>Finds the fixture from the test binaries by walking up to the repository checkout.</summary>
    private static string FixturePath(string name)
    {
        var relative = Path.Combine("tests", "Kairos.Backtesting.Tests", "Optimization", "Fixtures", name);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"DIRECT reference fixture not found above {AppContext.BaseDirectory}.", relative);
    }
}
