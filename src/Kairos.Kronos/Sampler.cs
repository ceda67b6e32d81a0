namespace Kairos.Kronos;

/// <summary>
/// Draws one token from a logits row exactly as the reference's sample_from_logits (kronos-spec.md §4.4):
/// logits / T; top-k (ties at the k-th value kept) — and then top-p is skipped; otherwise nucleus top-p when &lt; 1
/// (a token is dropped when the probability mass strictly before it already exceeds top_p); softmax; one multinomial
/// draw. Consumes exactly one <see cref="Random.NextDouble"/> per token, so a seed fixes the whole run. With one generator
/// per series (rows b·S … b·S + S − 1 draw from generator b), each series of a batch draws exactly the sequence it would
/// draw alone.
/// </summary>
internal sealed class Sampler
{
    private readonly float _temperature;
    private readonly int _topK;
    private readonly double _topP;
    private readonly Random[] _randoms;
    private readonly int _rowsPerRandom;
    private readonly float[] _sorted;

    /// <param name="vocab">Largest logits row length this sampler will see (scratch size).</param>
    /// <param name="temperature">T &gt; 0.</param>
    /// <param name="topK">0 = off.</param>
    /// <param name="topP">Nucleus mass; ≥ 1 = off. Ignored when topK &gt; 0.</param>
    /// <param name="random">The seeded generator (the only source of randomness).</param>
    public Sampler(int vocab, float temperature, int topK, double topP, Random random)
        : this(vocab, temperature, topK, topP, [random], int.MaxValue)
    {
    }

    /// <param name="vocab">Largest logits row length this sampler will see (scratch size).</param>
    /// <param name="temperature">T &gt; 0.</param>
    /// <param name="topK">0 = off.</param>
    /// <param name="topP">Nucleus mass; ≥ 1 = off. Ignored when topK &gt; 0.</param>
    /// <param name="randoms">One seeded generator per series.</param>
    /// <param name="rowsPerRandom">Rows per series (S): row r draws from generator r / S.</param>
    public Sampler(int vocab, float temperature, int topK, double topP, Random[] randoms, int rowsPerRandom)
    {
        ArgumentNullException.ThrowIfNull(randoms);
        ArgumentOutOfRangeException.ThrowIfZero(randoms.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerRandom, 1);
        _temperature = temperature;
        _topK = topK;
        _topP = topP;
        _randoms = randoms;
        _rowsPerRandom = rowsPerRandom;
        _sorted = new float[vocab];
    }

    /// <summary>The k-th largest value of <paramref name="x"/> (1-based; duplicates count), using
    /// <paramref name="scratch"/>: a sorted top-k buffer for small k (O(n·k) worst case, O(n) typical), a sort otherwise.</summary>
    internal static float KthLargest(ReadOnlySpan<float> x, int k, Span<float> scratch)
    {
        if (k > 64)
        {
            x.CopyTo(scratch);
            scratch[..x.Length].Sort();
            return scratch[x.Length - k];
        }

        // top[0..k) kept in descending order; top[k-1] is the current k-th largest.
        var top = scratch[..k];
        top.Fill(float.NegativeInfinity);
        foreach (var v in x)
        {
            if (v <= top[k - 1])
            {
                continue;
            }

            var j = k - 1;
            while (j > 0 && top[j - 1] < v)
            {
                top[j] = top[j - 1];
                j--;
            }

            top[j] = v;
        }

        return top[k - 1];
    }

    /// <summary>Samples an index for batch row <paramref name="row"/> from <paramref name="logits"/> (the span is used as
    /// scratch and overwritten).</summary>
    public int Sample(Span<float> logits, int row = 0)
    {
        var random = _randoms[Math.Min(row / _rowsPerRandom, _randoms.Length - 1)];
        var n = logits.Length;
        for (var i = 0; i < n; i++)
        {
            logits[i] /= _temperature;
        }

        var sorted = _sorted.AsSpan(0, n);
        if (_topK > 0)
        {
            if (_topK < n)
            {
                var kth = KthLargest(logits, _topK, sorted);
                for (var i = 0; i < n; i++)
                {
                    if (logits[i] < kth)
                    {
                        logits[i] = float.NegativeInfinity;
                    }
                }
            }
        }
        else if (_topP < 1.0)
        {
            logits.CopyTo(sorted);
            sorted.Sort();
            sorted.Reverse();
            var max = sorted[0];
            var total = 0.0;
            for (var i = 0; i < n; i++)
            {
                total += Math.Exp(sorted[i] - max);
            }

            // Smallest logit that is kept: walk down while the mass strictly before the token is ≤ top_p.
            var cum = 0.0;
            var threshold = sorted[0];
            for (var i = 0; i < n; i++)
            {
                if (i > 0 && cum > _topP)
                {
                    break;
                }

                threshold = sorted[i];
                cum += Math.Exp(sorted[i] - max) / total;
            }

            for (var i = 0; i < n; i++)
            {
                if (logits[i] < threshold)
                {
                    logits[i] = float.NegativeInfinity;
                }
            }
        }

        var m = float.NegativeInfinity;
        foreach (var v in logits)
        {
            m = MathF.Max(m, v);
        }

        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var p = float.IsNegativeInfinity(logits[i]) ? 0f : MathF.Exp(logits[i] - m);
            logits[i] = p;
            sum += p;
        }

        var u = random.NextDouble() * sum;
        var acc = 0.0;
        var last = 0;
        for (var i = 0; i < n; i++)
        {
            if (logits[i] <= 0f)
            {
                continue;
            }

            last = i;
            acc += logits[i];
            if (u < acc)
            {
                return i;
            }
        }

        return last;
    }
}
