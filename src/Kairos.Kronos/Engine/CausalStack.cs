using Kairos.Kronos.Kernels;
using Kairos.Kronos.Model;

namespace Kairos.Kronos.Engine;

/// <summary>
/// A stack of causal pre-norm TransformerBlocks run over a <em>shared prefix</em> per series plus a
/// <em>sample-specific suffix</em> per row, with exact key/value caches for both.
/// </summary>
/// <remarks>
/// Why this is exact: attention is causal and RoPE positions restart at 0 at the first row of the sequence, so the
/// hidden states of the prefix rows depend only on the prefix. All S samples of a series share the prefix, so it is
/// computed once per series (<see cref="RunPrefix"/>); each sample's suffix rows attend to the cached prefix keys and
/// values plus their own suffix keys (<see cref="RunSuffix"/>). While the window does not move, the suffix can grow
/// one row at a time against the same cache (a KV cache); when the window slides the caller recomputes the prefix.
/// Rows are grouped: series b owns prefix cache b; row r (= b·S + s) owns suffix cache r.
/// Every buffer is allocated in the constructor; the run methods allocate nothing of their own.
/// </remarks>
internal sealed unsafe class CausalStack
{
    private readonly BlockWeights[] _blocks;
    private readonly int _d;
    private readonly int _heads;
    private readonly int _hd;
    private readonly int _ff;
    private readonly int _series;
    private readonly int _samples;
    private readonly int _prefixMax;
    private readonly int _suffixMax;
    private readonly float[] _cos;
    private readonly float[] _sin;

    // KV caches per layer: prefix [series, prefixMax, d], suffix [rows, suffixMax, d]; keys stored after RoPE.
    private readonly float[][] _prefixK;
    private readonly float[][] _prefixV;
    private readonly float[][] _suffixK;
    private readonly float[][] _suffixV;

    // Scratch [maxRows, d] and [maxRows, ff].
    private readonly float[] _h;
    private readonly float[] _q;
    private readonly float[] _k;
    private readonly float[] _v;
    private readonly float[] _att;
    private readonly float[] _gate;
    private readonly float[] _up;
    private readonly float[][] _scores;
    private readonly AttentionJob _job;

    /// <param name="blocks">The layers.</param>
    /// <param name="d">Model width.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="ff">FFN width.</param>
    /// <param name="series">B: number of prefix groups.</param>
    /// <param name="samples">S: suffix rows per series (R = B·S rows).</param>
    /// <param name="prefixMax">Largest prefix length.</param>
    /// <param name="suffixMax">Largest suffix length per row.</param>
    public CausalStack(BlockWeights[] blocks, int d, int heads, int ff, int series, int samples, int prefixMax, int suffixMax)
    {
        _blocks = blocks;
        _d = d;
        _heads = heads;
        _hd = d / heads;
        _ff = ff;
        _series = series;
        _samples = samples;
        _prefixMax = prefixMax;
        _suffixMax = suffixMax;
        (_cos, _sin) = Ops.RopeTables(prefixMax + suffixMax, _hd);
        var layers = blocks.Length;
        _prefixK = new float[layers][];
        _prefixV = new float[layers][];
        _suffixK = new float[layers][];
        _suffixV = new float[layers][];
        for (var l = 0; l < layers; l++)
        {
            _prefixK[l] = new float[(long)series * prefixMax * d];
            _prefixV[l] = new float[(long)series * prefixMax * d];
            _suffixK[l] = new float[(long)series * samples * suffixMax * d];
            _suffixV[l] = new float[(long)series * samples * suffixMax * d];
        }

        MaxRows = Math.Max(series * prefixMax, series * samples * suffixMax);
        _h = new float[MaxRows * d];
        _q = new float[MaxRows * d];
        _k = new float[MaxRows * d];
        _v = new float[MaxRows * d];
        _att = new float[MaxRows * d];
        _gate = new float[MaxRows * ff];
        _up = new float[MaxRows * ff];
        _scores = new float[AttentionJob.Parts][];
        for (var i = 0; i < _scores.Length; i++)
        {
            _scores[i] = new float[prefixMax + suffixMax];
        }

        _job = new AttentionJob(this);
    }

    /// <summary>Most rows one call can process (size of the caller's hidden-state buffer).</summary>
    public int MaxRows { get; }

    /// <summary>Current prefix length (set by <see cref="RunPrefix"/>).</summary>
    public int PrefixLength { get; private set; }

    /// <summary>Runs the prefix of every series through all layers and fills the prefix caches.</summary>
    /// <param name="x">[series, length, d] input embeddings; overwritten with the output hidden states (before any final norm).</param>
    /// <param name="length">Prefix length (≤ prefixMax); positions 0..length−1.</param>
    public void RunPrefix(Span<float> x, int length)
    {
        PrefixLength = length;
        if (length == 0)
        {
            return;
        }

        Run(x, _series * length, prefix: true, length, 0);
    }

    /// <summary>Runs <paramref name="count"/> new suffix rows per sample row (suffix indices start..start+count−1,
    /// positions PrefixLength + index) through all layers; they attend to the prefix cache of their series and to
    /// their own suffix cache, which is extended.</summary>
    /// <param name="x">[rows, count, d] input embeddings; overwritten with the output hidden states.</param>
    /// <param name="start">Suffix index of the first new row (= suffix rows already cached).</param>
    /// <param name="count">New rows per sample row.</param>
    public void RunSuffix(Span<float> x, int start, int count)
    {
        if (count == 0)
        {
            return;
        }

        Run(x, _series * _samples * count, prefix: false, count, start);
    }

    private void Run(Span<float> x, int rows, bool prefix, int count, int start)
    {
        int d = _d, ff = _ff;
        for (var l = 0; l < _blocks.Length; l++)
        {
            var b = _blocks[l];
            var h = _h.AsSpan(0, rows * d);
            Ops.RmsNorm(x, b.Norm1.Span, rows, d, h);
            Gemm.Multiply(h, rows, d, b.Q.Weight.Span, d, b.Q.Bias!.Value.Span, _q);
            Gemm.Multiply(h, rows, d, b.K.Weight.Span, d, b.K.Bias!.Value.Span, _k);
            Gemm.Multiply(h, rows, d, b.V.Weight.Span, d, b.V.Bias!.Value.Span, _v);
            _job.Set(l, rows, prefix, count, start);

            // Two phases: every row's key/value must be in the cache before any row of the same group reads it.
            Parallel.For(0, AttentionJob.Parts, _job.StoreBody);
            Parallel.For(0, AttentionJob.Parts, _job.AttendBody);
            Gemm.Multiply(_att.AsSpan(0, rows * d), rows, d, b.O.Weight.Span, d, b.O.Bias!.Value.Span, x, accumulate: true);
            Ops.RmsNorm(x, b.Norm2.Span, rows, d, h);
            Gemm.Multiply(h, rows, d, b.W1.Weight.Span, ff, default, _gate);
            Gemm.Multiply(h, rows, d, b.W3.Weight.Span, ff, default, _up);
            Ops.SiluMul(_gate.AsSpan(0, rows * ff), _up);
            Gemm.Multiply(_gate.AsSpan(0, rows * ff), rows, ff, b.W2.Weight.Span, d, default, x, accumulate: true);
        }
    }

    /// <summary>RoPE, cache write and attention for a range of rows; split into <see cref="Parts"/> parallel parts.</summary>
    private sealed class AttentionJob
    {
        public const int Parts = 8;
        private readonly CausalStack _s;
        private int _layer;
        private int _rows;
        private bool _prefix;
        private int _count;
        private int _start;

        public AttentionJob(CausalStack s)
        {
            _s = s;
            Action<int, float[]> store = Store;
            StoreBody = part => ForRows(part, store);
            AttendBody = AttendPart;
        }

        public Action<int> StoreBody { get; }

        public Action<int> AttendBody { get; }

        public void Set(int layer, int rows, bool prefix, int count, int start)
        {
            _layer = layer;
            _rows = rows;
            _prefix = prefix;
            _count = count;
            _start = start;
        }

        private void ForRows(int part, Action<int, float[]> body)
        {
            var per = (_rows + Parts - 1) / Parts;
            var r0 = part * per;
            var r1 = Math.Min(_rows, r0 + per);
            for (var row = r0; row < r1; row++)
            {
                body(row, _s._scores[part]);
            }
        }

        /// <summary>RoPE on q and k of one row at its position; k and v into the row's cache slot.</summary>
        private void Store(int row, float[] _)
        {
            var s = _s;
            int d = s._d, half = s._hd / 2;
            var group = row / _count;             // series (prefix mode) or sample row (suffix mode)
            var index = row % _count;             // position in the prefix, or suffix index − start
            var pos = _prefix ? index : s.PrefixLength + _start + index;
            var k = s._k.AsSpan(row * d, d);
            Ops.Rope(s._q.AsSpan(row * d, d), s._heads, s._cos.AsSpan(pos * half, half), s._sin.AsSpan(pos * half, half));
            Ops.Rope(k, s._heads, s._cos.AsSpan(pos * half, half), s._sin.AsSpan(pos * half, half));
            var slot = _prefix ? ((group * s._prefixMax) + index) * d : ((group * s._suffixMax) + _start + index) * d;
            k.CopyTo((_prefix ? s._prefixK : s._suffixK)[_layer].AsSpan(slot, d));
            s._v.AsSpan(row * d, d).CopyTo((_prefix ? s._prefixV : s._suffixV)[_layer].AsSpan(slot, d));
        }

        /// <summary>Softmax attention of a part's rows over their series' prefix keys and their own suffix keys
        /// (causal). Heads are the outer loop so that one head's key/value slices stay in cache across the rows.</summary>
        private void AttendPart(int part)
        {
            var s = _s;
            int d = s._d, hd = s._hd;
            var scale = 1f / MathF.Sqrt(hd);
            fixed (float* qp = s._q, pkp = s._prefixK[_layer], pvp = s._prefixV[_layer], skp = s._suffixK[_layer], svp = s._suffixV[_layer], sc = s._scores[part], outp = s._att)
            {
                for (var h = 0; h < s._heads; h++)
                {
                    var ho = h * hd;
                    // Rows are dealt out round-robin: under the causal mask row i attends to i + 1 keys, so contiguous
                    // blocks would give the last part several times the work of the first.
                    for (var row = part; row < _rows; row += Parts)
                    {
                        var group = row / _count;
                        var index = row % _count;
                        int series, prefixKeys, suffixKeys;
                        if (_prefix)
                        {
                            series = group;
                            prefixKeys = index + 1;
                            suffixKeys = 0;
                        }
                        else
                        {
                            series = group / s._samples;
                            prefixKeys = s.PrefixLength;
                            suffixKeys = _start + index + 1;
                        }

                        var n = prefixKeys + suffixKeys;
                        var pBase = ((long)series * s._prefixMax * d) + ho;
                        var sBase = (_prefix ? 0 : (long)group * s._suffixMax * d) + ho;
                        var qh = qp + ((long)row * d) + ho;
                        var max = MathF.Max(
                            Attention.Scores(qh, pkp + pBase, prefixKeys, d, hd, scale, sc),
                            Attention.Scores(qh, skp + sBase, suffixKeys, d, hd, scale, sc + prefixKeys));
                        var inv = 1f / Ops.ExpShift(sc, n, max);
                        for (var j = 0; j < n; j++)
                        {
                            sc[j] *= inv;
                        }

                        var o = outp + ((long)row * d) + ho;
                        new Span<float>(o, hd).Clear();
                        Attention.WeightedSum(sc, pvp + pBase, prefixKeys, d, hd, o);
                        Attention.WeightedSum(sc + prefixKeys, svp + sBase, suffixKeys, d, hd, o);
                    }
                }
            }
        }
    }
}
