using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Cycle;

/// <summary>A position the cycle decided to close, with the reason recorded on the trade.</summary>
public sealed record PlannedClose(Instrument Instrument, OrderSide PositionSide, decimal Quantity, string Reason);
