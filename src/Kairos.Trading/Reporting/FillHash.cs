using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kairos.Core.Trading;

namespace Kairos.Trading.Reporting;

/// <summary>
/// SHA-256 (lower-case hex) of an ordered fill list in a canonical text form — one line per fill: sequence, client
/// order id, symbol, side, quantity, price, fee, UTC instant — so two runs that filled identically have equal hashes and
/// any change to a fill, its order or its time changes the hash (the replay golden pins it).
/// </summary>
public static class FillHash
{
    public static string Compute(IEnumerable<Fill> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', fills.Select(Line)))));
    }

    public static string Line(Fill fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{fill.Sequence} {fill.ClientOrderId} {fill.Instrument.Symbol} {fill.Side} {fill.Quantity} {fill.Price} {fill.Fee} {fill.Timestamp.ToUniversalTime():O}");
    }
}
