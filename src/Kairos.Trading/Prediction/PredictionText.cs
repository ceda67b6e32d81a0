using System.Globalization;

namespace Kairos.Trading.Prediction;

/// <summary>The number formats of re-prediction and freshness reasons: percentages and ages, invariant culture.</summary>
internal static class PredictionText
{
    /// <summary>0.021 → "2.1%", 0.0084 → "0.84%", 0.014963 → "1.496%": enough digits that a value just under a threshold never prints as the threshold.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0##", CultureInfo.InvariantCulture) + "%";

    /// <summary>42 min → "42 min", 90 s → "1.5 min", 29 min 59.4 s → "29.99 min".</summary>
    public static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " min";

    public static string Ordinal(int n) => n switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => string.Create(CultureInfo.InvariantCulture, $"{n}th"),
    };

    public static string Name(PredictionTier tier) => tier switch
    {
        PredictionTier.High => "high",
        PredictionTier.Medium => "medium",
        _ => "low",
    };
}
