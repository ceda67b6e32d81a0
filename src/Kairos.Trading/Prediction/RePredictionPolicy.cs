using System.Globalization;
using Kairos.Core;

namespace Kairos.Trading.Prediction;

/// <summary>
/// Decides, for one symbol on one cycle, whether to make a new forecast or reuse the last one (optimisation plan 2.1,
/// docs/re-prediction.md). Pure: the same arguments give the same decision; the caller keeps the records.
/// </summary>
/// <remarks>
/// Order of the checks (the first that fires names the decision): no record → predict; rules
/// <see cref="RePredictionRules.Always"/> → predict; a record from the future (instant or cycle) → predict; age ≥ age limit
/// → predict; price move ≥ price threshold (Differential or Volatility) → predict; cycles since the forecast ≥ the tier's
/// period (Tiered) → predict; otherwise reuse. Thresholds are inclusive: a move or an age exactly at its limit re-predicts.
/// </remarks>
public sealed class RePredictionPolicy
{
    private readonly RePredictionSettings _settings;

    public RePredictionPolicy(RePredictionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
    }

    public RePredictionSettings Settings => _settings;

    /// <param name="now">The decision instant.</param>
    /// <param name="cycle">The cycle number; increases by one per analysis cycle.</param>
    /// <param name="instrument">The symbol and its asset class (which fixed price threshold applies).</param>
    /// <param name="tier">The symbol's tier on this cycle (<see cref="PredictionTiers.Assign"/>); used by the Tiered rule.</param>
    /// <param name="last">The symbol's last forecast, or null when it has none.</param>
    /// <param name="price">The current price.</param>
    /// <param name="volatility">Daily realised volatility (a fraction), or null when unknown; used by the Volatility rule.</param>
    public RePredictionDecision Decide(DateTimeOffset now, long cycle, Instrument instrument, PredictionTier tier, PredictionRecord? last, decimal price, double? volatility)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        var symbol = instrument.Symbol;
        if (last is null)
        {
            return new(symbol, true, RePredictionTrigger.FirstForecast, "first forecast", null, null);
        }

        if (!string.Equals(last.Symbol, symbol, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The record is for {last.Symbol}, not {symbol}.", nameof(last));
        }

        var age = now - last.ForecastAt;
        if (_settings.Rules == RePredictionRules.Always)
        {
            return new(symbol, true, RePredictionTrigger.Always, "re-predicted every cycle (rules: always)", age, null);
        }

        if (age < TimeSpan.Zero)
        {
            return new(symbol, true, RePredictionTrigger.InconsistentRecord, $"forecast dated {PredictionText.Minutes(-age)} after now", age, null);
        }

        if (cycle < last.Cycle)
        {
            return new(symbol, true, RePredictionTrigger.InconsistentRecord, Invariant($"forecast made on cycle {last.Cycle}, after cycle {cycle}"), age, null);
        }

        var scaled = _settings.Rules.HasFlag(RePredictionRules.Volatility) && IsKnown(volatility);
        var ageLimit = scaled ? TimeThresholdFor(volatility) : _settings.TimeThreshold;
        var ageText = $"forecast {PredictionText.Minutes(age)} old";
        var volatilityNote = scaled ? $" (volatility {PredictionText.Percent(volatility!.Value)} → " : string.Empty;
        if (age >= ageLimit)
        {
            var note = scaled && ageLimit != _settings.TimeThreshold ? $"{volatilityNote}limit {PredictionText.Minutes(ageLimit)})" : string.Empty;
            return new(symbol, true, RePredictionTrigger.Stale, $"{ageText} ≥ {PredictionText.Minutes(ageLimit)}{note}", age, null);
        }

        var reuse = new List<string> { $"{ageText} < {PredictionText.Minutes(ageLimit)}" };
        double? move = null;
        if ((_settings.Rules & (RePredictionRules.Differential | RePredictionRules.Volatility)) != 0)
        {
            var threshold = PriceThresholdFor(instrument.AssetClass, _settings.Rules.HasFlag(RePredictionRules.Volatility) ? volatility : null);
            move = (double)(Math.Abs(price - last.Price) / last.Price);
            var note = scaled ? $"{volatilityNote}threshold {PredictionText.Percent(threshold)})" : string.Empty;
            if (move.Value >= threshold)
            {
                return new(symbol, true, RePredictionTrigger.PriceMoved, $"price moved {PredictionText.Percent(move.Value)} ≥ {PredictionText.Percent(threshold)}{note}", age, move);
            }

            reuse.Add($"price moved {PredictionText.Percent(move.Value)} < {PredictionText.Percent(threshold)}{note}");
        }

        if (_settings.Rules.HasFlag(RePredictionRules.Tiered))
        {
            var every = tier switch
            {
                PredictionTier.High => 1,
                PredictionTier.Medium => _settings.MediumTierEvery,
                _ => _settings.LowTierEvery,
            };
            var since = cycle - last.Cycle;
            var schedule = $"tier {PredictionText.Name(tier)}: every {PredictionText.Ordinal(every)} cycle";
            if (since >= every)
            {
                return new(symbol, true, RePredictionTrigger.TierDue, Invariant($"{schedule}, {since} since the forecast"), age, move);
            }

            reuse.Add(Invariant($"{schedule}, {since} since the forecast"));
        }

        return new(symbol, false, RePredictionTrigger.None, "reuse: " + string.Join("; ", reuse), age, move);
    }

    /// <summary>
    /// The price move that forces a re-prediction: the asset class's fixed threshold, or with a known volatility
    /// clamp(VolatilityMultiplier × volatility, MinPriceThreshold, MaxPriceThreshold).
    /// </summary>
    public double PriceThresholdFor(AssetClass assetClass, double? volatility) => IsKnown(volatility)
        ? Math.Clamp(_settings.VolatilityMultiplier * volatility!.Value, _settings.MinPriceThreshold, _settings.MaxPriceThreshold)
        : _settings.PriceThresholdOf(assetClass);

    /// <summary>
    /// The age at which a forecast is re-predicted: TimeThreshold × min(1, ReferenceVolatility / volatility), never below
    /// MinTimeThreshold; the plain TimeThreshold when volatility is unknown. Never above TimeThreshold, so the freshness
    /// bound holds in every mode.
    /// </summary>
    public TimeSpan TimeThresholdFor(double? volatility)
    {
        if (!IsKnown(volatility) || volatility!.Value <= _settings.ReferenceVolatility)
        {
            return _settings.TimeThreshold;
        }

        var scaled = TimeSpan.FromTicks((long)Math.Round(_settings.TimeThreshold.Ticks * (_settings.ReferenceVolatility / volatility.Value)));
        return scaled < _settings.MinTimeThreshold ? _settings.MinTimeThreshold : scaled;
    }

    // Zero volatility (a flat history) carries no information about the next move: the fixed thresholds apply.
    private static bool IsKnown(double? volatility) => volatility is { } v && double.IsFinite(v) && v > 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
