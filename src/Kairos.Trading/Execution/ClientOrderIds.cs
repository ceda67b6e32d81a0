using System.Globalization;
using System.Text;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Execution;

/// <summary>
/// Deterministic client order ids: <c>{prefix}-{symbol}-{b|s}-{purpose}-{yyMMddHHmm}-{step}</c>, lower case, only
/// <c>[a-z0-9-]</c>, at most 47 characters. The instant is the plan's decision time in UTC, truncated to the minute; the
/// step counts the plan's submissions from 1. Replaying the same decision and step gives the same id, so a resubmission
/// after a restart is absorbed by the broker's idempotency; each new step (a ramp's next price, a stale replace) gives a
/// new id. Prefix and symbol keep their letters and digits only; a prefix longer than 8 or a symbol longer than 10 such
/// characters is shortened to its head plus a 4-hex FNV-1a hash of the whole, so distinct long names stay distinct.
/// </summary>
public static class ClientOrderIds
{
    public const int MaxLength = 48;
    public const int MaxStep = 99_999;
    private const int MaxPrefixLength = 8;
    private const int MaxSymbolLength = 10;

    /// <summary>The id of the <paramref name="step"/>-th order (1-based) of a plan.</summary>
    public static string Create(string prefix, Instrument instrument, OrderSide side, OrderPurpose purpose, DateTimeOffset decisionInstant, int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, MaxStep);
        return string.Create(CultureInfo.InvariantCulture, $"{PlanKey(prefix, instrument, side, purpose, decisionInstant)}-{step}");
    }

    /// <summary>The id without its step: names the plan (and the watcher that carries it out).</summary>
    public static string PlanKey(string prefix, Instrument instrument, OrderSide side, OrderPurpose purpose, DateTimeOffset decisionInstant)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var p = Token(prefix, MaxPrefixLength);
        if (p.Length == 0)
        {
            throw new ArgumentException("The prefix needs at least one letter or digit.", nameof(prefix));
        }

        var minute = decisionInstant.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture);
        return $"{p}-{Token(instrument.Symbol, MaxSymbolLength)}-{(side == OrderSide.Buy ? 'b' : 's')}-{PurposeToken(purpose)}-{minute}";
    }

    private static string PurposeToken(OrderPurpose purpose) => purpose switch
    {
        OrderPurpose.Entry => "entry",
        OrderPurpose.Exit => "exit",
        OrderPurpose.Ramp => "ramp",
        OrderPurpose.Backout => "backout",
        OrderPurpose.AlwaysOn => "alwayson",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    private static string Token(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                sb.Append(c);
            }
        }

        if (sb.Length <= maxLength)
        {
            return sb.ToString();
        }

        // FNV-1a over the cleaned text: stable across runs and machines, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in sb.ToString())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{sb.ToString(0, maxLength - 4)}{(hash ^ (hash >> 16)) & 0xFFFF:x4}");
    }
}
