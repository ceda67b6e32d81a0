using System.Globalization;
using Kairos.Core;

namespace Kairos.Forecasting;

/// <summary>
/// The deterministic statistical baseline: an exponentially weighted drift-and-range model of the next bar relative to
/// the last close. It is the default forecaster when no Kronos weights are present and the yardstick Kronos is scored
/// against. Model (docs/baseline-forecaster.md), with weights wⱼ = 2^(−j/halfLife), j = 0 for the newest of the
/// <c>Lookback</c> moves s = t−Lookback+1..t:
/// <code>
///   r_s  = ln(C_s / C_{s−1})                      close-to-close log return
///   x_sF = ln(F_s / C_s)  for F ∈ {O, H, L}        where the bar's open/high/low sat relative to its own close
///   μ    = DriftShrink · Σ w r / Σ w              expected next close-to-close log move
///   Ĉ    = C_t · e^μ,   F̂ = C_t · e^(μ + Σ w x_F / Σ w)
///   σ_F  = weighted std of (r + x_F)  → spread_F = F̂ · σ_F        (σ_C from r alone)
/// </code>
/// then High is raised to max(Ô, Ĉ) and Low lowered to min(Ô, Ĉ) so the bar is consistent.
/// </summary>
public sealed class BaselineForecaster : IForecaster
{
    private readonly BaselineForecasterOptions _options;
    private readonly double[] _weights;

    public BaselineForecaster(BaselineForecasterOptions? options = null)
    {
        _options = options ?? new BaselineForecasterOptions();
        _options.Validate();
        _weights = new double[_options.Lookback];
        for (var j = 0; j < _weights.Length; j++)
        {
            _weights[j] = Math.Pow(2.0, -j / _options.HalfLife);
        }

        Identity = string.Create(
            CultureInfo.InvariantCulture,
            $"baseline-ewma/v1(lookback={_options.Lookback},halflife={_options.HalfLife:R},drift={_options.DriftShrink:R})");
    }

    public string Identity { get; }

    public int ContextLength => _options.Lookback + 1;

    public int MinimumHistory => _options.Lookback + 1;

    public BaselineForecasterOptions Options => _options;

    public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (decisionIndices.Length != forecasts.Length)
        {
            throw new ArgumentException("decisionIndices and forecasts must have the same length.", nameof(forecasts));
        }

        for (var i = 0; i < decisionIndices.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var t = decisionIndices[i];
            if (t < MinimumHistory - 1 || t >= series.Count)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(decisionIndices),
                    t,
                    $"{series.Instrument.Symbol}: the baseline forecaster needs {MinimumHistory} bars up to the decision bar; index {t} of {series.Count} is out of range.");
            }

            forecasts[i] = ForecastOne(series, t);
        }
    }

    private BarForecast ForecastOne(BarSeries s, int t)
    {
        var o = s.Open;
        var h = s.High;
        var l = s.Low;
        var c = s.Close;
        double sw = 0, sr = 0, so = 0, sh = 0, sl = 0;
        for (var j = 0; j < _weights.Length; j++)
        {
            var k = t - j;
            var w = _weights[j];
            sw += w;
            sr += w * Math.Log(c[k] / c[k - 1]);
            so += w * Math.Log(o[k] / c[k]);
            sh += w * Math.Log(h[k] / c[k]);
            sl += w * Math.Log(l[k] / c[k]);
        }

        var meanR = sr / sw;
        var mo = so / sw;
        var mh = sh / sw;
        var ml = sl / sw;

        // Weighted dispersion of each field's move from the previous close (second pass keeps it numerically stable).
        double vc = 0, vo = 0, vh = 0, vl = 0;
        for (var j = 0; j < _weights.Length; j++)
        {
            var k = t - j;
            var w = _weights[j];
            var r = Math.Log(c[k] / c[k - 1]);
            vc += w * Sq(r - meanR);
            vo += w * Sq(r + Math.Log(o[k] / c[k]) - meanR - mo);
            vh += w * Sq(r + Math.Log(h[k] / c[k]) - meanR - mh);
            vl += w * Sq(r + Math.Log(l[k] / c[k]) - meanR - ml);
        }

        var mu = _options.DriftShrink * meanR;
        var last = c[t];
        var close = last * Math.Exp(mu);
        var open = last * Math.Exp(mu + mo);
        var high = Math.Max(last * Math.Exp(mu + mh), Math.Max(open, close));
        var low = Math.Min(last * Math.Exp(mu + ml), Math.Min(open, close));
        return new BarForecast(
            open,
            high,
            low,
            close,
            open * Math.Sqrt(vo / sw),
            high * Math.Sqrt(vh / sw),
            low * Math.Sqrt(vl / sw),
            close * Math.Sqrt(vc / sw));
    }

    private static double Sq(double x) => x * x;
}
