using Kairos.Core;
using Kairos.Trading.Analysis;
using Kairos.Trading.Prediction;

namespace Kairos.Trading.Cycle;

/// <summary>
/// The re-prediction policy in the live loop (optimisation plan 2.1, docs/re-prediction.md): before each cycle's analysis
/// it decides per symbol whether to run the backtest stage (and so the forecaster) again or to reuse the symbol's last
/// analysis, and it remembers when every analysis was made so the order path can enforce the freshness guarantee.
/// </summary>
/// <remarks>
/// Beyond the policy's rules, a symbol whose newest bar is not the one its last analysis saw is always re-analysed
/// (<see cref="RePredictionTrigger.NewBar"/>): a forecast of a bar that has since completed is no forecast. Tiers come from
/// the composite scores of the previous cycle (held symbols are high). The records live in memory: a restarted bot
/// analyses every symbol on its first cycle, which the persistent forecast cache makes cheap.
/// </remarks>
public sealed class PredictionScheduler
{
    private readonly RePredictionPolicy _policy;
    private readonly Dictionary<string, Last> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _scores = new(StringComparer.Ordinal);

    public PredictionScheduler(RePredictionSettings settings)
    {
        _policy = new RePredictionPolicy(settings);
    }

    public RePredictionSettings Settings => _policy.Settings;

    /// <summary>The number of the last planned cycle (1 for the first).</summary>
    public long Cycle { get; private set; }

    /// <summary>
    /// Decides every symbol of this cycle. <paramref name="prices"/> holds the current price per symbol (the quote's mid);
    /// a symbol without one is priced at its last close. <paramref name="held"/> lists the symbols with a position or a
    /// working order (always the high tier).
    /// </summary>
    public IReadOnlyList<ScheduledPrediction> Plan(IReadOnlyList<BarSeries> series, IReadOnlyDictionary<string, decimal> prices, IReadOnlySet<string> held, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(held);
        Cycle++;
        var tiers = PredictionTiers.Assign(
            series.Select(s => new TierCandidate(s.Instrument.Symbol, _scores.TryGetValue(s.Instrument.Symbol, out var score) ? score : null, held.Contains(s.Instrument.Symbol))),
            Settings);
        var plan = new List<ScheduledPrediction>(series.Count);
        foreach (var s in series)
        {
            var symbol = s.Instrument.Symbol;
            var tier = tiers[symbol];
            var lastBar = s[s.Count - 1];
            var price = prices.TryGetValue(symbol, out var p) && p > 0 ? p : ToPrice(lastBar.Close);
            var volatility = RealisedVolatility.Daily(s.Close);
            _last.TryGetValue(symbol, out var last);
            RePredictionDecision decision;
            if (price <= 0)
            {
                decision = new(symbol, true, RePredictionTrigger.FirstForecast, "no usable price: re-predicted", last is null ? null : now - last.Record.ForecastAt, null);
            }
            else if (last is not null && last.LastBar != lastBar.Timestamp)
            {
                decision = new(symbol, true, RePredictionTrigger.NewBar, $"new bar {lastBar.Date:yyyy-MM-dd} since the forecast", now - last.Record.ForecastAt, null);
            }
            else
            {
                decision = _policy.Decide(now, Cycle, s.Instrument, tier, last?.Record, price, volatility);
            }

            plan.Add(decision.Predict || last is null
                ? new ScheduledPrediction(s, decision with { Predict = true }, null, now, tier, price, volatility)
                : new ScheduledPrediction(s, decision, last.Outcome, last.Record.ForecastAt, tier, price, volatility));
        }

        return plan;
    }

    /// <summary>Remembers a fresh analysis of a slot that was re-predicted (reused slots keep their record).</summary>
    public void Remember(ScheduledPrediction slot, BacktestOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(outcome);
        if (!slot.Decision.Predict)
        {
            return;
        }

        var symbol = slot.Instrument.Symbol;
        if (outcome.Backtest is null || slot.Price <= 0)
        {
            // A failed analysis is not a forecast: the next cycle tries again.
            _last.Remove(symbol);
            return;
        }

        _last[symbol] = new Last(new PredictionRecord(symbol, slot.ForecastAt, Cycle, slot.Price, slot.Volatility, slot.Tier), outcome, slot.Series[slot.Series.Count - 1].Timestamp);
    }

    /// <summary>Takes the cycle's composite scores: they rank the symbols into tiers on the next cycle.</summary>
    public void RememberScores(IEnumerable<SymbolAnalysis> analyses)
    {
        ArgumentNullException.ThrowIfNull(analyses);
        foreach (var a in analyses)
        {
            _scores[a.Instrument.Symbol] = a.CompositeScore;
        }
    }

    private static decimal ToPrice(double close) => double.IsFinite(close) && close > 0 && close < 7.9e27 ? (decimal)close : 0m;

    private sealed record Last(PredictionRecord Record, BacktestOutcome Outcome, DateTimeOffset LastBar);
}
