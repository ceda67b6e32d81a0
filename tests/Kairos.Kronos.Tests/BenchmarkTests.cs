namespace Kairos.Kronos.Tests;

public sealed class BenchmarkTests
{
    [Fact]
    public void Benchmark_runs_and_counts_tokens_like_performance_md()
    {
        var r = KronosBenchmark.Run(KronosPreset.Mini, lookback: 24, maxContext: 24, predLen: 3, samples: 2, runs: 1);
        Assert.Single(r.AllSeconds);
        Assert.True(r.MedianSeconds > 0);
        // Sliding from the second step: Σᵢ (N − i + S·i) = 24 + (23 + 2) + (22 + 4).
        Assert.Equal(75, r.ModelTokens);
        Assert.Equal(3 * 24 * 2, r.ReferenceModelTokens);
        Assert.True(r.Flops > 0 && r.GflopPerSecond > 0);
        Assert.Equal(r.Flops / (KronosBenchmark.PeakGflops * 1e9), r.FlopBoundSeconds, 12);
    }

    [Fact]
    public void Token_counts_match_the_performance_notes_for_the_bot_settings()
    {
        // performance.md: base, N 232, S 192, P 7: 5,635 tokens sliding (max_context 232); without sliding N + S·(P − 1)
        // (the last generated token only goes through the tokenizer decoder).
        Assert.Equal(5_635, KronosBenchmark.Cost(Model.KronosConfig.Base, Model.TokenizerConfig.Base, 232, 232, 7, 192).Tokens);
        Assert.Equal(232 + (192 * 6), KronosBenchmark.Cost(Model.KronosConfig.Base, Model.TokenizerConfig.Base, 232, 512, 7, 192).Tokens);
    }
}
