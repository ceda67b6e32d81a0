namespace Kairos.Kronos.Tests;

/// <summary>The sampler of kronos-spec.md §4.4: draw distribution, top-k (ties kept), top-p, temperature, seeding.</summary>
public class SamplerTests
{
    private static int[] Counts(float[] logits, int draws, float t = 1, int topK = 0, double topP = 1, int seed = 1)
    {
        var sampler = new Sampler(logits.Length, t, topK, topP, new Random(seed));
        var counts = new int[logits.Length];
        var scratch = new float[logits.Length];
        for (var i = 0; i < draws; i++)
        {
            logits.CopyTo(scratch, 0);
            counts[sampler.Sample(scratch)]++;
        }

        return counts;
    }

    private static double[] Softmax(float[] logits, float t = 1)
    {
        var max = logits.Max() / t;
        var e = logits.Select(l => Math.Exp((l / t) - max)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    [Fact]
    public void Draws_follow_the_softmax_distribution()
    {
        float[] logits = [1.0f, 2.0f, 0.5f, -1.0f];
        const int n = 200_000;
        var counts = Counts(logits, n);
        var p = Softmax(logits);
        for (var i = 0; i < logits.Length; i++)
        {
            // Four standard errors of a binomial proportion: fails by chance far less than once in 10,000 runs.
            var se = Math.Sqrt(p[i] * (1 - p[i]) / n);
            Assert.InRange((double)counts[i] / n, p[i] - (4 * se), p[i] + (4 * se));
        }
    }

    [Fact]
    public void Temperature_sharpens_the_distribution()
    {
        float[] logits = [1.0f, 2.0f, 0.5f, -1.0f];
        const int n = 100_000;
        var counts = Counts(logits, n, t: 0.5f);
        var p = Softmax(logits, 0.5f);
        var se = Math.Sqrt(p[1] * (1 - p[1]) / n);
        Assert.InRange((double)counts[1] / n, p[1] - (4 * se), p[1] + (4 * se));
    }

    [Fact]
    public void Top_k_keeps_only_the_k_largest_and_keeps_ties()
    {
        float[] logits = [3f, 1f, 2f, 2f, 0f];
        var counts = Counts(logits, 20_000, topK: 2);

        // The 2nd largest value is 2, tied: indices 0, 2 and 3 survive, 1 and 4 never come up.
        Assert.Equal(0, counts[1]);
        Assert.Equal(0, counts[4]);
        Assert.True(counts[2] > 0 && counts[3] > 0 && counts[0] > 0);
    }

    [Fact]
    public void Top_k_one_is_greedy_and_top_k_disables_top_p()
    {
        float[] logits = [0.1f, 0.3f, 0.2f];
        Assert.Equal([0, 10_000, 0], Counts(logits, 10_000, topK: 1));

        // top_p = 0.01 alone would keep only the argmax; with top_k = 3 it is ignored and every token appears.
        Assert.All(Counts(logits, 10_000, topK: 3, topP: 0.01), c => Assert.True(c > 0));
    }

    [Fact]
    public void Top_p_drops_tokens_once_the_mass_before_them_exceeds_p()
    {
        // Probabilities ≈ 0.643, 0.237, 0.087, 0.032: with p = 0.7 the first two survive (mass before the second is
        // 0.643 ≤ 0.7), the third is dropped (0.880 > 0.7).
        float[] logits = [3f, 2f, 1f, 0f];
        var counts = Counts(logits, 20_000, topP: 0.7);
        Assert.True(counts[0] > 0 && counts[1] > 0);
        Assert.Equal(0, counts[2]);
        Assert.Equal(0, counts[3]);

        // The most likely token is always kept, however small p is.
        Assert.Equal([5_000, 0, 0, 0], Counts(logits, 5_000, topP: 1e-9));
    }

    [Fact]
    public void A_seed_fixes_the_draws_and_per_series_generators_are_independent_of_the_batch()
    {
        float[] logits = [0.5f, 0.4f, 0.3f, 0.2f, 0.1f];
        Assert.Equal(Counts(logits, 1_000, seed: 9), Counts(logits, 1_000, seed: 9));

        // Series 1 of a batch (rows 2 and 3 with S = 2) draws what a sampler seeded for it alone draws.
        var batch = new Sampler(5, 1, 0, 1, [new Random(1), new Random(2)], rowsPerRandom: 2);
        var alone = new Sampler(5, 1, 0, 1, new Random(2));
        for (var step = 0; step < 50; step++)
        {
            for (var row = 0; row < 4; row++)
            {
                var fromBatch = batch.Sample((float[])logits.Clone(), row);
                if (row >= 2)
                {
                    Assert.Equal(alone.Sample((float[])logits.Clone()), fromBatch);
                }
            }
        }
    }
}
