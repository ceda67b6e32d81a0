using Kairos.Kronos.Kernels;
using Kairos.Kronos.Model;

namespace Kairos.Kronos.Engine;

/// <summary>
/// The exact autoregressive loop of kronos-spec.md §4.3, organised so that no work is repeated:
/// <list type="bullet">
/// <item>the input is tokenised once per series (not once per sample);</item>
/// <item>at each step the window is split into the context part (identical for all samples of a series: computed
/// once per series) and the generated part (per sample), see <see cref="CausalStack"/>;</item>
/// <item>while the window start does not move (N + i ≤ W_max) nothing already computed changes, so only the newest
/// token per sample is pushed through the model against the KV cache; once it slides, RoPE positions shift and the
/// window is recomputed (prefix once per series, suffix per sample) — exactly what the reference computes;</item>
/// <item>the dependency layer's keys/values of the context rows follow the same prefix/suffix structure;</item>
/// <item>all samples and series go through each layer as one matrix–matrix product.</item>
/// </list>
/// All buffers are allocated in the constructor (this object is the run state; it is reused by later calls of the
/// same shape, see <see cref="Fits"/>). Not thread-safe: one run at a time.
/// </summary>
internal sealed unsafe class FastGenerator
{
    private readonly KronosConfig _mc;
    private readonly TokenizerConfig _tc;
    private readonly ModelWeights _mw;
    private readonly TokenizerWeights _tw;
    private GenerationInput _in;
    private readonly int _prefixMax;
    private readonly int _suffixMax;
    private readonly CausalStack _encoder;
    private readonly CausalStack _model;
    private readonly CausalStack _decoder;

    private readonly int[][] _ctxS1;   // [B][N]
    private readonly int[][] _ctxS2;
    private readonly int[][] _genS1;   // [R][P]
    private readonly int[][] _genS2;

    private readonly float[] _cat;     // [maxRows, max(2d, K, 6)] embedding inputs
    private readonly float[] _xPrefix; // [B·prefixMax, d]
    private readonly float[] _xSuffix; // [R·suffixMax, d]
    private readonly float[] _depPK;   // [B·prefixMax, d] dependency-layer keys of the context rows (contiguous per call)
    private readonly float[] _depPV;
    private readonly float[] _depSK;   // [R, suffixMax, d]
    private readonly float[] _depSV;
    private readonly float[] _tmpK;    // [R·suffixMax, d]
    private readonly float[] _tmpV;
    private readonly float[] _last;    // [R, d] context row of the newest position
    private readonly float[] _logits1; // [R, V1]
    private readonly float[] _logits2; // [R, V2]
    private readonly float[] _q;       // [R, d]
    private readonly float[] _att;     // [R, d]
    private readonly float[] _x2;      // [R, d]
    private readonly float[][] _scores;
    private readonly int[] _s1;
    private readonly int[] _s2;
    private readonly Action<int> _depBody;
    private int _depPrefix;
    private int _depSuffix;

    /// <param name="model">Weights and configs.</param>
    /// <param name="input">Fixes the shape (B, S, N, P, W_max) the buffers are sized for; its values are not used.</param>
    public FastGenerator(KronosModel model, GenerationInput input)
    {
        _mc = model.Config;
        _tc = model.TokenizerConfig;
        _mw = model.Weights;
        _tw = model.TokenizerWeights;
        _in = input;
        int b = input.Series, s = input.Samples, r = input.Rows, n = input.Length, p = input.PredLen, d = _mc.DModel;
        _prefixMax = Math.Min(n, input.MaxContext);
        _suffixMax = Math.Min(p, input.MaxContext);
        _encoder = new CausalStack(_tw.Encoder, _tc.DModel, _tc.NHeads, _tc.FfDim, b, 1, n, 0);
        _model = new CausalStack(_mw.Blocks, d, _mc.NHeads, _mc.FfDim, b, s, _prefixMax, _suffixMax);
        var wOut = Math.Min(n + p, input.MaxContext);
        _decoder = new CausalStack(_tw.Decoder, _tc.DModel, _tc.NHeads, _tc.FfDim, b, s, wOut - p, p);
        _ctxS1 = new int[b][];
        _ctxS2 = new int[b][];
        for (var i = 0; i < b; i++)
        {
            _ctxS1[i] = new int[n];
            _ctxS2[i] = new int[n];
        }

        _genS1 = new int[r][];
        _genS2 = new int[r][];
        for (var i = 0; i < r; i++)
        {
            _genS1[i] = new int[p];
            _genS2[i] = new int[p];
        }

        var maxRows = Math.Max(Math.Max(b * n, r * _suffixMax), b * _prefixMax);
        _cat = new float[maxRows * Math.Max(2 * d, Math.Max(_tc.CodeBits, 6))];
        var tokRows = Math.Max(_encoder.MaxRows, _decoder.MaxRows);
        _xPrefix = new float[Math.Max(b * _prefixMax * d, tokRows * _tc.DModel)];
        _xSuffix = new float[Math.Max(r * _suffixMax * d, tokRows * _tc.DModel)];
        _depPK = new float[b * _prefixMax * d];
        _depPV = new float[b * _prefixMax * d];
        _depSK = new float[r * _suffixMax * d];
        _depSV = new float[r * _suffixMax * d];
        _tmpK = new float[r * _suffixMax * d];
        _tmpV = new float[r * _suffixMax * d];
        _last = new float[r * d];
        _logits1 = new float[r * _mc.V1];
        _logits2 = new float[r * _mc.V2];
        _q = new float[r * d];
        _att = new float[r * d];
        _x2 = new float[r * d];
        _scores = new float[8][];
        for (var i = 0; i < _scores.Length; i++)
        {
            _scores[i] = new float[_prefixMax + _suffixMax];
        }

        _s1 = new int[r];
        _s2 = new int[r];
        _depBody = DepAttentionPart;
    }

    /// <summary>Whether this run state was sized for <paramref name="input"/>'s shape.</summary>
    public bool Fits(KronosModel model, GenerationInput input) =>
        ReferenceEquals(model.Weights, _mw) && input.Series == _in.Series && input.Samples == _in.Samples
        && input.Length == _in.Length && input.PredLen == _in.PredLen && input.MaxContext == _in.MaxContext;

    /// <summary>Runs the autoregressive loop on <paramref name="input"/> (same shape as the constructor's).</summary>
    /// <returns>[R, P, 6] decoded generated bars in normalised space, rows b·S + s.</returns>
    public float[] Generate(GenerationInput input, Sampler sampler, Action<StepTrace>? trace)
    {
        _in = input;
        Encode();
        int n = _in.Length, p = _in.PredLen, r = _in.Rows, d = _mc.DModel, v1 = _mc.V1, v2 = _mc.V2;
        var prevStart = -1;
        var suffix = 0; // generated tokens currently in the model's suffix cache
        for (var i = 0; i < p; i++)
        {
            var len = n + i;
            var w = Math.Min(len, _in.MaxContext);
            var start = len - w;
            if (start != prevStart)
            {
                // Fresh window: prefix = context tokens [start, N) once per series, suffix = generated tokens per sample.
                var lp = Math.Max(0, n - start);
                var g0 = Math.Max(start, n) - n;
                suffix = i - g0;
                EmbedPrefix(start, lp);
                _model.RunPrefix(_xPrefix.AsSpan(0, _in.Series * lp * d), lp);
                Ops.RmsNorm(_xPrefix, _mw.Norm.Span, _in.Series * lp, d, _xPrefix);
                Gemm.Multiply(_xPrefix.AsSpan(0, _in.Series * lp * d), _in.Series * lp, d, _mw.DepK.Weight.Span, d, _mw.DepK.Bias!.Value.Span, _depPK);
                Gemm.Multiply(_xPrefix.AsSpan(0, _in.Series * lp * d), _in.Series * lp, d, _mw.DepV.Weight.Span, d, _mw.DepV.Bias!.Value.Span, _depPV);
                _depPrefix = lp;
                EmbedSuffix(g0, suffix);
                _model.RunSuffix(_xSuffix.AsSpan(0, r * suffix * d), 0, suffix);
                FinishSuffix(0, suffix);
                for (var row = 0; row < r; row++)
                {
                    var src = suffix > 0
                        ? _xSuffix.AsSpan(((row * suffix) + suffix - 1) * d, d)
                        : _xPrefix.AsSpan((((row / _in.Samples) * lp) + lp - 1) * d, d);
                    src.CopyTo(_last.AsSpan(row * d, d));
                }
            }
            else
            {
                // Window unchanged: push only the newest generated token of every sample through the KV cache.
                EmbedSuffix(i - 1, 1);
                _model.RunSuffix(_xSuffix.AsSpan(0, r * d), suffix, 1);
                FinishSuffix(suffix, 1);
                suffix++;
                _xSuffix.AsSpan(0, r * d).CopyTo(_last);
            }

            prevStart = start;
            _depSuffix = suffix;

            Gemm.Multiply(_last, r, d, _mw.ProjS1.Weight.Span, v1, _mw.ProjS1.Bias!.Value.Span, _logits1);
            var trace1 = trace is null ? null : (float[])_logits1.Clone();
            for (var row = 0; row < r; row++)
            {
                _s1[row] = sampler.Sample(_logits1.AsSpan(row * v1, v1), row);
            }

            DependencyLayer();
            var trace2 = trace is null ? null : (float[])_logits2.Clone();
            for (var row = 0; row < r; row++)
            {
                _s2[row] = sampler.Sample(_logits2.AsSpan(row * v2, v2), row);
                _genS1[row][i] = _s1[row];
                _genS2[row][i] = _s2[row];
            }

            trace?.Invoke(new StepTrace(i, w, trace1!, (int[])_s1.Clone(), trace2!, (int[])_s2.Clone()));
        }

        return Decode();
    }

    /// <summary>Tokenizer encode of every series' N bars (once per series, not per sample).</summary>
    private void Encode()
    {
        int b = _in.Series, n = _in.Length, d = _tc.DModel, k = _tc.CodeBits;
        for (var i = 0; i < b; i++)
        {
            _in.X[i].AsSpan(0, n * 6).CopyTo(_cat.AsSpan(i * n * 6, n * 6));
        }

        var x = _xPrefix.AsSpan(0, b * n * d);
        Gemm.Multiply(_cat.AsSpan(0, b * n * 6), b * n, 6, _tw.Embed.Weight.Span, d, _tw.Embed.Bias!.Value.Span, x);
        _encoder.RunPrefix(x, n);
        var z = _xSuffix.AsSpan(0, b * n * k);
        Gemm.Multiply(x, b * n, d, _tw.QuantEmbed.Weight.Span, k, _tw.QuantEmbed.Bias!.Value.Span, z);
        for (var i = 0; i < b; i++)
        {
            for (var t = 0; t < n; t++)
            {
                (_ctxS1[i][t], _ctxS2[i][t]) = Reference.ReferenceKronos.Bits(z.Slice(((i * n) + t) * k, k), _tc.S1Bits);
            }
        }
    }

    /// <summary>Model input rows for context tokens [start, start + lp) of every series → _xPrefix [B·lp, d].</summary>
    private void EmbedPrefix(int start, int lp)
    {
        var b = _in.Series;
        for (var i = 0; i < b; i++)
        {
            for (var t = 0; t < lp; t++)
            {
                Concat((i * lp) + t, _ctxS1[i][start + t], _ctxS2[i][start + t]);
            }
        }

        FuseAndAddTime(_xPrefix, b * lp, lp, 1, start);
    }

    /// <summary>Model input rows for generated tokens [g0, g0 + count) of every sample row → _xSuffix [R·count, d].</summary>
    private void EmbedSuffix(int g0, int count)
    {
        var r = _in.Rows;
        for (var row = 0; row < r; row++)
        {
            for (var j = 0; j < count; j++)
            {
                Concat((row * count) + j, _genS1[row][g0 + j], _genS2[row][g0 + j]);
            }
        }

        FuseAndAddTime(_xSuffix, r * count, count, _in.Samples, _in.Length + g0);
    }

    /// <summary>_cat row = [emb_s1[s1]·√d, emb_s2[s2]·√d].</summary>
    private void Concat(int row, int s1, int s2)
    {
        var d = _mc.DModel;
        var scale = (float)Math.Sqrt(d);
        var dst = _cat.AsSpan(row * 2 * d, 2 * d);
        var e1 = _mw.EmbS1.Row(s1, d);
        var e2 = _mw.EmbS2.Row(s2, d);
        for (var c = 0; c < d; c++)
        {
            dst[c] = e1[c] * scale;
            dst[d + c] = e2[c] * scale;
        }
    }

    /// <summary>x[rows, d] = fusion_proj(_cat) + temporal embedding. Rows come in groups of <paramref name="groupLength"/>
    /// consecutive time indices starting at <paramref name="timeBase"/>; <paramref name="groupsPerSeries"/> groups
    /// (1 for prefix rows, S for suffix rows) belong to one series.</summary>
    private void FuseAndAddTime(float[] x, int rows, int groupLength, int groupsPerSeries, int timeBase)
    {
        var d = _mc.DModel;
        Gemm.Multiply(_cat.AsSpan(0, rows * 2 * d), rows, 2 * d, _mw.FusionProj.Weight.Span, d, _mw.FusionProj.Bias!.Value.Span, x);
        for (var row = 0; row < rows; row++)
        {
            var st = _in.Stamp(row / groupLength / groupsPerSeries, timeBase + (row % groupLength));
            var y = x.AsSpan(row * d, d);
            var min = _mw.TimeTables[0].Row((int)st[0], d);
            var hour = _mw.TimeTables[1].Row((int)st[1], d);
            var wd = _mw.TimeTables[2].Row((int)st[2], d);
            var day = _mw.TimeTables[3].Row((int)st[3], d);
            var mon = _mw.TimeTables[4].Row((int)st[4], d);
            for (var c = 0; c < d; c++)
            {
                y[c] += hour[c] + wd[c] + day[c] + mon[c] + min[c];
            }
        }
    }

    /// <summary>Final norm of the new suffix rows (in _xSuffix [R·count, d]) and their dependency-layer keys/values
    /// into slots [start, start + count) of each row's cache.</summary>
    private void FinishSuffix(int start, int count)
    {
        if (count == 0)
        {
            return;
        }

        int r = _in.Rows, d = _mc.DModel, rows = r * count;
        var x = _xSuffix.AsSpan(0, rows * d);
        Ops.RmsNorm(x, _mw.Norm.Span, rows, d, x);
        Gemm.Multiply(x, rows, d, _mw.DepK.Weight.Span, d, _mw.DepK.Bias!.Value.Span, _tmpK);
        Gemm.Multiply(x, rows, d, _mw.DepV.Weight.Span, d, _mw.DepV.Bias!.Value.Span, _tmpV);
        for (var row = 0; row < r; row++)
        {
            var dst = ((row * _suffixMax) + start) * d;
            _tmpK.AsSpan(row * count * d, count * d).CopyTo(_depSK.AsSpan(dst, count * d));
            _tmpV.AsSpan(row * count * d, count * d).CopyTo(_depSV.AsSpan(dst, count * d));
        }
    }

    /// <summary>decode_s2 for the newest position: proj_s2(RMSNorm_dep(last + CrossAttn(emb_s1[s1], window context))).
    /// Query length 1 → RoPE is the identity and the query sees every window row (no mask).</summary>
    private void DependencyLayer()
    {
        int r = _in.Rows, d = _mc.DModel;
        for (var row = 0; row < r; row++)
        {
            _mw.EmbS1.Row(_s1[row], d).CopyTo(_x2.AsSpan(row * d, d));
        }

        Gemm.Multiply(_x2, r, d, _mw.DepQ.Weight.Span, d, _mw.DepQ.Bias!.Value.Span, _q);
        Parallel.For(0, _scores.Length, _depBody);
        _last.CopyTo(_x2, 0);
        Gemm.Multiply(_att, r, d, _mw.DepO.Weight.Span, d, _mw.DepO.Bias!.Value.Span, _x2, accumulate: true);
        Ops.RmsNorm(_x2, _mw.DepNorm.Span, r, d, _x2);
        Gemm.Multiply(_x2, r, d, _mw.ProjS2.Weight.Span, _mc.V2, _mw.ProjS2.Bias!.Value.Span, _logits2);
    }

    private void DepAttentionPart(int part)
    {
        int r = _in.Rows, d = _mc.DModel, heads = KronosConfig.DepHeads, hd = d / heads;
        var per = (r + _scores.Length - 1) / _scores.Length;
        var scale = 1f / MathF.Sqrt(hd);
        int np = _depPrefix, ns = _depSuffix, n = np + ns;
        fixed (float* q = _q, pk = _depPK, pv = _depPV, sk = _depSK, sv = _depSV, att = _att, sc = _scores[part])
        {
            for (var row = part * per; row < Math.Min(r, (part + 1) * per); row++)
            {
                var pBase = (long)(row / _in.Samples) * np * d;
                var sBase = (long)row * _suffixMax * d;
                for (var h = 0; h < heads; h++)
                {
                    var qh = q + ((long)row * d) + (h * hd);
                    var ho = h * hd;
                    var max = MathF.Max(
                        Attention.Scores(qh, pk + pBase + ho, np, d, hd, scale, sc),
                        Attention.Scores(qh, sk + sBase + ho, ns, d, hd, scale, sc + np));
                    var inv = 1f / Ops.ExpShift(sc, n, max);
                    for (var j = 0; j < n; j++)
                    {
                        sc[j] *= inv;
                    }

                    var o = att + ((long)row * d) + ho;
                    new Span<float>(o, hd).Clear();
                    Attention.WeightedSum(sc, pv + pBase + ho, np, d, hd, o);
                    Attention.WeightedSum(sc + np, sv + sBase + ho, ns, d, hd, o);
                }
            }
        }
    }

    /// <summary>Tokenizer decode of the final window (last min(N + P, W_max) tokens): the context part once per series,
    /// the generated part per sample; returns head(decoder) of the P generated rows → [R, P, 6].</summary>
    private float[] Decode()
    {
        int n = _in.Length, p = _in.PredLen, r = _in.Rows, d = _tc.DModel, k = _tc.CodeBits, b = _in.Series;
        var wOut = Math.Min(n + p, _in.MaxContext);
        var start = n + p - wOut;
        var lp = n - start; // ≥ 0 because P ≤ W_max
        for (var i = 0; i < b; i++)
        {
            for (var t = 0; t < lp; t++)
            {
                Codes((i * lp) + t, _ctxS1[i][start + t], _ctxS2[i][start + t]);
            }
        }

        var xp = _xPrefix.AsSpan(0, b * lp * d);
        Gemm.Multiply(_cat.AsSpan(0, b * lp * k), b * lp, k, _tw.PostQuantEmbed.Weight.Span, d, _tw.PostQuantEmbed.Bias!.Value.Span, xp);
        _decoder.RunPrefix(xp, lp);
        for (var row = 0; row < r; row++)
        {
            for (var j = 0; j < p; j++)
            {
                Codes((row * p) + j, _genS1[row][j], _genS2[row][j]);
            }
        }

        var xs = _xSuffix.AsSpan(0, r * p * d);
        Gemm.Multiply(_cat.AsSpan(0, r * p * k), r * p, k, _tw.PostQuantEmbed.Weight.Span, d, _tw.PostQuantEmbed.Bias!.Value.Span, xs);
        _decoder.RunSuffix(xs, 0, p);
        var result = new float[r * p * 6];
        Gemm.Multiply(xs, r * p, d, _tw.Head.Weight.Span, 6, _tw.Head.Bias!.Value.Span, result);
        return result;
    }

    /// <summary>_cat row [K] = ±1/√K from the LSB-first bits of s1 then s2 (half mode, s1_bits = s2_bits).</summary>
    private void Codes(int row, int s1, int s2)
    {
        int k = _tc.CodeBits, half = k / 2;
        var scale = 1f / MathF.Sqrt(k);
        var dst = _cat.AsSpan(row * k, k);
        for (var i = 0; i < half; i++)
        {
            dst[i] = ((s1 >> i) & 1) == 1 ? scale : -scale;
            dst[half + i] = ((s2 >> i) & 1) == 1 ? scale : -scale;
        }
    }
}
