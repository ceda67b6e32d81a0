using System.Buffers.Binary;
using System.Security.Cryptography;
using Kairos.Backtesting.Optimization;

namespace Kairos.Backtesting.Tests.Optimization;

/// <summary>
/// Golden tests against scipy.optimize.direct (SciPy 1.10.1, Fixtures/direct_reference.json): the
/// same objective calls in the same order (hash of every evaluated point), and the same x, fun,
/// nfev, nit, status and message.
/// </summary>
public sealed class DirectParityTests
{
    private static readonly IReadOnlyList<DirectReferenceCase> Cases = DirectReferenceCase.Load();

    public static TheoryData<int, string> CaseIds()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < Cases.Count; i++)
        {
            data.Add(i, Cases[i].ToString());
        }

        return data;
    }

    [Fact]
    public void Fixture_covers_every_stop_reason_and_both_variants()
    {
        Assert.True(Cases.Count >= 200);
        foreach (var status in new[] { 1, 2, 3, 4, 5 })
        {
            Assert.Contains(Cases, c => c.Status == status && c.Options.LocallyBiased);
            Assert.Contains(Cases, c => c.Status == status && !c.Options.LocallyBiased);
        }
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Matches_scipy_exactly(int index, string label)
    {
        var expected = Cases[index];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bytes = new byte[sizeof(double)];
        var objective = DirectReferenceProblems.Get(expected.Problem);
        double Recording(double[] x)
        {
            foreach (var v in x)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes, v);
                hash.AppendData(bytes);
            }

            return objective(x);
        }

        var result = Direct.Minimize(Recording, expected.Bounds, expected.Options);

        Assert.True(label.Length > 0);
        Assert.Equal(expected.Evaluations, result.Evaluations);
        Assert.Equal(expected.Iterations, result.Iterations);
        Assert.Equal(expected.Status, (int)result.Status);
        Assert.Equal(expected.Message, result.Message);
        Assert.Equal(expected.EvaluationSha256, Convert.ToHexStringLower(hash.GetHashAndReset()));
        Assert.Equal(expected.X.Length, result.X.Length);
        for (var i = 0; i < expected.X.Length; i++)
        {
            Assert.Equal(expected.X[i], result.X[i], 1e-9);
        }

        Assert.True(
            Math.Abs(result.Value - expected.Value) <= 1e-9 * Math.Max(1.0, Math.Abs(expected.Value)),
            $"fun: expected {expected.Value:R}, got {result.Value:R}");
    }
}
