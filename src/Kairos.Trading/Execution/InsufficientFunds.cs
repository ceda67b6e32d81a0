using System.Globalization;
using System.Text.RegularExpressions;

namespace Kairos.Trading.Execution;

/// <summary>
/// Reads the amount a broker says is available from an insufficient-buying-power rejection, e.g. the simulated broker's
/// "insufficient buying power: requested 1500.00, available 1234.56" (Alpaca words it alike).
/// </summary>
internal static partial class InsufficientFunds
{
    /// <summary>The available amount, or null when the message is not an insufficient-funds rejection.</summary>
    public static decimal? Available(string? message)
    {
        if (message is null || !message.Contains("insufficient", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = AvailablePattern().Match(message);
        if (!match.Success)
        {
            return null;
        }

        return decimal.TryParse(match.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? Math.Max(0m, value) : null;
    }

    [GeneratedRegex(@"available[^0-9\-]*(-?[0-9][0-9,]*(?:\.[0-9]+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AvailablePattern();
}
