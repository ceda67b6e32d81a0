using System.Runtime.InteropServices;
using Kairos.Core;

namespace Kairos.Forecasting;

/// <summary>
/// The one-step forecasts of a contiguous range of decision bars of one series: <c>this[t]</c> forecasts bar t+1 from
/// bars ≤ t. Built once per walk-forward run and shared by all its simulations (consecutive simulations share all but one
/// day). Windows already in the store (a <see cref="ForecastMemo"/> or a <see cref="Caching.ForecastCache"/>) are not
/// recomputed; the rest go to the forecaster in one batch, each distinct window once, and are added to the store in one call.
/// </summary>
public sealed class ForecastPanel
{
    private readonly BarForecast[] _forecasts;

    private ForecastPanel(int firstDecisionIndex, BarForecast[] forecasts, int computed)
    {
        FirstDecisionIndex = firstDecisionIndex;
        _forecasts = forecasts;
        Computed = computed;
    }

    /// <summary>The first decision bar covered.</summary>
    public int FirstDecisionIndex { get; }

    /// <summary>The last decision bar covered.</summary>
    public int LastDecisionIndex => FirstDecisionIndex + _forecasts.Length - 1;

    public int Count => _forecasts.Length;

    /// <summary>How many forecasts this build asked the forecaster for (the rest came from the store).</summary>
    public int Computed { get; }

    /// <summary>The forecast of bar <paramref name="decisionIndex"/> + 1.</summary>
    public BarForecast this[int decisionIndex]
    {
        get
        {
            if (decisionIndex < FirstDecisionIndex || decisionIndex > LastDecisionIndex)
            {
                throw new ArgumentOutOfRangeException(nameof(decisionIndex), decisionIndex, $"The panel covers decision bars {FirstDecisionIndex}..{LastDecisionIndex}.");
            }

            return _forecasts[decisionIndex - FirstDecisionIndex];
        }
    }

    /// <summary>Builds the panel for decision bars <paramref name="firstDecisionIndex"/>..<paramref name="lastDecisionIndex"/>.</summary>
    public static ForecastPanel Build(
        BarSeries series,
        IForecaster forecaster,
        int firstDecisionIndex,
        int lastDecisionIndex,
        IForecastStore? memo = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(forecaster);
        if (firstDecisionIndex < forecaster.MinimumHistory - 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(firstDecisionIndex),
                firstDecisionIndex,
                $"{series.Instrument.Symbol}: the forecaster needs {forecaster.MinimumHistory} bars before its first decision bar.");
        }

        if (lastDecisionIndex < firstDecisionIndex || lastDecisionIndex >= series.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(lastDecisionIndex), lastDecisionIndex, $"Decision range {firstDecisionIndex}..{lastDecisionIndex} does not fit {series.Count} bars.");
        }

        memo ??= new ForecastMemo();
        var count = lastDecisionIndex - firstDecisionIndex + 1;
        var forecasts = new BarForecast[count];
        var keys = new ForecastKey[count];
        var pending = new Dictionary<ForecastKey, int>();
        var missIndices = new List<int>();
        var filled = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var t = firstDecisionIndex + i;
            keys[i] = ForecastKey.For(forecaster, series, t);
            if (memo.TryGet(series, t, keys[i], out var cached))
            {
                forecasts[i] = cached;
                filled[i] = true;
            }
            else if (pending.TryAdd(keys[i], missIndices.Count))
            {
                missIndices.Add(t);
            }
        }

        if (missIndices.Count > 0)
        {
            var computed = new BarForecast[missIndices.Count];
            using (KairosTelemetry.Source.StartActivity("forecast.compute"))
            {
                forecaster.Forecast(series, CollectionsMarshal.AsSpan(missIndices), computed, cancellationToken);
            }

            var missKeys = new ForecastKey[missIndices.Count];
            for (var m = 0; m < missKeys.Length; m++)
            {
                missKeys[m] = keys[missIndices[m] - firstDecisionIndex];
            }

            memo.Add(series, CollectionsMarshal.AsSpan(missIndices), missKeys, computed);

            for (var i = 0; i < count; i++)
            {
                if (!filled[i])
                {
                    forecasts[i] = computed[pending[keys[i]]];
                }
            }
        }

        return new ForecastPanel(firstDecisionIndex, forecasts, missIndices.Count);
    }
}
