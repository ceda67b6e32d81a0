using System.Globalization;

namespace Kairos.Cli.Configuration;

/// <summary>Parsers of environment values; each throws <see cref="FormatException"/> saying what is wrong with the text.</summary>
internal static class EnvironmentValue
{
    public static bool Bool(string text) => text.Trim().ToUpperInvariant() switch
    {
        "1" or "TRUE" or "YES" or "ON" => true,
        "0" or "FALSE" or "NO" or "OFF" => false,
        _ => throw new FormatException($"'{text}' is not a boolean."),
    };

    public static int Int(string text, int min, int max)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{text}' is not a whole number.");
        }

        return value >= min && value <= max ? value : throw new FormatException($"{value} is out of range.");
    }

    /// <summary>A finite number within the range; <paramref name="minExclusive"/> excludes <paramref name="min"/> itself.</summary>
    public static double Double(string text, double min, double max, bool minExclusive = false, bool maxExclusive = false)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new FormatException($"'{text}' is not a number.");
        }

        var aboveMin = minExclusive ? value > min : value >= min;
        var belowMax = maxExclusive ? value < max : value <= max;
        return aboveMin && belowMax ? value : throw new FormatException($"{value.ToString(CultureInfo.InvariantCulture)} is out of range.");
    }

    public static decimal Decimal(string text, decimal minExclusive, decimal max)
    {
        if (!decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{text}' is not a number.");
        }

        return value > minExclusive && value <= max ? value : throw new FormatException($"{value.ToString(CultureInfo.InvariantCulture)} is out of range.");
    }

    public static TimeSpan Seconds(string text, int min, int max) => TimeSpan.FromSeconds(Int(text, min, max));

    /// <summary><c>always</c>, or rule names (<c>differential</c>, <c>tiered</c>, <c>volatility</c>) joined by commas or '+'.</summary>
    public static Kairos.Trading.Prediction.RePredictionRules PredictionRules(string text)
    {
        var rules = Kairos.Trading.Prediction.RePredictionRules.Always;
        var names = text.Split([',', '+', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new FormatException("no rule given.");
        }

        foreach (var name in names)
        {
            rules |= name.ToUpperInvariant() switch
            {
                "ALWAYS" when names.Length == 1 => Kairos.Trading.Prediction.RePredictionRules.Always,
                "DIFFERENTIAL" => Kairos.Trading.Prediction.RePredictionRules.Differential,
                "TIERED" => Kairos.Trading.Prediction.RePredictionRules.Tiered,
                "VOLATILITY" => Kairos.Trading.Prediction.RePredictionRules.Volatility,
                _ => throw new FormatException($"'{name}' is not a rule (always alone, or differential, tiered, volatility)."),
            };
        }

        return rules;
    }

    public static TimeSpan Minutes(string text, int min, int max) => TimeSpan.FromMinutes(Int(text, min, max));

    /// <summary>Symbols separated by commas or blanks, upper-cased; at least one.</summary>
    public static IReadOnlyList<string> Symbols(string text)
    {
        var symbols = text.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.ToUpperInvariant()).ToList();
        return symbols.Count > 0 ? symbols : throw new FormatException("no symbol given.");
    }

    /// <summary><c>SYM:seconds,SYM2:seconds</c> with whole positive seconds; symbols upper-cased.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> SecondsMap(string text, int max)
    {
        var map = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw new FormatException($"entry '{entry}' is not SYMBOL:SECONDS.");
            }

            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1 || seconds > max)
            {
                throw new FormatException($"entry '{entry}': seconds must be a whole number from 1 to {max}.");
            }

            map[parts[0].ToUpperInvariant()] = TimeSpan.FromSeconds(seconds);
        }

        return map;
    }
}
