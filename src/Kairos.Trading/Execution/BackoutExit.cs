using System.Text.Json.Serialization;
using Kairos.Core.Trading;

namespace Kairos.Trading.Execution;

/// <summary>
/// Closes a position with a limit that walks from just inside the quote to across it (spec §6.7), switching to a market
/// order for equities late in the ramp or near the close when the spread allows. Completes when the position is gone.
/// </summary>
public sealed record BackoutExit : Watcher
{
    /// <summary>The side of the position being closed (the opposite of <see cref="Watcher.Side"/>).</summary>
    [JsonIgnore]
    public OrderSide PositionSide => Side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
}
